"""Strict JSON reading for untrusted input: no NaN/Infinity, bounded size, no crash on depth bombs."""

from __future__ import annotations

import json
from typing import Any


class JsonRejected(ValueError):
    """The text is not JSON we accept; `reason` is a stable dead-letter code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _reject_constant(name: str) -> Any:
    raise JsonRejected("invalid_json", f"non-standard JSON constant {name}")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def loads(data: bytes | str, *, max_bytes: int) -> Any:
    """Parse one JSON document, turning every failure into JsonRejected."""
    if len(data) > max_bytes:
        raise JsonRejected("too_large", f"payload of {len(data)} bytes exceeds the {max_bytes}-byte limit")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonRejected("invalid_utf8", f"payload is not UTF-8 (byte {exc.start})") from None
    else:
        text = data
    try:
        return _DECODER.decode(text)
    except JsonRejected:
        raise
    except RecursionError:
        raise JsonRejected("invalid_json", "JSON nesting too deep") from None
    except json.JSONDecodeError as exc:
        raise JsonRejected("invalid_json", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None


def loads_embedded(value: Any, *, max_bytes: int) -> Any:
    """Some gateways put JSON inside a JSON string (`"messages": "[...]"`): unwrap it if so."""
    if isinstance(value, str):
        stripped = value.lstrip()
        if stripped[:1] in ("{", "["):
            try:
                return loads(value, max_bytes=max_bytes)
            except JsonRejected:
                return value
    return value
