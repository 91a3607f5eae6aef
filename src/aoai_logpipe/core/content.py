"""Request bodies -> canonical messages: a role and a list of typed parts per message.

Message content arrives as a string, null, or an array of parts (text, image_url,
input_audio, file, refusal, Responses API input_* items). Binary payloads are described
(mime, bytes, sha256, pixel size) and dropped: they never reach a document and are never
tokenized as text. http(s) image URLs keep scheme, host and path only (query strings
often carry SAS tokens) and never the user:password of the authority.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from aoai_logpipe.core import images

Part = dict[str, Any]


@dataclass(slots=True)
class ToolCallRef:
    id: str | None
    name: str | None
    arguments: str


@dataclass(slots=True)
class Message:
    index: int
    role: str
    parts: list[Part]
    name: str | None = None
    tool_calls: list[ToolCallRef] = field(default_factory=list)
    tool_call_id: str | None = None

    def text(self) -> str:
        return "".join(p.get("text", "") for p in self.parts if p["type"] in ("text", "refusal"))


@dataclass(slots=True)
class Prompt:
    """Everything sent to the model that counts as input."""

    messages: list[Message]
    tools: list[dict[str, Any]]


def normalize_request(body: Any, operation: str | None) -> Prompt:
    if not isinstance(body, dict):
        return Prompt([], [])
    tools = _tools(body)
    if isinstance(body.get("messages"), list):
        messages = [_chat_message(i, m) for i, m in enumerate(body["messages"])]
    elif "input" in body and (operation or "").startswith("responses"):
        messages = _responses_input(body)
    elif "input" in body:
        messages = _plain_inputs(body.get("input"))
    elif "prompt" in body:
        messages = _plain_inputs(body.get("prompt"))
    else:
        messages = []
    return Prompt(messages, tools)


def normalize_messages(raw: list[Any]) -> list[Message]:
    """Messages that arrive without a request body around them (APIM GatewayLlmLogs)."""
    return [_chat_message(i, m) for i, m in enumerate(raw)]


def _tools(body: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for key in ("tools", "functions"):
        value = body.get(key)
        if isinstance(value, list):
            out.extend(t for t in value if isinstance(t, dict))
    return out


def _chat_message(index: int, raw: Any) -> Message:
    if not isinstance(raw, dict):
        return Message(index, "unknown", [_text(raw)] if isinstance(raw, str) else [{"type": "unsupported"}])
    get = raw.get  # (every message of every resent history comes here)
    role = get("role")
    content = get("content")
    message = Message(index, role if isinstance(role, str) else "unknown",
                      [_text(content)] if isinstance(content, str) else parts(content),
                      _s(get("name")), [], _s(get("tool_call_id")))
    refusal = get("refusal")
    if isinstance(refusal, str) and refusal:
        message.parts.append({"type": "refusal", "text": refusal})
    for call in get("tool_calls") or []:
        if isinstance(call, dict):
            fn = call.get("function") if isinstance(call.get("function"), dict) else {}
            message.tool_calls.append(ToolCallRef(_s(call.get("id")), _s(fn.get("name")), _args(fn.get("arguments"))))
    if isinstance(raw.get("function_call"), dict):
        fn = raw["function_call"]
        message.tool_calls.append(ToolCallRef(None, _s(fn.get("name")), _args(fn.get("arguments"))))
    return message


def parts(content: Any) -> list[Part]:
    """One message's content (string, null, or array of parts) -> canonical parts."""
    if content is None:
        return []
    if isinstance(content, str):
        return [_text(content)]
    if isinstance(content, dict):
        content = [content]
    if not isinstance(content, list):
        return [{"type": "unsupported", "reason": f"content of type {type(content).__name__}"}]
    return [_part(p) for p in content]


def _part(raw: Any) -> Part:
    if isinstance(raw, str):
        return _text(raw)
    if not isinstance(raw, dict):
        return {"type": "unsupported", "reason": f"part of type {type(raw).__name__}"}
    kind = raw.get("type")
    if kind in ("text", "input_text", "output_text") or (kind is None and isinstance(raw.get("text"), str)):
        return _text(raw.get("text") if isinstance(raw.get("text"), str) else "")
    if kind == "refusal":
        return {"type": "refusal", "text": raw.get("refusal") if isinstance(raw.get("refusal"), str) else ""}
    if kind in ("image_url", "input_image"):
        spec = raw.get("image_url")
        url = spec.get("url") if isinstance(spec, dict) else spec
        detail = (spec.get("detail") if isinstance(spec, dict) else None) or raw.get("detail") or "auto"
        return _image(url if isinstance(url, str) else None, str(detail), _s(raw.get("file_id")))
    if kind == "input_audio":
        audio = raw.get("input_audio") if isinstance(raw.get("input_audio"), dict) else raw
        part: Part = {"type": "audio", "format": _s(audio.get("format"))}
        blob = images.parse_base64(audio["data"]) if isinstance(audio.get("data"), str) else None
        if blob:
            part.update(bytes=blob.size, sha256=blob.sha256)
        return part
    if kind in ("file", "input_file"):
        spec = raw.get("file") if isinstance(raw.get("file"), dict) else raw
        part = {"type": "file", "filename": _s(spec.get("filename")), "file_id": _s(spec.get("file_id"))}
        data = spec.get("file_data")
        blob = images.parse_data_url(data) if isinstance(data, str) and data.startswith("data:") else (
            images.parse_base64(data) if isinstance(data, str) else None)
        if blob:
            part.update(mime=blob.mime, bytes=blob.size, sha256=blob.sha256)
        return part
    return {"type": "unsupported", "original_type": str(kind)[:64]}


def _text(text: str) -> Part:
    return {"type": "text", "text": text}


def _image(url: str | None, detail: str, file_id: str | None) -> Part:
    part: Part = {"type": "image", "detail": detail}
    if file_id:
        part["file_id"] = file_id
    if not url:
        return part
    if url.startswith("data:"):
        blob = images.parse_data_url(url)
        part["source"] = "data"
        if blob:
            part.update(mime=blob.mime, bytes=blob.size, sha256=blob.sha256, width=blob.width, height=blob.height)
        else:
            part["invalid"] = True
        return part
    split = urlsplit(url[:2048])
    host = split.netloc.rpartition("@")[2]  # never `user:password@`
    part.update(source="url", url=f"{split.scheme}://{host}{split.path}",
                url_sha256=hashlib.sha256(url.encode("utf-8", "replace")).hexdigest())
    return part


def _responses_input(body: dict[str, Any]) -> list[Message]:
    messages: list[Message] = []
    if isinstance(body.get("instructions"), str):
        messages.append(Message(0, "system", [_text(body["instructions"])]))
    value = body.get("input")
    items = [{"role": "user", "content": value}] if isinstance(value, str) else value if isinstance(value, list) else []
    for item in items:
        index = len(messages)
        if not isinstance(item, dict):
            messages.append(Message(index, "unknown", [{"type": "unsupported"}]))
        elif item.get("type") == "function_call":
            messages.append(Message(index, "assistant", [], tool_calls=[
                ToolCallRef(_s(item.get("call_id")), _s(item.get("name")), _args(item.get("arguments")))]))
        elif item.get("type") == "function_call_output":
            output = item.get("output")
            messages.append(Message(index, "tool", parts(output if isinstance(output, (str, list)) else None),
                                    tool_call_id=_s(item.get("call_id"))))
        else:
            messages.append(_chat_message(index, item))
    return messages


def _plain_inputs(value: Any) -> list[Message]:
    """Completions prompts and embeddings inputs: strings, lists of strings, or token arrays."""
    if isinstance(value, str):
        return [Message(0, "user", [_text(value)])]
    if isinstance(value, list):
        if value and all(isinstance(v, int) for v in value):
            return [Message(0, "user", [{"type": "tokens", "count": len(value)}])]
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append(Message(i, "user", [_text(item)]))
            elif isinstance(item, list):
                out.append(Message(i, "user", [{"type": "tokens", "count": len(item)}]))
        return out
    return []


def _s(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _args(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    import json

    return json.dumps(value, ensure_ascii=False)
