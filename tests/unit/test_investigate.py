"""Counts, cursor pages and content-filter hits over audit search rows (the same on every store)."""

import asyncio

import pytest

from aoai_logpipe.reports import audit, investigate
from aoai_logpipe.reports.reader import AuditFilters, ReaderError, selection
from tests.unit.test_reports_audit import reader  # noqa: F401 (fixture)


def rows_of(reader, filters):
    return asyncio.run(audit.search(reader, filters))


def test_counts_by_each_dimension(reader):
    rows = rows_of(reader, AuditFilters())
    assert investigate.count_by(rows, "entity") == [
        ("(none)", 2), ("(dlp off)", 1), ("CREDIT_CARD", 1), ("EMAIL_ADDRESS", 1), ("US_SSN", 1)]  # by count, then name
    assert investigate.count_by(rows, "user") == [("user-1", 3), ("user-2", 2), ("user-3", 1)]
    assert investigate.count_by(rows, "app") == [("app-a", 5), ("app-b", 1)]
    assert investigate.count_by(rows, "cost_center") == [("CC-1", 6)]
    assert dict(investigate.count_by(rows, "verdict")) == {"flagged": 3, "clean": 1, "not_screened": 2}
    assert dict(investigate.count_by(rows, "filter")) == {"hate": 1, "finish_reason": 1, "prompt:jailbreak": 1,
                                                          "error": 1, "(none)": 2}


def test_pages_follow_each_other_without_gaps_or_repeats(reader):
    filters = AuditFilters()
    seen, cursor = [], None
    for _ in range(10):
        page = investigate.page(rows_of(reader, investigate.after(filters, cursor)), filters, cursor, 4)
        seen.extend(r["request_id"] for r in page.rows)
        assert page.total == 6
        if page.next is None:
            break
        cursor = investigate.decode(page.next.encode(), filters)
    assert seen == ["req-1", "req-2", "req-5", "req-6", "req-4", "req-3"]


def test_rows_that_share_a_time_are_paged_by_id():
    rows = [{"id": f"au-{i}", "time": "2026-10-01T00:00:00Z", "request_id": f"r{i}"} for i in (3, 1, 2)]
    rows.append({"id": "au-0", "time": None, "request_id": "undated"})
    filters = AuditFilters()
    first = investigate.page(rows, filters, None, 2)
    assert [r["id"] for r in first.rows] == ["au-0", "au-1"]
    second = investigate.page(rows, filters, investigate.decode(first.next.encode(), filters), 2)
    assert [r["id"] for r in second.rows] == ["au-2", "au-3"] and second.next is None and second.first == 3


def test_a_cursor_only_continues_the_search_that_printed_it():
    cursor = investigate.Cursor("2026-10-01T00:00:00Z", "au-1", 2, investigate.fingerprint(AuditFilters(user="u")))
    with pytest.raises(ReaderError, match="other criteria"):
        investigate.decode(cursor.encode(), AuditFilters(user="v"))
    with pytest.raises(ReaderError, match="not a cursor"):
        investigate.decode("bm9wZQ", AuditFilters())
    narrowed = investigate.after(AuditFilters(selection=selection(None, "2026-09-01", None)), cursor)
    assert narrowed.selection.time_from == "2026-10-01T00:00:00Z"


def test_an_unknown_entity_is_refused_with_the_known_ones():
    known = investigate.known_entities(["MY_THING"])
    assert {"CREDIT_CARD", "AZURE_CONNECTION_STRING", "PERSON", "MY_THING"} <= set(known)
    investigate.check_entity("credit_card", known)
    with pytest.raises(ReaderError, match="unknown entity 'CREDITCARD'; known entities: .*CREDIT_CARD"):
        investigate.check_entity("CREDITCARD", known)
