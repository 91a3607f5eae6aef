"""`chargeback --period P --compare Q`: one period against another, group by group.

Both rollups are computed the same way (allocation, filters, adjustments), then matched by
group key; a group present in only one period compares with zero. Deltas are exact
(`cost_delta`); the percent change is relative to the compared period, rounded to 2 decimals
for display, and null (`new`) when the compared period had no cost in that group.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from typing import Any

from aoai_logpipe.reports.rollup import EXACT, Rollup, Totals, _order
from aoai_logpipe.reports.text import amount, label, places, plain, table

COLUMNS = ("requests", "requests_compared", "requests_delta", "cost_total", "cost_compared", "cost_delta",
           "cost_delta_pct", "tokens", "tokens_compared", "tokens_delta")


@dataclass
class Change:
    key: tuple[Any, ...]
    adjusts: str | None
    current: Totals
    compared: Totals

    @property
    def cost_delta(self) -> Decimal:
        with localcontext(EXACT):
            return self.current.cost_total - self.compared.cost_total

    @property
    def cost_delta_pct(self) -> Decimal | None:
        if not self.compared.cost_total:
            return None
        with localcontext(Context(prec=50, rounding=ROUND_HALF_EVEN)):
            return (self.cost_delta / self.compared.cost_total * 100).quantize(Decimal("0.01"))

    def values(self) -> dict[str, Any]:
        cur, old = self.current, self.compared
        tokens, tokens_old = cur.prompt_tokens + cur.completion_tokens, old.prompt_tokens + old.completion_tokens
        return {"requests": cur.requests, "requests_compared": old.requests, "requests_delta": cur.requests - old.requests,
                "cost_total": cur.cost_total, "cost_compared": old.cost_total, "cost_delta": self.cost_delta,
                "cost_delta_pct": self.cost_delta_pct, "tokens": tokens, "tokens_compared": tokens_old,
                "tokens_delta": tokens - tokens_old}


@dataclass
class Comparison:
    current: Rollup
    compared: Rollup
    changes: list[Change]
    total: Change


def compare(current: Rollup, compared: Rollup) -> Comparison:
    if current.by != compared.by:
        raise ValueError("both periods must be grouped by the same dimensions")
    if current.currency and compared.currency and current.currency != compared.currency:
        raise ValueError(f"the periods are priced in different currencies ({current.currency}, {compared.currency}): "
                         "compare one currency at a time with --currency")
    now = {(g.adjusts, g.key): g.totals for g in current.groups if not g.other}
    then = {(g.adjusts, g.key): g.totals for g in compared.groups if not g.other}
    changes = [Change(key, adjusts, now.get((adjusts, key), Totals()), then.get((adjusts, key), Totals()))
               for adjusts, key in dict.fromkeys([*now, *then])]
    changes.sort(key=lambda c: (c.adjusts is not None, str(c.adjusts or ""), -c.current.cost_total,
                                -c.compared.cost_total, _order(c.key)))
    return Comparison(current, compared, changes, Change((), None, current.total, compared.total))


def _period(rollup: Rollup) -> str:
    return rollup.selection.period or rollup.selection.describe()


def to_json(c: Comparison) -> dict[str, Any]:
    def jsonable(change: Change) -> dict[str, Any]:
        return {k: (plain(v) if isinstance(v, Decimal) else v) for k, v in change.values().items()}
    return {
        "report": "chargeback-comparison", "period": _period(c.current), "compared_with": _period(c.compared),
        "by": list(c.current.by), "currency": c.current.currency or c.compared.currency,
        "filters": [w.describe() for w in c.current.wheres],
        "groups": [{**dict(zip(c.current.by, ch.key)), "adjusts_period": ch.adjusts, **jsonable(ch)} for ch in c.changes],
        "total": jsonable(c.total),
    }


def render_csv(c: Comparison) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*c.current.by, "adjusts_period", *COLUMNS])
    for ch in c.changes:
        values = ch.values()
        writer.writerow([*("" if v is None else v for v in ch.key), ch.adjusts or "",
                         *("" if values[k] is None else plain(values[k]) if isinstance(values[k], Decimal) else values[k]
                           for k in COLUMNS)])
    return out.getvalue()


def render_table(c: Comparison) -> str:
    cur, old = _period(c.current), _period(c.compared)
    amounts = [v for ch in [*c.changes, c.total] for v in (ch.current.cost_total, ch.compared.cost_total)]
    digits = max(2, places(amounts))

    def pct(ch: Change) -> str:
        p = ch.cost_delta_pct
        if p is None:
            return "new" if ch.current.cost_total else "-"
        return f"{p:+.2f}%"

    def cells(ch: Change) -> list[str]:
        return [f"{ch.current.requests:,}", f"{ch.compared.requests:,}", f"{ch.current.requests - ch.compared.requests:+,}",
                amount(ch.current.cost_total, digits), amount(ch.compared.cost_total, digits),
                ("+" if ch.cost_delta >= 0 else "") + amount(ch.cost_delta, digits), pct(ch)]

    by = c.current.by
    headers = [*by, f"requests {cur}", f"requests {old}", "Δ requests", f"cost {cur}", f"cost {old}", "Δ cost", "Δ %"]
    rows = []
    for ch in c.changes:
        keys = [label(v) for v in ch.key]
        if ch.adjusts and keys:
            keys[0] += f" [adj. {ch.adjusts}]"
        rows.append([*keys, *cells(ch)])
    lines = [f"chargeback {cur} compared with {old} by {', '.join(by)} — {c.current.source}",
             f"amounts in {c.current.currency or c.compared.currency or '-'}, exact; Δ % is relative to {old}", "",
             table(headers, rows, [False] * len(by) + [True] * 7, [["TOTAL", *[""] * (len(by) - 1), *cells(c.total)]]),
             ""]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render(c: Comparison, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(to_json(c), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return render_csv(c)
    return render_table(c)
