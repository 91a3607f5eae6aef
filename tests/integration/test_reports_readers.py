"""The Cosmos reader answers every audit search exactly like the SQLite reader (local Cosmos server)."""

import asyncio
import copy
import uuid

import pytest

from aoai_logpipe.core.pipeline import Output
from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget
from aoai_logpipe.reports import audit
from aoai_logpipe.reports.reader import AuditFilters, CosmosReader, ReaderError, selection
from tests.unit.test_reports_audit import CASES, make_docs

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def cosmos(cosmos_server):
    name = f"db-readers-{uuid.uuid4().hex[:8]}"
    target = CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=name, verify_tls=False, buckets=4)

    async def fill():
        sink = CosmosSink(target, max_backoff_s=0.2)
        await sink.open()
        docs, charges = make_docs()
        await sink.write(Output(chargeback=copy.deepcopy(charges), audit=copy.deepcopy(docs)))
        await sink.close()

    asyncio.run(fill())
    yield target

    async def drop():
        from azure.cosmos.aio import CosmosClient

        async with CosmosClient(cosmos_server.endpoint, credential=cosmos_server.key, connection_verify=False) as client:
            await client.delete_database(name)

    asyncio.run(drop())


def run(target, work):
    async def go():
        reader = CosmosReader(target.endpoint, target.credential, database=target.database, verify_tls=False)
        try:
            return await work(reader)
        finally:
            await reader.close()
    return asyncio.run(go())


def test_every_search_case_matches_the_sqlite_answers(cosmos):
    async def work(reader):
        out = []
        for criteria, _ in CASES:
            rows = [r async for r in reader.audit_search(AuditFilters(**criteria), audit.SEARCH_FIELDS)]
            out.append([r["request_id"] for r in rows])
        return out
    answers = run(cosmos, work)
    mismatches = [(criteria, expected, got) for (criteria, expected), got in zip(CASES, answers) if got != expected]
    assert not mismatches


def test_documents_come_back_without_cosmos_system_fields(cosmos):
    async def work(reader):
        docs = await reader.audit_get("req-6")
        charge = await reader.chargeback_get("cb-" + docs[0]["id"][3:])
        return docs, charge, await reader.audit_get("nope"), await reader.latest_period(), reader.stats
    docs, charge, missing, latest, stats = run(cosmos, work)
    expected = next(d for d in make_docs()[0] if d["request_id"] == "req-6")
    assert docs == [expected] and charge["cost"]["total"] == "0.0065" and missing == [] and latest == "2026-11"
    assert stats.queries == 4 and stats.rows >= 3


def test_chargeback_projection_matches_the_stored_fields(cosmos):
    async def work(reader):
        return [r async for r in reader.chargeback(selection("2026-10"), ["id", "cost", "model", "user_id"])]
    rows = run(cosmos, work)
    expected = {c["id"]: c for c in make_docs()[1] if c["period"] == "2026-10"}
    assert {r["id"] for r in rows} == set(expected)
    for r in rows:
        assert r == {"id": r["id"], "cost": expected[r["id"]]["cost"], "model": expected[r["id"]]["model"],
                     "user_id": expected[r["id"]]["user_id"]}


def test_a_missing_database_is_reported_plainly(cosmos_server):
    async def work(reader):
        return [r async for r in reader.chargeback(selection("2026-10"), ["id"])]
    target = CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=f"absent-{uuid.uuid4().hex[:6]}")
    with pytest.raises(ReaderError, match="not found"):
        run(target, work)


def test_an_audit_document_id_is_found_by_one_query_on_the_id(cosmos):
    async def work(reader):
        by_request = await reader.audit_get("req-6")
        before = reader.stats.queries
        by_id = await reader.audit_get(by_request[0]["id"])
        return by_request, by_id, reader.stats.queries - before
    by_request, by_id, queries = run(cosmos, work)
    assert by_id == by_request and queries == 1
