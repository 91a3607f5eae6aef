"""Chargeback rollups computed at query time from the per-request chargeback documents.

One chargeback document per request, with a deterministic id, means a replay upserts the same
documents: summing them at query time can never double-count. Amounts are summed with
Decimal in a context that traps any rounding, so every group, and the total, is exact, and
the groups add up to the total to the last digit.

"Firm" numbers: a request is firm when its usage was reported by the service
(`usage_source == "reported"`) and it was priced (`cost.priced`). Requests billed on the
offline token estimate are counted in `estimated_requests` (their cost in `estimated_cost`,
included in the totals); unpriced requests (unknown model, or no usage at all) are counted in
`unpriced_requests` and contribute tokens but no cost.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow, ROUND_HALF_EVEN, localcontext
from typing import Any, AsyncIterator, Iterable, Sequence

from aoai_logpipe.reports.reader import DocumentReader, Row, Selection
from aoai_logpipe.reports.text import NONE_LABEL, amount, label, places, plain, table

#: --by name -> chargeback document field (`day` is derived from `time`).
DIMENSIONS: dict[str, str] = {
    "cost_center": "cost_center",
    "business_unit": "business_unit",
    "subscription": "subscription_id",
    "app": "app_id",
    "user": "user_id",
    "deployment": "deployment",
    "model": "model",
    "operation": "operation",
    "day": "time",
    "period": "period",
    "currency": "cost.currency",
}
BASE_FIELDS = ("id", "usage", "usage_source", "cost")
ZERO = Decimal(0)
#: Exact arithmetic: 200 digits of precision, and any rounding raises instead of happening.
EXACT = Context(prec=200, traps=[Inexact, InvalidOperation, Overflow])

METRICS = ("requests", "prompt_tokens", "cached_tokens", "completion_tokens", "reasoning_tokens",
           "cost_input", "cost_cached_input", "cost_output", "cost_total", "share",
           "estimated_requests", "estimated_cost", "unpriced_requests", "unpriced_tokens")


class RollupError(ValueError):
    pass


def parse_by(text: str | Sequence[str]) -> tuple[str, ...]:
    names = [n.strip() for n in (text.split(",") if isinstance(text, str) else text) if n.strip()]
    unknown = [n for n in names if n not in DIMENSIONS]
    if unknown or not names:
        raise RollupError(f"--by takes a comma-separated list of: {', '.join(DIMENSIONS)}"
                          + (f" (unknown: {', '.join(unknown)})" if unknown else ""))
    if len(set(names)) != len(names):
        raise RollupError("--by names a dimension twice")
    return tuple(names)


def fields_for(by: Iterable[str]) -> list[str]:
    out = list(BASE_FIELDS)
    for name in by:
        if DIMENSIONS[name] not in out:
            out.append(DIMENSIONS[name])
    return out


def dimension_value(row: Row, name: str) -> Any:
    value = row.get(DIMENSIONS[name])
    if name == "day":
        return value[:10] if isinstance(value, str) else None
    if name == "currency" and value is None:
        cost = row.get("cost")
        return cost.get("currency") if isinstance(cost, dict) else None
    return value


@dataclass
class Totals:
    requests: int = 0
    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    reasoning_tokens: int = 0
    cost_input: Decimal = ZERO
    cost_cached_input: Decimal = ZERO
    cost_output: Decimal = ZERO
    cost_total: Decimal = ZERO
    estimated_requests: int = 0
    estimated_cost: Decimal = ZERO
    unpriced_requests: int = 0
    unpriced_tokens: int = 0

    def add(self, row: Row) -> None:
        """Count one chargeback document (only the fields in BASE_FIELDS are read)."""
        usage = row.get("usage") or {}
        cost = row.get("cost") or {}
        prompt = int(usage.get("prompt_tokens") or 0)
        completion = int(usage.get("completion_tokens") or 0)
        self.requests += 1
        self.prompt_tokens += prompt
        self.cached_tokens += int(usage.get("cached_tokens") or 0)
        self.completion_tokens += completion
        self.reasoning_tokens += int(usage.get("reasoning_tokens") or 0)
        estimated = row.get("usage_source") != "reported"
        if estimated:
            self.estimated_requests += 1
        if cost.get("priced") is True and cost.get("total") is not None:
            with localcontext(EXACT):
                total = Decimal(str(cost["total"]))
                self.cost_input += Decimal(str(cost.get("input") or 0))
                self.cost_cached_input += Decimal(str(cost.get("cached_input") or 0))
                self.cost_output += Decimal(str(cost.get("output") or 0))
                self.cost_total += total
                if estimated:
                    self.estimated_cost += total
        else:
            self.unpriced_requests += 1
            self.unpriced_tokens += prompt + completion

    def merge(self, other: "Totals") -> None:
        with localcontext(EXACT):
            for name in self.__dataclass_fields__:
                setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Group:
    key: tuple[Any, ...]
    totals: Totals
    other: int = 0  # > 0: this row folds `other` groups together (see Rollup.top)


@dataclass
class Rollup:
    by: tuple[str, ...]
    selection: Selection
    source: str
    groups: list[Group]
    total: Totals
    currency: str | None
    price_ids: list[str]
    firm_requests: int = 0
    firm_cost: Decimal = ZERO

    def share(self, totals: Totals) -> Decimal:
        """Share of the selection's total cost (6 decimals; display only, not exact)."""
        if not self.total.cost_total:
            return ZERO
        with localcontext(Context(prec=50, rounding=ROUND_HALF_EVEN)):
            return (totals.cost_total / self.total.cost_total).quantize(Decimal("0.000001"))

    def top(self, n: int) -> "Rollup":
        """The n largest groups, the rest folded into one row, so the rows still sum to the total."""
        if n <= 0 or len(self.groups) <= n:
            return self
        rest = Totals()
        for group in self.groups[n:]:
            rest.merge(group.totals)
        folded = Group(tuple(None for _ in self.by), rest, other=len(self.groups) - n)
        return Rollup(self.by, self.selection, self.source, self.groups[:n] + [folded], self.total, self.currency,
                      self.price_ids, self.firm_requests, self.firm_cost)

    def check(self) -> None:
        """The groups add up to the total, exactly (a guard: it holds by construction)."""
        summed = Totals()
        for group in self.groups:
            summed.merge(group.totals)
        for name in ("requests", "cost_input", "cost_cached_input", "cost_output", "cost_total", "prompt_tokens",
                     "completion_tokens", "estimated_cost", "unpriced_requests"):
            if getattr(summed, name) != getattr(self.total, name):
                raise AssertionError(f"rollup groups do not sum to the total for {name}")


def aggregate(rows: Iterable[Row], by: Sequence[str], selection: Selection = Selection(), source: str = "",
              sort: str = "cost", currency: str | None = None) -> Rollup:
    """Group chargeback rows by the dimensions and total them exactly."""
    groups: dict[tuple[Any, ...], Totals] = {}
    total = Totals()
    currencies: set[str] = set()
    price_ids: set[str] = set()
    firm_requests = 0
    firm_cost = ZERO
    for row in rows:
        cost = row.get("cost") or {}
        if currency is not None and cost.get("currency") != currency:
            continue
        if cost.get("currency"):
            currencies.add(cost["currency"])
        if cost.get("price_id"):
            price_ids.add(cost["price_id"])
        key = tuple(dimension_value(row, name) for name in by)
        bucket = groups.get(key)
        if bucket is None:
            bucket = groups[key] = Totals()
        bucket.add(row)
        total.add(row)
        if row.get("usage_source") == "reported" and cost.get("priced") is True:
            firm_requests += 1
            with localcontext(EXACT):
                firm_cost += Decimal(str(cost.get("total") or 0))
    if len(currencies) > 1:
        raise RollupError(f"the selection mixes currencies ({', '.join(sorted(currencies))}): amounts in different "
                          "currencies cannot be added; report one at a time with --currency")
    ordered = [Group(k, t) for k, t in groups.items()]
    if sort == "key":
        ordered.sort(key=lambda g: tuple((v is None, str(v or "")) for v in g.key))
    else:
        ordered.sort(key=lambda g: (-g.totals.cost_total, -g.totals.requests,
                                    tuple((v is None, str(v or "")) for v in g.key)))
    rollup = Rollup(tuple(by), selection, source, ordered, total, next(iter(currencies), currency),
                    sorted(price_ids), firm_requests, firm_cost)
    rollup.check()
    return rollup


async def collect(rows: AsyncIterator[Row]) -> list[Row]:
    return [row async for row in rows]


async def chargeback(reader: DocumentReader, selection: Selection, by: Sequence[str], *, sort: str = "cost",
                     currency: str | None = None) -> Rollup:
    """Fetch the needed fields of the selection and roll them up (same result on every store)."""
    rows = await collect(reader.chargeback(selection, fields_for(by)))
    return aggregate(rows, by, selection, reader.label, sort, currency)


# --------------------------------------------------------------------------- output


def _row_values(rollup: Rollup, totals: Totals) -> dict[str, Any]:
    return {
        "requests": totals.requests,
        "prompt_tokens": totals.prompt_tokens,
        "cached_tokens": totals.cached_tokens,
        "completion_tokens": totals.completion_tokens,
        "reasoning_tokens": totals.reasoning_tokens,
        "cost_input": totals.cost_input,
        "cost_cached_input": totals.cost_cached_input,
        "cost_output": totals.cost_output,
        "cost_total": totals.cost_total,
        "share": rollup.share(totals),
        "estimated_requests": totals.estimated_requests,
        "estimated_cost": totals.estimated_cost,
        "unpriced_requests": totals.unpriced_requests,
        "unpriced_tokens": totals.unpriced_tokens,
    }


def _key_labels(rollup: Rollup, group: Group) -> list[str]:
    if group.other:
        return [f"({group.other} others)"] + [""] * (len(rollup.by) - 1)
    return [label(v) for v in group.key]


def to_json(rollup: Rollup) -> dict[str, Any]:
    def jsonable(values: dict[str, Any]) -> dict[str, Any]:
        return {k: (plain(v) if isinstance(v, Decimal) else v) for k, v in values.items()}

    groups = []
    for group in rollup.groups:
        keys: dict[str, Any] = {name: value for name, value in zip(rollup.by, group.key)}
        if group.other:
            keys["others"] = group.other
        groups.append({**keys, **jsonable(_row_values(rollup, group.totals))})
    return {
        "report": "chargeback",
        "selection": rollup.selection.as_dict(),
        "source": rollup.source,
        "by": list(rollup.by),
        "currency": rollup.currency,
        "price_ids": rollup.price_ids,
        "groups": groups,
        "total": jsonable(_row_values(rollup, rollup.total)),
        "firm": {"requests": rollup.firm_requests, "cost": plain(rollup.firm_cost)},
    }


def render_json(rollup: Rollup) -> str:
    return json.dumps(to_json(rollup), indent=2, ensure_ascii=False) + "\n"


def render_csv(rollup: Rollup) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*rollup.by, *METRICS])
    for group in rollup.groups:
        values = _row_values(rollup, group.totals)
        keys = _key_labels(rollup, group) if group.other else ["" if v is None else str(v) for v in group.key]
        writer.writerow([*keys, *(plain(v) if isinstance(v, Decimal) else v for v in values.values())])
    values = _row_values(rollup, rollup.total)
    writer.writerow(["TOTAL", *[""] * (len(rollup.by) - 1),
                     *(plain(v) if isinstance(v, Decimal) else v for v in values.values())])
    return out.getvalue()


def render_table(rollup: Rollup, decimals: int | None = None) -> str:
    headers = [*rollup.by, "requests", "prompt", "cached", "completion", "reasoning",
               "input", "cached_input", "output", "total", "share", "estimated", "est. cost", "unpriced"]
    numeric = [False] * len(rollup.by) + [True] * 13
    everything = [rollup.total] + [g.totals for g in rollup.groups]
    amounts = [getattr(t, n) for t in everything
               for n in ("cost_input", "cost_cached_input", "cost_output", "cost_total", "estimated_cost")]
    digits = decimals if decimals is not None else max(2, places(amounts))

    def cells(totals: Totals) -> list[str]:
        return [f"{totals.requests:,}", f"{totals.prompt_tokens:,}", f"{totals.cached_tokens:,}",
                f"{totals.completion_tokens:,}", f"{totals.reasoning_tokens:,}",
                amount(totals.cost_input, digits), amount(totals.cost_cached_input, digits),
                amount(totals.cost_output, digits), amount(totals.cost_total, digits),
                format(float(rollup.share(totals)) * 100, ".2f") + "%",
                f"{totals.estimated_requests:,}", amount(totals.estimated_cost, digits),
                f"{totals.unpriced_requests:,}"]

    rows = [[*_key_labels(rollup, g), *cells(g.totals)] for g in rollup.groups]
    footer = [["TOTAL", *[""] * (len(rollup.by) - 1), *cells(rollup.total)]]
    t = rollup.total
    lines = [
        f"chargeback {rollup.selection.describe()} by {', '.join(rollup.by)} — {rollup.source}",
        f"amounts in {rollup.currency or '-'} (price table {', '.join(rollup.price_ids) or '-'})"
        + (f", rounded to {digits} decimals for display (CSV/JSON are exact)" if decimals is not None else ", exact"),
        "",
        table(headers, rows, numeric, footer),
        "",
    ]
    if t.requests:
        firm_share = format(float(rollup.firm_cost / t.cost_total) * 100, ".2f") + "%" if t.cost_total else "-"
        lines += [
            f"firm          {rollup.firm_requests:,} of {t.requests:,} requests have reported usage and a price "
            f"({amount(rollup.firm_cost, digits)} {rollup.currency or ''}, {firm_share} of the total)",
            f"estimated     {t.estimated_requests:,} requests billed on the offline token estimate "
            f"({amount(t.estimated_cost, digits)} {rollup.currency or ''} of the total)",
            f"unpriced      {t.unpriced_requests:,} requests not in the amounts ({t.unpriced_tokens:,} tokens: "
            "unknown model or no usage)",
        ]
    else:
        lines.append("no chargeback documents in this selection")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render(rollup: Rollup, fmt: str, decimals: int | None = None) -> str:
    if fmt == "json":
        return render_json(rollup)
    if fmt == "csv":
        return render_csv(rollup)
    return render_table(rollup, decimals)


__all__ = ["DIMENSIONS", "METRICS", "Group", "Rollup", "RollupError", "Totals", "aggregate", "chargeback",
           "fields_for", "parse_by", "render", "render_csv", "render_json", "render_table", "to_json", "NONE_LABEL"]
