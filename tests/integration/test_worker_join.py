"""Halves of one request on different partitions, read by different replicas, minutes apart.

APIM diagnostic settings export `GatewayLlmLogs` and `GatewayLogs` without a partition key, and
log-to-eventhub policies often send Request/Response without one: the halves of a request land on
independent partitions. Here the generator's export (each half on its own partition, 0-5 min of
export delay) goes through the real producer into a 4-partition hub, read by two worker processes;
some caller records are held back until their LLM record was billed, and one worker is SIGKILLed
mid-run. Every request must end billed exactly once, with its caller.
"""

from __future__ import annotations

import asyncio
import json
import random
import signal
import time
import uuid

import pytest
from azure.eventhub import EventData
from azure.eventhub.aio import EventHubProducerClient

from aoai_logpipe import generate
from aoai_logpipe.core.decode import decode
from aoai_logpipe.core.documents import doc_id
from aoai_logpipe.core.join import JOINABLE
from aoai_logpipe.core.types import FragmentKind, RawEvent
from aoai_logpipe.io.replay import ReplaySource
from tests.integration import worker_support as ws
from tests.integration.worker_support import stop_worker, summaries_of

pytestmark = [pytest.mark.integration, pytest.mark.timeout(400)]
HORIZON_S = 25.0


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    base = tmp_path_factory.mktemp("export")
    truth = generate.write(base / "in", generate.Plan(conversations=90, seed=41, dialect_mix=(0.1, 0.7, 0.2)))
    source = ReplaySource.from_paths([base / "in"])
    # (partition index, event) in export order: the broker's enqueued time across partitions.
    events = [(int(b.partition.rsplit("-", 1)[1]), e) for b in source.batches() for e in b.events]
    events.sort(key=lambda item: item[1].position.enqueued_time)
    return truth, events, base


def _is_caller_half(event: RawEvent) -> bool:
    """A GatewayLogs record or a log-to-eventhub Response: halves that are sent unkeyed."""
    fragments = decode(event).fragments
    return bool(fragments) and all(f.dialect in JOINABLE and f.kind in (FragmentKind.GATEWAY_LOG, FragmentKind.RESPONSE)
                                   for f in fragments)


async def _publish(connection_str: str, partitions: list[str], events: list[tuple[int, RawEvent]]) -> None:
    """The real producer, sending each event to the partition the export put it on (no key)."""
    async with EventHubProducerClient.from_connection_string(connection_str) as producer:
        for index, event in events:
            batch = await producer.create_batch(partition_id=partitions[index])
            batch.add(EventData(event.body))
            await producer.send_batch(batch)


async def _wait_billed(cosmos_server, database: str, truth, timeout: float) -> dict:
    """Until every request is charged with its caller and the unmatched GatewayLogs are dead letters."""
    expected = {doc_id("cb", r.key): r for r in truth.requests}
    deadline = time.monotonic() + timeout
    docs: dict = {}
    while time.monotonic() < deadline:
        docs = await ws.cosmos_documents(cosmos_server, database)
        charged = {d["id"]: d for d in docs["chargeback"]}
        unmatched = {_correlation(d) for d in docs["deadletters"] if d["reason"] == "unmatched_gateway_log"}
        if (set(charged) == set(expected) and all(_billed_to(charged[i], r) for i, r in expected.items())
                and len(unmatched) >= truth.unmatched_gateway_logs):
            return docs
        await asyncio.sleep(0.5)
    return docs


def _correlation(letter: dict) -> str:
    record = json.loads(letter["raw"])
    props = {k.lower(): v for k, v in record.items()}["properties"]
    return {k.lower(): v for k, v in props.items()}["correlationid"]


def _billed_to(doc: dict, request: generate.Expected) -> bool:
    return all(doc[f] == getattr(request, f) for f in ("cost_center", "user_id", "app_id")
               if getattr(request, f) is not None)


async def test_halves_on_independent_partitions_are_billed_once_with_their_caller_through_a_sigkill(
        export, eventhub, azurite_connection_str, cosmos_server, tmp_path, workers):
    truth, events, base = export
    database, container = f"j-{uuid.uuid4().hex[:8]}", f"ckpt-{uuid.uuid4().hex[:8]}"
    overrides = {**ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, database, container),
                 "assembly.join_horizon_s": HORIZON_S, "assembly.join_sweep_s": 1.0}
    env = ws.worker_env(overrides, base / "tk")
    rng = random.Random(5)
    # A third of the caller halves come late: after their LLM record was billed without a caller.
    late = [item for item in events if _is_caller_half(item[1]) and rng.random() < 0.35]
    early = [item for item in events if item not in late]
    procs = [workers(env, tmp_path / f"w{i}.log") for i in range(2)]
    try:
        for _ in range(150):  # both replicas up, all four partitions claimed
            if len({r["partition_id"] for r in eventhub.receivers()}) == 4:
                break
            await asyncio.sleep(0.2)
        await _publish(eventhub.connection_str, eventhub.partitions, early[: len(early) // 2])
        await asyncio.sleep(2.0)  # mid-flight: halves open, joins and writes in progress
        procs[0].send_signal(signal.SIGKILL)
        procs[0].wait(timeout=30)
        await _publish(eventhub.connection_str, eventhub.partitions, early[len(early) // 2:])
        procs.append(workers(env, tmp_path / "w0-restarted.log"))  # the replica comes back
        await asyncio.sleep(8.0)  # > the settle time: LLM records close and are billed alone
        await _publish(eventhub.connection_str, eventhub.partitions, late)
        docs = await _wait_billed(cosmos_server, database, truth, timeout=120 + HORIZON_S)
    finally:
        stopped = [stop_worker(p) for p in procs[1:]]
    summaries = summaries_of(stopped)
    charged = {d["id"]: d for d in docs["chargeback"]}
    expected = {doc_id("cb", r.key): r for r in truth.requests}
    assert set(charged) == set(expected)  # one document per request: none missing, none extra
    wrong = [i for i, r in expected.items() if not _billed_to(charged[i], r)]
    assert not wrong, f"{len(wrong)} of {len(expected)} requests billed to the wrong caller"
    for doc_key, request in expected.items():
        has_caller = any(getattr(request, f) is not None for f in ("cost_center", "user_id", "app_id"))
        if request.dialect == "apim-gateway-llm-logs":
            assert charged[doc_key]["attribution"] == ("complete" if has_caller else "missing"), request.key
        assert charged[doc_key]["usage"] == request.usage or request.usage is None, request.key
    # One per unmatched request: a redelivered copy that comes after its twin was settled is a
    # dead letter of its own (every input event is accounted for), for the same request.
    unmatched = {_correlation(d) for d in docs["deadletters"] if d["reason"] == "unmatched_gateway_log"}
    assert len(unmatched) == truth.unmatched_gateway_logs
    assert sum(s["joins"]["upgraded"] for s in summaries) >= 1, "some caller records should have come late"
    assert {d["id"] for d in docs["audit"]} == {doc_id("au", r.key) for r in truth.requests}
