"""Budgets: monthly amounts per dimension value, spend to date, a forecast and a status.

A budget (finance.budgets) watches one value of any dimension (`cost_center = CC-3003`,
`app = code-assist`, `tags.team = search`, `cost_center = (unallocated)`) or the `total`.
Spend is what `chargeback` bills for the month, allocation and adjustments of closed months
included, in the budget's currency, up to the time of the check (`as_of`).

Forecast to month end: the spend so far at the month's average daily rate so far
(spend / elapsed days x days in the month). A month already over is its spend.
Status: `over` (spent >= amount), `at risk` (forecast >= amount), `warning` (a threshold
crossed), else `ok`.
"""

from __future__ import annotations

import json
from calendar import monthrange
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from typing import Any, Sequence

from aoai_logpipe.reports import dimensions
from aoai_logpipe.reports.allocation import Allocator
from aoai_logpipe.reports.filters import Where
from aoai_logpipe.reports.finance_config import Budget
from aoai_logpipe.reports.reader import DocumentReader, Row, Selection
from aoai_logpipe.reports.rollup import EXACT, Totals
from aoai_logpipe.reports.text import plain, table

STATUSES = ("ok", "warning", "at risk", "over")


@dataclass
class BudgetStatus:
    budget: Budget
    period: str
    as_of: datetime
    spent: Decimal
    requests: int
    forecast: Decimal
    elapsed_days: float

    @property
    def used(self) -> Decimal:
        with localcontext(Context(prec=50, rounding=ROUND_HALF_EVEN)):
            return (self.spent / self.budget.amount).quantize(Decimal("0.0001"))

    @property
    def crossed(self) -> list[int]:
        """Thresholds (percent) reached so far."""
        with localcontext(EXACT):
            return [t for t in self.budget.thresholds if self.spent * 100 >= self.budget.amount * t]

    @property
    def status(self) -> str:
        if self.spent >= self.budget.amount:
            return "over"
        if self.forecast >= self.budget.amount:
            return "at risk"
        return "warning" if self.crossed else "ok"

    def as_json(self) -> dict[str, Any]:
        b = self.budget
        return {"budget": b.label, "dimension": b.dimension, "value": b.value, "period": self.period,
                "as_of": self.as_of.strftime("%Y-%m-%dT%H:%M:%SZ"), "amount": plain(b.amount), "currency": b.currency,
                "spent": plain(self.spent), "requests": self.requests, "used": plain(self.used),
                "forecast": plain(self.forecast), "status": self.status, "thresholds": b.thresholds,
                "crossed": self.crossed}


def month_bounds(period: str) -> tuple[datetime, datetime]:
    year, month = map(int, period.split("-"))
    start = datetime(year, month, 1, tzinfo=timezone.utc)
    return start, start + timedelta(days=monthrange(year, month)[1])


def _stamp(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def status_of(budget: Budget, rows: Sequence[Row], period: str, as_of: datetime) -> BudgetStatus:
    """A budget's state from a month's allocated rows (adjustments signed), up to `as_of`."""
    start, end = month_bounds(period)
    cutoff = _stamp(min(as_of, end))
    spent = Totals()
    watched = None if budget.dimension == "total" else Where(budget.dimension, frozenset({str(budget.value)}))
    for row in rows:
        if watched is not None and not watched.matches(row):
            continue
        if (row.get("cost") or {}).get("currency") not in (None, budget.currency):
            continue
        if row.get("adjusts") is None and str(row.get("time") or "") >= cutoff:
            continue  # after the check's time (adjustments of closed months are billed from the month's start)
        spent.add(row, int(row.get("sign") or 1))
    elapsed = max((min(as_of, end) - start).total_seconds() / 86400, 0.0)
    days = (end - start).days
    with localcontext(Context(prec=50, rounding=ROUND_HALF_EVEN)):
        if as_of >= end or elapsed <= 0:
            forecast = spent.cost_total
        else:
            forecast = (spent.cost_total / Decimal(str(elapsed)) * days).quantize(Decimal("0.00000001"))
    return BudgetStatus(budget, period, as_of, spent.cost_total, spent.requests, forecast, elapsed)


async def evaluate(reader: DocumentReader, ledger: Any, budgets: Sequence[Budget], allocator: Allocator,
                   as_of: datetime, period: str | None = None) -> list[BudgetStatus]:
    """Every budget's state for `period` (default: the month of `as_of`), from one read of the month."""
    from aoai_logpipe.reports import close

    period = period or as_of.astimezone(timezone.utc).strftime("%Y-%m")
    if not budgets:
        return []
    found = await close.period_rows(reader, ledger, Selection(period=period), allocator,
                                    fields=["id", "time", "usage", "usage_source", "cost", "tags",
                                            *dimensions.fields(b.dimension for b in budgets if b.dimension != "total")])
    rows = found.allocated()
    return [status_of(budget, rows, period, as_of) for budget in budgets]


def render(statuses: Sequence[BudgetStatus], fmt: str, source: str) -> str:
    if fmt == "json":
        return json.dumps({"report": "budgets", "source": source, "budgets": [s.as_json() for s in statuses]},
                          indent=2, ensure_ascii=False) + "\n"
    if not statuses:
        return "no budgets configured: add finance.budgets to the configuration (docs/reports.md, Budgets)\n"
    first = statuses[0]
    rows = [[s.budget.label, f"{plain(s.budget.amount)} {s.budget.currency}", f"{s.spent:,.2f}",
             f"{float(s.used) * 100:.1f}%", f"{s.forecast:,.2f}", s.status,
             ", ".join(f"{t}%" for t in s.crossed) or "-"] for s in statuses]
    lines = [f"budgets {first.period} as of {first.as_of.strftime('%Y-%m-%d %H:%M')} UTC "
             f"(day {first.elapsed_days:.1f} of {(month_bounds(first.period)[1] - month_bounds(first.period)[0]).days})"
             f" — {source}",
             "forecast = spend so far at its average daily rate to the month's end", "",
             table(["budget", "amount", "spent", "used", "forecast", "status", "crossed"], rows,
                   [False, True, True, True, True, False, False]), ""]
    return "\n".join(line.rstrip() for line in lines) + "\n"
