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
from dataclasses import dataclass, field, replace
from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow, ROUND_HALF_EVEN, localcontext
from typing import Any, AsyncIterator, Iterable, Sequence

from aoai_logpipe.reports import dimensions, filters
from aoai_logpipe.reports.allocation import METHODS, Allocator, share_over
from aoai_logpipe.reports.dimensions import DIMENSIONS, UNALLOCATED
from aoai_logpipe.reports.finance_config import ALLOCATED
from aoai_logpipe.reports.reader import DocumentReader, Row, Selection
from aoai_logpipe.reports.text import amount, label, places, plain, table

__all__ = ["DIMENSIONS", "METRICS", "UNALLOCATED", "Group", "Rollup", "RollupError", "Totals", "aggregate",
           "chargeback", "fields_for", "parse_by", "render", "render_csv", "render_json", "render_table", "to_json"]

BASE_FIELDS = ("id", "usage", "usage_source", "cost")
ZERO = Decimal(0)
#: Exact arithmetic: 200 digits of precision, and any rounding raises instead of happening.
EXACT = Context(prec=200, traps=[Inexact, InvalidOperation, Overflow])

METRICS = ("requests", "prompt_tokens", "cached_tokens", "completion_tokens", "reasoning_tokens",
           "cost_input", "cost_cached_input", "cost_output", "cost_total", "share",
           "estimated_requests", "estimated_cost", "unpriced_requests", "unpriced_tokens",
           "estimated_unpriced_requests")


class RollupError(ValueError):
    pass


def parse_by(text: str | Sequence[str]) -> tuple[str, ...]:
    try:
        return dimensions.parse(text)
    except dimensions.DimensionError as exc:
        raise RollupError(str(exc)) from None


def fields_for(by: Iterable[str], wheres: Sequence[filters.Where] = (), allocator: Allocator | None = None) -> list[str]:
    """The document fields a rollup by these dimensions needs (allocation and filters included)."""
    return list(dict.fromkeys([*BASE_FIELDS, *(allocator or Allocator()).fields(), *dimensions.fields(by),
                               *filters.fields(wheres)]))


def dimension_value(row: Row, name: str) -> Any:
    return dimensions.value(row, name)


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
    estimated_unpriced_requests: int = 0  # in both groups above: explained once in the footer

    def add(self, row: Row, sign: int = 1) -> None:
        """Count one chargeback document (only the fields in BASE_FIELDS are read); sign -1
        takes it out again (an adjustment replacing a closed version)."""
        usage = row.get("usage") or {}
        cost = row.get("cost") or {}
        prompt = int(usage.get("prompt_tokens") or 0)
        completion = int(usage.get("completion_tokens") or 0)
        self.requests += sign
        self.prompt_tokens += sign * prompt
        self.cached_tokens += sign * int(usage.get("cached_tokens") or 0)
        self.completion_tokens += sign * completion
        self.reasoning_tokens += sign * int(usage.get("reasoning_tokens") or 0)
        estimated = row.get("usage_source") != "reported"
        if estimated:
            self.estimated_requests += sign
        if cost.get("priced") is True and cost.get("total") is not None:
            with localcontext(EXACT):
                total = Decimal(str(cost["total"])) * sign
                self.cost_input += Decimal(str(cost.get("input") or 0)) * sign
                self.cost_cached_input += Decimal(str(cost.get("cached_input") or 0)) * sign
                self.cost_output += Decimal(str(cost.get("output") or 0)) * sign
                self.cost_total += total
                if estimated:
                    self.estimated_cost += total
        else:
            self.unpriced_requests += sign
            self.unpriced_tokens += sign * (prompt + completion)
            if estimated:
                self.estimated_unpriced_requests += sign

    @property
    def firm_requests(self) -> int:
        """Reported usage and a price: neither estimated nor unpriced."""
        return self.requests - self.estimated_requests - self.unpriced_requests + self.estimated_unpriced_requests

    def merge(self, other: "Totals") -> None:
        with localcontext(EXACT):
            for name in self.__dataclass_fields__:
                setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Group:
    key: tuple[Any, ...]
    totals: Totals
    other: int = 0  # > 0: this row folds `other` groups together (see Rollup.top)
    adjusts: str | None = None  # an adjustment of this closed period (late events; see reports/close.py)


@dataclass
class Allocation:
    """What allocation did to the selection: rule versions used, rows per method, the unallocated part."""

    versions: list[str]
    methods: dict[str, int]
    unallocated: Totals
    warn_share: float

    def share(self, total: Decimal) -> Decimal:
        if not total:
            return ZERO
        with localcontext(Context(prec=50, rounding=ROUND_HALF_EVEN)):
            return (self.unallocated.cost_total / total).quantize(Decimal("0.000001"))


@dataclass
class Rollup:
    by: tuple[str, ...]
    selection: Selection
    source: str
    groups: list[Group]
    total: Totals
    currency: str | None
    price_ids: list[str]
    allocation: Allocation | None = None
    wheres: tuple[filters.Where, ...] = ()
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said under the table (closed period, adjustments ...)

    @property
    def firm_requests(self) -> int:
        return self.total.firm_requests

    @property
    def firm_cost(self) -> Decimal:
        with localcontext(EXACT):
            return self.total.cost_total - self.total.estimated_cost

    def share(self, totals: Totals) -> Decimal:
        """Share of the selection's total cost (6 decimals; display only, not exact)."""
        if not self.total.cost_total:
            return ZERO
        with localcontext(Context(prec=50, rounding=ROUND_HALF_EVEN)):
            return (totals.cost_total / self.total.cost_total).quantize(Decimal("0.000001"))

    def top(self, n: int) -> "Rollup":
        """The n largest groups, the rest folded into one row, so the rows still sum to the total.
        The (unallocated) group and adjustments are never folded away."""
        keep = [g for g in self.groups if g.adjusts or _unallocated(self, g)]
        ranked = [g for g in self.groups if g not in keep]
        if n <= 0 or len(ranked) <= n:
            return self
        rest = Totals()
        for group in ranked[n:]:
            rest.merge(group.totals)
        folded = Group(tuple(None for _ in self.by), rest, other=len(ranked) - n)
        return replace(self, groups=ranked[:n] + [folded] + keep)

    def check(self) -> None:
        """The groups add up to the total, exactly (a guard: it holds by construction)."""
        summed = Totals()
        for group in self.groups:
            summed.merge(group.totals)
        for name in ("requests", "cost_input", "cost_cached_input", "cost_output", "cost_total", "prompt_tokens",
                     "completion_tokens", "estimated_cost", "unpriced_requests", "estimated_unpriced_requests"):
            if getattr(summed, name) != getattr(self.total, name):
                raise AssertionError(f"rollup groups do not sum to the total for {name}")


def _unallocated(rollup: Rollup, group: Group) -> bool:
    return any(name in ALLOCATED and value == UNALLOCATED for name, value in zip(rollup.by, group.key))


def _order(key: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((v is None or v == UNALLOCATED, str(v or "")) for v in key)


def aggregate(rows: Iterable[Row], by: Sequence[str], selection: Selection = Selection(), source: str = "",
              sort: str = "cost", currency: str | None = None) -> Rollup:
    """Group chargeback rows by the dimensions and total them exactly.

    A row with `adjusts` (a closed period) and `sign` (+1 / -1) is an adjustment: it lands in
    its own group, marked with that period, and in the total.
    """
    groups: dict[tuple[str | None, tuple[Any, ...]], Totals] = {}
    total = Totals()
    currencies: set[str] = set()
    price_ids: set[str] = set()
    for row in rows:
        cost = row.get("cost") or {}
        if currency is not None and cost.get("currency") != currency:
            continue
        if cost.get("currency"):
            currencies.add(cost["currency"])
        if cost.get("price_id"):
            price_ids.add(cost["price_id"])
        key = (row.get("adjusts"), tuple(dimensions.value(row, name) for name in by))
        bucket = groups.get(key)
        if bucket is None:
            bucket = groups[key] = Totals()
        sign = int(row.get("sign") or 1)
        bucket.add(row, sign)
        total.add(row, sign)
    if len(currencies) > 1:
        raise RollupError(f"the selection mixes currencies ({', '.join(sorted(currencies))}): amounts in different "
                          "currencies cannot be added; report one at a time with --currency")
    allocated = [name for name in by if name in ALLOCATED]
    if allocated and not any(k[0] is None and UNALLOCATED in k[1] for k in groups):
        # always shown, even at zero: "nothing unallocated" is a fact worth seeing
        groups[(None, tuple(UNALLOCATED if name in ALLOCATED else None for name in by))] = Totals()
    current = [Group(k, t) for (adjusts, k), t in groups.items() if adjusts is None]
    adjustments = [Group(k, t, adjusts=adjusts) for (adjusts, k), t in groups.items() if adjusts is not None]
    if sort == "key":
        current.sort(key=lambda g: _order(g.key))
    else:
        current.sort(key=lambda g: (-g.totals.cost_total, -g.totals.requests, _order(g.key)))
    adjustments.sort(key=lambda g: (str(g.adjusts), _order(g.key)))
    rollup = Rollup(tuple(by), selection, source, current + adjustments, total, next(iter(currencies), currency),
                    sorted(price_ids))
    rollup.check()
    return rollup


async def collect(rows: AsyncIterator[Row]) -> list[Row]:
    return [row async for row in rows]


def allocation_facts(rows: Iterable[Row], warn_share: float) -> Allocation:
    """Rule versions used, cost centers by method, and the unallocated part, from allocated rows
    (adjustments count in the unallocated part, signed, but not in the methods)."""
    unallocated = Totals()
    methods = dict.fromkeys(METHODS, 0)
    versions: set[str] = set()
    for row in rows:
        sign = int(row.get("sign") or 1)
        if row.get("cost_center") == UNALLOCATED:
            unallocated.add(row, sign)
        if row.get("adjusts") is None and row.get("allocation") in methods:
            methods[row["allocation"]] += 1
        if row.get("allocation_version"):
            versions.add(row["allocation_version"])
    return Allocation(sorted(versions), methods, unallocated, warn_share)


def finish(result: Rollup, allocation: Allocation | None, wheres: Sequence[filters.Where] = ()) -> Rollup:
    """Attach the allocation facts and filters, and warn when unallocated spend is over the threshold."""
    result.allocation = allocation
    result.wheres = tuple(wheres)
    if allocation is not None and share_over(allocation.unallocated.cost_total, result.total.cost_total,
                                             allocation.warn_share):
        result.warnings.append(
            f"unallocated spend is {format(float(allocation.share(result.total.cost_total)) * 100, '.2f')}% of the "
            f"total ({allocation.unallocated.requests:,} requests), over the {allocation.warn_share:.0%} threshold: "
            "add allocation rules (finance.allocation) or cost-center headers at the gateway")
    return result


async def chargeback(reader: DocumentReader, selection: Selection, by: Sequence[str], *, sort: str = "cost",
                     currency: str | None = None, wheres: Sequence[filters.Where] = (),
                     allocator: Allocator | None = None, warn_share: float = 0.05, ledger: Any = None,
                     as_closed: bool = False) -> Rollup:
    """Roll up a selection, the same on every store: its documents allocated and filtered, plus
    adjustments of closed periods when `ledger` holds closes (or, `as_closed`, the snapshot)."""
    from aoai_logpipe.reports import close  # close builds on exports, which builds on this module

    allocator = allocator if allocator is not None else Allocator()
    found = await close.period_rows(reader, ledger, selection, allocator, as_closed=as_closed,
                                    fields=fields_for(by, wheres, allocator))
    rows = filters.apply(found.allocated(), wheres)
    result = aggregate(rows, by, selection, reader.label, sort, currency)
    result.notes.extend(found.notes)
    return finish(result, allocation_facts(rows, warn_share), wheres)


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
        "estimated_unpriced_requests": totals.estimated_unpriced_requests,
    }


def _key_labels(rollup: Rollup, group: Group) -> list[str]:
    if group.other:
        return [f"({group.other} others)"] + [""] * (len(rollup.by) - 1)
    labels = [label(v) for v in group.key]
    if group.adjusts and labels:
        labels[0] = f"{labels[0]} [adj. {group.adjusts}]"
    return labels


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (plain(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def to_json(rollup: Rollup) -> dict[str, Any]:
    groups = []
    for group in rollup.groups:
        keys: dict[str, Any] = {name: value for name, value in zip(rollup.by, group.key)}
        if group.other:
            keys["others"] = group.other
        groups.append({**keys, "adjusts_period": group.adjusts, **_jsonable(_row_values(rollup, group.totals))})
    out: dict[str, Any] = {
        "report": "chargeback",
        "selection": rollup.selection.as_dict(),
        "filters": [w.describe() for w in rollup.wheres],
        "source": rollup.source,
        "by": list(rollup.by),
        "currency": rollup.currency,
        "price_ids": rollup.price_ids,
        "groups": groups,
        "total": _jsonable(_row_values(rollup, rollup.total)),
        "firm": {"requests": rollup.firm_requests, "cost": plain(rollup.firm_cost)},
    }
    if rollup.allocation is not None:
        a = rollup.allocation
        out["allocation"] = {"versions": a.versions, "methods": a.methods,
                             "unallocated": {"requests": a.unallocated.requests, "cost": plain(a.unallocated.cost_total),
                                             "share": plain(a.share(rollup.total.cost_total))},
                             "warn_share": a.warn_share}
    out["warnings"] = list(rollup.warnings)
    out["notes"] = list(rollup.notes)
    return out


def render_json(rollup: Rollup) -> str:
    return json.dumps(to_json(rollup), indent=2, ensure_ascii=False) + "\n"


def csv_columns(rollup: Rollup) -> list[str]:
    """Stable whatever the data: the --by dimensions, adjusts_period, then every metric."""
    return [*rollup.by, "adjusts_period", *METRICS]


def render_csv(rollup: Rollup) -> str:
    """One row per group and nothing else: no TOTAL row (a SUM over the file is the total;
    `render_totals_csv` writes the total to a file of its own)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_columns(rollup))
    for group in rollup.groups:
        values = _row_values(rollup, group.totals)
        keys = (_key_labels(rollup, group) if group.other
                else ["" if v is None else str(v) for v in group.key])
        writer.writerow([*keys, group.adjusts or "", *(plain(v) if isinstance(v, Decimal) else v for v in values.values())])
    return out.getvalue()


def render_totals_csv(rollup: Rollup) -> str:
    """The total of a rollup as a one-row CSV: period, from, to, currency, then every metric."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period", "from", "to", "currency", *METRICS])
    sel = rollup.selection
    values = _row_values(rollup, rollup.total)
    writer.writerow([sel.period or "", sel.time_from or "", sel.time_to or "", rollup.currency or "",
                     *(plain(v) if isinstance(v, Decimal) else v for v in values.values())])
    return out.getvalue()


def footer_lines(rollup: Rollup, digits: int) -> list[str]:
    """Firm, estimated and unpriced requests, in groups that add up to the total."""
    t = rollup.total
    cur = rollup.currency or ""
    both = t.estimated_unpriced_requests
    firm_share = format(float(rollup.firm_cost / t.cost_total) * 100, ".2f") + "%" if t.cost_total else "-"
    lines = [
        f"firm          {rollup.firm_requests:,} of {t.requests:,} requests have reported usage and a price "
        f"({amount(rollup.firm_cost, digits)} {cur}, {firm_share} of the total)",
        f"estimated     {t.estimated_requests:,} requests billed on the offline token estimate "
        f"({amount(t.estimated_cost, digits)} {cur} of the total)",
        f"unpriced      {t.unpriced_requests:,} requests not in the amounts ({t.unpriced_tokens:,} tokens: "
        "unknown model, no usage or implausible usage)",
    ]
    if both:
        lines.append(f"in both       {both:,} requests are estimated and unpriced (no usage was reported and none "
                     "could be priced), counted in both lines above")
    lines.append(f"adds up       {rollup.firm_requests:,} firm + {t.estimated_requests:,} estimated + "
                 f"{t.unpriced_requests:,} unpriced" + (f" - {both:,} in both" if both else "")
                 + f" = {t.requests:,} requests")
    return lines


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

    title = (f"chargeback {rollup.selection.describe()} by {', '.join(rollup.by)}"
             + (f" where {' and '.join(w.describe() for w in rollup.wheres)}" if rollup.wheres else "")
             + f" — {rollup.source}")
    if not rollup.total.requests and not any(g.adjusts for g in rollup.groups):
        return "\n".join([title, "", f"no chargeback documents in {rollup.selection.describe()}"
                           + (" matching the filters" if rollup.wheres else "") + ": nothing was billed", *rollup.notes,
                           *(f"warning: {w}" for w in rollup.warnings)]) + "\n"
    rows = [[*_key_labels(rollup, g), *cells(g.totals)] for g in rollup.groups]
    footer = [["TOTAL", *[""] * (len(rollup.by) - 1), *cells(rollup.total)]]
    lines = [
        title,
        f"amounts in {rollup.currency or '-'} (price table {', '.join(rollup.price_ids) or '-'})"
        + (f", rounded to {digits} decimals for display (CSV/JSON are exact)" if decimals is not None else ", exact"),
        "",
        table(headers, rows, numeric, footer),
        "",
        *footer_lines(rollup, digits),
    ]
    a = rollup.allocation
    if a is not None:
        share = format(float(a.share(rollup.total.cost_total)) * 100, ".2f") + "%"
        lines.append(f"allocation    rules {', '.join(a.versions) or '(none used)'}; cost center stored "
                     f"{a.methods.get('stored', 0):,}, by rule {a.methods.get('rule', 0):,}, by default "
                     f"{a.methods.get('default', 0):,}, unallocated {a.methods.get('unallocated', 0):,} requests "
                     f"({amount(a.unallocated.cost_total, digits)} {rollup.currency or ''}, {share} of the total)")
    lines += rollup.notes
    lines += [f"warning: {w}" for w in rollup.warnings]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render(rollup: Rollup, fmt: str, decimals: int | None = None) -> str:
    if fmt == "json":
        return render_json(rollup)
    if fmt == "csv":
        return render_csv(rollup)
    return render_table(rollup, decimals)
