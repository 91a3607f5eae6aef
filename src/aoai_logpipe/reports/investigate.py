"""What an investigation needs beyond a list: counts by a dimension, stable pages, what fired.

Everything here works on the rows `DocumentReader.audit_search` returns, so it is identical on
SQLite and Cosmos DB (the local Cosmos server has no GROUP BY or OFFSET, and real Cosmos DB
would page an ORDER BY on one path only):

- `count_by` counts matching conversations per entity, user, app, cost center, verdict or
  content-filter category;
- a *cursor* is the (time, id) of the last row shown, plus a fingerprint of the criteria, in
  base64url: the next page is the rows after it in (time, id) order, however many documents
  share a time; a cursor from other criteria is refused;
- `filter_hits` names what the content filter did in a conversation.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, replace
from typing import Any, Iterable, Sequence

from aoai_logpipe.reports.reader import AuditFilters, ReaderError, Row

COUNT_BY = ("entity", "user", "app", "cost_center", "verdict", "filter")
NONE = "(none)"
#: entities the DLP can report besides its defaults (Presidio recognizers a policy may enable)
OTHER_ENTITIES = ("URL", "US_BANK_NUMBER", "US_DRIVER_LICENSE", "US_ITIN", "US_PASSPORT", "MEDICAL_LICENSE",
                  "DATE_TIME", "NRP")


def known_entities(configured: Iterable[str] = ()) -> list[str]:
    """Entity names a search can ask for: every one the DLP can report, and any configured."""
    from aoai_logpipe.core import dlp

    return sorted(set(dlp.NER_ENTITIES) | dlp.HIGH_RISK_ENTITIES | set(OTHER_ENTITIES) | {e.upper() for e in configured})


def check_entity(entity: str | None, known: Sequence[str]) -> None:
    if entity is not None and entity.strip().upper() not in known:
        raise ReaderError(f"unknown entity {entity!r}; known entities: {', '.join(known)}")


def filter_hits(row: Row) -> list[str]:
    """What the content filter did: the filtered categories of the response (`hate`) and of the
    prompt (`prompt:jailbreak`), `finish_reason` when a choice was cut without a category, and
    `error` when the request was refused outright."""
    hits: set[str] = set()
    for choice in row.get("choices") or []:
        if not isinstance(choice, dict):
            continue
        flagged = _filtered(choice.get("content_filter"))
        hits.update(flagged)
        if choice.get("finish_reason") == "content_filter" and not flagged:
            hits.add("finish_reason")
    for result in row.get("prompt_filter") or []:
        if isinstance(result, dict):
            hits.update(f"prompt:{c}" for c in _filtered(result.get("content_filter_results")))
    error = row.get("error")
    if isinstance(error, dict) and error.get("code") == "content_filter":
        hits.add("error")
    return sorted(hits)


def _filtered(results: Any) -> list[str]:
    if not isinstance(results, dict):
        return []
    return [category for category, verdict in results.items() if isinstance(verdict, dict) and verdict.get("filtered")]


def user_of(row: Row) -> str | None:
    return row.get("caller.user_id") or row.get("caller.user_name")


def keys(row: Row, by: str) -> list[str]:
    """The values of `by` a conversation counts under (several for entities and filters)."""
    if by == "entity":
        if not row.get("dlp.verdict"):
            return ["(dlp off)"]
        return sorted(row.get("dlp.counts.by_entity") or {}) or [NONE]
    if by == "filter":
        return filter_hits(row) or [NONE]
    if by == "verdict":
        return [row.get("dlp.verdict") or "not_screened"]
    value = {"user": user_of(row), "app": row.get("caller.app_id"), "cost_center": row.get("caller.cost_center")}[by]
    return [str(value) if value else NONE]


def count_by(rows: Iterable[Row], by: str) -> list[tuple[str, int]]:
    """(value, conversations) by count, then value. A conversation with two entities counts under both."""
    counts: Counter[str] = Counter()
    for row in rows:
        counts.update(keys(row, by))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


# --------------------------------------------------------------------------- cursors


@dataclass(frozen=True)
class Cursor:
    time: str | None  # of the last row shown
    id: str
    shown: int  # rows shown before and on the page that printed this cursor
    criteria: str  # fingerprint of the search

    def encode(self) -> str:
        return base64.urlsafe_b64encode(json.dumps(asdict(self), separators=(",", ":")).encode()).decode().rstrip("=")


def fingerprint(filters: AuditFilters) -> str:
    return hashlib.sha256(repr(filters).encode()).hexdigest()[:16]


def decode(text: str, filters: AuditFilters) -> Cursor:
    try:
        data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        cursor = Cursor(data["time"], data["id"], int(data["shown"]), data["criteria"])
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise ReaderError("--cursor is not a cursor this command printed (copy it whole)") from None
    if cursor.criteria != fingerprint(filters):
        raise ReaderError("--cursor belongs to a search with other criteria: repeat the search that printed it")
    return cursor


def order(row: Row) -> tuple[str, str]:
    return (row.get("time") or "", str(row.get("id")))


def after(filters: AuditFilters, cursor: Cursor | None) -> AuditFilters:
    """The criteria narrowed to the cursor's time onwards (rows at that very time are sorted
    out by `page`)."""
    if cursor is None or cursor.time is None:
        return filters
    sel = filters.selection
    start = max(sel.time_from or "", cursor.time)
    return replace(filters, selection=replace(sel, time_from=start))


@dataclass
class Page:
    rows: list[Row]
    first: int  # 1-based position of the first row among all matches
    total: int  # all matches, before and after the cursor
    next: Cursor | None


def page(rows: Iterable[Row], filters: AuditFilters, cursor: Cursor | None, size: int) -> Page:
    """One page of the matches (read from `after(filters, cursor)`) in (time, id) order."""
    ordered = sorted(rows, key=order)
    done = 0 if cursor is None else cursor.shown
    if cursor is not None:
        last = (cursor.time or "", cursor.id)
        ordered = [row for row in ordered if order(row) > last]
    shown = ordered[:size]
    following = None
    if len(ordered) > size and shown:
        end = shown[-1]
        following = Cursor(end.get("time"), str(end.get("id")), done + len(shown), fingerprint(filters))
    return Page(shown, done + 1, done + len(ordered), following)
