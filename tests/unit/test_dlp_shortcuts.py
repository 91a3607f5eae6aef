"""Pattern mode's shortcuts find exactly what Presidio's own path finds.

The engine tokenizes only around findings (`dlp_context.LocalContext`, instead of a spaCy pass
over the whole text), scans each pattern once per window and not at all without its required
literals (`required_literals`, shared by the gates and the recognizers), skips phone candidates
too short to be valid (`recognizers.shortest_valid_number`), reads a text's phone candidates once
for all regions (`recognizers.phone_matches`) and blanks what is never a phone without retrying
inside a token (`recognizers._NEVER_PHONE`). Each shortcut is compared
with the path it replaces on both corpora and on generated texts: same entities, spans, scores.
"""

from __future__ import annotations

import itertools
from typing import Any

import phonenumbers
import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from aoai_logpipe.core import recognizers
from aoai_logpipe.core.dlp import DlpEngine, DlpPolicy, _build_analyzer
from aoai_logpipe.core.dlp_context import UNIT_START, LocalContext, UnitTokens
from tests.dlp_eval import corpus as blind
from tests.unit.dlp_corpus import generate


@pytest.fixture(scope="module")
def engine() -> DlpEngine:
    return DlpEngine(DlpPolicy(cache_entries=0))


@pytest.fixture(scope="module")
def presidio() -> Any:
    """An analyzer as Presidio runs it: no shared scans, no required literals, whole-text NLP."""
    return _build_analyzer(DlpPolicy())[0]


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    return [s.text for s in blind.generate()] + [s.text for s in generate()]


def _shortcut(engine: DlpEngine, text: str) -> list[tuple[str, int, int, float]]:
    """Every raw result of every pattern-mode entity (no threshold), through the engine's analyzer (with the
    tokens of the unit texts it tokenized for earlier texts)."""
    nlp = engine._analyzer.nlp_engine
    return _results(engine._analyzer, engine, text, LocalContext(text, "en", nlp, nlp.lemmas, engine._unit_tokens))


def _reference(presidio: Any, engine: DlpEngine, text: str) -> list[tuple[str, int, int, float]]:
    return _results(presidio, engine, text, None)


def _results(analyzer: Any, engine: DlpEngine, text: str, artifacts: Any) -> list[tuple[str, int, int, float]]:
    results = analyzer.analyze(text, language="en", entities=list(engine.policy.entity_list()), score_threshold=0.0,
                               nlp_artifacts=artifacts)
    return sorted((r.entity_type, r.start, r.end, round(r.score, 9)) for r in results)


def test_the_shortcuts_find_what_presidio_finds_on_both_corpora(engine: DlpEngine, presidio: Any,
                                                                 corpus_texts: list[str]) -> None:
    differing = [i for i, text in enumerate(corpus_texts)
                 if _shortcut(engine, text) != _reference(presidio, engine, text)]
    assert differing == []


_FRAGMENTS = [
    "password", "Password:", "pwd=", "ssn", "SSN:", "tel", "phone", "call me at", "key", "api-key:", "token",
    "the", "a", "is", "to", "be", "-PRON-", ":", "::", ":=", "to:do", "a:b", "re:", "http://x.io/a:b", "(:", ":)",
    "https://x.io/the:to", "10:30", "x:is",
    "''", "'s", "a.m.", "10a.m.", "cannot", "e.g.", "-", "--", "=", '"', "'", "`", "(", ")", "[", "]", "{", "}",
    "536-22-8714", "078-05-1120", "4556 7375 8689 9855", "+1 (425) 555-0100", "020 7946 0958", "10.1.2.3",
    "dana.smith@contoso.com", "AKIAQ3EGRZ7T5WKJ2M4P", "ghp_" + "a1B2" * 9, "DE89370400440532013000",
    "s3cr3t-Pa55!", "0123456789abcdef0123456789abcdef", "Σίσυφος", "İstanbul", "ΚΑΛΗΜΕΡΑ ΣΑΣ", "K", "ſsn",
]
_SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", "\t", " \n", "\xa0", "\u2028", "\x1c", "\r\n", "", ":", "="]


@st.composite
def _texts(draw: Any) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(min_size=1, max_size=6)), min_size=1,
                          max_size=40))
    return "".join(part + draw(st.sampled_from(_SEPARATORS)) for part in parts)


@settings(max_examples=150, deadline=None)
@given(text=_texts())
def test_the_shortcuts_find_what_presidio_finds_on_generated_texts(engine: DlpEngine, presidio: Any,
                                                                    text: str) -> None:
    assert _shortcut(engine, text) == _reference(presidio, engine, text)


@settings(max_examples=300, deadline=None)
@given(text=_texts())
def test_units_tokenize_as_they_do_inside_the_whole_text(engine: DlpEngine, text: str) -> None:
    nlp = engine._analyzer.nlp_engine.nlp["en"]
    starts = [0, *(m.end() for m in UNIT_START.finditer(text) if 0 < m.end() < len(text)), len(text)]
    pieced = [(low + t.idx, t.text) for low, high in zip(starts, starts[1:]) for t in nlp(text[low:high])]
    assert pieced == [(t.idx, t.text) for t in nlp(text)]


def test_no_special_case_joins_a_token_ending_and_one_starting_with_a_letter_or_digit(engine: DlpEngine) -> None:
    """Why UNIT_START may cut at a single space between two letters or digits: spaCy matches its
    special cases across single spaces, by their tokens; none has two such tokens side by side."""
    from spacy.tokenizer import Tokenizer

    tokenizer = engine._analyzer.nlp_engine.nlp["en"].tokenizer
    bare = Tokenizer(tokenizer.vocab, rules={}, prefix_search=tokenizer.prefix_search,
                     suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
                     token_match=tokenizer.token_match, url_match=tokenizer.url_match)
    pairs = [(a.text, b.text) for rule in tokenizer.rules for a, b in itertools.pairwise(bare(rule))]
    assert pairs  # special cases are matched by tokens: the check looks at something
    assert [(a, b) for a, b in pairs if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum()] == []


def test_a_stop_word_next_to_a_colon_elsewhere_counts_as_presidio_counts_it(engine: DlpEngine, presidio: Any) -> None:
    """Presidio splits keywords at ":", so the URL's `the:to` makes every "to" a keyword; then the
    five before the SSN fill the context window and "ssn" falls out of it."""
    counted, skipped = "ssn to to to to to 536-22-8714 at https://x.io/the:to", "ssn to to to to to 536-22-8714"
    assert [r[3] for r in _shortcut(engine, counted) if r[0] == "US_SSN"] == [0.5]
    assert [r[3] for r in _shortcut(engine, skipped) if r[0] == "US_SSN"] == [0.85]
    for text in (counted, skipped):
        assert _shortcut(engine, text) == _reference(presidio, engine, text)


def test_only_results_a_context_word_can_lift_are_looked_up(engine: DlpEngine, presidio: Any,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A validated card is at the maximum score already; nothing in the text is an IP context word."""
    looked_up: list[int] = []
    lookup = LocalContext.surrounding_words

    def spy(self: LocalContext, enhancer: Any, word: str, start: int) -> list[str]:
        looked_up.append(start)
        return lookup(self, enhancer, word, start)

    monkeypatch.setattr(LocalContext, "surrounding_words", spy)
    text = "card 4556 7375 8689 9855 from 10.1.2.3, ssn 536-22-8714"
    assert _shortcut(engine, text) == _reference(presidio, engine, text)
    assert looked_up == [text.index("536")]


def test_anything_else_reading_the_artifacts_gets_the_whole_text_pass(engine: DlpEngine) -> None:
    nlp = engine._analyzer.nlp_engine
    text = "Call me at +1 (425) 555-0100, SSN: 536-22-8714."
    context = LocalContext(text, "en", nlp, nlp.lemmas)
    whole = nlp.process_text(text, "en")
    assert (context.lemmas, context.tokens_indices, context.keywords) == (whole.lemmas, whole.tokens_indices,
                                                                          whole.keywords)


# ---------------------------------------------------------------- phone candidates


def _spans(text: str, region: str) -> list[tuple[int, int]]:
    """The engine's matcher, skipping candidates and groups too short to be valid."""
    return [(m.start, m.end) for _, m in recognizers.phone_matches(text, [region], 1)]


def _all_spans(text: str, region: str) -> list[tuple[int, int]]:
    """libphonenumber's matcher, parsing every candidate."""
    return [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=1)]


def test_skipping_short_phone_candidates_finds_the_same_numbers_on_both_corpora(corpus_texts: list[str]) -> None:
    masked = [recognizers._NEVER_PHONE.sub(lambda m: " " * len(m.group()), text) for text in corpus_texts]
    differing = [(i, region) for i, text in enumerate(masked) for region in DlpPolicy().phone_regions
                 if _spans(text, region) != _all_spans(text, region)]
    assert differing == []


def _each_region(text: str, regions: list[str]) -> list[tuple[str, int, int]]:
    """libphonenumber's matcher run once per region, in turn."""
    return [(region, m.start, m.end) for region in regions
            for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=1)]


def _one_reading(text: str, regions: list[str]) -> list[tuple[str, int, int]]:
    return [(region, m.start, m.end) for region, m in recognizers.phone_matches(text, regions, 1)]


def test_one_reading_for_all_regions_finds_what_each_regions_matcher_finds_on_both_corpora(
        corpus_texts: list[str]) -> None:
    regions = list(DlpPolicy().phone_regions)
    masked = [recognizers._NEVER_PHONE.sub(lambda m: " " * len(m.group()), text) for text in corpus_texts]
    assert [i for i, text in enumerate(masked) if _one_reading(text, regions) != _each_region(text, regions)] == []


_REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)


@st.composite
def _number_like(draw: Any) -> str:
    """Short runs of digits, written nationally or internationally, around the skipping bound."""
    parts = draw(st.lists(st.tuples(st.sampled_from(["", "+", "0", "00", "011", "(0", "+1 ", "+44 ", "+49 ", "("]),
                                    st.text(alphabet="0123456789", min_size=1, max_size=8),
                                    st.sampled_from([" ", "-", ") ", ".", "/", " x", " ext. ", ", ", " a "])),
                          min_size=1, max_size=4))
    return "".join(prefix + digits + suffix for prefix, digits, suffix in parts)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(_number_like(), st.text(alphabet="0123456789 +-().x/#:", max_size=40)),
       region=st.sampled_from(_REGIONS))
def test_skipping_short_phone_candidates_finds_the_same_numbers_in_any_region(text: str, region: str) -> None:
    assert _spans(text, region) == _all_spans(text, region)


def test_the_skipping_bound_follows_libphonenumber_metadata() -> None:
    """Four characters in Germany (national numbers of four digits), six for the other default
    regions (Austria's and Germany's shortest international numbers); lower where a national-prefix
    rule writes digits (Antigua's area code 268). No shorter digit string parses as a valid number."""
    bound = recognizers.shortest_valid_number
    assert [bound(r) for r in DlpPolicy().phone_regions] == [6, 6, 4, 6, 6, 6, 6, 6]
    assert bound("AG") < 7 <= min(phonenumbers.PhoneMetadata.metadata_for_region("AG").general_desc.possible_length)
    valid = []
    for region in [r for r in _REGIONS if bound(r) <= 4]:
        for digits in ("".join(d) for n in range(1, bound(region)) for d in itertools.product("0123456789", repeat=n)):
            for candidate in (digits, "+" + digits):
                try:
                    if len(candidate) < bound(region) and phonenumbers.is_valid_number(
                            phonenumbers.parse(candidate, region)):
                        valid.append((region, candidate))
                except phonenumbers.NumberParseException:
                    continue
    assert valid == []


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_number_like(), st.text(alphabet="0123456789 +-().x/#:", max_size=40)),
       regions=st.lists(st.sampled_from(_REGIONS), min_size=1, max_size=5))
def test_one_reading_for_all_regions_finds_what_each_regions_matcher_finds_in_any_regions(
        text: str, regions: list[str]) -> None:
    assert _one_reading(text, regions) == _each_region(text, regions)


# _NEVER_PHONE's token alternative as first written: tried from every character of every token.
_TOKEN_TRIED_EVERYWHERE = r"[A-Za-z0-9+/=_-]*(?:[A-Za-z][0-9]|[0-9][A-Za-z])[A-Za-z0-9+/=_.-]*"


# Pieces of keys, amounts, dates and prose, glued in any order (a currency amount ending inside a token...).
_PIECES = ["$", "€ ", "02", "7", "1,234.56", "2026-01-02", "D6", "ab", "Zk", "x9", "v1", ".", "-", "_", "/", "+", "=",
           " ", "\n", ":", ","]


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_blanking_never_phones_tries_a_token_once_with_the_same_result(text: str) -> None:
    fast = recognizers._NEVER_PHONE
    head, tail = fast.pattern.split("[A-Za-z0-9+/=_-]*(?:[A-Za-z][0-9]", 1)
    assert head.endswith(r"(?:\G|(?<![A-Za-z0-9+/=_-]))")
    plain = regex.compile(_TOKEN_TRIED_EVERYWHERE + tail.split("[A-Za-z0-9+/=_.-]*", 1)[1], fast.flags)
    blank = lambda m: " " * len(m.group())  # noqa: E731
    assert fast.sub(blank, text) == plain.sub(blank, text)


def test_unit_tokens_keep_short_units_and_start_over_when_full() -> None:
    known = UnitTokens(capacity=2, longest=8)
    tokens = ([4], ["word"], frozenset())
    known.put("en", "word ", tokens)
    known.put("en", "x" * 9, tokens)  # longer than `longest`: not kept
    assert known.get("en", "word ") == tokens and known.get("en", "x" * 9) is None
    known.put("en", "two ", tokens)
    known.put("en", "three ", tokens)  # full: starts over
    assert known.get("en", "word ") is None and known.get("en", "three ") == tokens
