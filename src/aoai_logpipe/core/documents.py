"""Chargeback, audit and dead-letter documents with deterministic ids.

Ids derive from the conversation key (dialect + request id) or, for dead letters, from the
source position and payload digest: a replay or a restart upserts the same documents.
`rank` orders versions of one document: a complete conversation outranks an incomplete
one, so a late partial replay can never overwrite a good document.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timezone
from typing import Any

from aoai_logpipe.core.merge import Choice, ToolCall
from aoai_logpipe.core.pricing import Cost
from aoai_logpipe.core.resolve import Exchange
from aoai_logpipe.core.tokens import Reconciled
from aoai_logpipe.core.types import Caller, DeadLetter, Position, Usage

Document = dict[str, Any]

CALLER_FIELDS = Caller.__slots__


def doc_id(kind: str, key: str) -> str:
    return f"{kind}-{hashlib.blake2b(key.encode('utf-8', 'surrogatepass'), digest_size=20).hexdigest()}"


def rank(exchange: Exchange) -> int:
    """Complete and attributed beats the rest; among equals, more received fragments win.

    A request billed before its caller record arrived ranks below its joined version, so the
    late half upgrades the document in place and a stale half can never undo that.
    """
    whole = exchange.complete and not exchange.attribution_missing
    return (2 if whole else 1) * 1_000_000 + min(exchange.fragments, 999_999)


IDENTITY_FIELDS = ("user_id", "user_name", "app_id", "subscription_id", "subscription_name", "tenant_id")


def attribution(missing: bool, cost_center: Any, identities: Any) -> str:
    """Who the request is billed to, told truthfully for every dialect.

    `missing`: the caller half never arrived (APIM, log-to-eventhub pairs); `complete`: a cost
    center is known; `partial`: the caller is identified (user, app, subscription) but no cost
    center is; `none`: nothing identifies the caller (e.g. legacy logger events without headers).
    """
    if missing:
        return "missing"
    if cost_center not in (None, ""):
        return "complete"
    return "partial" if any(v not in (None, "") for v in identities) else "none"


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def period(value: datetime | None) -> str:
    if not value:
        return "unknown"
    utc = value.astimezone(timezone.utc)
    return f"{utc.year:04d}-{utc.month:02d}"


def usage_doc(usage: Usage | None) -> dict[str, int] | None:
    """The usage fields, in their declared order (dataclasses.asdict's deep copy is costly per document)."""
    if usage is None:
        return None
    return {"prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens,
            "total_tokens": usage.total_tokens, "cached_tokens": usage.cached_tokens,
            "reasoning_tokens": usage.reasoning_tokens}


def position_doc(position: Position) -> dict[str, Any]:
    return {
        "partition": position.partition,
        "offset": position.offset,
        "sequence_number": position.sequence_number,
        "enqueued_time": iso(position.enqueued_time),
    }


def chargeback(exchange: Exchange, tokens: Reconciled, cost: Cost) -> Document:
    caller = exchange.caller
    estimate = tokens.estimate
    doc: Document = {
        "id": doc_id("cb", exchange.key),
        "doc_type": "chargeback",
        "request_id": exchange.request_id,
        "dialect": exchange.dialect.value,
        "time": iso(exchange.time),
        "period": period(exchange.time),
        "operation": exchange.operation,
        "deployment": exchange.deployment,
        "model": exchange.model,
        "stream": exchange.stream,
        "status": exchange.status,
    }
    for name in CALLER_FIELDS:
        value = getattr(caller, name)
        doc[name] = dict(value) if name == "tags" else value
    doc.update(
        usage=usage_doc(tokens.usage),
        usage_source=tokens.source,
        reported=usage_doc(tokens.reported),
        estimated={
            "prompt_tokens": estimate.prompt_tokens,
            "completion_tokens": estimate.completion_tokens,
            "unestimated_parts": estimate.unestimated_parts,
        },
        drift={"prompt": tokens.drift_prompt, "completion": tokens.drift_completion},
        cost=cost.as_document(),
        completeness="complete" if exchange.complete else "incomplete",
        attribution=attribution(exchange.attribution_missing, caller.cost_center,
                                (getattr(caller, name) for name in IDENTITY_FIELDS)),
        rank=rank(exchange),
    )
    return doc


def _tool_call(call: ToolCall) -> dict[str, Any]:
    return {"id": call.id, "type": call.type, "name": call.name, "arguments": call.arguments}


def _choice(choice: Choice) -> dict[str, Any]:
    return {
        "index": choice.index,
        "role": choice.role,
        "text": choice.text,
        "refusal": choice.refusal,
        "tool_calls": [_tool_call(c) for c in choice.tool_calls],
        "function_call": _tool_call(choice.function_call) if choice.function_call else None,
        "finish_reason": choice.finish_reason,
        "content_filter": choice.content_filter,
        "content_filter_offsets": choice.content_filter_offsets,
    }


def audit(exchange: Exchange, tokens: Reconciled, dlp: dict[str, Any] | None = None) -> Document:
    caller = exchange.caller
    caller_doc = {name: (dict(getattr(caller, name)) if name == "tags" else getattr(caller, name)) for name in CALLER_FIELDS}
    gateway = exchange.gateway
    return {
        "id": doc_id("au", exchange.key),
        "doc_type": "audit",
        "request_id": exchange.request_id,
        "dialect": exchange.dialect.value,
        "time": iso(exchange.time),
        "period": period(exchange.time),
        "caller": caller_doc,
        "gateway": {"name": gateway.name, "region": gateway.region, "backend": gateway.backend} if gateway else None,
        "deployment": exchange.deployment,
        "model": exchange.model,
        "operation": exchange.operation,
        "api_version": exchange.api_version,
        "stream": exchange.stream,
        "status": exchange.status,
        "response_id": exchange.response.id,
        "messages": [
            {
                "index": m.index,
                "role": m.role,
                "name": m.name,
                "parts": m.parts,
                "tool_calls": [{"id": c.id, "type": "function", "name": c.name, "arguments": c.arguments} for c in m.tool_calls],
                "tool_call_id": m.tool_call_id,
            }
            for m in exchange.prompt.messages
        ],
        "tools": exchange.prompt.tools,
        "choices": [_choice(c) for c in exchange.response.choices],
        "prompt_filter": exchange.response.prompt_filter,
        "error": exchange.response.error,
        "usage": usage_doc(tokens.usage),
        "usage_source": tokens.source,
        "completeness": "complete" if exchange.complete else "incomplete",
        "assembly": {
            "fragments": exchange.fragments,
            "duplicates_dropped": exchange.duplicates,
            "missing_seqs": exchange.missing_seqs,
            "gaps": exchange.gaps,
            "close_reason": exchange.close_reason,
            "first_position": position_doc(exchange.first_position),
            "last_position": position_doc(exchange.last_position),
        },
        "dlp": dlp,
        "rank": rank(exchange),
    }


def dead_letter(letter: DeadLetter) -> Document:
    position = letter.position
    digest = hashlib.sha256(letter.raw).hexdigest()
    try:
        raw, encoding = letter.raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        raw, encoding = base64.b64encode(letter.raw).decode("ascii"), "base64"
    key = f"{position.partition}/{position.sequence_number}/{position.offset}/{letter.record_index}/{digest}"
    return {
        "id": doc_id("dl", key),
        "doc_type": "deadletter",
        "reason": letter.reason,
        "message": letter.message,
        "partition": position.partition,
        "offset": position.offset,
        "sequence_number": position.sequence_number,
        "enqueued_time": iso(position.enqueued_time),
        "record_index": letter.record_index,
        "raw": raw,
        "raw_encoding": encoding,
        "raw_sha256": digest,
        "rank": 0,
    }


def encoded_size(doc: Document) -> int:
    import json

    return len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def fit(doc: Document, limit: int) -> Document:
    """Trim the longest texts of an over-large audit document, saying what was cut.

    Cosmos DB rejects items over 2 MB. Rather than lose the document, the biggest text
    fields (message parts, choice texts, tool arguments) are cut to a head of the text,
    longest first, until the document fits; `trimmed` records the original size and how
    many fields were cut. Chargeback documents carry no free text and always fit.
    """
    size = encoded_size(doc)
    if size <= limit:
        return doc
    import copy

    doc = copy.deepcopy(doc)
    slots: list[tuple[int, dict[str, Any], str]] = []
    for message in doc.get("messages", []):
        for part in message.get("parts", []):
            if isinstance(part.get("text"), str):
                slots.append((len(part["text"]), part, "text"))
        for call in message.get("tool_calls", []):
            slots.append((len(call.get("arguments") or ""), call, "arguments"))
    for choice in doc.get("choices", []):
        for name in ("text", "refusal"):
            if isinstance(choice.get(name), str):
                slots.append((len(choice[name]), choice, name))
        for call in choice.get("tool_calls", []):
            slots.append((len(call.get("arguments") or ""), call, "arguments"))
    slots.sort(key=lambda slot: slot[0], reverse=True)
    cut = 0
    excess = size - limit
    for length, holder, name in slots:
        if excess <= 0:
            break
        keep = max(length - excess - 1024, 1024) if length > 2048 else 0  # 1 KB for markers and `trimmed`
        text = holder[name]
        marker = f"…[trimmed {length - keep} chars]"
        holder[name] = text[:keep] + marker
        excess -= len(text[keep:].encode("utf-8")) - len(marker.encode("utf-8"))
        cut += 1
    doc["trimmed"] = {"reason": "document_too_large", "original_bytes": size, "fields_cut": cut}
    if encoded_size(doc) > limit:  # still too big (e.g. thousands of small parts): keep the envelope only
        doc["messages"], doc["choices"], doc["tools"] = [], [], []
        doc["trimmed"]["dropped_content"] = True
    return doc
