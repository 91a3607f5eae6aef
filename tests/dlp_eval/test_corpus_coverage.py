"""What the fifth, sixth and seventh corpora cover, as their READMEs say: size, genres, label families,
card brands, IBAN countries, phone numbers that are not libphonenumber's examples, addresses outside
the documentation ranges, and plentiful, varied hard negatives. Each corpus's own test_corpus.py
keeps what only it covers; tests/dlp_eval/test_template_corpora.py what every template corpus is."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Callable

import phonenumbers
import pytest

from tests.dlp_blind5 import values as fifth_values
from tests.dlp_blind5.corpus import generate as fifth
from tests.dlp_blind6 import values as sixth_values
from tests.dlp_blind6.corpus import generate as sixth
from tests.dlp_blind7 import values as seventh_values
from tests.dlp_blind7.corpus import generate as seventh
from tests.dlp_eval.corpus_checks import assert_families, assert_hard_negatives, card_digits, iban_countries, ip_addresses, labelled

pytestmark = pytest.mark.timeout(120)

DOCUMENTATION_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]
FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON", "CREDENTIAL")
DECOYS = frozenset({"IP_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "CREDENTIAL", "azure_openai_key",
                    "aws_access_key_id", "aws_secret_key", "stripe_key", "azure_storage_key", "private_key"})


@dataclass(frozen=True)
class Coverage:
    generate: Callable[[], list[Any]]
    phone_regions: tuple[str, ...]  # whose example numbers the phones must not be
    genres: int
    iban_countries: int
    decoy_mimics: frozenset[str]  # what the hard negatives must imitate, at least
    decoy_kinds: int


COVERED = {
    "fifth": Coverage(fifth, fifth_values.PHONE_REGIONS, 25, 30, DECOYS, 25),
    "sixth": Coverage(sixth, sixth_values.PHONE_REGIONS, 40, 35, DECOYS | {"cosmos_key"}, 30),
    "seventh": Coverage(seventh, seventh_values.PHONE_REGIONS, 40, 35, DECOYS | {"cosmos_key", "openai_key"}, 40),
}


@cache
def _samples(name: str) -> list[Any]:
    return COVERED[name].generate()


@pytest.fixture(params=sorted(COVERED))
def covered(request) -> tuple[Coverage, list[Any]]:  # noqa: ANN001
    return COVERED[request.param], _samples(request.param)


def test_size_genres_labels_and_negatives(covered) -> None:  # noqa: ANN001
    spec, corpus = covered
    assert len(corpus) >= 600
    assert len({s.genre for s in corpus}) >= spec.genres
    assert sum(len(s.labels) for s in corpus) >= 2500
    assert sum(len(s.decoys) for s in corpus) >= 800
    assert sum(s.completion for s in corpus) >= 30


def test_every_family_is_measurable(covered) -> None:  # noqa: ANN001
    assert_families(covered[1], FAMILIES, 100)


def test_cards_cover_brands(covered) -> None:  # noqa: ANN001
    cards = card_digits(covered[1])
    assert any(2221 <= int(c[:4]) <= 2720 for c in cards)
    assert any(c[:2] in ("34", "37") and len(c) == 15 for c in cards)
    assert any(c.startswith("6011") or c.startswith("65") for c in cards)
    assert any(3528 <= int(c[:4]) <= 3589 for c in cards)
    assert any(len(c) == 14 for c in cards)


def test_ibans_come_from_many_countries(covered) -> None:  # noqa: ANN001
    spec, corpus = covered
    assert len(iban_countries(corpus)) >= spec.iban_countries


def test_phones_are_not_the_library_examples(covered) -> None:  # noqa: ANN001
    spec, corpus = covered
    examples = set()
    for r in spec.phone_regions:
        for t in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            ex = phonenumbers.example_number_for_type(r, t)
            if ex:
                examples.add(phonenumbers.national_significant_number(ex))
    for phone in labelled(corpus, "PHONE_NUMBER"):
        digits = re.sub(r"\D", "", phone)
        assert not any(digits.endswith(e) and len(e) >= 7 for e in examples), phone


def test_ips_parse_and_avoid_documentation_ranges(covered) -> None:  # noqa: ANN001
    ips = ip_addresses(covered[1])
    assert {ip.version for ip in ips} == {4, 6}
    assert any(ip.is_private for ip in ips) and any(ip.is_global for ip in ips)
    assert not any(ip in net for ip in ips for net in DOCUMENTATION_NETS if ip.version == net.version)


def test_hard_negatives_are_plentiful_and_varied(covered) -> None:  # noqa: ANN001
    spec, corpus = covered
    assert_hard_negatives(corpus, 800, spec.decoy_mimics)
    assert len({d.kind for s in corpus for d in s.decoys}) >= spec.decoy_kinds
