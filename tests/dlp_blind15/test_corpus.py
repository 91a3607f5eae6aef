"""What the fifteenth corpus is, as its README says: 400 prompts and answers of six kinds of regulated back-office
work in about equal shares, about 1.5-2 labels a text that has any, about one text in four a hard-negative
text, every credential kind of the harness at least six times, PII of many card brands, IBAN countries and
phone regions in several writings, texts in eight languages besides English, labels exactly on their spans,
values that pass their checks and hard negatives that fail them. What every template corpus is:
tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import ipaddress
import re
from collections import Counter

import pytest

from tests.dlp_blind15.corpus import generate
from tests.dlp_blind15.tpl import KINDS, LANGS, NEGATIVE, REGISTRY, L, kind_of
from tests.dlp_blind15.values import PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_checksums, assert_credential_kinds,
                                          assert_decoy_kinds, assert_decoys_fail, assert_deterministic_per_seed,
                                          assert_every_template_used, assert_families, assert_labels_hold_their_values,
                                          assert_phones_valid_not_examples, assert_private_keys_plain_and_json_escaped,
                                          common_decoy_fails, corpus_fixture, iban_countries, is_documentation_ip,
                                          is_issuable_ssn, of_kind)
from tests.dlp_eval.test_template_corpora import ISSUE_KINDS, LATER_KINDS

pytestmark = pytest.mark.timeout(120)

FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")

corpus = corpus_fixture(generate)


def brand(digits: str) -> str:
    if digits[0] == "4":
        return "visa"
    if digits[:2] in ("34", "37"):
        return "amex"
    if digits[:4] in ("5018", "5020", "5038", "6304", "6759"):
        return "maestro"
    if 51 <= int(digits[:2]) <= 55:
        return "mastercard"
    if 2221 <= int(digits[:4]) <= 2720:
        return "mastercard2"
    if digits.startswith(("6011", "65")) or 644 <= int(digits[:3]) <= 649:
        return "discover"
    if 3528 <= int(digits[:4]) <= 3589:
        return "jcb"
    if digits[:2] in ("36", "38") or 300 <= int(digits[:3]) <= 305:
        return "diners"
    return "other"


def test_deterministic_per_seed(corpus) -> None:  # noqa: ANN001
    assert_deterministic_per_seed(corpus, generate, 5, with_ids=True, other_repeats=True)


def test_size_density_and_hard_negative_share(corpus) -> None:  # noqa: ANN001
    assert len(corpus) == 400
    negative = [s for s in corpus if s.genre in NEGATIVE]
    positive = [s for s in corpus if s.genre not in NEGATIVE]
    assert 0.2 <= len(negative) / len(corpus) <= 0.3
    assert all(not s.labels and s.decoys for s in negative)
    assert all(s.labels for s in positive)
    assert 1.5 <= sum(len(s.labels) for s in positive) / len(positive) <= 2.1
    assert sum(s.completion for s in corpus) >= 80


def test_six_kinds_in_about_equal_shares(corpus) -> None:  # noqa: ANN001
    shares = Counter(kind_of(s.genre) for s in corpus)
    assert set(shares) == set(KINDS), shares
    assert max(shares.values()) <= 1.2 * min(shares.values()), shares
    assert all(any(s.genre.startswith("answer_" + k) for s in corpus) for k in KINDS)
    assert_answers_are_completions(corpus)


def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert_every_template_used(corpus, REGISTRY)


def test_labels_on_their_spans(corpus) -> None:  # noqa: ANN001
    assert_labels_hold_their_values(corpus, disjoint=True)


def test_every_credential_kind_at_least_six_times(corpus) -> None:  # noqa: ANN001
    assert_credential_kinds(corpus, ISSUE_KINDS | LATER_KINDS, 6)
    assert_families(corpus, FAMILIES, 20)
    assert_private_keys_plain_and_json_escaped(corpus)


def test_pii_heavier_than_credentials(corpus) -> None:  # noqa: ANN001
    fams = Counter(lb.family for s in corpus for lb in s.labels)
    assert sum(fams[f] for f in FAMILIES) > fams["CREDENTIAL"]


def test_cards_of_eight_brands_in_four_writings(corpus) -> None:  # noqa: ANN001
    digits = assert_checksums(corpus, luhn_valid, iban_valid, base62_checksum_valid, iban_countries_at_least=15)
    brands = Counter(brand(d) for d in digits)
    assert set(brands) == {"visa", "mastercard", "mastercard2", "amex", "discover", "jcb", "diners", "maestro"}, brands
    assert min(brands.values()) >= 3, brands
    cards = of_kind(corpus, "CREDIT_CARD")
    assert any("." in c for c in cards) and any("-" in c for c in cards)
    assert any(" " in c for c in cards) and any(c.isdigit() for c in cards)


def test_ibans_of_fifteen_countries_grouped_compact_and_lower(corpus) -> None:  # noqa: ANN001
    assert len(iban_countries(corpus) | {c.upper() for c in iban_countries(corpus)}) >= 15
    ibans = of_kind(corpus, "IBAN_CODE")
    assert any(" " in i for i in ibans) and any(i.isalnum() and i[:2].isupper() for i in ibans)
    assert any(i[:2].islower() for i in ibans)


def test_ssns_in_three_writings(corpus) -> None:  # noqa: ANN001
    ssns = of_kind(corpus, "US_SSN")
    assert all(is_issuable_ssn(s) for s in ssns)
    assert any("-" in s for s in ssns) and any(" " in s for s in ssns) and any(s.isdigit() for s in ssns)


def test_phones_valid_many_regions_not_examples(corpus) -> None:  # noqa: ANN001
    phones = of_kind(corpus, "PHONE_NUMBER")
    assert_phones_valid_not_examples(phones, PHONE_REGIONS, 12)
    assert any(p.startswith("+") for p in phones) and any(not p.startswith("+") for p in phones)


def test_ipv4_and_ipv6(corpus) -> None:  # noqa: ANN001
    ips = [ipaddress.ip_address(i) for i in of_kind(corpus, "IP_ADDRESS")]
    assert any(ip.version == 6 for ip in ips) and any(ip.version == 4 and ip.is_private for ip in ips)
    assert any(ip.version == 4 and ip.is_global for ip in ips)
    assert not any(is_documentation_ip(str(ip)) for ip in ips)


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    assert_decoys_fail(corpus, common_decoy_fails(luhn_valid, iban_valid))
    assert_decoy_kinds(corpus, ("policy_number", "claim_number", "case_number", "member_id", "account_ref", "bic",
                                "sort_code", "routing_number", "npi", "id_number", "invoice", "amount", "date", "masked",
                                "luhn_fail", "test_card", "example_iban", "bad_iban", "bad_ssn", "fict_phone",
                                "example_email", "doc_ip", "version", "guid", "placeholder", "example_key", "not_person",
                                "code_word", "commit_sha", "ssh_target"))
    masked = {d.mimics for s in corpus for d in s.decoys if d.kind == "masked"}
    assert {"CREDIT_CARD", "US_SSN", "IBAN_CODE"} <= masked


def test_eight_languages_besides_english(corpus) -> None:  # noqa: ANN001
    texts = "\n".join(s.text for s in corpus)
    for lg in LANGS:
        assert sum(phrase in texts for phrase in L[lg].values()) >= 3, lg
    prose = [s.text for s in corpus for lb in s.labels if lb.kind == "password_prose"]
    assert sum(any(w in t for w in ("Passwort", "Kennwort", "mot de passe", "mdp", "contraseña", "clave", "senha",
                                    "wachtwoord", "hasło", "lösenord")) for t in prose) >= 4


def test_names_in_many_positions(corpus) -> None:  # noqa: ANN001
    names = of_kind(corpus, "PERSON")
    assert any(re.search(r"[^\x00-\x7f]", n) for n in names)
    assert any(n.islower() for n in names)
    assert any(" " not in n for n in names)
    assert len(set(names)) >= 60
