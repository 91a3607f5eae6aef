"""Response bodies and SSE streams -> one merged response (choices, tool calls, filters, usage).

Covers Chat Completions (streamed deltas and whole bodies, n>1 interleaved choices,
tool calls merged by index, legacy function_call, refusal), legacy Completions, Azure's
extras (prompt filter chunk with empty id/model first, per-chunk content filter results,
async-filter annotation chunks after the finish chunk), the include_usage chunk, in-band
`{"error": ...}` events, Embeddings usage and the Responses API (events and bodies).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from aoai_logpipe.core import jsontext
from aoai_logpipe.core.limits import bounded
from aoai_logpipe.core.sse import SseEvent, parse_all
from aoai_logpipe.core.types import Usage


@dataclass(slots=True)
class ToolCall:
    id: str | None
    name: str | None
    arguments: str
    type: str = "function"


@dataclass(slots=True)
class Choice:
    index: int
    role: str | None
    text: str | None
    refusal: str | None
    tool_calls: list[ToolCall]
    function_call: ToolCall | None
    finish_reason: str | None
    content_filter: dict[str, Any] | None
    content_filter_offsets: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Merged:
    id: str | None = None
    model: str | None = None
    choices: list[Choice] = field(default_factory=list)
    prompt_filter: list[dict[str, Any]] = field(default_factory=list)
    usage: Usage | None = None
    error: dict[str, Any] | None = None
    saw_done: bool = False
    finished: bool = False
    invalid_events: int = 0
    events: int = 0
    unreadable_body: bool = False  # the response body was not a JSON object: kept as text, not complete


def usage_from(obj: Any) -> Usage | None:
    """Chat/Completions (`prompt_tokens` ...) or Responses (`input_tokens` ...) usage; None if absent."""
    if not isinstance(obj, dict):
        return None
    if "input_tokens" in obj or "output_tokens" in obj:
        prompt, completion = _int(obj.get("input_tokens")), _int(obj.get("output_tokens"))
        pdet, cdet = obj.get("input_tokens_details"), obj.get("output_tokens_details")
    else:
        prompt, completion = _int(obj.get("prompt_tokens")), _int(obj.get("completion_tokens"))
        pdet, cdet = obj.get("prompt_tokens_details"), obj.get("completion_tokens_details")
    if prompt is None:
        return None
    completion = completion or 0
    total = _int(obj.get("total_tokens"))
    cached = _int(pdet.get("cached_tokens")) if isinstance(pdet, dict) else None
    reasoning = _int(cdet.get("reasoning_tokens")) if isinstance(cdet, dict) else None
    return Usage(
        prompt_tokens=prompt,
        completion_tokens=completion,
        total_tokens=total if total is not None else prompt + completion,
        cached_tokens=cached or 0,
        reasoning_tokens=reasoning or 0,
    )


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _index(value: Any, default: int) -> int:
    """A choice / tool-call / output index as sent, if it is one (a claimed 10**18 is not)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 31 else default


# ---------------------------------------------------------------- chat / completions


class _ToolAcc:
    __slots__ = ("id", "name", "type", "args")

    def __init__(self) -> None:
        self.id: str | None = None
        self.name: str | None = None
        self.type = "function"
        self.args: list[str] = []

    def add(self, delta: dict[str, Any]) -> None:
        self.id = self.id or _str(delta.get("id"))
        if isinstance(delta.get("type"), str):
            self.type = delta["type"]
        fn = delta.get("function") if "function" in delta else delta
        if isinstance(fn, dict):
            self.name = self.name or _str(fn.get("name"))
            if isinstance(fn.get("arguments"), str):
                self.args.append(fn["arguments"])

    def build(self) -> ToolCall:
        return ToolCall(self.id, self.name, "".join(self.args), self.type)


class _ChoiceAcc:
    __slots__ = ("index", "role", "text", "has_text", "refusal", "tools", "function_call", "finish", "filter", "flagged",
                 "offsets")

    def __init__(self, index: int) -> None:
        self.index = index
        self.role: str | None = None
        self.text: list[str] = []
        self.has_text = False
        self.refusal: list[str] = []
        self.tools: dict[int, _ToolAcc] = {}
        self.function_call: _ToolAcc | None = None
        self.finish: str | None = None
        self.filter: dict[str, Any] = {}
        self.flagged = False  # some verdict kept in `filter` is flagged
        self.offsets: list[dict[str, Any]] = []

    def add_delta(self, delta: dict[str, Any]) -> None:
        if self.role is None:
            self.role = _str(delta.get("role"))
        content = delta.get("content")
        if isinstance(content, str):
            self.has_text = True
            self.text.append(content)
        elif isinstance(content, list):  # audio/multipart deltas: keep their text parts
            for part in content:
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    self.has_text = True
                    self.text.append(part["text"])
        # (keys most deltas lack are looked for with `in`: no call; the same as get() and a type test)
        if "refusal" in delta and isinstance(delta["refusal"], str):
            self.refusal.append(delta["refusal"])
        if "tool_calls" in delta and isinstance(delta["tool_calls"], list):
            for position, call in enumerate(delta["tool_calls"]):
                if isinstance(call, dict):
                    index = call.get("index")
                    key = _index(index, position)
                    self.tools.setdefault(key, _ToolAcc()).add(call)
        if "function_call" in delta and isinstance(delta["function_call"], dict):
            if self.function_call is None:
                self.function_call = _ToolAcc()
            self.function_call.add(delta["function_call"])

    def add_filter(self, results: Any) -> None:
        """Keep, per category, the most severe result seen (a filtered verdict is never lost)."""
        if not isinstance(results, dict):
            return
        kept = self.filter
        if not self.flagged:
            # Nothing flagged kept, nothing flagged here (nearly every chunk): every verdict replaces
            # its category's. (_flagged inlined: this runs for every category of every chunk.)
            for verdict in results.values():
                if isinstance(verdict, dict) and (verdict.get("filtered") or verdict.get("detected")):
                    break
            else:
                kept.update(results)
                return
        for category, verdict in results.items():
            previous = kept.get(category)
            if previous is None or not _flagged(previous) or _flagged(verdict):
                kept[category] = verdict
                self.flagged = self.flagged or _flagged(verdict)

    def build(self) -> Choice:
        return Choice(
            index=self.index,
            role=self.role or "assistant",
            text="".join(self.text) if self.has_text else None,
            refusal="".join(self.refusal) if self.refusal else None,
            tool_calls=[self.tools[k].build() for k in sorted(self.tools)],
            function_call=self.function_call.build() if self.function_call else None,
            finish_reason=self.finish,
            content_filter=self.filter or None,
            content_filter_offsets=self.offsets,
        )


def _flagged(verdict: Any) -> bool:
    return isinstance(verdict, dict) and bool(verdict.get("filtered") or verdict.get("detected"))


class ChatMerger:
    """Folds chat.completion(.chunk) / text_completion objects, in stream order."""

    def __init__(self) -> None:
        self.out = Merged()
        self._choices: dict[int, _ChoiceAcc] = {}

    def add(self, obj: Any) -> None:
        out = self.out
        out.events += 1
        if not isinstance(obj, dict):
            out.invalid_events += 1
            return
        get = obj.get
        # (keys most chunks lack are looked for with `in`: no call; the same as get() and a type test)
        if "error" in obj and isinstance(obj["error"], dict) and not get("choices"):
            out.error = obj["error"]
        if out.id is None:  # (set only to a non-empty string)
            out.id = _str(get("id"))
        if out.model is None:
            out.model = bounded(_str(get("model")))
        for key in ("prompt_filter_results", "prompt_annotations"):
            if key in obj and isinstance(obj[key], list):
                out.prompt_filter.extend(r for r in obj[key] if isinstance(r, dict))
        if "usage" in obj:
            usage = usage_from(obj["usage"])
            if usage is not None:
                out.usage = usage
        choices = get("choices")
        if not isinstance(choices, list):
            if choices is not None:  # present but unreadable: never a silent "no choices"
                out.invalid_events += 1
            return
        accs = self._choices
        for position, choice in enumerate(choices):
            if not isinstance(choice, dict):
                out.invalid_events += 1
                continue
            get = choice.get
            index = get("index")
            if not (isinstance(index, int) and not isinstance(index, bool) and 0 <= index < 1 << 31):  # _index, inlined
                index = position
            acc = accs.get(index)
            if acc is None:
                acc = accs[index] = _ChoiceAcc(index)
            delta = get("delta")
            if isinstance(delta, dict):
                acc.add_delta(delta)
            if "message" in choice and isinstance(choice["message"], dict):
                acc.add_delta(choice["message"])
            if "text" in choice and isinstance(choice["text"], str):  # legacy completions
                acc.has_text = True
                acc.text.append(choice["text"])
            finish = get("finish_reason")
            if isinstance(finish, str):
                acc.finish = finish
                out.finished = True
            if "content_filter_results" in choice:
                acc.add_filter(choice["content_filter_results"])
            if "content_filter_offsets" in choice:
                acc.offsets.append({
                    "offsets": choice.get("content_filter_offsets"),
                    "results": choice.get("content_filter_results"),
                })

    def result(self) -> Merged:
        self.out.choices = [self._choices[k].build() for k in sorted(self._choices)]
        return self.out


# ---------------------------------------------------------------- responses API


class ResponsesMerger:
    """Folds Responses API stream events; the final `response.*` object wins when present."""

    def __init__(self) -> None:
        self.out = Merged()
        self._text: dict[int, list[str]] = {}
        self._refusal: dict[int, list[str]] = {}
        self._calls: dict[int, _ToolAcc] = {}
        self._final: dict[str, Any] | None = None

    def add(self, obj: Any) -> None:
        self.out.events += 1
        if not isinstance(obj, dict):
            self.out.invalid_events += 1
            return
        kind = obj.get("type")
        response = obj.get("response")
        if isinstance(response, dict):
            self.out.id = self.out.id or _str(response.get("id"))
            self.out.model = self.out.model or bounded(_str(response.get("model")))
            if kind in ("response.completed", "response.incomplete", "response.failed"):
                self._final = response
                self.out.finished = True
        index = _index(obj.get("output_index"), 0)
        if kind == "response.output_text.delta" and isinstance(obj.get("delta"), str):
            self._text.setdefault(index, []).append(obj["delta"])
        elif kind == "response.refusal.delta" and isinstance(obj.get("delta"), str):
            self._refusal.setdefault(index, []).append(obj["delta"])
        elif kind == "response.output_item.added" and isinstance(obj.get("item"), dict):
            item = obj["item"]
            if item.get("type") == "function_call":
                acc = self._calls.setdefault(index, _ToolAcc())
                acc.id, acc.name = _str(item.get("call_id")), _str(item.get("name"))
        elif kind == "response.function_call_arguments.delta" and isinstance(obj.get("delta"), str):
            self._calls.setdefault(index, _ToolAcc()).args.append(obj["delta"])
        elif kind == "error" or (kind is None and isinstance(obj.get("error"), dict)):
            self.out.error = obj.get("error") if isinstance(obj.get("error"), dict) else {
                k: obj.get(k) for k in ("code", "message", "param") if k in obj}

    def result(self) -> Merged:
        if self._final is not None:
            final = responses_body(self._final)
            final.events, final.invalid_events = self.out.events, self.out.invalid_events
            final.error = final.error or self.out.error
            return final
        text = "".join("".join(self._text[k]) for k in sorted(self._text)) if self._text else None
        refusal = "".join("".join(self._refusal[k]) for k in sorted(self._refusal)) if self._refusal else None
        calls = [self._calls[k].build() for k in sorted(self._calls)]
        self.out.choices = [Choice(0, "assistant", text, refusal, calls, None, None, None)] if (text or refusal or calls) else []
        return self.out


def responses_body(body: dict[str, Any]) -> Merged:
    """A whole Responses API `response` object -> one choice (all message text, all calls)."""
    out = Merged(id=_str(body.get("id")), model=bounded(_str(body.get("model"))), usage=usage_from(body.get("usage")))
    if isinstance(body.get("error"), dict):
        out.error = body["error"]
    texts: list[str] = []
    refusals: list[str] = []
    calls: list[ToolCall] = []
    for item in body.get("output") or []:
        if not isinstance(item, dict):
            continue
        if item.get("type") == "message":
            for part in item.get("content") or []:
                if isinstance(part, dict):
                    if isinstance(part.get("text"), str):
                        texts.append(part["text"])
                    if isinstance(part.get("refusal"), str):
                        refusals.append(part["refusal"])
        elif item.get("type") == "function_call":
            calls.append(ToolCall(_str(item.get("call_id")), _str(item.get("name")), str(item.get("arguments") or "")))
    status = body.get("status")
    finish = None
    if status == "completed":
        finish = "tool_calls" if calls else "stop"
        out.finished = True
    elif status == "incomplete":
        reason = (body.get("incomplete_details") or {}).get("reason") if isinstance(body.get("incomplete_details"), dict) else None
        finish = {"max_output_tokens": "length", "content_filter": "content_filter"}.get(reason or "", reason)
        out.finished = True
    if texts or refusals or calls or finish:
        out.choices = [Choice(0, "assistant", "".join(texts) if texts else None,
                              "".join(refusals) if refusals else None, calls, None, finish, None)]
    return out


# ---------------------------------------------------------------- entry points


def is_responses_api(operation: str | None, first: Any = None) -> bool:
    if operation and operation.startswith("responses"):
        return True
    return isinstance(first, dict) and (first.get("object") == "response" or str(first.get("type", "")).startswith("response."))


def merge_body(body: Any, operation: str | None) -> Merged:
    """A non-streamed response body (chat, completions, embeddings or responses).

    A body logged as a JSON string is read as the JSON (or SSE stream) it holds; any other body
    that is not an object is kept as the text of one choice and marked unreadable, never dropped."""
    if isinstance(body, str):
        parsed = jsontext.loads_embedded(body, max_bytes=_MAX_EVENT_CHARS)
        if isinstance(parsed, dict):
            body = parsed
        elif body.lstrip().startswith(("data:", "event:")):
            return merge_events(parse_all(body), operation)
    if not isinstance(body, dict):
        text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
        return Merged(choices=[Choice(0, None, text, None, [], None, None, None)], unreadable_body=True)
    if is_responses_api(operation, body):
        return responses_body(body)
    merger = ChatMerger()
    merger.add(body)
    return merger.result()


_MAX_EVENT_CHARS = 16 * 1024 * 1024
_UNREAD = object()
_SEEN_CHUNKS = 1024


def merge_events(events: Iterable[SseEvent], operation: str | None) -> Merged:
    """Parsed SSE events of one stream, in order -> merged response."""
    merger: ChatMerger | ResponsesMerger | None = None
    saw_done = False
    invalid = 0
    # A stream repeats whole chunks (the same delta of the same completion): each text is read
    # once. The mergers only read what they are given, so a repeat folds the same object again.
    # (Texts with a \u escape are read each time: a repaired lone surrogate counts per reading.)
    seen: dict[str, Any] = {}
    for event in events:
        data = event.data
        if "[DONE]" in data and data.strip() == "[DONE]":  # (strip copies: most events are JSON)
            saw_done = True
            continue
        obj = seen.get(data, _UNREAD)
        if obj is _UNREAD:
            try:
                obj = jsontext.loads(data, max_bytes=_MAX_EVENT_CHARS)
            except jsontext.JsonRejected:
                invalid += 1
                continue
            if "\\" not in data or "\\u" not in data:  # (memchr first: most texts hold no backslash)
                if len(seen) == _SEEN_CHUNKS:  # what a long stream keeps alive at once stays bounded
                    seen.clear()
                seen[data] = obj
        if merger is None:
            merger = ResponsesMerger() if (event.event.startswith("response.") or is_responses_api(operation, obj)) else ChatMerger()
        merger.add(obj)
    merged = merger.result() if merger is not None else Merged()
    merged.saw_done = saw_done
    merged.invalid_events += invalid
    if saw_done:
        merged.finished = True
    return merged
