"""Health endpoints against the local servers: /readyz turns ready only once partitions are owned
and the sink answers, /metrics reports what a known run did, and shutdown turns readiness off."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import time
import uuid
from types import SimpleNamespace

import aiohttp
import pytest
from azure.eventhub import EventData
from azure.eventhub.aio import EventHubProducerClient

from aoai_logpipe import app, health, settings
from aoai_logpipe.io import eventhub as eh_io
from aoai_logpipe.logjson import JsonFormatter
from aoai_logpipe.runner import Runner
from tests.integration import worker_support as ws
from tests.integration.worker_support import until
from tests.metrics_families import FAMILIES, announced, without_labels

pytestmark = pytest.mark.integration

CONVERSATIONS = 30
SECRET = "PLANTED-SECRET-3c9f"  # in every prompt, completion and junk event: must never reach a log line
JUNK = [b'{"prompt": "' + SECRET.encode() + b'" not json', b"\xff\xfe not utf-8 " + SECRET.encode()]
WAIT = 120.0  # a generous deadline for a condition (met in seconds; only a broken run waits it out)
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (\S+)$')


def v1(kind: str, rid: str, **fields) -> bytes:
    return json.dumps({"schema": "aoai-logpipe/v1", "type": kind, "request_id": rid,
                       "time": "2026-10-01T12:00:00Z", **fields}).encode()


def traffic() -> list[tuple[str | None, bytes]]:
    """(partition key, body): complete request/response pairs, junk, and one request left open."""
    events: list[tuple[str | None, bytes]] = []
    for i in range(CONVERSATIONS):
        rid = f"health-{i:03d}"
        events.append((rid, v1("request", rid, deployment="gpt-4o", caller={"user_id": f"u{i % 3}"},
                               body={"messages": [{"role": "user", "content": f"question {i} {SECRET}"}]})))
        events.append((rid, v1("response", rid, status=200, body={
            "id": f"chatcmpl-{i}", "object": "chat.completion", "model": "gpt-4o-2024-11-20",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": f"answer {i} {SECRET}"}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10 + i, "completion_tokens": 5, "total_tokens": 15 + i}})))
    events.extend((None, body) for body in JUNK)
    events.append(("health-open", v1("request", "health-open", body={"messages": [{"role": "user", "content": "hi"}]})))
    return events


async def publish(connection_str: str, events: list[tuple[str | None, bytes]]) -> None:
    async with EventHubProducerClient.from_connection_string(connection_str) as producer:
        for key, body in events:
            batch = await producer.create_batch(partition_key=key) if key else await producer.create_batch()
            batch.add(EventData(body))
            await producer.send_batch(batch)


def parse_metrics(text: str) -> dict[str, float]:
    """Strict enough a parser: every sample belongs to a family announced by HELP and TYPE."""
    announced: dict[str, str] = {}
    values: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("# HELP "):
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert kind in ("counter", "gauge"), line
            assert name not in announced, f"family {name} announced twice"
            if kind == "counter":
                assert name.endswith("_total"), name
            announced[name] = kind
            continue
        match = SAMPLE.match(line)
        assert match, f"not a Prometheus sample: {line!r}"
        name, labels, value = match.group(1), match.group(2) or "", match.group(3)
        assert name in announced, f"{name} has no TYPE line"
        key = name + labels
        assert key not in values, f"duplicate series {key}"
        values[key] = float(value)
    return values


async def get(session: aiohttp.ClientSession, port: int, path: str) -> tuple[int, str]:
    async with session.get(f"http://127.0.0.1:{port}{path}") as resp:
        return resp.status, await resp.text()


async def test_readiness_follows_ownership_and_the_sink_and_metrics_match_the_run(
        eventhub, azurite_connection_str, cosmos_faults, tiktoken_dir):
    cosmos_server = cosmos_faults
    suffix = uuid.uuid4().hex[:8]
    overrides = ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, f"h-{suffix}", f"h-{suffix}",
                                    idle_s=300.0)
    config = settings.load(env={}, overrides={**overrides, "tiktoken_cache_dir": tiktoken_dir})
    # The wiring of app.run_eventhub, with the health server started first (before sink.open).
    pipeline = app.build_pipeline(config)
    sink = app.build_sink(config)
    await eh_io.ensure_container(config.checkpoint)
    store = eh_io.make_checkpoint_store(config.checkpoint)
    consumer = eh_io.make_consumer(config.eventhub, store)
    runner = Runner(pipeline, sink, checkpoint_interval_s=config.eventhub.checkpoint_interval_s)
    worker = eh_io.EventHubWorker(consumer, runner, config.eventhub, store)
    stop = asyncio.Event()
    cfg = health.HealthConfig(host="127.0.0.1", port=0, probe_interval_s=0.3, probe_timeout_s=2.0, lag_interval_s=0.3)
    logs = io.StringIO()
    handler = logging.StreamHandler(logs)
    handler.setFormatter(JsonFormatter(exception_messages=True))
    root, ours = logging.getLogger(), logging.getLogger("aoai_logpipe")
    saved = (root.level, ours.level)
    root.addHandler(handler)
    root.setLevel(logging.INFO)  # the Azure SDKs at the production level
    ours.setLevel(logging.DEBUG)  # our code at its most verbose
    probe = await health.serve(cfg, worker=worker, runner=runner, sink=sink, stop=stop)
    task = None
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
            status, body = await get(http, probe.port, "/livez")
            assert status == 200 and json.loads(body)["alive"]
            await until(lambda: _probed(probe), WAIT, "a first probe")
            status, body = await get(http, probe.port, "/readyz")
            reasons = json.loads(body)["reasons"]
            assert status == 503 and "no partition owned yet" in reasons
            assert any("sink" in r and "not open" in r for r in reasons), reasons

            await sink.open()

            async def only_ownership_missing():  # (a probe that began before the sink opened may still report it)
                status, body = await get(http, probe.port, "/readyz")
                return status == 503 and json.loads(body)["reasons"] == ["no partition owned yet"]

            await until(only_ownership_missing, WAIT, "the sink to answer a probe while no partition is owned")

            task = asyncio.create_task(worker.run(stop, config.shutdown_timeout_s))

            async def ready():
                status, body = await get(http, probe.port, "/readyz")
                return json.loads(body) if status == 200 else None

            state = await until(ready, WAIT, "/readyz to turn ready")
            assert state["owned_partitions"] and state["sink"]["ok"]  # no other replica: ready means owning
            ownerships = await store.list_ownership(consumer._address.hostname, consumer.eventhub_name,
                                                    consumer._consumer_group)
            assert ownerships and {o["owner_id"] for o in ownerships} == worker.owner_ids

            events = traffic()
            await publish(eventhub.connection_str, events)

            last_sequence = {pid: eventhub.events(pid)[-1].sequence_number for pid in eventhub.partitions}
            open_partition = eventhub.partition_for_key("health-open")

            async def settled():
                status, text = await get(http, probe.port, "/metrics")
                assert status == 200
                values = parse_metrics(text)
                lags = {pid: values.get(f'aoai_logpipe_partition_checkpoint_lag_events{{partition="{pid}"}}')
                        for pid in eventhub.partitions}
                done = (values.get("aoai_logpipe_events_total") == len(events)
                        and values.get("aoai_logpipe_cosmos_documents_total") == 2 * CONVERSATIONS + len(JUNK)
                        and values.get("aoai_logpipe_partitions_owned") == 4
                        # lag is judged on samples taken after the last event was enqueued (sampled every 0.3 s)
                        and all(values.get(f'aoai_logpipe_partition_last_enqueued_sequence_number{{partition="{pid}"}}')
                                == last for pid, last in last_sequence.items())
                        and all(lag == 0 for pid, lag in lags.items() if pid != open_partition)
                        and lags[open_partition] is not None)
                return (values, text) if done else None

            values, text = await until(settled, WAIT, "all events processed and checkpointed")
            assert without_labels(announced(text)) == without_labels(FAMILIES)  # every name, type and help
            stats = pipeline.stats
            assert values["aoai_logpipe_events_total"] == len(events) == CONVERSATIONS * 2 + len(JUNK) + 1
            assert values['aoai_logpipe_conversations_total{completeness="complete"}'] == CONVERSATIONS
            assert values['aoai_logpipe_dead_letters_total{reason="invalid_json"}'] == 1
            assert values['aoai_logpipe_dead_letters_total{reason="invalid_utf8"}'] == 1
            assert values['aoai_logpipe_tokens_total{kind="prompt"}'] == sum(10 + i for i in range(CONVERSATIONS))
            assert values['aoai_logpipe_tokens_total{kind="completion"}'] == 5 * CONVERSATIONS
            assert values['aoai_logpipe_cost_total{currency="USD"}'] == pytest.approx(float(stats.cost["USD"]))
            assert values['aoai_logpipe_requests_by_usage_source_total{source="reported"}'] == CONVERSATIONS
            assert values["aoai_logpipe_documents_written_total"] == 2 * CONVERSATIONS + len(JUNK)
            assert values["aoai_logpipe_cosmos_documents_total"] == 2 * CONVERSATIONS + len(JUNK)
            assert values["aoai_logpipe_checkpoints_total"] >= 1
            assert values[f'aoai_logpipe_open_conversations{{partition="{open_partition}"}}'] == 1
            assert sum(v for k, v in values.items() if k.startswith("aoai_logpipe_open_conversations{")) == 1
            # The open request holds its partition's checkpoint back (low watermark): KEDA sees that lag.
            assert values[f'aoai_logpipe_partition_checkpoint_lag_events{{partition="{open_partition}"}}'] >= 1
            for pid in eventhub.partitions:
                assert f'aoai_logpipe_partition_checkpoint_age_seconds{{partition="{pid}"}}' in values
                assert values[f'aoai_logpipe_partition_last_enqueued_sequence_number{{partition="{pid}"}}'] >= 0
            assert values["aoai_logpipe_ready"] == 1 and values["aoai_logpipe_sink_probe_ok"] == 1
            assert values["aoai_logpipe_cosmos_throttles_total"] == 0
            assert "question 1" not in text and SECRET not in text

            # The sink stops answering: not ready; it recovers: ready again.
            cosmos_server.inject("status", 10_000, ops=["read"], status=500)
            try:
                async def unready():
                    status, body = await get(http, probe.port, "/readyz")
                    return json.loads(body) if status == 503 else None

                state = await until(unready, WAIT, "/readyz to report the failing sink")
                assert any(r.startswith("sink did not answer") and "500" in r for r in state["reasons"]), state
            finally:
                cosmos_server.clear_faults()
            await until(ready, WAIT, "/readyz to recover")

            stop.set()  # SIGTERM: readiness drops at once, before the worker has finished closing
            status, body = await get(http, probe.port, "/readyz")
            assert status == 503 and "shutting down" in json.loads(body)["reasons"]
            await asyncio.wait_for(task, WAIT)
        lines = [json.loads(line) for line in logs.getvalue().splitlines()]
        assert any(d["logger"] == "aoai_logpipe.io.eventhub" and "claimed" in d["message"] for d in lines)
        assert any(d["logger"] == "aoai_logpipe.health" for d in lines)
        assert SECRET not in logs.getvalue() and "question 1" not in logs.getvalue()
    finally:
        root.removeHandler(handler)
        root.setLevel(saved[0]), ours.setLevel(saved[1])
        stop.set()
        if task is not None and not task.done():
            task.cancel()
        await probe.stop()
        sink.stop()
        await sink.close()
        await store.close()


async def _probed(probe):
    return probe.probes >= 1 and probe.sink_state.at is not None


async def ownership_probe(eventhub, azurite_connection_str: str, owner_ids: set[str]):
    """A Health watching a worker that owns no partition yet, over a fresh checkpoint container:
    (probe, consumer, store); the test claims ownership in the store itself."""
    from azure.eventhub.extensions.checkpointstoreblobaio import BlobCheckpointStore

    container = f"own-{uuid.uuid4().hex[:8]}"
    config = settings.load(env={}, overrides={"checkpoint.connection_string": azurite_connection_str,
                                              "checkpoint.container": container})
    await eh_io.ensure_container(config.checkpoint)
    store = BlobCheckpointStore.from_connection_string(azurite_connection_str, container)
    consumer = eh_io.make_consumer(SimpleNamespace(
        connection_string=SimpleNamespace(get_secret_value=lambda: eventhub.connection_str), consumer_group="$Default",
        eventhub_name=None, load_balancing_interval_s=1.0, partition_ownership_expiration_s=60.0), store)
    worker = SimpleNamespace(owned=set(), owner_ids=owner_ids, consumer=consumer, store=store,
                             settings=SimpleNamespace(partition_ownership_expiration_s=60.0))
    return health.Health(0, host="127.0.0.1", worker=worker, sink=None, sink_probe=None), consumer, store


async def test_a_replica_with_nothing_left_to_own_is_ready(eventhub, azurite_connection_str, tiktoken_dir):
    """More replicas than partitions: every partition held by a live owner means ready."""
    probe, consumer, store = await ownership_probe(eventhub, azurite_connection_str, owner_ids=set())
    try:
        await probe.probe_once()
        assert not probe.readiness()[0] and not probe.nothing_to_own
        namespace = consumer._address.hostname
        await store.claim_ownership([
            {"fully_qualified_namespace": namespace, "eventhub_name": eventhub.hub, "consumer_group": "$Default",
             "partition_id": pid, "owner_id": "another-replica"} for pid in eventhub.partitions])
        await probe.probe_once()
        ok, body = probe.readiness()
        assert ok and body["nothing_to_own"], body
    finally:
        await consumer.close()
        await store.close()


async def test_partitions_this_replica_claimed_but_has_not_opened_do_not_make_it_ready(
        eventhub, azurite_connection_str):
    """The SDK claims partitions in the store before it opens them: in between, the store names
    this replica as the owner of everything while it owns nothing yet."""
    probe, consumer, store = await ownership_probe(eventhub, azurite_connection_str, owner_ids={"this-replica"})
    try:
        claimed = await store.claim_ownership([
            {"fully_qualified_namespace": consumer._address.hostname, "eventhub_name": eventhub.hub,
             "consumer_group": "$Default", "partition_id": pid, "owner_id": "this-replica"}
            for pid in eventhub.partitions])
        assert len(claimed) == len(eventhub.partitions)
        await probe.probe_once()
        ok, body = probe.readiness()
        assert not ok and not body["nothing_to_own"] and body["reasons"] == ["no partition owned yet"]
    finally:
        await consumer.close()
        await store.close()


async def test_an_account_that_refuses_access_makes_the_replica_not_ready(cosmos_server, cosmos_faults,
                                                                          cosmos_database_name):
    from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget

    sink = CosmosSink(CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=cosmos_database_name,
                                   verify_tls=False))
    await sink.open()
    probe = health.Health(0, host="127.0.0.1", sink=sink)
    try:
        await probe.probe_once()
        assert probe.readiness()[0]
        cosmos_faults.inject("status", 10_000, status=401, ops=["any"])  # the key was rotated, say
        await probe.probe_once()
        ok, body = probe.readiness()
        assert not ok and any(r.startswith("sink did not answer") and "HTTP 401" in r for r in body["reasons"]), body
    finally:
        cosmos_faults.clear_faults()
        await sink._client.delete_database(cosmos_database_name)
        await sink.close()


async def test_liveness_fails_when_the_heartbeat_stops():
    probe = health.Health(0, host="127.0.0.1", max_loop_lag_s=0.5)
    await probe.start()
    try:
        async with aiohttp.ClientSession() as http:
            assert (await get(http, probe.port, "/livez"))[0] == 200
            time.sleep(0.8)  # block the event loop, as a runaway computation would
            probe._tasks[0].cancel()  # and keep the heartbeat from catching up
            await asyncio.sleep(0.6)
            status, body = await get(http, probe.port, "/livez")
            assert status == 503 and not json.loads(body)["alive"]
    finally:
        await probe.stop()


async def test_sigterm_during_a_slow_write_checkpoints_nothing_unwritten(eventhub, azurite_connection_str,
                                                                        cosmos_faults, tiktoken_dir):
    """Shutdown cancels the partition tasks mid-write; the close handler must then not checkpoint
    past events whose documents never became durable (they would be lost for good)."""
    suffix = uuid.uuid4().hex[:8]
    overrides = ws.worker_overrides(eventhub, azurite_connection_str, cosmos_faults, f"s-{suffix}", f"s-{suffix}",
                                    idle_s=300.0)
    config = settings.load(env={}, overrides={**overrides, "tiktoken_cache_dir": tiktoken_dir})
    pipeline, sink = app.build_pipeline(config), app.build_sink(config)
    await eh_io.ensure_container(config.checkpoint)
    store = eh_io.make_checkpoint_store(config.checkpoint)
    consumer = eh_io.make_consumer(config.eventhub, store)
    worker = eh_io.EventHubWorker(consumer, Runner(pipeline, sink, checkpoint_interval_s=0.5), config.eventhub, store)
    await sink.open()
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop, 10))
    try:
        await until(lambda: _owns(worker, 4), WAIT, "all partitions owned")
        cosmos_faults.inject("delay", 1000, writes_only=True, delay_ms=3000)
        pairs = [e for e in traffic() if e[0] and e[0].startswith("health-0")]  # 10 complete conversations
        await publish(eventhub.connection_str, pairs)
        await until(lambda: _processed(pipeline, len(pairs)), WAIT, "the events processed (writes still pending)")
        stop.set()
        await asyncio.wait_for(task, 30)
    finally:
        stop.set()
        cosmos_faults.clear_faults()
        sink.stop()
        await sink.close()
    checkpoints = await store.list_checkpoints(consumer._address.hostname, consumer.eventhub_name, "$default")
    await store.close()
    docs = await ws.cosmos_documents(cosmos_faults, f"s-{suffix}")
    written = {d["request_id"] for d in docs["chargeback"]}
    for cp in checkpoints:  # every event at or before a checkpoint must have its documents
        covered = [e for e in eventhub.events(cp["partition_id"]) if e.sequence_number <= cp["sequence_number"]]
        for event in covered:
            rid = json.loads(event.body)["request_id"]
            if json.loads(event.body)["type"] == "response":
                assert rid in written, f"partition {cp['partition_id']} checkpointed past unwritten {rid}"


async def _owns(worker, n):
    return len(worker.owned) >= n


async def _processed(pipeline, n):
    return pipeline.stats.events >= n
