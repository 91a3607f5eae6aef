"""Token accounting: an offline estimate for every request, reconciled with reported usage.

Reported usage (non-streamed body, include_usage chunk, or a gateway's counts) is
authoritative when present; the estimate is always computed too, so drift is visible.
The encoding follows the billable model from the response, not the deployment name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

from aoai_logpipe.core.content import Message, Prompt
from aoai_logpipe.core.merge import Choice
from aoai_logpipe.core.types import Usage

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMING = 3

# (base, per 512-px tile) image costs; gpt-4o-mini bills images at a much higher rate.
_IMAGE_COSTS: list[tuple[str, tuple[int, int]]] = [
    ("gpt-4o-mini", (2833, 5667)),
    ("", (85, 170)),
]

_O200K_PREFIXES = ("gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "gpt-oss", "codex", "computer-use")
_CL100K_PREFIXES = ("gpt-4", "gpt-35", "gpt-3.5", "text-embedding", "davinci-002", "babbage-002")


class TokenCounter(Protocol):
    def count(self, text: str, encoding: str) -> int: ...


def encoding_for(model: str | None) -> tuple[str, bool]:
    """(encoding name, guessed?) for a billable model name."""
    name = (model or "").lower().removeprefix("ft:").removeprefix("azure/")
    if name.startswith(_O200K_PREFIXES):
        return "o200k_base", False
    if name.startswith(_CL100K_PREFIXES):
        return "cl100k_base", False
    return "o200k_base", True


def image_tokens(width: int | None, height: int | None, detail: str, model: str | None) -> int:
    """The tile formula: fit in 2048x2048, shortest side to 768, 170 per 512-px tile + 85."""
    base, per_tile = next(cost for prefix, cost in _IMAGE_COSTS if (model or "").lower().startswith(prefix))
    if detail == "low" or not width or not height:
        return base
    w, h = float(width), float(height)
    if max(w, h) > 2048:
        scale = 2048 / max(w, h)
        w, h = w * scale, h * scale
    if min(w, h) > 768:
        scale = 768 / min(w, h)
        w, h = w * scale, h * scale
    tiles = math.ceil(w / 512) * math.ceil(h / 512)
    return base + per_tile * tiles


@dataclass(slots=True)
class Estimate:
    prompt_tokens: int
    completion_tokens: int
    unestimated_parts: int
    encoding: str
    encoding_guessed: bool


@dataclass(slots=True)
class Reconciled:
    usage: Usage
    source: str  # "reported" | "estimated"
    reported: Usage | None
    estimate: Estimate
    drift_prompt: float | None
    drift_completion: float | None


class Estimator:
    def __init__(self, counter: TokenCounter) -> None:
        self.counter = counter

    def prompt(self, prompt: Prompt, model: str | None, operation: str | None) -> tuple[int, int, str, bool]:
        encoding, guessed = encoding_for(model)
        count = self.counter.count
        chat = not (operation or "").startswith(("embeddings", "completions"))
        total = 0
        unestimated = 0
        for message in prompt.messages:
            if chat:
                total += TOKENS_PER_MESSAGE + count(message.role, encoding)
                if message.name:
                    total += TOKENS_PER_NAME + count(message.name, encoding)
            total_parts, skipped = self._parts(message, encoding, model)
            total += total_parts
            unestimated += skipped
            for call in message.tool_calls:
                total += count(call.name or "", encoding) + count(call.arguments, encoding) + 3
        if chat and prompt.messages:
            total += REPLY_PRIMING
        total += self.tools(prompt.tools, encoding)
        return total, unestimated, encoding, guessed

    def _parts(self, message: Message, encoding: str, model: str | None) -> tuple[int, int]:
        total = skipped = 0
        for part in message.parts:
            kind = part["type"]
            if kind in ("text", "refusal"):
                total += self.counter.count(part.get("text") or "", encoding)
            elif kind == "image":
                total += image_tokens(part.get("width"), part.get("height"), str(part.get("detail") or "auto"), model)
            elif kind == "tokens":
                total += int(part.get("count") or 0)
            else:
                skipped += 1
        return total, skipped

    def tools(self, tools: list[dict[str, Any]], encoding: str) -> int:
        """Function definitions, after OpenAI's published approximation for o200k/cl100k models."""
        if not tools:
            return 0
        count = self.counter.count
        total = 0
        for tool in tools:
            fn = tool.get("function") if isinstance(tool.get("function"), dict) else tool
            total += 7  # function init
            total += count(f"{fn.get('name', '')}:{fn.get('description', '')}", encoding)
            params = fn.get("parameters") if isinstance(fn.get("parameters"), dict) else {}
            props = params.get("properties") if isinstance(params.get("properties"), dict) else {}
            if props:
                total += 3
                for key, spec in props.items():
                    total += 3
                    spec = spec if isinstance(spec, dict) else {}
                    total += count(f"{key}:{spec.get('type', '')}:{spec.get('description', '')}", encoding)
                    enum = spec.get("enum")
                    if isinstance(enum, list):
                        total -= 3
                        total += sum(3 + count(str(item), encoding) for item in enum)
        return total + 12

    def completion(self, choices: list[Choice], encoding: str) -> int:
        count = self.counter.count
        total = 0
        for choice in choices:
            total += count(choice.text or "", encoding) + count(choice.refusal or "", encoding)
            calls = choice.tool_calls + ([choice.function_call] if choice.function_call else [])
            for call in calls:
                total += count(call.name or "", encoding) + count(call.arguments, encoding) + 3
        return total

    def estimate(self, prompt: Prompt, choices: list[Choice], model: str | None, operation: str | None) -> Estimate:
        prompt_tokens, unestimated, encoding, guessed = self.prompt(prompt, model, operation)
        return Estimate(prompt_tokens, self.completion(choices, encoding), unestimated, encoding, guessed)


def _drift(estimated: int, reported: int) -> float | None:
    if reported == 0:
        return 0.0 if estimated == 0 else None
    return round((estimated - reported) / reported, 4)


def reconcile(reported: Usage | None, estimate: Estimate) -> Reconciled:
    if reported is not None:
        return Reconciled(
            usage=reported,
            source="reported",
            reported=reported,
            estimate=estimate,
            drift_prompt=_drift(estimate.prompt_tokens, reported.prompt_tokens),
            drift_completion=_drift(estimate.completion_tokens, reported.completion_tokens),
        )
    usage = Usage(
        prompt_tokens=estimate.prompt_tokens,
        completion_tokens=estimate.completion_tokens,
        total_tokens=estimate.prompt_tokens + estimate.completion_tokens,
    )
    return Reconciled(usage, "estimated", None, estimate, None, None)
