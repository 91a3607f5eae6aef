"""Image facts from data URLs: mime, size, sha256 and pixel dimensions, read from headers.

Only PNG, JPEG, GIF and WebP headers are read; the payload itself is hashed and dropped.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from dataclasses import dataclass

_DATA_URL = re.compile(r"^data:([\w.+-]+/[\w.+-]+)?((?:;[\w-]+=[^;,]*)*)(;base64)?,", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Blob:
    mime: str | None
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None


def parse_data_url(url: str) -> Blob | None:
    """Decode a `data:` URL far enough to describe it; None if it is not a valid data URL."""
    match = _DATA_URL.match(url[:256])
    if not match:
        return None
    payload = url[match.end():]
    if match.group(3):
        raw = _b64(payload)
        if raw is None:
            return None
    else:
        raw = payload.encode("utf-8", "replace")
    return describe(raw, match.group(1))


def parse_base64(data: str, mime: str | None = None) -> Blob | None:
    raw = _b64(data)
    return None if raw is None else describe(raw, mime)


_WHITESPACE = re.compile(r"\s+")


def _b64(text: str) -> bytes | None:
    """Strict base64 (standard or URL-safe alphabet, whitespace and missing padding tolerated).

    Anything else is not base64: 7 MB of `*` is invalid, not a valid 0-byte payload."""
    compact = _WHITESPACE.sub("", text)
    altchars = b"-_" if ("-" in compact or "_" in compact) else None
    compact += "=" * (-len(compact) % 4)
    try:
        raw = base64.b64decode(compact, altchars=altchars, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw or None  # an empty payload describes nothing


def describe(raw: bytes, mime: str | None) -> Blob:
    sniffed, size = _dimensions(raw)
    width, height = size if size else (None, None)
    return Blob(mime=(mime or sniffed), size=len(raw), sha256=hashlib.sha256(raw).hexdigest(), width=width, height=height)


def _dimensions(raw: bytes) -> tuple[str | None, tuple[int, int] | None]:
    try:
        if raw[:8] == b"\x89PNG\r\n\x1a\n" and raw[12:16] == b"IHDR":
            return "image/png", struct.unpack(">II", raw[16:24])
        if raw[:6] in (b"GIF87a", b"GIF89a"):
            return "image/gif", struct.unpack("<HH", raw[6:10])
        if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
            return "image/webp", _webp(raw)
        if raw[:2] == b"\xff\xd8":
            return "image/jpeg", _jpeg(raw)
    except struct.error:
        return None, None
    return None, None


def _webp(raw: bytes) -> tuple[int, int] | None:
    chunk = raw[12:16]
    if chunk == b"VP8 " and raw[23:26] == b"\x9d\x01\x2a":
        w, h = struct.unpack("<HH", raw[26:30])
        return w & 0x3FFF, h & 0x3FFF
    if chunk == b"VP8L" and raw[20:21] == b"\x2f":
        bits = int.from_bytes(raw[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(raw[24:27], "little") + 1, int.from_bytes(raw[27:30], "little") + 1
    return None


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg(raw: bytes) -> tuple[int, int] | None:
    i = 2
    n = len(raw)
    while i + 9 < n:
        if raw[i] != 0xFF:
            i += 1
            continue
        marker = raw[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", raw[i + 2 : i + 4])[0]
        if marker in _SOF:
            h, w = struct.unpack(">HH", raw[i + 5 : i + 9])
            return w, h
        i += 2 + length
    return None
