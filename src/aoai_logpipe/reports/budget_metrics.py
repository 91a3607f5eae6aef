"""Budget gauges on the worker's /metrics: spend, amount, share used and forecast per budget.

The worker recomputes them every `finance.metrics_interval_s` (one read of the month, the same
numbers as `aoai-logpipe budgets`), so a scrape never queries the store. Rendered by
prometheus-client from a registry of their own, appended to the worker's metrics.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from typing import Any, Sequence

from prometheus_client import CollectorRegistry, Gauge, generate_latest

from aoai_logpipe.reports.budgets import STATUSES, BudgetStatus

log = logging.getLogger(__name__)


class BudgetGauges:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        labels = ["budget", "currency"]
        self.spent = Gauge("aoai_logpipe_budget_spent", "Spend of the budget's month to date.", labels,
                           registry=self.registry)
        self.amount = Gauge("aoai_logpipe_budget_amount", "The budget's monthly amount.", labels, registry=self.registry)
        self.used = Gauge("aoai_logpipe_budget_used_ratio", "Spend to date / amount.", labels, registry=self.registry)
        self.forecast = Gauge("aoai_logpipe_budget_forecast", "Spend forecast to the month's end.", labels,
                              registry=self.registry)
        self.status = Gauge("aoai_logpipe_budget_status", "1 for the budget's current status.", [*labels, "status"],
                            registry=self.registry)
        self.updated = Gauge("aoai_logpipe_budget_updated_timestamp_seconds", "When the gauges were last computed.",
                             registry=self.registry)
        self.task: asyncio.Task | None = None  # the background `run`, when the worker started one

    def update(self, statuses: Sequence[BudgetStatus], now: float | None = None) -> None:
        for s in statuses:
            key = (s.budget.label, s.budget.currency)
            self.spent.labels(*key).set(float(s.spent))
            self.amount.labels(*key).set(float(s.budget.amount))
            self.used.labels(*key).set(float(s.used))
            self.forecast.labels(*key).set(float(s.forecast))
            for status in STATUSES:
                self.status.labels(*key, status).set(int(s.status == status))
        self.updated.set(now if now is not None else datetime.now(timezone.utc).timestamp())

    def render(self) -> str:
        return generate_latest(self.registry).decode("utf-8")

    async def run(self, settings: Any, stop: asyncio.Event) -> None:
        """Recompute every finance.metrics_interval_s until `stop`; a failed round is logged and retried."""
        from aoai_logpipe.io.ledger import open_ledger
        from aoai_logpipe.reports import budgets
        from aoai_logpipe.reports.allocation import Allocator
        from aoai_logpipe.reports.reader import open_reader

        finance = settings.finance
        while not stop.is_set():
            try:
                reader, ledger = open_reader(settings), open_ledger(settings)
                try:
                    self.update(await budgets.evaluate(reader, ledger, finance.budgets, Allocator(finance.allocation),
                                                       datetime.now(timezone.utc)))
                finally:
                    await reader.close()
                    await ledger.close()
            except Exception as exc:  # the gauges keep their last values; the next round tries again
                log.warning("budget gauges not updated: %s", type(exc).__name__)
            try:
                await asyncio.wait_for(stop.wait(), finance.metrics_interval_s)
            except asyncio.TimeoutError:
                pass
