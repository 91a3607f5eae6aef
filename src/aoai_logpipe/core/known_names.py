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

- a known given name alone only where a person stands (`Rica`, `Mai`, `Can` are words too): a summary bullet's
  subject, a message's writer, the one addressed, who speaks or is spoken to in a lower-case transcript, a possessive;
  and an initial with a known surname (`P. Deshpande`).

A name found here counts as found by its place (recognizers.placed_name), also when the text names the person again
by the first name (recognizers._named_again).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

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
    # An initial and a known surname: `P. Deshpande`, `J. van Dijk`.
    regex.compile(rf"{_BEFORE}\p{{Lu}}\.[ \t]*(?:(?:van|von|de|der|den|da|di|du|le|la|del|dos|ten|ter)[ \t]+){{0,2}}"
                  rf"(?P<surname>{_SURNAME}){_AFTER}"),
    # A chat export's speaker handle opening a line, its first part a known given name (`femke.degroot: on it`).
    # (A dot only, and not a setting's name: `claude_key:`, `grace.period:` and `amber.enabled:` are keys of a config.)
    regex.compile(r"(?m)^[ \t]*(?P<given>\p{Ll}+)(?P<rest>\.(?!(?:key|keys|id|name|url|uri|host|port|token|secret|user"
                  r"|password|path|enabled|disabled|version|level|mode|type|timeout|size|limit|period|config|settings)\b)"
                  r"\p{Ll}[\p{Ll}'’-]+)(?=:[ \t])"),
    # Speech-to-text in lower case: who speaks or is spoken to (`you're speaking to chinedu`, `it's babatunde onyekachi`,
    # `cheers chinedu bye`, `thx femke`), and whose a thing is (`katarzyna's pager`, `Aoife's meter`).
    regex.compile(r"\b(?:this is|my name is|my name's|it's|it is|i'm|i am|you're speaking to|you are speaking to|speaking to"
                  r"|speaking with|you're through to|talking to)[ \t]+(?P<given>\p{Ll}+)(?:[ \t]+(?P<maybe_surname>\p{Ll}+))?"),
    regex.compile(r"(?m)\b(?:thanks|thank you|thx|ty|cheers|lovely|bye|hi|hey|hello|morning|ok|okay|sorry|great|perfect)[ \t,]+"
                  r"(?P<given>\p{Ll}+)(?=[ \t]*(?:[,.!?]|$|bye\b|that))"),
    # (A capitalised one only before a word in lower case: `Margie's Travel` and `Claire's Accessories` are shops.)
    regex.compile(r"(?<![\w@.'’-])(?P<given>\p{Ll}+(?=['’]s\b)|\p{Lu}\p{Ll}+(?=['’]s[ \t]+\p{Ll}))"),
)


@cache
def _names(file: str) -> frozenset[str]:
    text = resources.files("aoai_logpipe").joinpath("data", file).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _known(word: str, names: frozenset[str]) -> bool:
    word = word.casefold()
    return word in names or ("-" in word and all(part in names for part in word.split("-")))


def known_names(text: str) -> list[tuple[int, int]]:
    """Spans of names made of known parts, in one of the ways names are written (_FORMS), in order; the first form
    that takes a stretch of text keeps it."""
    given, surnames = _names("given_names.txt"), _names("surnames.txt")
    found: list[tuple[int, int]] = []
    for form in _FORMS:
        for m in form.finditer(text):
            span = _known_span(m, given, surnames)
            if span and not any(a < span[1] and span[0] < b for a, b in found):
                found.append(span)
    return sorted(found)


def _known_span(m: regex.Match[str], given: frozenset[str], surnames: frozenset[str]) -> tuple[int, int] | None:
    """The name a form's match holds, if its parts are known: a given name and a surname, either alone, or a given name
    and what follows it (`rest`, a handle's other part) or a surname when it is one (`maybe_surname`)."""
    parts = m.groupdict()
    if parts.get("given") is not None and not _known(parts["given"], given):
        return None
    if parts.get("surname") is not None:
        if not _known(parts["surname"], surnames):
            return None
        # (Surname first after a comma: the surname must be no given name, or `Priya, Mehmet` would be one person.)
        if parts.get("given") is not None and m.start("surname") < m.start("given") and "," in m[0] \
                and _known(parts["surname"], given):
            return None
        return m.start(), m.end()
    if parts.get("rest") is not None:
        return m.start("given"), m.end("rest")
    if parts.get("maybe_surname") is not None and _known(parts["maybe_surname"], surnames):
        return m.start("given"), m.end("maybe_surname")
    return m.start("given"), m.end("given")
