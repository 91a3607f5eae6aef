"""The fourth corpus covers what its README says: size, genres, brands, countries, regions and
hard negatives. What every template-written corpus must be besides (deterministic, exactly labelled,
values passing their own checks) is tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import pytest

from tests.dlp_blind4.corpus import generate
from tests.dlp_eval.corpus_checks import assert_hard_negatives, card_digits, corpus_fixture, iban_countries, ip_addresses

pytestmark = pytest.mark.timeout(120)


corpus = corpus_fixture(generate)


def test_at_least_500_texts_with_completions(corpus) -> None:  # noqa: ANN001
    assert len(corpus) >= 500
    assert len({s.genre for s in corpus}) >= 25
    assert sum(s.completion for s in corpus) >= 20


def test_cards_cover_brands(corpus) -> None:  # noqa: ANN001
    cards = card_digits(corpus)
    assert any(2221 <= int(c[:4]) <= 2720 for c in cards) and any(c[:2] in ("34", "37") for c in cards)
    assert any(c.startswith("6011") or c.startswith("65") for c in cards)


def test_ibans_come_from_many_countries(corpus) -> None:  # noqa: ANN001
    assert len(iban_countries(corpus)) >= 20


def test_ips_parse_in_both_families(corpus) -> None:  # noqa: ANN001
    ips = ip_addresses(corpus)
    assert {ip.version for ip in ips} == {4, 6}
    assert any(ip.is_private for ip in ips) and any(ip.is_global for ip in ips)


def test_hard_negatives_are_plentiful_and_varied(corpus) -> None:  # noqa: ANN001
    assert_hard_negatives(corpus, 1000, {"IP_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "CREDENTIAL",
                                         "azure_openai_key", "aws_access_key_id", "aws_secret_key", "entra_client_secret",
                                         "stripe_key", "azure_storage_key"})
