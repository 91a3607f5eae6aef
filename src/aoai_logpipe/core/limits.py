"""Plausibility bounds on untrusted values: what an event claims never sizes our work or our documents.

- identity fields (deployment, model, user id, request id ...) are cut to `IDENTITY_CHARS`,
  keeping a digest of the whole value so distinct values stay distinct;
- event times outside `EARLIEST`..`LATEST` are not times we can believe (or do arithmetic with);
- token counts above configurable ceilings are implausible usage: flagged, never priced.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

from aoai_logpipe.core.types import Usage

IDENTITY_CHARS = 256
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2100, 1, 1, tzinfo=timezone.utc)


def bounded(text: str | None, limit: int = IDENTITY_CHARS) -> str | None:
    """`text`, or (when longer than `limit`) its head plus its length and a digest of the whole."""
    if text is None or len(text) <= limit:
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    marker = f"…[{len(text)} chars, sha256 {digest}]"
    return text[: max(limit - len(marker), 0)] + marker


def plausible_time(value: datetime | None) -> datetime | None:
    """An aware UTC time inside the plausible window, or None."""
    if value is None:
        return None
    try:
        value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    except (OverflowError, ValueError):  # e.g. 0001-01-01T00:00:00+01:00 has no UTC representation
        return None
    return value if EARLIEST <= value < LATEST else None


@dataclass(frozen=True, slots=True)
class UsageLimits:
    """Ceilings on the token counts of one request (the largest context windows are ~1-2M tokens)."""

    max_prompt_tokens: int = 10_000_000
    max_completion_tokens: int = 1_000_000

    def implausible(self, usage: Usage | None) -> str | None:
        """Why `usage` cannot be believed, or None if it can."""
        if usage is None:
            return None
        counts = (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens, usage.cached_tokens,
                  usage.reasoning_tokens)
        if any(c < 0 for c in counts):
            return "negative token count"
        if usage.prompt_tokens > self.max_prompt_tokens or usage.cached_tokens > self.max_prompt_tokens:
            return f"prompt tokens over {self.max_prompt_tokens:,}"
        if usage.completion_tokens > self.max_completion_tokens or usage.reasoning_tokens > self.max_completion_tokens:
            return f"completion tokens over {self.max_completion_tokens:,}"
        if usage.total_tokens > self.max_prompt_tokens + self.max_completion_tokens:
            return f"total tokens over {self.max_prompt_tokens + self.max_completion_tokens:,}"
        return None
