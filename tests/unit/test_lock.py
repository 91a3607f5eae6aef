"""The hash-locked requirements the image and CI install: they must match pyproject.toml.

After changing a dependency, regenerate both files with the commands in their headers (uv).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"(?m)^([A-Za-z0-9][A-Za-z0-9_.-]*)==([^\s;]+)(?: ; [^\\\n]+)?((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})+)")


def pins(name: str) -> dict[str, tuple[str, int]]:
    text = (ROOT / name).read_text(encoding="utf-8")
    found = {m[1].lower().replace("_", "-"): (m[2], m[3].count("--hash=")) for m in PIN.finditer(text)}
    assert len(found) == len(re.findall(r"(?m)^[A-Za-z0-9][^\s#]*==", text)), f"{name}: a pin without hashes"
    return found


def declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["dependencies"] + [r for e in extras for r in project["optional-dependencies"][e]]]


def test_the_dev_lock_pins_every_declared_requirement_with_hashes():
    locked = pins("requirements-dev.lock")
    for req in declared("ner", "test"):
        version, hashes = locked[req.name.lower().replace("_", "-")]
        assert req.specifier.contains(version, prereleases=True), f"{req}: locked {version}"
        assert hashes >= 1


def test_the_image_lock_is_the_runtime_part_of_the_dev_lock():
    image, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    for req in declared("ner"):
        assert req.name.lower().replace("_", "-") in image, req
    assert {k: v[0] for k, v in image.items()} == {k: dev[k][0] for k in image}, "same versions in both"
    assert not {"pytest", "hypothesis"} & set(image), "test tools stay out of the image"
