"""What the twenty-first corpus is, as its README says: 400 telecom and utility prompts and answers of seven kinds in
equal shares (call centre, field service, billing and CRM, network operations, letters, IT, staff chat), about one
text in four a hard-negative text with no label, every credential kind of the harness at least six times, labels
exactly on their spans, values that pass their checks and hard negatives that fail them (or pass the checks of what
they really are: ICCIDs and IMEIs are Luhn-valid), every template used, deterministic per seed. What every template
corpus is: tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.dlp_blind21.corpus import generate
from tests.dlp_blind21.tpl import KINDS, NEGATIVE, REGISTRY, kind_of
from tests.dlp_blind21.values import (IBAN_COUNTRIES, PHONE_REGIONS, Values, base62_checksum_valid, gs1_valid, iban_valid,
                                      luhn_valid, mpan_valid)
from tests.dlp_eval import checksums
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_checksums, assert_credential_kinds,
                                          assert_decoy_kinds, assert_decoys_fail, assert_deterministic_per_seed,
                                          assert_every_template_used, assert_families, assert_hard_negatives,
                                          assert_labels_hold_their_values, assert_names,
                                          assert_phones_valid_not_examples, assert_private_keys_plain_and_json_escaped,
                                          assert_texts_contain, card_digits, common_decoy_fails, corpus_fixture,
                                          iban_countries, ip_addresses, is_documentation_ip, of_kind)
from tests.dlp_eval.test_template_corpora import ISSUE_KINDS, LATER_KINDS

pytestmark = pytest.mark.timeout(120)

FAMILIES = {"PERSON": 500, "PHONE_NUMBER": 200, "CREDENTIAL": 198, "EMAIL_ADDRESS": 100, "IP_ADDRESS": 100,
            "IBAN_CODE": 30, "CREDIT_CARD": 25, "US_SSN": 10}

corpus = corpus_fixture(generate)


def test_deterministic_per_seed(corpus) -> None:  # noqa: ANN001
    assert_deterministic_per_seed(corpus, generate, 7, with_ids=True, other_repeats=True)
    assert all(s.id.startswith("b21-") for s in corpus)
    assert [s.id[:8] for s in corpus] == [f"b21-{i:04d}" for i in range(400)]


def test_size_and_hard_negative_share(corpus) -> None:  # noqa: ANN001
    assert len(corpus) == 400
    negative = [s for s in corpus if s.genre in NEGATIVE]
    assert 0.2 <= len(negative) / len(corpus) <= 0.26
    assert all(not s.labels and s.decoys for s in negative)
    assert all(s.labels for s in corpus if s.genre not in NEGATIVE)
    assert sum(s.completion for s in corpus) >= 60
    assert any(s.completion for s in negative)
    lengths = [len(s.text) for s in corpus]
    assert min(lengths) >= 150 and max(lengths) <= 1300


def test_seven_kinds_in_equal_shares(corpus) -> None:  # noqa: ANN001
    shares = Counter(kind_of(s.genre) for s in corpus)
    assert set(shares) == set(KINDS), shares
    assert max(shares.values()) - min(shares.values()) <= 1, shares
    negative = Counter(kind_of(s.genre) for s in corpus if s.genre in NEGATIVE)
    assert set(negative) == set(KINDS) and max(negative.values()) - min(negative.values()) <= 1, negative
    assert_answers_are_completions(corpus)
    assert {kind_of(g) for g in {s.genre for s in corpus if s.completion}} == set(KINDS)


def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert_every_template_used(corpus, REGISTRY)
    assert len(REGISTRY.templates) >= 40
    per_kind = Counter(kind_of(t.genre) for t in REGISTRY.templates)
    assert all(6 <= n <= 9 for n in per_kind.values()), per_kind


def test_labels_on_their_spans(corpus) -> None:  # noqa: ANN001
    assert_labels_hold_their_values(corpus, disjoint=True)


def test_families_and_every_credential_kind_at_least_six_times(corpus) -> None:  # noqa: ANN001
    kinds = assert_credential_kinds(corpus, ISSUE_KINDS | LATER_KINDS, 6)
    assert max(kinds.values()) <= 2 * min(kinds.values()), kinds
    fams = Counter(lb.family for s in corpus for lb in s.labels)
    for family, at_least in FAMILIES.items():
        assert fams[family] >= at_least, (family, fams)
    assert_families(corpus, FAMILIES, 10)
    assert_private_keys_plain_and_json_escaped(corpus)


def test_connection_strings_and_sas_are_labelled_whole_with_their_secret(corpus) -> None:  # noqa: ANN001
    for s in corpus:
        for lb in s.labels:
            value = s.text[lb.start:lb.end]
            if lb.kind == "connection_string":
                assert lb.secret != value and re.search(r"(AccountKey|SharedAccessKey|Password)=" + re.escape(lb.secret),
                                                        value), value
            if lb.kind == "sas_token":
                assert value.startswith("sv=") and value.endswith("sig=" + lb.secret), value


def test_checksums_valid(corpus) -> None:  # noqa: ANN001
    digits = assert_checksums(corpus, luhn_valid, iban_valid, base62_checksum_valid, iban_countries_at_least=10)
    assert {c[0] for c in digits} >= {"2", "3", "4", "5", "6"}
    assert {len(c) for c in digits} >= {14, 15, 16, 19}
    assert iban_countries(corpus) == set(IBAN_COUNTRIES)
    for token in of_kind(corpus, "github_token") + of_kind(corpus, "npm_token"):
        assert token.startswith("github_pat_") or checksums.base62_checksum_valid(token, 36), token


def test_ips_of_both_versions_public_and_private(corpus) -> None:  # noqa: ANN001
    ips = ip_addresses(corpus)
    assert {ip.version for ip in ips} == {4, 6}
    assert any(ip.is_private for ip in ips) and any(ip.is_global for ip in ips)
    assert not any(is_documentation_ip(str(ip)) or ip.is_loopback or ip.is_unspecified for ip in ips)


def test_phones_valid_many_regions_not_examples(corpus) -> None:  # noqa: ANN001
    regions = assert_phones_valid_not_examples(of_kind(corpus, "PHONE_NUMBER"), PHONE_REGIONS, 18)
    assert regions <= set(PHONE_REGIONS)
    phones = of_kind(corpus, "PHONE_NUMBER")
    assert any(p.startswith("+") and " " in p for p in phones)  # international, grouped
    assert any(re.fullmatch(r"\+\d{9,14}", p) for p in phones)  # E.164
    assert any(re.fullmatch(r"\d{10,13}", p) for p in phones)  # MSISDN as network logs write it
    assert any(p.startswith("0") for p in phones)  # national


def test_spoken_and_spelled_values_are_labelled(corpus) -> None:  # noqa: ANN001
    assert any(" at " in e and " dot " in e for e in of_kind(corpus, "EMAIL_ADDRESS"))
    assert any(n.islower() and " " in n for n in of_kind(corpus, "PERSON"))


def _is_iccid(t: str) -> bool:
    return t.startswith("89") and len(t) in (19, 20) and checksums.luhn_valid(t)


def _is_imei(t: str) -> bool:
    return len(t) == 15 and t.isdigit() and checksums.luhn_valid(t)


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    fails = common_decoy_fails(luhn_valid, iban_valid)
    fails["iccid"] = _is_iccid  # a SIM's serial: Luhn-valid like a card, 19-20 digits from 89 (not a card)
    fails["imei"] = _is_imei
    fails["imsi"] = lambda t: len(t) == 15 and t[:5] in {p[:5] for p in Values.IMSI_PLMN.values()}
    fails["mpan"] = mpan_valid
    fails["ean18"] = lambda t: len(t) == 18 and gs1_valid(t)
    fails["zaehlpunkt"] = lambda t: len(t) == 33 and not iban_valid(t)
    fails["cups"] = lambda t: t.startswith("ES") and not iban_valid(t)
    fails["drama_number"] = lambda t: "7700 900" in t
    fails["test_card"] = lambda t: t.replace(" ", "") in ("4111111111111111", "4242424242424242", "5555555555554444",
                                                          "378282246310005")
    fails["version"] = lambda t: bool(re.fullmatch(r"\d+\.\d+\.\d+\.\d+", t))
    fails["oid"] = lambda t: t.startswith("1.3.6.1.") and t.count(".") >= 5
    fails["masked"] = lambda t: not re.search(r"\d{12}", t.replace(" ", "").replace("-", ""))
    assert_decoys_fail(corpus, fails)
    assert_decoy_kinds(corpus, ("iccid", "imei", "imsi", "mpan", "mprn", "ean18", "zaehlpunkt", "cups", "pdl", "cdr_id",
                                "cell_id", "account_number", "contract_number", "ticket", "oid", "version", "mac",
                                "tariff", "product", "street", "company", "meter_serial", "placeholder", "secret_ref",
                                "documented_example", "example_email", "masked", "luhn_fail", "test_card", "bad_iban",
                                "drama_number", "fict_phone", "doc_ip", "guid", "trace_id", "commit_sha"))
    assert_hard_negatives(corpus, 1000, ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN",
                                         "IP_ADDRESS", "PERSON", "password_kv", "azure_openai_key", "aws_access_key_id",
                                         "github_token", "twilio_key", "stripe_key"))
    iccids = [s.text[d.start:d.end] for s in corpus for d in s.decoys if d.kind == "iccid"]
    assert all(luhn_valid(i) for i in iccids) and {len(i) for i in iccids} == {19, 20}


def test_formats_and_languages(corpus) -> None:  # noqa: ANN001
    assert_texts_contain(corpus, (
        "Acct-Status-Type", "3GPP-IMSI", "snmptrapd", "cdr_id|start|a_number", "POST /v2/subscribers/", "HES WARN",
        "kind: Secret", "```json", "```yaml", "-----BEGIN", "WORK ORDER", "Zählpunkt", "SEPA", "IBAN", "CUPS",
        "Mit freundlichen Grüßen", "Atentamente", "Distinti saluti", "speech to text", "agent:", "caller:", "#noc-oncall",
        "WhatsApp", "Teams thread"))
    texts = "\n".join(s.text for s in corpus)
    prose = ("Das Passwort", "mot de passe", "contraseña", "senha", "hasło", "parola", "wachtwoord", "la password")
    assert sum(p in texts for p in prose) >= 3  # passwords in prose in several languages
    names = assert_names(corpus, 200)
    assert any(re.fullmatch(r"[^\s,]+(?: [^\s,]+)*, \S+", n) for n in names)  # surname first
    assert any(re.fullmatch(r"[A-ZÀ-Ž' ]+ [A-Z][a-zà-ž]+", n) for n in names)  # SURNAME Given
    assert any(re.fullmatch(r"\w\. .+", n) for n in names)  # initial
    assert any(re.fullmatch(r"[a-z-]+[._][a-z]+", n) for n in names)  # chat handle


def test_cards_of_many_brands(corpus) -> None:  # noqa: ANN001
    digits = card_digits(corpus)
    prefixes = {d[:6] for d in digits}
    assert any(p.startswith(("506099", "506105", "650002")) for p in prefixes)  # Verve (19 digits)
    assert any(2221 <= int(p[:4]) <= 2720 for p in prefixes)  # Mastercard 2-series
    assert any(p.startswith(("34", "37")) for p in prefixes)  # Amex
