"""Budgets: spend to date, percent used, forecast to month end, status and thresholds."""

from datetime import datetime, timezone
from decimal import Decimal

import pytest
from pydantic import ValidationError

from aoai_logpipe.reports import budgets, notify
from aoai_logpipe.reports.finance_config import Budget
from tests.unit.test_reports_rollup import row

AS_OF = datetime(2026, 10, 11, tzinfo=timezone.utc)  # 10 days of October's 31 have passed


def rows():
    return [row("A", "m", "2", day="2026-10-02"), row("A", "m", "3", day="2026-10-05"),
            row("B", "m", "4", day="2026-10-06"), row("A", "m", "100", day="2026-10-25")]  # after the check's time


def test_spend_to_date_percent_used_and_a_linear_forecast():
    s = budgets.status_of(Budget(dimension="cost_center", value="A", amount="10"), rows(), "2026-10", AS_OF)
    assert (s.spent, s.requests, s.used) == (Decimal(5), 2, Decimal("0.5"))
    assert s.forecast == Decimal("15.5") and s.status == "at risk" and s.crossed == [50]


def test_status_over_warning_and_ok():
    assert budgets.status_of(Budget(dimension="total", amount="9"), rows(), "2026-10", AS_OF).status == "over"
    assert budgets.status_of(Budget(dimension="cost_center", value="B", amount="20"), rows(), "2026-10",
                             AS_OF).crossed == []
    month_end = datetime(2026, 11, 5, tzinfo=timezone.utc)
    done = budgets.status_of(Budget(dimension="cost_center", value="B", amount="7", thresholds=[50]), rows(),
                             "2026-10", month_end)
    assert (done.forecast, done.status) == (Decimal(4), "warning")  # a past month forecasts what it spent


def test_unallocated_spend_and_tags_can_have_budgets():
    tagged = [dict(row(None, "m", "1", day="2026-10-02"), tags={"team": "search"}, cost_center="(unallocated)")]
    for budget in (Budget(dimension="cost_center", value="(unallocated)", amount="1"),
                   Budget(dimension="tags.team", value="search", amount="1")):
        assert budgets.status_of(budget, tagged, "2026-10", AS_OF).status == "over"


def test_budget_settings_are_checked():
    assert Budget(dimension="app", value="x", amount="5").thresholds == [50, 80, 100]
    for bad in ({"dimension": "colour", "value": "x", "amount": "5"}, {"dimension": "app", "amount": "5"},
                {"dimension": "total", "amount": "0"}, {"dimension": "total", "amount": "5", "thresholds": [0]}):
        with pytest.raises(ValidationError):
            Budget(**bad)


def test_notification_ids_are_deterministic_per_budget_threshold_and_month():
    s = budgets.status_of(Budget(dimension="total", amount="9"), rows(), "2026-10", AS_OF)
    assert notify.notification_id(s, 50) == notify.notification_id(s, 50) != notify.notification_id(s, 80)
    other_month = budgets.status_of(Budget(dimension="total", amount="9"), rows(), "2026-11", AS_OF)
    assert notify.notification_id(s, 50) != notify.notification_id(other_month, 50)
    card = notify.teams_payload(notify.message(s, 50))["attachments"][0]["content"]
    assert card["type"] == "AdaptiveCard" and "crossed 50%" in card["body"][0]["text"]
    assert "crossed 50% in 2026-10" in notify.slack_payload(notify.message(s, 50))["text"]
