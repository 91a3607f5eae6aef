"""Period close bookkeeping: where adjustments land, what was billed, tamper checks (SQLite ledger)."""

import asyncio

import pytest

from aoai_logpipe.io.ledger import SqliteLedger
from aoai_logpipe.reports import close


def entry(doc_id, cost="1"):
    doc = {"id": doc_id, "cost": {"total": cost}}
    return close.Entry(doc_id, close.doc_hash(doc), doc, {"cost_center": "A"})


def test_adjustments_land_in_the_first_open_period_after_the_closed_run():
    assert close.landing_origins({"2026-09", "2026-10"}, "2026-11") == ["2026-09", "2026-10"]
    assert close.landing_origins({"2026-08", "2026-10"}, "2026-11") == ["2026-10"]  # September took August's
    assert close.landing_origins({"2026-10"}, "2026-10") == []  # a closed period receives none
    assert close.landing_origins({"2025-12"}, "2026-01") == ["2025-12"]
    assert close.next_period("2026-12") == "2027-01"


def test_the_billed_state_is_the_snapshot_plus_what_later_closes_absorbed():
    october = close.Snapshot("2026-10", "t", {"a": entry("a"), "b": entry("b")}, [])
    november = close.Snapshot("2026-11", "t", {}, [close.Adjustment("2026-10", "b", entry("b"), entry("b", "2")),
                                                   close.Adjustment("2026-10", "c", None, entry("c"))])
    closed = {"2026-10": october, "2026-11": november}
    billed = close.baseline(closed, "2026-10", "2026-12")
    assert set(billed) == {"a", "b", "c"} and billed["b"].doc["cost"]["total"] == "2"
    assert close.baseline(closed, "2026-10", "2026-11") == october.own  # before November's close


def test_hashes_ignore_how_a_store_spells_a_number_but_not_what_it_says():
    assert close.doc_hash({"d": 0.0, "x": [1.0]}) == close.doc_hash({"d": 0, "x": [1]})
    assert close.doc_hash({"d": 0.5}) != close.doc_hash({"d": 0.25})


def test_an_altered_snapshot_is_refused(tmp_path):
    async def go():
        ledger = SqliteLedger(tmp_path / "db.sqlite", write=True)
        own = {"a": entry("a")}
        digest = close.content_hash("2026-10", own.values(), [])
        await ledger.upsert({"id": "close-2026-10-x-0000", "kind": "close-chunk",
                             "own": [e.as_json() for e in own.values()], "absorbed": []})
        await ledger.create({"id": "close-2026-10", "kind": "close", "period": "2026-10", "closed_at": "t",
                             "hash": digest, "chunks": ["close-2026-10-x-0000"]})
        assert set(await close.snapshots(ledger)) == {"2026-10"}
        tampered = {"id": "close-2026-10-x-0000", "kind": "close-chunk", "own": [entry("a", "0.5").as_json()],
                    "absorbed": []}
        await ledger.upsert(tampered)
        with pytest.raises(close.CloseError, match="does not match its content hash"):
            await close.snapshots(ledger)
        await ledger.close()
    asyncio.run(go())


def test_the_ledger_creates_once_and_swaps_only_the_version_it_read(tmp_path):
    async def go():
        ledger = SqliteLedger(tmp_path / "db.sqlite", write=True)
        assert await ledger.create({"id": "n1", "kind": "notification", "status": "pending"})
        assert not await ledger.create({"id": "n1", "kind": "notification", "status": "other"})
        record, token = await ledger.get("n1")
        assert await ledger.replace({**record, "status": "sent"}, token)
        assert not await ledger.replace({**record, "status": "stale"}, token)
        assert (await ledger.get("n1"))[0]["status"] == "sent"
        assert [r["id"] for r in await ledger.query("notification")] == ["n1"]
        await ledger.close()
        reader = SqliteLedger(tmp_path / "db.sqlite")
        assert (await reader.get("n1"))[0]["status"] == "sent"
        await reader.close()
    asyncio.run(go())
