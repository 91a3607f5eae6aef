"""Period close: frozen month-end numbers, and late events as adjustments of the next open period.

`chargeback close --period P` stores a snapshot of P in the ledger (io/ledger.py): every
chargeback document of P as it stood (all fields, plus its allocation at close time), each
document's content hash, the close-time rollup, and a content hash over all of it. It is
written once (create-only: a second close of P is refused) and never changed afterwards.

Later, a document of a closed period may appear (a late event) or change (a late caller half
upgrading attribution, a late usage chunk). Such differences are **adjustments**: they never
touch the snapshot and are reported in the first period after P that is not closed, as
groups marked `adjusts_period = P` (old version with sign -1, new version with sign +1), so
that period's total is what to bill for it. When that period is closed in turn, its snapshot
records the adjustments it absorbed, and the next open period only shows what changed since.

`--as-closed` rebuilds a closed period from its snapshot alone (the hash is checked first), so
it reproduces the closed numbers exactly, whatever happened in the store since.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Sequence

from aoai_logpipe.io.ledger import Ledger
from aoai_logpipe.reports.allocation import Allocator
from aoai_logpipe.reports.exports import DOCUMENT_FIELDS
from aoai_logpipe.reports.reader import DocumentReader, Row, Selection

#: the allocation facts kept with each document in a snapshot
ALLOCATED_FIELDS = ("cost_center", "business_unit", "allocation", "allocation_version", "attribution")
CHUNK_ROWS = 400  # ~1.3 KB a document: well under Cosmos DB's 2 MB item limit


class CloseError(ValueError):
    """A close cannot be done or used (already closed, not closed, tampered snapshot)."""


@dataclass(frozen=True)
class Entry:
    """One document as a period saw it: its stored fields, their hash, its allocation."""

    id: str
    hash: str
    doc: Row
    allocated: Row

    def row(self, sign: int = 1, adjusts: str | None = None) -> Row:
        """A rollup/export row: the document with its allocation (and adjustment marks)."""
        allocated = {**self.doc, **self.allocated}
        out = {**self.doc, "allocated": allocated}
        if adjusts is not None:
            out.update(adjusts=adjusts, sign=sign)
            allocated.update(adjusts=adjusts, sign=sign)
        return out

    def as_json(self) -> Row:
        return {"id": self.id, "hash": self.hash, "doc": self.doc, "allocated": self.allocated}

    @classmethod
    def of(cls, data: Row) -> "Entry":
        return cls(data["id"], data["hash"], data["doc"], data["allocated"])


@dataclass(frozen=True)
class Adjustment:
    """A document of closed period `origin` that differs from what was billed: old -> new."""

    origin: str
    id: str
    old: Entry | None
    new: Entry | None

    def rows(self) -> list[Row]:
        out = []
        if self.old is not None:
            out.append(self.old.row(-1, self.origin))
        if self.new is not None:
            out.append(self.new.row(+1, self.origin))
        return out

    def as_json(self) -> Row:
        return {"origin": self.origin, "id": self.id, "old": self.old.as_json() if self.old else None,
                "new": self.new.as_json() if self.new else None}

    @classmethod
    def of(cls, data: Row) -> "Adjustment":
        return cls(data["origin"], data["id"], Entry.of(data["old"]) if data.get("old") else None,
                   Entry.of(data["new"]) if data.get("new") else None)


@dataclass
class Snapshot:
    period: str
    closed_at: str
    own: dict[str, Entry]
    absorbed: list[Adjustment]
    header: Row = field(default_factory=dict)

    def rows(self) -> list[Row]:
        out = [entry.row() for entry in self.own.values()]
        for adjustment in self.absorbed:
            out.extend(adjustment.rows())
        return out


# --------------------------------------------------------------------------- hashing


def _canon(value: Any) -> Any:
    """One JSON spelling per value whatever the store returned (0 and 0.0 are one number)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canon(v) for v in value]
    return value


def canonical(value: Any) -> str:
    return json.dumps(_canon(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def doc_hash(doc: Row) -> str:
    return hashlib.sha256(canonical(doc).encode()).hexdigest()


def content_hash(period: str, own: Iterable[Entry], absorbed: Iterable[Adjustment]) -> str:
    body = {"period": period, "own": sorted((e.as_json() for e in own), key=lambda e: e["id"]),
            "absorbed": sorted((a.as_json() for a in absorbed), key=lambda a: (a["origin"], a["id"]))}
    return hashlib.sha256(canonical(body).encode()).hexdigest()


# --------------------------------------------------------------------------- periods


def next_period(period: str) -> str:
    year, month = map(int, period.split("-"))
    return f"{year + (month == 12)}-{month % 12 + 1:02d}"


def landing_origins(closed: Iterable[str], period: str) -> list[str]:
    """The closed periods whose adjustments land in `period`: the unbroken run of closed months
    just before it (an open month in between takes them instead)."""
    closed = set(closed)
    if period in closed or period == "unknown":
        return []
    year, month = map(int, period.split("-"))
    out = []
    while True:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        previous = f"{year}-{month:02d}"
        if previous not in closed:
            return sorted(out)
        out.append(previous)


# --------------------------------------------------------------------------- reading


async def live_entries(reader: DocumentReader, period: str, allocator: Allocator) -> dict[str, Entry]:
    fields = list(dict.fromkeys([*DOCUMENT_FIELDS, *allocator.fields()]))
    out = {}
    async for doc in reader.chargeback(Selection(period=period), fields):
        stored = {name: doc.get(name) for name in DOCUMENT_FIELDS}
        allocated = allocator.apply(doc)
        out[stored["id"]] = Entry(stored["id"], doc_hash(stored), stored, {k: allocated.get(k) for k in ALLOCATED_FIELDS})
    return out


async def snapshots(ledger: Ledger) -> dict[str, Snapshot]:
    """Every closed period's snapshot, hash-checked."""
    headers = await ledger.query("close")
    if not headers:
        return {}
    chunks = {c["id"]: c for c in await ledger.query("close-chunk")}
    out = {}
    for header in headers:
        own: dict[str, Entry] = {}
        absorbed: list[Adjustment] = []
        for chunk_id in header["chunks"]:
            chunk = chunks.get(chunk_id)
            if chunk is None:
                raise CloseError(f"the snapshot of {header['period']} lacks its part {chunk_id}: the ledger was altered")
            own.update((e["id"], Entry.of(e)) for e in chunk.get("own", []))
            absorbed.extend(Adjustment.of(a) for a in chunk.get("absorbed", []))
        if content_hash(header["period"], own.values(), absorbed) != header["hash"]:
            raise CloseError(f"the snapshot of {header['period']} does not match its content hash: it was altered")
        out[header["period"]] = Snapshot(header["period"], header["closed_at"], own, absorbed, header)
    return out


def baseline(closed: dict[str, Snapshot], origin: str, period: str) -> dict[str, Entry]:
    """What has been billed for `origin` up to (not including) `period`: its snapshot, plus the
    adjustments that later closed periods absorbed."""
    state = dict(closed[origin].own)
    for later in sorted(p for p in closed if origin < p < period):
        for adjustment in closed[later].absorbed:
            if adjustment.origin == origin:
                if adjustment.new is None:
                    state.pop(adjustment.id, None)
                else:
                    state[adjustment.id] = adjustment.new
    return state


async def adjustments(reader: DocumentReader, closed: dict[str, Snapshot], period: str,
                      allocator: Allocator) -> list[Adjustment]:
    """Late changes to closed periods that land in `period`."""
    out = []
    for origin in landing_origins(closed, period):
        out.extend(_differences(origin, baseline(closed, origin, period), await live_entries(reader, origin, allocator)))
    return out


def _differences(origin: str, billed: dict[str, Entry], live: dict[str, Entry]) -> list[Adjustment]:
    out = []
    for doc_id in sorted(set(billed) | set(live)):
        old, new = billed.get(doc_id), live.get(doc_id)
        if old is None or new is None or old.hash != new.hash:
            out.append(Adjustment(origin, doc_id, old, new))
    return out


# --------------------------------------------------------------------------- rows for reports


@dataclass
class PeriodRows:
    """What a report of a selection adds up: documents (and adjustments), plus what to say."""

    rows: list[Row]  # export rows: the document, with `allocated`, `adjusts` and `sign` when adjusting
    notes: list[str]
    snapshot: Snapshot | None = None

    def allocated(self) -> list[Row]:
        return [r["allocated"] for r in self.rows]


async def period_rows(reader: DocumentReader, ledger: Ledger | None, selection: Selection, allocator: Allocator,
                      *, as_closed: bool = False, fields: Sequence[str] = DOCUMENT_FIELDS) -> PeriodRows:
    """The rows of a selection: live documents (the given fields), plus adjustments when it is an
    open period after closed ones; or, `as_closed`, the closed snapshot alone."""
    closed = await snapshots(ledger) if ledger is not None else {}
    period = selection.period
    if as_closed:
        if not period or selection.time_from or selection.time_to:
            raise CloseError("--as-closed reproduces a closed period: give --period, without --from/--to")
        if period not in closed:
            raise CloseError(f"period {period} is not closed (close it with `aoai-logpipe chargeback close --period "
                             f"{period}`)")
        snap = closed[period]
        return PeriodRows(snap.rows(), [f"closed      {period} as closed at {snap.closed_at} (snapshot "
                                        f"{snap.header['hash'][:12]}, {len(snap.own):,} documents, "
                                        f"{len(snap.absorbed):,} adjustments absorbed)"], snap)
    rows = []
    async for doc in reader.chargeback(selection, list(dict.fromkeys([*fields, *allocator.fields()]))):
        stored = {name: doc.get(name) for name in fields}
        stored["allocated"] = allocator.apply(doc)
        rows.append(stored)
    notes = []
    if period and period in closed:
        billed = baseline(closed, period, "9999-12")  # the snapshot and every adjustment billed since
        mine = _differences(period, billed, await live_entries(reader, period, allocator))
        landing = next_period(period)
        while landing in closed:
            landing = next_period(landing)
        notes.append(f"closed      {period} was closed at {closed[period].closed_at}; these are the live numbers"
                     + (f": {len(mine):,} documents changed since, billed as adjustments in {landing}"
                        if mine else ", unchanged since") + " (--as-closed shows the closed numbers)")
    elif period and not selection.time_from and not selection.time_to:
        late = await adjustments(reader, closed, period, allocator)
        for adjustment in late:
            rows.extend(adjustment.rows())
        origins = sorted({a.origin for a in late})
        if origins:
            notes.append(f"adjustments {len(late):,} documents of closed {', '.join(origins)} changed after the close: "
                         "they are billed here, marked [adj. PERIOD]")
    return PeriodRows(rows, notes)


# --------------------------------------------------------------------------- closing


async def close_period(reader: DocumentReader, ledger: Ledger, period: str, allocator: Allocator,
                       summary: Callable[[list[Row]], Row], now: datetime | None = None) -> Snapshot:
    """Store the snapshot of `period` (create-only; refused if it is already closed). `summary`
    turns the snapshot's rows into the rollup stored with it (the numbers people saw)."""
    closed = await snapshots(ledger)
    if period in closed:
        raise CloseError(f"period {period} was already closed at {closed[period].closed_at}; a closed period never "
                         "changes (later events are adjustments of the next open period)")
    own = await live_entries(reader, period, allocator)
    absorbed = await adjustments(reader, closed, period, allocator)
    digest = content_hash(period, own.values(), absorbed)
    entries = sorted(own.values(), key=lambda e: e.id)
    parts: list[Row] = []
    for start in range(0, max(len(entries), 1), CHUNK_ROWS):
        parts.append({"own": [e.as_json() for e in entries[start:start + CHUNK_ROWS]], "absorbed": []})
    for start in range(0, len(absorbed), CHUNK_ROWS):
        parts.append({"own": [], "absorbed": [a.as_json() for a in absorbed[start:start + CHUNK_ROWS]]})
    chunk_ids = []
    for index, part in enumerate(parts):
        chunk_id = f"close-{period}-{digest[:16]}-{index:04d}"  # content-addressed: racing closes never mix parts
        await ledger.upsert({"id": chunk_id, "kind": "close-chunk", "period": period, **part})
        chunk_ids.append(chunk_id)
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    header = {"id": f"close-{period}", "kind": "close", "period": period, "closed_at": stamp, "hash": digest,
              "chunks": chunk_ids, "documents": len(own), "adjustments": len(absorbed),
              "adjusted_periods": sorted({a.origin for a in absorbed}),
              "allocation_versions": sorted({e.allocated.get("allocation_version") for e in own.values()} - {None}),
              "rollup": summary(Snapshot(period, stamp, own, absorbed).rows())}
    if not await ledger.create(header):
        raise CloseError(f"period {period} was closed by someone else meanwhile")
    return Snapshot(period, stamp, own, absorbed, header)
