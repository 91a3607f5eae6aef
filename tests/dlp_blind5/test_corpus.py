"""The fifth corpus is what its README says: deterministic, large enough, exactly labelled, with values
that pass their own checks (what every template-written corpus must be besides:
tests/dlp_eval/test_template_corpora.py)."""

from __future__ import annotations

import base64
import ipaddress
import re
from collections import Counter

import phonenumbers
import pytest

from tests.dlp_blind5.corpus import generate
from tests.dlp_blind5.values import PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid

pytestmark = pytest.mark.timeout(120)

ISSUE_KINDS = {
    "github_token", "slack_token", "slack_webhook", "gitlab_token", "stripe_key", "google_api_key", "npm_token",
    "azure_devops_pat", "sendgrid_key", "azure_storage_key", "connection_string", "sas_token", "azure_openai_key",
    "azure_ai_key_no_keyword", "openai_key", "anthropic_key", "aws_access_key_id", "aws_secret_key", "jwt", "bearer_token",
    "private_key", "entra_client_secret", "cosmos_key", "twilio_key", "mailgun_key", "pypi_token", "huggingface_token",
    "password_kv", "password_cli", "password_ctor", "password_prose", "password_yaml", "password_url",
}
DOCUMENTATION_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]


@pytest.fixture(scope="module")
def corpus():  # noqa: ANN201
    return generate()


def _labels(corpus, family):  # noqa: ANN001, ANN202
    return [s.text[lb.start:lb.end] for s in corpus for lb in s.labels if lb.family == family]


def test_size_genres_labels_and_negatives(corpus) -> None:  # noqa: ANN001
    assert len(corpus) >= 600
    assert len({s.genre for s in corpus}) >= 25
    assert sum(len(s.labels) for s in corpus) >= 2500
    assert sum(len(s.decoys) for s in corpus) >= 800
    assert sum(s.completion for s in corpus) >= 30


def test_every_family_and_credential_kind_is_measurable(corpus) -> None:  # noqa: ANN001
    families = Counter(lb.family for s in corpus for lb in s.labels)
    assert all(families[f] >= 100 for f in ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN",
                                            "IP_ADDRESS", "PERSON", "CREDENTIAL")), families
    kinds = Counter(lb.kind for s in corpus for lb in s.labels if lb.family == "CREDENTIAL")
    assert ISSUE_KINDS <= set(kinds), ISSUE_KINDS - set(kinds)
    assert min(kinds.values()) >= 10, kinds


def test_cards_pass_luhn_and_cover_brands(corpus) -> None:  # noqa: ANN001
    cards = [re.sub(r"[ -]", "", c) for c in _labels(corpus, "CREDIT_CARD")]
    assert all(luhn_valid(c) for c in cards)
    assert any(2221 <= int(c[:4]) <= 2720 for c in cards)
    assert any(c[:2] in ("34", "37") and len(c) == 15 for c in cards)
    assert any(c.startswith("6011") or c.startswith("65") for c in cards)
    assert any(3528 <= int(c[:4]) <= 3589 for c in cards)
    assert any(len(c) == 14 for c in cards)


def test_ibans_pass_mod97_in_many_countries(corpus) -> None:  # noqa: ANN001
    ibans = _labels(corpus, "IBAN_CODE")
    assert all(iban_valid(i) for i in ibans)
    assert len({i[:2] for i in ibans}) >= 30


def test_ssns_are_issuable(corpus) -> None:  # noqa: ANN001
    for ssn in _labels(corpus, "US_SSN"):
        digits = re.sub(r"[ -]", "", ssn)
        area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
        assert len(digits) == 9 and 0 < area < 900 and area != 666 and group and serial


def test_phones_are_valid_numbers_of_many_countries(corpus) -> None:  # noqa: ANN001
    regions = set()
    for s in corpus:
        for lb in s.labels:
            if lb.family != "PHONE_NUMBER":
                continue
            phone = s.text[lb.start:lb.end]
            found = None
            for r in ["DE", *PHONE_REGIONS]:
                try:
                    p = phonenumbers.parse(phone, r)
                except phonenumbers.NumberParseException:
                    continue
                if phonenumbers.is_valid_number(p):
                    found = phonenumbers.region_code_for_number(p)
                    break
            assert found, (s.id, phone)
            digits = re.sub(r"\D", "", phone)
            assert not (found in ("US", "CA") and digits[-7:-4] == "555"), (s.id, phone)
            regions.add(found)
    assert len(regions) >= 20


def test_phones_are_not_the_library_examples(corpus) -> None:  # noqa: ANN001
    examples = set()
    for r in PHONE_REGIONS:
        for t in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            ex = phonenumbers.example_number_for_type(r, t)
            if ex:
                examples.add(phonenumbers.national_significant_number(ex))
    for phone in _labels(corpus, "PHONE_NUMBER"):
        digits = re.sub(r"\D", "", phone)
        assert not any(digits.endswith(e) and len(e) >= 7 for e in examples), phone


def test_ips_parse_and_avoid_documentation_ranges(corpus) -> None:  # noqa: ANN001
    ips = [ipaddress.ip_address(ip) for ip in _labels(corpus, "IP_ADDRESS")]
    assert {ip.version for ip in ips} == {4, 6}
    assert any(ip.is_private for ip in ips) and any(ip.is_global for ip in ips)
    assert not any(ip in net for ip in ips for net in DOCUMENTATION_NETS if ip.version == net.version)


def test_github_and_npm_tokens_carry_their_crc32_checksum(corpus) -> None:  # noqa: ANN001
    tokens = [s.text[lb.start:lb.end] for s in corpus for lb in s.labels if lb.kind in ("github_token", "npm_token")]
    checked = [t for t in tokens if not t.startswith("github_pat_")]
    assert checked and all(base62_checksum_valid(t) for t in checked)


def test_k8s_and_npmrc_base64_secrets_decode(corpus) -> None:  # noqa: ANN001
    for s in corpus:
        for lb in s.labels:
            if lb.kind == "k8s_secret_b64":
                assert base64.b64decode(s.text[lb.start:lb.end], validate=True)


def test_hard_negatives_are_plentiful_and_varied(corpus) -> None:  # noqa: ANN001
    decoys = Counter(d.mimics for s in corpus for d in s.decoys)
    assert sum(decoys.values()) >= 800
    assert {"IP_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "CREDENTIAL", "azure_openai_key",
            "aws_access_key_id", "aws_secret_key", "stripe_key", "azure_storage_key", "private_key"} <= set(decoys)
    assert len({d.kind for s in corpus for d in s.decoys}) >= 25


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.I)
IPV4 = re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])")


def test_no_email_or_ipv4_is_left_unlabelled(corpus) -> None:  # noqa: ANN001
    """An unlabelled real value would turn a correct finding into a false positive."""
    for s in corpus:
        spans = [(lb.start, lb.end) for lb in s.labels] + [(d.start, d.end) for d in s.decoys]
        for rx in (EMAIL, IPV4):
            for m in rx.finditer(s.text):
                assert any(a < m.end() and m.start() < b for a, b in spans), (s.id, m.group())
