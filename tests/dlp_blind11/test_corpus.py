"""What only the eleventh corpus covers, as its README says: people-heavy enterprise texts (about half
name someone) with sparse structured values, every credential kind the harness scores, hard negatives
that look like names and values, every template used. What every template corpus is:
tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.dlp_blind11.build import REGISTRY
from tests.dlp_blind11.corpus import COUNT, generate
from tests.dlp_blind11.values import CRED_KINDS, PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_checksums, assert_credential_kinds,
                                          assert_decoy_kinds, assert_decoys_fail, assert_deterministic_per_seed,
                                          assert_every_template_used, assert_families, assert_labels_hold_their_values,
                                          assert_names, assert_phones_valid_not_examples,
                                          assert_private_keys_plain_and_json_escaped, corpus_fixture, is_documentation_ip,
                                          is_example_email, is_issuable_ssn, labelled)
from tests.dlp_eval.test_template_corpora import ISSUE_KINDS, LATER_KINDS

pytestmark = pytest.mark.timeout(120)

corpus = corpus_fixture(generate)


def test_deterministic_per_seed(corpus) -> None:  # noqa: ANN001
    assert_deterministic_per_seed(corpus, generate, 7, with_ids=True, other_repeats=True)


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
    names = assert_names(corpus, 200)
    assert any("'" in n for n in names) and any(" " not in n for n in names)


def test_labels_lie_on_their_spans(corpus) -> None:  # noqa: ANN001
    assert_labels_hold_their_values(corpus, disjoint=True)


def test_label_names_are_the_harness_names(corpus) -> None:  # noqa: ANN001
    assert set(CRED_KINDS) == ISSUE_KINDS | LATER_KINDS
    assert_credential_kinds(corpus, set(CRED_KINDS), 6)
    assert_families(corpus, ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS"), 15)
    assert_families(corpus, ("PERSON",), 400)


def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert_every_template_used(corpus, REGISTRY)
    assert len(REGISTRY.templates) >= 40
    assert sum(s.completion for s in corpus) >= 40
    assert_answers_are_completions(corpus)


def test_checksums_valid(corpus) -> None:  # noqa: ANN001
    assert_checksums(corpus, luhn_valid, iban_valid, base62_checksum_valid, iban_countries_at_least=6)
    assert {re.sub(r"\D", "", c)[0] for c in labelled(corpus, "CREDIT_CARD")} >= {"2", "3", "4", "5", "6"}
    assert_private_keys_plain_and_json_escaped(corpus)


def test_phones_valid_not_examples_not_fiction(corpus) -> None:  # noqa: ANN001
    assert_phones_valid_not_examples(labelled(corpus, "PHONE_NUMBER"), PHONE_REGIONS, 12)


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    assert_decoys_fail(corpus, {
        "luhn_fail": lambda t: not luhn_valid(re.sub(r"\D", "", t)),
        "bad_ssn": lambda t: not is_issuable_ssn(t) or t == "078-05-1120",
        "doc_ip": is_documentation_ip,
        "fict_phone": lambda t: "555" in t,
        "masked": lambda t: len(re.sub(r"\D", "", t)) == 4,
        "example_email": is_example_email,
    })
    counts = assert_decoy_kinds(corpus, ("not_a_name", "company", "weekday", "job_title", "place", "department", "code_name",
                                        "guid", "hash", "version", "order_number", "ticket_number", "policy_number",
                                        "masked", "test_card", "placeholder", "example_key", "bad_ssn", "doc_ip",
                                        "example_iban", "employee_id"), 3)
    assert sum(counts.values()) >= 500
