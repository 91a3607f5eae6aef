"""The runner overlaps processing with writing, and still never checkpoints past what is not durable.

A sink whose writes wait on gates the test opens makes every interleaving deterministic.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from aoai_logpipe.core.join import MemoryStore
from aoai_logpipe.core.pipeline import Pipeline
from aoai_logpipe.core.types import Position, RawEvent
from aoai_logpipe.runner import PartitionPoisoned, Runner


def v1(kind: str, rid: str, seq: int, **fields) -> RawEvent:
    body = {"schema": "aoai-logpipe/v1", "type": kind, "request_id": rid, "time": "2026-10-01T00:00:00Z", **fields}
    return RawEvent(json.dumps(body).encode(), Position("0", str(seq), seq))


def request(rid: str, seq: int) -> RawEvent:
    return v1("request", rid, seq, body={"messages": [{"role": "user", "content": "hi"}]})


def response(rid: str, seq: int) -> RawEvent:
    return v1("response", rid, seq, status=200, body={"model": "gpt-4o-2024-11-20", "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "hello"}, "finish_reason": "stop"}]})


class GatedSink:
    """Each write waits until the test opens its gate (or fails it); writes are recorded in order."""

    def __init__(self) -> None:
        self.gates: list[asyncio.Future] = []
        self.started: list[list[str]] = []  # request ids of each write, as it began
        self.written: list[list[str]] = []  # ... as it became durable
        self.joins = MemoryStore()

    async def write(self, out) -> int:
        ids = sorted(d["request_id"] for d in out.chargeback)
        self.started.append(ids)
        gate = asyncio.get_running_loop().create_future()
        self.gates.append(gate)
        await gate
        self.written.append(ids)
        return len(out)

    def open(self, i: int) -> None:
        self.gates[i].set_result(None)

    def fail(self, i: int) -> None:
        self.gates[i].set_exception(ConnectionError("store gone"))

    async def join(self, requests):
        return self.joins.join(requests)


class Checkpoints(list):
    async def __call__(self, position: Position) -> None:
        self.append(position.sequence_number)


async def until(predicate, what: str) -> None:
    for _ in range(1000):
        if predicate():
            return
        await asyncio.sleep(0)
    raise AssertionError(f"never happened: {what}")


@pytest.fixture
def runner(estimator, prices):
    return Runner(Pipeline(estimator, prices), GatedSink(), checkpoint_interval_s=0.0)


async def test_batches_are_processed_while_a_write_is_in_flight_and_then_written_together(runner):
    sink = runner.sink
    await runner.handle("0", [request("a", 0), response("a", 1)])  # returns with its write in flight
    await until(lambda: sink.started == [["a"]], "the first write")
    await runner.handle("0", [request("b", 2), response("b", 3)])
    await runner.handle("0", [request("c", 4), response("c", 5)])
    assert runner.pipeline.stats.events == 6 and sink.started == [["a"]], "one write at a time per partition"
    sink.open(0)
    await until(lambda: len(sink.started) == 2, "the second write")
    assert sink.started[1] == ["b", "c"], "what gathered meanwhile is one write"
    sink.open(1)
    await runner.release("0")
    assert sink.written == [["a"], ["b", "c"]]


async def test_reading_waits_while_the_gathered_batches_are_full_until_the_write_in_flight_is_done(runner):
    sink = runner.sink
    runner.max_group_events = 4
    await runner.handle("0", [request("a", 0), response("a", 1)])
    await until(lambda: sink.started == [["a"]], "the first write")
    await runner.handle("0", [request("b", 2), response("b", 3)])  # 2 events gathered: room left
    third = asyncio.create_task(runner.handle("0", [request("c", 4), response("c", 5)]))
    await until(lambda: runner.pipeline.stats.events == 6, "the third batch processed")
    assert not third.done(), "4 events wait for the store: reading stops (backpressure)"
    sink.open(0)
    await third
    await until(lambda: len(sink.started) == 2, "the second write")
    fourth = asyncio.create_task(runner.handle("0", [request("d", 6), response("d", 7)]))
    await until(lambda: runner.pipeline.stats.events == 8, "the fourth batch processed")
    await fourth  # a new group has room again
    sink.open(1)
    await until(lambda: len(sink.started) == 3, "the third write")
    sink.open(2)
    await runner.release("0")
    assert sink.written == [["a"], ["b", "c"], ["d"]]


async def test_a_checkpoint_waits_for_the_writes_of_the_batch_whose_watermark_it_uses(runner):
    sink, checkpoints = runner.sink, Checkpoints()
    # Batch 1 closes "a" and opens "b"; batch 2 closes "b": its watermark passes b's request (seq 2).
    await runner.handle("0", [request("a", 0), response("a", 1), request("b", 2)], checkpoints)
    await until(lambda: len(sink.started) == 1, "the first write")
    await runner.handle("0", [response("b", 3), request("c", 4)], checkpoints)
    assert runner.pipeline.stats.events == 5 and checkpoints == [], "nothing is durable yet"
    sink.open(0)
    await until(lambda: len(sink.started) == 2, "the second write")
    assert checkpoints == [1], "batch 1's watermark: b is open, and batch 2 is not written"
    sink.open(1)
    await runner.release("0", checkpoints)
    assert checkpoints == [1, 3], "batch 2's watermark once it is durable: c is still open"


async def test_a_failed_write_poisons_the_partition_and_nothing_after_it_is_written_or_checkpointed(runner):
    sink, checkpoints = runner.sink, Checkpoints()
    runner.max_group_events = 2
    await runner.handle("0", [request("a", 0), response("a", 1)], checkpoints)
    second = asyncio.create_task(runner.handle("0", [request("b", 2), response("b", 3)], checkpoints))
    await until(lambda: runner.pipeline.stats.events == 4, "the second batch processed")
    sink.fail(0)
    with pytest.raises(ConnectionError):  # the reader learns why: the first batch's write failed
        await second
    with pytest.raises(PartitionPoisoned):
        await runner.handle("0", [request("c", 4)], checkpoints)
    await runner.release("0", checkpoints)
    assert sink.started == [["a"]] and sink.written == [] and checkpoints == []


async def test_release_lets_the_writes_in_flight_finish_and_checkpoints_them(runner):
    sink, checkpoints = runner.sink, Checkpoints()
    runner.checkpoint_interval_s = 3600.0  # only release checkpoints here
    await runner.handle("0", [request("a", 0), response("a", 1)], checkpoints)
    releasing = asyncio.create_task(runner.release("0", checkpoints))
    await asyncio.sleep(0)
    assert not releasing.done()
    sink.open(0)
    await releasing
    assert sink.written == [["a"]] and checkpoints == [1]


async def test_a_cancelled_release_checkpoints_nothing_that_was_not_written(runner):
    sink, checkpoints = runner.sink, Checkpoints()
    runner.checkpoint_interval_s = 3600.0
    await runner.handle("0", [request("a", 0), response("a", 1)], checkpoints)
    releasing = asyncio.create_task(runner.release("0", checkpoints))
    await until(lambda: len(sink.started) == 1, "the write")
    releasing.cancel()  # the shutdown bound ran out
    with pytest.raises(asyncio.CancelledError):
        await releasing
    assert sink.written == [] and checkpoints == []


async def test_a_final_batch_returns_once_everything_of_the_partition_is_durable(runner):
    sink = runner.sink
    await runner.handle("0", [request("a", 0), response("a", 1)])
    last = asyncio.create_task(runner.handle("0", [request("b", 2)], final=True))
    await until(lambda: len(sink.gates) == 1, "the first write")
    sink.open(0)
    await until(lambda: len(sink.gates) == 2, "the final write")
    assert not last.done()
    sink.open(1)
    out = await last
    assert [d["request_id"] for d in out.audit] == ["b"] and sink.written == [["a"], ["b"]]


async def test_a_lingering_group_takes_the_batches_that_come_meanwhile_and_goes_at_once_on_release(runner):
    sink = runner.sink
    runner.linger_s = 3600.0
    await runner.handle("0", [request("a", 0), response("a", 1)])
    await runner.handle("0", [request("b", 2), response("b", 3)])
    for _ in range(10):
        await asyncio.sleep(0)
    assert sink.started == [], "the group lingers for more batches"
    releasing = asyncio.create_task(runner.release("0"))
    await until(lambda: len(sink.started) == 1, "the write, without waiting out the linger")
    assert sink.started == [["a", "b"]]
    sink.open(0)
    await releasing
