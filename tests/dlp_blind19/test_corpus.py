"""What the nineteenth corpus is, as its README says: 400 health-insurance and healthcare-administration prompts and
answers of seven kinds in about equal shares (claims, member services, clinical data exchange, provider network,
pharmacy benefit, the payer's IT, operations chat), about one text in four a hard-negative text with no label, every
credential kind of the harness at least six times, labels exactly on their spans, values that pass their checks and
hard negatives that fail them, every template used, deterministic per seed. What every template corpus is:
tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.dlp_blind19.corpus import generate
from tests.dlp_blind19.tpl import KINDS, NEGATIVE, REGISTRY, kind_of
from tests.dlp_blind19.values import PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.checksums import luhn_check_digit
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_checksums, assert_credential_kinds,
                                          assert_decoy_kinds, assert_decoys_fail, assert_deterministic_per_seed,
                                          assert_every_template_used, assert_families, assert_hard_negatives,
                                          assert_labels_hold_their_values, assert_names,
                                          assert_phones_valid_not_examples, assert_private_keys_plain_and_json_escaped,
                                          assert_texts_contain, common_decoy_fails, corpus_fixture, iban_countries,
                                          ip_addresses, is_documentation_ip, of_kind)
from tests.dlp_eval.test_template_corpora import ISSUE_KINDS, LATER_KINDS

pytestmark = pytest.mark.timeout(120)

FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")

corpus = corpus_fixture(generate)


def _npi_valid(npi: str) -> bool:
    return len(npi) == 10 and npi.isdigit() and luhn_check_digit("80840" + npi[:9]) == npi[9]


def test_deterministic_per_seed(corpus) -> None:  # noqa: ANN001
    assert_deterministic_per_seed(corpus, generate, 7, with_ids=True, other_repeats=True)
    assert all(s.id.startswith("b19-") for s in corpus)


def test_size_and_hard_negative_share(corpus) -> None:  # noqa: ANN001
    assert len(corpus) == 400
    negative = [s for s in corpus if s.genre in NEGATIVE]
    assert 0.2 <= len(negative) / len(corpus) <= 0.26
    assert all(not s.labels and s.decoys for s in negative)
    assert all(s.labels for s in corpus if s.genre not in NEGATIVE)
    assert sum(s.completion for s in corpus) >= 60
    assert any(s.completion for s in negative)


def test_seven_kinds_in_about_equal_shares(corpus) -> None:  # noqa: ANN001
    shares = Counter(kind_of(s.genre) for s in corpus)
    assert set(shares) == set(KINDS), shares
    assert max(shares.values()) <= 1.15 * min(shares.values()), shares
    assert_answers_are_completions(corpus)
    assert {kind_of(g) for g in {s.genre for s in corpus if s.completion}} == set(KINDS)


def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert_every_template_used(corpus, REGISTRY)
    assert len(REGISTRY.templates) >= 40


def test_labels_on_their_spans(corpus) -> None:  # noqa: ANN001
    assert_labels_hold_their_values(corpus, disjoint=True)


def test_every_credential_kind_at_least_six_times(corpus) -> None:  # noqa: ANN001
    kinds = assert_credential_kinds(corpus, ISSUE_KINDS | LATER_KINDS, 6)
    assert max(kinds.values()) <= 2 * min(kinds.values()), kinds
    assert_families(corpus, FAMILIES, 30)
    assert_private_keys_plain_and_json_escaped(corpus)


def test_checksums_valid(corpus) -> None:  # noqa: ANN001
    digits = assert_checksums(corpus, luhn_valid, iban_valid, base62_checksum_valid, iban_countries_at_least=12)
    assert {c[0] for c in digits} >= {"2", "3", "4", "5", "6"}
    assert {len(c) for c in digits} >= {14, 15, 16}
    assert len(iban_countries(corpus)) >= 12


def test_ips_of_both_versions_public_and_private(corpus) -> None:  # noqa: ANN001
    ips = ip_addresses(corpus)
    assert {ip.version for ip in ips} == {4, 6}
    assert any(ip.is_private for ip in ips) and any(ip.is_global for ip in ips)
    assert not any(is_documentation_ip(str(ip)) or ip.is_loopback or ip.is_unspecified for ip in ips)


def test_phones_valid_many_regions_not_examples(corpus) -> None:  # noqa: ANN001
    assert_phones_valid_not_examples(of_kind(corpus, "PHONE_NUMBER"), PHONE_REGIONS, 15)


def test_spoken_values_are_labelled(corpus) -> None:  # noqa: ANN001
    """Digits read out one by one in call transcripts, and spelled e-mails, are labelled as their family."""
    assert any(re.fullmatch(r"\d( \d){8}", s) for s in of_kind(corpus, "US_SSN"))
    assert any(" at " in e and " dot com" in e for e in of_kind(corpus, "EMAIL_ADDRESS"))
    assert any(re.fullmatch(r"\d( +\d){9}", p) for p in of_kind(corpus, "PHONE_NUMBER"))


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    fails = common_decoy_fails(luhn_valid, iban_valid)
    fails["npi"] = _npi_valid  # a real-shaped NPI: Luhn-valid with the 80840 prefix, not a card nor a phone
    fails["test_card"] = lambda t: t.replace(" ", "") in ("4111111111111111", "4242424242424242", "5555555555554444",
                                                          "378282246310005")
    assert_decoys_fail(corpus, fails)
    assert_decoy_kinds(corpus, ("npi", "tin", "member_id", "group_number", "claim_number", "caqh_id", "ndc", "rxbin", "icd10",
                                "cpt", "control_id", "interchange_control", "eft_trace", "routing_number", "account_number",
                                "dea_number", "auth_number", "guid", "commit_sha", "example_email", "system_email", "company",
                                "drug", "placeholder", "secret_ref", "documented_example", "luhn_fail", "bad_iban", "masked",
                                "bad_ssn", "fict_phone", "doc_ip", "version", "test_card", "pcn", "ncpdp_id"))
    assert_hard_negatives(corpus, 1500, ("CREDENTIAL", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN",
                                         "IP_ADDRESS", "PERSON", "password_kv", "azure_openai_key"))


def test_formats_and_languages(corpus) -> None:  # noqa: ANN001
    assert_texts_contain(corpus, ("NM1*IL*1*", "REF*SY*", "PER*IC*", "CLP*", "BPR*", "MSH|^~\\&|", "PID|1||", "NK1|1|",
                                  "\"resourceType\": \"Patient\"", "PRIOR AUTHORIZATION", "EXPLANATION OF BENEFITS", "BIN ",
                                  "NDC", "NPI", "CAQH", "agent: ", "caller: ", "```", "-----BEGIN", "Mit freundlichen Grüßen",
                                  "Confraternellement", "Atenciosamente", "Estimado/a", "contraseña", "senha", "Passwort"))
    names = assert_names(corpus, 100)
    assert any("^" in n for n in names) and any("*" in n for n in names)
