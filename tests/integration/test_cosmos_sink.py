"""The Cosmos DB sink against the local Cosmos-compatible server (real SDK, real HTTPS)."""

import asyncio
import json

import pytest

from aoai_logpipe import app, generate, settings
from aoai_logpipe.core.pipeline import Output
from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget, read_all
from aoai_logpipe.io.replay import ReplaySource
from aoai_logpipe.io.sqlite import SqliteStore
from aoai_logpipe.runner import Runner

pytestmark = pytest.mark.integration


@pytest.fixture
async def sink(cosmos_server, cosmos_faults, cosmos_database_name):
    sink = CosmosSink(CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=cosmos_database_name,
                                   verify_tls=False, buckets=4), max_backoff_s=0.2)
    await sink.open()
    yield sink
    cosmos_faults.clear_faults()
    client = sink._client
    if client is not None:
        await client.delete_database(cosmos_database_name)
    await sink.close()


def strip(doc):
    return {k: v for k, v in doc.items() if k != "pk" and not k.startswith("_")}


async def run_into(sink, source_dir, tmp_path):
    config = settings.load(env={}, overrides={"replay.path": source_dir, "dlp.mode": "off",
                                              "tiktoken_cache_dir": tmp_path / "tk"})
    pipeline = app.build_pipeline(config)
    runner = Runner(pipeline, sink)
    for batch in ReplaySource.from_paths([source_dir]).batches():
        await runner.handle(batch.partition, batch.events, final=batch.last)
    await runner.sweep(None)  # end of input, as run_replay: unmatched halves become dead letters
    return pipeline


async def test_documents_equal_the_embedded_path_for_the_same_input(sink, tmp_path):
    generate.write(tmp_path / "in", generate.Plan(conversations=120, seed=3))
    await run_into(sink, tmp_path / "in", tmp_path)
    config = settings.load(env={}, overrides={"replay.path": tmp_path / "in", "sqlite.path": tmp_path / "db",
                                              "dlp.mode": "off", "tiktoken_cache_dir": tmp_path / "tk"})
    await app.run_replay(config, progress=False)
    store = SqliteStore(tmp_path / "db")
    for role in ("chargeback", "audit", "deadletters"):
        in_cosmos = sorted((strip(d) for d in await read_all(sink._containers[role])), key=lambda d: d["id"])
        in_sqlite = sorted(store.documents(role), key=lambda d: d["id"])
        assert in_cosmos == in_sqlite, role
    assert sink.counters.batches > 0  # complete conversations went through transactional batches
    assert sink.counters.request_charge > 0  # request units are read from every response


async def test_replaying_twice_leaves_the_same_document_set(sink, tmp_path):
    generate.write(tmp_path / "in", generate.Plan(conversations=40, seed=5))
    await run_into(sink, tmp_path / "in", tmp_path)
    first = sorted(json.dumps(strip(d), sort_keys=True) for d in await read_all(sink._containers["audit"]))
    await run_into(sink, tmp_path / "in", tmp_path)
    assert sorted(json.dumps(strip(d), sort_keys=True) for d in await read_all(sink._containers["audit"])) == first


def doc(rank, marker):
    return {"id": "au-x", "rank": rank, "period": "2026-10", "marker": marker}


async def test_an_incomplete_version_never_replaces_a_complete_one(sink):
    await sink.write(Output(audit=[doc(2_000_010, "complete")]))
    await sink.write(Output(audit=[doc(1_000_004, "partial")]))
    items = await read_all(sink._containers["audit"])
    assert [i["marker"] for i in items] == ["complete"] and sink.counters.refused_downgrades == 1


async def test_a_better_incomplete_version_replaces_a_worse_one(sink):
    await sink.write(Output(audit=[doc(1_000_002, "worse")]))
    await sink.write(Output(audit=[doc(1_000_009, "better")]))
    assert [i["marker"] for i in await read_all(sink._containers["audit"])] == ["better"]


async def test_throttling_is_retried_until_written_and_counted(sink, cosmos_faults):
    docs = [{"id": f"cb-{i}", "rank": 2_000_001, "period": "2026-10"} for i in range(30)]
    cosmos_faults.inject("429", 12, writes_only=True, retry_after_ms=5)
    await sink.write(Output(chargeback=docs))
    assert len(await read_all(sink._containers["chargeback"])) == 30


async def test_service_unavailable_storm_is_ridden_out(sink, cosmos_faults):
    cosmos_faults.inject("503", 8, writes_only=True)
    await sink.write(Output(deadletters=[{"id": "dl-1", "partition": "0", "rank": 0}]))
    assert len(await read_all(sink._containers["deadletters"])) == 1
    assert sum(sink.counters.retries.values()) >= 1


async def test_writes_block_while_the_store_fails_and_stop_abandons_them(sink, cosmos_faults):
    from aoai_logpipe.io.cosmos import SinkStopped

    cosmos_faults.inject("503", 10_000, writes_only=True)
    task = asyncio.create_task(sink.write(Output(chargeback=[{"id": "cb-b", "rank": 2_000_001}])))
    await asyncio.sleep(1.0)
    assert not task.done()  # backpressure: the write neither returns nor drops the document
    sink.stop()
    with pytest.raises(SinkStopped):
        await task


async def test_an_audit_document_over_two_megabytes_is_trimmed_with_a_reason(sink):
    big = {"id": "au-big", "rank": 2_000_001, "messages": [
        {"index": 0, "role": "user", "parts": [{"type": "text", "text": "x" * 3_000_000}], "tool_calls": []}], "choices": []}
    await sink.write(Output(audit=[big]))
    stored = (await read_all(sink._containers["audit"]))[0]
    assert stored["trimmed"]["reason"] == "document_too_large" and stored["trimmed"]["original_bytes"] > 3_000_000
    assert stored["messages"][0]["parts"][0]["text"].startswith("xxx")
