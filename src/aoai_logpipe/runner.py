"""Wires a source to the pure pipeline and a sink; the only owner of checkpoints.

For each batch of a partition: process (pure) -> write documents (durable when the
sink returns; the sink retries and blocks, which is the backpressure) -> checkpoint the
partition up to its low watermark. A checkpoint therefore never passes an event whose
documents are not written, nor the first event of a conversation still open.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Protocol, Sequence

from aoai_logpipe.core.pipeline import Output, Pipeline
from aoai_logpipe.core.types import Position, RawEvent

Checkpoint = Callable[[Position], Awaitable[None]]


class Sink(Protocol):
    async def open(self) -> None: ...
    async def write(self, out: Output) -> int: ...
    async def close(self) -> None: ...


@dataclass(slots=True)
class PartitionState:
    checkpointed: Position | None = None
    last_checkpoint_at: float = 0.0
    batches: int = 0


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
        out = self.pipeline.process(events)
        if final:
            out.extend(self.pipeline.flush(partition))
        await self._write(out)
        state = self.partitions.setdefault(partition, PartitionState())
        state.batches += 1
        if checkpoint is not None:
            due = final or self.clock() - state.last_checkpoint_at >= self.checkpoint_interval_s
            if due:
                await self._checkpoint(partition, state, checkpoint)
        return out

    async def idle(self, partition: str, now, checkpoint: Checkpoint | None = None) -> Output:  # type: ignore[no-untyped-def]
        """A quiet partition: advance its event clock so idle conversations time out."""
        out = self.pipeline.advance(partition, now)
        await self._write(out)
        if checkpoint is not None:
            await self._checkpoint(partition, self.partitions.setdefault(partition, PartitionState()), checkpoint)
        return out

    async def release(self, partition: str, checkpoint: Checkpoint | None = None) -> None:
        """Partition closing (shutdown or ownership lost): checkpoint what is safe, drop the state."""
        state = self.partitions.pop(partition, None)
        if checkpoint is not None and state is not None:
            try:
                await self._checkpoint(partition, state, checkpoint)
            finally:
                self.pipeline.drop_partition(partition)
        else:
            self.pipeline.drop_partition(partition)

    async def _write(self, out: Output) -> None:
        if len(out):
            self.documents_written += await self.sink.write(out)

    async def _checkpoint(self, partition: str, state: PartitionState, checkpoint: Checkpoint) -> None:
        safe = self.pipeline.safe_checkpoint(partition)
        state.last_checkpoint_at = self.clock()
        if safe is None or (state.checkpointed is not None and safe.sequence_number <= state.checkpointed.sequence_number):
            return
        await checkpoint(safe)
        state.checkpointed = safe
        self.checkpoints_written += 1
