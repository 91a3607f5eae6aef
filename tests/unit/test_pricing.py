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


# ---------------------------------------------------------------- versions by date

from datetime import datetime, timezone  # noqa: E402

import pytest  # noqa: E402

from aoai_logpipe.core.pricing import PriceBook, PriceError  # noqa: E402

BOOK = PriceBook({
    "currency": "USD", "deployments": {"chat": {"model": "gpt-4o"}},
    "versions": [
        {"price_id": "t-2026-11", "effective_from": "2026-11-01", "models": {"gpt-4o": {"input": "2.00", "output": "8.00"}}},
        {"price_id": "t-2026-01", "effective_from": "2026-01-01", "models": {"gpt-4o": {"input": "2.50", "output": "10.00"}}},
    ],
})


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def test_each_request_is_priced_by_the_version_in_force_at_its_time():
    october = BOOK.cost(Usage(1_000_000, 0, 1_000_000), "gpt-4o-2024-11-20", None, at("2026-10-31T23:59:59.999"))
    november = BOOK.cost(Usage(1_000_000, 0, 1_000_000), "gpt-4o-2024-11-20", None, at("2026-11-01T00:00:00"))
    assert (october.price_id, october.total) == ("t-2026-01", Decimal("2.50"))
    assert (november.price_id, november.total) == ("t-2026-11", Decimal("2.00"))


def test_a_request_before_the_first_version_is_unpriced_and_says_why():
    cost = BOOK.cost(Usage(10, 10, 20), "gpt-4o", None, at("2025-12-31T12:00:00"))
    assert (cost.priced, cost.total, cost.reason, cost.price_id) == (False, None, "no_price_in_force", None)


def test_top_level_deployments_apply_to_every_version_and_unknown_times_use_the_latest():
    assert BOOK.cost(Usage(1_000_000, 0, 1_000_000), None, "chat", at("2026-06-01T00:00:00")).total == Decimal("2.50")
    assert BOOK.cost(Usage(1_000_000, 0, 1_000_000), "gpt-4o", None, None).price_id == "t-2026-11"
    assert BOOK.unpriced("implausible_usage", at("2026-12-01T00:00:00")).price_id == "t-2026-11"


def test_a_table_without_versions_prices_every_time_as_before():
    book = PriceBook({"price_id": "flat-1", "models": {"gpt-4o": {"input": "1", "output": "1"}}})
    for when in (None, at("2001-01-01T00:00:00"), at("2099-01-01T00:00:00")):
        cost = book.cost(Usage(1_000_000, 0, 1_000_000), "gpt-4o", None, when)
        assert (cost.price_id, cost.total) == ("flat-1", Decimal(1))


@pytest.mark.parametrize("versions, problem", [
    ([], "versions"),
    ([{"price_id": "a", "models": {}}, {"price_id": "b", "models": {}}], "only the earliest"),
    ([{"price_id": "a", "effective_from": "2026-01-01", "models": {}},
      {"price_id": "a", "effective_from": "2026-02-01", "models": {}}], "own price_id"),
    ([{"price_id": "a", "effective_from": "soon", "models": {}}], "is not a date"),
])
def test_bad_versions_are_refused_with_the_field_named(versions, problem):
    with pytest.raises(PriceError, match=problem):
        PriceBook({"versions": versions}, "prices.json")


def test_the_bundled_book_prices_2026_traffic_with_a_version_dated_before_it(prices):
    cost = prices.cost(Usage(100, 10, 110), "gpt-4o-mini-2024-07-18", None, at("2026-10-15T00:00:00"))
    assert cost.priced and cost.price_id == "azure-openai-global-standard-2025-08"
    assert prices.at(at("2026-10-15T00:00:00")) is prices.versions[0][1]
