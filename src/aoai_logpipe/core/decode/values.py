"""Small readers for untrusted field values, shared by the dialect decoders.

Each returns None for anything it cannot read safely instead of raising: a missing or
malformed field is a gap in the record, not a reason to lose the event.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import Any, Mapping

from aoai_logpipe.core.limits import bounded, plausible_time
from aoai_logpipe.core.types import Usage


class Reject(Exception):
    """The event (or record) cannot be decoded: `reason` is its stable dead-letter code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def ci(mapping: Mapping[str, Any], name: str) -> Any:
    """Case-insensitive key lookup: APIM exports vary (`correlationId` / `CorrelationId`)."""
    if name in mapping:
        return mapping[name]
    lowered = name.lower()
    for key, value in mapping.items():
        if key.lower() == lowered:
            return value
    return None


def content_id(body: bytes) -> str:
    return "sha256-" + hashlib.sha256(body).hexdigest()[:32]


def json_text(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False)


def as_text(value: Any) -> str | None:
    """An identity-like field (ids, names, addresses): a trimmed string of bounded length, or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    if isinstance(value, int) and abs(value) >= 10**18:  # no id is a 20-digit number (and str() would be costly)
        return None
    return bounded(str(value).strip()) or None


def as_na(value: Any) -> str | None:
    out = as_text(value)
    return None if out in ("NA", "N/A") else out


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        digits = value.strip().replace(",", "")
        if digits.lstrip("-").isdigit() and len(digits) < 19:
            return int(digits)
    return None


def token_usage(prompt: Any, completion: Any, total: Any, *, cached: Any = None, reasoning: Any = None) -> Usage | None:
    """Gateway token counts (ints or strings). Missing counts mean no usage, never zero."""
    p, c, t = as_int(prompt), as_int(completion), as_int(total)
    if p is None and c is None and t is None:
        return None
    if p is None or p < 0 or (c is not None and c < 0):
        return None
    c = c or 0
    return Usage(prompt_tokens=p, completion_tokens=c, total_tokens=t if t is not None else p + c,
                 cached_tokens=max(as_int(cached) or 0, 0), reasoning_tokens=max(as_int(reasoning) or 0, 0))


def as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def caller_from_headers(headers: Mapping[str, str], names_by_field: Mapping[str, tuple[str, ...]]) -> dict[str, str | None]:
    """Caller fields from the headers a gateway policy stamped (first configured name wins)."""
    found: dict[str, str | None] = {}
    for field_name, names in names_by_field.items():
        for name in names:
            value = headers.get(name.lower())
            if value and value.lower() != "unknown":
                found[field_name] = bounded(value)
                break
    return found


_US_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p")
# The first format as `DateTime.ToString()` writes it, read without strptime (slow: locale and
# regex cache per call); anything else, or out of range, is left to strptime.
_US_TIME = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2}) ([AP])M")


def parse_time(value: Any) -> datetime | None:
    """ISO 8601 / RFC 3339, or the US-locale `DateTime.ToString()` of APIM policies (UTC).

    None for anything else, and for times outside the plausible window (core/limits.py)."""
    if not isinstance(value, str) or not value or len(value) > 64:
        return None
    stripped = value.strip()
    try:
        return aware(datetime.fromisoformat(stripped))
    except ValueError:
        pass
    us = _US_TIME.fullmatch(stripped)
    if us is not None:
        month, day, year, hour, minute, second = map(int, us.groups()[:6])
        if 1 <= month <= 12 and 1 <= hour <= 12 and minute <= 59 and second <= 59 and day >= 1:
            try:
                return aware(datetime(year, month, day, hour % 12 + (12 if us[7] == "P" else 0), minute, second))
            except ValueError:  # no such day: strptime says so too
                pass
    for fmt in _US_FORMATS:
        try:
            return aware(datetime.strptime(stripped, fmt))
        except ValueError:
            continue
    return None


def aware(value: datetime) -> datetime | None:
    """UTC (naive times are taken as UTC); None outside the plausible window or unrepresentable in UTC."""
    return plausible_time(value)
