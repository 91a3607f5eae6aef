"""The local Azure stand-ins work with the real Azure SDKs.

Cosmos DB: @vercel/cosmosdb-server behind tests/servers/cosmos_launcher.js (keep-alive, batch and
404 fixes, fault injection). Blob checkpoints: Azurite. Both are started once per session by the
fixtures in tests/servers/fixtures_*.py.
"""

from __future__ import annotations

import time

import pytest
from azure.cosmos import PartitionKey
from azure.cosmos.exceptions import CosmosBatchOperationError, CosmosHttpResponseError, CosmosResourceNotFoundError

pytestmark = pytest.mark.integration


def delta(before: dict, after: dict, *keys: str) -> int:
    """after[k1][k2]... - before[k1][k2]... (missing counts are 0)."""
    def get(d: dict) -> int:
        for k in keys:
            d = d.get(k, {}) if isinstance(d, dict) else {}
        return d if isinstance(d, int) else 0
    return get(after) - get(before)


@pytest.fixture
async def container(cosmos_database):
    return await cosmos_database.create_container(id="events", partition_key=PartitionKey(path="/pk"))


# --------------------------------------------------------------------------- Cosmos: basics
async def test_cosmos_upsert_read_and_missing_is_404(container, cosmos_server):
    doc = {"id": "doc-1", "pk": "tenant-a", "tokens": 42}
    written = await container.upsert_item(doc)
    assert written["id"] == "doc-1" and written["_etag"]

    read = await container.read_item("doc-1", partition_key="tenant-a")
    assert read["tokens"] == 42

    await container.upsert_item({**doc, "tokens": 43})  # upsert replaces
    assert (await container.read_item("doc-1", partition_key="tenant-a"))["tokens"] == 43

    before = cosmos_server.counters()
    with pytest.raises(CosmosResourceNotFoundError) as info:
        await container.read_item("no-such-id", partition_key="tenant-a")
    assert info.value.status_code == 404
    after = cosmos_server.counters()
    assert delta(before, after, "fixed_missing_document_404") == 1  # the launcher fix did it
    assert delta(before, after, "status_codes", "500") == 0


async def test_cosmos_transactional_batch_of_upserts(container, cosmos_server):
    before = cosmos_server.counters()
    ops = [("upsert", ({"id": f"b-{i}", "pk": "tenant-b", "n": i},)) for i in range(5)]
    results = await container.execute_item_batch(ops, partition_key="tenant-b")
    assert [r["statusCode"] for r in results] == [201] * 5
    after = cosmos_server.counters()
    assert delta(before, after, "requests_by_name", "batch") == 1  # one round trip
    assert delta(before, after, "fixed_batch_partition_keys") == 5

    # Upserting the same ids again updates them (200).
    ops = [("upsert", ({"id": f"b-{i}", "pk": "tenant-b", "n": i * 10},)) for i in range(5)]
    results = await container.execute_item_batch(ops, partition_key="tenant-b")
    assert [r["statusCode"] for r in results] == [200] * 5
    assert (await container.read_item("b-3", partition_key="tenant-b"))["n"] == 30


async def test_cosmos_transactional_batch_is_all_or_nothing(container, cosmos_server):
    await container.upsert_item({"id": "kept", "pk": "tenant-a", "n": 1})
    before = cosmos_server.counters()
    ops = [("upsert", ({"id": "kept", "pk": "tenant-a", "n": 2},)), ("create", ({"id": "new", "pk": "tenant-a"},)),
           ("create", ({"id": "kept", "pk": "tenant-a"},))]  # exists: the batch fails
    with pytest.raises(CosmosBatchOperationError) as failed:
        await container.execute_item_batch(ops, partition_key="tenant-a")
    assert [r["statusCode"] for r in failed.value.operation_responses] == [424, 424, 409]
    assert (await container.read_item("kept", partition_key="tenant-a"))["n"] == 1
    with pytest.raises(CosmosResourceNotFoundError):
        await container.read_item("new", partition_key="tenant-a")
    assert delta(before, cosmos_server.counters(), "rolled_back_batches") == 1


async def test_cosmos_parameterized_query(container):
    for i in range(6):
        await container.upsert_item({"id": f"q-{i}", "pk": "tenant-q" if i < 4 else "other", "n": i})
    # Note: this server ignores partition_key= for query scoping; keep key conditions in WHERE.
    query = "SELECT c.id, c.n FROM c WHERE c.pk = @pk AND c.n >= @min ORDER BY c.n DESC"
    params = [{"name": "@pk", "value": "tenant-q"}, {"name": "@min", "value": 1}]
    rows = [row async for row in container.query_items(query, parameters=params)]
    assert [r["id"] for r in rows] == ["q-3", "q-2", "q-1"]

    count = [v async for v in container.query_items(
        "SELECT VALUE COUNT(1) FROM c WHERE c.pk = @pk", parameters=params[:1])]
    assert count == [4]


# --------------------------------------------------------------------------- Cosmos: faults
async def test_cosmos_429_is_retried_by_the_sdk(container, cosmos_faults):
    before = cosmos_faults.counters()
    cosmos_faults.inject("429", 3, writes_only=True, retry_after_ms=50)
    started = time.monotonic()
    await container.upsert_item({"id": "throttled", "pk": "p"})
    elapsed = time.monotonic() - started
    after = cosmos_faults.counters()

    assert delta(before, after, "faults_injected", "429") == 3
    assert delta(before, after, "status_codes", "429") == 3
    assert delta(before, after, "requests_by_name", "upsert") == 4  # 3 throttled + 1 success
    assert after["faults_pending"] == 0
    assert elapsed >= 0.12, "the SDK should wait x-ms-retry-after-ms (3 x 50 ms) between tries"
    assert (await container.read_item("throttled", partition_key="p"))["id"] == "throttled"


async def test_cosmos_429_retries_are_bounded(cosmos_faults, cosmos_database_name):
    from azure.cosmos.aio import CosmosClient

    # A client allowing 2 throttle retries gives up on the 3rd 429 with the 429 itself.
    async with CosmosClient(cosmos_faults.endpoint, credential=cosmos_faults.key,
                            connection_verify=False, retry_throttle_total=2) as client:
        db = await client.create_database(cosmos_database_name)
        try:
            c = await db.create_container(id="x", partition_key=PartitionKey(path="/pk"))
            before = cosmos_faults.counters()
            cosmos_faults.inject("429", 10, writes_only=True, retry_after_ms=1)
            with pytest.raises(CosmosHttpResponseError) as info:
                await c.upsert_item({"id": "a", "pk": "p"})
            assert info.value.status_code == 429
            assert delta(before, cosmos_faults.counters(), "faults_injected", "429") == 3
        finally:
            cosmos_faults.clear_faults()
            await client.delete_database(cosmos_database_name)


async def test_cosmos_503_single_is_retried_persistent_raises(container, cosmos_faults):
    # One 503: the SDK's service-unavailable policy retries once and the write succeeds.
    before = cosmos_faults.counters()
    cosmos_faults.inject("503", 1, writes_only=True)
    await container.upsert_item({"id": "after-503", "pk": "p"})
    after = cosmos_faults.counters()
    assert delta(before, after, "faults_injected", "503") == 1
    assert (await container.read_item("after-503", partition_key="p"))["id"] == "after-503"

    # A 503 that does not go away surfaces as CosmosHttpResponseError(503).
    before = cosmos_faults.counters()
    cosmos_faults.inject("503", 5, writes_only=True)
    with pytest.raises(CosmosHttpResponseError) as info:
        await container.upsert_item({"id": "never", "pk": "p"})
    assert info.value.status_code == 503
    injected = delta(before, cosmos_faults.counters(), "faults_injected", "503")
    assert 1 <= injected <= 5
    print(f"\npersistent 503: the SDK tried {injected} times before raising")
    assert cosmos_faults.clear_faults() == (1 if injected < 5 else 0)  # rule left over?


async def test_cosmos_fault_filters_delay_and_reset(container, cosmos_faults):
    # A path filter for another container leaves this one alone.
    cosmos_faults.inject("429", 1, path=r"/colls/some-other-container/")
    await container.upsert_item({"id": "f", "pk": "p"})
    assert [r["remaining"] for r in cosmos_faults.faults()] == [1]
    cosmos_faults.clear_faults()

    # Reads only: a write passes, the read is delayed.
    cosmos_faults.inject("delay", 1, ops=["read"], delay_ms=250)
    await container.upsert_item({"id": "g", "pk": "p"})
    started = time.monotonic()
    await container.read_item("g", partition_key="p")
    assert time.monotonic() - started >= 0.24

    # A dropped connection is retried transparently by the SDK.
    before = cosmos_faults.counters()
    cosmos_faults.inject("reset", 1, writes_only=True)
    await container.upsert_item({"id": "h", "pk": "p"})
    assert delta(before, cosmos_faults.counters(), "faults_injected", "reset") == 1
    assert (await container.read_item("h", partition_key="p"))["id"] == "h"


async def test_cosmos_keep_alive_reuses_connections(container, cosmos_server):
    before = cosmos_server.counters()
    started = time.monotonic()
    for i in range(200):
        await container.upsert_item({"id": f"k-{i}", "pk": "p", "n": i})
    elapsed = time.monotonic() - started
    after = cosmos_server.counters()
    new_connections = delta(before, after, "connections")
    print(f"\n200 sequential upserts: {elapsed:.2f} s = {200 / elapsed:.0f}/s, "
          f"{new_connections} new TCP connection(s)")
    assert delta(before, after, "requests_by_name", "upsert") == 200
    # Without keep-alive this would be 200 connections (and ~47 ms of TLS handshake each).
    assert new_connections <= 3


# --------------------------------------------------------------------------- Azurite
NS = "myns.servicebus.windows.net"
HUB = "gateway-logs"
CG = "$default"


async def test_checkpoint_store_update_and_list(checkpoint_store, blob_container):
    await checkpoint_store.update_checkpoint({
        "fully_qualified_namespace": NS, "eventhub_name": HUB, "consumer_group": CG,
        "partition_id": "0", "sequence_number": 10, "offset": "1024",
    })
    await checkpoint_store.update_checkpoint({
        "fully_qualified_namespace": NS, "eventhub_name": HUB, "consumer_group": CG,
        "partition_id": "0", "sequence_number": 11, "offset": "2048",
    })
    checkpoints = await checkpoint_store.list_checkpoints(NS, HUB, CG)
    assert checkpoints == [{
        "fully_qualified_namespace": NS, "eventhub_name": HUB, "consumer_group": CG,
        "partition_id": "0", "offset": "2048", "sequence_number": 11,
    }]

    blob = blob_container.get_blob_client(f"{NS}/{HUB}/{CG}/checkpoint/0")
    props = await blob.get_blob_properties()
    assert props.metadata == {"sequencenumber": "11", "offset": "2048"}


async def test_checkpoint_store_claim_with_stale_etag_returns_nothing(checkpoint_store):
    def ownership(owner: str, etag: str | None = None) -> dict:
        o = {"fully_qualified_namespace": NS, "eventhub_name": HUB, "consumer_group": CG,
             "partition_id": "1", "owner_id": owner}
        if etag is not None:
            o["etag"] = etag
        return o

    [first] = await checkpoint_store.claim_ownership([ownership("owner-a")])
    assert first["etag"]
    [second] = await checkpoint_store.claim_ownership([ownership("owner-b", first["etag"])])
    assert second["etag"] != first["etag"]

    # owner-a still holds the old etag: its claim must lose.
    assert await checkpoint_store.claim_ownership([ownership("owner-a", first["etag"])]) == []
    owners = await checkpoint_store.list_ownership(NS, HUB, CG)
    assert [(o["partition_id"], o["owner_id"]) for o in owners] == [("1", "owner-b")]
