"""What the twenty-second corpus is, as its README says: 400 public-sector and education prompts and answers of seven
kinds in equal shares (citizen correspondence, admissions and registry, student finance, exports, LMS / SSO / VPN logs,
IT, staff chat), about one text in four a hard-negative text with no label, every credential kind of the harness at
least six times, labels exactly on their spans, values that pass their checks and hard negatives that fail them (or,
for look-alike national ids, pass their own), every template used, deterministic per seed. What every template corpus
is: tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.dlp_blind22.corpus import generate
from tests.dlp_blind22.snippets import KINDS as CREDENTIAL_KINDS
from tests.dlp_blind22.tpl import KINDS, NEGATIVE, REGISTRY, kind_of
from tests.dlp_blind22.values import (PHONE_REGIONS, TEST_CARDS, base62_checksum_valid, bsn_valid, iban_valid, isbn13_valid,
                                      luhn_valid, orcid_valid)
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_checksums, assert_credential_kinds,
                                          assert_decoy_kinds, assert_decoys_fail, assert_deterministic_per_seed,
                                          assert_every_template_used, assert_families, assert_hard_negatives,
                                          assert_labels_hold_their_values, assert_names,
                                          assert_phones_valid_not_examples, assert_private_keys_plain_and_json_escaped,
                                          assert_texts_contain, common_decoy_fails, corpus_fixture, iban_countries,
                                          ip_addresses, is_documentation_ip, of_kind)
from tests.dlp_eval.test_template_corpora import ISSUE_KINDS, LATER_KINDS

FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")

corpus = corpus_fixture(generate)


@pytest.mark.timeout(120)
def test_deterministic_per_seed(corpus) -> None:  # noqa: ANN001
    assert_deterministic_per_seed(corpus, generate, 7, with_ids=True, other_repeats=True)
    assert all(s.id.startswith("b22-") for s in corpus)
    assert [s.id for s in corpus][:2] == ["b22-0000-" + corpus[0].genre, "b22-0001-" + corpus[1].genre]


@pytest.mark.timeout(60)
def test_size_and_hard_negative_share(corpus) -> None:  # noqa: ANN001
    assert len(corpus) == 400
    negative = [s for s in corpus if s.genre in NEGATIVE]
    assert 0.2 <= len(negative) / len(corpus) <= 0.26
    assert all(not s.labels and s.decoys for s in negative)
    assert all(s.labels for s in corpus if s.genre not in NEGATIVE)
    assert sum(s.completion for s in corpus) >= 60
    assert any(s.completion for s in negative)
    lengths = [len(s.text) for s in corpus]
    assert min(lengths) >= 150 and max(lengths) <= 1400


@pytest.mark.timeout(60)
def test_seven_kinds_in_equal_shares(corpus) -> None:  # noqa: ANN001
    shares = Counter(kind_of(s.genre) for s in corpus)
    assert set(shares) == set(KINDS), shares
    assert max(shares.values()) - min(shares.values()) <= 1, shares
    assert_answers_are_completions(corpus)
    assert {kind_of(g) for g in {s.genre for s in corpus if s.completion}} == set(KINDS)


@pytest.mark.timeout(60)
def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert_every_template_used(corpus, REGISTRY)
    assert len(REGISTRY.templates) >= 40


@pytest.mark.timeout(60)
def test_labels_on_their_spans(corpus) -> None:  # noqa: ANN001
    assert_labels_hold_their_values(corpus, disjoint=True)
    for s in corpus:
        for lb in s.labels:
            if lb.family == "PERSON":  # titles stay outside the label
                assert not re.match(r"(Dr|Prof|Ms|Mr|Mrs|Herr|Frau|Mme|Sr|Sra)\b", s.text[lb.start:lb.end]), s.id


@pytest.mark.timeout(60)
def test_every_credential_kind_at_least_six_times(corpus) -> None:  # noqa: ANN001
    assert set(CREDENTIAL_KINDS) == ISSUE_KINDS | LATER_KINDS
    kinds = assert_credential_kinds(corpus, ISSUE_KINDS | LATER_KINDS, 6)
    assert max(kinds.values()) <= 2 * min(kinds.values()), kinds
    assert_families(corpus, FAMILIES, 30)
    assert_private_keys_plain_and_json_escaped(corpus)


@pytest.mark.timeout(60)
def test_checksums_valid(corpus) -> None:  # noqa: ANN001
    digits = assert_checksums(corpus, luhn_valid, iban_valid, base62_checksum_valid, iban_countries_at_least=15)
    assert {c[0] for c in digits} >= {"2", "3", "4", "5", "6"}
    assert {len(c) for c in digits} >= {14, 15, 16}
    assert not set(digits) & set(TEST_CARDS)
    assert len(iban_countries(corpus)) >= 15


@pytest.mark.timeout(60)
def test_ips_of_both_versions_public_and_private(corpus) -> None:  # noqa: ANN001
    ips = ip_addresses(corpus)
    assert {ip.version for ip in ips} == {4, 6}
    assert any(ip.is_private for ip in ips) and any(ip.is_global for ip in ips)
    assert not any(is_documentation_ip(str(ip)) or ip.is_loopback or ip.is_unspecified for ip in ips)


@pytest.mark.timeout(60)
def test_phones_valid_many_regions_not_examples(corpus) -> None:  # noqa: ANN001
    phones = of_kind(corpus, "PHONE_NUMBER")
    assert_phones_valid_not_examples(phones, PHONE_REGIONS, 30)
    assert any(p.startswith("+") for p in phones) and any(p.startswith("0") for p in phones)


@pytest.mark.timeout(60)
def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    fails = common_decoy_fails(luhn_valid, iban_valid)
    fails["test_card"] = lambda t: t.replace(" ", "") in TEST_CARDS
    fails["masked_card"] = lambda t: not re.search(r"\d{9}", t.replace(" ", "").replace("-", ""))
    fails["library_barcode"] = lambda t: not luhn_valid(t)
    fails["isbn"] = isbn13_valid  # real ISBNs, not phones
    fails["orcid"] = orcid_valid  # real ORCID iDs, not cards
    fails["bsn"] = bsn_valid  # a real-shaped Dutch BSN, never a US SSN
    fails["itin"] = lambda t: t.startswith("9")
    fails["ni_number"] = lambda t: bool(re.fullmatch(r"[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]", t))
    fails["ucas_id"] = lambda t: t.startswith("1")  # a North American area code never starts with 1
    assert_decoys_fail(corpus, fails)
    assert_decoy_kinds(corpus, ("student_id", "login", "ni_number", "steuer_id", "bsn", "itin", "isbn", "orcid",
                                "library_barcode", "course_code", "room", "case_ref", "foi_ref", "invoice", "pcn",
                                "council_tax_ref", "ucas_id", "date", "postcode", "uk_postcode", "version", "doc_ip",
                                "example_email", "ssh_target", "masked_card", "luhn_fail", "test_card", "bad_iban", "bic",
                                "sort_code", "account_number", "routing_number", "bad_ssn", "guid", "commit_sha",
                                "placeholder", "secret_ref", "named_place", "named_school", "scholarship", "grade", "uln",
                                "candidate_no", "centre_no", "uci", "oid", "mac", "ticket_no", "fafsa_id"))
    assert_hard_negatives(corpus, 1500, ("CREDENTIAL", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN",
                                         "IP_ADDRESS", "PERSON"))


@pytest.mark.timeout(60)
def test_formats_languages_and_names(corpus) -> None:  # noqa: ANN001
    assert_texts_contain(corpus, ("```yaml", "```json", "```csv", "student_id\t", "module|room|", "ref;payee;iban",
                                  "userPrincipalName", "GlobalProtect", "Time,User full name", "Mit freundlichen Grüßen",
                                  "Atentamente", "Cordialement", "Met vriendelijke groet", "Saygılarımla",
                                  "-----BEGIN",
                                  "@", "[09:12]"))
    texts = "\n".join(s.text for s in corpus)
    words = ("password for", "Passwort", "mot de passe", "contraseña", "senha", "password del", "wachtwoord", "lösenordet",
             "hasło", "şifresi")
    assert sum(w in texts for w in words) >= 6  # passwords in prose, in several languages
    names = assert_names(corpus, 300)
    assert any("," in n and n.split(",")[0].isupper() for n in names)  # SURNAME, Given
    assert any(re.match(r"[A-Z]\.(-[A-Z]\.)?( [A-Z]\.)? ", n) for n in names)  # initials
    assert any("-" in n and " " in n for n in names)  # hyphenated and multi-part
    assert any(re.fullmatch(r"[a-z-]+\.[a-z-]+", n) for n in names)  # handles
    assert not any(re.fullmatch(r"[sSu]\d{7}", n) for n in names)  # student logins are not names
