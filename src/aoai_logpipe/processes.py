"""`consume --processes N`: one replica, N worker processes, so N vCPUs are used.

Each child is a whole worker (its own Event Hubs consumer client, pipeline, sink and health
endpoints on a loopback port). They share the consumer group and the checkpoint store, so the
SDK's load balancing splits the partitions between them exactly as it does between replicas:
ownership stays in the checkpoint store and there is no coordinator of ours. The parent only
supervises:

- health: it serves /livez, /readyz and /metrics on `health.port` by asking every child; the
  replica is live and ready only when every child is, and /metrics carries every child's
  samples with a `process` label (sum them in queries);
- shutdown: SIGTERM/SIGINT go on to every child, each closes within `shutdown_timeout_s` as a
  single worker does, and a child still running after that bound is killed;
- failure: a child that stops on its own (a write that could not be made durable, a refused
  account) stops the others, and the replica exits with that child's code so the platform
  restarts it; a child dies with its parent (Linux parent-death signal);
- the summary: the children's summaries are added up into one.
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import logging
import multiprocessing
import os
import signal
import sys
from collections import Counter
from dataclasses import fields
from decimal import Decimal
from multiprocessing.connection import Connection
from typing import Any, Iterable

import aiohttp
from aiohttp import web

from aoai_logpipe.app import RunResult
from aoai_logpipe.core.pipeline import PipelineStats
from aoai_logpipe.settings import Settings

log = logging.getLogger(__name__)

EXIT_KILLED = 5  # a child that had to be killed or died without a word: its batches are re-read


class Child:
    """One worker process and what it reported: its health port, then its summary."""

    def __init__(self, index: int, config: Settings) -> None:
        self.index = index
        self.config = config
        self.port: int | None = None
        self.result: RunResult | None = None
        self.exited = asyncio.Event()
        self._conn: Connection | None = None
        self.process: Any = None

    def start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_child_main, args=(self.index, self.config, send, os.getpid()),
                                   name=f"aoai-logpipe-worker-{self.index}")
        self.process.start()
        send.close()
        self._conn = receive
        loop = asyncio.get_running_loop()
        loop.add_reader(receive.fileno(), self._message)
        loop.add_reader(self.process.sentinel, self._ended)

    def _message(self) -> bool:
        """Read one message; False once the child has closed its end."""
        conn = self._conn
        if conn is None:
            return False
        try:
            kind, value = conn.recv()
        except (EOFError, OSError):
            self.close()
            return False
        if kind == "health":
            self.port = value
        elif kind == "result":
            self.result = value
        return True

    def _ended(self) -> None:
        asyncio.get_running_loop().remove_reader(self.process.sentinel)
        self.process.join()
        self._message_rest()
        self.exited.set()

    def _message_rest(self) -> None:
        """Read what the child said just before it exited (its summary)."""
        while self._conn is not None and self._conn.poll() and self._message():
            pass

    @property
    def exit_code(self) -> int | None:
        code = self.process.exitcode
        return None if code is None else (code if code >= 0 else EXIT_KILLED)

    def signal(self, sig: int) -> None:
        if self.process.exitcode is None:
            try:
                os.kill(self.process.pid, sig)
            except ProcessLookupError:
                pass

    def close(self) -> None:
        if self._conn is not None:
            asyncio.get_running_loop().remove_reader(self._conn.fileno())
            self._conn.close()
            self._conn = None


async def supervise(config: Settings, count: int, stop: asyncio.Event) -> tuple[int, RunResult | None]:
    """Run `count` worker processes until `stop` (SIGTERM) or until one of them stops on its own."""
    loopback = config.health.model_copy(update={"host": "127.0.0.1", "port": 0})
    children = [Child(i, config.model_copy(update={"health": loopback})) for i in range(count)]
    for child in children:
        child.start()
    log.info("started %d worker processes", count)
    health = await ReplicaHealth(children, config, stop).start() if config.health.enabled else None
    try:
        waiters = [asyncio.ensure_future(stop.wait())] + [asyncio.ensure_future(c.exited.wait()) for c in children]
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        for waiter in waiters:
            waiter.cancel()
        first = None if stop.is_set() else next(c for c in children if c.exited.is_set())
        if first is not None:
            log.error("worker process %d stopped (exit code %s); stopping the replica", first.index, first.exit_code)
            stop.set()
        for child in children:
            child.signal(signal.SIGTERM)
        pending = [asyncio.ensure_future(c.exited.wait()) for c in children]
        _, late = await asyncio.wait(pending, timeout=config.shutdown_timeout_s)
        for waiter in late:
            waiter.cancel()
        for child in children:
            if not child.exited.is_set():
                log.error("worker process %d did not stop within %.0f s; killing it", child.index,
                          config.shutdown_timeout_s)
                child.signal(signal.SIGKILL)
        await asyncio.gather(*(c.exited.wait() for c in children))
    finally:
        if health is not None:
            await health.stop()
        for child in children:
            child.close()
    # The replica exits as the child that stopped it did; after SIGTERM, as the first that failed.
    codes = [first.exit_code or 0] if first is not None else [c.exit_code or 0 for c in children]
    code = next((c for c in codes if c), 0)
    results = [c.result for c in children if c.result is not None]
    return code, (merge(results) if results and not code else None)


def merge(results: list[RunResult]) -> RunResult:
    """One summary for the replica: counts added up, the longest run's time."""
    stats = PipelineStats()
    for f in fields(PipelineStats):
        values = [getattr(r.stats, f.name) for r in results]
        if isinstance(values[0], Counter):
            total: Any = Counter()
            for value in values:
                total.update(value)  # keeps zero and negative counts, unlike +
        elif isinstance(values[0], dict):
            total = {}
            for value in values:
                for key, amount in value.items():
                    total[key] = total.get(key, Decimal(0)) + amount
        else:
            total = sum(values)
        setattr(stats, f.name, total)
    first = results[0]
    return RunResult(stats, sum(r.documents_written for r in results), sum(r.refused_downgrades for r in results),
                     max(r.elapsed_s for r in results), first.database, _add(r.sink for r in results),
                     sum(r.checkpoints for r in results), sum(r.joins_waiting for r in results))


def _add(dicts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for d in dicts:
        for key, value in d.items():
            if isinstance(value, dict):
                out[key] = _add([out.get(key, {}), value])
            elif isinstance(value, (int, float)):
                out[key] = out.get(key, 0) + value
            else:
                out.setdefault(key, value)
    return out


class ReplicaHealth:
    """/livez, /readyz and /metrics of the replica, from its children's own endpoints."""

    def __init__(self, children: list[Child], config: Settings, stop: asyncio.Event) -> None:
        self.children = children
        self.config = config.health
        self.stop_event = stop
        self.port: int | None = None
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> "ReplicaHealth":
        app = web.Application()
        app.router.add_get("/livez", self._livez)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/metrics", self._metrics)
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.config.probe_timeout_s))
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.config.host, self.config.port).start()
        self.port = int(self._runner.addresses[0][1])
        log.info("replica health endpoints on port %d (%d worker processes)", self.port, len(self.children))
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _ask(self, child: Child, path: str) -> tuple[int, str]:
        if child.exited.is_set():
            return 503, f"exited with code {child.exit_code}"
        if child.port is None:
            return 503, "starting"
        try:
            async with self._session.get(f"http://127.0.0.1:{child.port}{path}") as resp:  # type: ignore[union-attr]
                return resp.status, await resp.text()
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            return 503, f"no answer ({type(exc).__name__})"

    async def _all(self, path: str) -> list[tuple[int, str]]:
        return list(await asyncio.gather(*(self._ask(c, path) for c in self.children)))

    async def _probe(self, path: str, key: str, extra: list[str]) -> web.Response:
        answers = await self._all(path)
        ok = not extra and all(status == 200 for status, _ in answers)
        body = {key: ok, "reasons": extra, "processes": [
            {"process": c.index, "status": status, "detail": _detail(text)} for c, (status, text) in zip(self.children, answers)]}
        return web.json_response(body, status=200 if ok else 503)

    async def _livez(self, request: web.Request) -> web.Response:
        return await self._probe("/livez", "alive", [])

    async def _readyz(self, request: web.Request) -> web.Response:
        return await self._probe("/readyz", "ready", ["shutting down"] if self.stop_event.is_set() else [])

    async def _metrics(self, request: web.Request) -> web.Response:
        answers = await self._all("/metrics")
        texts = {str(c.index): text for c, (status, text) in zip(self.children, answers) if status == 200}
        from prometheus_client.exposition import CONTENT_TYPE_LATEST

        return web.Response(body=merge_metrics(texts), headers={"Content-Type": CONTENT_TYPE_LATEST})


def merge_metrics(texts: dict[str, str]) -> bytes:
    """Every family of every child once, each sample labelled with its child's `process`."""
    from prometheus_client.exposition import generate_latest
    from prometheus_client.metrics_core import Metric
    from prometheus_client.parser import text_string_to_metric_families
    from prometheus_client.registry import CollectorRegistry

    families: dict[str, Metric] = {}
    for process, text in texts.items():
        for family in text_string_to_metric_families(text):
            merged = families.get(family.name)
            if merged is None:
                merged = families[family.name] = Metric(family.name, family.documentation, family.type, family.unit)
            merged.samples.extend(s._replace(labels={"process": process, **s.labels}) for s in family.samples)

    class _Merged:
        def collect(self) -> Iterable[Metric]:
            return families.values()

    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Merged())  # type: ignore[arg-type]
    return generate_latest(registry)


def _detail(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _child_main(index: int, config: Settings, conn: Connection, parent: int) -> None:
    """A worker process: the ordinary worker, reporting its health port and summary to the parent."""
    _die_with_parent(parent)
    from aoai_logpipe.cli import run_configured
    from aoai_logpipe.logjson import configure

    configure(config.log_level, config.log_format)
    code, result = run_configured(config, on_health=lambda port: conn.send(("health", port)))
    conn.send(("result", result))
    conn.close()
    sys.exit(code)


def _die_with_parent(parent: int) -> None:
    """The replica is the parent: if it dies (even by SIGKILL), its workers go with it."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before the line above
        os._exit(EXIT_KILLED)
