"""The Cosmos DB sink against the local Cosmos-compatible server (real SDK, real HTTPS)."""

import asyncio
import json

import pytest

from aoai_logpipe import app, generate, settings
from aoai_logpipe.core import fulltext
from aoai_logpipe.core.pipeline import Output
from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget, bucket, read_all
from aoai_logpipe.io.replay import ReplaySource
from aoai_logpipe.io.sqlite import SqliteStore
from aoai_logpipe.reports.reader import STORAGE_FIELDS
from aoai_logpipe.runner import Runner
from tests.integration.cosmos_support import opened_sink

pytestmark = pytest.mark.integration


@pytest.fixture
async def sink(cosmos_server, cosmos_faults, cosmos_database_name):
    async with opened_sink(cosmos_faults, cosmos_database_name, buckets=4) as sink:
        yield sink


def strip(doc):
    return {k: v for k, v in doc.items() if k not in STORAGE_FIELDS and not k.startswith("_")}


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
        stored = await read_all(sink._containers[role])
        in_cosmos = sorted((strip(d) for d in stored), key=lambda d: d["id"])
        in_sqlite = sorted(store.documents(role), key=lambda d: d["id"])
        assert in_cosmos == in_sqlite, role
    # the searchable text Cosmos matches with CONTAINS is the one SQLite indexes
    texts = {d["id"]: d["search_text"] for d in await read_all(sink._containers["audit"])}
    assert texts == {d["id"]: fulltext.search_text(d) for d in store.documents("audit")}
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


async def test_text_beyond_ascii_is_stored_as_written_by_batches_and_guarded_creates(sink):
    text = "Zoë's café 東京 🚀 \u2028 \x7f \"quoted\" \\ back"
    complete = {"id": "au-u", "rank": 2_000_010, "period": "2026-10", "marker": text}
    incomplete = {"id": "au-v", "rank": 1_000_004, "period": "2026-10", "marker": text}
    await sink.write(Output(audit=[complete, incomplete]))
    stored = {d["id"]: d["marker"] for d in await read_all(sink._containers["audit"])}
    assert stored == {"au-u": text, "au-v": text}


async def test_an_incomplete_version_never_replaces_a_complete_one(sink):
    await sink.write(Output(audit=[doc(2_000_010, "complete")]))
    await sink.write(Output(audit=[doc(1_000_004, "partial")]))
    items = await read_all(sink._containers["audit"])
    assert [i["marker"] for i in items] == ["complete"] and sink.counters.refused_downgrades == 1


async def test_a_better_incomplete_version_replaces_a_worse_one(sink):
    await sink.write(Output(audit=[doc(1_000_002, "worse")]))
    await sink.write(Output(audit=[doc(1_000_009, "better")]))
    assert [i["marker"] for i in await read_all(sink._containers["audit"])] == ["better"]


async def test_writes_ask_for_no_copy_of_the_document_back(sink, cosmos_faults):
    before = cosmos_faults.counters()["minimal_responses"]
    await sink.write(Output(chargeback=[{"id": "cb-alone", "rank": 2_000_001, "period": "2026-10"}]))
    assert cosmos_faults.counters()["minimal_responses"] == before + 1
    assert [i["id"] for i in await read_all(sink._containers["chargeback"])] == ["cb-alone"]
    assert sink.counters.request_charge > 0  # the charge is read from the headers all the same


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


# ------------------------------------------------------------ partition keys


def conversation(doc_id, time, rank=2_000_001, **fields):
    return {"id": doc_id, "rank": rank, "time": time, "period": time[:7], **fields}


async def test_a_document_is_keyed_by_the_day_of_its_time_and_a_bucket_of_its_id(sink):
    await sink.write(Output(chargeback=[conversation("cb-day", "2026-10-03T12:00:00Z")]))
    [stored] = await read_all(sink._containers["chargeback"])
    assert stored["pk"] == f"2026-10-03.{bucket('cb-day', 4)}"


@pytest.mark.parametrize("order", ["complete first", "partial first"])
async def test_versions_either_side_of_midnight_stay_one_document(sink, order):
    """A partial version lacks the earliest fragment, so its time (and day) can be later."""
    complete = conversation("au-mid", "2026-10-03T23:59:50Z", marker="complete")
    partial = conversation("au-mid", "2026-10-04T00:00:20Z", rank=1_000_003, marker="partial")
    for version in ([complete, partial] if order == "complete first" else [partial, complete]):
        await sink.write(Output(audit=[version]))
    assert [d["marker"] for d in await read_all(sink._containers["audit"])] == ["complete"]


async def test_a_complete_version_near_midnight_replaces_an_incomplete_one_without_a_lone_read(sink):
    """Only the neighbouring day's key is looked up first: under its own key a complete version is
    upserted, as complete versions always are (no failed create, no lone read and replace)."""
    await sink.write(Output(audit=[conversation("au-up", "2026-10-03T23:50:00Z", rank=1_000_003, marker="caller missing")]))
    await sink.write(Output(audit=[conversation("au-up", "2026-10-03T23:50:00Z", marker="joined"),
                                   conversation("au-other", "2026-10-03T23:51:00Z", marker="other")]))
    assert sorted(d["marker"] for d in await read_all(sink._containers["audit"])) == ["joined", "other"]
    assert sink.counters.requests["guarded read"] == 0 and sink.counters.requests["guarded create"] == 0


# ------------------------------------------------------------ batches within the request limit


def text_doc(doc_id, megabytes):
    return {**conversation(doc_id, "2026-10-03T08:00:00Z"), "messages": [
        {"index": 0, "role": "user", "parts": [{"type": "text", "text": "y" * int(megabytes * 1024 * 1024)}],
         "tool_calls": []}], "choices": []}


async def test_batches_of_documents_near_two_megabytes_stay_under_the_request_limit(
        cosmos_server, cosmos_faults, cosmos_database_name):
    one_bucket = CosmosSink(CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=cosmos_database_name,
                                         verify_tls=False, buckets=1), max_backoff_s=0.2)
    await one_bucket.open()
    try:
        docs = [text_doc("au-a", 1.9), text_doc("au-b", 0.9), text_doc("au-c", 0.9), text_doc("au-d", 0.9),
                text_doc("au-e", 0.05), text_doc("au-f", 1.95)]
        refused_before = cosmos_server.counters()["refused_too_large"]
        await one_bucket.write(Output(audit=docs))
        stored = await read_all(one_bucket._containers["audit"])
        assert sorted(d["id"] for d in stored) == [d["id"] for d in docs]
        assert not any("trimmed" in d for d in stored)
        assert cosmos_server.counters()["refused_too_large"] == refused_before  # no request over 2 MB was sent
        assert one_bucket.counters.batches >= 1 and one_bucket.counters.quarantined == 0
    finally:
        await one_bucket._client.delete_database(cosmos_database_name)
        await one_bucket.close()


# ------------------------------------------------------------ refusals and account failures

REFUSALS = [pytest.param(413, None, id="413"), pytest.param(400, None, id="400"),
            pytest.param(403, 1014, id="403/1014")]


@pytest.mark.parametrize(("status", "substatus"), REFUSALS)
@pytest.mark.parametrize("rank", [pytest.param(2_000_001, id="batched"), pytest.param(1_000_002, id="guarded")])
async def test_a_document_refused_for_good_is_quarantined_and_the_others_written(sink, cosmos_faults, status,
                                                                                  substatus, rank):
    docs = [conversation(f"au-{i}", "2026-10-03T08:00:00Z", rank=rank, n=i) for i in range(12)]
    cosmos_faults.inject("status", 10_000, status=status, substatus=substatus, ops=["write"],
                         path="/colls/audit/docs", body='"au-7"')
    await sink.write(Output(audit=docs))
    assert sorted(d["id"] for d in await read_all(sink._containers["audit"])) == sorted(
        d["id"] for d in docs if d["id"] != "au-7")
    [letter] = await read_all(sink._containers["deadletters"])
    assert (letter["document_id"], letter["container"], letter["status"], letter["substatus"], letter["reason"]) == (
        "au-7", "audit", status, substatus, "store_refused")
    assert letter["document"]["n"] == 7 and sink.counters.quarantined == 1


async def test_an_authentication_failure_stops_writes_with_a_plain_reason(sink, cosmos_faults):
    from aoai_logpipe.io.cosmos import StoreUnavailable

    cosmos_faults.inject("status", 10_000, status=401, ops=["write"])
    with pytest.raises(StoreUnavailable, match="HTTP 401.*account key"):
        await sink.write(Output(chargeback=[conversation("cb-auth", "2026-10-03T08:00:00Z")]))
    assert sink.counters.quarantined == 0


async def test_a_database_that_cannot_be_created_fails_open_with_the_fix(cosmos_server, cosmos_faults,
                                                                         cosmos_database_name):
    from aoai_logpipe.io.cosmos import StoreUnavailable

    cosmos_faults.inject("status", 10_000, status=403, substatus=5300, ops=["database"])
    target = CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=cosmos_database_name, verify_tls=False)
    sink = CosmosSink(target)
    try:
        with pytest.raises(StoreUnavailable, match="HTTP 403/5300.*create_if_missing=false"):
            await sink.open()
    finally:
        await sink.close()


async def test_missing_containers_fail_open_when_creation_is_off(cosmos_server, cosmos_faults, cosmos_database_name):
    from aoai_logpipe.io.cosmos import StoreUnavailable

    sink = CosmosSink(CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=cosmos_database_name,
                                   verify_tls=False, create_if_missing=False))
    try:
        with pytest.raises(StoreUnavailable, match="HTTP 404.*does not exist"):
            await sink.open()
    finally:
        await sink.close()


# ------------------------------------------------------------ one retry policy


@pytest.mark.parametrize(("kind", "counted"), [("503", "503"), ("reset", "ServiceRequestError")])
async def test_every_failed_attempt_is_counted_once(sink, cosmos_faults, kind, counted):
    before = cosmos_faults.counters()["faults_injected"].get(kind, 0)
    cosmos_faults.inject(kind, 7, ops=["write"])
    await sink.write(Output(deadletters=[{"id": "dl-count", "partition": "0", "rank": 0}]))
    assert cosmos_faults.counters()["faults_injected"][kind] - before == 7
    assert dict(sink.counters.retries) == {counted: 7}


async def test_stop_abandons_a_call_the_service_never_answers(sink, cosmos_faults):
    from aoai_logpipe.io.cosmos import SinkStopped

    cosmos_faults.inject("delay", 1, ops=["write"], delay_ms=60_000)
    task = asyncio.create_task(sink.write(Output(chargeback=[conversation("cb-hung", "2026-10-03T08:00:00Z")])))
    for _ in range(200):  # until the request is in flight
        if cosmos_faults.counters()["faults_injected"].get("delay"):
            break
        await asyncio.sleep(0.05)
    sink.stop()
    with pytest.raises(SinkStopped):
        await asyncio.wait_for(task, timeout=5)
