"""Required literals: a text holding none of a pattern's required literals has no match of it."""

from __future__ import annotations

from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from aoai_logpipe.core.dlp import DlpPolicy, _build_analyzer
from aoai_logpipe.core.required_literals import RequiredLiteral, required_literals
from tests.dlp_eval import corpus as blind
from tests.unit.dlp_corpus import generate

CS, CI = regex.DOTALL | regex.MULTILINE, regex.DOTALL | regex.MULTILINE | regex.IGNORECASE


def _texts(pattern: str, flags: int = CS) -> set[tuple[str, bool]] | None:
    found = required_literals(pattern, flags)
    return None if found is None else {(lit.text, lit.folded) for lit in found}


@pytest.mark.parametrize(("pattern", "flags", "expected"), [
    (r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}", CS, {("gh", False)}),  # the longest literal run
    (r"sk-(?:proj|svcacct)-\w+", CS, {("proj", False), ("svcacct", False)}),  # a group: its alternatives
    (r"\bpassword\s*=\s*\K\S+", CI, {("password", True)}),  # \K changes nothing; case-insensitive: folded
    (r"(?-i:AKIA)[A-Z0-9]{16}", CI, {("AKIA", False)}),  # a case-sensitive group inside
    (r"(?=\w*@)\w+", CS, {("@", False)}),  # a lookahead's text is in the text too
    (r"(?:ab){2,}cd|xyz", CS, {("ab", False), ("xyz", False)}),
])
def test_literals_every_match_holds(pattern: str, flags: int, expected: set[tuple[str, bool]]) -> None:
    assert _texts(pattern, flags) == expected


@pytest.mark.parametrize("pattern", [
    r"(?:token)?[0-9a-f]{32}",  # the only literal is optional
    r"abc|\d+",  # an alternative without one
    r"(?!secret)\w+",  # a negative lookaround requires nothing
    r"(?:password){e<=1}",  # fuzzy matching (`regex` only) makes the literal optional
    r"[[:alpha:]]+x",  # a POSIX class, read differently by the standard parser
    r"(?V1)[[a-z]--[aeiou]]x",  # version 1 set operations
    r"\p{Lu}\p{Ll}+x\p{Lu}",  # syntax the standard parser rejects
    r"(?f)strasse",  # full case folding (`ss` matches `ß`)
])
def test_no_literals_when_none_is_required_or_the_syntax_is_the_regex_modules_own(pattern: str) -> None:
    assert required_literals(pattern, CI) is None


def test_flags_only_the_regex_module_has_mean_no_literals() -> None:
    assert required_literals("secret", CI | regex.FULLCASE) is None
    assert required_literals("secret", CI | regex.VERSION1) is None


def test_case_insensitive_literals_hold_in_case_variants_the_regex_module_matches() -> None:
    # Kelvin sign and long s fold to k and s in regex's case-insensitive matching, and in casefold()
    for text in ("KEY", "\u212aey", "\u017fecret key", "SECRET KEY"):
        literal = RequiredLiteral("key", folded=True)
        assert regex.search("key", text, flags=CI)
        assert literal.holds(text, text.casefold())


@pytest.fixture(scope="module")
def patterns() -> list[tuple[str, Any, frozenset[RequiredLiteral]]]:
    """Every pattern of every recognizer the engine can load that has literals."""
    registry = _build_analyzer(DlpPolicy(entities=None))[0].registry
    found = []
    for recognizer in registry.recognizers:
        for pattern in getattr(recognizer, "patterns", None) or []:
            literals = required_literals(pattern.regex, recognizer.global_regex_flags)
            if literals is not None:
                found.append((pattern.name, regex.compile(pattern.regex, flags=recognizer.global_regex_flags), literals))
    assert len(found) > 60
    return found


def _unsound(patterns: list[tuple[str, Any, frozenset[RequiredLiteral]]], text: str) -> list[str]:
    """Patterns that match in text although it holds none of their required literals."""
    folded = text.casefold()
    return [name for name, compiled, literals in patterns
            if not any(lit.holds(text, folded) for lit in literals) and compiled.search(text)]


def test_no_pattern_matches_a_corpus_text_without_its_literals(patterns: Any) -> None:
    texts = [s.text for s in blind.generate()] + [s.text for s in generate()]
    assert [(i, name) for i, text in enumerate(texts) for name in _unsound(patterns, text)] == []


_PIECES = ["password", "PASSWORD", "Pass", "secret", "token", "key", "api", "=", ":", '"', "'", " ", "\n", "://",
           "@", "tcp(", "ghp_", "xoxb-", "sk-", "AKIA", "eyJ", ".", "-", "_", "0123456789", "abcdef", "ABCDEF",
           "\u212a", "\u017f", "ß", "İ", "Σ", "sig=", "AccountKey=", "Bearer ", "mysql -p", "curl -u a:"]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=30).map("".join))
def test_no_pattern_matches_a_generated_text_without_its_literals(patterns: Any, text: str) -> None:
    assert _unsound(patterns, text) == []
