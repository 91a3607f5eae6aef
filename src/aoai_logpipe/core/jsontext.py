"""Strict JSON reading for untrusted input: no NaN/Infinity, bounded size, no crash on depth bombs.

Every JSON text the core reads from an event goes through `loads`, which makes two promises
the rest of the core relies on:

- numbers stay storable: an integer over Python's 4,300-digit limit or a float that
  overflows to infinity rejects the text (`invalid_json`), so no document can carry a value
  that JSON serializers, SQLite or Cosmos DB refuse;
- text stays storable: a lone UTF-16 surrogate (`"\\ud800"` with no partner) cannot be
  encoded as UTF-8, so SQLite, Cosmos DB, tiktoken and Presidio would all refuse it. Each one
  is replaced by U+FFFD, and the replacement is counted in the active `repairs()` scope so the
  caller can record it (the audit document then lists the gap `text_repaired`).

JSON decoding was a fifth of the core's work, so a text is first given to msgspec's decoder,
several times faster than `json`, and read again by the strict reader (`json` with the checks
above) whenever msgspec refuses it. Where msgspec accepts a text, it builds the same value as
`json` (integers of any size as exact ints, floats correctly rounded, the last of duplicate keys;
tests/unit/test_jsontext_fast.py holds it to that); what it refuses covers every case that
differs: lone surrogates (the strict reader repairs them), NaN/Infinity, a BOM, numbers out of a
double's range or over 4,300 digits, deep nesting and a str that cannot be encoded as UTF-8.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from contextvars import ContextVar, Token
from typing import Any

import msgspec


class JsonRejected(ValueError):
    """The text is not JSON we accept; `reason` is a stable dead-letter code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _reject_constant(name: str) -> Any:
    raise JsonRejected("invalid_json", f"non-standard JSON constant {name}")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise JsonRejected("invalid_json", "number out of range (overflows a 64-bit float)")
    return value


_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)
_SCAN = _DECODER.scan_once
_WHITESPACE = json.decoder.WHITESPACE.match

# A \uXXXX escape of a surrogate code point, the only way a lone surrogate gets into parsed JSON
# (the text itself was decoded from strict UTF-8, which cannot hold one).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")

_FAST_DECODE = msgspec.json.Decoder().decode


class Repairs:
    """How many strings had lone surrogates replaced while this scope was active (see `repairs`)."""

    __slots__ = ("count", "_outer", "_token")

    def __init__(self) -> None:
        self.count = 0
        self._outer: Repairs | None = None
        self._token: Token[Repairs | None] | None = None

    def __enter__(self) -> Repairs:
        self._outer = _ACTIVE.get()
        self._token = _ACTIVE.set(self)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._token is not None
        _ACTIVE.reset(self._token)
        if self._outer is not None:
            self._outer.count += self.count


_ACTIVE: ContextVar[Repairs | None] = ContextVar("aoai_logpipe_json_repairs", default=None)


def repairs() -> Repairs:
    """Count the text repairs made by every `loads` inside a `with` block (scopes nest).

    A class, not a generator context manager: one scope per event and per conversation."""
    return Repairs()


def loads(data: bytes | str, *, max_bytes: int) -> Any:
    """Parse one JSON document, turning every failure into JsonRejected."""
    if len(data) > max_bytes:
        raise JsonRejected("too_large", f"payload of {len(data)} bytes exceeds the {max_bytes}-byte limit")
    try:  # a text msgspec accepts has no lone surrogate: nothing to repair
        return _FAST_DECODE(data)
    except (msgspec.DecodeError, UnicodeEncodeError, RecursionError):
        pass
    return strict_loads(data)


def strict_loads(data: bytes | str) -> Any:
    """Parse one JSON document with `json` and the checks of the module docstring (what `loads`
    falls back to, and what it is tested against)."""
    if isinstance(data, bytes):
        try:  # what data.decode("utf-8-sig") does, without its Python-level codec
            text = data[3:].decode("utf-8") if data.startswith(codecs.BOM_UTF8) else data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JsonRejected("invalid_utf8", f"payload is not UTF-8 (byte {exc.start})") from None
    else:
        text = data
    try:
        # _DECODER.decode(text), calling its scanner directly when the text is one value with
        # nothing before it: leading whitespace, nothing to read or trailing data go to decode
        # itself, so every error is the one it raises.
        try:
            value, end = _SCAN(text, 0)
        except StopIteration:
            value, end = _DECODER.decode(text), len(text)
        if end != len(text) and _WHITESPACE(text, end).end() != len(text):
            _DECODER.decode(text)  # raises "Extra data"
    except JsonRejected:
        raise
    except RecursionError:
        raise JsonRejected("invalid_json", "JSON nesting too deep") from None
    except json.JSONDecodeError as exc:
        raise JsonRejected("invalid_json", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except ValueError:  # int() refuses integers over sys.get_int_max_str_digits() (4,300) digits
        raise JsonRejected("invalid_json", "number out of range (integer of more than 4300 digits)") from None
    # (memchr finds no backslash in most texts; where there are many, the regex beats `"\\u" in`)
    if "\\" in text and _SURROGATE_ESCAPE.search(text) is not None:
        value, repaired = replace_lone_surrogates(value)
        scope = _ACTIVE.get()
        if repaired and scope is not None:
            scope.count += repaired
    return value


def replace_lone_surrogates(value: Any) -> tuple[Any, int]:
    """(value with every lone surrogate in its strings and keys replaced by U+FFFD, strings repaired).

    Iterative, so a document nested as deep as the parser allows cannot overflow the stack.
    """
    if isinstance(value, str):
        fixed = _fix(value)
        return fixed, int(fixed is not value)
    if not isinstance(value, (dict, list)):
        return value, 0
    repaired = 0
    stack: list[Any] = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            for i, item in enumerate(node):
                if isinstance(item, str):
                    fixed = _fix(item)
                    if fixed is not item:
                        node[i] = fixed
                        repaired += 1
                elif isinstance(item, (dict, list)):
                    stack.append(item)
        else:
            for key in [k for k in node if _SURROGATE.search(k)]:
                node[_fix(key)] = node.pop(key)
                repaired += 1
            for key, item in node.items():
                if isinstance(item, str):
                    fixed = _fix(item)
                    if fixed is not item:
                        node[key] = fixed
                        repaired += 1
                elif isinstance(item, (dict, list)):
                    stack.append(item)
    return value, repaired


def _fix(text: str) -> str:
    if _SURROGATE.search(text) is None:
        return text
    # Pairs split across two escapes are already joined by the parser; what is left is alone.
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


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
