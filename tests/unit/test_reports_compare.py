"""Month over month: absolute and percent change per group."""

import csv
import io
import json
from decimal import Decimal

from aoai_logpipe.reports import compare, rollup
from aoai_logpipe.reports.reader import Selection
from tests.unit.test_reports_rollup import row


def rollups():
    october = rollup.aggregate([row("A", "m", "3", day="2026-10-02"), row("B", "m", "1", day="2026-10-03"),
                                row("C", "m", "0.5", day="2026-10-04")], ["cost_center"], Selection("2026-10"), "t")
    september = rollup.aggregate([row("A", "m", "2", day="2026-09-02"), row("B", "m", "2", day="2026-09-03"),
                                  row("D", "m", "1", day="2026-09-04")], ["cost_center"], Selection("2026-09"), "t")
    return compare.compare(october, september)


def test_every_group_of_either_period_gets_absolute_and_percent_deltas():
    c = rollups()
    deltas = {ch.key[0]: (ch.cost_delta, ch.cost_delta_pct) for ch in c.changes}
    assert deltas["A"] == (Decimal(1), Decimal("50.00"))
    assert deltas["B"] == (Decimal(-1), Decimal("-50.00"))
    assert deltas["C"] == (Decimal("0.5"), None)  # new this period: no percent of nothing
    assert deltas["D"] == (Decimal(-1), Decimal("-100.00"))  # gone this period
    assert (c.total.cost_delta, c.total.cost_delta_pct) == (Decimal("-0.5"), Decimal("-10.00"))
    assert sum((ch.cost_delta for ch in c.changes), Decimal(0)) == c.total.cost_delta


def test_outputs_name_both_periods_and_carry_exact_deltas():
    c = rollups()
    doc = json.loads(compare.render(c, "json"))
    assert (doc["period"], doc["compared_with"]) == ("2026-10", "2026-09")
    a = next(g for g in doc["groups"] if g["cost_center"] == "A")
    assert (a["cost_total"], a["cost_compared"], a["cost_delta"], a["cost_delta_pct"]) == ("3", "2", "1", "50")
    assert doc["total"]["cost_delta"] == "-0.5"
    rows = list(csv.DictReader(io.StringIO(compare.render(c, "csv"))))
    assert {r["cost_center"] for r in rows} == {"A", "B", "C", "D", "(unallocated)"}  # no TOTAL row
    text = compare.render(c, "table")
    assert "cost 2026-10" in text and "cost 2026-09" in text and "+50.00%" in text and "new" in text
