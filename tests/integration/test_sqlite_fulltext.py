"""The SQLite full-text index follows the audit table through every kind of write."""

import asyncio
import json
import sqlite3

import pytest

from aoai_logpipe.core.pipeline import Output
from aoai_logpipe.io.sqlite import SqliteStore
from aoai_logpipe.reports.reader import AuditFilters, ReaderError, SqliteReader


def doc(text: str, rank: int, doc_id: str = "au-1") -> dict:
    return {"id": doc_id, "request_id": doc_id.replace("au", "req"), "rank": rank, "time": "2026-10-01T00:00:00Z",
            "period": "2026-10", "messages": [{"parts": [{"type": "text", "text": text}]}], "choices": []}


def found(path, text: str) -> list[str]:
    reader = SqliteReader(path)

    async def go():
        try:
            return [r["id"] async for r in reader.audit_search(AuditFilters(text=text), ["id"])]
        finally:
            await reader.close()
    return asyncio.run(go())


def test_an_upgrade_of_the_same_id_replaces_its_indexed_text(tmp_path):
    store = SqliteStore(tmp_path / "db")
    store.write_sync(Output(audit=[doc("partial alpha", 1)]))
    store.write_sync(Output(audit=[doc("complete bravo", 2)]))
    assert found(tmp_path / "db", "bravo") == ["au-1"] and found(tmp_path / "db", "alpha") == []
    assert store.conn.execute("SELECT COUNT(*) FROM audit_fts").fetchone()[0] == 1


def test_a_refused_downgrade_leaves_the_index_alone(tmp_path):
    store = SqliteStore(tmp_path / "db")
    store.write_sync(Output(audit=[doc("complete bravo", 2)]))
    store.write_sync(Output(audit=[doc("partial alpha", 1)]))
    assert store.refused_downgrades == 1
    assert found(tmp_path / "db", "bravo") == ["au-1"] and found(tmp_path / "db", "alpha") == []


def test_a_database_from_before_full_text_search_is_indexed_when_opened(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)  # the version-1 schema, as an older release left it
    conn.execute("CREATE TABLE audit (id TEXT PRIMARY KEY, rank INTEGER NOT NULL, time TEXT, period TEXT, kind TEXT,"
                 " doc TEXT NOT NULL)")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.execute("INSERT INTO audit VALUES ('au-1', 2, '2026-10-01T00:00:00Z', '2026-10', 'complete', ?)",
                 (json.dumps(doc("legacy charlie", 2)),))
    conn.commit()
    conn.close()
    SqliteStore(path).open_sync()
    assert found(path, "charlie") == ["au-1"]


def test_reading_a_database_without_the_index_says_how_to_build_it(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE audit (id TEXT PRIMARY KEY, rank INTEGER, time TEXT, period TEXT, kind TEXT, doc TEXT)")
    conn.close()
    with pytest.raises(ReaderError, match="predates full-text search"):
        found(path, "x")
