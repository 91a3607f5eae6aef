"""Writes coalesced across writers, against the local Cosmos-compatible server (real SDK, HTTPS).

Concurrent `write` calls (every partition's group) share rounds: their documents of one
partition key leave in one transactional batch, and each call returns only when its own
documents are durable (or quarantined).
"""

import asyncio

import pytest

from aoai_logpipe.core.pipeline import Output
from aoai_logpipe.io.cosmos import SinkStopped, StoreUnavailable, read_all
from tests.integration.cosmos_support import opened_sink

pytestmark = pytest.mark.integration

DAY = "2026-10-03T08:00:00Z"  # far from midnight: complete documents are upserted


@pytest.fixture
async def one_key(cosmos_server, cosmos_faults, cosmos_database_name):
    """A sink with one bucket: every document of the day shares one partition key."""
    async with opened_sink(cosmos_faults, cosmos_database_name, buckets=1, linger_s=0.2) as sink:
        yield sink


def conversation(doc_id, rank=2_000_001, time=DAY, **fields):
    return {"id": doc_id, "rank": rank, "time": time, "period": time[:7], **fields}


def writes(sink):
    """Document-writing requests the sink sent so far, by kind."""
    return {op: n for op, n in sink.counters.requests.items() if op not in ("open", "query")}


async def stored_ids(sink, role="audit"):
    return sorted(d["id"] for d in await read_all(sink._containers[role]))


def delayed(server):
    """Requests the server has held back with a "delay" fault since it started."""
    return server.counters()["faults_injected"].get("delay", 0)


async def until(condition, timeout=30.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached"
        await asyncio.sleep(0.02)


async def test_two_concurrent_writers_sharing_a_key_get_one_batch(one_key):
    first = [conversation(f"au-a{i}") for i in range(3)]
    second = [conversation(f"au-b{i}") for i in range(4)]
    assert await asyncio.gather(one_key.write(Output(audit=first)), one_key.write(Output(audit=second))) == [3, 4]
    assert writes(one_key) == {"batch": 1} and dict(one_key.counters.write_sizes) == {7: 1}
    assert await stored_ids(one_key) == sorted(d["id"] for d in first + second)


async def test_two_versions_of_a_document_in_one_round_write_only_the_better(one_key):
    """An APIM request billed from its LLM record in one partition's group while its joined version
    comes from the other partition's group: one round, one request, both writers done."""
    partial = conversation("au-x", rank=1_000_004, marker="partial")
    joined = conversation("au-x", marker="complete")
    assert await asyncio.gather(one_key.write(Output(audit=[partial, conversation("au-y")])),
                                one_key.write(Output(audit=[joined]))) == [2, 1]
    assert writes(one_key) == {"batch": 1} and dict(one_key.counters.write_sizes) == {2: 1}
    assert one_key.counters.refused_downgrades == 1
    assert {d["id"]: d.get("marker") for d in await read_all(one_key._containers["audit"])} == {"au-x": "complete", "au-y": None}


async def test_a_version_left_out_of_the_round_fails_with_the_version_that_stood_for_it(one_key, cosmos_faults):
    cosmos_faults.inject("status", 10_000, status=401, ops=["write"])
    results = await asyncio.gather(one_key.write(Output(audit=[conversation("au-x", rank=1_000_004)])),
                                   one_key.write(Output(audit=[conversation("au-x")])), return_exceptions=True)
    assert [type(r) for r in results] == [StoreUnavailable, StoreUnavailable]


async def test_a_refused_document_of_one_writer_is_quarantined_and_the_other_writers_are_written(
        one_key, cosmos_faults):
    cosmos_faults.inject("status", 10_000, status=413, ops=["write"], path="/colls/audit/docs", body='"au-a1"')
    first = [conversation(f"au-a{i}", n=i) for i in range(3)]
    second = [conversation(f"au-b{i}") for i in range(3)]
    await asyncio.gather(one_key.write(Output(audit=first)), one_key.write(Output(audit=second)))
    assert await stored_ids(one_key) == ["au-a0", "au-a2", "au-b0", "au-b1", "au-b2"]
    [letter] = await read_all(one_key._containers["deadletters"])
    assert (letter["document_id"], letter["status"], letter["document"]["n"]) == ("au-a1", 413, 1)
    assert one_key.counters.quarantined == 1 and one_key.counters.rounds == 1


async def test_an_account_failure_fails_every_waiting_writer(one_key, cosmos_faults):
    cosmos_faults.inject("status", 10_000, status=401, ops=["write"])
    results = await asyncio.gather(one_key.write(Output(audit=[conversation("au-a")])),
                                   one_key.write(Output(chargeback=[conversation("cb-b")])), return_exceptions=True)
    assert [type(r) for r in results] == [StoreUnavailable, StoreUnavailable]
    assert one_key.counters.quarantined == 0


async def test_stop_while_writes_are_pending_fails_every_writer_and_sends_nothing_more(
        cosmos_server, cosmos_faults, cosmos_database_name):
    async with opened_sink(cosmos_faults, cosmos_database_name, buckets=1, linger_s=3.0) as sink:
        writers = [asyncio.create_task(sink.write(Output(audit=[conversation(f"au-{i}")]))) for i in range(2)]
        await until(lambda: len(sink._writes._queue) == 2)  # both queued, the round lingering
        sink.stop()
        for writer in writers:
            with pytest.raises(SinkStopped):
                await asyncio.wait_for(writer, timeout=5)
        await until(lambda: sink._writes.rounds == 1)  # past the linger: the abandoned round sends nothing
        assert writes(sink) == {} and await stored_ids(sink) == []


async def test_stop_reports_no_writer_done_whose_documents_are_not_all_written(one_key, cosmos_faults):
    """Writer A has a document in a second key whose request hangs; writer B's documents are all
    in the first key: B returns, A fails at stop() though part of it was written."""
    held = delayed(cosmos_faults)
    cosmos_faults.inject("delay", 1, ops=["write"], path="/colls/chargeback/docs", delay_ms=60_000)
    a = asyncio.create_task(one_key.write(Output(audit=[conversation("au-a")], chargeback=[conversation("cb-a")])))
    b = asyncio.create_task(one_key.write(Output(audit=[conversation("au-b")])))
    assert await asyncio.wait_for(b, timeout=30) == 1
    await until(lambda: delayed(cosmos_faults) > held)
    assert not a.done()
    one_key.stop()
    with pytest.raises(SinkStopped):
        await asyncio.wait_for(a, timeout=5)
    assert await stored_ids(one_key) == ["au-a", "au-b"]  # written, yet A was not reported done


# ------------------------------------------------------------ guarded documents in rounds

MIDNIGHT_EVE = "2026-10-03T23:59:50Z"  # near midnight: a sibling may live under 2026-10-04's key
NEXT_DAY_KEY = "2026-10-04.b000"


async def test_incomplete_documents_new_to_the_store_are_created_in_the_rounds_batch_unread(one_key):
    await one_key.write(Output(audit=[conversation(f"au-{i}", rank=1_000_002) for i in range(3)]))
    assert writes(one_key) == {"batch": 1} and one_key.counters.requests["query"] == 1  # (the policy, at open)
    assert await stored_ids(one_key) == ["au-0", "au-1", "au-2"]


async def test_an_incomplete_document_whose_version_is_stored_is_decided_alone_and_never_downgrades(one_key,
                                                                                                   cosmos_server):
    for old in (conversation("au-worse", rank=1_000_002, marker="old"),
                conversation("au-better", rank=1_000_009, marker="old")):  # stored by another replica
        await other_replica_stores(cosmos_server, one_key, {**old, "pk": "2026-10-03.b000"})
    await one_key.write(Output(audit=[conversation("au-worse", rank=1_000_005, marker="new"),
                                      conversation("au-better", rank=1_000_003, marker="new"),
                                      conversation("au-absent", rank=1_000_001, marker="new")]))
    markers = {d["id"]: d["marker"] for d in await read_all(one_key._containers["audit"])}
    assert markers == {"au-worse": "new", "au-better": "old", "au-absent": "new"}
    assert one_key.counters.refused_downgrades == 1 and one_key.counters.requests["guarded read"] >= 2


async def test_only_the_create_whose_version_is_stored_is_decided_alone_the_rest_go_again_as_a_batch(one_key):
    await one_key.write(Output(audit=[conversation("au-5", rank=1_000_002, marker="old")]))
    before = dict(one_key.counters.requests)
    await one_key.write(Output(audit=[conversation(f"au-{i}", rank=1_000_003, marker="new") for i in range(10)]))
    sent = {op: n - before.get(op, 0) for op, n in one_key.counters.requests.items() if n != before.get(op, 0)}
    assert sent == {"batch": 2, "guarded create": 1, "guarded read": 1, "guarded replace": 1}  # not ten alone
    markers = {d["id"]: d["marker"] for d in await read_all(one_key._containers["audit"])}
    assert markers == {f"au-{i}": "new" for i in range(10)}


async def test_a_guarded_version_below_one_this_sink_stored_is_refused_without_a_request(one_key):
    """An APIM request billed from its LLM record (incomplete) after its joined version (complete)
    came in from the other partition: the incomplete one is a downgrade, known without asking."""
    await one_key.write(Output(audit=[conversation("au-joined", marker="complete")]))
    before = dict(one_key.counters.requests)
    await one_key.write(Output(audit=[conversation("au-joined", rank=1_000_004, marker="partial"),
                                      conversation("au-new", rank=1_000_004, marker="partial")]))
    sent = {op: n - before.get(op, 0) for op, n in one_key.counters.requests.items() if n != before.get(op, 0)}
    assert sent == {"create": 1} and one_key.counters.refused_downgrades == 1
    markers = {d["id"]: d["marker"] for d in await read_all(one_key._containers["audit"])}
    assert markers == {"au-joined": "complete", "au-new": "partial"}


async def test_siblings_near_midnight_are_found_with_one_query_per_neighbouring_key(one_key):
    """A partial version stored under the next day's key, then the complete version (earlier, on
    the eve) and a new document of the eve: one query reads the next day's key for both."""
    await one_key.write(Output(audit=[conversation("au-mid", rank=1_000_003, time="2026-10-04T00:00:20Z",
                                                   marker="partial")]))
    before = dict(one_key.counters.requests)
    await one_key.write(Output(audit=[conversation("au-mid", time=MIDNIGHT_EVE, marker="complete"),
                                      conversation("au-eve", time=MIDNIGHT_EVE, marker="complete")]))
    sent = {op: n - before.get(op, 0) for op, n in one_key.counters.requests.items() if n != before.get(op, 0)}
    # each in its key: the sibling's replaced, and the eve's complete document upserted (as complete ones are)
    assert sent == {"query": 1, "replace": 1, "upsert": 1}
    stored = {d["id"]: (d["pk"], d["marker"]) for d in await read_all(one_key._containers["audit"])}
    assert stored == {"au-mid": (NEXT_DAY_KEY, "complete"), "au-eve": ("2026-10-03.b000", "complete")}


async def test_a_guarded_create_that_loses_a_race_is_decided_again_and_never_downgrades(one_key, cosmos_server,
                                                                                        cosmos_faults):
    """Another replica stores the complete version while the round's batch of creates is on its way."""
    held = delayed(cosmos_faults)
    cosmos_faults.inject("delay", 1, ops=["batch"], delay_ms=1_500)
    writer = asyncio.create_task(one_key.write(Output(audit=[
        conversation("au-race", rank=1_000_004, marker="partial"),
        conversation("au-other", rank=1_000_004, marker="partial")])))
    await until(lambda: delayed(cosmos_faults) > held)
    await other_replica_stores(cosmos_server, one_key, conversation("au-race", marker="complete", pk="2026-10-03.b000"))
    assert await asyncio.wait_for(writer, timeout=30) == 2
    markers = {d["id"]: d["marker"] for d in await read_all(one_key._containers["audit"])}
    assert markers == {"au-race": "complete", "au-other": "partial"}
    assert one_key.counters.refused_downgrades == 1 and one_key.counters.requests["guarded read"] >= 1


async def test_a_sibling_replaced_since_the_round_read_it_is_decided_again_and_never_downgraded(
        one_key, cosmos_server, cosmos_faults):
    await one_key.write(Output(audit=[conversation("au-mid", rank=1_000_002, time="2026-10-04T00:00:20Z",
                                                   marker="partial")]))
    held = delayed(cosmos_faults)
    cosmos_faults.inject("delay", 1, ops=["replace"], delay_ms=1_500)
    writer = asyncio.create_task(one_key.write(Output(audit=[
        conversation("au-mid", rank=1_000_005, time=MIDNIGHT_EVE, marker="better partial")])))
    await until(lambda: delayed(cosmos_faults) > held)  # the round found the sibling; its replace is held
    await other_replica_stores(cosmos_server, one_key, conversation("au-mid", time="2026-10-04T00:00:20Z",
                                                                    marker="complete", pk=NEXT_DAY_KEY))
    assert await asyncio.wait_for(writer, timeout=30) == 1
    [stored] = await read_all(one_key._containers["audit"])
    assert (stored["pk"], stored["marker"]) == (NEXT_DAY_KEY, "complete")
    assert one_key.counters.refused_downgrades == 1


async def other_replica_stores(server, sink, doc):
    from azure.cosmos.aio import CosmosClient

    async with CosmosClient(server.endpoint, server.key, connection_verify=False) as other:
        container = other.get_database_client(sink.target.database).get_container_client("audit")
        await container.upsert_item(doc)
