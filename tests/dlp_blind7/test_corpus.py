"""What only the seventh corpus covers, as its README says: the six kinds of enterprise text (support
tickets, code, configuration, logs, e-mail, chat) each in several sub-genres, model answers, prompts in
many languages, private keys in PEM and JSON-escaped form, neutral-context Azure keys, Mastercard 2-series
and UnionPay cards, compact SSNs. What it covers with the fifth and sixth is
tests/dlp_eval/test_corpus_coverage.py; what every template corpus is, tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.dlp_blind7.corpus import generate
from tests.dlp_blind7.values import iban_valid, luhn_valid

pytestmark = pytest.mark.timeout(120)

KINDS = ("ticket", "code", "config", "log", "mail", "chat", "answer")


@pytest.fixture(scope="module")
def corpus():  # noqa: ANN201
    return generate()


def _labels(corpus, kind):  # noqa: ANN001, ANN202
    return [s.text[lb.start:lb.end] for s in corpus for lb in s.labels if lb.kind == kind]


def test_six_kinds_each_in_several_sub_genres(corpus) -> None:  # noqa: ANN001
    genres = {s.genre for s in corpus}
    per_kind = Counter(g.split("_")[0] for g in genres)
    assert all(per_kind[k] >= 5 for k in KINDS), per_kind
    assert len({s.genre for s in corpus if s.completion}) >= 8
    assert all(s.genre.startswith("answer_") == s.completion for s in corpus)


def test_private_keys_plain_and_json_escaped(corpus) -> None:  # noqa: ANN001
    keys = _labels(corpus, "private_key")
    assert len(keys) >= 10
    assert any("\\n" in k for k in keys) and any("\n" in k for k in keys)


def test_neutral_azure_keys_and_cards_of_rarer_brands(corpus) -> None:  # noqa: ANN001
    assert len(_labels(corpus, "azure_ai_key_no_keyword")) >= 10
    cards = [re.sub(r"[ -]", "", c) for c in _labels(corpus, "CREDIT_CARD")]
    assert any(c.startswith("62") for c in cards) and all(luhn_valid(c) for c in cards)
    assert any(" " not in c and "-" not in c for c in _labels(corpus, "CREDIT_CARD"))


def test_ssns_and_ibans_in_several_layouts(corpus) -> None:  # noqa: ANN001
    ssns = _labels(corpus, "US_SSN")
    assert any("-" in s for s in ssns) and any(" " in s for s in ssns) and any(s.isdigit() for s in ssns)
    ibans = _labels(corpus, "IBAN_CODE")
    assert any(" " in i for i in ibans) and any(" " not in i for i in ibans) and all(iban_valid(i) for i in ibans)


def test_hard_negatives_include_documented_and_placeholder_values(corpus) -> None:  # noqa: ANN001
    kinds = Counter(d.kind for s in corpus for d in s.decoys)
    for k in ("aws_example", "azurite", "cosmos_emulator", "test_card", "placeholder", "masked_key", "example_iban", "bad_ssn",
              "doc_ip", "luhn_fail", "fict_phone", "chatcmpl"):
        assert kinds[k] >= 3, k
