"""The native `aoai-logpipe/v1` envelope: one validated event -> one fragment."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from aoai_logpipe.core.decode.values import Reject, aware
from aoai_logpipe.core.limits import EARLIEST, LATEST, bounded
from aoai_logpipe.core.types import (
    Caller,
    Dialect,
    EndInfo,
    Fragment,
    FragmentKind,
    Gateway,
    GatewayLogInfo,
    RawEvent,
    RequestInfo,
    ResponseInfo,
)
from aoai_logpipe.model import V1_ADAPTER, V1_SCHEMA, CallerModel, V1Chunk, V1End, V1Request, V1Response


def decode_v1(doc: dict[str, Any], event: RawEvent) -> Fragment:
    if doc.get("schema") != V1_SCHEMA:
        raise Reject("unsupported_schema", f"schema {str(doc.get('schema'))[:64]!r} is not {V1_SCHEMA}")
    try:
        msg = V1_ADAPTER.validate_python(doc)
    except ValidationError as exc:
        raise Reject("invalid_v1_event", _summarize_validation(exc)) from None
    time = aware(msg.time)
    if time is None:
        raise Reject("invalid_v1_event", f"invalid v1 event: time: outside {EARLIEST:%Y-%m-%d}..{LATEST:%Y-%m-%d} (UTC)")
    base = dict(key=f"v1:{msg.request_id}", dialect=Dialect.V1, time=time, position=event.position,
                size=len(event.body), request_id=msg.request_id, raw=event.body)
    if isinstance(msg, V1Request):
        gw = msg.gateway
        caller = _caller(msg.caller)
        gateway = Gateway(bounded(gw.name), bounded(gw.region), bounded(gw.backend)) if gw else Gateway()
        if msg.response_source == "gateway_llm_logs":
            # The caller half of an APIM LLM-logged request (APIM's correlation id is its
            # request id): it joins the GatewayLlmLogs records as a GatewayLogs record would.
            log = GatewayLogInfo(caller=caller, status=None, operation=bounded(msg.operation), api_id=None, gateway=gateway)
            return Fragment(key=f"apim:{msg.request_id}", dialect=Dialect.APIM, kind=FragmentKind.GATEWAY_LOG,
                            time=time, position=event.position, size=len(event.body), gateway_log=log,
                            request_id=msg.request_id, raw=event.body)
        info = RequestInfo(
            operation=bounded(msg.operation),
            deployment=bounded(msg.deployment),
            api_version=bounded(msg.api_version),
            caller=caller,
            gateway=gateway,
            body=msg.body,
        )
        return Fragment(kind=FragmentKind.REQUEST, request=info, **base)
    if isinstance(msg, V1Response):
        if msg.body is None and msg.data is None:
            raise Reject("invalid_v1_event", "response carries neither body nor data")
        return Fragment(kind=FragmentKind.RESPONSE, response=ResponseInfo(status=msg.status, body=msg.body, sse=msg.data), **base)
    if isinstance(msg, V1Chunk):
        return Fragment(kind=FragmentKind.CHUNK, seq=msg.seq, chunk=msg.data, **base)
    assert isinstance(msg, V1End)
    return Fragment(kind=FragmentKind.END, end=EndInfo(status=msg.status, chunks=msg.chunks), **base)


MAX_TAGS = 64


def _caller(model: CallerModel) -> Caller:
    """The caller block with every identity field (and at most MAX_TAGS tags) bounded in length."""
    fields = {name: bounded(getattr(model, name)) for name in Caller.__slots__ if name != "tags"}
    tags = {bounded(k): bounded(v) for k, v in list(model.tags.items())[:MAX_TAGS]}
    return Caller(**fields, tags=tags)  # type: ignore[arg-type]


def _summarize_validation(exc: ValidationError) -> str:
    """Field paths and error types only: never the offending values (they may be prompts)."""
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err["loc"]) or "<root>"
        parts.append(f"{loc}: {err['type']}")
    more = exc.error_count() - len(parts)
    return "invalid v1 event: " + "; ".join(parts) + (f" (+{more} more)" if more > 0 else "")
