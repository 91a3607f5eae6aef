"""People's names made of a known given name and a known surname, for ner mode (#15).

spaCy's small English model finds names by their context and by the names it saw in training, which are mostly
English: `Chukwuemeka Okafor approved the refund` or `ask Nguyen Thi Mai` go unseen, and a chat's lower-case handle
(`@mehmet.yilmaz`, `priya_sharma`) is no name to it at all. The bundled lists (src/aoai_logpipe/data, built by
scripts/build_name_lists.py from Faker's person providers, every locale) hold given names and surnames that are not
also everyday English words, so two of them side by side, a given name then a surname, are a person's name:

- written as a name: `Emeka Okafor`, `Mehmet A. Yılmaz`, `Priya SHARMA`, `Jean-Pierre Dubois`;
- surname first: in capitals (`ZHAO Meiling`, as official records write it) or before a comma (`Kulkarni, Priya`,
  `RIBEIRO, LETÍCIA`; not two given names: `Priya, Mehmet` is two people);
- written as a handle: `mehmet.yilmaz`, `@priya_sharma`, `emeka.okafor` (never inside an e-mail address or a dotted
  path: `emeka.okafor@contoso.com` is the address's, `emeka.okafor.txt` a file's);
- in lower case as a whole cell of a delimited export (`;bjorn kruger;`), not in prose.

A lone known given name is not enough (`Rica`, `Mai`, `Can` are words too); one name found here counts, like one
found by its place, when the text names the person again by the first name (recognizers._named_again).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Iterator

import regex

_GIVEN = r"\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)?"
_CAPS = r"\p{Lu}{2,}(?:-\p{Lu}{2,})?"
_SURNAME = rf"\p{{Lu}}[\p{{Ll}}'’]+(?:-\p{{Lu}}\p{{Ll}}+)?|{_CAPS}"
_BEFORE = r"(?<![\w@.'’/\\-])"
_AFTER = r"(?![\w@'’-]|\.\w)"
_FORMS = (
    # `Emeka Okafor`, `Mehmet A. Yılmaz`, `Priya SHARMA`
    regex.compile(rf"{_BEFORE}(?P<given>{_GIVEN})(?:[ \t]+\p{{Lu}}\.)?[ \t]+(?P<surname>{_SURNAME}){_AFTER}"),
    # a surname in capitals first, as official records and many countries write it: `ZHAO Meiling`, `NOWAK Łukasz`
    regex.compile(rf"{_BEFORE}(?P<surname>{_CAPS})[ \t]+(?P<given>{_GIVEN}){_AFTER}"),
    # a directory's or an export's `Surname, Given`: `Kulkarni, Priya`, `RIBEIRO, LETÍCIA` (not two given names)
    regex.compile(rf"{_BEFORE}(?P<surname>{_SURNAME}),[ \t]*(?P<given>{_GIVEN}|{_CAPS}){_AFTER}(?!,[ \t]*\p{{Lu}})"),
    # a handle: `mehmet.yilmaz`, `@priya_sharma`
    regex.compile(r"(?<![\w.'’/\\+-])(?P<given>\p{Ll}+(?:-\p{Ll}+)?)[._](?P<surname>\p{Ll}+(?:-\p{Ll}+)?)(?![\w@'’-]|\.\w)"),
    # a whole cell of a delimited export in lower case, as typed at a till or a scanner: `;bjorn kruger;`
    regex.compile(r"(?m)(?<=(?:^|[;|\t])[ \t]*)(?P<given>\p{Ll}+)[ \t]+(?P<surname>\p{Ll}+)(?=[ \t]*(?:[;|\t]|$))"
                  r"(?<=[;|\t][^\n]*|^(?=[^\n]*[;|\t])[^\n]*)"),
    # A known given name alone where a person stands: a summary bullet's subject (`- Carmen takes dispatch`), a message's
    # writer (`Giulia here.`, `Internal note from Connor:`), the one addressed (`..., Rohan can you cover?`).
    regex.compile(rf"(?m)^[ \t]*[-*•][ \t]+(?P<given>{_GIVEN})(?=[ \t]+\p{{Ll}})"),
    regex.compile(rf"(?m)(?:^|(?<=[.!?][ \t]+))(?P<given>{_GIVEN})(?=[ \t]+here\b)"),
    regex.compile(rf"\b(?i:note|message|update|reply|answer|mail|e-?mail|call|text|word)[ \t]+(?i:from)[ \t]+\K(?P<given>{_GIVEN})"
                  r"(?=[ \t]*[:,.!?])"),
    regex.compile(rf"(?:,[ \t]*|(?m:^))(?P<given>{_GIVEN})(?=,?[ \t]+(?:can|could|would|will|please|pls)[ \t]+(?:you|u)\b)"),
)


@cache
def _names(file: str) -> frozenset[str]:
    text = resources.files("aoai_logpipe").joinpath("data", file).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _known(word: str, names: frozenset[str]) -> bool:
    word = word.casefold()
    return word in names or ("-" in word and all(part in names for part in word.split("-")))


def known_names(text: str) -> Iterator[tuple[int, int]]:
    """Spans of a known given name and a known surname, in one of the ways names are written (_FORMS)."""
    given, surnames = _names("given_names.txt"), _names("surnames.txt")
    found: list[tuple[int, int]] = []
    for form in _FORMS:
        for m in form.finditer(text):
            # (Surname first after a comma: the surname must be no given name, or `Priya, Mehmet` would be one person.)
            alone = "surname" not in m.re.groupindex
            inverted = not alone and m.start("surname") < m.start("given")
            if _known(m["given"], given) and (alone or _known(m["surname"], surnames)) and not (
                    inverted and "," in m[0] and _known(m["surname"], given)) \
                    and not any(a < m.end("given") and m.start() < b for a, b in found):
                found.append((m.start() if not alone else m.start("given"), m.end()))
    return iter(sorted(found))
