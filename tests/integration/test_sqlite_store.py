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


def _half(key: str, pid: str, partition: str):
    from aoai_logpipe.core.join import JoinRequest, Piece
    from aoai_logpipe.core.types import Dialect, Position

    return JoinRequest(key, Dialect.APIM, (Piece(pid, f"{key}/{pid}".encode(), Position(partition, "0", 0)),))


def test_two_processes_joining_the_same_requests_meet_exactly_once(tmp_path):
    """Each request's halves are merged at the same moment by two stores on one file (two replicas)."""
    import threading

    keys = [f"apim:{i}" for i in range(200)]
    stores = [SqliteStore(tmp_path / "db.sqlite"), SqliteStore(tmp_path / "db.sqlite")]
    results: dict[int, list] = {0: [], 1: []}

    def merge(side: int, pid: str) -> None:
        for key in keys:
            results[side].extend(stores[side].join_sync([_half(key, pid, str(side))]))

    threads = [threading.Thread(target=merge, args=(0, "llm_log:0")), threading.Thread(target=merge, args=(1, "gateway_log"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    unions = {r.key: r for r in stores[0].expired_joins_sync(None)}
    assert set(unions) == set(keys) and all({p.id for p in u.pieces} == {"llm_log:0", "gateway_log"} for u in unions.values())
    # Exactly one of the two merges of each request saw the other half: it is the one that bills it whole.
    saw_both = [r.key for side in results.values() for r in side if len(r.pieces) == 2]
    assert sorted(saw_both) == sorted(keys)


def test_a_swept_join_is_kept_when_it_was_merged_again_after_the_sweep_read_it(tmp_path):
    store = SqliteStore(tmp_path / "db.sqlite")
    store.join_sync([_half("apim:1", "gateway_log", "0")])
    (swept,) = store.expired_joins_sync(None)
    store.join_sync([_half("apim:1", "llm_log:0", "1")])  # the LLM record arrives meanwhile
    store.forget_joins_sync([swept])
    assert store.pending_joins() == 1
    (current,) = store.expired_joins_sync(None)
    store.forget_joins_sync([current])
    assert store.pending_joins() == 0
