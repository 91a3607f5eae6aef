"""Wires a source to the pure pipeline and a sink; the only owner of checkpoints.

For each batch of a partition: process (pure) -> merge join requests in the sink and render
the unions (pure) -> write documents (durable when the sink returns; the sink retries and
blocks, which is the backpressure) -> checkpoint the partition up to its low watermark. A
checkpoint therefore never passes an event whose documents (or join pieces) are not
written, nor the first event of a conversation still open.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Awaitable, Callable, Protocol, Sequence

from aoai_logpipe.core.join import JoinRequest, JoinResult, coalesce
from aoai_logpipe.core.pipeline import Output, Pipeline
from aoai_logpipe.core.types import Position, RawEvent

Checkpoint = Callable[[Position], Awaitable[None]]
log = logging.getLogger(__name__)


class Sink(Protocol):
    async def open(self) -> None: ...
    async def write(self, out: Output) -> int: ...
    async def join(self, requests: Sequence[JoinRequest]) -> list[JoinResult]:
        """Merge each request into its join document (compare-and-swap); the unions, durable."""
        ...
    async def expired_joins(self, before: datetime | None) -> list[JoinResult]:
        """Join documents last merged before `before` (None: all of them)."""
        ...
    async def forget_joins(self, results: Sequence[JoinResult]) -> None:
        """Delete swept join documents, unless merged again since they were read."""
        ...
    async def attributed(self, keys: Sequence[str]) -> set[str]:
        """Of these conversation keys, those whose chargeback document is stored with its caller."""
        ...
    async def close(self) -> None: ...


@dataclass(slots=True)
class PartitionState:
    durable: Position | None = None  # the low watermark as of the last batch whose writes completed
    checkpointed: Position | None = None
    last_checkpoint_at: float = 0.0
    batches: int = 0
    poisoned: bool = False  # a write did not complete: in-memory state is ahead of the store


class PartitionPoisoned(RuntimeError):
    """A batch's documents could not be written; the partition must be re-read from its checkpoint."""


@dataclass
class Runner:
    pipeline: Pipeline
    sink: Sink
    checkpoint_interval_s: float = 10.0
    clock: Callable[[], float] = time.monotonic
    partitions: dict[str, PartitionState] = field(default_factory=dict)
    documents_written: int = 0
    checkpoints_written: int = 0

    async def handle(self, partition: str, events: Sequence[RawEvent], checkpoint: Checkpoint | None = None,
                     *, final: bool = False) -> Output:
        """Process one batch of one partition; `final` closes what is still open (finite input)."""
        state = self._state(partition)
        out = self.pipeline.process(events)
        if final:
            out.extend(self.pipeline.flush(partition))
        await self._write(partition, state, out)
        state.batches += 1
        if checkpoint is not None and (final or self.clock() - state.last_checkpoint_at >= self.checkpoint_interval_s):
            await self._checkpoint(state, checkpoint)
        return out

    async def idle(self, partition: str, now, checkpoint: Checkpoint | None = None) -> Output:  # type: ignore[no-untyped-def]
        """A quiet partition: advance its event clock so idle conversations time out."""
        state = self._state(partition)
        out = self.pipeline.advance(partition, now)
        await self._write(partition, state, out)
        if checkpoint is not None:
            await self._checkpoint(state, checkpoint)
        return out

    async def release(self, partition: str, checkpoint: Checkpoint | None = None) -> None:
        """Partition closing (shutdown or ownership lost): checkpoint what is durable, drop the state."""
        state = self.partitions.pop(partition, None)
        try:
            if checkpoint is not None and state is not None:
                await self._checkpoint(state, checkpoint)
        finally:
            self.pipeline.drop_partition(partition)

    async def sweep(self, before: datetime | None) -> Output:
        """Joins past the horizon: dead letters for halves that were never billable (but for late
        copies of halves whose request is already billed with its caller), then forget them.

        Partition-independent, so it checkpoints nothing: a sweep cut short is simply done again.
        """
        expired = await self.sink.expired_joins(before)
        lone = [joined.key for joined in expired if not joined.billable]
        out = self.pipeline.expire_joins(expired, await self.sink.attributed(lone) if lone else set())
        if len(out):
            self.documents_written += await self.sink.write(out)
        await self.sink.forget_joins(expired)
        return out

    async def sweep_periodically(self, horizon_s: float, every_s: float, stop: asyncio.Event) -> None:
        """The worker's sweep: joins idle for longer than the horizon (wall clock), until `stop`."""
        while True:
            try:
                await asyncio.wait_for(stop.wait(), timeout=every_s)
                return
            except asyncio.TimeoutError:
                pass
            try:
                out = await self.sweep(datetime.now(timezone.utc) - timedelta(seconds=horizon_s))
                if len(out):
                    log.info("join sweep: %d unmatched halves dead-lettered", len(out))
            except Exception as exc:  # the store is down: the next sweep finds the same joins
                log.warning("join sweep failed (%s); retrying in %.0f s", type(exc).__name__, every_s)

    def _state(self, partition: str) -> PartitionState:
        state = self.partitions.setdefault(partition, PartitionState())
        if state.poisoned:
            raise PartitionPoisoned(f"partition {partition} lost a write earlier; it must be re-read from its checkpoint")
        return state

    async def _write(self, partition: str, state: PartitionState, out: Output) -> None:
        """Write, then (and only then) remember the low watermark as durable.

        If the write fails or is cancelled (shutdown), conversations this batch closed exist
        nowhere but in the failed write: the partition is poisoned, its durable position stays
        where it was, and no later checkpoint can pass the lost documents.
        """
        try:
            if out.joins:
                unions = await self.sink.join(coalesce(out.joins))
                out.joins = []
                out.extend(self.pipeline.render_joins(unions))
            if len(out):
                written = await self.sink.write(out)
                self.documents_written += written
        except BaseException:
            state.poisoned = True
            raise
        state.durable = self.pipeline.safe_checkpoint(partition)

    async def _checkpoint(self, state: PartitionState, checkpoint: Checkpoint) -> None:
        safe = state.durable
        state.last_checkpoint_at = self.clock()
        if safe is None or (state.checkpointed is not None and safe.sequence_number <= state.checkpointed.sequence_number):
            return
        await checkpoint(safe)
        state.checkpointed = safe
        self.checkpoints_written += 1
