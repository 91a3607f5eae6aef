"""Stage (e): the deployed worker, every party in its own process, CPU counted apart.

    Event Hubs test server (Python, own process) ──AMQP──► worker (`aoai-logpipe consume
    --processes N`, own process tree) ──HTTPS──► Cosmos-compatible server (Node)
                                                 └──HTTP──► Azurite (checkpoints, Node)

The hub is started empty; the worker is started and left to claim (and, with N > 1, balance)
every partition; only then are the events published, straight into the hub's store, and the
clock and the CPU counters start. The run ends when the last audit document is in Cosmos. CPU
is read from /proc (psutil) for each process tree, so the worker's own CPU per conversation
is not mixed with the servers' (or the bench's polling).
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

import psutil

ROOT = Path(__file__).resolve().parents[1]


def tree_cpu(pid: int) -> float:
    """User + system CPU seconds of a process and all its descendants (alive now)."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for proc in procs:
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def _hub_main(conn: Any, data: str, partitions: int) -> None:
    """The Event Hubs test server in a process of its own, driven through a pipe."""
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    from aoai_logpipe.io.replay import ReplaySource
    from tests.servers.eventhub_server import EventHubTestServer

    hub = EventHubTestServer(hub="bench", partitions=partitions)
    hub.start()
    ids = hub.partition_ids()
    events = [e for b in ReplaySource.from_paths([Path(data)], batch_size=1000).batches() for e in b.events]
    # As a gateway sends them: in time order across the files, so each partition's event clock
    # moves forward with its events (file after file, it would jump back at every file's start
    # and everything after the first file would look stale and be closed at its batch's end).
    events.sort(key=lambda e: e.position.enqueued_time or datetime.min.replace(tzinfo=timezone.utc))
    # Each event on the partition the generator gave it (the halves of an APIM request, exported
    # by Azure Monitor, on independent partitions minutes apart; a request's own events together,
    # as a keyed producer sends them), enqueued at its recorded time: partitions' event clocks
    # follow the day being replayed (not the few seconds it takes to publish), so conversations
    # time out after the production timeouts of event time, as they do live.
    placed = [(ids[int(e.position.partition.rsplit("-", 1)[-1]) % len(ids)], e.body, e.position.enqueued_time)
              for e in events]
    placed += [(pid, body, at) for pid, (body, at) in zip(ids, clock_events(events, len(ids)))]
    conn.send(hub.connection_string())
    while True:
        command = conn.recv()
        if command == "receivers":
            conn.send(len({r["partition_id"] for r in hub.receivers()}))
        elif command == "publish":
            for pid, body, at in placed:  # straight into the store: the producer is not what is measured
                hub.publish(pid, body, enqueued_time=at)
            conn.send(len(placed))
        elif command == "stop":
            hub.stop()
            conn.send("stopped")
            return


def clock_events(events: list, partitions: int) -> list[tuple[bytes, datetime]]:
    """A request an hour after the last event, one per partition (a copy of the input's first v1
    request under a new id), and its enqueued time: each partition's event clock moves past its
    tail, so the last conversations time out by event time. The data lies in the future, so the
    worker's idle ticks (wall clock) never move an event clock themselves, before or during the run."""
    first = next(json.loads(e.body) for e in events if b'"type":"request"' in e.body.replace(b" ", b"")
                 and b"aoai-logpipe/v1" in e.body)
    after = max(e.position.enqueued_time for e in events if e.position.enqueued_time) + timedelta(hours=1)
    return [(json.dumps({**first, "request_id": f"bench-clock-{i}", "time": after.isoformat()}).encode(), after)
            for i in range(partitions)]


@dataclass
class WorkerRun:
    processes: int
    elapsed: float
    worker_cpu: float
    servers_cpu: dict[str, float]
    summary: dict[str, Any] = field(default_factory=dict)
    profile: Path | None = None
    key_spread: dict[str, list[int]] = field(default_factory=dict)  # container -> documents per partition-key value


def run_worker(data: Path, work: Path, expected: int, processes: int, profile: bool = False,
               overrides: dict[str, str] | None = None) -> WorkerRun:
    from tests.servers.azurite import start_azurite
    from tests.servers.cosmos import start_cosmos

    run_dir = work / f"worker-{processes}"
    run_dir.mkdir(parents=True, exist_ok=True)
    with _hub(data) as (hub, hub_pid, connection_string):
        cosmos = start_cosmos(log_dir=run_dir)
        azurite = start_azurite(run_dir / "azurite")
        worker: subprocess.Popen | None = None
        try:
            env = {k: v for k, v in os.environ.items() if not k.startswith("AOAI_LOGPIPE_")}
            settings = {
                "source": "eventhub", "sink": "cosmos", "dlp.mode": "off", "tiktoken_cache_dir": work / "tk",
                "log_level": "INFO", "eventhub.connection_string": connection_string,
                "eventhub.max_wait_time_s": 0.5, "eventhub.load_balancing_interval_s": 1.0,
                "eventhub.partition_ownership_expiration_s": 10.0,
                "checkpoint.connection_string": azurite.connection_str, "checkpoint.container": "bench",
                "cosmos.endpoint": cosmos.endpoint, "cosmos.key": cosmos.key, "cosmos.verify_tls": False,
                "cosmos.database": "bench",
                "health.port": 0, "shutdown_timeout_s": 20.0, **(overrides or {}),
            }
            env.update({"AOAI_LOGPIPE_" + k.upper().replace(".", "__"): str(v) for k, v in settings.items()})
            env["PYTHONPATH"] = str(ROOT / "src")
            prof = run_dir / "worker.prof" if profile else None
            head = [sys.executable, "-m", "cProfile", "-o", str(prof)] if prof else [sys.executable]
            argv = head + ["-m", "aoai_logpipe.cli", "consume", "--json", "--processes", str(processes)]
            worker = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                      stderr=(run_dir / "worker.log").open("w"), text=True)
            asyncio.run(_until_balanced(hub, azurite.connection_str, processes, worker))
            servers = {"Event Hubs test server": hub_pid, "Cosmos-compatible server": cosmos.process.proc.pid,
                       "Azurite": azurite.process.proc.pid}
            worker_before = tree_cpu(worker.pid)
            servers_before = {name: tree_cpu(pid) for name, pid in servers.items()}
            started = time.perf_counter()
            hub.send("publish")
            asyncio.run(_until_written(cosmos, expected, worker))
            elapsed = time.perf_counter() - started
            worker_cpu = tree_cpu(worker.pid) - worker_before
            servers_cpu = {name: tree_cpu(pid) - servers_before[name] for name, pid in servers.items()}
            hub.recv()  # published
            worker.send_signal(signal.SIGTERM)
            out, _ = worker.communicate(timeout=120)
            if worker.returncode != 0:
                raise RuntimeError(f"the worker exited with {worker.returncode}; see {run_dir / 'worker.log'}")
            spread = asyncio.run(_key_spread(cosmos))
            return WorkerRun(processes, elapsed, worker_cpu, servers_cpu, json.loads(out), prof, spread)
        except BaseException:
            log = run_dir / "worker.log"
            print("worker log (tail):\n" + "\n".join(log.read_text().splitlines()[-60:]) if log.exists() else "", file=sys.stderr)
            raise
        finally:
            if worker is not None and worker.poll() is None:
                worker.kill()
                worker.wait()
            azurite.stop()
            cosmos.stop()


@contextmanager
def _hub(data: Path) -> Iterator[tuple[Any, int, str]]:
    """The Event Hubs test server in its own process, holding `data` (published on "publish"):
    the pipe that drives it, its pid and its connection string."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    hub = ctx.Process(target=_hub_main, args=(child, str(data), 4), name="eventhub-test-server")
    hub.start()
    try:
        yield parent, hub.pid, parent.recv()
    finally:
        parent.send("stop")
        parent.recv()
        hub.join(10)


@dataclass
class ReceiveRun:
    events: int
    elapsed: float
    cpu: float  # the receiving process's own CPU seconds


def _receive_main(connection_string: str, total: int, settings: dict[str, Any], queue: Any) -> None:
    """The SDK's receive alone (`receive_batch` as the worker calls it, every event turned into a
    RawEvent, nothing else): what receiving costs before any processing or writing."""
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    from azure.eventhub.aio import EventHubConsumerClient

    from aoai_logpipe.io.eventhub import raw_event

    async def consume() -> tuple[float, float]:
        got, done, started = 0, asyncio.Event(), [0.0, 0.0]

        async def on_batch(context: Any, events: list) -> None:
            nonlocal got
            if events and not got:
                started[:] = [time.perf_counter(), time.process_time()]
            for event in events:
                raw_event(event, context.partition_id)
            got += len(events)
            if got >= total:
                done.set()

        client = EventHubConsumerClient.from_connection_string(connection_string, consumer_group="$Default")
        task = asyncio.create_task(client.receive_batch(
            on_batch, max_batch_size=settings["max_batch_size"], prefetch=settings["prefetch"],
            max_wait_time=0.5, starting_position="-1"))
        await done.wait()
        result = time.perf_counter() - started[0], time.process_time() - started[1]
        await client.close()
        task.cancel()
        return result

    queue.put(asyncio.run(consume()))


def run_receive_only(data: Path) -> ReceiveRun:
    """Stage (e)'s input published into a hub of its own, then received by the SDK alone."""
    from aoai_logpipe.settings import EventHubSettings

    defaults = EventHubSettings()
    ctx = multiprocessing.get_context("spawn")
    with _hub(data) as (hub, _, connection_string):
        hub.send("publish")
        total = hub.recv()
        queue = ctx.Queue()
        receiver = ctx.Process(target=_receive_main, args=(connection_string, total, {
            "max_batch_size": defaults.max_batch_size, "prefetch": defaults.prefetch}, queue))
        receiver.start()
        elapsed, cpu = queue.get(timeout=600)
        receiver.join(30)
        return ReceiveRun(total, elapsed, cpu)


async def _until_balanced(hub: Any, azurite_connection: str, processes: int, worker: subprocess.Popen,
                          timeout: float = 180.0) -> None:
    """Every partition has a receiver, and with N processes each owns its share (the SDK balances)."""
    from azure.storage.blob.aio import ContainerClient

    deadline = time.monotonic() + timeout
    async with ContainerClient.from_connection_string(azurite_connection, "bench") as container:
        while time.monotonic() < deadline:
            if worker.poll() is not None:
                raise RuntimeError(f"the worker exited with {worker.returncode} while starting")
            hub.send("receivers")
            attached = hub.recv()
            owners: dict[str, int] = {}
            try:
                async for blob in container.list_blobs(include=["metadata"]):
                    if "/ownership/" in blob.name and blob.metadata.get("ownerid"):
                        owners[blob.metadata["ownerid"]] = owners.get(blob.metadata["ownerid"], 0) + 1
            except Exception:  # the container is created by the worker
                pass
            if attached == 4 and len(owners) == processes and max(owners.values()) - min(owners.values()) <= 1:
                await asyncio.sleep(2.0)  # a moment for the last claims' receivers to settle
                return
            await asyncio.sleep(0.5)
    raise RuntimeError(f"the worker did not claim and balance the partitions in {timeout:.0f} s")


async def _until_written(cosmos: Any, expected: int, worker: subprocess.Popen, timeout: float = 900.0) -> None:
    from azure.cosmos.aio import CosmosClient

    deadline = time.monotonic() + timeout
    async with CosmosClient(cosmos.endpoint, cosmos.key, connection_verify=False) as client:
        container = client.get_database_client("bench").get_container_client("audit")
        while time.monotonic() < deadline:
            if worker.poll() is not None:
                raise RuntimeError(f"the worker exited with {worker.returncode}")
            await asyncio.sleep(0.25)
            try:
                count = [c async for c in container.query_items("SELECT VALUE COUNT(1) FROM c")][0]
            except Exception:
                count = 0
            if count >= expected:
                return
    raise RuntimeError(f"the documents were not all written in {timeout:.0f} s")


async def _key_spread(cosmos: Any) -> dict[str, list[int]]:
    """How many documents each partition-key value holds, per container (the store has no GROUP BY)."""
    from azure.cosmos.aio import CosmosClient

    spread: dict[str, list[int]] = {}
    async with CosmosClient(cosmos.endpoint, cosmos.key, connection_verify=False) as client:
        database = client.get_database_client("bench")
        for name in ("chargeback", "audit"):
            counts: dict[str, int] = {}
            async for pk in database.get_container_client(name).query_items("SELECT VALUE c.pk FROM c"):
                counts[pk] = counts.get(pk, 0) + 1
            spread[name] = list(counts.values())
    return spread


def profile_by_package(path: Path) -> str:
    """CPU of the worker by package (cProfile's own time per function, grouped)."""
    import pstats

    totals: dict[str, float] = {}
    for (filename, _, name), (_, _, tottime, _, _) in pstats.Stats(str(path)).stats.items():  # type: ignore[attr-defined]
        if "epoll" in name or "select" in name or "poll" == name:
            key = "waiting for I/O"
        elif "aoai_logpipe" in filename:
            key = "aoai_logpipe (ours)"
        elif "azure/cosmos" in filename:
            key = "azure-cosmos SDK"
        elif "azure/eventhub" in filename:
            key = "azure-eventhub SDK (pyamqp)"
        elif "azure/storage" in filename or "checkpointstore" in filename:
            key = "azure-storage-blob (checkpoints)"
        elif "azure/core" in filename:
            key = "azure-core"
        elif "aiohttp" in filename or "ssl" in filename:
            key = "aiohttp / TLS"
        elif "tiktoken" in filename:
            key = "tiktoken"
        elif "pydantic" in filename:
            key = "pydantic"
        else:
            key = "other (stdlib: json, asyncio, uuid, ...)"
        totals[key] = totals.get(key, 0.0) + tottime
    whole = sum(totals.values()) or 1.0
    lines = ["worker time by package (cProfile, whole run):"]
    lines += [f"  {key:<40} {value:7.2f} s  {value / whole:6.1%}" for key, value in sorted(totals.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)
