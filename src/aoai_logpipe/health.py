"""Liveness, readiness and Prometheus metrics for the worker (Azure Container Apps probes).

    GET /livez    200 while the process and its event loop are alive (503 if the loop stalls)
    GET /readyz   200 only when the worker owns >= 1 partition (or every partition is held by
                  another live replica: nothing left to own) AND the sink answered its last
                  probe; 503 with the reasons otherwise, and from the moment shutdown begins
    GET /metrics  Prometheus text format 0.0.4 (prometheus-client), read from the live objects

`Health` never owns the pipeline: it only *reads* state from the objects it is given (the
`PipelineStats`, `EventHubWorker.owned`, `Runner.partitions`, `CosmosSink.counters`), plus what
it probes itself on a timer (a point read of the sink, partition ownership records, and each
owned partition's last enqueued sequence number for lag). A scrape never does I/O. Each Health
is the collector of its own `CollectorRegistry` (never the process-wide one), so tests and
several workers in one process never see each other's series.

Wiring (in app.run_eventhub)::

    probe = await health.serve(settings.health, worker=worker, runner=runner, sink=sink, stop=stop)
    try:
        await worker.run(stop, settings.shutdown_timeout_s)
    finally:
        await probe.stop()
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from aiohttp import web
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4 as CONTENT_TYPE
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric

from aoai_logpipe import __version__

log = logging.getLogger(__name__)

PROBE_ITEM_ID = "aoai-logpipe-readiness-probe"


@dataclass
class HealthConfig:
    """The settings Health needs (settings.HealthSettings has the same fields)."""

    enabled: bool = True
    host: str = "0.0.0.0"
    port: int = 8080
    probe_interval_s: float = 10.0
    probe_timeout_s: float = 5.0
    lag_interval_s: float = 15.0
    max_loop_lag_s: float = 30.0


@dataclass
class SinkProbe:
    ok: bool = False
    error: str | None = "not probed yet"
    at: float | None = None  # monotonic time of the last answer or failure
    duration_s: float | None = None


@dataclass
class _Partition:
    """What Health remembers about one partition between samples."""

    checkpoint_seq: int | None = None
    checkpoint_changed_at: float = 0.0
    last_enqueued_seq: int | None = None
    last_enqueued_at: float | None = None


class SinkNotReady(RuntimeError):
    pass


async def probe_sink(sink: Any) -> None:
    """Raise unless the sink answers. Cosmos: a point read of a document that does not exist
    (~1 RU; 404 item-not-found means the service, the database and the container answered)."""
    custom = getattr(sink, "probe", None)
    if callable(custom):
        await custom()
        return
    containers = getattr(sink, "_containers", None)
    if containers is None:  # SQLite and other local sinks: nothing remote to ask
        return
    container = containers.get("chargeback") if isinstance(containers, Mapping) else None
    if container is None or getattr(sink, "_client", True) is None:
        raise SinkNotReady("sink not open yet")
    from azure.cosmos.exceptions import CosmosHttpResponseError

    try:
        await container.read_item(PROBE_ITEM_ID, partition_key="probe")
    except CosmosHttpResponseError as exc:
        if exc.status_code == 404 and getattr(exc, "sub_status", None) in (None, 0):
            return  # the item is absent, as it should be: the service answered
        raise


class Health:
    """The probe server. `start()` binds and starts the background samplers; `stop()` undoes it."""

    def __init__(self, port: int = 8080, *, host: str = "0.0.0.0", pipeline: Any = None, runner: Any = None,
                 worker: Any = None, sink: Any = None, stop_event: asyncio.Event | None = None,
                 probe_interval_s: float = 10.0, probe_timeout_s: float = 5.0, lag_interval_s: float = 15.0,
                 max_loop_lag_s: float = 30.0,
                 sink_probe: Callable[[Any], Awaitable[None]] | None = probe_sink,
                 extra_metrics: Callable[[], str] | None = None) -> None:
        self.requested_port = port
        self.host = host
        self.runner = runner
        self.pipeline = pipeline if pipeline is not None else getattr(runner, "pipeline", None)
        self.sink = sink if sink is not None else getattr(runner, "sink", None)
        self.worker = worker
        self.stop_event = stop_event
        self.probe_interval_s = probe_interval_s
        self.probe_timeout_s = probe_timeout_s
        self.lag_interval_s = lag_interval_s
        self.max_loop_lag_s = max_loop_lag_s
        self.sink_probe = sink_probe
        self.extra_metrics = extra_metrics  # more families in the text format (budget gauges)
        self.sink_state = SinkProbe()
        self.nothing_to_own = False
        self.partition_ids: list[str] | None = None
        self.loop_lag_s = 0.0
        self.started_wall = time.time()
        self._partitions: dict[str, _Partition] = {}
        self._last_tick = time.monotonic()
        self._stopping = False
        self._tasks: list[asyncio.Task] = []
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self.probes = 0
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(self)

    # ------------------------------------------------------------ lifecycle

    async def start(self) -> "Health":
        app = web.Application()
        app.router.add_get("/livez", self._livez)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.requested_port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self._tasks = [asyncio.create_task(self._heartbeat(), name="health-heartbeat"),
                       asyncio.create_task(self._prober(), name="health-probes")]
        if self.worker is not None and hasattr(self.worker, "consumer"):
            self._tasks.append(asyncio.create_task(self._lag_sampler(), name="health-lag"))
        log.info("health endpoints on port %d (/livez, /readyz, /metrics)", self.port)
        return self

    async def stop(self) -> None:
        self._stopping = True
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass
        self._tasks = []
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def draining(self) -> None:
        """Shutdown began: report not ready from now on (also implied by `stop_event`)."""
        self._stopping = True

    # ------------------------------------------------------------ state

    @property
    def stopping(self) -> bool:
        return self._stopping or bool(self.stop_event is not None and self.stop_event.is_set())

    def owned(self) -> list[str]:
        owned = getattr(self.worker, "owned", None)
        return sorted(owned, key=_partition_order) if owned else []

    def liveness(self) -> tuple[bool, dict[str, Any]]:
        since = time.monotonic() - self._last_tick
        ok = since < self.max_loop_lag_s
        return ok, {"alive": ok, "loop_lag_s": round(self.loop_lag_s, 3), "since_last_tick_s": round(since, 3)}

    def readiness(self) -> tuple[bool, dict[str, Any]]:
        reasons = []
        owned = self.owned()
        if self.stopping:
            reasons.append("shutting down")
        if self.worker is not None and not owned and not self.nothing_to_own:
            reasons.append("no partition owned yet")
        sink = self.sink_state
        if self.sink is not None and not sink.ok:
            reasons.append(f"sink did not answer its last probe: {sink.error}")
        body = {
            "ready": not reasons,
            "reasons": reasons,
            "owned_partitions": owned,
            "nothing_to_own": self.nothing_to_own,
            "sink": {"ok": sink.ok, "error": sink.error,
                     "age_s": None if sink.at is None else round(time.monotonic() - sink.at, 3)},
        }
        return not reasons, body

    # ------------------------------------------------------------ HTTP handlers

    async def _livez(self, request: web.Request) -> web.Response:
        ok, body = self.liveness()
        return web.json_response(body, status=200 if ok else 503)

    async def _readyz(self, request: web.Request) -> web.Response:
        ok, body = self.readiness()
        return web.json_response(body, status=200 if ok else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        text = self.render_metrics() + (self.extra_metrics() if self.extra_metrics is not None else "")
        return web.Response(body=text.encode("utf-8"), headers={"Content-Type": CONTENT_TYPE})

    # ------------------------------------------------------------ samplers

    async def _heartbeat(self, period: float = 0.5) -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(period)
            now = time.monotonic()
            self.loop_lag_s = max(0.0, now - before - period)
            self._last_tick = now
            self._sample_checkpoints(now)

    def _sample_checkpoints(self, now: float) -> None:
        partitions = getattr(self.runner, "partitions", None) or {}
        for pid, state in list(partitions.items()):
            seen = self._partitions.get(pid)
            checkpointed = getattr(state, "checkpointed", None)
            seq = checkpointed.sequence_number if checkpointed is not None else None
            if seen is None:
                self._partitions[pid] = _Partition(checkpoint_seq=seq, checkpoint_changed_at=now)
            elif seq != seen.checkpoint_seq:
                seen.checkpoint_seq, seen.checkpoint_changed_at = seq, now
        for pid in [p for p in self._partitions if p not in partitions and p not in self.owned()]:
            self._partitions.pop(pid, None)

    async def _prober(self) -> None:
        while True:
            await self.probe_once()
            await asyncio.sleep(self.probe_interval_s)

    async def probe_once(self) -> None:
        """One round of readiness probes (the sink, and partition ownership when we own none)."""
        self.probes += 1
        if self.sink is not None and self.sink_probe is not None:
            started = time.monotonic()
            try:
                await asyncio.wait_for(self.sink_probe(self.sink), timeout=self.probe_timeout_s)
                self.sink_state = SinkProbe(True, None, time.monotonic(), time.monotonic() - started)
            except asyncio.CancelledError:
                raise
            except asyncio.TimeoutError:
                self.sink_state = SinkProbe(False, f"no answer within {self.probe_timeout_s:g} s", time.monotonic(), None)
            except Exception as exc:  # the reason is reported on /readyz; never a payload
                self.sink_state = SinkProbe(False, _describe(exc), time.monotonic(), None)
        await self._check_ownership()

    async def _check_ownership(self) -> None:
        worker = self.worker
        if worker is None or getattr(worker, "owned", None) or self.stopping:
            self.nothing_to_own = False  # (no new client connections while the consumer closes)
            return
        consumer, store = getattr(worker, "consumer", None), getattr(worker, "store", None)
        if consumer is None or store is None:
            self.nothing_to_own = False
            return
        try:
            if self.partition_ids is None:
                self.partition_ids = list(await asyncio.wait_for(consumer.get_partition_ids(), self.probe_timeout_s))
            namespace = consumer._address.hostname  # the same key the SDK's load balancer uses
            ownerships = await asyncio.wait_for(
                store.list_ownership(namespace, consumer.eventhub_name, consumer._consumer_group), self.probe_timeout_s)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.debug("ownership check failed: %s", type(exc).__name__)
            self.nothing_to_own = False
            return
        expiry = float(getattr(getattr(worker, "settings", None), "partition_ownership_expiration_s", 60.0))
        now = time.time()
        # Our own claims do not count: between claiming a partition and opening it, this replica
        # owns nothing yet while the store already names it as the owner.
        ours = set(getattr(worker, "owner_ids", ()) or ())
        alive = {o["partition_id"] for o in ownerships
                 if o.get("owner_id") and o["owner_id"] not in ours
                 and now - float(o.get("last_modified_time") or 0) < expiry}
        self.nothing_to_own = bool(self.partition_ids) and set(self.partition_ids) <= alive

    async def _lag_sampler(self) -> None:
        while True:
            await self.sample_lag()
            await asyncio.sleep(self.lag_interval_s)

    async def sample_lag(self) -> None:
        """Last enqueued sequence number of each owned partition (a management read per partition),
        unless the worker already tracks it from `track_last_enqueued_event_properties`."""
        if self.stopping:
            return
        tracked = getattr(self.worker, "last_enqueued", None)
        consumer = getattr(self.worker, "consumer", None)
        for pid in self.owned():
            seq = None
            if isinstance(tracked, Mapping) and pid in tracked:
                seq = _last_sequence(tracked[pid])
            elif consumer is not None:
                try:
                    props = await asyncio.wait_for(consumer.get_partition_properties(pid), self.probe_timeout_s)
                    seq = _last_sequence(props)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    log.debug("partition %s properties unavailable: %s", pid, type(exc).__name__)
            if seq is not None:
                state = self._partitions.setdefault(pid, _Partition(checkpoint_changed_at=time.monotonic()))
                state.last_enqueued_seq, state.last_enqueued_at = seq, time.monotonic()

    # ------------------------------------------------------------ metrics

    def render_metrics(self) -> str:
        """One scrape: the families of `collect`, in the Prometheus text format 0.0.4."""
        return generate_latest(self.registry).decode("utf-8")

    def collect(self) -> Iterator[Metric]:
        """Every family, read from the live objects at scrape time (a prometheus-client collector:
        the pipeline keeps its own counts, nothing is incremented twice)."""
        now = time.monotonic()
        yield _labelled(GaugeMetricFamily, "aoai_logpipe_info", "Build information.", "version", [(__version__, 1)])
        yield GaugeMetricFamily("aoai_logpipe_start_time_seconds", "Start time of the process (Unix seconds).",
                                self.started_wall)
        ready, _ = self.readiness()
        yield GaugeMetricFamily("aoai_logpipe_ready", "1 when /readyz reports ready.", int(ready))
        yield GaugeMetricFamily("aoai_logpipe_sink_probe_ok", "1 when the sink answered its last health probe.",
                                int(self.sink_state.ok))
        yield GaugeMetricFamily("aoai_logpipe_event_loop_lag_seconds", "Delay of the event loop's last heartbeat.",
                                self.loop_lag_s)
        yield from self._pipeline_metrics()
        if self.runner is not None:
            yield CounterMetricFamily("aoai_logpipe_documents_written_total", "Documents written durably by the sink.",
                                      getattr(self.runner, "documents_written", 0))
            yield CounterMetricFamily("aoai_logpipe_checkpoints_total", "Checkpoints written.",
                                      getattr(self.runner, "checkpoints_written", 0))
        if self.worker is not None:
            yield GaugeMetricFamily("aoai_logpipe_partitions_owned", "Partitions this replica owns.", len(self.owned()))
            yield CounterMetricFamily("aoai_logpipe_eventhub_errors_total", "Errors reported by the Event Hubs client.",
                                      getattr(self.worker, "errors", 0))
        yield from self._partition_metrics(now)
        yield from self._sink_metrics()

    def _pipeline_metrics(self) -> Iterator[Metric]:
        stats = getattr(self.pipeline, "stats", None)
        if stats is not None:
            yield CounterMetricFamily("aoai_logpipe_events_total", "Events read from the source.", stats.events)
            yield CounterMetricFamily("aoai_logpipe_event_bytes_total", "Bytes of event bodies read.", stats.bytes)
            yield CounterMetricFamily("aoai_logpipe_events_dead_lettered_total",
                                      "Events that yielded no fragment (dead-lettered whole).", stats.events_dead_lettered)
            yield _labelled(CounterMetricFamily, "aoai_logpipe_dead_letters_total", "Dead letters written, by reason.",
                            "reason", sorted(stats.dead_letters.items()))
            yield _labelled(CounterMetricFamily, "aoai_logpipe_conversations_total",
                            "Conversations closed, by completeness.", "completeness",
                            [("complete", stats.conversations_complete), ("incomplete", stats.conversations_incomplete)])
            yield _labelled(CounterMetricFamily, "aoai_logpipe_conversations_closed_total",
                            "Conversations closed, by reason.", "reason", sorted(stats.close_reasons.items()))
            yield CounterMetricFamily("aoai_logpipe_duplicate_fragments_total",
                                      "Duplicate fragments dropped (at-least-once redelivery).", stats.duplicates)
            yield _labelled(CounterMetricFamily, "aoai_logpipe_tokens_total", "Tokens billed, by kind.", "kind",
                            [("prompt", stats.prompt_tokens), ("completion", stats.completion_tokens)])
            yield _labelled(CounterMetricFamily, "aoai_logpipe_requests_by_usage_source_total",
                            "Requests billed, by usage source.", "source", sorted(stats.usage_sources.items()))
            yield _labelled(CounterMetricFamily, "aoai_logpipe_cost_total", "Cost of priced requests, by currency.",
                            "currency", sorted(stats.cost.items()))
            yield CounterMetricFamily("aoai_logpipe_unpriced_requests_total", "Requests whose model has no price.",
                                      stats.unpriced)
        assemblers = getattr(self.pipeline, "_assemblers", None)
        if isinstance(assemblers, Mapping):
            pids = sorted(assemblers, key=_partition_order)
            yield _labelled(GaugeMetricFamily, "aoai_logpipe_open_conversations",
                            "Conversations still open, by partition.", "partition",
                            [(pid, assemblers[pid].open_count) for pid in pids])
            yield _labelled(GaugeMetricFamily, "aoai_logpipe_open_bytes",
                            "Bytes held by open conversations, by partition.", "partition",
                            [(pid, assemblers[pid].open_bytes) for pid in pids])

    def _partition_metrics(self, now: float) -> Iterator[Metric]:
        runner_partitions = getattr(self.runner, "partitions", None) or {}
        owned = set(self.owned())
        assemblers = getattr(self.pipeline, "_assemblers", None) or {}
        checkpoint_seq, checkpoint_age, last_enqueued, checkpoint_lag, processing_lag = [], [], [], [], []
        for pid in sorted(set(self._partitions) | set(runner_partitions), key=_partition_order):
            if runner_partitions and pid not in runner_partitions and pid not in owned:
                continue
            state = self._partitions.get(pid) or _Partition(checkpoint_changed_at=now)
            ckpt = getattr(runner_partitions.get(pid), "checkpointed", None)
            ckpt_seq = ckpt.sequence_number if ckpt is not None else None
            if ckpt_seq is not None:
                checkpoint_seq.append((pid, ckpt_seq))
            checkpoint_age.append((pid, round(now - state.checkpoint_changed_at, 3)))
            if state.last_enqueued_seq is not None:
                last_enqueued.append((pid, state.last_enqueued_seq))
                if ckpt_seq is not None:
                    checkpoint_lag.append((pid, max(0, state.last_enqueued_seq - ckpt_seq)))
                done = getattr(assemblers.get(pid), "_last_done", None)
                if done is not None:
                    processing_lag.append((pid, max(0, state.last_enqueued_seq - done.sequence_number)))
        yield _labelled(GaugeMetricFamily, "aoai_logpipe_partition_checkpoint_sequence_number",
                        "Sequence number of the last checkpoint written, by partition.", "partition", checkpoint_seq)
        yield _labelled(GaugeMetricFamily, "aoai_logpipe_partition_checkpoint_age_seconds",
                        "Seconds since the checkpoint of the partition last moved (or since it was claimed).",
                        "partition", checkpoint_age)
        yield _labelled(GaugeMetricFamily, "aoai_logpipe_partition_last_enqueued_sequence_number",
                        "Last sequence number enqueued in the partition (sampled every lag_interval_s).", "partition",
                        last_enqueued)
        yield _labelled(GaugeMetricFamily, "aoai_logpipe_partition_checkpoint_lag_events",
                        "Events after the checkpoint (what KEDA's azure-eventhub scaler counts as unprocessed).",
                        "partition", checkpoint_lag)
        yield _labelled(GaugeMetricFamily, "aoai_logpipe_partition_processing_lag_events",
                        "Events enqueued but not yet processed.", "partition", processing_lag)

    def _sink_metrics(self) -> Iterator[Metric]:
        counters = getattr(self.sink, "counters", None)
        if counters is None:
            return
        yield CounterMetricFamily("aoai_logpipe_cosmos_documents_total", "Documents written to Cosmos DB.",
                                  counters.documents)
        yield CounterMetricFamily("aoai_logpipe_cosmos_batches_total", "Transactional batches executed.",
                                  counters.batches)
        yield CounterMetricFamily("aoai_logpipe_cosmos_single_writes_total",
                                  "Single-document writes (guarded or lone upserts).", counters.single_writes)
        yield CounterMetricFamily("aoai_logpipe_cosmos_refused_downgrades_total",
                                  "Writes refused: a better version was stored.", counters.refused_downgrades)
        yield CounterMetricFamily("aoai_logpipe_cosmos_trimmed_total",
                                  "Audit documents trimmed to fit the 2 MB item limit.", counters.trimmed)
        yield CounterMetricFamily("aoai_logpipe_cosmos_quarantined_total",
                                  "Documents Cosmos DB refused for good, kept in dead letters.",
                                  getattr(counters, "quarantined", 0))
        yield CounterMetricFamily("aoai_logpipe_cosmos_request_charge_total", "Request units charged by Cosmos DB.",
                                  getattr(counters, "request_charge", 0.0))
        retries = getattr(counters, "retries", {}) or {}
        yield CounterMetricFamily("aoai_logpipe_cosmos_throttles_total", "Requests throttled by Cosmos DB (429).",
                                  retries.get("429", 0))
        yield _labelled(CounterMetricFamily, "aoai_logpipe_cosmos_retries_total",
                        "Cosmos DB retries, by status code or error kind.", "kind", sorted(retries.items()))
        yield _labelled(CounterMetricFamily, "aoai_logpipe_cosmos_requests_total",
                        "Cosmos DB requests sent (every attempt), by operation.", "operation",
                        sorted((getattr(counters, "requests", {}) or {}).items()))


def _labelled(family: type[Metric], name: str, help_text: str, label: str,
              samples: Iterable[tuple[Any, Any]]) -> Metric:
    """A family with one label (announced even when it has no sample yet)."""
    metric = family(name, help_text, labels=[label])
    for key, value in samples:
        metric.add_metric([str(key)], value)
    return metric


class _NullHealth:
    """What `serve` returns when the health server is disabled."""

    port = None

    async def stop(self) -> None:
        return None

    def draining(self) -> None:
        return None


async def serve(config: Any = None, *, worker: Any = None, runner: Any = None, pipeline: Any = None, sink: Any = None,
                stop: asyncio.Event | None = None, extra_metrics: Callable[[], str] | None = None) -> Health | _NullHealth:
    """Start the health server from `settings.health` (or a HealthConfig); returns an object with
    `async stop()`. `stop` is the worker's stop event: /readyz turns 503 as soon as it is set."""
    cfg = config or HealthConfig()
    if not getattr(cfg, "enabled", True):
        return _NullHealth()
    health = Health(
        int(getattr(cfg, "port", 8080)), host=str(getattr(cfg, "host", "0.0.0.0")), pipeline=pipeline, runner=runner,
        worker=worker, sink=sink, stop_event=stop,
        probe_interval_s=float(getattr(cfg, "probe_interval_s", 10.0)),
        probe_timeout_s=float(getattr(cfg, "probe_timeout_s", 5.0)),
        lag_interval_s=float(getattr(cfg, "lag_interval_s", 15.0)),
        max_loop_lag_s=float(getattr(cfg, "max_loop_lag_s", 30.0)), extra_metrics=extra_metrics,
    )
    return await health.start()


def _partition_order(pid: str) -> tuple[int, Any]:
    return (0, int(pid)) if pid.isdigit() else (1, pid)


def _last_sequence(props: Any) -> int | None:
    if isinstance(props, Mapping):
        value = props.get("last_enqueued_sequence_number", props.get("sequence_number"))
    else:
        value = getattr(props, "last_enqueued_sequence_number", None) or getattr(props, "sequence_number", None)
    return int(value) if value is not None and int(value) >= 0 else None


def _describe(exc: BaseException) -> str:
    status = getattr(exc, "status_code", None)
    text = f"{type(exc).__name__}" + (f" (HTTP {status})" if status else "")
    message = str(exc).splitlines()[0][:200] if str(exc) else ""
    # SDK messages name the resource and the status; they never carry document content.
    return f"{text}: {message}" if message else text


def metrics_json(text: str) -> dict[str, float]:
    """Parse our own /metrics output into {'name{labels}': value} (for tests and `doctor`)."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, value = line.rpartition(" ")
        out[key] = float(value)
    return out


__all__ = ["Health", "HealthConfig", "serve", "probe_sink", "metrics_json", "CONTENT_TYPE"]
