"""`export chargeback`: the per-request documents as Power BI (or pandas) reads them, from either store.

- **Stable columns**: the CSV's columns never depend on the data (`COLUMNS`, in this order);
  a value the document lacks is an empty cell, and `tags` is one JSON column (`--tag KEY`
  adds a `tags.KEY` column, present whatever the data).
- **Typed**: booleans are `true`/`false`, times RFC 3339 UTC, amounts exact decimal strings,
  counts integers. `DTYPES` declares each column's pandas dtype; docs/reports.md lists them.
- **No totals in the data**: `--totals FILE` writes the selection's total to a file of its own.
- Selections (`--period`, `--from/--to`), `--where` filters and allocation work as in `chargeback`.
- `--format focus` writes FOCUS rows instead (reports/focus.py); `jsonl` the documents.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence, TextIO

from aoai_logpipe.reports import rollup
from aoai_logpipe.reports.allocation import Allocator
from aoai_logpipe.reports.filters import Where
from aoai_logpipe.reports.reader import DocumentReader, Row, Selection

#: every field of a chargeback document, in the document's order (`jsonl` rebuilds documents from them)
DOCUMENT_FIELDS = ("id", "doc_type", "request_id", "dialect", "time", "period", "operation", "deployment", "model",
                   "stream", "status", "subscription_id", "subscription_name", "product", "app_id", "user_id",
                   "user_name", "tenant_id", "client_ip", "cost_center", "business_unit", "tags", "usage",
                   "usage_source", "reported", "estimated", "drift", "cost", "completeness", "attribution", "rank")
_USAGE = ("prompt_tokens", "completion_tokens", "total_tokens", "cached_tokens", "reasoning_tokens")

#: CSV column -> pandas dtype ("datetime" columns: pass them to parse_dates instead)
DTYPES: dict[str, str] = {
    "id": "string", "request_id": "string", "dialect": "string", "time": "datetime", "period": "string",
    "operation": "string", "deployment": "string", "model": "string", "stream": "boolean", "status": "Int64",
    "subscription_id": "string", "subscription_name": "string", "product": "string", "app_id": "string",
    "user_id": "string", "user_name": "string", "tenant_id": "string", "client_ip": "string",
    "cost_center": "string", "business_unit": "string",
    "allocated_cost_center": "string", "allocated_business_unit": "string", "allocation": "string",
    "allocation_version": "string", "attribution": "string", "tags": "string",
    **{f"usage.{k}": "Int64" for k in _USAGE},
    "usage_source": "string",
    **{f"reported.{k}": "Int64" for k in _USAGE},
    "estimated.prompt_tokens": "Int64", "estimated.completion_tokens": "Int64", "estimated.unestimated_parts": "Int64",
    "drift.prompt": "Float64", "drift.completion": "Float64",
    "cost.currency": "string", "cost.input": "Float64", "cost.cached_input": "Float64", "cost.output": "Float64",
    "cost.total": "Float64", "cost.price_id": "string", "cost.priced": "boolean", "cost.reason": "string",
    "completeness": "string", "rank": "Int64", "adjusts_period": "string", "sign": "Int64",
}
COLUMNS: tuple[str, ...] = tuple(DTYPES)


async def rows(reader: DocumentReader, selection: Selection, wheres: Sequence[Where], allocator: Allocator,
               ledger: Any = None, as_closed: bool = False) -> list[Row]:
    """The selection's documents (all fields, allocation under `allocated`, adjustments of closed
    periods marked), filtered, in time then id order (the same order on every store)."""
    from aoai_logpipe.reports import close  # close builds on this module

    found = await close.period_rows(reader, ledger, selection, allocator, as_closed=as_closed)
    out = [row for row in found.rows if all(w.matches(row["allocated"]) for w in wheres)]
    out.sort(key=lambda d: (d.get("adjusts") or "", d.get("time") or "", d.get("id") or "", d.get("sign") or 0))
    return out


def cell(value: Any) -> str:
    """A CSV cell: empty for null, lowercase booleans, JSON for objects, the value otherwise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return str(value)


def uniform_time(text: Any) -> Any:
    """RFC 3339 UTC with microseconds, whatever precision was stored: one format per column, so a
    reader parses every row with the format it infers from the first."""
    if not isinstance(text, str) or not text:
        return text
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)
    except ValueError:
        return text
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def csv_row(doc: Row, tags: Sequence[str] = ()) -> list[str]:
    allocated = doc.get("allocated") or doc
    values: dict[str, Any] = {name: doc.get(name) for name in COLUMNS if "." not in name}
    values["time"] = uniform_time(doc.get("time"))
    values.update(allocated_cost_center=allocated.get("cost_center"),
                  allocated_business_unit=allocated.get("business_unit"),
                  allocation=allocated.get("allocation"), allocation_version=allocated.get("allocation_version"),
                  attribution=allocated.get("attribution"), adjusts_period=doc.get("adjusts"), sign=doc.get("sign"))
    for group in ("usage", "reported", "estimated", "drift", "cost"):
        nested = doc.get(group) if isinstance(doc.get(group), dict) else {}
        for name in COLUMNS:
            if name.startswith(group + "."):
                values[name] = nested.get(name.split(".", 1)[1])
    for name in ("drift.prompt", "drift.completion"):  # one spelling of a number whatever the store kept (0 / 0.0)
        if isinstance(values.get(name), (int, float)) and not isinstance(values[name], bool):
            values[name] = repr(float(values[name]))
    doc_tags = doc.get("tags") if isinstance(doc.get("tags"), dict) else {}
    return [cell(values.get(name)) for name in COLUMNS] + [cell(doc_tags.get(key)) for key in tags]


def write_csv(docs: Iterable[Row], stream: TextIO, tags: Sequence[str] = ()) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([*COLUMNS, *(f"tags.{key}" for key in tags)])
    count = 0
    for doc in docs:
        writer.writerow(csv_row(doc, tags))
        count += 1
    return count


def write_jsonl(docs: Iterable[Row], stream: TextIO) -> int:
    """The stored documents, unchanged (allocation and adjustments are report-time facts, not in them)."""
    count = 0
    for doc in docs:
        stream.write(json.dumps({name: doc.get(name) for name in DOCUMENT_FIELDS}, ensure_ascii=False) + "\n")
        count += 1
    return count


def totals_csv(docs: Sequence[Row], selection: Selection) -> str:
    """The selection's total as a one-row CSV (`--totals FILE`): never a row of the data file."""
    total = rollup.aggregate([d.get("allocated") or d for d in docs], [], selection)
    return rollup.render_totals_csv(total)
