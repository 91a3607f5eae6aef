"""Helpers for worker tests: publish replay files through the real producer, configure workers,
read back what landed in Cosmos, and compare it with the embedded path."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from azure.cosmos.aio import CosmosClient
from azure.eventhub import EventData
from azure.eventhub.aio import EventHubProducerClient

from aoai_logpipe.core.decode import decode
from aoai_logpipe.core.types import RawEvent
from aoai_logpipe.io.replay import ReplaySource
from aoai_logpipe.reports.reader import STORAGE_FIELDS


def replay_events(path: Path) -> list[RawEvent]:
    return [e for batch in ReplaySource.from_paths([path]).batches() for e in batch.events]


def partition_key(event: RawEvent) -> str | None:
    """The conversation key, as a gateway would set it (request id / correlation id); None for junk."""
    fragments = decode(event).fragments
    return fragments[0].key if fragments else None


async def publish(connection_str: str, events: list[RawEvent]) -> None:
    """Real producer, partition key = the conversation key, one send per event (order kept per key)."""
    async with EventHubProducerClient.from_connection_string(connection_str) as producer:
        for event in events:
            key = partition_key(event)
            batch = await producer.create_batch(partition_key=key) if key else await producer.create_batch()
            batch.add(EventData(event.body))
            await producer.send_batch(batch)


def worker_overrides(eventhub, azurite_connection_str: str, cosmos_server, database: str, container: str,
                     idle_s: float = 3.0) -> dict[str, Any]:
    return {
        "source": "eventhub", "sink": "cosmos", "dlp.mode": "off",
        "eventhub.connection_string": eventhub.connection_str,
        "eventhub.load_balancing_interval_s": 1.0, "eventhub.max_wait_time_s": 0.5,
        "eventhub.checkpoint_interval_s": 0.5, "eventhub.partition_ownership_expiration_s": 6.0,
        "checkpoint.connection_string": azurite_connection_str, "checkpoint.container": container,
        "cosmos.endpoint": cosmos_server.endpoint, "cosmos.key": cosmos_server.key, "cosmos.database": database,
        "cosmos.verify_tls": False, "cosmos.buckets": 4,
        "assembly.idle_timeout_s": idle_s, "assembly.apim_settle_s": idle_s,
        "shutdown_timeout_s": 10.0, "health.port": 0,
    }


def worker_env(overrides: dict[str, Any], tiktoken_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AOAI_LOGPIPE_")}
    for key, value in overrides.items():
        env["AOAI_LOGPIPE_" + key.upper().replace(".", "__")] = str(value)
    env["AOAI_LOGPIPE_TIKTOKEN_CACHE_DIR"] = str(tiktoken_dir)
    return env


async def cosmos_documents(cosmos_server, database: str) -> dict[str, list[dict[str, Any]]]:
    async with CosmosClient(cosmos_server.endpoint, cosmos_server.key, connection_verify=False) as client:
        db = client.get_database_client(database)
        out = {}
        for role in ("chargeback", "audit", "deadletters"):
            try:
                container = db.get_container_client(role)
                out[role] = [i async for i in container.query_items("SELECT * FROM c")]
            except Exception:
                out[role] = []
        return out


async def wait_for(cosmos_server, database: str, audits: int, timeout: float = 60.0, settle: float = 2.0):
    """Poll until `audits` audit documents exist and nothing changed for `settle` seconds."""
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        docs = await cosmos_documents(cosmos_server, database)
        counts = tuple(len(v) for v in docs.values())
        if counts != last:
            last, since = counts, time.monotonic()
        elif len(docs["audit"]) >= audits and time.monotonic() - since >= settle:
            return docs
        await asyncio.sleep(0.3)
    raise AssertionError(f"timed out waiting for {audits} audit documents; have {last}")


def _numbers(value: Any) -> Any:
    """JSON numbers compare by value: the JavaScript server writes 0.0 back as 0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


def comparable(role: str, doc: dict[str, Any]) -> str:
    """A document without what legitimately differs between sources: store fields, positions,
    broker-assigned times, and timing facts of reassembly (why a conversation closed: end of input
    vs idle timeout; whether a redelivered duplicate came before or after it closed)."""
    doc = _numbers({k: v for k, v in doc.items() if k not in STORAGE_FIELDS and not k.startswith("_")})
    if role == "audit":
        doc["assembly"] = {k: v for k, v in doc["assembly"].items()
                           if k not in ("first_position", "last_position", "close_reason", "duplicates_dropped")}
    if role == "deadletters":
        return json.dumps({"reason": doc["reason"], "raw": doc["raw"]}, sort_keys=True)
    if doc.get("dialect") == "legacy-openai-logger":  # its only time is the broker's enqueued time
        doc.pop("time"), doc.pop("period")
    return json.dumps(doc, sort_keys=True)


def document_set(docs: dict[str, list[dict[str, Any]]]) -> dict[str, list[str]]:
    return {role: sorted(comparable(role, d) for d in items if d.get("reason") != "late_fragment")
            for role, items in docs.items()}


def gunzip_lines(path: Path) -> list[str]:
    return gzip.decompress(path.read_bytes()).decode().splitlines()


def stop_worker(proc: subprocess.Popen) -> tuple[int, str]:
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    return proc.returncode, out


def summaries_of(stopped: list[tuple[int, str]]) -> list[dict]:
    assert [code for code, _ in stopped] == [0] * len(stopped), stopped
    return [json.loads(out) for _, out in stopped]


async def health_port(log_path: Path, proc: subprocess.Popen, timeout: float = 60.0,
                      pattern: str = r"health endpoints on port (\d+)") -> int:
    """The port a worker started with `health.port` 0 listens on, from its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = re.search(pattern, log_path.read_text())
        if match:
            return int(match.group(1))
        assert proc.poll() is None, log_path.read_text()
        await asyncio.sleep(0.1)
    raise AssertionError(f"no health port in {log_path}")


async def until(predicate, timeout: float, what: str, period: float = 0.2) -> Any:
    """Wait for an async predicate (a condition, never a fixed sleep), with a generous deadline."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = await predicate()
        if last:
            return last
        await asyncio.sleep(period)
    raise AssertionError(f"timed out waiting for {what}; last: {last!r}")


async def ready(session, port: int) -> bool:
    async with session.get(f"http://127.0.0.1:{port}/readyz") as resp:
        return resp.status == 200


async def metrics(session, port: int) -> dict[str, float]:
    from aoai_logpipe.health import metrics_json

    async with session.get(f"http://127.0.0.1:{port}/metrics") as resp:
        return metrics_json(await resp.text())


async def events_processed(session, port: int, count: int) -> bool:
    return (await metrics(session, port)).get("aoai_logpipe_events_total", 0) >= count
