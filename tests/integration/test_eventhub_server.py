"""The in-memory Event Hubs AMQP test server, driven by the REAL azure-eventhub SDK."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import subprocess
import sys
import threading
import time
from typing import Any, Dict, List, Optional

import pytest
from azure.eventhub import EventData, EventHubProducerClient
from azure.eventhub import EventHubConsumerClient as SyncConsumer
from azure.eventhub.aio import EventHubConsumerClient
from azure.eventhub.aio import EventHubProducerClient as AsyncProducer
from azure.eventhub.aio._eventprocessor.in_memory_checkpoint_store import InMemoryCheckpointStore
from azure.eventhub.exceptions import EventHubError

from tests.servers.eventhub_server import EventHubTestServer
from tests.servers.fixtures_eventhub import EventHub

pytestmark = pytest.mark.integration

CG = "$Default"


def _consumer(eh: EventHub, **kwargs: Any) -> EventHubConsumerClient:
    return EventHubConsumerClient.from_connection_string(
        eh.connection_str, consumer_group=kwargs.pop("consumer_group", CG),
        load_balancing_interval=kwargs.pop("load_balancing_interval", 0.5), **kwargs)


async def _wait(predicate, timeout: float = 10.0, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(step)
    return predicate()


class Collector:
    """Runs ``client.receive_batch`` in the background and records what it gets."""

    def __init__(self, client: EventHubConsumerClient, checkpoint: bool = False, **receive_kwargs: Any):
        self.client = client
        self.checkpoint = checkpoint
        self.events: List[Any] = []
        self.errors: List[Exception] = []
        self.partitions: List[Optional[str]] = []
        self.last_enqueued: Optional[Dict[str, Any]] = None
        receive_kwargs.setdefault("max_wait_time", 0.2)
        self.task = asyncio.create_task(client.receive_batch(self._on_batch, on_error=self._on_error,
                                                             **receive_kwargs))

    async def _on_batch(self, ctx, events) -> None:
        for event in events:
            self.partitions.append(ctx.partition_id)
            self.events.append(event)
        if events:
            self.last_enqueued = ctx.last_enqueued_event_properties
        if self.checkpoint and events:
            await ctx.update_checkpoint(events[-1])

    async def _on_error(self, ctx, error) -> None:
        self.errors.append(error)

    def seqs(self, partition_id: Optional[str] = None) -> List[int]:
        return [e.sequence_number for p, e in zip(self.partitions, self.events)
                if partition_id is None or p == partition_id]

    async def wait_count(self, n: int, timeout: float = 10.0) -> List[Any]:
        assert await _wait(lambda: len(self.events) >= n, timeout), \
            f"got {len(self.events)} events, expected {n}; errors={self.errors!r}"
        return self.events

    async def close(self) -> None:
        await self.client.close()
        await asyncio.wait_for(self.task, 10)


# ---------------------------------------------------------------------------------------------
# producer side
# ---------------------------------------------------------------------------------------------

def test_partition_key_routes_consistently(eventhub: EventHub) -> None:
    with EventHubProducerClient.from_connection_string(eventhub.connection_str) as producer:
        for i in range(3):
            batch = producer.create_batch(partition_key="tenant-a")
            for j in range(2):
                batch.add(EventData(f"a{i}{j}"))
            producer.send_batch(batch)
        producer.send_batch([EventData("b0"), EventData("b1")], partition_key="tenant-b")
    pa, pb = eventhub.partition_for_key("tenant-a"), eventhub.partition_for_key("tenant-b")
    stored = eventhub.events()
    a_events = [e for e in stored if e.partition_key == "tenant-a"]
    assert [e.body for e in a_events] == [b"a00", b"a01", b"a10", b"a11", b"a20", b"a21"]
    assert {e.partition_id for e in a_events} == {pa}
    a_seqs = [e.sequence_number for e in a_events]
    assert a_seqs == sorted(a_seqs) and len(set(a_seqs)) == 6
    assert {e.partition_id for e in stored if e.partition_key == "tenant-b"} == {pb}
    assert len(stored) == 8


async def test_explicit_partition_and_round_robin(eventhub: EventHub) -> None:
    async with AsyncProducer.from_connection_string(eventhub.connection_str) as producer:
        batch = await producer.create_batch(partition_id="2")
        for i in range(3):
            batch.add(EventData(f"p2-{i}"))
        await producer.send_batch(batch)
        for i in range(4):  # no key, no partition: one partition per batch, round-robin
            await producer.send_batch([EventData(f"rr-{i}")])
    p2 = eventhub.events("2")
    assert [e.body for e in p2[:3]] == [b"p2-0", b"p2-1", b"p2-2"]
    assert [e.sequence_number for e in p2] == list(range(len(p2)))
    offsets = [int(e.offset) for e in p2]
    assert offsets[0] == 0 and offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
    rr = [e for e in eventhub.events() if e.body.startswith(b"rr-")]
    assert sorted(e.partition_id for e in rr) == ["0", "1", "2", "3"]


def test_eventhub_and_partition_properties(eventhub_factory) -> None:
    eh = eventhub_factory(partitions=3)
    for i in range(3):
        eh.publish("1", b"x" * (10 + i))
    last = eh.events("1")[-1]
    with EventHubProducerClient.from_connection_string(eh.connection_str) as producer:
        props = producer.get_eventhub_properties()
        p1 = producer.get_partition_properties("1")
        p0 = producer.get_partition_properties("0")
    assert props["eventhub_name"] == eh.hub
    assert props["partition_ids"] == ["0", "1", "2"]
    assert abs((dt.datetime.now(dt.timezone.utc) - props["created_at"]).total_seconds()) < 60
    assert p1["id"] == "1" and p1["eventhub_name"] == eh.hub
    assert p1["beginning_sequence_number"] == 0
    assert p1["last_enqueued_sequence_number"] == 2
    assert p1["last_enqueued_offset"] == last.offset
    assert p1["last_enqueued_time_utc"] == last.enqueued_time
    assert p1["is_empty"] is False
    assert p0["is_empty"] is True and p0["last_enqueued_sequence_number"] == -1


def test_unknown_hub_is_an_error(eventhub: EventHub) -> None:
    conn = eventhub.connection_str.replace(f"EntityPath={eventhub.hub}", "EntityPath=no-such-hub")
    with EventHubProducerClient.from_connection_string(conn, retry_total=0) as producer:
        with pytest.raises(EventHubError, match="404.*could not be found"):
            producer.get_eventhub_properties()


# ---------------------------------------------------------------------------------------------
# consumer side
# ---------------------------------------------------------------------------------------------

async def test_receive_from_start_with_annotations(eventhub: EventHub) -> None:
    key = "tenant-x"
    pid = eventhub.partition_for_key(key)
    async with AsyncProducer.from_connection_string(eventhub.connection_str) as producer:
        batch = await producer.create_batch(partition_key=key)
        for i in range(3):
            event = EventData(f"body-{i}")
            event.properties = {"kind": "usage", "n": i}
            batch.add(event)
        await producer.send_batch(batch)
    stored = eventhub.events(pid)
    collector = Collector(_consumer(eventhub), partition_id=pid, starting_position="-1",
                          track_last_enqueued_event_properties=True)
    try:
        got = await collector.wait_count(3)
    finally:
        await collector.close()
    assert [e.sequence_number for e in got] == [0, 1, 2]
    assert [e.offset for e in got] == [s.offset for s in stored]
    assert [e.enqueued_time for e in got] == [s.enqueued_time for s in stored]
    assert all(e.enqueued_time.tzinfo is not None for e in got)
    assert [e.body_as_str() for e in got] == ["body-0", "body-1", "body-2"]
    assert [e.partition_key for e in got] == [key.encode()] * 3
    # pyamqp hands AMQP strings back as bytes (keys and values), exactly as with the real service
    assert [e.properties for e in got] == [{b"kind": b"usage", b"n": i} for i in range(3)]
    assert stored[0].properties == {"kind": "usage", "n": 0}
    last = collector.last_enqueued
    assert last and last["sequence_number"] == 2 and last["offset"] == stored[2].offset
    assert last["enqueued_time"] == stored[2].enqueued_time
    assert not collector.errors


async def test_events_published_with_a_recorded_time_keep_it_and_never_move_the_clock_back(eventhub: EventHub) -> None:
    recorded = dt.datetime(2027, 1, 6, 10, 0, 0, 250000, tzinfo=dt.timezone.utc)
    eventhub.publish("0", b"first", enqueued_time=recorded)
    eventhub.publish("0", b"earlier", enqueued_time=recorded - dt.timedelta(minutes=5))
    eventhub.publish("0", b"later", enqueued_time=recorded + dt.timedelta(minutes=5))
    collector = Collector(_consumer(eventhub), partition_id="0", starting_position="-1")
    try:
        got = await collector.wait_count(3)
    finally:
        await collector.close()
    assert [e.body_as_str() for e in got] == ["first", "earlier", "later"]
    assert [e.enqueued_time for e in got] == [recorded, recorded, recorded + dt.timedelta(minutes=5)]
    assert not collector.errors


async def test_receive_from_latest_only_gets_new_events(eventhub: EventHub) -> None:
    eventhub.publish("0", b"old-0")
    eventhub.publish("0", b"old-1")
    collector = Collector(_consumer(eventhub), partition_id="0", starting_position="@latest")
    try:
        assert await _wait(lambda: len(eventhub.receivers()) == 1)
        eventhub.publish("0", b"new-0", properties={"p": 1})
        eventhub.publish("0", b"new-1", partition_key="pk")
        got = await collector.wait_count(2)
        await asyncio.sleep(0.3)
    finally:
        await collector.close()
    assert [e.body_as_str() for e in got] == ["new-0", "new-1"]
    assert [e.sequence_number for e in got] == [2, 3]
    assert got[0].properties == {b"p": 1} and got[1].partition_key == b"pk"


async def test_receive_from_sequence_number_offset_and_enqueued_time(eventhub: EventHub) -> None:
    for i in range(5):
        eventhub.publish("3", f"e{i}".encode())
    stored = eventhub.events("3")
    cases = {  # name: (receive kwargs, expected sequence numbers)
        "seq >": (dict(starting_position=2), [3, 4]),
        "seq >=": (dict(starting_position=2, starting_position_inclusive=True), [2, 3, 4]),
        "offset >": (dict(starting_position=stored[1].offset), [2, 3, 4]),
        "offset >=": (dict(starting_position=stored[1].offset, starting_position_inclusive=True),
                      [1, 2, 3, 4]),
        "time >": (dict(starting_position=stored[0].enqueued_time - dt.timedelta(seconds=1)),
                   [0, 1, 2, 3, 4]),
        "time > last": (dict(starting_position=stored[4].enqueued_time), []),
    }
    collectors = {name: Collector(_consumer(eventhub), partition_id="3", **kwargs)
                  for name, (kwargs, _) in cases.items()}
    try:
        for name, (_, expected) in cases.items():
            await collectors[name].wait_count(len(expected))
        assert await _wait(lambda: len(eventhub.receivers()) == len(cases))
        await asyncio.sleep(0.3)  # nothing more may arrive
    finally:
        await asyncio.gather(*(c.close() for c in collectors.values()))
    assert {name: c.seqs() for name, c in collectors.items()} == \
        {name: expected for name, (_, expected) in cases.items()}


async def test_load_balanced_consumers_share_partitions(eventhub: EventHub) -> None:
    store = InMemoryCheckpointStore()  # ownership shared by both clients (same process)
    first = Collector(_consumer(eventhub, checkpoint_store=store), starting_position="-1")
    second = Collector(_consumer(eventhub, checkpoint_store=store), starting_position="-1")
    owners: Dict[str, int] = {}
    try:
        for pid in eventhub.partitions:
            for i in range(3):
                eventhub.publish(pid, f"{pid}-{i}".encode())

        async def split() -> bool:
            ownership = await store.list_ownership(*_store_ids(eventhub))
            owners.clear()
            for o in ownership:
                owners[o["owner_id"]] = owners.get(o["owner_id"], 0) + 1
            return sorted(owners.values()) == [2, 2]

        deadline = time.monotonic() + 15
        while not (await split() and len(eventhub.receivers()) == 4 and first.events
                   and second.events and len(_received(first, second)) == 12) \
                and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
    finally:
        await asyncio.gather(first.close(), second.close())
    assert sorted(owners.values()) == [2, 2], owners
    assert set(first.partitions) and set(second.partitions)
    assert _received(first, second) == {(p, s) for p in eventhub.partitions for s in range(3)}


def _received(*collectors: Collector) -> set:
    return {(p, e.sequence_number) for c in collectors for p, e in zip(c.partitions, c.events)}


async def test_checkpoint_resume_with_in_memory_store(eventhub_factory) -> None:
    eh = eventhub_factory(partitions=1)
    store = InMemoryCheckpointStore()
    for i in range(3):
        eh.publish("0", f"e{i}".encode())
    first = Collector(_consumer(eh, checkpoint_store=store), checkpoint=True, starting_position="-1")
    try:
        await first.wait_count(3)
        await asyncio.sleep(0.1)  # let the callback's update_checkpoint finish
    finally:
        await first.close()
    checkpoints = await store.list_checkpoints(*_store_ids(eh))
    assert [(c["partition_id"], c["offset"], c["sequence_number"]) for c in checkpoints] == \
        [("0", eh.events("0")[2].offset, 2)]
    for i in range(3, 5):
        eh.publish("0", f"e{i}".encode())
    second = Collector(_consumer(eh, checkpoint_store=store), starting_position="-1")
    try:
        await second.wait_count(2)
        await asyncio.sleep(0.3)
    finally:
        await second.close()
    assert second.seqs() == [3, 4]  # resumed after the checkpointed offset


def _store_ids(eh: EventHub):
    return (f"{eh.server.host}:{eh.server.port}", eh.hub, CG)


def test_usable_from_another_process(eventhub: EventHub) -> None:
    code = ("import sys\n"
            "from azure.eventhub import EventHubProducerClient, EventData\n"
            "with EventHubProducerClient.from_connection_string(sys.argv[1]) as p:\n"
            "    p.send_batch([EventData(b'from-child')], partition_id='3')\n")
    subprocess.run([sys.executable, "-c", code, eventhub.connection_str], check=True, timeout=60)
    assert [e.body for e in eventhub.events("3")] == [b"from-child"]


async def test_epoch_receiver_steals_partition(eventhub: EventHub) -> None:
    t0 = time.monotonic()
    low = Collector(_consumer(eventhub), partition_id="0", starting_position="-1", owner_level=1)
    high: Optional[Collector] = None
    try:
        assert await _wait(lambda: [r["epoch"] for r in eventhub.receivers()] == [1])
        eventhub.publish("0", b"first")
        await low.wait_count(1)
        print("low got", time.monotonic() - t0)
        high = Collector(_consumer(eventhub), partition_id="0", starting_position="-1", owner_level=2)
        assert await _wait(lambda: low.errors, timeout=10)
        print("stolen", time.monotonic() - t0)
        assert "amqp:link:stolen" in str(low.errors[0])
        await high.wait_count(1)
        eventhub.publish("0", b"second")
        await high.wait_count(2)
        print("high got", time.monotonic() - t0)
        # the stolen consumer keeps retrying with epoch 1 and is refused: it gets nothing more
        assert await _wait(lambda: len(low.errors) >= 2, timeout=10)
        print("refused", time.monotonic() - t0)
        assert "amqp:link:stolen" in str(low.errors[1])
        assert [r["epoch"] for r in eventhub.receivers()] == [2]
        assert [e.body_as_str() for e in low.events] == ["first"]
        assert [e.body_as_str() for e in high.events] == ["first", "second"]
    finally:
        await low.close()
        print("low closed", time.monotonic() - t0)
        if high is not None:
            await high.close()
        print("high closed", time.monotonic() - t0)


async def test_drop_connections_consumer_resumes(eventhub: EventHub) -> None:
    collector = Collector(_consumer(eventhub), partition_id="2", starting_position="-1")
    try:
        for i in range(10):
            eventhub.publish("2", f"e{i}".encode())
        await collector.wait_count(10)
        assert eventhub.server.drop_connections() >= 1
        for i in range(10, 20):
            eventhub.publish("2", f"e{i}".encode())
        assert await _wait(lambda: set(collector.seqs()) == set(range(20)), timeout=20), collector.seqs()
    finally:
        await collector.close()
    seqs = collector.seqs()
    assert sorted(set(seqs)) == list(range(20))
    assert seqs[:10] == list(range(10))  # no loss, in order; duplicates (at-least-once) tolerated
    # producers reconnect too
    async with AsyncProducer.from_connection_string(eventhub.connection_str) as producer:
        await producer.send_batch([EventData(b"before-drop")], partition_id="1")
        eventhub.server.drop_connections()
        await producer.send_batch([EventData(b"after-drop")], partition_id="1")
    assert [e.body for e in eventhub.events("1")] == [b"before-drop", b"after-drop"]


def test_sync_consumer_client(eventhub: EventHub) -> None:
    for i in range(3):
        eventhub.publish("1", f"s{i}".encode(), properties={"a": "b"})
    got: List[Any] = []
    client = SyncConsumer.from_connection_string(eventhub.connection_str, consumer_group=CG,
                                                 load_balancing_interval=0.5)
    worker = threading.Thread(target=client.receive_batch, daemon=True, kwargs=dict(
        on_event_batch=lambda ctx, events: got.extend(events), partition_id="1",
        starting_position="-1", max_wait_time=0.2))
    worker.start()
    try:
        deadline = time.monotonic() + 10
        while len(got) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        client.close()
        worker.join(10)
    assert [(e.sequence_number, e.body_as_str(), e.properties) for e in got] == \
        [(i, f"s{i}", {b"a": b"b"}) for i in range(3)]


# ---------------------------------------------------------------------------------------------
# server robustness / special paths
# ---------------------------------------------------------------------------------------------

async def test_large_events_use_multi_frame_transfers() -> None:
    with EventHubTestServer(hub="big", partitions=1, max_frame_size=4096) as server:
        body = bytes(range(256)) * 400  # ~100 KB, ~25 frames each way
        async with AsyncProducer.from_connection_string(server.connection_string()) as producer:
            await producer.send_batch([EventData(body)], partition_id="0")
        assert server.events("0")[0].body == body
        client = EventHubConsumerClient.from_connection_string(
            server.connection_string(), consumer_group=CG, load_balancing_interval=1)
        collector = Collector(client, partition_id="0", starting_position="-1")
        try:
            got = await collector.wait_count(1)
        finally:
            await collector.close()
        assert b"".join(got[0].body) == body


async def test_delivery_delay_and_garbage_clients(eventhub: EventHub) -> None:
    # garbage and half-open connections must not disturb the server
    with socket.create_connection(("127.0.0.1", eventhub.server.port)) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
    with socket.create_connection(("127.0.0.1", eventhub.server.port)) as sock:
        sock.sendall(b"AMQP\x03\x01\x00\x00")  # SASL header, then vanish
    eventhub.server.delivery_delay = 0.15
    for i in range(3):
        eventhub.publish("0", f"slow-{i}".encode())
    collector = Collector(_consumer(eventhub), partition_id="0", starting_position="-1")
    try:
        await _wait(lambda: len(eventhub.receivers()) == 1)
        started = time.monotonic()
        await collector.wait_count(3)
        assert time.monotonic() - started >= 0.3
    finally:
        eventhub.server.delivery_delay = 0.0
        await collector.close()
    assert [e.body_as_str() for e in collector.events] == ["slow-0", "slow-1", "slow-2"]
