"""Literals every match of a regex contains, to skip scanning texts that lack them all.

Most credential patterns name their vendor in the match (`ghp_`, `xox`, `AccountKey=`, `sig=`),
and most prompts hold none of them; `str.__contains__` on the text rules such a pattern out
many times faster than the regex engine can scan. `required_literals(pattern, flags)` reads the
pattern with the standard library's parser and returns a set of literals, one of which every
match contains (or holds in a lookahead or lookbehind), or None when it cannot tell:
alternatives contribute the union of their sets, a sequence its most selective member, optional
parts nothing.

Patterns are compiled with the `regex` module; its syntax is a superset of the standard
library's, and a pattern the standard parser rejects, or that uses syntax the two read
differently (POSIX classes, fuzzy matching, version and full-case flags), gets no literals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import regex

# Flags both modules read alike; any other `regex` flag (FULLCASE, VERSION1, WORD...) means no literals.
_SHARED_FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.DOTALL | regex.VERBOSE | regex.UNICODE
# Syntax the `regex` module reads differently from the standard parser: POSIX classes, and inline
# flags only it has (version, full case, word, best/enhanced match, reverse, POSIX). Its fuzzy
# constraints (`{e<=1}`) the standard parser reads as literal braces: see _Divergent.
_DIVERGENT = re.compile(r"\[\[:|\(\?[a-zA-Z]*[VfwbeBrp]")


class _Divergent(Exception):
    """A literal `{`: maybe a fuzzy constraint, which would make the literals around it optional."""


@dataclass(frozen=True, slots=True)
class RequiredLiteral:
    """A substring every match holds; `folded` means compared case-insensitively (casefold)."""

    text: str
    folded: bool

    def holds(self, text: str, folded_text: str) -> bool:
        return self.text in folded_text if self.folded else self.text in text


def required_literals(pattern: str, flags: int = 0) -> frozenset[RequiredLiteral] | None:
    """Literals one of which is in any text the pattern matches in; None if it cannot tell."""
    from re import _parser  # type: ignore[attr-defined]

    if flags & ~_SHARED_FLAGS or _DIVERGENT.search(pattern):
        return None
    try:  # \K moves the reported start; it changes nothing about which texts match
        parsed = _parser.parse(pattern.replace(r"\K", ""), flags & _SHARED_FLAGS & ~regex.UNICODE)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    try:
        literals = _sequence(list(parsed), bool(parsed.state.flags & re.IGNORECASE))
    except _Divergent:
        return None
    if not literals or any(not lit.text or not lit.text.isascii() for lit in literals):
        return None
    return frozenset(literals)


def _sequence(items: list[tuple[Any, Any]], folded: bool) -> set[RequiredLiteral] | None:
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser

    candidates: list[set[RequiredLiteral]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append({RequiredLiteral("".join(run).casefold() if folded else "".join(run), folded)})
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            if av == ord("{"):
                raise _Divergent
            run.append(chr(av))
            continue
        if op is c.AT:  # anchors consume nothing: the literals on either side stay adjacent
            continue
        flush()
        found: set[RequiredLiteral] | None = None
        if op is c.SUBPATTERN:
            _, add, remove, body = av
            inner = (folded or bool(add & _parser.SRE_FLAG_IGNORECASE)) and not remove & _parser.SRE_FLAG_IGNORECASE
            found = _sequence(list(body), inner)
        elif op is c.BRANCH:
            branches = [_sequence(list(b), folded) for b in av[1]]
            found = set().union(*branches) if all(branches) else None  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _sequence(list(av[2]), folded)
        elif op is c.ATOMIC_GROUP:
            found = _sequence(list(av), folded)
        elif op is c.ASSERT:  # a lookahead's or lookbehind's text is in the text too
            found = _sequence(list(av[1]), folded)
        if found:
            candidates.append(found)
    flush()
    # The most selective requirement: the one whose shortest literal is longest.
    return max(candidates, key=lambda s: min(len(lit.text) for lit in s), default=None)
