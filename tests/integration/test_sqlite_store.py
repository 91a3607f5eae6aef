"""The embedded SQLite store: idempotent upserts that never downgrade a document."""

from aoai_logpipe.core.pipeline import Output
from aoai_logpipe.io.sqlite import SqliteStore


def doc(rank, marker):
    return {"id": "cb-1", "rank": rank, "time": "2026-10-01T00:00:00Z", "period": "2026-10",
            "completeness": "complete" if rank >= 2_000_000 else "incomplete", "marker": marker}


def test_same_document_twice_is_stored_once(tmp_path):
    store = SqliteStore(tmp_path / "db.sqlite")
    store.write_sync(Output(chargeback=[doc(2_000_005, "a")]))
    store.write_sync(Output(chargeback=[doc(2_000_005, "a")]))
    assert store.count("chargeback") == 1


def test_lower_rank_never_replaces_higher(tmp_path):
    store = SqliteStore(tmp_path / "db.sqlite")
    store.write_sync(Output(chargeback=[doc(2_000_005, "complete")]))
    store.write_sync(Output(chargeback=[doc(1_000_003, "partial replay")]))
    assert store.get("chargeback", "cb-1")["marker"] == "complete" and store.refused_downgrades == 1


def test_higher_rank_replaces_lower(tmp_path):
    store = SqliteStore(tmp_path / "db.sqlite")
    store.write_sync(Output(chargeback=[doc(1_000_003, "partial")]))
    store.write_sync(Output(chargeback=[doc(2_000_005, "complete")]))
    assert store.get("chargeback", "cb-1")["marker"] == "complete"


def test_writes_survive_reopening(tmp_path):
    path = tmp_path / "db.sqlite"
    store = SqliteStore(path)
    store.write_sync(Output(audit=[{"id": "au-1", "rank": 1, "time": None, "period": "unknown"}]))
    store.close_sync()
    assert SqliteStore(path).count("audit") == 1
