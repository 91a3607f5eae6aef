"""Wires a source to the pure pipeline and a sink; the only owner of checkpoints.

For each batch of a partition: process (pure), then its effects, in batch order: merge join
requests in the sink and render the unions (pure), write the documents (durable when the sink
returns; the sink retries and blocks, which is the backpressure), checkpoint the partition up
to its low watermark.

Effects run behind processing. While one write of a partition is in flight, the next batches
are received and processed, and their outputs gather in one group that is written as soon as
the write in flight is done (group commit: under load, writes grow and their number per
conversation falls; when idle, a batch is written at once). A full group stops the reading
until it can be written, so memory stays bounded and a store that blocks stops the partition.

The low watermark is taken right after each batch is processed (later batches move it past
conversations they close) and becomes the partition's durable position only when the write of
the group holding that batch, and so every earlier write of the partition, is complete. A
checkpoint therefore never passes an event whose documents (or join pieces) are not written,
nor the first event of a conversation still open.
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
        """Merge each request into its join document (compare-and-swap); the unions this call
        renders, durable. A sink merging concurrent calls together hands a key's union to one of
        them; the others' pieces are in it, durable when they return."""
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
class Group:
    """The outputs of consecutive batches of a partition, written together."""

    out: Output
    mark: Position | None  # the low watermark after the group's last batch
    events: int
    checkpoint: Checkpoint | None
    force: bool  # checkpoint once written, whatever the interval
    previous: asyncio.Task | None  # the write before this group's
    ready: asyncio.Event = field(default_factory=asyncio.Event)  # full, or needed now: stop lingering


@dataclass(slots=True)
class PartitionState:
    durable: Position | None = None  # the low watermark as of the last group whose effects completed
    checkpointed: Position | None = None
    last_checkpoint_at: float = 0.0
    batches: int = 0
    poisoned: bool = False  # a write did not complete: in-memory state is ahead of the store
    effects: asyncio.Task | None = None  # the latest group's effects (each waits for the one before)
    gathering: Group | None = None  # the group still taking batches (its write has not begun)


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
    max_group_events: int = 2000  # events processed ahead of the store, per partition, before reading waits
    linger_s: float = 0.0  # how long a group may wait for more batches before its write (fewer, larger writes)

    async def handle(self, partition: str, events: Sequence[RawEvent], checkpoint: Checkpoint | None = None,
                     *, final: bool = False) -> Output:
        """Process one batch of one partition; `final` closes what is still open (finite input)
        and returns only once everything of the partition is durable."""
        state = self._state(partition)
        out = self.pipeline.process(events)
        if final:
            out.extend(self.pipeline.flush(partition))
        state.batches += 1
        await self._commit(partition, state, out, len(events), checkpoint, force=final, wait=final)
        return out

    async def idle(self, partition: str, now, checkpoint: Checkpoint | None = None) -> Output:  # type: ignore[no-untyped-def]
        """A quiet partition: advance its event clock so idle conversations time out."""
        state = self._state(partition)
        out = self.pipeline.advance(partition, now)
        await self._commit(partition, state, out, 0, checkpoint, force=True, wait=False)
        return out

    async def release(self, partition: str, checkpoint: Checkpoint | None = None) -> None:
        """Partition closing (shutdown or ownership lost): let its effects finish, checkpoint what
        is durable, drop the state. Cancelling this cancels the effects still running (nothing
        more becomes durable, so nothing more is checkpointed)."""
        state = self.partitions.pop(partition, None)
        try:
            if state is not None and state.gathering is not None:
                state.gathering.ready.set()  # no more batches: write what gathered now
            if state is not None and state.effects is not None:
                try:
                    await state.effects
                except Exception:  # not durable: the checkpoint stays at the last batch that was
                    pass
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
            written = await self.sink.write(out)  # (not `+= await`: partitions write meanwhile)
            self.documents_written += written
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

    async def _commit(self, partition: str, state: PartitionState, out: Output, events: int,
                      checkpoint: Checkpoint | None, *, force: bool, wait: bool) -> None:
        """Add the batch just processed to the group waiting for the write in flight (or start a
        group); wait only if that group is full, or if `wait`, until it is durable."""
        mark = self.pipeline.safe_checkpoint(partition)  # now: the next batch moves it on
        group = state.gathering
        if group is None:
            group = state.gathering = Group(Output(), mark, 0, checkpoint, force, state.effects)
            state.effects = asyncio.ensure_future(self._effects(state, group))
        group.out.extend(out)
        group.mark, group.events, group.force = mark, group.events + events, group.force or force
        group.checkpoint = checkpoint or group.checkpoint
        if wait or group.events >= self.max_group_events:
            group.ready.set()
        if wait:
            await asyncio.shield(state.effects)  # type: ignore[arg-type]
        elif group.events >= self.max_group_events and group.previous is not None:
            await asyncio.shield(group.previous)  # until this group's write begins; raises if that one failed

    async def _effects(self, state: PartitionState, group: Group) -> None:
        """After the previous write: join, write, then (and only then) make the group's mark the
        durable position and maybe checkpoint.

        If an earlier write or this one fails or is cancelled (shutdown), the conversations they
        closed exist nowhere but in memory: the partition is poisoned, its durable position stays
        where it was, and no later checkpoint can pass the lost documents.
        """
        try:
            if group.previous is not None:
                try:
                    await group.previous
                except Exception as exc:
                    raise PartitionPoisoned("an earlier write of the partition did not complete") from exc
            if self.linger_s > 0 and not group.ready.is_set():
                try:
                    await asyncio.wait_for(group.ready.wait(), self.linger_s)
                except asyncio.TimeoutError:
                    pass
            if state.gathering is group:
                state.gathering = None  # sealed: later batches start the next group
            out = group.out
            if out.joins:
                unions = await self.sink.join(coalesce(out.joins))
                out.joins = []
                out.extend(self.pipeline.render_joins(unions))
            if len(out):
                written = await self.sink.write(out)  # (not `+= await`: other partitions write meanwhile)
                self.documents_written += written
        except BaseException:
            state.poisoned = True
            state.gathering = None
            raise
        state.durable = group.mark
        if group.checkpoint is not None and (
                group.force or self.clock() - state.last_checkpoint_at >= self.checkpoint_interval_s):
            await self._checkpoint(state, group.checkpoint)

    async def _checkpoint(self, state: PartitionState, checkpoint: Checkpoint) -> None:
        safe = state.durable
        state.last_checkpoint_at = self.clock()
        if safe is None or (state.checkpointed is not None and safe.sequence_number <= state.checkpointed.sequence_number):
            return
        await checkpoint(safe)
        state.checkpointed = safe
        self.checkpoints_written += 1
