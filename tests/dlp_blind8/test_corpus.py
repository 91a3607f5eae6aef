"""What only the eighth corpus covers, as its README says: sparse, realistic prompts and model answers
(about two labels per text, a hard negative every three or four texts), every credential kind of the
issue and every PII family, in many genres and languages. What every template corpus is:
tests/dlp_eval/test_template_corpora.py. It is not in tests/dlp_eval/test_corpus_coverage.py, whose
thresholds assume dense corpora."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.dlp_blind8.corpus import generate
from tests.dlp_blind8.values import iban_valid, luhn_valid

pytestmark = pytest.mark.timeout(120)

KINDS = ("ticket", "code", "config", "log", "mail", "chat", "answer")
FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")


@pytest.fixture(scope="module")
def corpus():  # noqa: ANN201
    return generate()


def _labels(corpus, kind):  # noqa: ANN001, ANN202
    return [s.text[lb.start:lb.end] for s in corpus for lb in s.labels if lb.kind == kind]


def test_size_and_sparsity(corpus) -> None:  # noqa: ANN001
    labels = sum(len(s.labels) for s in corpus)
    decoys = sum(len(s.decoys) for s in corpus)
    assert len(corpus) >= 450 and labels >= 900 and decoys >= 120
    assert 1.5 <= labels / len(corpus) <= 2.5, labels / len(corpus)
    assert sum(s.completion for s in corpus) >= 40


def test_genres_of_every_kind(corpus) -> None:  # noqa: ANN001
    genres = {s.genre for s in corpus}
    assert len(genres) >= 30
    per_kind = Counter(g.split("_")[0] for g in genres)
    assert all(per_kind[k] >= 3 for k in KINDS), per_kind
    assert all(s.genre.startswith("answer_") == s.completion for s in corpus)


def test_every_pii_family_often(corpus) -> None:  # noqa: ANN001
    fams = Counter(lb.family for s in corpus for lb in s.labels)
    assert all(fams[f] >= 60 for f in FAMILIES), fams


def test_values_pass_their_checks_in_several_layouts(corpus) -> None:  # noqa: ANN001
    cards = _labels(corpus, "CREDIT_CARD")
    assert all(luhn_valid(re.sub(r"[ -]", "", c)) for c in cards)
    assert any(" " in c for c in cards) and any("-" in c for c in cards) and any(c.isdigit() for c in cards)
    ibans = _labels(corpus, "IBAN_CODE")
    assert all(iban_valid(i) for i in ibans) and any(" " in i for i in ibans) and any(" " not in i for i in ibans)
    ssns = _labels(corpus, "US_SSN")
    assert any("-" in s for s in ssns) and any(" " in s for s in ssns) and any(s.isdigit() for s in ssns)


def test_private_keys_plain_and_json_escaped(corpus) -> None:  # noqa: ANN001
    keys = _labels(corpus, "private_key")
    assert any("\\n" in k for k in keys) and any("\n" in k for k in keys)


def test_hard_negatives_of_many_kinds(corpus) -> None:  # noqa: ANN001
    kinds = Counter(d.kind for s in corpus for d in s.decoys)
    assert len(kinds) >= 12, kinds
    for k in ("aws_example", "azurite", "cosmos_emulator", "test_card", "placeholder", "example_iban", "bad_ssn", "doc_ip",
              "fict_phone", "chatcmpl", "guid", "sha256"):
        assert kinds[k] >= 3, k
