"""The Azure path end to end over real wire protocols: the real Event Hubs SDK against the AMQP
test server, Blob checkpoints in Azurite, documents in the Cosmos-compatible server."""

from __future__ import annotations

import asyncio
import json
import signal
import time
import uuid
from pathlib import Path

import aiohttp
import pytest

from aoai_logpipe import app, generate, settings
from aoai_logpipe.io.sqlite import SqliteStore
from tests.integration import worker_support as ws
from tests.integration.worker_support import stop_worker, summaries_of

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def names():
    suffix = uuid.uuid4().hex[:8]
    return {"database": f"w-{suffix}", "container": f"ckpt-{suffix}"}


@pytest.fixture
def worker_config(traffic, eventhub, azurite_connection_str, cosmos_server, names):
    """Settings for an in-process worker on this test's hub, checkpoint container and database."""
    overrides = ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, names["database"], names["container"])
    return settings.load(env={}, overrides={**overrides, "tiktoken_cache_dir": traffic["tk"]})


@pytest.fixture(scope="module")
def traffic(tmp_path_factory):
    """A small generated month in all three dialects, and what the embedded path makes of it."""
    base = tmp_path_factory.mktemp("traffic")
    truth = generate.write(base / "in", generate.Plan(conversations=60, seed=21))
    config = settings.load(env={}, overrides={"replay.path": base / "in", "sqlite.path": base / "db",
                                              "dlp.mode": "off", "tiktoken_cache_dir": base / "tk"})
    asyncio.run(app.run_replay(config, progress=False))
    store = SqliteStore(base / "db")
    embedded = {role: list(store.documents(role)) for role in ("chargeback", "audit", "deadletters")}
    return {"truth": truth, "events": ws.replay_events(base / "in"), "embedded": embedded, "tk": base / "tk"}


async def test_published_events_become_the_same_documents_as_the_embedded_path(
        traffic, eventhub, azurite_connection_str, cosmos_server, names, worker_config):
    stop = asyncio.Event()
    worker = asyncio.create_task(app.run_eventhub(worker_config, stop))
    await ws.publish(eventhub.connection_str, traffic["events"])
    docs = await ws.wait_for(cosmos_server, names["database"], len(traffic["truth"].requests))
    stop.set()
    result = await worker
    assert ws.document_set(docs) == ws.document_set(traffic["embedded"])
    assert result.stats.events == len(traffic["events"]) and result.checkpoints > 0


async def test_checkpoints_are_the_blobs_keda_reads(traffic, eventhub, azurite_connection_str, cosmos_server, names,
                                                    worker_config):
    from azure.storage.blob.aio import ContainerClient

    stop = asyncio.Event()
    worker = asyncio.create_task(app.run_eventhub(worker_config, stop))
    await ws.publish(eventhub.connection_str, traffic["events"][:80])
    await ws.wait_for(cosmos_server, names["database"], 1)
    stop.set()
    await worker
    async with ContainerClient.from_connection_string(azurite_connection_str, names["container"]) as container:
        blobs = [b async for b in container.list_blobs(include=["metadata"])]
    checkpoints = [b for b in blobs if "/checkpoint/" in b.name]
    assert checkpoints, [b.name for b in blobs]
    for blob in checkpoints:
        namespace, hub, group, kind, partition = blob.name.split("/")
        assert (hub, group.lower(), kind) == (eventhub.hub, "$default", "checkpoint") and partition in eventhub.partitions
        assert int(blob.metadata["sequencenumber"]) >= 0 and blob.metadata["offset"].isdigit()


async def test_two_worker_processes_share_the_partitions_and_write_everything_once(
        traffic, eventhub, azurite_connection_str, cosmos_server, names, tmp_path, workers):
    env = ws.worker_env(ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, names["database"],
                                            names["container"]), traffic["tk"])
    procs = [workers(env, tmp_path / f"w{i}.log") for i in range(2)]
    samples: list[list[dict]] = []

    async def sample_receivers(until: asyncio.Event) -> None:
        while not until.is_set():
            samples.append(eventhub.receivers())
            await asyncio.sleep(0.2)

    done = asyncio.Event()
    sampler = asyncio.create_task(sample_receivers(done))
    try:
        for _ in range(100):  # the SDK claims about one partition per load-balancing interval
            if len({r["partition_id"] for r in eventhub.receivers()}) == 4:
                break
            await asyncio.sleep(0.2)
        await ws.publish(eventhub.connection_str, traffic["events"])
        docs = await ws.wait_for(cosmos_server, names["database"], len(traffic["truth"].requests), timeout=90)
    finally:
        done.set()
        await sampler
        stopped = [stop_worker(w) for w in procs]
    summaries = summaries_of(stopped)
    claimed = {r["partition_id"] for sample in samples for r in sample}
    assert claimed == set(eventhub.partitions)
    for sample in samples:  # never two readers on one partition at the same time
        per_partition = [r["partition_id"] for r in sample]
        assert len(per_partition) == len(set(per_partition)), sample
    assert all(s["events"] > 0 for s in summaries), "both workers should have had partitions"
    assert sum(s["events"] for s in summaries) >= len(traffic["events"])
    assert ws.document_set(docs) == ws.document_set(traffic["embedded"])


async def test_one_replica_with_two_processes_shares_the_partitions_and_serves_one_health_endpoint(
        traffic, eventhub, azurite_connection_str, cosmos_server, names, tmp_path, workers):
    env = ws.worker_env({**ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, names["database"],
                                               names["container"]), "shutdown_timeout_s": 8.0}, traffic["tk"])
    log_path = tmp_path / "replica.log"
    replica = workers(env, log_path, "--processes", "2")
    async with aiohttp.ClientSession() as session:
        port = await ws.health_port(log_path, replica, pattern=r"replica health endpoints on port (\d+)")
        await ws.until(lambda: ws.ready(session, port), 90, "both processes ready")
        await ws.publish(eventhub.connection_str, traffic["events"])
        docs = await ws.wait_for(cosmos_server, names["database"], len(traffic["truth"].requests), timeout=90)
        values = await ws.metrics(session, port)
        async with session.get(f"http://127.0.0.1:{port}/livez") as resp:
            assert resp.status == 200 and [p["process"] for p in (await resp.json())["processes"]] == [0, 1]
    owned = {k: v for k, v in values.items() if k.startswith("aoai_logpipe_partitions_owned")}
    assert sorted(owned) == ['aoai_logpipe_partitions_owned{process="0"}', 'aoai_logpipe_partitions_owned{process="1"}']
    assert sum(owned.values()) == 4 and all(v > 0 for v in owned.values()), "the SDK gave each process its share"
    started = time.monotonic()
    code, out = stop_worker(replica)
    assert code == 0 and time.monotonic() - started < 8.0 + 5.0, log_path.read_text()
    summary = json.loads(out)
    assert summary["events"] >= len(traffic["events"]) and summary["documents_written"] >= len(docs["audit"])
    assert ws.document_set(docs) == ws.document_set(traffic["embedded"])


async def test_a_replica_stops_when_one_of_its_processes_fails_and_exits_with_its_code(
        traffic, eventhub, azurite_connection_str, cosmos_server, cosmos_faults, names, tmp_path, workers):
    cosmos_faults.inject("status", 100_000, status=401, ops=["any"])
    env = ws.worker_env(ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, names["database"],
                                            names["container"]), traffic["tk"])
    replica = workers(env, tmp_path / "replica.log", "--processes", "2")
    replica.communicate(timeout=90)
    log = (tmp_path / "replica.log").read_text()
    assert replica.returncode == 3, log
    assert "error: Cosmos DB refused database" in log and "stopping the replica" in log and "Traceback" not in log


async def a_clean_restart_makes_every_document(workers, env, log_path, cosmos_server, names, traffic) -> None:
    """A worker started after the trouble catches up from the checkpoints to a clean run's documents."""
    final = workers(env, log_path)
    try:
        docs = await ws.wait_for(cosmos_server, names["database"], len(traffic["truth"].requests), timeout=120)
    finally:
        stopped = [stop_worker(final)]
    summaries_of(stopped)
    assert ws.document_set(docs) == ws.document_set(traffic["embedded"])


async def test_sigkill_at_any_point_loses_and_duplicates_nothing(
        traffic, eventhub, azurite_connection_str, cosmos_server, names, tmp_path, workers):
    """Kill -9 while conversations are half assembled and while Cosmos writes are slow (in flight);
    restart from the checkpoints; the final document set equals a clean run's."""
    env = ws.worker_env(ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, names["database"],
                                            names["container"]), traffic["tk"])
    events = traffic["events"]
    thirds = [events[: len(events) // 3], events[len(events) // 3: 2 * len(events) // 3], events[2 * len(events) // 3:]]
    cosmos_server.inject("delay", 40, writes_only=True, delay_ms=400)
    try:
        for i, part in enumerate(thirds):
            worker = workers(env, tmp_path / f"kill{i}.log")
            await ws.publish(eventhub.connection_str, part)
            await asyncio.sleep(2.5 + i)  # mid-flight: some batches written, some writes delayed, streams open
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
    finally:
        cosmos_server.clear_faults()
    await a_clean_restart_makes_every_document(workers, env, tmp_path / "final.log", cosmos_server, names, traffic)


async def test_sigkill_while_a_write_is_in_flight_and_the_next_batches_are_processed_loses_nothing(
        traffic, eventhub, azurite_connection_str, cosmos_faults, names, tmp_path, workers):
    """The overlapped pipeline's own hazard, reached by conditions, not timing: every Cosmos write
    is held in flight (its connection reset and retried), the first half of the events is
    processed, then the second half too; kill -9 there. Nothing may have been checkpointed, and a
    restart must produce the clean run's document set."""
    cosmos_server = cosmos_faults
    env = ws.worker_env(ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, names["database"],
                                            names["container"]), traffic["tk"])
    events = traffic["events"]
    first, second = events[: len(events) // 2], events[len(events) // 2:]
    log_path = tmp_path / "killed.log"
    worker = workers(env, log_path)
    async with aiohttp.ClientSession() as session:
        port = await ws.health_port(log_path, worker)
        await ws.until(lambda: ws.ready(session, port), 60, "the worker owns the partitions and the sink answers")
        resets = cosmos_server.counters()["faults_injected"].get("reset", 0)
        cosmos_server.inject("reset", 1_000_000, writes_only=True)
        await ws.publish(eventhub.connection_str, first)
        await ws.until(lambda: ws.events_processed(session, port, len(first)), 60, "the first half processed")
        await ws.until(lambda: _async(cosmos_server.counters()["faults_injected"].get("reset", 0) > resets), 60,
                       "a write in flight (held by the server)")
        await ws.publish(eventhub.connection_str, second)
        await ws.until(lambda: ws.events_processed(session, port, len(events)), 60,
                       "the second half processed while the first half's writes are in flight")
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    written = await ws.cosmos_documents(cosmos_server, names["database"])
    assert written["audit"] == [] and written["chargeback"] == [], "no write completed before the kill"
    assert await checkpoint_sequence_numbers(azurite_connection_str, names["container"]) == {}
    cosmos_server.clear_faults()
    await a_clean_restart_makes_every_document(workers, env, tmp_path / "final.log", cosmos_server, names, traffic)


async def _async(value):
    return value


async def test_a_throttling_storm_completes_with_nothing_lost_and_retries_counted(
        traffic, eventhub, azurite_connection_str, cosmos_server, names, worker_config):
    stop = asyncio.Event()
    worker = asyncio.create_task(app.run_eventhub(worker_config, stop))
    await asyncio.sleep(2)
    cosmos_server.inject("429", 25, writes_only=True, retry_after_ms=20)
    cosmos_server.inject("503", 5, writes_only=True)
    try:
        await ws.publish(eventhub.connection_str, traffic["events"])
        docs = await ws.wait_for(cosmos_server, names["database"], len(traffic["truth"].requests), timeout=90)
    finally:
        cosmos_server.clear_faults()
        stop.set()
    result = await worker
    assert ws.document_set(docs) == ws.document_set(traffic["embedded"])
    assert sum(result.sink["retries"].values()) >= 1
    assert "retries" in "\n".join(app.summary_lines(result))


async def test_connections_dropped_mid_stream_and_slow_deliveries_lose_nothing(
        traffic, eventhub, azurite_connection_str, cosmos_server, names, worker_config):
    stop = asyncio.Event()
    worker = asyncio.create_task(app.run_eventhub(worker_config, stop))
    events = traffic["events"]
    try:
        eventhub.server.delivery_delay = 0.005
        await ws.publish(eventhub.connection_str, events[: len(events) // 2])
        await ws.wait_for(cosmos_server, names["database"], 5, settle=0.0)
        dropped = eventhub.server.drop_connections()
        await ws.publish(eventhub.connection_str, events[len(events) // 2:])
        eventhub.server.drop_connections()
        docs = await ws.wait_for(cosmos_server, names["database"], len(traffic["truth"].requests), timeout=90)
    finally:
        stop.set()
        await worker
    assert dropped >= 1
    assert ws.document_set(docs) == ws.document_set(traffic["embedded"])


async def test_partitions_moving_to_a_new_replica_mid_run_lose_nothing(
        traffic, eventhub, azurite_connection_str, cosmos_server, names, worker_config):
    """A second replica joins: the SDK moves partitions (the first loses ownership, its links are
    closed) and the new owner replays from the checkpoints."""
    events = traffic["events"]
    stop_a, stop_b = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(app.run_eventhub(worker_config, stop_a))
    try:
        await ws.publish(eventhub.connection_str, events[: len(events) // 2])
        await ws.wait_for(cosmos_server, names["database"], 5, settle=0.0)
        second = asyncio.create_task(app.run_eventhub(worker_config, stop_b))
        for _ in range(100):  # until the newcomer owns something
            if len({r["name"] for r in eventhub.receivers()}) >= 2:
                break
            await asyncio.sleep(0.2)
        await ws.publish(eventhub.connection_str, events[len(events) // 2:])
        docs = await ws.wait_for(cosmos_server, names["database"], len(traffic["truth"].requests), timeout=90)
    finally:
        stop_a.set()
        stop_b.set()
    results = [await first, await second]
    assert all(r.stats.events > 0 for r in results)
    assert ws.document_set(docs) == ws.document_set(traffic["embedded"])


# ------------------------------------------------------------ refusals, account failures, SIGTERM


async def checkpoint_sequence_numbers(azurite_connection_str: str, container: str) -> dict[str, int]:
    from azure.storage.blob.aio import ContainerClient

    async with ContainerClient.from_connection_string(azurite_connection_str, container) as client:
        return {b.name.rsplit("/", 1)[1]: int(b.metadata["sequencenumber"])
                async for b in client.list_blobs(include=["metadata"]) if "/checkpoint/" in b.name}


async def test_documents_cosmos_refuses_for_good_are_quarantined_and_the_partitions_move_on(
        traffic, eventhub, azurite_connection_str, cosmos_server, cosmos_faults, names, worker_config):
    complete = [d for d in traffic["embedded"]["audit"] if d["completeness"] == "complete"]
    refused = {complete[0]["id"]: (413, None), complete[1]["id"]: (400, None), complete[2]["id"]: (403, 1014),
               traffic["embedded"]["chargeback"][5]["id"]: (400, None)}
    for doc_id, (status, substatus) in refused.items():
        container = "audit" if doc_id.startswith("au-") else "chargeback"
        cosmos_faults.inject("status", 100_000, status=status, substatus=substatus, ops=["write"],
                             path=f"/colls/{container}/docs", body=f'"{doc_id}"')
    stop = asyncio.Event()
    worker = asyncio.create_task(app.run_eventhub(worker_config, stop))
    try:
        await ws.publish(eventhub.connection_str, traffic["events"])
        docs = await ws.wait_for(cosmos_server, names["database"], len(traffic["truth"].requests) - 3)
        assert not worker.done()  # alive: no refusal stopped it
    finally:
        stop.set()
    result = await worker
    letters = {d["document_id"]: (d["status"], d["substatus"]) for d in docs["deadletters"]
               if d.get("reason") == "store_refused"}
    assert letters == refused
    stored = {d["id"] for role in ("chargeback", "audit") for d in docs[role]}
    expected = {d["id"] for role in ("chargeback", "audit") for d in traffic["embedded"][role]}
    assert stored == expected - set(refused)
    checkpoints = await checkpoint_sequence_numbers(azurite_connection_str, names["container"])
    assert checkpoints == {p: eventhub.events(p)[-1].sequence_number for p in eventhub.partitions if eventhub.events(p)}
    assert result.checkpoints > 0


async def test_an_account_that_refuses_access_stops_the_worker_with_exit_3_and_a_plain_message(
        traffic, eventhub, azurite_connection_str, cosmos_server, cosmos_faults, names, tmp_path, workers):
    cosmos_faults.inject("status", 100_000, status=401, ops=["any"])
    env = ws.worker_env(ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, names["database"],
                                            names["container"]), traffic["tk"])
    proc = workers(env, tmp_path / "w.log")
    proc.communicate(timeout=60)
    log = (tmp_path / "w.log").read_text()
    assert proc.returncode == 3, log
    assert "error: Cosmos DB refused database" in log and "HTTP 401" in log and "Traceback" not in log


class SilentEndpoint:
    """Accepts TCP connections and never answers (a black-holed endpoint)."""

    def __init__(self) -> None:
        import socket
        import threading

        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.held: list = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                self.held.append(self.sock.accept()[0])
            except OSError:
                return

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def silent_endpoint():
    endpoint = SilentEndpoint()
    yield endpoint
    endpoint.close()


@pytest.mark.parametrize("cosmos", ["answers only 503", "never answers"])
async def test_sigterm_while_the_sink_cannot_open_exits_within_the_shutdown_bound(
        traffic, eventhub, azurite_connection_str, cosmos_server, cosmos_faults, names, tmp_path, workers,
        silent_endpoint, cosmos):
    overrides = {**ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, names["database"],
                                       names["container"]), "shutdown_timeout_s": 4.0}
    if cosmos == "answers only 503":
        before = cosmos_faults.counters()["faults_injected"].get("503", 0)  # the server counts for the session
        cosmos_faults.inject("503", 1_000_000, ops=["any"])

        def opening() -> bool:
            return cosmos_faults.counters()["faults_injected"].get("503", 0) >= before + 3
    else:
        overrides["cosmos.endpoint"] = f"https://127.0.0.1:{silent_endpoint.port}"

        def opening() -> bool:
            return len(silent_endpoint.held) >= 1
    proc = workers(ws.worker_env(overrides, traffic["tk"]), tmp_path / "w.log")
    deadline = time.monotonic() + 60
    while not opening():  # the worker is inside sink.open(), retrying or waiting
        assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "w.log").read_text()
        await asyncio.sleep(0.1)
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    elapsed = time.monotonic() - started
    assert elapsed < 4.0, f"exited {elapsed:.1f} s after SIGTERM"
    assert proc.returncode == 0, (tmp_path / "w.log").read_text()


@pytest.mark.parametrize("cosmos", ["answers only 503", "never answers"])
async def test_sigterm_during_a_write_storm_exits_within_the_shutdown_bound_and_loses_nothing(
        traffic, eventhub, azurite_connection_str, cosmos_server, cosmos_faults, names, tmp_path, workers, cosmos):
    """Mid-run, every write fails (503) or hangs: SIGTERM still ends the worker within
    shutdown_timeout_s, and a restart makes every document (nothing was checkpointed unwritten)."""
    bound = 4.0
    overrides = {**ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, names["database"],
                                       names["container"]), "shutdown_timeout_s": bound}
    env = ws.worker_env(overrides, traffic["tk"])
    events = traffic["events"]
    proc = workers(env, tmp_path / "storm.log")
    kind = "503" if cosmos == "answers only 503" else "delay"
    try:
        await ws.publish(eventhub.connection_str, events[: len(events) // 2])
        await ws.wait_for(cosmos_server, names["database"], 5, timeout=120, settle=0.0)  # consuming and writing
        before = cosmos_faults.counters()["faults_injected"].get(kind, 0)  # the server counts for the session
        if kind == "503":
            cosmos_faults.inject("503", 1_000_000, ops=["write"])
        else:
            cosmos_faults.inject("delay", 1_000_000, ops=["write"], delay_ms=60_000)
        await ws.publish(eventhub.connection_str, events[len(events) // 2:])
        deadline = time.monotonic() + 120
        while cosmos_faults.counters()["faults_injected"].get(kind, 0) < before + (3 if kind == "503" else 1):
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "storm.log").read_text()
            await asyncio.sleep(0.1)  # until the worker's writes are failing or hanging
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
        elapsed = time.monotonic() - started
    finally:
        cosmos_faults.clear_faults()
    log = (tmp_path / "storm.log").read_text()
    assert elapsed < bound, f"exited {elapsed:.1f} s after SIGTERM\n{log}"
    assert proc.returncode == 0 and "Traceback" not in log, log
    await a_clean_restart_makes_every_document(workers, env, tmp_path / "final.log", cosmos_server, names, traffic)
