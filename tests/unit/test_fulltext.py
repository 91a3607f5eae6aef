"""Full-text search: one definition (core/fulltext.py) that SQLite FTS5 and Cosmos CONTAINS both implement."""

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aoai_logpipe.core import fulltext
from aoai_logpipe.core.fulltext import QueryError, Term


def test_text_becomes_lower_case_words_between_spaces():
    assert fulltext.normalize("Project X-ray: <CREDIT_CARD>, café 42!") == " project x ray credit card café 42 "
    assert fulltext.normalize("  ...  ") == ""


def test_queries_are_words_phrases_and_prefixes():
    assert fulltext.parse('budget "Project X" migr*') == (
        Term(("budget",)), Term(("project", "x")), Term(("migr",), prefix=True))
    assert fulltext.parse('"project x"*') == (Term(("project", "x"), prefix=True),)
    assert fulltext.parse("jo@contoso.com") == (Term(("jo", "contoso", "com")),)


def test_a_query_without_words_or_with_too_many_terms_is_refused():
    with pytest.raises(QueryError, match="no words"):
        fulltext.parse(' "" -- * ')
    with pytest.raises(QueryError, match="at most"):
        fulltext.parse(" ".join(f"w{i}" for i in range(fulltext.MAX_TERMS + 1)))


def test_needles_match_whole_words_unless_prefix():
    text = fulltext.normalize("the projection of project x")
    assert fulltext.matches(text, fulltext.parse("project"))
    assert not fulltext.matches(fulltext.normalize("the projection"), fulltext.parse("project"))
    assert fulltext.matches(fulltext.normalize("the projection"), fulltext.parse("project*"))
    assert fulltext.matches(text, fulltext.parse('"project x" the'))
    assert not fulltext.matches(text, fulltext.parse('"x project"'))


def test_search_text_covers_every_stored_text_of_a_conversation():
    doc = {
        "messages": [{"parts": [{"type": "text", "text": "alpha"}, {"type": "image", "width": 2}],
                      "tool_calls": [{"arguments": '{"city": "bravo"}'}]}],
        "choices": [{"text": "charlie", "refusal": "delta", "tool_calls": [{"arguments": "echo"}],
                     "function_call": {"arguments": "foxtrot"}}],
        "error": {"code": "x", "message": "golf"},
        "caller": {"user_id": "not-text"},
    }
    assert fulltext.search_text(doc) == " alpha city bravo charlie delta echo foxtrot golf "
    assert fulltext.search_text({"messages": None, "choices": None, "error": None}) == ""


def _fts5_finds(text: str, query: str) -> bool:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(text, tokenize='unicode61 remove_diacritics 0')")
    conn.execute("INSERT INTO f(rowid, text) VALUES (1, ?)", (fulltext.normalize(text),))
    found = conn.execute("SELECT rowid FROM f WHERE f MATCH ?", (fulltext.fts5_query(fulltext.parse(query)),)).fetchall()
    conn.close()
    return bool(found)


ALPHABET = st.sampled_from(list("abc AB-_<>\"*:é1ß\n"))


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.text(ALPHABET, max_size=12))
def test_sqlite_fts5_answers_exactly_as_the_definition(text, query):
    try:
        terms = fulltext.parse(query)
    except QueryError:
        return
    assert _fts5_finds(text, query) == fulltext.matches(fulltext.normalize(text), terms)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("abcé19", min_size=1, max_size=5), min_size=1, max_size=8), st.data())
def test_any_run_of_words_from_a_text_is_found_as_a_phrase(found_words, data):
    start = data.draw(st.integers(0, len(found_words) - 1))
    end = data.draw(st.integers(start + 1, len(found_words)))
    query = '"' + " ".join(found_words[start:end]) + '"'
    assert fulltext.matches(fulltext.normalize(" ".join(found_words)), fulltext.parse(query))
    assert _fts5_finds(" ".join(found_words), query)
