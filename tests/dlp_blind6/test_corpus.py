"""The sixth corpus covers what its README says: size, genres, brands, countries, regions and
hard negatives. What every template-written corpus must be besides (deterministic, exactly labelled,
values passing their own checks) is tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import ipaddress
import re
from collections import Counter

import phonenumbers
import pytest

from tests.dlp_blind6.corpus import generate
from tests.dlp_blind6.values import PHONE_REGIONS

pytestmark = pytest.mark.timeout(120)

DOCUMENTATION_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]


@pytest.fixture(scope="module")
def corpus():  # noqa: ANN201
    return generate()


def _labels(corpus, family):  # noqa: ANN001, ANN202
    return [s.text[lb.start:lb.end] for s in corpus for lb in s.labels if lb.family == family]


@pytest.mark.timeout(120)
def test_size_genres_labels_and_negatives(corpus) -> None:  # noqa: ANN001
    assert len(corpus) >= 600
    assert len({s.genre for s in corpus}) >= 40
    assert sum(len(s.labels) for s in corpus) >= 2500
    assert sum(len(s.decoys) for s in corpus) >= 800
    assert sum(s.completion for s in corpus) >= 30


@pytest.mark.timeout(120)
def test_every_family_is_measurable(corpus) -> None:  # noqa: ANN001
    families = Counter(lb.family for s in corpus for lb in s.labels)
    assert all(families[f] >= 100 for f in ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN",
                                            "IP_ADDRESS", "PERSON", "CREDENTIAL")), families


@pytest.mark.timeout(120)
def test_cards_cover_brands(corpus) -> None:  # noqa: ANN001
    cards = [re.sub(r"[ -]", "", c) for c in _labels(corpus, "CREDIT_CARD")]
    assert any(2221 <= int(c[:4]) <= 2720 for c in cards)
    assert any(51 <= int(c[:2]) <= 55 for c in cards)
    assert any(c.startswith("4") and len(c) == 16 for c in cards)
    assert any(c[:2] in ("34", "37") and len(c) == 15 for c in cards)
    assert any(c.startswith("6011") or c.startswith("65") for c in cards)
    assert any(3528 <= int(c[:4]) <= 3589 for c in cards)
    assert any(len(c) == 14 for c in cards)


@pytest.mark.timeout(120)
def test_ibans_come_from_many_countries(corpus) -> None:  # noqa: ANN001
    ibans = _labels(corpus, "IBAN_CODE")
    assert len({i[:2] for i in ibans}) >= 35
    assert any(" " in i for i in ibans) and any(" " not in i for i in ibans)


@pytest.mark.timeout(120)
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


@pytest.mark.timeout(120)
def test_ips_parse_and_avoid_documentation_ranges(corpus) -> None:  # noqa: ANN001
    ips = [ipaddress.ip_address(ip) for ip in _labels(corpus, "IP_ADDRESS")]
    assert {ip.version for ip in ips} == {4, 6}
    assert any(ip.is_private for ip in ips) and any(ip.is_global for ip in ips)
    assert not any(ip in net for ip in ips for net in DOCUMENTATION_NETS if ip.version == net.version)


@pytest.mark.timeout(120)
def test_hard_negatives_are_plentiful_and_varied(corpus) -> None:  # noqa: ANN001
    decoys = Counter(d.mimics for s in corpus for d in s.decoys)
    assert sum(decoys.values()) >= 800
    assert {"IP_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "CREDENTIAL", "azure_openai_key",
            "aws_access_key_id", "aws_secret_key", "stripe_key", "azure_storage_key", "private_key", "cosmos_key"} <= set(decoys)
    assert len({d.kind for s in corpus for d in s.decoys}) >= 30


@pytest.mark.timeout(120)
def test_completions_and_multilingual_prompts(corpus) -> None:  # noqa: ANN001
    genres = {s.genre for s in corpus}
    assert {"multilingual_es", "multilingual_de", "multilingual_fr", "multilingual_pt", "multilingual_ja_ko",
            "multilingual_ar_hi"} <= genres
    assert len({s.genre for s in corpus if s.completion}) >= 8
