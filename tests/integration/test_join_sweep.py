"""The join sweep against the real stores: a late copy of a half that already joined is not an orphan.

A caller record can come again after its request was billed whole and its join document was
forgotten at the horizon (a redelivery after a restart, or a diagnostic export sending a record
twice). Alone in a new join document, it must not become an `unmatched_gateway_log` dead letter:
its request is billed, with this very caller.
"""

from __future__ import annotations

import pytest

from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget
from aoai_logpipe.io.sqlite import SqliteStore
from aoai_logpipe.runner import Runner
from tests.unit.test_join import at, event, gateway_record, llm_record, pipeline

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]


async def _late_copy_after_the_join_was_forgotten(sink, estimator, prices) -> tuple[Runner, int]:
    runner = Runner(pipeline(estimator, prices), sink)
    await runner.handle("0", [event(llm_record(), at("0", 0, 0))], final=True)
    await runner.handle("1", [event(gateway_record(), at("1", 0, 1))], final=True)
    await runner.sweep(None)  # billed whole with its caller: the join document is forgotten
    await runner.handle("1", [event(gateway_record(), at("1", 0, 1))], final=True)  # the copy
    return runner, len((await runner.sweep(None)).deadletters)


async def test_sqlite_drops_a_late_copy_of_a_joined_caller_record(tmp_path, estimator, prices):
    store = SqliteStore(tmp_path / "db.sqlite")
    await store.open()
    runner, letters = await _late_copy_after_the_join_was_forgotten(store, estimator, prices)
    assert letters == 0 and runner.pipeline.stats.joins_redelivered == 1
    assert store.count("deadletters") == 0 and store.pending_joins() == 0
    (charged,) = store.documents("chargeback")
    assert charged["attribution"] == "complete"


async def test_sqlite_still_dead_letters_a_caller_record_whose_request_was_never_attributed(tmp_path, estimator, prices):
    store = SqliteStore(tmp_path / "db.sqlite")
    await store.open()
    runner = Runner(pipeline(estimator, prices), store)
    await runner.handle("0", [event(llm_record(), at("0", 0, 0))], final=True)
    await runner.sweep(None)  # billed alone (attribution missing), forgotten at the horizon
    await runner.handle("1", [event(gateway_record(), at("1", 0, 1))], final=True)  # too late to join
    assert len((await runner.sweep(None)).deadletters) == 1 and runner.pipeline.stats.joins_redelivered == 0


async def test_cosmos_drops_a_late_copy_of_a_joined_caller_record(cosmos_server, cosmos_database_name,
                                                                  estimator, prices):
    sink = CosmosSink(CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=cosmos_database_name,
                                   verify_tls=False, buckets=4), max_backoff_s=0.2)
    await sink.open()
    try:
        runner, letters = await _late_copy_after_the_join_was_forgotten(sink, estimator, prices)
        assert letters == 0 and runner.pipeline.stats.joins_redelivered == 1
        assert await sink.attributed(["apim:c-1", "apim:never-seen"]) == {"apim:c-1"}
    finally:
        await sink._client.delete_database(cosmos_database_name)
        await sink.close()


async def test_cosmos_bills_a_union_it_cannot_store_and_quarantines_the_join(cosmos_server, cosmos_faults,
                                                                             cosmos_database_name, estimator, prices):
    """A join document over Cosmos DB's 2 MB item limit (413) must not stop the partition."""
    sink = CosmosSink(CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=cosmos_database_name,
                                   verify_tls=False, buckets=4), max_backoff_s=0.2)
    await sink.open()
    try:
        cosmos_faults.inject("status", 10_000, status=413, ops=["write"], path="/colls/joins/docs")
        runner = Runner(pipeline(estimator, prices), sink)
        await runner.handle("0", [event(llm_record(), at("0", 0, 0))], final=True)
        (charged,) = [d async for d in sink._containers["chargeback"].query_items("SELECT * FROM c")]
        assert charged["usage"]["total_tokens"] == 17 and charged["attribution"] == "missing"
        [letter] = [d async for d in sink._containers["deadletters"].query_items("SELECT * FROM c")]
        assert (letter["container"], letter["status"], letter["reason"]) == ("joins", 413, "store_refused")
        assert runner.partitions["0"].durable is not None  # the partition moves on
    finally:
        cosmos_faults.clear_faults()
        await sink._client.delete_database(cosmos_database_name)
        await sink.close()
