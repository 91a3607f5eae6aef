"""What only the tenth corpus covers, as its README says: sparse prompts and answers (0-3 values in most
texts, about one in seven with none), every credential kind of the issue, every PII family, the textures
it was written for (other languages, OCR'd paperwork, diffs and developer files, echoing answers, names
in many positions) and hard negatives that fail their own checks. What every template corpus is:
tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import base64
import ipaddress
import re

import pytest

from tests.dlp_blind10.build import REGISTRY
from tests.dlp_blind10.corpus import generate
from tests.dlp_blind10.values import CREDENTIAL_KINDS, PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_checksums, assert_credential_kinds, assert_decoy_kinds,
                                          assert_decoys_fail, assert_deterministic_per_seed, assert_every_template_used,
                                          assert_families, assert_genres, assert_labels_hold_their_values, assert_names,
                                          assert_phones_valid_not_examples, assert_private_keys_plain_and_json_escaped,
                                          assert_sparse, assert_texts_contain, corpus_fixture, is_issuable_ssn, of_kind)

pytestmark = pytest.mark.timeout(120)

PREFIXES = ("lang", "doc", "dev", "answer", "people", "ticket")
FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")
DOC_RANGES = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]

corpus = corpus_fixture(generate)


def test_deterministic_and_seeded(corpus) -> None:  # noqa: ANN001
    assert_deterministic_per_seed(corpus, generate, 7)


def test_size_and_sparsity(corpus) -> None:  # noqa: ANN001
    assert_sparse(corpus, 600, no_label_share=(0.10, 0.22), at_most_three_share=0.88, labels_per_text=(1.2, 2.0), completions=60)


def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert_every_template_used(corpus, REGISTRY)


def test_every_label_span_holds_its_value(corpus) -> None:  # noqa: ANN001
    assert_labels_hold_their_values(corpus)


def test_genres_of_every_texture(corpus) -> None:  # noqa: ANN001
    assert_genres(corpus, 80, PREFIXES, 2)


def test_every_pii_family_and_credential_kind_present(corpus) -> None:  # noqa: ANN001
    fams = assert_families(corpus, FAMILIES, 30)
    assert fams["CREDENTIAL"] >= 280
    assert_credential_kinds(corpus, set(CREDENTIAL_KINDS) | {"k8s_secret_b64"}, 8)


def test_checksums_and_layouts(corpus) -> None:  # noqa: ANN001
    digits = assert_checksums(corpus, luhn_valid, iban_valid, base62_checksum_valid, iban_countries_at_least=12)
    assert {len(c) for c in digits} >= {14, 15, 16}
    ssns = of_kind(corpus, "US_SSN")
    assert any("-" in x for x in ssns) and any(x.isdigit() for x in ssns)
    for enc in of_kind(corpus, "k8s_secret_b64"):
        assert base64.b64decode(enc, validate=True)


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    assert_decoys_fail(corpus, {
        "luhn_fail": lambda t: not luhn_valid(t),
        "order_number": lambda t: not t.isdigit() or not luhn_valid(t),
        "bad_iban": lambda t: not iban_valid(t),
        "bad_ssn": lambda t: not is_issuable_ssn(t) or t in ("078-05-1120", "123-45-6789"),
        "doc_ip": lambda t: any(ipaddress.ip_address(t) in n for n in DOC_RANGES),
        "masked": lambda t: bool(re.search(r"[*Xx•.]{3}", t)),
        "example_email": lambda t: t.split("@")[1] in ("example.com", "example.org", "example.net", "test.example", "mail.invalid"),
        "fict_phone": lambda t: " 555 01" in t,
    })


def test_ips_public_and_private_never_documentation(corpus) -> None:  # noqa: ANN001
    ips = [ipaddress.ip_address(x) for x in of_kind(corpus, "IP_ADDRESS")]
    assert any(ip.version == 6 for ip in ips)
    assert any(ip.is_private for ip in ips) and any(ip.is_global for ip in ips)
    assert not any(ip in n for ip in ips for n in DOC_RANGES if ip.version == n.version)


def test_phones_valid_and_not_fiction(corpus) -> None:  # noqa: ANN001
    phones = of_kind(corpus, "PHONE_NUMBER")
    assert_phones_valid_not_examples(phones, PHONE_REGIONS, 15)
    assert any(p.startswith("+") and " " not in p for p in phones) and any(not p.startswith("+") for p in phones)


def test_textures(corpus) -> None:  # noqa: ANN001
    assert_texts_contain(corpus, ("diff --git", "+++ b/", "@pytest.fixture", "\"auth\": {\"type\": \"bearer\"", "\"_type\": \"environment\"",
                                  "Convert this curl to Python", "FROM python:3.11-slim", "kind: Deployment", "kind: Secret",
                                  "group_vars", "\"ConnectionStrings\"", "spring.datasource.password=", "package main", "&str",
                                  "new NetworkCredential", "Traduis", "Przetłumacz", "翻訳", "翻译", "Passwort für", "contraseña",
                                  "Wachtwoord", "Hasło", "a senha", "OCR", "PATIENT INTAKE", "KYC", "CHARGEBACK", "BOOKING REF",
                                  "| Name | City |", "E.164"))
    assert_private_keys_plain_and_json_escaped(corpus)


def test_reformatted_echoes_are_both_labelled(corpus) -> None:  # noqa: ANN001
    echoed = [s for s in corpus if s.genre in ("answer_card_reformat", "answer_phone_e164", "answer_iban_regroup")]
    assert echoed
    for s in echoed:
        values = [re.sub(r"[^0-9A-Z]", "", s.text[lb.start:lb.end])[-8:] for lb in s.labels if lb.family != "PERSON"]
        assert len(values) >= 2 and len(set(values)) < len(values), s.id


def test_names_of_many_cultures_with_lookalikes(corpus) -> None:  # noqa: ANN001
    names = assert_names(corpus, 100)
    assert any(n.isupper() and " " in n for n in names)
    assert any("'" in n for n in names) and any("-" in n for n in names) and any(" van " in f" {n}" or " de " in f" {n}" for n in names)


def test_hard_negatives_of_many_kinds(corpus) -> None:  # noqa: ANN001
    kinds = assert_decoy_kinds(corpus, ("not_a_person", "date", "masked", "order_number", "version", "test_card", "guid",
                                        "policy_number", "fict_phone", "lot_number", "placeholder", "postcode", "bad_iban",
                                        "example_iban", "bad_ssn", "doc_ip", "example_email", "sha256", "commit_sha",
                                        "luhn_fail", "aws_example", "azurite"))
    assert sum(kinds.values()) >= 500
