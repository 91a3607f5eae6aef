"""What the eighteenth corpus is, as its README says: 400 security-operations prompts and answers of seven kinds in
about equal shares (SOC alerts and queries, reported phishing, leaked credentials, incident response, vulnerability
and pentest output, payment fraud, war-room chat), about one text in four a hard-negative text with no label, every
credential kind of the harness at least six times, labels exactly on their spans, values that pass their checks and
hard negatives that fail them, every template used, deterministic per seed. What every template corpus is:
tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.dlp_blind18.corpus import generate
from tests.dlp_blind18.tpl import KINDS, NEGATIVE, REGISTRY, kind_of
from tests.dlp_blind18.values import PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_checksums, assert_credential_kinds,
                                          assert_decoy_kinds, assert_decoys_fail, assert_deterministic_per_seed,
                                          assert_every_template_used, assert_families, assert_hard_negatives,
                                          assert_labels_hold_their_values, assert_names,
                                          assert_phones_valid_not_examples, assert_private_keys_plain_and_json_escaped,
                                          assert_texts_contain, card_digits, common_decoy_fails, corpus_fixture,
                                          iban_countries, ip_addresses, is_documentation_ip, of_kind)
from tests.dlp_eval.test_template_corpora import ISSUE_KINDS, LATER_KINDS

pytestmark = pytest.mark.timeout(120)

FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")

corpus = corpus_fixture(generate)


def test_deterministic_per_seed(corpus) -> None:  # noqa: ANN001
    assert_deterministic_per_seed(corpus, generate, 7, with_ids=True, other_repeats=True)
    assert all(s.id.startswith("b18-") for s in corpus)


def test_size_and_hard_negative_share(corpus) -> None:  # noqa: ANN001
    assert len(corpus) == 400
    negative = [s for s in corpus if s.genre in NEGATIVE]
    assert 0.2 <= len(negative) / len(corpus) <= 0.27
    assert all(not s.labels and s.decoys for s in negative)
    assert all(s.labels for s in corpus if s.genre not in NEGATIVE)
    assert sum(s.completion for s in corpus) >= 80
    assert any(s.completion for s in negative)


def test_seven_kinds_in_about_equal_shares(corpus) -> None:  # noqa: ANN001
    shares = Counter(kind_of(s.genre) for s in corpus)
    assert set(shares) == set(KINDS), shares
    assert max(shares.values()) <= 1.15 * min(shares.values()), shares
    assert_answers_are_completions(corpus)
    assert {kind_of(g) for g in {s.genre for s in corpus if s.completion}} == set(KINDS)


def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert_every_template_used(corpus, REGISTRY)
    assert len(REGISTRY.templates) >= 45


def test_labels_on_their_spans(corpus) -> None:  # noqa: ANN001
    assert_labels_hold_their_values(corpus, disjoint=True)


def test_every_credential_kind_at_least_six_times(corpus) -> None:  # noqa: ANN001
    kinds = assert_credential_kinds(corpus, ISSUE_KINDS | LATER_KINDS, 6)
    assert max(v for k, v in kinds.items() if k != "password_kv") <= 2 * min(kinds.values()), kinds
    assert_families(corpus, FAMILIES, 30)
    assert_private_keys_plain_and_json_escaped(corpus)


def test_checksums_valid(corpus) -> None:  # noqa: ANN001
    digits = assert_checksums(corpus, luhn_valid, iban_valid, base62_checksum_valid, iban_countries_at_least=15)
    assert {c[0] for c in digits} >= {"2", "3", "4", "5", "6"}
    assert {len(c) for c in digits} >= {14, 15, 16}
    assert all(luhn_valid(c) for c in card_digits(corpus))
    assert len(iban_countries(corpus)) >= 15


def test_ips_of_both_versions_public_and_private(corpus) -> None:  # noqa: ANN001
    ips = ip_addresses(corpus)
    assert {ip.version for ip in ips} == {4, 6}
    assert any(ip.is_private for ip in ips if ip.version == 4) and any(ip.is_global for ip in ips if ip.version == 4)
    assert any(ip.is_private for ip in ips if ip.version == 6) and any(ip.is_global for ip in ips if ip.version == 6)
    assert not any(is_documentation_ip(str(ip)) or ip.is_loopback or ip.is_unspecified for ip in ips)


def test_phones_valid_many_regions_not_examples(corpus) -> None:  # noqa: ANN001
    assert_phones_valid_not_examples(of_kind(corpus, "PHONE_NUMBER"), PHONE_REGIONS, 20)


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    assert_decoys_fail(corpus, common_decoy_fails(luhn_valid, iban_valid))
    assert_decoy_kinds(corpus, ("guid", "sha1", "sha256", "md5", "cve", "version", "oid", "mac_address", "process_id", "event_id",
                                "ticket", "luhn_fail", "bad_iban", "bad_ssn", "masked", "placeholder", "documented_example",
                                "doc_ip", "example_email", "system_email", "message_id", "fict_phone", "defanged", "arn",
                                "order_number", "slack_ts", "run_id", "dkim_body_hash"))
    assert_hard_negatives(corpus, 1200, ("CREDENTIAL", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN",
                                         "IP_ADDRESS", "aws_access_key_id", "azure_openai_key"))
    defanged = [s.text[d.start:d.end] for s in corpus for d in s.decoys if d.kind == "defanged"]
    assert all("[.]" in t or "hxxp" in t or "[@]" in t for t in defanged)


def test_formats_and_languages(corpus) -> None:  # noqa: ANN001
    assert_texts_contain(corpus, ("Received: from", "Return-Path: <", "Message-ID: <", "DKIM-Signature:", "SigninLogs", "index=",
                                  "Nmap scan report", "Plugin ID,CVE", "secret_type_display_name", ".bash_history", "hxxp",
                                  "[.]", "ARN;Cardholder", "\"user_name\"", "-----BEGIN", "Kannst du", "Peux-tu", "¿Me ayudas",
                                  "Kun je", "Olá", "\t"))
    assert_names(corpus, 100)
    assert any(re.search(r"[^\x00-\x7f]", n) for n in of_kind(corpus, "PERSON"))
