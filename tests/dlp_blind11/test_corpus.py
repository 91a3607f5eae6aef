"""What only the eleventh corpus covers, as its README says: people-heavy enterprise texts (about half
name someone) with sparse structured values, every credential kind the harness scores, hard negatives
that look like names and values, every template used. What every template corpus is:
tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import phonenumbers
import pytest

from tests.dlp_blind11.build import REGISTRY
from tests.dlp_blind11.corpus import COUNT, generate
from tests.dlp_blind11.values import CRED_KINDS, PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_decoy_kinds, assert_families,
                                          assert_grouped_and_compact, assert_private_keys_plain_and_json_escaped,
                                          assert_spaced_dashed_and_plain, card_digits, corpus_fixture, iban_countries,
                                          is_issuable_ssn, labelled, of_kind, valid_phone)
from tests.dlp_eval.test_template_corpora import ISSUE_KINDS, LATER_KINDS

pytestmark = pytest.mark.timeout(120)

corpus = corpus_fixture(generate)


def test_deterministic_per_seed(corpus) -> None:  # noqa: ANN001
    again = generate()
    assert [(s.id, s.text, s.labels, s.decoys) for s in again] == [(s.id, s.text, s.labels, s.decoys) for s in corpus]
    other = generate(seed=7)
    assert [s.text for s in other] != [s.text for s in corpus]
    assert [(s.text, s.labels) for s in other] == [(s.text, s.labels) for s in generate(seed=7)]


def test_size_and_sparsity(corpus) -> None:  # noqa: ANN001
    assert len(corpus) == COUNT == 500
    per_text = Counter(len(s.labels) for s in corpus)
    assert 0.10 <= per_text[0] / len(corpus) <= 0.20, per_text
    structured = Counter(sum(lb.family != "PERSON" for lb in s.labels) for s in corpus)
    assert sum(n for k, n in structured.items() if k <= 3) / len(corpus) >= 0.98, structured
    assert 0.25 <= structured[0] / len(corpus) <= 0.45, structured
    assert 1.5 <= sum(len(s.labels) for s in corpus) / len(corpus) <= 3.0


def test_person_heavy(corpus) -> None:  # noqa: ANN001
    with_people = sum(any(lb.family == "PERSON" for lb in s.labels) for s in corpus)
    assert 0.45 <= with_people / len(corpus) <= 0.65, with_people
    names = of_kind(corpus, "PERSON")
    assert len(set(names)) >= 200
    assert any(n.islower() for n in names) and any(re.search(r"[^\x00-\x7f]", n) for n in names)
    assert any("'" in n for n in names) and any(" " not in n for n in names)


def test_labels_lie_on_their_spans(corpus) -> None:  # noqa: ANN001
    for s in corpus:
        for lb in s.labels:
            value = s.text[lb.start:lb.end]
            assert value and value == value.strip(), (s.id, lb)
            assert lb.secret in value, (s.id, lb)
            if lb.family != "CREDENTIAL":
                assert lb.secret == value, (s.id, lb)
        spans = sorted([(lb.start, lb.end) for lb in s.labels] + [(d.start, d.end) for d in s.decoys])
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), s.id


def test_label_names_are_the_harness_names(corpus) -> None:  # noqa: ANN001
    kinds = Counter(lb.kind for s in corpus for lb in s.labels if lb.family == "CREDENTIAL")
    assert set(kinds) == set(CRED_KINDS) == ISSUE_KINDS | LATER_KINDS
    assert min(kinds.values()) >= 6, kinds
    assert_families(corpus, ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS"), 15)
    assert_families(corpus, ("PERSON",), 400)


def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert {s.genre for s in corpus} == {t.genre for t in REGISTRY.templates}
    assert len(REGISTRY.templates) >= 40
    assert sum(s.completion for s in corpus) >= 40
    assert_answers_are_completions(corpus)


def test_checksums_valid(corpus) -> None:  # noqa: ANN001
    cards = labelled(corpus, "CREDIT_CARD")
    assert all(luhn_valid(c) for c in card_digits(corpus))
    assert_spaced_dashed_and_plain(cards)
    assert any(2221 <= int(re.sub(r"\D", "", c)[:4]) <= 2720 for c in cards)
    assert {re.sub(r"\D", "", c)[0] for c in cards} >= {"2", "3", "4", "5", "6"}
    ibans = labelled(corpus, "IBAN_CODE")
    assert all(iban_valid(i) for i in ibans)
    assert_grouped_and_compact(ibans)
    assert len(iban_countries(corpus)) >= 6
    for ssn in labelled(corpus, "US_SSN"):
        assert is_issuable_ssn(ssn), ssn
    tokens = [t for k in ("github_token", "npm_token") for t in of_kind(corpus, k) if not t.startswith("github_pat_")]
    assert tokens and all(base62_checksum_valid(t) for t in tokens)
    assert_private_keys_plain_and_json_escaped(corpus)


def test_phones_valid_not_examples_not_fiction(corpus) -> None:  # noqa: ANN001
    regions = set()
    for phone in labelled(corpus, "PHONE_NUMBER"):
        n = valid_phone(phone, PHONE_REGIONS)
        assert n, phone
        region = phonenumbers.region_code_for_number(n)
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            ex = phonenumbers.example_number_for_type(region, kind)
            assert n.national_number != getattr(ex, "national_number", None), phone
        assert not (region in ("US", "CA") and str(n.national_number)[3:6] == "555"), phone
        regions.add(region)
    assert len(regions) >= 12, regions


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    decoys = [(d.kind, s.text[d.start:d.end]) for s in corpus for d in s.decoys]
    for kind, text in decoys:
        digits = re.sub(r"\D", "", text)
        if kind == "luhn_fail":
            assert not luhn_valid(digits), text
        elif kind == "bad_ssn":
            assert not is_issuable_ssn(text) or text == "078-05-1120", text
        elif kind == "doc_ip":
            assert text.startswith(("192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:")), text
        elif kind == "fict_phone":
            assert "555" in text, text
        elif kind == "masked":
            assert len(digits) == 4, text
        elif kind == "example_email":
            assert re.search(r"@example\.(com|org|net)$", text), text
    counts = assert_decoy_kinds(corpus, ("not_a_name", "company", "weekday", "job_title", "place", "department", "code_name",
                                        "guid", "hash", "version", "order_number", "ticket_number", "policy_number",
                                        "masked", "test_card", "placeholder", "example_key", "bad_ssn", "doc_ip",
                                        "example_iban", "employee_id"), 3)
    assert sum(counts.values()) >= 500
