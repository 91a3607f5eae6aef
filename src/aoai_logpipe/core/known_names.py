"""People's names made of a known given name and a known surname, for ner mode (#15).

spaCy's small English model finds names by their context and by the names it saw in training, which are mostly
English: `Chukwuemeka Okafor approved the refund` or `ask Nguyen Thi Mai` go unseen, and a chat's lower-case handle
(`@mehmet.yilmaz`, `priya_sharma`) is no name to it at all. The bundled lists (src/aoai_logpipe/data, built by
scripts/build_name_lists.py from Faker's person providers, every locale) hold given names and surnames that are not
also everyday English words, so two of them side by side, a given name then a surname, are a person's name:

- written as a name: `Emeka Okafor`, `Mehmet A. Yılmaz`, `Priya SHARMA`, `Jean-Pierre Dubois`;
- written as a handle: `mehmet.yilmaz`, `@priya_sharma`, `emeka.okafor` (never inside an e-mail address or a dotted
  path: `emeka.okafor@contoso.com` is the address's, `emeka.okafor.txt` a file's).

A lone known given name is not enough (`Rica`, `Mai`, `Can` are words too); one name found here counts, like one
found by its place, when the text names the person again by the first name (recognizers._named_again).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Iterator

import regex

_GIVEN = r"\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)?"
_SURNAME = r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}\p{Ll}+)?|\p{Lu}{2,}(?:-\p{Lu}{2,})?"
_WRITTEN = regex.compile(rf"(?<![\w@.'’/\\-])(?P<given>{_GIVEN})(?:[ \t]+\p{{Lu}}\.)?[ \t]+(?P<surname>{_SURNAME})"
                         r"(?![\w@'’-]|\.\w)")
_HANDLE = regex.compile(r"(?<![\w.'’/\\+-])(?P<given>\p{Ll}+(?:-\p{Ll}+)?)[._](?P<surname>\p{Ll}+(?:-\p{Ll}+)?)"
                        r"(?![\w@'’-]|\.\w)")


@cache
def _names(file: str) -> frozenset[str]:
    text = resources.files("aoai_logpipe").joinpath("data", file).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _known(word: str, names: frozenset[str]) -> bool:
    word = word.casefold()
    return word in names or ("-" in word and all(part in names for part in word.split("-")))


def known_names(text: str) -> Iterator[tuple[int, int]]:
    """Spans of a known given name followed by a known surname, written as a name or as a handle."""
    given, surnames = _names("given_names.txt"), _names("surnames.txt")
    for pattern in (_WRITTEN, _HANDLE):
        for m in pattern.finditer(text):
            if _known(m["given"], given) and _known(m["surname"], surnames):
                yield m.span()
