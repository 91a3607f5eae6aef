"""What only the eighth corpus covers, as its README says: sparse, realistic prompts and model answers
(about two labels per text, a hard negative every three or four texts), every credential kind of the
issue and every PII family, in many genres and languages. What every template corpus is:
tests/dlp_eval/test_template_corpora.py. It is not in tests/dlp_eval/test_corpus_coverage.py, whose
thresholds assume dense corpora."""

from __future__ import annotations

import pytest

from tests.dlp_blind8.corpus import generate
from tests.dlp_blind8.values import iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_decoy_kinds, assert_families,
                                          assert_genre_prefixes, assert_grouped_and_compact,
                                          assert_private_keys_plain_and_json_escaped, assert_spaced_dashed_and_plain,
                                          card_digits, corpus_fixture, of_kind)

pytestmark = pytest.mark.timeout(120)

KINDS = ("ticket", "code", "config", "log", "mail", "chat", "answer")
FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")


corpus = corpus_fixture(generate)


def test_size_and_sparsity(corpus) -> None:  # noqa: ANN001
    labels = sum(len(s.labels) for s in corpus)
    decoys = sum(len(s.decoys) for s in corpus)
    assert len(corpus) >= 450 and labels >= 900 and decoys >= 120
    assert 1.5 <= labels / len(corpus) <= 2.5, labels / len(corpus)
    assert sum(s.completion for s in corpus) >= 40


def test_genres_of_every_kind(corpus) -> None:  # noqa: ANN001
    assert len({s.genre for s in corpus}) >= 30
    assert_genre_prefixes(corpus, KINDS, 3)
    assert_answers_are_completions(corpus)


def test_every_pii_family_often(corpus) -> None:  # noqa: ANN001
    assert_families(corpus, FAMILIES, 60)


def test_values_pass_their_checks_in_several_layouts(corpus) -> None:  # noqa: ANN001
    assert all(luhn_valid(c) for c in card_digits(corpus))
    assert_spaced_dashed_and_plain(of_kind(corpus, "CREDIT_CARD"))
    ibans = of_kind(corpus, "IBAN_CODE")
    assert all(iban_valid(i) for i in ibans)
    assert_grouped_and_compact(ibans)
    assert_spaced_dashed_and_plain(of_kind(corpus, "US_SSN"))


def test_private_keys_plain_and_json_escaped(corpus) -> None:  # noqa: ANN001
    assert_private_keys_plain_and_json_escaped(corpus)


def test_hard_negatives_of_many_kinds(corpus) -> None:  # noqa: ANN001
    kinds = assert_decoy_kinds(corpus, ("aws_example", "azurite", "cosmos_emulator", "test_card", "placeholder", "example_iban",
                                        "bad_ssn", "doc_ip", "fict_phone", "chatcmpl", "guid", "sha256"))
    assert len(kinds) >= 12, kinds
