"""Full-text search over the stored (post-redaction) text of a conversation, the same on every store.

A conversation's searchable text is its stored text (prompt parts, tool-call arguments, response
text and refusals, the error message), cut into words and lower-cased: ``" word word word "``.
SQLite indexes that string with FTS5; Cosmos DB stores it in the audit document (``search_text``)
and matches it with ``CONTAINS``. Both stores therefore answer the same question:

- a query is words and ``"quoted phrases"``; every one must occur (AND), case-insensitive;
- a word matches a whole word (like KQL ``has``); ``word*`` matches words that start with it.

A word is a run of letters and digits: ``project-x`` is the phrase ``project x``, and a DLP
placeholder ``<CREDIT_CARD>`` is found by ``credit_card`` (the phrase ``credit card``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

_WORD = re.compile(r"[^\W_]+")
_QUERY = re.compile(r'"([^"]*)"(\*?)|(\S+)')
MAX_TERMS = 16


class QueryError(ValueError):
    """A text query that cannot be searched (empty, or too many terms)."""


@dataclass(frozen=True)
class Term:
    """Words that must occur together, in this order; `prefix`: the last one may continue."""

    words: tuple[str, ...]
    prefix: bool = False

    def needle(self) -> str:
        """The substring of a normalized text that contains this term (for CONTAINS)."""
        return " " + " ".join(self.words) + ("" if self.prefix else " ")

    def fts5(self) -> str:
        """The FTS5 phrase for this term. Words are letters and digits only: nothing to escape."""
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def normalize(text: str) -> str:
    """`text` as space-separated lower-case words with a space at each end (" a b c ")."""
    found = words(text)
    return " " + " ".join(found) + " " if found else ""


def text_fields(doc: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """(object, key) of every stored text of an audit document, in document order: prompt parts,
    tool-call arguments, response text and refusals, the error message."""
    for message in doc.get("messages") or []:
        for part in message.get("parts") or []:
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                yield part, "text"
        for call in message.get("tool_calls") or []:
            if isinstance(call, dict) and isinstance(call.get("arguments"), str):
                yield call, "arguments"
    for choice in doc.get("choices") or []:
        for name in ("text", "refusal"):
            if isinstance(choice.get(name), str):
                yield choice, name
        for call in [*(choice.get("tool_calls") or []), choice.get("function_call")]:
            if isinstance(call, dict) and isinstance(call.get("arguments"), str):
                yield call, "arguments"
    error = doc.get("error")
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        yield error, "message"


def search_text(doc: dict[str, Any]) -> str:
    """The normalized searchable text of an audit document."""
    return normalize("\n".join(node[key] for node, key in text_fields(doc)))


def parse(query: str) -> tuple[Term, ...]:
    """Terms of a query: words and "quoted phrases", `*` at the end for a prefix."""
    terms = []
    for match in _QUERY.finditer(query):
        phrase, star, bare = match.groups()
        raw = phrase if phrase is not None else bare
        prefix = bool(star) if phrase is not None else raw.endswith("*")
        found = tuple(words(raw))
        if found:
            terms.append(Term(found, prefix))
    if not terms:
        raise QueryError(f"--text {query!r} has no words to search for (letters or digits)")
    if len(terms) > MAX_TERMS:
        raise QueryError(f"--text has {len(terms)} terms; at most {MAX_TERMS} (quote a phrase to make it one term)")
    return tuple(terms)


def fts5_query(terms: tuple[Term, ...]) -> str:
    return " AND ".join(term.fts5() for term in terms)


def matches(normalized: str, terms: tuple[Term, ...]) -> bool:
    """The definition both stores implement: every term's needle occurs in the normalized text."""
    return all(term.needle() in normalized for term in terms)
