"""Budget gauges: computed from budget states, served on the worker's /metrics next to its own."""

import asyncio
from datetime import datetime, timezone

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from aoai_logpipe import health
from aoai_logpipe.reports import budgets
from aoai_logpipe.reports.budget_metrics import BudgetGauges
from aoai_logpipe.reports.finance_config import Budget
from tests.unit.test_reports_rollup import row

AS_OF = datetime(2026, 10, 11, tzinfo=timezone.utc)


def gauges():
    g = BudgetGauges()
    rows = [row("A", "m", "2", day="2026-10-02"), row("A", "m", "3", day="2026-10-05")]
    g.update([budgets.status_of(Budget(name="team-a", dimension="cost_center", value="A", amount="10"), rows,
                                "2026-10", AS_OF)], now=1.0)
    return g


def samples(text):
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_gauges_carry_spend_amount_use_forecast_and_status_per_budget():
    found = samples(gauges().render())
    key = (("budget", "team-a"), ("currency", "USD"))
    assert found[("aoai_logpipe_budget_spent", key)] == 5.0
    assert found[("aoai_logpipe_budget_amount", key)] == 10.0
    assert found[("aoai_logpipe_budget_used_ratio", key)] == 0.5
    assert found[("aoai_logpipe_budget_forecast", key)] == 15.5
    assert found[("aoai_logpipe_budget_status", (*key, ("status", "at risk")))] == 1.0
    assert found[("aoai_logpipe_budget_status", (*key, ("status", "ok")))] == 0.0


def test_the_worker_serves_the_budget_gauges_on_metrics():
    async def go():
        probe = await health.serve(health.HealthConfig(host="127.0.0.1", port=0), extra_metrics=gauges().render)
        try:
            async with aiohttp.ClientSession() as session:
                async with session.get(f"http://127.0.0.1:{probe.port}/metrics") as response:
                    return await response.text()
        finally:
            await probe.stop()
    text = asyncio.run(go())
    found = samples(text)
    assert ("aoai_logpipe_ready", ()) in found  # the worker's own families are still there
    assert found[("aoai_logpipe_budget_spent", (("budget", "team-a"), ("currency", "USD")))] == 5.0
