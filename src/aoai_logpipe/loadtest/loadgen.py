"""`aoai-logpipe loadgen`: synthetic gateway traffic into Event Hubs at a target rate.

It load-tests the worker alone, without a gateway: requests come from the generator's builders
(`generate.Requests`, every dialect), are stamped with the run id, and are published with the
real `EventHubProducerClient`, all events of one request in one batch keyed by the request (as a
gateway keys them, so they share a partition and keep their order). The pace is in events per
second, the unit Event Hubs throughput units are sized in. Every request sent is written to the
manifest that `reconcile --run` reads.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from aoai_logpipe import generate
from aoai_logpipe.loadtest.sent import TOKEN_COLUMNS, iso
from aoai_logpipe.settings import EventHubSettings, SettingsError

if TYPE_CHECKING:  # the SDK is imported when a run starts: `aoai-logpipe --help` stays quick
    from azure.eventhub.aio import EventHubProducerClient

#: Sends in flight at once: enough to keep a remote namespace busy, bounded so pacing holds.
IN_FLIGHT = 8
EXIT_CONFIG = 3


@dataclass(frozen=True)
class LoadPlan:
    run_id: str
    rate: float  # events per second
    duration: float  # seconds
    dialect: str = "mixed"
    seed: int | None = None  # default: from the run id, so two runs never reuse request ids

    def __post_init__(self) -> None:
        if not self.rate > 0 or not self.duration > 0:
            raise ValueError("--rate and --duration must be positive")


@dataclass
class LoadResult:
    requests: int
    events: int
    elapsed_s: float
    manifest: Path

    def summary(self, target: float) -> str:
        elapsed = max(self.elapsed_s, 1e-9)
        return (f"sent {self.requests} requests ({self.events} events) in {self.elapsed_s:.1f} s: "
                f"{self.events / elapsed:.1f} events/s achieved (target {target:g}), "
                f"{self.requests / elapsed:.1f} requests/s; manifest {self.manifest}")


def stamp(expected: generate.Expected, events: list[dict[str, Any]], run_id: str) -> None:
    """Name the run in the caller's tags, as the APIM policy does with the x-loadtest-* headers.
    Only v1 events carry tags; the other dialects are matched by request id alone."""
    for event in events:
        if event.get("schema") == generate.V1 and isinstance(event.get("caller"), dict):
            tags = event["caller"].setdefault("tags", {})
            tags["loadtest_run"] = run_id
            tags["loadtest_request"] = expected.request_id


def manifest_line(run_id: str, expected: generate.Expected, sent_at: datetime, events: int) -> str:
    usage = expected.usage
    return json.dumps({"run": run_id, "request_id": expected.request_id, "key": expected.key,
                       "dialect": expected.dialect, "time": iso(sent_at), "events": events,
                       "usage": None if usage is None else {k: usage[k] for k in TOKEN_COLUMNS}}) + "\n"


async def _send(producer: EventHubProducerClient, key: str, events: list[dict[str, Any]]) -> None:
    from azure.eventhub import EventData

    batch = await producer.create_batch(partition_key=key)
    for event in events:
        data = EventData(json.dumps(event, ensure_ascii=False, separators=(",", ":")))
        try:
            batch.add(data)
        except ValueError:  # the batch is full: send it, go on in a new one (same key, order kept)
            await producer.send_batch(batch)
            batch = await producer.create_batch(partition_key=key)
            batch.add(data)
    await producer.send_batch(batch)


async def run(producer: EventHubProducerClient, plan: LoadPlan, manifest: TextIO, progress: Any = None) -> tuple[int, int, float]:
    """Publish for `plan.duration` seconds at `plan.rate` events/s; return (requests, events, elapsed)."""
    seed = zlib.crc32(plan.run_id.encode()) if plan.seed is None else plan.seed
    source = generate.Requests(generate.Plan(seed=seed), plan.dialect)
    started = time.monotonic()
    requests = events = 0
    in_flight: set[asyncio.Task[None]] = set()

    async def one(expected: generate.Expected, bodies: list[dict[str, Any]], sent_at: datetime) -> None:
        await _send(producer, expected.key, bodies)
        manifest.write(manifest_line(plan.run_id, expected, sent_at, len(bodies)))

    try:
        while True:
            due = events / plan.rate  # when the next event may leave, in seconds from the start
            if due >= plan.duration:
                break
            wait = due - (time.monotonic() - started)
            if wait > 0:
                await asyncio.sleep(wait)
            while len(in_flight) >= IN_FLIGHT:
                done, in_flight = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
                for finished in done:
                    finished.result()  # a failed send stops the run (the manifest holds what was sent)
            sent_at = datetime.now(UTC)
            expected, bodies = source.next(sent_at)
            stamp(expected, bodies, plan.run_id)
            task = asyncio.create_task(one(expected, bodies, sent_at))
            in_flight.add(task)
            requests += 1
            events += len(bodies)
            if progress is not None:
                progress.update(min(time.monotonic() - started, plan.duration) - progress.n)
                progress.set_postfix_str(f"{requests} requests, {events} events", refresh=False)
        if in_flight:
            await asyncio.gather(*in_flight)
    finally:
        for task in in_flight:
            task.cancel()
    return requests, events, time.monotonic() - started


def make_producer(settings: EventHubSettings) -> tuple[EventHubProducerClient, Any]:
    """The producer for the worker's own Event Hubs settings: a connection string, else managed
    identity on the namespace. Returns it with the credential to close (or None)."""
    from azure.eventhub.aio import EventHubProducerClient

    if settings.connection_string is not None:
        return EventHubProducerClient.from_connection_string(
            settings.connection_string.get_secret_value(), eventhub_name=settings.eventhub_name), None
    if not settings.fully_qualified_namespace or not settings.eventhub_name:
        raise SettingsError("loadgen needs eventhub.connection_string, or fully_qualified_namespace and eventhub_name")
    from aoai_logpipe.app import azure_credential

    credential = azure_credential()
    return EventHubProducerClient(settings.fully_qualified_namespace, settings.eventhub_name, credential), credential


async def publish(settings: EventHubSettings, plan: LoadPlan, manifest_path: Path, show_progress: bool) -> LoadResult:
    """Open the producer and the manifest, run the plan, close both (the manifest is complete
    for every send that returned, even when a send fails)."""
    from tqdm import tqdm

    producer, credential = make_producer(settings)
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with manifest_path.open("w", encoding="utf-8") as manifest, \
                tqdm(total=plan.duration, unit="s", desc=f"loadgen {plan.run_id}", disable=not show_progress,
                     bar_format="{desc} {bar} {n:.0f}/{total:.0f} s {postfix}") as progress:
            async with producer:
                requests, events, elapsed = await run(producer, plan, manifest, progress)
    finally:
        if credential is not None:
            await credential.close()
    return LoadResult(requests, events, elapsed, manifest_path)


# --------------------------------------------------------------------------- command line


def add_command(subparsers: Any) -> Callable[[argparse.Namespace], int]:
    """Register `loadgen` on the CLI's subparsers; returns its handler (args -> exit code)."""
    parser = subparsers.add_parser(
        "loadgen", help="publish synthetic gateway events to Event Hubs at a target rate (load-test the worker)",
        description="Publish generated gateway traffic with the real Event Hubs producer at a target rate, stamped "
                    "with a run id, and write a manifest of every request for `reconcile --run`. Event Hubs "
                    "settings as for `consume` (--config, AOAI_LOGPIPE_EVENTHUB__*).")
    parser.add_argument("--run-id", help="names the run in the documents' tags and the manifest (default: lg-<time>)")
    parser.add_argument("--rate", type=float, default=100.0, help="target events per second (default: %(default)s)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds to publish (default: %(default)s)")
    parser.add_argument("--dialect", choices=[*generate.DIALECTS, "mixed"], default="mixed",
                        help="input dialect (default: %(default)s, the generator's mix)")
    parser.add_argument("--seed", type=int, help="random seed (default: from the run id: runs never share request ids)")
    parser.add_argument("--manifest", type=Path, help="manifest file (default: out/loadtest/RUN.manifest.jsonl)")
    parser.add_argument("--config", type=Path, help="config file (.toml or .json), as for `consume`")
    parser.add_argument("--no-progress", action="store_true", help="never draw the progress bar")
    return handle


def handle(args: argparse.Namespace) -> int:
    import logging

    from azure.eventhub.exceptions import EventHubError

    from aoai_logpipe import settings as settings_module
    from aoai_logpipe.loadtest.sent import SentLogError, check_run_id

    logging.getLogger("azure").setLevel(logging.WARNING)  # the SDK logs every send at INFO
    try:
        run_id = check_run_id(args.run_id or datetime.now(UTC).strftime("lg-%Y%m%dT%H%M%S"))
        plan = LoadPlan(run_id, args.rate, args.duration, args.dialect, args.seed)
        config = settings_module.load(args.config)
        manifest = args.manifest or Path("out/loadtest") / f"{run_id}.manifest.jsonl"
        result = asyncio.run(publish(config.eventhub, plan, manifest, not args.no_progress and sys.stderr.isatty()))
    except (SettingsError, SentLogError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except OSError as exc:
        print(f"error: cannot write the manifest: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except EventHubError as exc:
        print(f"error: publishing to Event Hubs failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
              file=sys.stderr)
        return EXIT_CONFIG
    print(result.summary(plan.rate))
    return 0
