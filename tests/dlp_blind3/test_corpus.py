"""The third corpus is what its README says: deterministic, large enough, exactly labelled, with
values that pass their own checks (what every template-written corpus must be besides:
tests/dlp_eval/test_template_corpora.py)."""

from __future__ import annotations

import ipaddress
import re
from collections import Counter

import phonenumbers
import pytest

from tests.dlp_blind3.corpus import generate
from tests.dlp_blind3.values import base62_checksum_valid, iban_valid, luhn_valid

ISSUE_KINDS = {  # every credential kind issue #15 names, as this corpus labels it
    "github_token", "slack_token", "slack_webhook", "gitlab_token", "stripe_key", "google_api_key", "npm_token",
    "azure_devops_pat", "sendgrid_key", "azure_storage_key", "connection_string", "sas_token", "azure_openai_key",
    "azure_ai_key_no_keyword", "openai_key", "aws_access_key_id", "aws_secret_key", "jwt", "bearer_token", "private_key",
    "password_kv", "password_cli", "password_ctor", "password_prose", "password_yaml", "password_url",
}
GENRES = {"stackoverflow", "github_issue", "k8s_yaml", "terraform", "docker_compose", "jupyter", "shell_history", "ci_log",
          "azure_cli", "chat", "email", "multilingual", "csv", "json_api", "sql_dump", "app_log", "ticket", "answer",
          "config_file"}


@pytest.fixture(scope="module")
def corpus():  # noqa: ANN201
    return generate()


def _labels(corpus, family):  # noqa: ANN001, ANN202
    return [s.text[lb.start:lb.end] for s in corpus for lb in s.labels if lb.family == family]




def test_at_least_400_texts_across_all_genres_with_some_completions(corpus) -> None:  # noqa: ANN001
    assert len(corpus) >= 400
    assert {s.genre for s in corpus} == GENRES
    assert sum(s.completion for s in corpus) >= 20




def test_every_credential_kind_of_the_issue_is_measurable(corpus) -> None:  # noqa: ANN001
    kinds = Counter(lb.kind for s in corpus for lb in s.labels if lb.family == "CREDENTIAL")
    assert ISSUE_KINDS <= set(kinds)
    assert min(kinds.values()) >= 12, kinds


def test_cards_pass_luhn_and_cover_the_2_series_and_amex(corpus) -> None:  # noqa: ANN001
    cards = [c.replace(" ", "").replace("-", "") for c in _labels(corpus, "CREDIT_CARD")]
    assert all(luhn_valid(c) for c in cards)
    assert any(2221 <= int(c[:4]) <= 2720 for c in cards) and any(c[:2] in ("34", "37") for c in cards)


def test_ibans_pass_mod97_in_many_countries(corpus) -> None:  # noqa: ANN001
    ibans = _labels(corpus, "IBAN_CODE")
    assert all(iban_valid(i) for i in ibans)
    assert len({i[:2] for i in ibans}) >= 15


def test_ssns_are_issuable(corpus) -> None:  # noqa: ANN001
    for ssn in _labels(corpus, "US_SSN"):
        digits = ssn.replace("-", "").replace(" ", "")
        area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
        assert 0 < area < 900 and area != 666 and group and serial


def test_phones_are_valid_numbers_of_many_countries(corpus) -> None:  # noqa: ANN001
    regions = set()
    for phone in _labels(corpus, "PHONE_NUMBER"):
        parsed = next(phonenumbers.parse(phone, r) for r in ("US", "GB", "DE", "FR", "ES", "NL", "IN", "CH", "AU", "BR", "IE",
                                                              "BE", "AT", "JP")
                      if phonenumbers.is_valid_number(phonenumbers.parse(phone, r)))
        regions.add(phonenumbers.region_code_for_number(parsed))
    assert len(regions) >= 10


def test_ips_parse_in_both_families(corpus) -> None:  # noqa: ANN001
    versions = {ipaddress.ip_address(ip).version for ip in _labels(corpus, "IP_ADDRESS")}
    assert versions == {4, 6}


def test_github_and_npm_tokens_carry_their_crc32_checksum(corpus) -> None:  # noqa: ANN001
    tokens = [s.text[lb.start:lb.end] for s in corpus for lb in s.labels if lb.kind in ("github_token", "npm_token")]
    checked = [t for t in tokens if not t.startswith("github_pat_")]
    assert checked and all(base62_checksum_valid(t) for t in checked)


def test_hard_negatives_are_plentiful_and_varied(corpus) -> None:  # noqa: ANN001
    decoys = Counter(d.mimics for s in corpus for d in s.decoys)
    assert sum(decoys.values()) >= 500
    assert {"IP_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "CREDENTIAL", "azure_openai_key",
            "aws_access_key_id", "jwt", "private_key"} <= set(decoys)


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.I)
IPV4 = re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])")


def test_no_email_or_ipv4_is_left_unlabelled(corpus) -> None:  # noqa: ANN001
    """An unlabelled real value would turn a correct finding into a false positive."""
    for s in corpus:
        spans = [(lb.start, lb.end) for lb in s.labels] + [(d.start, d.end) for d in s.decoys]
        for rx in (EMAIL, IPV4):
            for m in rx.finditer(s.text):
                assert any(a < m.end() and m.start() < b for a, b in spans), (s.id, m.group())
