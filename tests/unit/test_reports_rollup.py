"""Chargeback rollups and reconciliation: exact sums, firmness counts, output formats (no store)."""

import csv
import io
import json
from decimal import Decimal

import pytest

from aoai_logpipe.reports import reconcile, rollup
from aoai_logpipe.reports.reader import ReaderError, Selection, parse_bound, selection


def row(cc, model, total, *, source="reported", priced=True, prompt=100, cached=0, completion=10, reasoning=0,
        day="2026-10-01", currency="USD", inp=None, out=None, user="u1"):
    cost = {"currency": currency, "price_id": "p1", "priced": priced,
            "input": None, "cached_input": None, "output": None, "total": None}
    if priced:
        inp = inp if inp is not None else total
        cost.update(input=inp, cached_input="0", output=out if out is not None else str(Decimal(total) - Decimal(inp)),
                    total=total)
    return {"id": f"cb-{cc}-{model}-{total}-{prompt}", "cost_center": cc, "model": model, "usage_source": source,
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion,
                      "cached_tokens": cached, "reasoning_tokens": reasoning},
            "cost": cost, "time": f"{day}T10:00:00Z", "period": day[:7], "user_id": user}


def test_groups_sum_exactly_to_the_total_with_many_tiny_amounts():
    # 0.1 + 0.2 style amounts that a float SUM would get wrong
    rows = [row(f"CC-{i % 7}", "gpt-4o", "0.00000013", inp="0.00000011") for i in range(10_000)]
    rows += [row("CC-1", "gpt-4o", "0.1"), row("CC-2", "gpt-4o", "0.2")]
    r = rollup.aggregate(rows, ["cost_center"])
    assert r.total.cost_total == Decimal("0.00130000") + Decimal("0.3")
    assert sum((g.totals.cost_total for g in r.groups), Decimal(0)) == r.total.cost_total
    assert sum((g.totals.cost_input for g in r.groups), Decimal(0)) == r.total.cost_input
    assert r.total.requests == 10_002


def test_estimated_and_unpriced_requests_are_counted_separately():
    rows = [row("A", "m", "1.5"), row("A", "m", "0.5", source="estimated"),
            row("A", "unknown-model", None, priced=False, prompt=40, completion=2), row("B", "m", "2")]
    r = rollup.aggregate(rows, ["cost_center"])
    a = next(g for g in r.groups if g.key == ("A",)).totals
    assert (a.requests, a.estimated_requests, a.unpriced_requests, a.unpriced_tokens) == (3, 1, 1, 42)
    assert a.cost_total == Decimal("2.0") and a.estimated_cost == Decimal("0.5")
    assert r.firm_requests == 2 and r.firm_cost == Decimal("3.5")
    # ordered by cost, ties by key; the (unallocated) group is always there, last when empty
    assert [g.key for g in r.groups] == [("A",), ("B",), ("(unallocated)",)]
    assert r.share(a) == Decimal("0.5")


def test_tokens_never_add_cached_or_reasoning_on_top():
    r = rollup.aggregate([row("A", "m", "1", prompt=1000, cached=512, completion=300, reasoning=200)], ["model"])
    t = r.total
    assert (t.prompt_tokens, t.cached_tokens, t.completion_tokens, t.reasoning_tokens) == (1000, 512, 300, 200)


def test_mixed_currencies_are_refused_unless_one_is_chosen():
    rows = [row("A", "m", "1"), row("A", "m", "2", currency="EUR")]
    with pytest.raises(rollup.RollupError, match="mixes currencies"):
        rollup.aggregate(rows, ["model"])
    assert rollup.aggregate(rows, ["model"], currency="EUR").total.cost_total == Decimal(2)


def test_top_folds_the_rest_so_rows_still_sum_to_the_total():
    rows = [row(f"CC-{i}", "m", str(i)) for i in range(1, 11)]
    r = rollup.aggregate(rows, ["cost_center", "model"]).top(3)
    assert len(r.groups) == 5 and r.groups[3].other == 7  # (unallocated) is never folded away
    assert r.groups[-1].key == ("(unallocated)", None) and r.groups[-1].totals.requests == 0
    r.check()
    assert r.groups[3].totals.cost_total == Decimal(sum(range(1, 8)))


def test_day_dimension_and_key_sort():
    rows = [row("A", "m", "1", day="2026-10-03"), row("A", "m", "1", day="2026-10-01"), row("A", "m", "5", day="2026-10-02")]
    r = rollup.aggregate(rows, ["day"], sort="key")
    assert [g.key[0] for g in r.groups] == ["2026-10-01", "2026-10-02", "2026-10-03"]


def test_parse_by_names_and_errors():
    assert rollup.parse_by("cost_center, model") == ("cost_center", "model")
    assert "user_id" in rollup.fields_for(["user"]) and "time" in rollup.fields_for(["day"])
    for bad in ("", "cost_centre", "model,model"):
        with pytest.raises(rollup.RollupError):
            rollup.parse_by(bad)


def test_csv_carries_exact_amounts_and_never_a_total_row():
    rows = [row("A", "m", "0.00000125", inp="0.00000025"), row("B", "m", "1.1", source="estimated"),
            row(None, "m", None, priced=False)]
    r = rollup.aggregate(rows, ["cost_center"], Selection(period="2026-10"), "test")
    parsed = list(csv.DictReader(io.StringIO(rollup.render_csv(r))))
    assert {p["cost_center"] for p in parsed} == {"A", "B", "", "(unallocated)"}  # no TOTAL row: SUM is the total
    assert sum(Decimal(p["cost_total"]) for p in parsed) == Decimal("1.10000125")
    totals = list(csv.DictReader(io.StringIO(rollup.render_totals_csv(r))))
    assert len(totals) == 1 and totals[0]["cost_total"] == "1.10000125" and totals[0]["period"] == "2026-10"


def test_csv_columns_do_not_depend_on_the_data():
    one = rollup.aggregate([row("A", "m", "1")], ["cost_center"])
    other = rollup.aggregate([row(None, "x", None, priced=False, source="estimated")], ["cost_center"])
    assert rollup.render_csv(one).splitlines()[0] == rollup.render_csv(other).splitlines()[0]
    assert rollup.render_csv(one).splitlines()[0].split(",") == ["cost_center", "adjusts_period", *rollup.METRICS]


def test_json_carries_exact_amounts_and_the_firm_part():
    rows = [row("A", "m", "0.00000125", inp="0.00000025"), row("B", "m", "1.1", source="estimated"),
            row(None, "m", None, priced=False)]
    r = rollup.aggregate(rows, ["cost_center"], Selection(period="2026-10"), "test")
    doc = json.loads(rollup.render_json(r))
    assert doc["total"]["cost_total"] == "1.10000125" and doc["total"]["estimated_requests"] == 1
    assert doc["total"]["unpriced_requests"] == 1 and doc["firm"] == {"requests": 1, "cost": "0.00000125"}
    assert doc["selection"]["period"] == "2026-10" and doc["groups"][0]["cost_center"] == "B"


def test_table_is_aligned_exact_and_explains_firmness():
    rows = [row("A", "m", "0.00000125", inp="0.00000025"), row("B", "m", "1.1", source="estimated")]
    text = rollup.render_table(rollup.aggregate(rows, ["cost_center"]))
    lines = text.splitlines()
    header = next(l for l in lines if l.startswith("cost_center"))
    total = next(l for l in lines if l.startswith("TOTAL"))
    assert len(header.rstrip()) == len(total.rstrip())  # aligned columns
    assert "1.10000125" in total and "100.00%" in total
    assert "firm          1 of 2 requests" in text and "estimated     1 requests" in text
    assert "adds up       1 firm + 1 estimated + 0 unpriced = 2 requests" in text
    rounded = rollup.render_table(rollup.aggregate(rows, ["cost_center"]), decimals=2)
    assert "1.10 " in rounded and "rounded to 2 decimals" in rounded


def test_selection_bounds():
    assert parse_bound("2026-10-15", end=True) == "2026-10-16T00:00:00"  # a date as --to is the whole day
    assert parse_bound("2026-10-15", end=False) == "2026-10-15T00:00:00"
    assert parse_bound("2026-10-15T12:30:00+02:00", end=False) == "2026-10-15T10:30:00"
    sel = selection("2026-10", "2026-10-30", None)
    assert sel.days() == ["2026-10-30", "2026-10-31"]
    assert len(selection("2026-02").days()) == 28 and len(selection("2026-12").days()) == 31
    for bad in (("2026-13", None, None), ("26-10", None, None), (None, "yesterday", None), (None, "2026-10-05", "2026-10-01")):
        with pytest.raises(ReaderError):
            selection(*bad)


def test_stored_times_compare_correctly_with_bounds():
    bound_to = parse_bound("2026-10-01", end=True)
    assert "2026-10-01T23:59:59.999000Z" < bound_to <= "2026-10-02T00:00:00Z"
    assert parse_bound("2026-10-02", end=False) <= "2026-10-02T00:00:00Z"


# ---------------------------------------------------------------- reconcile


def drift_row(model, prompt, completion, source="reported", rid="r", unest=0):
    return {"id": f"cb-{rid}", "request_id": rid, "model": model, "deployment": model, "usage_source": source,
            "drift": {"prompt": prompt, "completion": completion},
            "estimated": {"prompt_tokens": 1, "completion_tokens": 1, "unestimated_parts": unest}}


def test_nearest_rank_percentile():
    values = list(range(1, 101))
    assert reconcile.nearest_rank(values, 0.95) == 95
    assert reconcile.nearest_rank([3.0], 0.95) == 3.0 and reconcile.nearest_rank([], 0.95) is None


def test_reconcile_median_p95_worst_and_missing_usage():
    rows = [drift_row("m", d / 100, -d / 200, rid=f"r{d}") for d in range(-10, 11)]
    rows.append(drift_row("m", None, None, source="estimated", rid="est", unest=1))
    rows.append(drift_row("other", 0.5, None, rid="o1"))
    rec = reconcile.analyse(rows, ["model"], worst=2)
    m = next(g for g in rec.groups if g.key == ("m",))
    assert (m.requests, m.reported, m.no_usage, m.unestimable) == (22, 21, 1, 1)
    assert m.prompt.median == 0.0 and m.prompt.n == 21
    assert m.prompt.p95_abs == 0.1 and m.prompt.max_abs == 0.1
    assert {w.request_id for w in m.worst} == {"r-10", "r10"}
    other = next(g for g in rec.groups if g.key == ("other",))
    assert other.completion.n == 0 and other.completion.median is None
    assert rec.total.requests == 23
    doc = json.loads(reconcile.render(rec, "json"))
    assert doc["total"]["no_usage"] == 1 and doc["groups"][0]["prompt_drift"]["p95_abs"] == 0.1
    text = reconcile.render(rec, "table")
    assert "no reported usage: 1 of 23" in text and "r10" in text
    assert reconcile.render(rec, "csv").splitlines()[-1].startswith("TOTAL,23,22,1,1")


def test_a_request_both_estimated_and_unpriced_is_explained_and_the_footer_adds_up():
    rows = [row("A", "m", "1"), row("A", "m", "0.5", source="estimated"), row("A", "x", None, priced=False),
            row("A", "x", None, priced=False, source="estimated"), row("A", "y", None, priced=False, source="estimated")]
    r = rollup.aggregate(rows, ["cost_center"])
    t = r.total
    assert (t.requests, t.estimated_requests, t.unpriced_requests, t.estimated_unpriced_requests) == (5, 3, 3, 2)
    assert r.firm_requests == 1
    text = rollup.render_table(r)
    assert "in both       2 requests are estimated and unpriced" in text
    assert "adds up       1 firm + 3 estimated + 3 unpriced - 2 in both = 5 requests" in text


def test_an_empty_period_says_so_plainly():
    text = rollup.render_table(rollup.aggregate([], ["cost_center"], Selection(period="2026-09"), "SQLite x"))
    assert "no chargeback documents in period 2026-09: nothing was billed" in text
    assert "amounts in" not in text and "TOTAL" not in text


def test_tags_dimension_groups_by_one_tag_key():
    rows = [dict(row("A", "m", "1"), tags={"env": "prod"}), dict(row("A", "m", "2"), tags={"env": "dev"}),
            dict(row("A", "m", "4"), tags={})]
    r = rollup.aggregate(rows, rollup.parse_by("tags.env"))
    assert [(g.key, g.totals.cost_total) for g in r.groups] == [
        ((None,), Decimal(4)), (("dev",), Decimal(2)), (("prod",), Decimal(1))]
    assert "tags" in rollup.fields_for(["tags.env"])
    with pytest.raises(rollup.RollupError):
        rollup.parse_by("tags.")
