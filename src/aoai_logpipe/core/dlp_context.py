"""Context words for pattern mode, tokenizing only around the findings.

In pattern mode spaCy's tokens serve one purpose: Presidio's context enhancer looks at the
lemmas just before each finding ("SSN: 123-45-6789") and lifts its score. Presidio tokenizes
the whole text for that before any recognizer runs, which cost more than all the regexes of a
long prompt together while the enhancer read a few tokens per finding. `LocalContext` stands in
for Presidio's `NlpArtifacts`: the enhancer asks it for the words around one offset, and it
tokenizes only a stretch of text around that offset, the same tokens the whole-text pass has
there. Anything else that reads the artifacts (`tokens`, `entities`...) gets the whole-text pass.

Why a stretch gives the same tokens: spaCy splits the text at whitespace and tokenizes each
piece alone, except that its special cases are matched across a single space. A whitespace run
that is not a single space becomes a token of its own, which no special case contains, so the
tokens on either side of one do not depend on the text on the other side. Stretches therefore
start and end at such runs (`TOKEN_BREAK`) and grow until the enhancer's walk over the lemmas
ends inside them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, Callable

# Where the text may be cut with the same tokens on both sides: after a whitespace run spaCy makes
# a token of (two or more characters, or one that is not " "), and after a single space between
# two ASCII letters or digits (no special case has tokens ending and starting that way; see the
# test). The stdlib `re` on purpose: its `\s` is `str.isspace`, which is what spaCy splits on.
UNIT_START = re.compile(r"(?<=[A-Za-z0-9] )(?=[A-Za-z0-9])|(?<!\s)(?:\s{2,}|[^\S ])(?!\s)")
_FIRST_REACH = 48  # chars a stretch first reaches before a finding; doubled while a walk runs off it


class LocalContext:
    """Presidio `NlpArtifacts` for one text, tokenized only where the context enhancer looks.

    The text is cut into units at UNIT_START (words in prose, lines in code), each tokenized at
    most once, when a walk first reaches it. `lemmas_of(doc)` must give the lemmas the NLP engine
    gives the whole-text artifacts.
    """

    def __init__(self, text: str, language: str, nlp_engine: Any, lemmas_of: Callable[[Any], list[str]],
                 known: UnitTokens | None = None) -> None:
        self.text = text
        self._known = known if known is not None else UnitTokens()
        self.language = language
        self.nlp_engine = nlp_engine
        self._lemmas_of = lemmas_of
        self._whole: Any = None
        self._unit_starts: list[int] | None = None
        self._tokens: dict[int, tuple[list[int], list[str], frozenset[str]]] = {}
        self._elsewhere: dict[str, bool] = {}
        self._lowered: str | None = None
        self._colon_units: list[tuple[int, str]] | None = None

    def __getattr__(self, name: str) -> Any:
        """Any other artifact (tokens, lemmas, keywords, entities): from the whole-text pass."""
        if name.startswith("_"):
            raise AttributeError(name)
        if self._whole is None:
            self._whole = self.nlp_engine.process_text(self.text, self.language)
        return getattr(self._whole, name)

    @property
    def _units(self) -> list[int]:
        """Start offsets of the units; the last ends at len(text)."""
        if self._unit_starts is None:
            text = self.text
            self._unit_starts = [0, *(m.end() for m in UNIT_START.finditer(text) if 0 < m.end() < len(text))]
        return self._unit_starts

    def surrounding_words(self, enhancer: Any, word: str, start: int) -> list[str]:
        """What `LemmaContextAwareEnhancer._extract_surrounding_words` returns on the whole-text
        artifacts: the keyword lemmas the enhancer's walks collect before and after `start`."""
        want_before, want_after = enhancer.context_prefix_count + 1, enhancer.context_suffix_count + 1
        reach_before, reach_after = _FIRST_REACH, 0
        while True:
            first, last = self._unit_at(start - reach_before), self._unit_at(start + reach_after)
            ends, lemmas, local = self._tokens_of(first, last)
            # Presidio's _find_index_of_match_token: the first token ending after start.
            index = bisect_right(ends, start)
            if index == len(ends):
                if last == len(self._units) - 1:
                    raise ValueError("Did not find the word in the list of tokens although it is expected to be found")
                reach_after = reach_after * 2 or _FIRST_REACH
                continue
            keywords = _Keywords(self, local)
            before = enhancer._add_n_words_backward(index, want_before - 1, lemmas, keywords)
            after = enhancer._add_n_words_forward(index, want_after - 1, lemmas, keywords)
            # A walk that collected fewer words than it wanted ran off the stretch.
            short_before = len(before) < want_before and first > 0
            short_after = len(after) < want_after and last < len(self._units) - 1
            if not (short_before or short_after):
                return list(set(before + after))
            reach_before *= 1 + short_before
            reach_after = (reach_after * 2 or _FIRST_REACH) if short_after else reach_after

    def _unit_at(self, offset: int) -> int:
        return max(0, bisect_right(self._units, offset) - 1)

    def _tokens_of(self, first: int, last: int) -> tuple[list[int], list[str], set[str]]:
        """(token end offsets, lemmas, keywords) of units first..last, tokenizing those not yet seen."""
        for low, high in _runs([unit for unit in range(first, last + 1) if unit not in self._tokens]):
            self._tokenize(low, high)
        ends: list[int] = []
        lemmas: list[str] = []
        local: set[str] = set()
        for unit in range(first, last + 1):
            unit_ends, unit_lemmas, unit_keywords = self._tokens[unit]
            ends += unit_ends
            lemmas += unit_lemmas
            local |= unit_keywords
        return ends, lemmas, local

    def _tokenize(self, first: int, last: int) -> None:
        """File the tokens of units first..last by unit: those of a unit text seen before (in
        any text) from `known`, the others from one spaCy call per run of them."""
        units, text, known = self._units, self.text, self._known
        bounds = [(units[u], units[u + 1] if u + 1 < len(units) else len(text)) for u in range(first, last + 1)]
        unseen: list[int] = []
        for unit, (low, high) in zip(range(first, last + 1), bounds):
            tokens = known.get(self.language, text[low:high])
            if tokens is None:
                unseen.append(unit)
            else:
                self._tokens[unit] = ([low + end for end in tokens[0]], tokens[1], tokens[2])
        for low, high in _runs(unseen):
            self._tokenize_unseen(low, high)

    def _tokenize_unseen(self, first: int, last: int) -> None:
        """Tokenize units first..last in one call, file their tokens by unit and remember them."""
        from presidio_analyzer.nlp_engine import NlpArtifacts

        units = self._units
        low = units[first]
        high = units[last + 1] if last + 1 < len(units) else len(self.text)
        doc = self.nlp_engine.nlp[self.language].make_doc(self.text[low:high])
        lemmas = self._lemmas_of(doc)
        ends = [low + t.idx + len(t) for t in doc]
        i = 0
        for unit in range(first, last + 1):
            unit_start = units[unit]
            unit_end = units[unit + 1] if unit + 1 < len(units) else len(self.text)
            j = bisect_right(ends, unit_end, i)
            unit_lemmas = lemmas[i:j]
            keywords = frozenset(NlpArtifacts.set_keywords(self.nlp_engine, unit_lemmas, self.language))
            self._tokens[unit] = (ends[i:j], unit_lemmas, keywords)
            self._known.put(self.language, self.text[unit_start:unit_end],
                            ([end - unit_start for end in ends[i:j]], unit_lemmas, keywords))
            i = j

    def lowered(self) -> str:
        """The text lower-cased: an ASCII word in no token's lemma is not in it either."""
        if self._lowered is None:
            self._lowered = self.text.lower()
        return self._lowered

    def is_keyword_elsewhere(self, lemma: str) -> bool:
        """Whether the whole text's keywords hold a lemma that its own token did not make one.

        Presidio splits each keyword at ":" (`ssn:` gives `ssn`), so a stop word or a symbol is a
        keyword when the text has it next to a colon inside a longer token (`to:do`, `a:=b`). Only
        the units where it stands next to a colon are tokenized to find out.
        """
        if ":" in lemma:
            return False
        known = self._elsewhere.get(lemma)
        if known is None:
            needles = (f":{lemma}", f"{lemma}:") if lemma.isascii() else (":",)
            known = False
            if any(n in self.lowered() for n in needles):
                known = any(lemma in self._tokens_of(u, u)[2] for u, lowered in self._units_with_a_colon()
                            if any(n in lowered for n in needles))
            self._elsewhere[lemma] = known
        return known

    def _units_with_a_colon(self) -> list[tuple[int, str]]:
        """(unit, its text lower-cased) for the units holding a ":", the only ones a needle can be
        in; listed once per text, not once per lemma (a long text has thousands of units)."""
        if self._colon_units is None:
            units, text = self._units, self.text
            self._colon_units = [(u, text[low:high].lower()) for u, (low, high) in enumerate(zip(units, [*units[1:], len(text)]))
                                 if ":" in text[low:high]]
        return self._colon_units


def _runs(units: list[int]) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive numbers in an ascending list: units one spaCy call tokenizes."""
    runs: list[tuple[int, int]] = []
    for unit in units:
        if runs and runs[-1][1] == unit - 1:
            runs[-1] = (runs[-1][0], unit)
        else:
            runs.append((unit, unit))
    return runs


class UnitTokens:
    """The tokens of unit texts already tokenized, for any text: a unit's tokens depend on its
    text alone (see the module docstring), and prose repeats its words. Bounded in entries (it
    starts over when full) and in what one holds: a unit longer than `longest` characters (a
    long line of code or minified JSON, seldom seen twice) is not kept."""

    def __init__(self, capacity: int = 1 << 14, longest: int = 128) -> None:
        self._capacity = capacity
        self._longest = longest
        self._tokens: dict[tuple[str, str], tuple[list[int], list[str], frozenset[str]]] = {}

    def get(self, language: str, unit: str) -> tuple[list[int], list[str], frozenset[str]] | None:
        """(token ends from the unit's start, lemmas, keywords), or None when not kept."""
        return self._tokens.get((language, unit)) if len(unit) <= self._longest else None

    def put(self, language: str, unit: str, tokens: tuple[list[int], list[str], frozenset[str]]) -> None:
        if len(unit) > self._longest:
            return
        if len(self._tokens) >= self._capacity:
            self._tokens.clear()
        self._tokens[(language, unit)] = tokens


class _Keywords:
    """The whole text's keyword list as the enhancer's walks use it (`lemma in keywords`)."""

    def __init__(self, context: LocalContext, local: set[str]) -> None:
        self._context = context
        self._local = local

    def __contains__(self, lemma: object) -> bool:
        return lemma in self._local or (isinstance(lemma, str) and self._context.is_keyword_elsewhere(lemma))
