"""Exact per-request cost from a versioned price table."""

from decimal import Decimal

from aoai_logpipe.core.pricing import PriceTable
from aoai_logpipe.core.types import Usage

TABLE = PriceTable({
    "price_id": "test-1", "currency": "USD",
    "models": {"gpt-4o": {"input": "2.50", "cached_input": "1.25", "output": "10.00"},
               "gpt-35-turbo": {"input": "0.50", "output": "1.50"}},
    "deployments": {"ptu-east": {"input": "0", "output": "0"}, "chat": {"model": "gpt-35-turbo"}},
})


def test_cost_splits_uncached_and_cached_prompt_and_adds_output():
    cost = TABLE.cost(Usage(4020, 100, 4120, cached_tokens=4012), "gpt-4o-2024-11-20", "gpt-4o")
    assert cost.input == Decimal("8") * Decimal("2.50") / 1_000_000
    assert cost.cached_input == Decimal(4012) * Decimal("1.25") / 1_000_000
    assert cost.output == Decimal(100) * Decimal("10.00") / 1_000_000
    assert cost.total == cost.input + cost.cached_input + cost.output
    assert cost.as_document()["total"] == "0.006035"


def test_reasoning_tokens_are_billed_once_as_output():
    with_reasoning = TABLE.cost(Usage(10, 87, 97, reasoning_tokens=64), "gpt-4o", None)
    assert with_reasoning.output == Decimal(87) * Decimal("10.00") / 1_000_000


def test_model_date_suffix_is_stripped_to_find_the_price():
    assert TABLE.rate_for("gpt-4o-2024-08-06", None) is TABLE.models["gpt-4o"]
    assert TABLE.rate_for("gpt-35-turbo-0125", None) is TABLE.models["gpt-35-turbo"]


def test_deployment_override_wins_over_the_model():
    assert TABLE.cost(Usage(1000, 1000, 2000), "gpt-4o", "PTU-East").total == 0


def test_deployment_alias_prices_requests_whose_model_is_unknown():
    assert TABLE.cost(Usage(1000, 0, 1000), None, "chat").total == Decimal("0.0005")


def test_unknown_model_is_flagged_not_priced_at_zero():
    cost = TABLE.cost(Usage(10, 10, 20), "contoso-finetune", None)
    assert (cost.priced, cost.total, cost.reason) == (False, None, "unpriced_model")


def test_amounts_are_exact_decimal_strings():
    doc = TABLE.cost(Usage(1, 1, 2), "gpt-4o", None).as_document()
    assert (doc["input"], doc["output"], doc["total"]) == ("0.0000025", "0.00001", "0.0000125")


def test_bundled_price_table_loads(prices):
    assert prices.rate_for("gpt-4o-mini-2024-07-18", None) is not None
