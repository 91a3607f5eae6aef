"""Legacy gateway events seen in the field: the log-helper proxy event (`openai-logger`),
APIM `log-to-eventhub` Request/Response pairs joined by `message-id`, and one-event usage
records of the Stream Analytics era. Token counts may be strings, times US-locale.
"""

from __future__ import annotations

from typing import Any

from aoai_logpipe.core import jsontext
from aoai_logpipe.core.decode.config import DecodeConfig
from aoai_logpipe.core.decode.values import (
    Reject,
    as_na,
    as_text,
    caller_from_headers,
    content_id,
    json_text,
    parse_time,
    token_usage,
)
from aoai_logpipe.core.types import Caller, Dialect, Fragment, FragmentKind, Gateway, RawEvent, RequestInfo, ResponseInfo


def decode_logger(doc: dict[str, Any], event: RawEvent, config: DecodeConfig) -> list[Fragment]:
    """The log-helper proxy event: prompt, completion and token counts in one event."""
    guid = as_text(doc.get("message_guid")) or content_id(event.body)
    time = event.position.enqueued_time
    model = as_text(doc.get("model"))
    prompt = doc.get("prompt")
    completion = doc.get("completion")
    raw_headers = doc.get("req_headers")
    headers = {str(k).lower(): str(v) for k, v in raw_headers.items()} if isinstance(raw_headers, dict) else {}
    caller = Caller(client_ip=as_text(doc.get("client_ip")), **caller_from_headers(headers, config.caller_headers))
    request_body = {"messages": [{"role": "user", "content": prompt if isinstance(prompt, str) else json_text(prompt)}]}
    if model:
        request_body["model"] = model
    response_body = {
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": completion if isinstance(completion, str) else json_text(completion)}, "finish_reason": None}],
    }
    usage = token_usage(doc.get("prompt_tokens"), doc.get("completion_tokens"), doc.get("total_tokens"))
    base = dict(key=f"logger:{guid}", dialect=Dialect.LEGACY_LOGGER, time=time, position=event.position,
                size=len(event.body), request_id=guid, raw=event.body)
    return [
        Fragment(kind=FragmentKind.REQUEST, request=RequestInfo(operation="chat.completions", caller=caller, body=request_body), **base),
        Fragment(kind=FragmentKind.RESPONSE, response=ResponseInfo(status=200, body=response_body, usage=usage, model=model), **base),
    ]


def decode_pair(doc: dict[str, Any], event: RawEvent, config: DecodeConfig) -> Fragment:
    """One half of an APIM log-to-eventhub Request/Response pair joined by message-id."""
    message_id = as_text(doc.get("message-id"))
    if not message_id:
        raise Reject("invalid_legacy_event", "message-id is empty")
    time = parse_time(doc.get("event-time")) or event.position.enqueued_time
    base = dict(key=f"pair:{message_id}", dialect=Dialect.LEGACY_PAIR, time=time, position=event.position,
                size=len(event.body), request_id=message_id, raw=event.body)
    kind = doc.get("event-type")
    operation = _operation_name(as_text(doc.get("operation")))
    if kind == "Request":
        body: dict[str, Any] = {}
        messages = jsontext.loads_embedded(doc.get("messages"), max_bytes=config.max_event_bytes)
        if isinstance(messages, list):
            body["messages"] = messages
        elif doc.get("prompt"):
            body["prompt"] = doc.get("prompt")
        if doc.get("model"):
            body["model"] = doc.get("model")
        info = RequestInfo(operation=operation, deployment=as_text(doc.get("model")), body=body,
                           gateway=Gateway(backend=as_text(doc.get("backend"))))
        return Fragment(kind=FragmentKind.REQUEST, request=info, **base)
    if kind == "Response":
        choices = jsontext.loads_embedded(doc.get("choices"), max_bytes=config.max_event_bytes)
        body = {"model": doc.get("model"), "choices": choices if isinstance(choices, list) else []}
        usage = token_usage(doc.get("prompt_tokens"), doc.get("completion_tokens"), doc.get("total_tokens"))
        caller = Caller(product=as_text(doc.get("productId")))
        return Fragment(kind=FragmentKind.RESPONSE,
                        response=ResponseInfo(status=200, body=body, usage=usage, model=as_text(doc.get("model"))),
                        request=RequestInfo(operation=operation, caller=caller), **base)
    raise Reject("invalid_legacy_event", f"event-type {str(kind)[:32]!r} is neither Request nor Response")


def decode_usage_record(doc: dict[str, Any], event: RawEvent, config: DecodeConfig) -> list[Fragment]:
    """A one-event usage record (APIM log-to-eventhub usage policies, Stream Analytics era)."""
    rid = as_text(doc.get("id")) or content_id(event.body)
    time = parse_time(doc.get("timestamp")) or event.position.enqueued_time
    caller = Caller(
        subscription_id=as_na(doc.get("subscriptionId")),
        product=as_na(doc.get("productName")),
        app_id=as_na(doc.get("appId")),
        user_id=as_na(doc.get("endUserId")),
        client_ip=as_na(doc.get("RequestIp") or doc.get("clientIp")),
    )
    request_body = jsontext.loads_embedded(doc.get("request"), max_bytes=config.max_event_bytes)
    choices = jsontext.loads_embedded(doc.get("response"), max_bytes=config.max_event_bytes)
    model = as_na(doc.get("model"))
    base = dict(key=f"usage:{rid}", dialect=Dialect.LEGACY_USAGE, time=time, position=event.position,
                size=len(event.body), request_id=rid, raw=event.body)
    info = RequestInfo(
        operation=_target_operation(as_na(doc.get("targetService"))) or _operation_name(as_na(doc.get("operationName"))),
        deployment=as_na(doc.get("deploymentName")),
        caller=caller,
        gateway=Gateway(as_na(doc.get("gatewayName")), as_na(doc.get("gatewayRegion") or doc.get("modelRegion")), as_na(doc.get("backendId"))),
        body=request_body if isinstance(request_body, dict) else None,
    )
    response = ResponseInfo(
        status=200,
        body={"model": model, "choices": choices if isinstance(choices, list) else []},
        usage=token_usage(doc.get("promptTokens"), doc.get("responseTokens"), doc.get("totalTokens")),
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
