"""What only the sixth corpus covers, as its README says: Mastercard's 51-55 and Visa's 16-digit
numbers besides the other brands, IBANs both grouped and compact, prompts in six language groups and
model answers in many genres. What it covers with the fifth is tests/dlp_eval/test_corpus_coverage.py;
what every template corpus is, tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import pytest

from tests.dlp_blind6.corpus import generate
from tests.dlp_eval.corpus_checks import assert_grouped_and_compact, card_digits, corpus_fixture, labelled

pytestmark = pytest.mark.timeout(120)


corpus = corpus_fixture(generate)


def test_cards_include_mastercard_51_to_55_and_16_digit_visa(corpus) -> None:  # noqa: ANN001
    cards = card_digits(corpus)
    assert any(51 <= int(c[:2]) <= 55 for c in cards)
    assert any(c.startswith("4") and len(c) == 16 for c in cards)


def test_ibans_are_written_grouped_and_compact(corpus) -> None:  # noqa: ANN001
    assert_grouped_and_compact(labelled(corpus, "IBAN_CODE"))


def test_completions_and_multilingual_prompts(corpus) -> None:  # noqa: ANN001
    genres = {s.genre for s in corpus}
    assert {"multilingual_es", "multilingual_de", "multilingual_fr", "multilingual_pt", "multilingual_ja_ko",
            "multilingual_ar_hi"} <= genres
    assert len({s.genre for s in corpus if s.completion}) >= 8
