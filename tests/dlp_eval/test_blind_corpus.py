"""The blind evaluation corpus is what it claims: seeded, large enough per kind, with exact spans
and values that pass their real validity checks."""

from __future__ import annotations

import random
from collections import Counter

import phonenumbers
import pytest

from tests.dlp_eval import values as v
from tests.dlp_eval.corpus import CREDENTIAL, KINDS, PII_FAMILIES, generate

SAMPLES = generate()


def _values(family: str, kind: str | None = None) -> list[str]:
    return [s.text[lab.start:lab.end] for s in SAMPLES for lab in s.labels
            if lab.family == family and (kind is None or lab.kind == kind)]


def test_generation_is_deterministic() -> None:
    again = generate()
    assert [(s.text, s.labels, s.decoys) for s in again] == [(s.text, s.labels, s.decoys) for s in SAMPLES]


def test_at_least_500_texts_of_every_genre() -> None:
    genres = Counter(s.genre for s in SAMPLES)
    assert len(SAMPLES) >= 500
    assert set(genres) == {"ticket", "email", "chat", "code", "logs", "trace", "answer"}
    assert min(genres.values()) >= 50


def test_every_credential_kind_and_pii_family_has_enough_values_to_measure_097() -> None:
    kinds = Counter(lab.kind for s in SAMPLES for lab in s.labels if lab.family == CREDENTIAL)
    families = Counter(lab.family for s in SAMPLES for lab in s.labels)
    assert set(KINDS) <= set(kinds)
    assert min(kinds.values()) >= 34
    assert min(families[f] for f in PII_FAMILIES) >= 34


def test_hard_negatives_are_plentiful() -> None:
    assert sum(len(s.decoys) for s in SAMPLES) >= 300
    assert sum(1 for s in SAMPLES if not any(lab.family in (CREDENTIAL, *PII_FAMILIES) for lab in s.labels)) >= 50


def test_spans_are_exact_and_disjoint_except_values_nested_in_a_credential() -> None:
    for s in SAMPLES:
        outer = [lab for lab in s.labels if not any(o is not lab and o.start <= lab.start and lab.end <= o.end
                                                     and o.family == CREDENTIAL for o in s.labels)]
        spans = sorted([(lab.start, lab.end) for lab in outer] + [(d.start, d.end) for d in s.decoys])
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:])), s.id
        for lab in s.labels:
            assert lab.secret and lab.secret in s.text[lab.start:lab.end], s.id
            assert s.text[lab.start:lab.end].strip() == s.text[lab.start:lab.end], s.id


def test_cards_pass_luhn_and_ibans_mod_97() -> None:
    assert all(v.luhn_valid(c) for c in _values("CREDIT_CARD"))
    assert all(v.iban_valid(i) for i in _values("IBAN_CODE"))
    assert any(c.replace(" ", "").replace("-", "")[:4] in {str(n) for n in range(2221, 2721)} for c in _values("CREDIT_CARD"))


def test_ssns_are_issuable() -> None:
    assert all(v.ssn_valid(x) for x in _values("US_SSN"))


@pytest.mark.parametrize("region", sorted(v.PHONE_PLANS))
def test_phones_are_valid_numbers_of_their_region(region: str) -> None:
    rng = random.Random(region)
    for _ in range(20):
        assert phonenumbers.is_valid_number(phonenumbers.parse(v.phone(rng, region), region))


def test_github_and_npm_tokens_carry_their_crc32() -> None:
    tokens = _values(CREDENTIAL, "github") + _values(CREDENTIAL, "npm")
    tokens = [t.split("@")[0].split(":")[-1] for t in tokens]
    assert tokens and all(v.github_token_valid(t) for t in tokens)
    assert not v.github_token_valid(tokens[0][:-1] + ("A" if tokens[0][-1] != "A" else "B"))


def test_ibans_come_from_many_countries() -> None:
    assert len({i[:2] for i in _values("IBAN_CODE")}) >= 20
