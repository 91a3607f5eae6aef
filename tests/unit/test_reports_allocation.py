"""Allocation at report time: versioned rules, the (unallocated) group and its warning, truthful attribution."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from aoai_logpipe import settings
from aoai_logpipe.reports import rollup
from aoai_logpipe.reports.allocation import Allocator
from aoai_logpipe.reports.finance_config import AllocationVersion, FinanceSettings

V1 = AllocationVersion(version="rules-1", effective_from="2026-10-01",
                       cost_center={"app": {"code-assist": "CC-3003"}, "subscription": {"sub-lab": "CC-9000"}},
                       business_unit={"cost_center": {"CC-3003": "Engineering"}, "default": "Shared"})
V2 = AllocationVersion(version="rules-2", effective_from="2026-11-01",
                       cost_center={"app": {"code-assist": "CC-4004"}, "default": "CC-0000"})


def row(time="2026-10-10T10:00:00Z", cost="1", **fields):
    return {"id": f"cb-{time}-{sorted(fields.items())}", "time": time, "usage_source": "reported",
            "usage": {"prompt_tokens": 10, "completion_tokens": 1},
            "cost": {"currency": "USD", "priced": True, "total": cost, "input": cost, "cached_input": "0", "output": "0",
                     "price_id": "p"}, "attribution": "complete", **fields}


def test_a_stored_cost_center_wins_over_every_rule():
    out = Allocator([V1]).apply(row(cost_center="CC-1", app_id="code-assist"))
    assert (out["cost_center"], out["allocation"]) == ("CC-1", "stored")


def test_rules_apply_in_the_order_written_then_the_default():
    alloc = Allocator([V1])
    by_app = alloc.apply(row(app_id="code-assist", subscription_id="sub-lab"))
    by_sub = alloc.apply(row(app_id="other", subscription_id="sub-lab"))
    nothing = alloc.apply(row(app_id="other"))
    assert (by_app["cost_center"], by_app["allocation"], by_app["allocation_version"]) == ("CC-3003", "rule", "rules-1")
    assert by_sub["cost_center"] == "CC-9000"
    assert (nothing["cost_center"], nothing["allocation"]) == ("(unallocated)", "unallocated")
    # business unit: a rule on the (allocated) cost center, else the version's default
    assert by_app["business_unit"] == "Engineering" and by_sub["business_unit"] == "Shared"


def test_each_request_is_allocated_by_the_rule_version_in_force_on_its_day():
    alloc = Allocator([V2, V1])  # any order
    october = alloc.apply(row(time="2026-10-31T23:59:59Z", app_id="code-assist"))
    november = alloc.apply(row(time="2026-11-01T00:00:00Z", app_id="code-assist"))
    stranger = alloc.apply(row(time="2026-11-02T00:00:00Z", app_id="nobody"))
    before = alloc.apply(row(time="2026-09-30T12:00:00Z", app_id="code-assist"))
    assert (october["cost_center"], october["allocation_version"]) == ("CC-3003", "rules-1")
    assert (november["cost_center"], november["allocation_version"]) == ("CC-4004", "rules-2")
    assert (stranger["cost_center"], stranger["allocation"]) == ("CC-0000", "default")
    assert before["cost_center"] == "(unallocated)"  # no rules were in force yet
    facts = rollup.allocation_facts([october, november, stranger, before], 0.05)
    assert facts.versions == ["rules-1", "rules-2"] and facts.methods == {"stored": 0, "rule": 2, "default": 1,
                                                                         "unallocated": 1}


def test_attribution_tells_the_truth_for_every_dialect():
    alloc = Allocator()
    assert alloc.apply(row(cost_center="CC-1"))["attribution"] == "complete"
    assert alloc.apply(row(app_id="a"))["attribution"] == "partial"  # e.g. legacy usage records: app only
    assert alloc.apply(row())["attribution"] == "none"  # legacy logger without headers: was "complete"
    assert alloc.apply(row(attribution="missing", user_id="u"))["attribution"] == "missing"


def test_the_unallocated_group_is_always_present_and_warns_over_the_threshold():
    alloc = Allocator([V1])
    rows = alloc.apply_all([row(cost="90", cost_center="CC-1"), row(cost="10", app_id="nobody")])
    result = rollup.finish(rollup.aggregate(rows, ["cost_center"]), rollup.allocation_facts(rows, 0.05))
    assert [(g.key, g.totals.cost_total) for g in result.groups] == [(("CC-1",), Decimal(90)),
                                                                     (("(unallocated)",), Decimal(10))]
    assert result.allocation.share(result.total.cost_total) == Decimal("0.1")
    assert len(result.warnings) == 1 and "10.00% of the total" in result.warnings[0]
    quiet_rows = alloc.apply_all([row(cost="90", cost_center="CC-1"), row(cost="10", app_id="code-assist")])
    quiet = rollup.finish(rollup.aggregate(quiet_rows, ["cost_center"]), rollup.allocation_facts(quiet_rows, 0.05))
    assert quiet.warnings == [] and (("(unallocated)",), 0) in [(g.key, g.totals.requests) for g in quiet.groups]
    doc = rollup.to_json(result)
    assert doc["allocation"]["versions"] == ["rules-1"]  # its business-unit default allocated both rows
    assert doc["allocation"]["unallocated"] == {"requests": 1, "cost": "10", "share": "0.1"}
    text = rollup.render_table(result)
    assert "allocation    rules" in text and "warning: unallocated spend is 10.00%" in text


def test_the_rule_version_used_is_recorded_in_the_output():
    alloc = Allocator([V1])
    rows = alloc.apply_all([row(app_id="code-assist")])
    result = rollup.finish(rollup.aggregate(rows, ["cost_center"]), rollup.allocation_facts(rows, 0.05))
    assert rollup.to_json(result)["allocation"]["versions"] == ["rules-1"]
    assert "allocation    rules rules-1; cost center stored 0, by rule 1" in rollup.render_table(result)


def test_allocation_settings_are_validated_with_the_setting_named():
    config = settings.load(env={"AOAI_LOGPIPE_FINANCE__ALLOCATION": '[{"version": "a", "effective_from": "2026-10-01",'
                                ' "cost_center": {"app": {"x": "CC-1"}, "default": "CC-0"}}]'})
    assert config.finance.allocation[0].cost_center["default"] == "CC-0"
    with pytest.raises(settings.SettingsError, match="finance.allocation"):
        settings.load(env={"AOAI_LOGPIPE_FINANCE__ALLOCATION": '[{"version": "a", "cost_center": {"colour": {}}}]'})
    with pytest.raises(ValidationError, match="distinct"):
        FinanceSettings(allocation=[V1, AllocationVersion(version="rules-1", effective_from="2027-01-01")])
