"""What only the seventh corpus covers, as its README says: the six kinds of enterprise text (support
tickets, code, configuration, logs, e-mail, chat) each in several sub-genres, model answers, prompts in
many languages, private keys in PEM and JSON-escaped form, neutral-context Azure keys, Mastercard 2-series
and UnionPay cards, compact SSNs. What it covers with the fifth and sixth is
tests/dlp_eval/test_corpus_coverage.py; what every template corpus is, tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import pytest

from tests.dlp_blind7.corpus import generate
from tests.dlp_blind7.values import iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_decoy_kinds, assert_genre_prefixes,
                                          assert_grouped_and_compact,
                                          assert_private_keys_plain_and_json_escaped, assert_spaced_dashed_and_plain,
                                          card_digits, corpus_fixture, of_kind)

pytestmark = pytest.mark.timeout(120)

KINDS = ("ticket", "code", "config", "log", "mail", "chat", "answer")


corpus = corpus_fixture(generate)


def test_six_kinds_each_in_several_sub_genres(corpus) -> None:  # noqa: ANN001
    assert_genre_prefixes(corpus, KINDS, 5)
    assert len({s.genre for s in corpus if s.completion}) >= 8
    assert_answers_are_completions(corpus)


def test_private_keys_plain_and_json_escaped(corpus) -> None:  # noqa: ANN001
    assert_private_keys_plain_and_json_escaped(corpus, at_least=10)


def test_neutral_azure_keys_and_cards_of_rarer_brands(corpus) -> None:  # noqa: ANN001
    assert len(of_kind(corpus, "azure_ai_key_no_keyword")) >= 10
    cards = card_digits(corpus)
    assert any(c.startswith("62") for c in cards) and all(luhn_valid(c) for c in cards)
    assert any(" " not in c and "-" not in c for c in of_kind(corpus, "CREDIT_CARD"))


def test_ssns_and_ibans_in_several_layouts(corpus) -> None:  # noqa: ANN001
    assert_spaced_dashed_and_plain(of_kind(corpus, "US_SSN"))
    ibans = of_kind(corpus, "IBAN_CODE")
    assert_grouped_and_compact(ibans)
    assert all(iban_valid(i) for i in ibans)


def test_hard_negatives_include_documented_and_placeholder_values(corpus) -> None:  # noqa: ANN001
    assert_decoy_kinds(corpus, ("aws_example", "azurite", "cosmos_emulator", "test_card", "placeholder", "masked_key",
                                "example_iban", "bad_ssn", "doc_ip", "luhn_fail", "fict_phone", "chatcmpl"))
