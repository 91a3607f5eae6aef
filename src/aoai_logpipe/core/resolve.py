"""A closed conversation -> one resolved exchange: who asked what, and the merged answer.

This is where the dialects meet: whatever shape the events had, the result is a prompt
of canonical messages, a merged response, usage as reported (if it was), and the facts
about how complete the reassembly was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aoai_logpipe.core import content, merge
from aoai_logpipe.core.assemble import Closed, Conversation
from aoai_logpipe.core.sse import SseParser
from aoai_logpipe.core.types import Caller, Dialect, Gateway, Usage


@dataclass(slots=True)
class Exchange:
    key: str
    request_id: str
    dialect: Dialect
    time: datetime | None
    caller: Caller
    gateway: Gateway | None
    operation: str | None
    deployment: str | None
    api_version: str | None
    model: str | None
    stream: bool
    status: int | None
    prompt: content.Prompt
    response: merge.Merged
    reported_usage: Usage | None
    complete: bool
    close_reason: str
    gaps: list[str]
    fragments: int
    duplicates: int
    missing_seqs: list[int]
    first_position: Any
    last_position: Any
    attribution_missing: bool = False
    extra_gaps: list[str] = field(default_factory=list)


def resolve(closed: Closed) -> Exchange:
    conv = closed.conversation
    if conv.dialect is Dialect.APIM:
        return _resolve_apim(closed, conv)
    return _resolve_request_response(closed, conv)


def _resolve_request_response(closed: Closed, conv: Conversation) -> Exchange:
    req = conv.request
    body = req.body if req else None
    operation = (req.operation if req else None) or (conv.response_extra.operation if conv.response_extra else None)
    caller = req.caller if req else Caller()
    if conv.response_extra is not None:
        caller = caller.merged(conv.response_extra.caller)
    stream = bool(isinstance(body, dict) and body.get("stream") is True) or bool(conv.chunks) or bool(
        conv.response and conv.response.sse is not None)
    status = None
    response = conv.response
    if response is not None and response.body is not None:
        merged = merge.merge_body(response.body, operation)
        status = response.status
    elif response is not None and response.sse is not None:
        merged = _merge_stream([response.sse], operation)
        status = response.status
    elif conv.chunks:
        merged = _merge_stream(_chunk_runs(conv.chunks), operation)
        status = conv.end.status if conv.end else None
    else:
        merged = merge.Merged()
        status = conv.end.status if conv.end else None
    reported = merged.usage or (response.usage if response else None)
    model = merged.model or (response.model if response else None)
    gaps = list(closed.gaps)
    if stream and not merged.finished and "no_response" not in gaps:
        gaps.append("stream_not_finished")
    if merged.invalid_events:
        gaps.append("invalid_sse_events" if stream else "unreadable_response_parts")
    if merged.unreadable_body:
        gaps.append("response_body_not_json")
    if reported is None:
        gaps.append("no_usage")
    return Exchange(
        key=conv.key,
        request_id=conv.request_id or conv.key,
        dialect=conv.dialect,
        time=conv.first_time,
        caller=caller,
        gateway=req.gateway if req else None,
        operation=operation,
        deployment=req.deployment if req else None,
        api_version=req.api_version if req else None,
        model=model,
        stream=stream,
        status=status,
        prompt=content.normalize_request(body, operation),
        response=merged,
        reported_usage=reported,
        complete=closed.complete and not merged.unreadable_body and "unreadable_response_parts" not in gaps,
        close_reason=closed.reason,
        gaps=gaps,
        fragments=conv.fragments,
        duplicates=conv.duplicates,
        missing_seqs=conv.missing_seqs(),
        first_position=conv.first_position,
        last_position=conv.last_position,
    )


def _chunk_runs(chunks: dict[int, str]) -> list[str]:
    """Contiguous runs of chunk text; a gap starts a new run so the parser can resync."""
    runs: list[str] = []
    current: list[str] = []
    previous = None
    for seq in sorted(chunks):
        if previous is not None and seq != previous + 1:
            runs.append("".join(current))
            current = []
        current.append(chunks[seq])
        previous = seq
    if current:
        runs.append("".join(current))
    return runs


def _merge_stream(runs: list[str], operation: str | None) -> merge.Merged:
    events = []
    for run in runs:
        parser = SseParser()
        events.extend(parser.feed(run))
        events.extend(parser.close())
    return merge.merge_events(events, operation)


def _resolve_apim(closed: Closed, conv: Conversation) -> Exchange:
    records = [conv.llm[k] for k in sorted(conv.llm)]
    request_messages = _join_pieces([m for r in records for m in r.request_messages])
    response_messages = _join_pieces([m for r in records for m in r.response_messages])
    usage = next((r.usage for r in reversed(records) if r.usage is not None), None)
    model = next((r.model for r in records if r.model), None)
    deployment = next((r.deployment for r in records if r.deployment), None)
    stream = any(r.stream for r in records)
    request_id = next((r.request_id for r in records if r.request_id), None)
    gw = conv.gateway_log
    choices = []
    for index, message in enumerate(response_messages):
        msg = message if isinstance(message, dict) else {"content": message}
        text = msg.get("content") if isinstance(msg.get("content"), str) else None
        choices.append(merge.Choice(index, msg.get("role") if isinstance(msg.get("role"), str) else "assistant",
                                    text, None, [], None, msg.get("finish_reason") if isinstance(msg.get("finish_reason"), str) else None, None))
    merged = merge.Merged(model=model, choices=choices, usage=usage, finished=True)
    gaps = list(closed.gaps)
    if usage is None:
        gaps.append("no_usage")
    return Exchange(
        key=conv.key,
        request_id=request_id or conv.key.removeprefix("apim:"),
        dialect=conv.dialect,
        time=conv.first_time,
        caller=gw.caller if gw else Caller(),
        gateway=gw.gateway if gw else None,
        operation=_apim_operation(gw.operation if gw else None),
        deployment=deployment,
        api_version=None,
        model=model,
        stream=stream,
        status=gw.status if gw else None,
        prompt=content.Prompt(content.normalize_messages(request_messages), []),
        response=merged,
        reported_usage=usage,
        complete=closed.complete,
        close_reason=closed.reason,
        gaps=gaps,
        fragments=conv.fragments,
        duplicates=conv.duplicates,
        missing_seqs=[],
        first_position=conv.first_position,
        last_position=conv.last_position,
        attribution_missing=gw is None,
    )


def _join_pieces(messages: list[Any]) -> list[Any]:
    """APIM splits messages over 32 KB across records: a piece without a role continues the last.

    The pieces of one message are joined once (linear in their total size, however many)."""
    out: list[Any] = []
    pieces: dict[int, list[str]] = {}  # index in out -> its content pieces, while more may follow
    for message in messages:
        if (out and isinstance(message, dict) and "role" not in message and isinstance(out[-1], dict)
                and isinstance(out[-1].get("content"), str) and isinstance(message.get("content"), str)):
            pieces.setdefault(len(out) - 1, [out[-1]["content"]]).append(message["content"])
        else:
            out.append(message)
    for index, texts in pieces.items():
        out[index] = {**out[index], "content": "".join(texts)}
    return out


def _apim_operation(operation_id: str | None) -> str:
    name = (operation_id or "").lower()
    if "embedding" in name:
        return "embeddings"
    if "response" in name:
        return "responses"
    if name.startswith("completions") or name == "completions_create":
        return "completions"
    return "chat.completions"
