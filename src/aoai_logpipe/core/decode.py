"""Event bytes -> conversation fragments, or dead letters. Never raises on bad input.

Three input dialects are detected per event (see README, "Input dialects"):
the native `aoai-logpipe/v1` envelope, APIM diagnostic records (`GatewayLlmLogs` +
`GatewayLogs`), and legacy gateway events (`openai-logger`, log-to-eventhub pairs and
usage records).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Mapping

from pydantic import ValidationError

from aoai_logpipe.core import jsontext
from aoai_logpipe.core.types import (
    Caller,
    DeadLetter,
    Dialect,
    EndInfo,
    Fragment,
    FragmentKind,
    Gateway,
    GatewayLogInfo,
    LlmLogInfo,
    RawEvent,
    RequestInfo,
    ResponseInfo,
    Usage,
)
from aoai_logpipe.model import V1_ADAPTER, V1_SCHEMA, V1Chunk, V1End, V1Request, V1Response

DEFAULT_CALLER_HEADERS: dict[str, tuple[str, ...]] = {
    "user_id": ("x-caller-oid", "x-ms-client-principal-id"),
    "user_name": ("x-caller-upn", "x-ms-client-principal-name"),
    "app_id": ("x-caller-appid", "x-caller-app-id"),
    "tenant_id": ("x-caller-tid", "x-caller-tenant-id"),
    "cost_center": ("x-cost-center", "x-caller-cost-center"),
    "business_unit": ("x-business-unit", "x-caller-business-unit"),
}


@dataclass(frozen=True, slots=True)
class DecodeConfig:
    max_event_bytes: int = 8 * 1024 * 1024
    caller_headers: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_CALLER_HEADERS))


@dataclass(slots=True)
class Decoded:
    fragments: list[Fragment] = field(default_factory=list)
    dead: list[DeadLetter] = field(default_factory=list)


class _Reject(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def decode(event: RawEvent, config: DecodeConfig = DecodeConfig()) -> Decoded:
    """Turn one event into fragments (possibly several, for APIM record batches)."""
    out = Decoded()
    try:
        doc = jsontext.loads(event.body, max_bytes=config.max_event_bytes)
    except jsontext.JsonRejected as exc:
        out.dead.append(DeadLetter(exc.reason, str(exc), event.body, event.position))
        return out
    try:
        _dispatch(doc, event, config, out)
    except _Reject as exc:
        out.dead.append(DeadLetter(exc.reason, exc.message, event.body, event.position))
    except RecursionError:
        out.dead.append(DeadLetter("invalid_json", "JSON nesting too deep", event.body, event.position))
    return out


def _dispatch(doc: Any, event: RawEvent, config: DecodeConfig, out: Decoded) -> None:
    if isinstance(doc, dict):
        if "schema" in doc:
            out.fragments.append(_decode_v1(doc, event))
            return
        if "records" in doc or "Records" in doc:
            records = _ci(doc, "records")
            if not isinstance(records, list):
                raise _Reject("invalid_apim_record", "'records' is not an array")
            if not records:
                raise _Reject("empty_records", "'records' is an empty array")
            _decode_apim_records(records, event, config, out)
            return
        if _ci(doc, "category") is not None and _ci(doc, "properties") is not None:
            _decode_apim_records([doc], event, config, out)
            return
        if doc.get("Type") == "openai-logger":
            out.fragments.extend(_decode_logger(doc, event, config))
            return
        if "event-type" in doc and "message-id" in doc:
            out.fragments.append(_decode_pair(doc, event, config))
            return
        if "promptTokens" in doc and "id" in doc:
            out.fragments.extend(_decode_usage_record(doc, event, config))
            return
    elif isinstance(doc, list) and doc and all(isinstance(r, dict) and _ci(r, "category") is not None for r in doc):
        _decode_apim_records(doc, event, config, out)
        return
    raise _Reject("unknown_dialect", f"no known dialect matches this {type(doc).__name__} event")


# ---------------------------------------------------------------- aoai-logpipe/v1


def _decode_v1(doc: dict[str, Any], event: RawEvent) -> Fragment:
    if doc.get("schema") != V1_SCHEMA:
        raise _Reject("unsupported_schema", f"schema {str(doc.get('schema'))[:64]!r} is not {V1_SCHEMA}")
    try:
        msg = V1_ADAPTER.validate_python(doc)
    except ValidationError as exc:
        raise _Reject("invalid_v1_event", _summarize_validation(exc)) from None
    time = _aware(msg.time)
    base = dict(key=f"v1:{msg.request_id}", dialect=Dialect.V1, time=time, position=event.position,
                size=len(event.body), request_id=msg.request_id)
    if isinstance(msg, V1Request):
        caller = Caller(**msg.caller.model_dump(include=set(Caller.__slots__)))
        gw = msg.gateway
        info = RequestInfo(
            operation=msg.operation,
            deployment=msg.deployment,
            api_version=msg.api_version,
            caller=caller,
            gateway=Gateway(gw.name, gw.region, gw.backend) if gw else Gateway(),
            body=msg.body,
        )
        return Fragment(kind=FragmentKind.REQUEST, request=info, **base)
    if isinstance(msg, V1Response):
        if msg.body is None and msg.data is None:
            raise _Reject("invalid_v1_event", "response carries neither body nor data")
        return Fragment(kind=FragmentKind.RESPONSE, response=ResponseInfo(status=msg.status, body=msg.body, sse=msg.data), **base)
    if isinstance(msg, V1Chunk):
        return Fragment(kind=FragmentKind.CHUNK, seq=msg.seq, chunk=msg.data, **base)
    assert isinstance(msg, V1End)
    return Fragment(kind=FragmentKind.END, end=EndInfo(status=msg.status, chunks=msg.chunks), **base)


def _summarize_validation(exc: ValidationError) -> str:
    """Field paths and error types only: never the offending values (they may be prompts)."""
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err["loc"]) or "<root>"
        parts.append(f"{loc}: {err['type']}")
    more = exc.error_count() - len(parts)
    return "invalid v1 event: " + "; ".join(parts) + (f" (+{more} more)" if more > 0 else "")


# ---------------------------------------------------------------- APIM diagnostic records


def _ci(mapping: Mapping[str, Any], name: str) -> Any:
    """Case-insensitive key lookup: APIM exports vary (`correlationId` / `CorrelationId`)."""
    if name in mapping:
        return mapping[name]
    lowered = name.lower()
    for key, value in mapping.items():
        if key.lower() == lowered:
            return value
    return None


def _decode_apim_records(records: list[Any], event: RawEvent, config: DecodeConfig, out: Decoded) -> None:
    for index, record in enumerate(records):
        raw = _record_bytes(record)  # once per record: its size, and its payload if it is dead-lettered
        try:
            out.fragments.append(_decode_apim_record(record, raw, event, config))
        except _Reject as exc:
            out.dead.append(DeadLetter(exc.reason, exc.message, raw, event.position, record_index=index))


def _record_bytes(record: Any) -> bytes:
    import json

    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _decode_apim_record(record: Any, raw: bytes, event: RawEvent, config: DecodeConfig) -> Fragment:
    if not isinstance(record, dict):
        raise _Reject("invalid_apim_record", "record is not an object")
    category = _ci(record, "category")
    props = _ci(record, "properties")
    if not isinstance(category, str) or not isinstance(props, dict):
        raise _Reject("invalid_apim_record", "record lacks category or properties")
    correlation = _ci(props, "correlationId") or _ci(record, "correlationId")
    if not isinstance(correlation, str) or not correlation:
        raise _Reject("invalid_apim_record", "record has no correlationId")
    time = _parse_time(_ci(record, "time")) or event.position.enqueued_time
    base = dict(key=f"apim:{correlation}", dialect=Dialect.APIM, time=time, position=event.position, size=len(raw))
    if category.endswith("GatewayLlmLogs"):
        seq = _int(_ci(props, "sequenceNumber"))
        info = LlmLogInfo(
            request_id=_str(_ci(props, "requestId")),
            model=_str(_ci(props, "modelName")),
            deployment=_str(_ci(props, "deploymentName")),
            usage=_usage(
                _ci(props, "promptTokens"), _ci(props, "completionTokens"), _ci(props, "totalTokens"),
                cached=_ci(props, "promptCachedTokens"),
            ),
            request_messages=_messages(_ci(props, "requestMessages"), config),
            response_messages=_messages(_ci(props, "responseMessages"), config),
            stream=_bool(_ci(props, "isStreamCompletion")),
        )
        return Fragment(kind=FragmentKind.LLM_LOG, seq=seq if seq is not None else 0, llm=info,
                        request_id=info.request_id or correlation, **base)
    if category.endswith("GatewayLogs"):
        headers = _collect_headers(props)
        caller = Caller(
            subscription_id=_str(_ci(props, "apimSubscriptionId")),
            product=_str(_ci(props, "productId")),
            client_ip=_str(_ci(props, "callerIpAddress")),
            **_caller_from_headers(headers, config),
        )
        info = GatewayLogInfo(
            caller=caller,
            status=_int(_ci(props, "responseCode")),
            operation=_str(_ci(props, "operationId")),
            api_id=_str(_ci(props, "apiId")),
            gateway=Gateway(region=_str(_ci(record, "location")), backend=_str(_ci(props, "backendId"))),
        )
        return Fragment(kind=FragmentKind.GATEWAY_LOG, gateway_log=info, request_id=correlation, raw=raw, **base)
    raise _Reject("unsupported_category", f"APIM category {category[:64]!r} carries no LLM usage")


def _collect_headers(props: Mapping[str, Any]) -> dict[str, str]:
    """Headers a policy stamped, from whichever side APIM captured them on."""
    headers: dict[str, str] = {}
    for key in ("responseHeaders", "backendRequestHeaders", "requestHeaders"):
        block = _ci(props, key)
        if isinstance(block, dict):
            for name, value in block.items():
                if isinstance(value, (str, int)):
                    headers[name.lower()] = str(value)
    return headers


def _caller_from_headers(headers: Mapping[str, str], config: DecodeConfig) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for field_name, names in config.caller_headers.items():
        for name in names:
            value = headers.get(name.lower())
            if value and value.lower() != "unknown":
                found[field_name] = value
                break
    return found


def _messages(value: Any, config: DecodeConfig) -> list[Any]:
    value = jsontext.loads_embedded(value, max_bytes=config.max_event_bytes)
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


# ---------------------------------------------------------------- legacy gateway events


def _decode_logger(doc: dict[str, Any], event: RawEvent, config: DecodeConfig) -> list[Fragment]:
    """The log-helper proxy event: prompt, completion and token counts in one event."""
    guid = _str(doc.get("message_guid")) or _content_id(event.body)
    time = event.position.enqueued_time
    model = _str(doc.get("model"))
    prompt = doc.get("prompt")
    completion = doc.get("completion")
    raw_headers = doc.get("req_headers")
    headers = {str(k).lower(): str(v) for k, v in raw_headers.items()} if isinstance(raw_headers, dict) else {}
    caller = Caller(client_ip=_str(doc.get("client_ip")), **_caller_from_headers(headers, config))
    request_body = {"messages": [{"role": "user", "content": prompt if isinstance(prompt, str) else _json_text(prompt)}]}
    if model:
        request_body["model"] = model
    response_body = {
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": completion if isinstance(completion, str) else _json_text(completion)}, "finish_reason": None}],
    }
    usage = _usage(doc.get("prompt_tokens"), doc.get("completion_tokens"), doc.get("total_tokens"))
    base = dict(key=f"logger:{guid}", dialect=Dialect.LEGACY_LOGGER, time=time, position=event.position,
                size=len(event.body), request_id=guid)
    return [
        Fragment(kind=FragmentKind.REQUEST, request=RequestInfo(operation="chat.completions", caller=caller, body=request_body), **base),
        Fragment(kind=FragmentKind.RESPONSE, response=ResponseInfo(status=200, body=response_body, usage=usage, model=model), **base),
    ]


def _decode_pair(doc: dict[str, Any], event: RawEvent, config: DecodeConfig) -> Fragment:
    """One half of an APIM log-to-eventhub Request/Response pair joined by message-id."""
    message_id = _str(doc.get("message-id"))
    if not message_id:
        raise _Reject("invalid_legacy_event", "message-id is empty")
    time = _parse_time(doc.get("event-time")) or event.position.enqueued_time
    base = dict(key=f"pair:{message_id}", dialect=Dialect.LEGACY_PAIR, time=time, position=event.position,
                size=len(event.body), request_id=message_id)
    kind = doc.get("event-type")
    operation = _operation_name(_str(doc.get("operation")))
    if kind == "Request":
        body: dict[str, Any] = {}
        messages = jsontext.loads_embedded(doc.get("messages"), max_bytes=config.max_event_bytes)
        if isinstance(messages, list):
            body["messages"] = messages
        elif doc.get("prompt"):
            body["prompt"] = doc.get("prompt")
        if doc.get("model"):
            body["model"] = doc.get("model")
        info = RequestInfo(operation=operation, deployment=_str(doc.get("model")), body=body,
                           gateway=Gateway(backend=_str(doc.get("backend"))))
        return Fragment(kind=FragmentKind.REQUEST, request=info, **base)
    if kind == "Response":
        choices = jsontext.loads_embedded(doc.get("choices"), max_bytes=config.max_event_bytes)
        body = {"model": doc.get("model"), "choices": choices if isinstance(choices, list) else []}
        usage = _usage(doc.get("prompt_tokens"), doc.get("completion_tokens"), doc.get("total_tokens"))
        caller = Caller(product=_str(doc.get("productId")))
        return Fragment(kind=FragmentKind.RESPONSE,
                        response=ResponseInfo(status=200, body=body, usage=usage, model=_str(doc.get("model"))),
                        request=RequestInfo(operation=operation, caller=caller), **base)
    raise _Reject("invalid_legacy_event", f"event-type {str(kind)[:32]!r} is neither Request nor Response")


def _decode_usage_record(doc: dict[str, Any], event: RawEvent, config: DecodeConfig) -> list[Fragment]:
    """A one-event usage record (APIM log-to-eventhub usage policies, Stream Analytics era)."""
    rid = _str(doc.get("id")) or _content_id(event.body)
    time = _parse_time(doc.get("timestamp")) or event.position.enqueued_time
    caller = Caller(
        subscription_id=_na(doc.get("subscriptionId")),
        product=_na(doc.get("productName")),
        app_id=_na(doc.get("appId")),
        user_id=_na(doc.get("endUserId")),
        client_ip=_na(doc.get("RequestIp") or doc.get("clientIp")),
    )
    request_body = jsontext.loads_embedded(doc.get("request"), max_bytes=config.max_event_bytes)
    choices = jsontext.loads_embedded(doc.get("response"), max_bytes=config.max_event_bytes)
    model = _na(doc.get("model"))
    base = dict(key=f"usage:{rid}", dialect=Dialect.LEGACY_USAGE, time=time, position=event.position,
                size=len(event.body), request_id=rid)
    info = RequestInfo(
        operation=_target_operation(_na(doc.get("targetService"))) or _operation_name(_na(doc.get("operationName"))),
        deployment=_na(doc.get("deploymentName")),
        caller=caller,
        gateway=Gateway(_na(doc.get("gatewayName")), _na(doc.get("gatewayRegion") or doc.get("modelRegion")), _na(doc.get("backendId"))),
        body=request_body if isinstance(request_body, dict) else None,
    )
    response = ResponseInfo(
        status=200,
        body={"model": model, "choices": choices if isinstance(choices, list) else []},
        usage=_usage(doc.get("promptTokens"), doc.get("responseTokens"), doc.get("totalTokens")),
        model=model,
    )
    return [
        Fragment(kind=FragmentKind.REQUEST, request=info, **base),
        Fragment(kind=FragmentKind.RESPONSE, response=response, **base),
    ]


_OPERATIONS = {
    "chatcompletions_create": "chat.completions",
    "completions_create": "completions",
    "embeddings_create": "embeddings",
    "creates a completion for the chat message": "chat.completions",
    "creates a completion for the provided prompt and parameters": "completions",
}


def _operation_name(value: str | None) -> str | None:
    if value is None:
        return None
    return _OPERATIONS.get(value.lower(), value)


def _target_operation(value: str | None) -> str | None:
    return {"chat.completion": "chat.completions", "text_completion": "completions", "list": "embeddings"}.get(value or "")


# ---------------------------------------------------------------- small value readers


def _content_id(body: bytes) -> str:
    return "sha256-" + hashlib.sha256(body).hexdigest()[:32]


def _json_text(value: Any) -> str:
    import json

    return "" if value is None else json.dumps(value, ensure_ascii=False)


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    return text or None


def _na(value: Any) -> str | None:
    text = _str(value)
    return None if text in ("NA", "N/A") else text


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if text.lstrip("-").isdigit() and len(text) < 19:
            return int(text)
    return None


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _usage(prompt: Any, completion: Any, total: Any, *, cached: Any = None, reasoning: Any = None) -> Usage | None:
    """Gateway token counts (ints or strings). Missing counts mean no usage, never zero."""
    p, c, t = _int(prompt), _int(completion), _int(total)
    if p is None and c is None and t is None:
        return None
    if p is None or p < 0 or (c is not None and c < 0):
        return None
    c = c or 0
    return Usage(prompt_tokens=p, completion_tokens=c, total_tokens=t if t is not None else p + c,
                 cached_tokens=max(_int(cached) or 0, 0), reasoning_tokens=max(_int(reasoning) or 0, 0))


_US_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p")


def _parse_time(value: Any) -> datetime | None:
    """ISO 8601 / RFC 3339, or the US-locale `DateTime.ToString()` of APIM policies (UTC)."""
    if not isinstance(value, str) or not value or len(value) > 64:
        return None
    text = value.strip()
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    for fmt in _US_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
