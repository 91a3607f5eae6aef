"""Access to the real captures in ../shared/fixtures/captures (read in place, never copied)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CAPTURES = ROOT.parent / "shared" / "fixtures" / "captures"


def require() -> Path:
    if not CAPTURES.is_dir():
        pytest.skip(f"shared captures not found at {CAPTURES} (a clone outside the workspace)")
    return CAPTURES


@dataclass
class Interaction:
    name: str
    request: Any  # parsed request body (dict) or None
    response_text: str | None  # raw body text (SSE or JSON)
    response_json: Any  # parsed JSON body when not SSE

    @property
    def is_sse(self) -> bool:
        return self.response_text is not None and self.response_text.lstrip().startswith(("data:", "event:"))


def text(name: str) -> str:
    """A .txt capture as SSE text; the vercel one-payload-per-line format is re-framed."""
    raw = (require() / name).read_text(encoding="utf-8")
    if raw.lstrip().startswith("{"):  # vercel chunks format: one JSON per line, no framing, no [DONE]
        return "".join(f"data: {line}\n\n" for line in raw.splitlines() if line.strip()) + "data: [DONE]\n\n"
    return raw


def cassette(name: str) -> list[Interaction]:
    data = yaml.safe_load((require() / name).read_text(encoding="utf-8"))
    out = []
    for i, item in enumerate(data["interactions"]):
        req, resp = item["request"], item["response"]
        request = req.get("parsed_body")
        if request is None and isinstance(req.get("body"), str):
            try:
                request = json.loads(req["body"])
            except ValueError:
                request = None
        body = resp.get("body")
        response_text = body.get("string") if isinstance(body, dict) else None
        response_json = resp.get("parsed_body")
        if response_json is None and response_text and not response_text.lstrip().startswith(("data:", "event:")):
            response_json = json.loads(response_text)
        out.append(Interaction(f"{name}#{i}", request, response_text, response_json))
    return out


def oracle(sse: str) -> dict[str, Any]:
    """A deliberately naive reading of a chat SSE body, to check the real parser against."""
    texts: dict[int, str] = {}
    finish: dict[int, str] = {}
    args: dict[tuple[int, int], str] = {}
    names: dict[tuple[int, int], str] = {}
    usage = None
    for line in sse.splitlines():
        if not line.startswith("data: ") or line == "data: [DONE]":
            continue
        obj = json.loads(line[6:])
        if obj.get("usage"):
            usage = obj["usage"]
        for choice in obj.get("choices") or []:
            i = choice["index"]
            delta = choice.get("delta") or {}
            if delta.get("content"):
                texts[i] = texts.get(i, "") + delta["content"]
            for call in delta.get("tool_calls") or []:
                key = (i, call["index"])
                fn = call.get("function") or {}
                args[key] = args.get(key, "") + (fn.get("arguments") or "")
                if fn.get("name"):
                    names[key] = fn["name"]
            if choice.get("finish_reason"):
                finish[i] = choice["finish_reason"]
    return {"texts": texts, "finish": finish, "args": args, "names": names, "usage": usage}
