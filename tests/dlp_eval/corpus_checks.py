"""Checks the corpora's test files have in common: a module-scoped fixture of the generated corpus, the
labelled values of a family or kind, and assertions several corpora make about their values (layouts,
private keys in both forms, hard negatives, IP families, valid phones, issuable SSNs). Each corpus's
test_corpus.py keeps its own tests and thresholds and calls these, so what it checked it still checks."""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import phonenumbers
import pytest


def corpus_fixture(generate: Callable[[], list[Any]]):  # noqa: ANN201 - a pytest fixture
    """A module-scoped `corpus` fixture: the corpus `generate()` makes with its default seed."""

    @pytest.fixture(scope="module")
    def corpus() -> list[Any]:
        return generate()

    return corpus


def labelled(samples: Iterable[Any], family: str) -> list[str]:
    """The text of every label of `family`."""
    return [s.text[lb.start:lb.end] for s in samples for lb in s.labels if lb.family == family]


def of_kind(samples: Iterable[Any], kind: str) -> list[str]:
    """The text of every label of `kind`."""
    return [s.text[lb.start:lb.end] for s in samples for lb in s.labels if lb.kind == kind]


def card_digits(samples: Iterable[Any]) -> list[str]:
    """The labelled card numbers without their spaces and dashes."""
    return [re.sub(r"[ -]", "", c) for c in labelled(samples, "CREDIT_CARD")]


def iban_countries(samples: Iterable[Any]) -> set[str]:
    return {i[:2] for i in labelled(samples, "IBAN_CODE")}


def ip_addresses(samples: Iterable[Any]) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The labelled IP addresses, parsed (a label that does not parse fails here)."""
    return [ipaddress.ip_address(ip) for ip in labelled(samples, "IP_ADDRESS")]


def genre_prefixes(samples: Iterable[Any]) -> Counter[str]:
    """How many genres each genre prefix (the part before the first "_") has."""
    return Counter(g.split("_")[0] for g in {s.genre for s in samples})


def assert_genre_prefixes(samples: Iterable[Any], prefixes: Iterable[str], at_least: int) -> Counter[str]:
    """Each of `prefixes` is the prefix of at least `at_least` genres; returns the count of every prefix."""
    per = genre_prefixes(samples)
    assert all(per[p] >= at_least for p in prefixes), per
    return per


def assert_families(samples: Iterable[Any], families: Iterable[str], at_least: int) -> Counter[str]:
    """Each of `families` has at least `at_least` labels; returns the count of every family."""
    fams = Counter(lb.family for s in samples for lb in s.labels)
    assert all(fams[f] >= at_least for f in families), fams
    return fams


def assert_grouped_and_compact(values: list[str]) -> None:
    """Some values are written with spaces and some without."""
    assert any(" " in v for v in values) and any(" " not in v for v in values)


def assert_spaced_dashed_and_plain(values: list[str]) -> None:
    """Some values are written with spaces, some with dashes, some as bare digits."""
    assert any(" " in v for v in values) and any("-" in v for v in values) and any(v.isdigit() for v in values)


def assert_answers_are_completions(samples: Iterable[Any]) -> None:
    """A text is a completion exactly when its genre is an answer_ genre."""
    assert all(s.genre.startswith("answer_") == s.completion for s in samples)


def assert_private_keys_plain_and_json_escaped(samples: Iterable[Any], at_least: int = 0) -> None:
    keys = of_kind(samples, "private_key")
    assert len(keys) >= at_least
    assert any("\\n" in k for k in keys) and any("\n" in k for k in keys)


def assert_decoy_kinds(samples: Iterable[Any], kinds: Iterable[str], at_least: int = 3) -> Counter[str]:
    """Each of `kinds` is the kind of at least `at_least` hard negatives; returns the count of every kind."""
    counts = Counter(d.kind for s in samples for d in s.decoys)
    for k in kinds:
        assert counts[k] >= at_least, (k, counts)
    return counts


def assert_hard_negatives(samples: Iterable[Any], at_least: int, mimics: Iterable[str]) -> None:
    """At least `at_least` hard negatives, imitating at least every one of `mimics`."""
    decoys = Counter(d.mimics for s in samples for d in s.decoys)
    assert sum(decoys.values()) >= at_least
    assert set(mimics) <= set(decoys)


def valid_phone(phone: str, regions: Iterable[str]) -> phonenumbers.PhoneNumber | None:
    """`phone` parsed as the first of `regions` in which libphonenumber finds it valid, or None."""
    for r in regions:
        try:
            parsed = phonenumbers.parse(phone, r)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return parsed
    return None


def is_issuable_ssn(ssn: str) -> bool:
    """Nine digits (spaces and dashes dropped), area 001-899 but not 666, group and serial not zero."""
    d = re.sub(r"[ -]", "", ssn)
    return len(d) == 9 and d.isdigit() and 0 < int(d[:3]) < 900 and d[:3] != "666" and d[3:5] != "00" and d[5:] != "0000"
