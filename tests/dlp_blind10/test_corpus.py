"""What only the tenth corpus covers, as its README says: sparse prompts and answers (0-3 values in most
texts, about one in seven with none), every credential kind of the issue, every PII family, the textures
it was written for (other languages, OCR'd paperwork, diffs and developer files, echoing answers, names
in many positions) and hard negatives that fail their own checks. What every template corpus is:
tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import base64
import ipaddress
import re
from collections import Counter

import phonenumbers
import pytest

from tests.dlp_blind10.build import REGISTRY
from tests.dlp_blind10.corpus import generate
from tests.dlp_blind10.values import CREDENTIAL_KINDS, PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_decoy_kinds, assert_families,
                                          assert_genre_prefixes, assert_grouped_and_compact,
                                          assert_private_keys_plain_and_json_escaped, assert_spaced_dashed_and_plain,
                                          card_digits, corpus_fixture, iban_countries, is_issuable_ssn, of_kind,
                                          valid_phone)

pytestmark = pytest.mark.timeout(120)

PREFIXES = ("lang", "doc", "dev", "answer", "people", "ticket")
FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")
DOC_RANGES = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]

corpus = corpus_fixture(generate)


def test_deterministic_and_seeded(corpus) -> None:  # noqa: ANN001
    again = generate()
    assert [(s.text, s.labels, s.decoys) for s in again] == [(s.text, s.labels, s.decoys) for s in corpus]
    assert [s.text for s in generate(seed=7)] != [s.text for s in corpus]


def test_size_and_sparsity(corpus) -> None:  # noqa: ANN001
    assert len(corpus) == 600
    per_text = Counter(len(s.labels) for s in corpus)
    assert 0.10 <= per_text[0] / len(corpus) <= 0.22, per_text
    assert sum(n for k, n in per_text.items() if k <= 3) / len(corpus) >= 0.88, per_text
    assert 1.2 <= sum(len(s.labels) for s in corpus) / len(corpus) <= 2.0
    assert sum(s.completion for s in corpus) >= 60


def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert {t.genre for t in REGISTRY.templates} == {s.genre for s in corpus}


def test_every_label_span_holds_its_value(corpus) -> None:  # noqa: ANN001
    for s in corpus:
        for lb in s.labels:
            value = s.text[lb.start:lb.end]
            assert value and value == value.strip(), (s.id, lb)
            assert lb.secret in value, (s.id, lb)
            if lb.family != "CREDENTIAL":
                assert lb.secret == value, (s.id, lb)


def test_genres_of_every_texture(corpus) -> None:  # noqa: ANN001
    assert len({s.genre for s in corpus}) >= 80
    assert_genre_prefixes(corpus, PREFIXES, 2)
    assert_answers_are_completions(corpus)


def test_every_pii_family_and_credential_kind_present(corpus) -> None:  # noqa: ANN001
    fams = assert_families(corpus, FAMILIES, 30)
    assert fams["CREDENTIAL"] >= 280
    kinds = Counter(lb.kind for s in corpus for lb in s.labels if lb.family == "CREDENTIAL")
    assert set(CREDENTIAL_KINDS) | {"k8s_secret_b64"} == set(kinds)
    assert min(kinds.values()) >= 8, kinds


def test_checksums_and_layouts(corpus) -> None:  # noqa: ANN001
    cards = of_kind(corpus, "CREDIT_CARD")
    assert all(luhn_valid(c) for c in card_digits(corpus))
    assert_spaced_dashed_and_plain(cards)
    digits = card_digits(corpus)
    assert any(2221 <= int(c[:4]) <= 2720 for c in digits)
    assert {len(c) for c in digits} >= {14, 15, 16}
    ibans = of_kind(corpus, "IBAN_CODE")
    assert all(iban_valid(i) for i in ibans)
    assert_grouped_and_compact(ibans)
    assert len(iban_countries(corpus)) >= 12
    ssns = of_kind(corpus, "US_SSN")
    assert all(is_issuable_ssn(x) for x in ssns)
    assert any("-" in x for x in ssns) and any(x.isdigit() for x in ssns)
    tokens = [t for k in ("github_token", "npm_token") for t in of_kind(corpus, k) if not t.startswith("github_pat_")]
    assert tokens and all(base62_checksum_valid(t) for t in tokens)
    for enc in of_kind(corpus, "k8s_secret_b64"):
        assert base64.b64decode(enc, validate=True)


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    for s in corpus:
        for dc in s.decoys:
            text = s.text[dc.start:dc.end]
            if dc.kind == "luhn_fail" or (dc.kind == "order_number" and text.isdigit()):
                assert not luhn_valid(text), text
            elif dc.kind == "bad_iban":
                assert not iban_valid(text), text
            elif dc.kind == "bad_ssn":
                assert not is_issuable_ssn(text) or text in ("078-05-1120", "123-45-6789"), text
            elif dc.kind == "doc_ip":
                assert any(ipaddress.ip_address(text) in n for n in DOC_RANGES), text
            elif dc.kind == "masked":
                assert re.search(r"[*Xx•.]{3}", text), text
            elif dc.kind == "example_email":
                assert text.split("@")[1] in ("example.com", "example.org", "example.net", "test.example", "mail.invalid"), text
            elif dc.kind == "fict_phone":
                assert " 555 01" in text, text


def test_ips_public_and_private_never_documentation(corpus) -> None:  # noqa: ANN001
    ips = [ipaddress.ip_address(x) for x in of_kind(corpus, "IP_ADDRESS")]
    assert any(ip.version == 6 for ip in ips)
    assert any(ip.is_private for ip in ips) and any(ip.is_global for ip in ips)
    assert not any(ip in n for ip in ips for n in DOC_RANGES if ip.version == n.version)


def test_phones_valid_and_not_fiction(corpus) -> None:  # noqa: ANN001
    regions = set()
    phones = of_kind(corpus, "PHONE_NUMBER")
    for phone in phones:
        n = valid_phone(phone, PHONE_REGIONS)
        assert n, phone
        region = phonenumbers.region_code_for_number(n)
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            ex = phonenumbers.example_number_for_type(region, kind)
            assert n.national_number != getattr(ex, "national_number", None), phone
        assert not (region in ("US", "CA") and str(n.national_number)[3:6] == "555"), phone
        regions.add(region)
    assert len(regions) >= 15, regions
    assert any(p.startswith("+") and " " not in p for p in phones) and any(not p.startswith("+") for p in phones)


def test_textures(corpus) -> None:  # noqa: ANN001
    texts = "\n".join(s.text for s in corpus)
    for needle in ("diff --git", "+++ b/", "@pytest.fixture", "\"auth\": {\"type\": \"bearer\"", "\"_type\": \"environment\"",
                   "Convert this curl to Python", "FROM python:3.11-slim", "kind: Deployment", "kind: Secret", "group_vars",
                   "\"ConnectionStrings\"", "spring.datasource.password=", "package main", "&str", "new NetworkCredential",
                   "Traduis", "Przetłumacz", "翻訳", "翻译", "Passwort für", "contraseña", "Wachtwoord", "Hasło", "a senha",
                   "OCR", "PATIENT INTAKE", "KYC", "CHARGEBACK", "BOOKING REF", "| Name | City |", "E.164"):
        assert needle in texts, needle
    assert_private_keys_plain_and_json_escaped(corpus)


def test_reformatted_echoes_are_both_labelled(corpus) -> None:  # noqa: ANN001
    echoed = [s for s in corpus if s.genre in ("answer_card_reformat", "answer_phone_e164", "answer_iban_regroup")]
    assert echoed
    for s in echoed:
        values = [re.sub(r"[^0-9A-Z]", "", s.text[lb.start:lb.end])[-8:] for lb in s.labels if lb.family != "PERSON"]
        assert len(values) >= 2 and len(set(values)) < len(values), s.id


def test_names_of_many_cultures_with_lookalikes(corpus) -> None:  # noqa: ANN001
    names = of_kind(corpus, "PERSON")
    assert any(n.islower() for n in names) and any(n.isupper() and " " in n for n in names)
    assert any(re.search(r"[^\x00-\x7f]", n) for n in names)
    assert any("'" in n for n in names) and any("-" in n for n in names) and any(" van " in f" {n}" or " de " in f" {n}" for n in names)
    assert len(set(names)) >= 100


def test_hard_negatives_of_many_kinds(corpus) -> None:  # noqa: ANN001
    kinds = assert_decoy_kinds(corpus, ("not_a_person", "date", "masked", "order_number", "version", "test_card", "guid",
                                        "policy_number", "fict_phone", "lot_number", "placeholder", "postcode", "bad_iban",
                                        "example_iban", "bad_ssn", "doc_ip", "example_email", "sha256", "commit_sha",
                                        "luhn_fail", "aws_example", "azurite"))
    assert sum(kinds.values()) >= 500
