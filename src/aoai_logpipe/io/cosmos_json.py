"""Item bodies to and from Cosmos DB through msgspec instead of the standard json module.

The async Cosmos SDK encodes every request body with `json.dumps` and decodes every answer with
`json.loads`, and the sink encoded each document once more to measure it: in bench stage (e) that
was about a quarter of the worker's CPU. msgspec writes and reads the same JSON several times
faster. `install()` puts it under the SDK's request function for the bodies the SDK itself sends
as compact UTF-8 (item writes and batches of them, with `enable_compact_utf8_item_writes`), and
under its decoding of answers; every other body (queries, control plane) and any value msgspec
cannot write as the SDK would (a lone surrogate, a key that is not a string or a number) or read
(a number out of range) takes the SDK's own path. The SDK version is locked in requirements.lock:
`install()` checks the two hooks are where it expects them, and a unit test fails if an upgrade
moves them. A float that is not finite, which JSON cannot carry, is written `null` (the SDK would
send `NaN`, which the service refuses); the core makes none.
"""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace
from typing import Any

import msgspec

log = logging.getLogger(__name__)

_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder().decode


def encode(value: Any) -> bytes | None:
    """`value` as compact UTF-8 JSON, or None where msgspec cannot write it as the SDK would."""
    try:
        return _ENCODE(value)
    except (UnicodeEncodeError, TypeError, OverflowError):
        return None


def body_size(value: Any) -> int:
    """Bytes of `value` in an item write's body: compact UTF-8, as the SDK sends it once `install`ed
    and as Cosmos DB counts its 2 MB item limit."""
    body = encode(value)
    if body is not None:
        return len(body)
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "backslashreplace"))


class _BatchAnswer(msgspec.Struct):
    """One operation's answer in a transactional batch's, without the document it echoes."""

    statusCode: int
    requestCharge: float = 0.0
    eTag: str | None = None
    subStatusCode: int | None = None
    retryAfterMilliseconds: int | None = None


_DECODE_BATCH = msgspec.json.Decoder(list[_BatchAnswer]).decode


def _loads(text: str | bytes) -> Any:
    """An answer's value. A transactional batch's (an array of operation answers; any other array
    decodes as it is) keeps each operation's status, charge and etag but not the copy of the
    document it echoes: the SDK reads the statuses alone, and nothing here reads what a write
    returns (writes ask for no copy back, which the service honours for point writes only).
    bench/cosmos_json.py: the sink's JSON work 11.7 -> 7.0 us per document."""
    if text[:1] in ("[", b"["):
        try:
            return [msgspec.structs.asdict(answer) for answer in _DECODE_BATCH(text)]
        except msgspec.DecodeError:  # not a batch's answer after all (a ValidationError is one)
            pass
    try:
        return _DECODE(text)
    except msgspec.DecodeError:
        return json.loads(text)


def install() -> bool:
    """Route the async SDK's item bodies and answers through msgspec; True once installed.
    Idempotent; leaves the SDK as it is (and says so) where its hooks are not found."""
    from azure.cosmos.aio import _asynchronous_request as request

    sdk_body = getattr(request, "_request_body_from_data", None)
    if getattr(sdk_body, "msgspec", False):
        return True
    if sdk_body is None or getattr(request, "json", None) is not json:
        log.warning("azure-cosmos changed: item bodies keep the SDK's own JSON coding")
        return False

    def body(data: Any, ensure_ascii: bool = True) -> Any:
        if not ensure_ascii and isinstance(data, (dict, list)) and (encoded := encode(data)) is not None:
            return encoded
        return sdk_body(data, ensure_ascii=ensure_ascii)

    body.msgspec = True  # type: ignore[attr-defined]
    request._request_body_from_data = body
    request.json = SimpleNamespace(loads=_loads, dumps=json.dumps)
    return True
