"""APIM diagnostic records (`GatewayLlmLogs` + `GatewayLogs`), one event holding many records.

LLM records carry tokens and messages but no caller; the `GatewayLogs` record of the same
request carries the caller. Both are keyed by correlation id, so they meet in reassembly, or
in the join when they landed on different partitions (each fragment keeps its record's
bytes, which decode back to it on their own).
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from aoai_logpipe.core import jsontext
from aoai_logpipe.core.decode.config import DecodeConfig
from aoai_logpipe.core.limits import bounded
from aoai_logpipe.core.decode.values import (
    Reject,
    as_bool,
    as_int,
    as_text,
    caller_from_headers,
    ci,
    parse_time,
    token_usage,
)
from aoai_logpipe.core.types import (
    Caller,
    DeadLetter,
    Dialect,
    Fragment,
    FragmentKind,
    Gateway,
    GatewayLogInfo,
    LlmLogInfo,
    RawEvent,
)


def decode_records(records: list[Any], event: RawEvent, config: DecodeConfig) -> tuple[list[Fragment], list[DeadLetter]]:
    """At most `config.max_records_per_event` records are decoded; the rest become ONE dead letter
    (what an event expands into is bounded, whatever it holds)."""
    fragments: list[Fragment] = []
    dead: list[DeadLetter] = []
    limit = config.max_records_per_event
    for index, record in enumerate(records[:limit]):
        raw = _record_bytes(record)  # once per record: its size, and its payload if it is dead-lettered
        try:
            fragments.append(_decode_record(record, raw, index, event, config))
        except Reject as exc:
            dead.append(DeadLetter(exc.reason, exc.message, raw, event.position, record_index=index))
    if len(records) > limit:
        dead.append(DeadLetter(
            "too_many_records",
            f"the event holds {len(records):,} records, over decode.max_records_per_event ({limit:,}): "
            f"records {limit:,} to {len(records) - 1:,} are kept here, undecoded, as one JSON array",
            _record_bytes(records[limit:]), event.position, record_index=limit))
    return fragments, dead


_RECORD_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # what json.dumps would build per call


def _record_bytes(record: Any) -> bytes:
    return _RECORD_JSON.encode(record).encode("utf-8")


def _decode_record(record: Any, raw: bytes, index: int, event: RawEvent, config: DecodeConfig) -> Fragment:
    if not isinstance(record, dict):
        raise Reject("invalid_apim_record", "record is not an object")
    category = ci(record, "category")
    props = ci(record, "properties")
    if not isinstance(category, str) or not isinstance(props, dict):
        raise Reject("invalid_apim_record", "record lacks category or properties")
    correlation = ci(props, "correlationId") or ci(record, "correlationId")
    if not isinstance(correlation, str) or not correlation:
        raise Reject("invalid_apim_record", "record has no correlationId")
    correlation = bounded(correlation)
    time = parse_time(ci(record, "time")) or event.position.enqueued_time
    base = dict(key=f"apim:{correlation}", dialect=Dialect.APIM, time=time, position=event.position, size=len(raw),
                raw=raw, record_index=index)
    if category.endswith("GatewayLlmLogs"):
        seq = as_int(ci(props, "sequenceNumber"))
        info = LlmLogInfo(
            request_id=as_text(ci(props, "requestId")),
            model=as_text(ci(props, "modelName")),
            deployment=as_text(ci(props, "deploymentName")),
            usage=token_usage(
                ci(props, "promptTokens"), ci(props, "completionTokens"), ci(props, "totalTokens"),
                cached=ci(props, "promptCachedTokens"),
            ),
            request_messages=_messages(ci(props, "requestMessages"), config),
            response_messages=_messages(ci(props, "responseMessages"), config),
            stream=as_bool(ci(props, "isStreamCompletion")),
        )
        return Fragment(kind=FragmentKind.LLM_LOG, seq=seq if seq is not None else 0, llm=info,
                        request_id=info.request_id or correlation, **base)
    if category.endswith("GatewayLogs"):
        headers = _collect_headers(props)
        caller = Caller(
            subscription_id=as_text(ci(props, "apimSubscriptionId")),
            product=as_text(ci(props, "productId")),
            client_ip=as_text(ci(props, "callerIpAddress")),
            **caller_from_headers(headers, config.caller_headers),
        )
        info = GatewayLogInfo(
            caller=caller,
            status=_status(as_int(ci(props, "responseCode"))),
            operation=as_text(ci(props, "operationId")),
            api_id=as_text(ci(props, "apiId")),
            gateway=Gateway(region=as_text(ci(record, "location")), backend=as_text(ci(props, "backendId"))),
        )
        return Fragment(kind=FragmentKind.GATEWAY_LOG, gateway_log=info, request_id=correlation, **base)
    raise Reject("unsupported_category", f"APIM category {category[:64]!r} carries no LLM usage")


def _status(code: int | None) -> int | None:
    return code if code is not None and 0 <= code <= 999 else None


def _collect_headers(props: Mapping[str, Any]) -> dict[str, str]:
    """Headers a policy stamped, from whichever side APIM captured them on."""
    headers: dict[str, str] = {}
    for key in ("responseHeaders", "backendRequestHeaders", "requestHeaders"):
        block = ci(props, key)
        if isinstance(block, dict):
            for name, value in block.items():
                if isinstance(value, (str, int)):
                    headers[name.lower()] = str(value)
    return headers


def _messages(value: Any, config: DecodeConfig) -> list[Any]:
    value = jsontext.loads_embedded(value, max_bytes=config.max_event_bytes)
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]
