"""Composition root: builds the pipeline, source and sink from settings and runs them."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Awaitable, Callable, TextIO

from aoai_logpipe.core.assemble import AssemblyLimits
from aoai_logpipe.core.decode import DEFAULT_CALLER_HEADERS, DecodeConfig
from aoai_logpipe.core.limits import UsageLimits
from aoai_logpipe.core.pipeline import Pipeline, PipelineConfig, PipelineStats, Screener
from aoai_logpipe.core.pricing import PriceBook, PriceError
from aoai_logpipe.core.tokens import Estimator
from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget, StoreUnavailable
from aoai_logpipe.io.replay import ReplaySource
from aoai_logpipe.io.sqlite import SqliteStore
from aoai_logpipe.io.stopping import finished_unless_stopped
from aoai_logpipe.runner import Runner
from aoai_logpipe.settings import Settings, SettingsError
from aoai_logpipe.tokenizer import TiktokenCounter

log = logging.getLogger("aoai_logpipe")


def load_prices(path: Path | None) -> PriceBook:
    """The bundled example prices, or the table at `path`; PriceError names the file and the fix."""
    if path is None:
        text = resources.files("aoai_logpipe").joinpath("data", "prices.json").read_text(encoding="utf-8")
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
            raise PriceError(f"cannot read the price table {path}: {why}; point --prices (or AOAI_LOGPIPE_PRICES) "
                             "at a JSON file like the bundled src/aoai_logpipe/data/prices.json") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PriceError(f"the price table {path} is not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    return PriceBook(data, source=str(path or "the bundled price table"))


def build_screener(settings: Settings) -> Screener | None:
    if settings.dlp.mode == "off":
        return None
    from aoai_logpipe.core import dlp

    return dlp.make_screener(dlp.DlpPolicy.from_mapping(settings.dlp.model_dump()))


def build_pipeline(settings: Settings, screener: Screener | None = None) -> Pipeline:
    headers = settings.decode.caller_headers
    config = PipelineConfig(
        decode=DecodeConfig(
            max_event_bytes=settings.decode.max_event_bytes,
            max_records_per_event=settings.decode.max_records_per_event,
            caller_headers={k: tuple(v) for k, v in headers.items()} if headers else dict(DEFAULT_CALLER_HEADERS),
        ),
        usage=UsageLimits(settings.decode.max_prompt_tokens, settings.decode.max_completion_tokens),
        limits=AssemblyLimits(
            idle_timeout=timedelta(seconds=settings.assembly.idle_timeout_s),
            apim_settle=timedelta(seconds=settings.assembly.apim_settle_s),
            max_open=settings.assembly.max_open,
            max_bytes=settings.assembly.max_bytes,
            remember_finished=settings.assembly.remember_finished,
        ),
    )
    counter = TiktokenCounter(settings.tiktoken_cache_dir)
    return Pipeline(Estimator(counter), load_prices(settings.prices), config, screener)


def settle_startup_heap() -> None:
    """Take what start-up built out of the collector's sight, once, before the first event.

    tiktoken's ranks, the settings, pydantic's and the SDKs' module objects (~90,000 objects)
    live as long as the process, yet every full collection walks them again. Collected once and
    frozen, they are skipped: stage (b) of the bench runs ~15% faster (four interleaved pairs).
    """
    gc.collect()
    gc.freeze()


@dataclass
class RunResult:
    stats: PipelineStats
    documents_written: int
    refused_downgrades: int
    elapsed_s: float
    database: str
    sink: dict[str, Any] = field(default_factory=dict)
    checkpoints: int = 0
    joins_waiting: int = 0  # join documents left in the store (replay with keep_joins)


class Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total_bytes: int, stream: TextIO = sys.stderr, enabled: bool | None = None) -> None:
        self.total = max(total_bytes, 1)
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self._last = 0.0

    def update(self, done_bytes: int, stats: PipelineStats, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self._last < 0.2):
            return
        self._last = now
        share = min(done_bytes / self.total, 1.0)
        bar = "#" * int(share * 24)
        rate = stats.events / max(now - self.started, 1e-6)
        conversations = stats.conversations_complete + stats.conversations_incomplete
        self.stream.write(
            f"\r[{bar:<24}] {share:6.1%}  {stats.events:,} events  {conversations:,} conversations  "
            f"{sum(stats.dead_letters.values()):,} dead letters  {rate:,.0f} ev/s "
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


class WorkerFailed(RuntimeError):
    """The worker stopped because documents could not be made durable (it exits non-zero)."""


def azure_credential() -> Any:
    """Managed identity (or any DefaultAzureCredential source) for services without a secret set."""
    from azure.identity.aio import DefaultAzureCredential

    return DefaultAzureCredential()


def build_sink(settings: Settings, credential: Any = None) -> SqliteStore | CosmosSink:
    if settings.sink == "sqlite":
        return SqliteStore(settings.sqlite.path)
    c = settings.cosmos
    if not c.endpoint:
        raise SettingsError("the cosmos sink needs cosmos.endpoint (AOAI_LOGPIPE_COSMOS__ENDPOINT)")
    return CosmosSink(CosmosTarget(
        endpoint=c.endpoint,
        credential=c.key.get_secret_value() if c.key is not None else (credential or azure_credential()),
        database=c.database, chargeback=c.chargeback_container, audit=c.audit_container,
        deadletters=c.deadletter_container, joins=c.join_container, security=c.security_container,
        policy_refresh_s=c.policy_refresh_s, buckets=c.buckets, join_buckets=c.join_buckets,
        audit_ttl_days=c.audit_ttl_days,
        verify_tls=c.verify_tls, create_if_missing=c.create_if_missing, concurrency=c.concurrency,
        linger_s=c.write_linger_s))


def _sink_label(settings: Settings) -> str:
    return str(settings.sqlite.path) if settings.sink == "sqlite" else f"Cosmos DB {settings.cosmos.database}"


def _refused(sink: SqliteStore | CosmosSink) -> int:
    return sink.refused_downgrades if isinstance(sink, SqliteStore) else sink.counters.refused_downgrades


def _sink_counters(sink: SqliteStore | CosmosSink) -> dict[str, Any]:
    if isinstance(sink, SqliteStore):
        return {"documents": sink.writes, "suppressed": sink.suppressed}
    c = sink.counters
    return {"documents": c.documents, "suppressed": c.suppressed, "batches": c.batches, "single_writes": c.single_writes,
            "trimmed": c.trimmed, "quarantined": c.quarantined, "retries": dict(c.retries), "request_charge": round(c.request_charge, 2),
            "requests": dict(c.requests), "write_sizes": {str(n): k for n, k in sorted(c.write_sizes.items())},
            "guarded": dict(c.guarded), "write_calls": c.write_calls, "rounds": c.rounds, "round_keys": c.round_keys}


async def run_replay(settings: Settings, progress: bool | None = None, stream: TextIO = sys.stderr) -> RunResult:
    """Replay files -> pipeline -> the configured sink, every input accounted for."""
    started = time.monotonic()
    source = ReplaySource.from_paths([settings.replay.path], settings.replay.batch_size, settings.decode.max_event_bytes)
    pipeline = build_pipeline(settings, build_screener(settings))
    sink = build_sink(settings)
    await sink.open()
    settle_startup_heap()
    runner = Runner(pipeline, sink)
    bar = Progress(source.total_bytes, stream, progress)
    try:
        for batch in source.batches():
            await runner.handle(batch.partition, batch.events, final=batch.last)
            if batch.problem is not None:  # the file broke off: say where, as a dead letter
                lost = pipeline.source_error("unreadable_input", batch.problem.message, batch.problem.position)
                written = await sink.write(lost)  # (not `+= await`: the runner's writes run meanwhile)
                runner.documents_written += written
                log.warning("%s", batch.problem.message)
            bar.update(batch.bytes_read, pipeline.stats)
        bar.update(source.total_bytes, pipeline.stats, force=True)
        # The input is all there is: what never met its other half is settled now, unless the
        # next run's files may still hold it.
        waiting = len(await sink.expired_joins(None)) if settings.replay.keep_joins else 0
        if not settings.replay.keep_joins:
            await runner.sweep(None)
    finally:
        bar.close()
        await sink.close()
    return RunResult(pipeline.stats, runner.documents_written, _refused(sink), time.monotonic() - started,
                     _sink_label(settings), _sink_counters(sink), runner.checkpoints_written, waiting)


def budget_gauges(settings: Settings, stop: asyncio.Event) -> Any:
    """Budget gauges for /metrics, recomputed in the background, when budgets are configured."""
    if not settings.finance.budgets:
        return None
    from aoai_logpipe.reports.budget_metrics import BudgetGauges

    gauges = BudgetGauges()
    gauges.task = asyncio.create_task(gauges.run(settings, stop), name="budget-gauges")
    return gauges


async def run_eventhub(settings: Settings, stop: asyncio.Event,
                       on_health: Callable[[int | None], None] | None = None) -> RunResult:
    """The long-running worker: Event Hubs -> pipeline -> sink, until `stop` (SIGTERM) is set.
    `on_health` learns the port the health endpoints listen on (None: disabled)."""
    from aoai_logpipe.io import eventhub

    started = time.monotonic()
    needs_identity = (settings.eventhub.connection_string is None or settings.checkpoint.connection_string is None
                      or (settings.sink == "cosmos" and settings.cosmos.key is None))
    from aoai_logpipe import health

    credential = azure_credential() if needs_identity else None
    pipeline = build_pipeline(settings, build_screener(settings))
    sink = build_sink(settings, credential)
    store = eventhub.make_checkpoint_store(settings.checkpoint, credential)
    consumer = eventhub.make_consumer(settings.eventhub, store, credential)
    runner = Runner(pipeline, sink, checkpoint_interval_s=settings.eventhub.checkpoint_interval_s,
                    linger_s=settings.eventhub.write_linger_s)
    worker = eventhub.EventHubWorker(consumer, runner, settings.eventhub, store)
    gauges = budget_gauges(settings, stop)
    # Up before the sink opens: a hanging start shows as alive but not ready.
    probe = await health.serve(settings.health, worker=worker, runner=runner, sink=sink, stop=stop,
                               extra_metrics=gauges.render if gauges is not None else None)
    if on_health is not None:
        on_health(probe.port)
    bound = settings.shutdown_timeout_s
    # After SIGTERM everything shares one deadline, `bound` from the signal: the consumer releases
    # and checkpoints its partitions within the first half (then the sink gives up retrying and
    # abandons writes in flight: nothing is checkpointed past them), the other clients close by
    # 80 % of it, and the rest is left for the summary and the interpreter's exit.
    signalled = asyncio.create_task(_signalled_at(stop))
    abandon = asyncio.create_task(_stop_sink_after(stop, sink, bound / 2))
    sweeper: asyncio.Task | None = None
    try:
        if await _unless_stopped(stop, _open(settings, sink, credential)):
            sweeper = asyncio.create_task(runner.sweep_periodically(
                settings.assembly.join_horizon_s, settings.assembly.join_sweep_s, stop))
            settle_startup_heap()
            await worker.run(stop, bound / 2)
    finally:
        abandon.cancel()
        if sweeper is not None:
            sweeper.cancel()
        if gauges is not None:
            gauges.task.cancel()
        sink_stop = getattr(sink, "stop", None)
        if sink_stop is not None:
            sink_stop()
        loop = asyncio.get_running_loop()
        stopped_at = signalled.result() if signalled.done() else None
        signalled.cancel()
        closing_by = stopped_at + 0.8 * bound if stopped_at is not None else loop.time() + bound / 2
        await asyncio.gather(*(_bounded(closing, closing_by) for closing in (
            probe.stop(), consumer.close(), sink.close(), store.close(),  # consumer: no-op after run
            credential.close() if credential is not None else None)))
        if stopped_at is not None:
            log.info("closed %.1f s after the stop signal (bound: %g s)", loop.time() - stopped_at, bound)
    if isinstance(worker.failure, StoreUnavailable):
        raise worker.failure
    if worker.failure is not None:
        raise WorkerFailed(f"a batch could not be written ({type(worker.failure).__name__}); "
                           "the affected partitions resume from their last checkpoint") from worker.failure
    return RunResult(pipeline.stats, runner.documents_written, _refused(sink), time.monotonic() - started,
                     _sink_label(settings), _sink_counters(sink), runner.checkpoints_written)


async def _open(settings: Settings, sink: SqliteStore | CosmosSink, credential: Any) -> None:
    from aoai_logpipe.io import eventhub

    await eventhub.ensure_container(settings.checkpoint, credential)
    await sink.open()


async def _unless_stopped(stop: asyncio.Event, work: Awaitable[None]) -> bool:
    """Run start-up work (it may retry for as long as a service is down) unless SIGTERM comes
    first: then it is cancelled and False returned."""
    task = asyncio.ensure_future(work)
    if not await finished_unless_stopped(task, stop):
        log.info("stopped before the sink opened")
        return False
    task.result()
    return True


async def _signalled_at(stop: asyncio.Event) -> float:
    await stop.wait()
    return asyncio.get_running_loop().time()


async def _stop_sink_after(stop: asyncio.Event, sink: SqliteStore | CosmosSink, grace_s: float) -> None:
    await stop.wait()
    await asyncio.sleep(grace_s)
    sink_stop = getattr(sink, "stop", None)
    if sink_stop is not None:
        sink_stop()


async def _bounded(closing: Awaitable[Any] | None, deadline: float) -> None:
    """Close one client by `deadline` (loop time; at least a moment each): a client that hangs
    must not hold the exit."""
    if closing is None:
        return
    try:
        await asyncio.wait_for(closing, timeout=max(deadline - asyncio.get_running_loop().time(), 0.5))
    except asyncio.TimeoutError:
        log.warning("a client did not close in time")
    except Exception as exc:  # closing after a failed start: report, carry on closing the rest
        log.warning("closing a client failed: %s", type(exc).__name__)


def summary_lines(result: RunResult) -> list[str]:
    s = result.stats
    conversations = s.conversations_complete + s.conversations_incomplete
    dead = sum(s.dead_letters.values())
    cost = ", ".join(f"{_money(v)} {k}" for k, v in sorted(s.cost.items())) or "0"
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(s.dead_letters.items())) or "none"
    lines = [
        f"events        {s.events:,} read ({s.bytes / 1e6:,.1f} MB) in {result.elapsed_s:,.1f} s",
        f"conversations {conversations:,} ({s.conversations_complete:,} complete, {s.conversations_incomplete:,} incomplete"
        f"{f', {s.evicted:,} evicted' if s.evicted else ''})",
        f"dead letters  {dead:,} ({reasons})",
        f"tokens        {s.prompt_tokens:,} prompt + {s.completion_tokens:,} completion "
        f"(usage reported {s.usage_sources['reported']:,}, estimated {s.usage_sources['estimated']:,})",
        f"cost          {cost}" + (f" (+{s.unpriced:,} requests unpriced)" if s.unpriced else ""),
        f"accounted     {s.events_with_fragments:,} events into conversations + {s.events_dead_lettered:,} dead-lettered"
        f" = {s.events_with_fragments + s.events_dead_lettered:,} of {s.events:,}; fragments: "
        f"{s.fragments_in_documents:,} in documents, {s.duplicates:,} duplicates dropped, "
        f"{s.dead_letters['late_fragment']:,} late, {s.fragments_joined:,} joined across partitions, "
        + (f"{s.fragments_dead_lettered:,} dead-lettered with {s.conversations_failed:,} conversations that "
           f"could not be rendered, " if s.fragments_dead_lettered else "")
        + f"{s.fragments_open:,} still open",
        f"written       {result.documents_written:,} document versions to {result.database}"
        + (" (a document written again by a better version counts once per version)" if s.joins_upgraded else "")
        + (f" ({result.refused_downgrades:,} kept: a better version was already stored)" if result.refused_downgrades else "")
        + (f" ({result.sink['suppressed']:,} conversations of erased users not written)"
           if result.sink.get("suppressed") else ""),
    ]
    if s.fragments_joined:
        lines.insert(-1, f"joins         {s.joins_rendered:,} requests billed from halves that landed apart "
                         f"({s.joins_upgraded:,} upgraded in place by a late half), {s.joins_unmatched:,} unmatched"
                         + (f", {s.joins_redelivered:,} late copies of halves already joined (dropped)"
                            if s.joins_redelivered else "")
                         + (f", {result.joins_waiting:,} still waiting in the store" if result.joins_waiting else ""))
    flagged = [f"{s.implausible_usage:,} with implausible usage (estimated, not priced)" if s.implausible_usage else "",
               f"{s.text_repaired:,} with lone surrogates replaced in their text" if s.text_repaired else ""]
    if any(flagged):
        lines.insert(-1, "flagged       requests: " + "; ".join(f for f in flagged if f))
    retries = result.sink.get("retries")
    if retries:
        lines.append("retries       " + ", ".join(f"{k} x{v}" for k, v in sorted(retries.items())))
    return lines


def summary_json(result: RunResult) -> dict[str, Any]:
    s = result.stats
    return {
        "events": s.events,
        "bytes": s.bytes,
        "events_with_fragments": s.events_with_fragments,
        "events_dead_lettered": s.events_dead_lettered,
        "fragments": s.fragments,
        "fragments_in_documents": s.fragments_in_documents,
        "fragments_open": s.fragments_open,
        "fragments_dead_lettered": s.fragments_dead_lettered,
        "duplicates": s.duplicates,
        "conversations_complete": s.conversations_complete,
        "conversations_incomplete": s.conversations_incomplete,
        "evicted": s.evicted,
        "conversations_failed": s.conversations_failed,
        "implausible_usage": s.implausible_usage,
        "text_repaired": s.text_repaired,
        "fragments_joined": s.fragments_joined,
        "joins": {"rendered": s.joins_rendered, "upgraded": s.joins_upgraded, "unmatched": s.joins_unmatched,
                  "redelivered": s.joins_redelivered,
                  "waiting": result.joins_waiting},
        "dead_letters": dict(s.dead_letters),
        "close_reasons": dict(s.close_reasons),
        "usage_sources": dict(s.usage_sources),
        "prompt_tokens": s.prompt_tokens,
        "completion_tokens": s.completion_tokens,
        "cost": {k: _money(v) for k, v in s.cost.items()},
        "unpriced": s.unpriced,
        "documents_written": result.documents_written,
        "refused_downgrades": result.refused_downgrades,
        "sink": result.sink,
        "checkpoints": result.checkpoints,
        "elapsed_s": round(result.elapsed_s, 3),
    }


def _money(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"
