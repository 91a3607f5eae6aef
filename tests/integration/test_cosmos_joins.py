"""The Cosmos DB join store: halves of requests that closed apart, merged in buckets (real SDK,
local Cosmos-compatible server)."""

import asyncio
from datetime import datetime, timezone

import pytest
from azure.cosmos import PartitionKey
from azure.cosmos.aio import CosmosClient

from aoai_logpipe.core import join
from aoai_logpipe.core.types import Dialect, Position
from aoai_logpipe.io import cosmos
from aoai_logpipe.io.cosmos import JOIN_ROUNDS, read_all
from tests.integration.cosmos_support import opened_sink

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

T0 = datetime(2026, 10, 1, 12, 0, tzinfo=timezone.utc)


def half(key: str, pid: str, partition: str) -> join.JoinRequest:
    position = Position(partition, "100", 1, T0)
    return join.JoinRequest(key, Dialect.APIM, (join.Piece(pid, f"{key}/{pid}".encode(), position),))


def halves(pid: str, partition: str, count: int = 5) -> list[join.JoinRequest]:
    return [half(f"apim:c-{i}", pid, partition) for i in range(count)]


async def test_the_merges_of_a_bucket_share_one_query_and_one_batch(cosmos_server, cosmos_database_name):
    async with opened_sink(cosmos_server, cosmos_database_name, join_buckets=1) as sink:
        first = await sink.join(halves("gateway_log", "1"))
        second = await sink.join(halves("llm_log:0", "3"))
        assert sink.counters.requests["join query"] == 2 and sink.counters.requests["join batch"] == 2
        assert sink.counters.requests["join read"] == 0
        assert [r.billable for r in first] == [False] * 5
        assert [(r.key, r.billable, r.prior) for r in second] == [
            (f"apim:c-{i}", True, frozenset({"gateway_log"})) for i in range(5)]
        stored = await read_all(sink._containers["joins"])
        assert sorted(len(doc["pieces"]) for doc in stored) == [2] * 5 and {doc["pk"] for doc in stored} == {"jb000"}


async def test_each_result_answers_its_own_request_across_buckets(cosmos_server, cosmos_database_name):
    async with opened_sink(cosmos_server, cosmos_database_name, join_buckets=3) as sink:
        requests = halves("llm_log:0", "0", count=12)
        results = await sink.join(requests)
        assert [r.key for r in results] == [r.key for r in requests]
        assert sink.counters.requests["join query"] <= 3


async def test_a_key_asked_twice_in_one_call_is_one_union_with_both_pieces(cosmos_server, cosmos_database_name):
    async with opened_sink(cosmos_server, cosmos_database_name, join_buckets=1) as sink:
        results = await sink.join([half("apim:c-1", "gateway_log", "0"), half("apim:c-1", "llm_log:0", "2")])
        assert [sorted(p.id for p in r.pieces) for r in results] == [["gateway_log", "llm_log:0"]]
        [stored] = await read_all(sink._containers["joins"])
        assert sorted(stored["pieces"]) == ["gateway_log", "llm_log:0"]


async def test_halves_from_two_partitions_at_once_meet_in_one_round_without_a_race(cosmos_server, cosmos_database_name):
    """As a backlog is read: both halves of each request arrive together from two partitions."""
    async with opened_sink(cosmos_server, cosmos_database_name, join_buckets=2) as sink:
        gateway, llm = await asyncio.gather(sink.join(halves("gateway_log", "1", count=6)),
                                            sink.join(halves("llm_log:0", "3", count=6)))
        # the first caller of the round renders each union; the other's pieces are in it
        assert [(r.key, sorted(p.id for p in r.pieces), r.prior) for r in gateway] == [
            (f"apim:c-{i}", ["gateway_log", "llm_log:0"], frozenset()) for i in range(6)]
        assert llm == []
        assert sink.counters.requests["join query"] == 2 and sink.counters.requests["join batch"] == 2
        stored = await read_all(sink._containers["joins"])
        assert sorted(len(doc["pieces"]) for doc in stored) == [2] * 6


async def test_a_caller_whose_pieces_another_renders_returns_once_they_are_stored(cosmos_server, cosmos_database_name):
    async with opened_sink(cosmos_server, cosmos_database_name, join_buckets=1) as sink:
        async def second_caller() -> tuple[list[join.JoinResult], list[dict]]:
            results = await sink.join(halves("llm_log:0", "3", count=2))
            return results, await read_all(sink._containers["joins"])

        _, (results, stored) = await asyncio.gather(sink.join(halves("gateway_log", "1", count=2)), second_caller())
        assert results == [] and sorted(len(doc["pieces"]) for doc in stored) == [2] * 2


async def test_a_bucket_with_more_merges_than_a_batch_holds_is_merged_in_chunks(cosmos_server, cosmos_database_name):
    async with opened_sink(cosmos_server, cosmos_database_name, join_buckets=1) as sink:
        results = await sink.join(halves("llm_log:0", "0", count=cosmos.MAX_BATCH_OPS + 1))
        assert len(results) == cosmos.MAX_BATCH_OPS + 1 and all(r.billable for r in results)
        assert sink.counters.requests["join query"] == 2 and sink.counters.requests["join batch"] == 2


@pytest.mark.parametrize("races, reads", [(1, 0), (JOIN_ROUNDS, 3)])
async def test_a_batch_that_lost_a_race_is_read_and_merged_again(cosmos_server, cosmos_database_name, races, reads):
    """Once or twice as a bucket (one query, one batch), then request by request."""
    async with opened_sink(cosmos_server, cosmos_database_name, join_buckets=1) as sink:
        await sink.join(halves("gateway_log", "1", count=3))
        cosmos_server.inject("status", races, status=412, ops=["batch"], path="/colls/joins/docs")
        results = await sink.join(halves("llm_log:0", "3", count=3))
        assert [r.upgrade for r in results] == [False] * 3 and all(r.billable for r in results)
        assert sink.counters.requests["join query"] == 1 + min(races + 1, JOIN_ROUNDS)
        assert sink.counters.requests["join read"] == reads
        stored = await read_all(sink._containers["joins"])
        assert sorted(len(doc["pieces"]) for doc in stored) == [2] * 3


async def test_only_the_merge_that_lost_a_race_is_merged_again(cosmos_server, cosmos_database_name, monkeypatch):
    async with opened_sink(cosmos_server, cosmos_database_name, join_buckets=1) as sink:
        await sink.join(halves("gateway_log", "1", count=4))
        container, real_read_all, raced = sink._containers["joins"], cosmos.read_all, []

        async def read_then_another_replica_merges(*args, **kwargs):
            found = await real_read_all(*args, **kwargs)
            if not raced:  # between this read and our batch, another replica changes one of them
                raced.append(found[2]["key"])
                await container.upsert_item({**found[2], "updated": found[2]["updated"] + 1})
            return found

        monkeypatch.setattr(cosmos, "read_all", read_then_another_replica_merges)
        results = await sink.join(halves("llm_log:0", "3", count=4))
        # the batch of four failed on one; the three others went again at once; the one read again
        assert sink.counters.requests["join batch"] == 1 + 3 and sink.counters.requests["join query"] == 1 + 2
        assert [r.key for r in results] == [f"apim:c-{i}" for i in range(4)] and all(r.billable for r in results)
        stored = await real_read_all(container)
        assert sorted(len(doc["pieces"]) for doc in stored) == [2] * 4


async def test_a_joins_container_partitioned_by_id_is_merged_request_by_request(cosmos_server, cosmos_database_name):
    async with CosmosClient(cosmos_server.endpoint, cosmos_server.key, connection_verify=False) as client:
        database = await client.create_database(cosmos_database_name)
        await database.create_container("joins-by-id", partition_key=PartitionKey(path="/id"))  # as made before
    async with opened_sink(cosmos_server, cosmos_database_name, joins="joins-by-id") as sink:
        await sink.join(halves("gateway_log", "1", count=2))
        results = await sink.join(halves("llm_log:0", "3", count=2))
        assert all(r.billable and "gateway_log" in r.prior for r in results)
        assert sink.counters.requests["join query"] == 0 and sink.counters.requests["join read"] == 4
        await sink.forget_joins(await sink.expired_joins(None))
        assert await read_all(sink._containers["joins"]) == []
