"""What the twentieth corpus is, as its README says: 400 retail, e-commerce and logistics prompts and answers of seven
kinds in equal shares (customer support, warehouse, carriers, point of sale, loyalty CRM, the store's IT, staff chat),
about one text in four a hard-negative text with no label, every credential kind of the harness at least six times,
names of many cultures written the ways texts write them, labels exactly on their spans, values that pass their checks
and hard negatives that fail them, every template used, deterministic per seed. What every template corpus is:
tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.dlp_blind20.corpus import generate
from tests.dlp_blind20.tpl import KINDS, NEGATIVE, REGISTRY, kind_of
from tests.dlp_blind20.values import (CULTURES, PHONE_REGIONS, base62_checksum_valid, fold, gtin13_valid, iban_valid,
                                      luhn_valid)
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_checksums, assert_credential_kinds,
                                          assert_decoy_kinds, assert_decoys_fail, assert_deterministic_per_seed,
                                          assert_every_template_used, assert_families, assert_hard_negatives,
                                          assert_labels_hold_their_values, assert_names,
                                          assert_phones_valid_not_examples, assert_private_keys_plain_and_json_escaped,
                                          assert_texts_contain, common_decoy_fails, corpus_fixture, iban_countries,
                                          ip_addresses, is_documentation_ip, of_kind)
from tests.dlp_eval.test_template_corpora import ISSUE_KINDS, LATER_KINDS

pytestmark = pytest.mark.timeout(60)

FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS", "PERSON")

corpus = corpus_fixture(generate)


def test_deterministic_per_seed(corpus) -> None:  # noqa: ANN001
    assert_deterministic_per_seed(corpus, generate, 7, with_ids=True, other_repeats=True)
    assert [s.id[:8] for s in corpus] == [f"b20-{i:04d}" for i in range(400)]


def test_size_and_hard_negative_share(corpus) -> None:  # noqa: ANN001
    assert len(corpus) == 400
    negative = [s for s in corpus if s.genre in NEGATIVE]
    assert 0.2 <= len(negative) / len(corpus) <= 0.26
    assert all(not s.labels and s.decoys for s in negative)
    assert all(s.labels for s in corpus if s.genre not in NEGATIVE)
    assert sum(s.completion for s in corpus) >= 60
    assert any(s.completion for s in negative)
    lengths = [len(s.text) for s in corpus]
    assert min(lengths) >= 150 and max(lengths) <= 1300, (min(lengths), max(lengths))


def test_seven_kinds_in_equal_shares(corpus) -> None:  # noqa: ANN001
    shares = Counter(kind_of(s.genre) for s in corpus)
    assert set(shares) == set(KINDS), shares
    assert max(shares.values()) - min(shares.values()) <= 1, shares
    assert_answers_are_completions(corpus)
    assert {kind_of(g) for g in {s.genre for s in corpus if s.completion}} == set(KINDS)


def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert_every_template_used(corpus, REGISTRY)
    assert len(REGISTRY.templates) >= 40
    assert all(kind_of(t.genre) in KINDS for t in REGISTRY.templates)


def test_labels_on_their_spans(corpus) -> None:  # noqa: ANN001
    assert_labels_hold_their_values(corpus, disjoint=True)


def test_every_credential_kind_at_least_six_times(corpus) -> None:  # noqa: ANN001
    kinds = assert_credential_kinds(corpus, ISSUE_KINDS | LATER_KINDS, 6)
    assert max(kinds.values()) <= 2.5 * min(kinds.values()), kinds
    fams = assert_families(corpus, FAMILIES, 30)
    assert 8 <= fams["US_SSN"] <= 20, fams  # rare: US payroll and driver onboarding only
    assert_private_keys_plain_and_json_escaped(corpus)


def test_credential_secrets(corpus) -> None:  # noqa: ANN001
    """Connection strings and SAS tokens are labelled whole, their secret the key, password or signature."""
    for s in corpus:
        for lb in s.labels:
            if lb.kind in ("connection_string", "sas_token", "slack_webhook"):
                assert lb.secret != s.text[lb.start:lb.end] and lb.secret in s.text[lb.start:lb.end]
    assert any(k.startswith("Server=") for k in of_kind(corpus, "connection_string"))
    assert any("sig=" in k for k in of_kind(corpus, "sas_token"))


def test_checksums_valid(corpus) -> None:  # noqa: ANN001
    digits = assert_checksums(corpus, luhn_valid, iban_valid, base62_checksum_valid, iban_countries_at_least=12)
    assert {c[0] for c in digits} >= {"2", "3", "4", "5", "6"}
    assert {len(c) for c in digits} >= {14, 15, 16}
    assert {"NL", "DE", "PL", "IT", "ES", "TR", "BE", "GB"} <= iban_countries(corpus)
    assert any(re.fullmatch(r"[A-Z]{2}\d{2}( [0-9A-Z]{4})+( [0-9A-Z]{1,3})?", i) for i in of_kind(corpus, "IBAN_CODE"))


def test_ips_of_both_versions_public_and_private(corpus) -> None:  # noqa: ANN001
    ips = ip_addresses(corpus)
    assert {ip.version for ip in ips} == {4, 6}
    assert any(ip.is_private for ip in ips) and any(ip.is_global for ip in ips)
    assert not any(is_documentation_ip(str(ip)) or ip.is_loopback or ip.is_unspecified for ip in ips)


def test_phones_valid_many_regions_not_examples(corpus) -> None:  # noqa: ANN001
    phones = of_kind(corpus, "PHONE_NUMBER")
    assert_phones_valid_not_examples(phones, PHONE_REGIONS, 18)
    assert any(p.startswith("00") for p in phones) and any(p.startswith("(") for p in phones)
    assert any(re.fullmatch(r"\+\d{8,15}", p) for p in phones) and any(p[0] == "0" and p[1] != "0" for p in phones)


def test_names_of_many_cultures_in_many_forms(corpus) -> None:  # noqa: ANN001
    names = assert_names(corpus, 250)
    written = set(names)
    for culture, (firsts, lasts, _) in CULTURES.items():
        assert any(ln in n for n in written for ln in lasts), culture
    assert any(re.fullmatch(r"[a-z]+\.[a-z]+", n) for n in names)  # handles
    assert any(re.fullmatch(r"[A-Z]\. .+", n) for n in names)  # initials
    assert any(", " in n for n in names)  # surname first
    assert any(n.split(",")[0].isupper() and len(n) > 4 for n in names)  # upper-case surnames
    assert any(" " not in n and n[0].isupper() for n in names)  # first names alone
    assert any(fold(n) != n for n in names)


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    fails = common_decoy_fails(luhn_valid, iban_valid)
    fails["ean13"] = lambda t: gtin13_valid(t) and not luhn_valid(t)
    fails["gift_card"] = lambda t: not t.isdigit() or not luhn_valid(t)
    fails["masked_card"] = lambda t: "*" in t or "X" in t
    fails["test_card"] = lambda t: t.replace(" ", "") in ("4111111111111111", "4242424242424242", "5555555555554444",
                                                          "4000000000000002", "378282246310005")
    fails["version"] = lambda t: int(t.split(".")[0]) < 12
    assert_decoys_fail(corpus, fails)
    assert_decoy_kinds(corpus, ("ean13", "gift_card", "masked_card", "test_card", "tracking_ups", "tracking_dhl",
                                "tracking_postnl", "tracking_s10", "marketplace_order", "order_number", "rma_number",
                                "invoice_number", "sku", "hs_code", "bin_location", "store_id", "terminal_id", "version",
                                "doc_ip", "guid", "commit_sha", "brand", "street", "place", "product", "example_email",
                                "placeholder", "bad_ssn", "ein", "fict_phone", "documented_example", "account_sid",
                                "ssh_target", "bad_iban", "member_id", "routing_number"))
    assert_hard_negatives(corpus, 1500, ("CREDIT_CARD", "PHONE_NUMBER", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON",
                                         "EMAIL_ADDRESS", "stripe_key", "password_kv", "aws_access_key_id"))


def test_formats_and_languages(corpus) -> None:  # noqa: ANN001
    assert_texts_contain(corpus, ("Viele Grüße", "Met vriendelijke groet", "Pozdrawiam", "Cordiali saluti", "Un saludo",
                                  "Saygılarımla", "Passwort", "wachtwoord", "Hasło", "contraseña", "şifresi",
                                  "\"ship_to\"", "customer_name", "picker;bin;sku", "stop;recipient", "CN23", "W-9",
                                  "```yaml", "-----BEGIN", "sshpass", "new PDO(", "MYSQL_ROOT_PASSWORD", "WhatsApp",
                                  "[ops-bot]", "Ticket #", "Dispute ID", "RMA", "'s order"))
