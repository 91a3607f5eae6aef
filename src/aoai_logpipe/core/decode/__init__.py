"""Event bytes -> conversation fragments, or dead letters. Never raises on bad input.

Three input dialects are detected per event (see README, "Input dialects"), one module each:
`v1` (the native `aoai-logpipe/v1` envelope), `apim` (APIM diagnostic records,
`GatewayLlmLogs` + `GatewayLogs`) and `legacy` (`openai-logger`, log-to-eventhub pairs and
usage records). `values` holds the shared readers for untrusted field values.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from aoai_logpipe.core import jsontext
from aoai_logpipe.core.decode import apim, legacy
from aoai_logpipe.core.decode.config import DEFAULT_CALLER_HEADERS, DecodeConfig
from aoai_logpipe.core.decode.v1 import decode_v1
from aoai_logpipe.core.decode.values import Reject, ci
from aoai_logpipe.core.types import DeadLetter, Fragment, RawEvent

__all__ = ["DEFAULT_CALLER_HEADERS", "DecodeConfig", "Decoded", "decode"]


@dataclass(slots=True)
class Decoded:
    fragments: list[Fragment] = field(default_factory=list)
    dead: list[DeadLetter] = field(default_factory=list)


def decode(event: RawEvent, config: DecodeConfig = DecodeConfig()) -> Decoded:
    """Turn one event into fragments (possibly several, for APIM record batches)."""
    out = Decoded()
    with jsontext.repairs() as repairs:
        try:
            doc = jsontext.loads(event.body, max_bytes=config.max_event_bytes)
        except jsontext.JsonRejected as exc:
            out.dead.append(DeadLetter(exc.reason, str(exc), event.body, event.position))
            return out
        try:
            _dispatch(doc, event, config, out)
        except Reject as exc:
            out.dead.append(DeadLetter(exc.reason, exc.message, event.body, event.position))
        except RecursionError:
            out.dead.append(DeadLetter("invalid_json", "JSON nesting too deep", event.body, event.position))
    if repairs.count:  # rare: mark what came from text with lone surrogates (replaced by U+FFFD)
        out.fragments = [replace(f, text_repaired=True) for f in out.fragments]
    return out


def _dispatch(doc: Any, event: RawEvent, config: DecodeConfig, out: Decoded) -> None:
    if isinstance(doc, dict) and "schema" in doc:  # the native envelope, most events (never APIM records)
        out.fragments.append(decode_v1(doc, event))
        return
    records = _apim_records(doc)
    if records is not None:
        fragments, dead = apim.decode_records(records, event, config)
        out.fragments.extend(fragments)
        out.dead.extend(dead)
        return
    if isinstance(doc, dict):
        if doc.get("Type") == "openai-logger":
            out.fragments.extend(legacy.decode_logger(doc, event, config))
            return
        if "event-type" in doc and "message-id" in doc:
            out.fragments.append(legacy.decode_pair(doc, event, config))
            return
        if "promptTokens" in doc and "id" in doc:
            out.fragments.extend(legacy.decode_usage_record(doc, event, config))
            return
    raise Reject("unknown_dialect", f"no known dialect matches this {type(doc).__name__} event")


def _apim_records(doc: Any) -> list[Any] | None:
    """The records of an APIM diagnostic export: `{"records": [...]}`, a bare array or one record."""
    if isinstance(doc, dict):  # (never the native envelope: _dispatch took those)
        if "records" in doc or "Records" in doc:
            records = ci(doc, "records")
            if not isinstance(records, list):
                raise Reject("invalid_apim_record", "'records' is not an array")
            if not records:
                raise Reject("empty_records", "'records' is an empty array")
            return records
        if ci(doc, "category") is not None and ci(doc, "properties") is not None:
            return [doc]
        return None
    if isinstance(doc, list) and doc and all(isinstance(r, dict) and ci(r, "category") is not None for r in doc):
        return doc
    return None
