"""Checks the corpora's test files have in common: a module-scoped fixture of the generated corpus, the
labelled values of a family or kind, and assertions several corpora make about their values (layouts,
private keys in both forms, hard negatives, IP families, valid phones, issuable SSNs) and about the corpus
as a whole (deterministic per seed, sparse, labels on their spans, every template and credential kind used,
values passing their checksums, hard negatives failing theirs, texts and names of the kinds written for).
Each corpus's test_corpus.py keeps its own tests and thresholds and calls these, passing what differs
(seeds, shares, counts, its own validators), so what it checked it still checks."""

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


def assert_genres(samples: list[Any], at_least: int, prefixes: Iterable[str], per_prefix: int) -> Counter[str]:
    """At least `at_least` genres, each of `prefixes` the prefix of at least `per_prefix` of them, and a text is
    a completion exactly when its genre is an answer_ genre; returns the count of every prefix."""
    assert len({s.genre for s in samples}) >= at_least
    per = assert_genre_prefixes(samples, prefixes, per_prefix)
    assert_answers_are_completions(samples)
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


def assert_deterministic_per_seed(samples: list[Any], generate: Callable[..., list[Any]], other_seed: int, *,
                                  with_ids: bool = False, other_repeats: bool = False) -> None:
    """`generate()` makes `samples` again (texts, labels and hard negatives, and ids too `with_ids`);
    `other_seed` makes other texts, and (`other_repeats`) the same texts and labels each time."""
    def key(s: Any) -> tuple[Any, ...]:
        return (s.id, s.text, s.labels, s.decoys) if with_ids else (s.text, s.labels, s.decoys)

    assert [key(s) for s in generate()] == [key(s) for s in samples]
    other = generate(seed=other_seed)
    assert [s.text for s in other] != [s.text for s in samples]
    if other_repeats:
        assert [(s.text, s.labels) for s in other] == [(s.text, s.labels) for s in generate(seed=other_seed)]


def assert_sparse(samples: list[Any], size: int, no_label_share: tuple[float, float], at_most_three_share: float,
                  labels_per_text: tuple[float, float], completions: int) -> None:
    """`size` texts; the share with no label within `no_label_share`, the share with 0-3 labels at least
    `at_most_three_share`, the mean labels a text within `labels_per_text`, at least `completions` answers."""
    assert len(samples) == size
    per_text = Counter(len(s.labels) for s in samples)
    assert no_label_share[0] <= per_text[0] / len(samples) <= no_label_share[1], per_text
    assert sum(n for k, n in per_text.items() if k <= 3) / len(samples) >= at_most_three_share, per_text
    assert labels_per_text[0] <= sum(len(s.labels) for s in samples) / len(samples) <= labels_per_text[1]
    assert sum(s.completion for s in samples) >= completions


def assert_labels_hold_their_values(samples: Iterable[Any], *, disjoint: bool = False) -> None:
    """Every label's span is its value, stripped, holding the secret (the whole value but for credentials);
    `disjoint`: no two spans of a text, labels or hard negatives, overlap."""
    for s in samples:
        for lb in s.labels:
            value = s.text[lb.start:lb.end]
            assert value and value == value.strip(), (s.id, lb)
            assert lb.secret in value, (s.id, lb)
            if lb.family != "CREDENTIAL":
                assert lb.secret == value, (s.id, lb)
        if disjoint:
            spans = sorted([(lb.start, lb.end) for lb in s.labels] + [(d.start, d.end) for d in s.decoys])
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), s.id


def assert_every_template_used(samples: Iterable[Any], registry: Any) -> None:
    """Every template of `registry` made at least one text, and no text came from elsewhere."""
    assert {t.genre for t in registry.templates} == {s.genre for s in samples}


def credential_kinds(samples: Iterable[Any]) -> Counter[str]:
    """How many labels each credential kind has."""
    return Counter(lb.kind for s in samples for lb in s.labels if lb.family == "CREDENTIAL")


def assert_credential_kinds(samples: Iterable[Any], expected: set[str], at_least: int, *, exact: bool = True) -> Counter[str]:
    """The credential kinds are `expected` (`exact`) or include it, each labelled at least `at_least` times;
    returns the count of every kind."""
    kinds = credential_kinds(samples)
    if exact:
        assert set(kinds) == expected, set(kinds) ^ expected
    else:
        assert expected <= set(kinds), expected - set(kinds)
    assert min(kinds.values()) >= at_least, kinds
    return kinds


def assert_checksums(samples: list[Any], luhn_valid: Callable[[str], bool], iban_valid: Callable[[str], bool],
                     base62_checksum_valid: Callable[[str], bool], iban_countries_at_least: int) -> list[str]:
    """Cards pass Luhn and are written spaced, dashed and plain, one a 2-series Mastercard; IBANs pass their
    check, grouped and compact, from at least `iban_countries_at_least` countries; SSNs are issuable; classic
    GitHub and npm tokens carry a valid checksum. Returns the card numbers' digits."""
    digits = card_digits(samples)
    assert all(luhn_valid(c) for c in digits)
    assert_spaced_dashed_and_plain(of_kind(samples, "CREDIT_CARD"))
    assert any(d[:4].isdigit() and 2221 <= int(d[:4]) <= 2720 for d in (re.sub(r"\D", "", c) for c in digits))
    ibans = of_kind(samples, "IBAN_CODE")
    assert all(iban_valid(i) for i in ibans)
    assert_grouped_and_compact(ibans)
    assert len(iban_countries(samples)) >= iban_countries_at_least
    for ssn in of_kind(samples, "US_SSN"):
        assert is_issuable_ssn(ssn), ssn
    tokens = [t for k in ("github_token", "npm_token") for t in of_kind(samples, k) if not t.startswith("github_pat_")]
    assert tokens and all(base62_checksum_valid(t) for t in tokens)
    return digits


FIXED_AND_MOBILE = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)


def assert_phones_valid_not_examples(phones: Iterable[str], regions: Iterable[str], at_least_regions: int,
                                     example_types: Iterable[Any] = FIXED_AND_MOBILE) -> set[str]:
    """Every phone is valid in one of `regions`, none is libphonenumber's example of `example_types` for its
    region nor a North American 555 number, and they come from at least `at_least_regions` regions (returned)."""
    seen = set()
    for phone in phones:
        n = valid_phone(phone, regions)
        assert n, phone
        region = phonenumbers.region_code_for_number(n)
        for kind in example_types:
            ex = phonenumbers.example_number_for_type(region, kind)
            assert n.national_number != getattr(ex, "national_number", None), phone
        assert not (region in ("US", "CA") and str(n.national_number)[3:6] == "555"), phone
        seen.add(region)
    assert len(seen) >= at_least_regions, seen
    return seen


def assert_decoys_fail(samples: Iterable[Any], fails: dict[str, Callable[[str], bool]]) -> None:
    """Every hard negative of a kind in `fails` fails its check: `fails[kind](text)` holds of its text."""
    for s in samples:
        for d in s.decoys:
            text = s.text[d.start:d.end]
            if d.kind in fails:
                assert fails[d.kind](text), (d.kind, text)


def common_decoy_fails(luhn_valid: Callable[[str], bool], iban_valid: Callable[[str], bool]) -> dict[str, Callable[[str], bool]]:
    """The checks most corpora's hard negatives fail, for `assert_decoys_fail`: Luhn and mod-97 failures (by the
    corpus's own validators), unissuable SSNs and the SSA's wallet-card example, 555-01xx phones, documentation IPs
    and example.com addresses."""
    return {
        "luhn_fail": lambda t: not luhn_valid(t),
        "bad_iban": lambda t: not iban_valid(t),
        "bad_ssn": lambda t: not is_issuable_ssn(t) or t == "078-05-1120",
        "fict_phone": lambda t: bool(re.search(r"555-01\d\d$", t)),
        "doc_ip": is_documentation_ip,
        "example_email": is_example_email,
    }


def assert_texts_contain(samples: Iterable[Any], needles: Iterable[str]) -> None:
    """Each of `needles` stands in some text."""
    texts = "\n".join(s.text for s in samples)
    for needle in needles:
        assert needle in texts, needle


def assert_names(samples: Iterable[Any], distinct: int) -> list[str]:
    """Some labelled names are lower-case, some have letters beyond ASCII, at least `distinct` differ; returns them."""
    names = of_kind(samples, "PERSON")
    assert any(n.islower() for n in names)
    assert any(re.search(r"[^\x00-\x7f]", n) for n in names)
    assert len(set(names)) >= distinct
    return names


DOC_IP_PREFIXES = ("192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:")


def is_documentation_ip(text: str) -> bool:
    """`text` starts in one of the address ranges set aside for documentation (RFC 5737, RFC 3849)."""
    return text.startswith(DOC_IP_PREFIXES)


def is_example_email(text: str) -> bool:
    """`text` ends in a mail domain set aside for examples (example.com, .org, .net)."""
    return bool(re.search(r"@example\.(com|org|net)$", text))
