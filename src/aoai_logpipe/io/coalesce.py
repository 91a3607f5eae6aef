"""Group commit across writers: what concurrent write calls hand in leaves in shared requests.

Writers submit their items and wait. One flusher takes everything queued, after lingering up to
`linger_s` from the first item (writers that come close together leave together), hands the lot
to `flush`, and starts the next round only when that one is done: while a round is in flight the
next one gathers, so under load requests grow larger instead of more numerous. A writer returns
when every one of its items is settled, and fails with the first error any of them met (an item
left unsettled by a round counts as failed): nothing is reported done that is not.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Generic, Sequence, TypeVar

T = TypeVar("T")


@dataclass(eq=False, slots=True)
class _Writer:
    """One submit() call: done when its last item is."""

    left: int
    future: asyncio.Future

    def settle(self) -> None:
        self.left -= 1
        if self.left == 0 and not self.future.done():
            self.future.set_result(None)

    def fail(self, exc: BaseException) -> None:
        if not self.future.done():
            self.future.set_exception(exc)


@dataclass(eq=False, slots=True)
class Item(Generic[T]):
    """One value of one writer; `flush` settles each item exactly once: done() or fail()."""

    value: T
    writer: _Writer
    settled: bool = field(default=False)
    error: BaseException | None = field(default=None)

    def done(self) -> None:
        if not self.settled:
            self.settled = True
            self.writer.settle()

    def fail(self, exc: BaseException) -> None:
        if not self.settled:
            self.settled = True
            self.error = exc
            self.writer.fail(exc)

    def settle_as(self, leader: Item[T]) -> None:
        """Settle as `leader` was settled (an item whose effect is the leader's); left as it is
        while the leader is unsettled (the round then fails both)."""
        if leader.error is not None:
            self.fail(leader.error)
        elif leader.settled:
            self.done()


class Coalescer(Generic[T]):
    def __init__(self, flush: Callable[[list[Item[T]]], Awaitable[None]], linger_s: float) -> None:
        self.flush = flush
        self.linger_s = linger_s
        self.rounds = 0
        self._queue: list[Item[T]] = []
        self._queued_at = 0.0  # loop time of the oldest queued item
        self._wake = asyncio.Event()
        self._writers: set[_Writer] = set()
        self._flusher: asyncio.Task | None = None

    async def submit(self, values: Sequence[T]) -> None:
        """Queue `values` for the next round; return once each is settled (raise if one failed)."""
        if not values:
            return
        loop = asyncio.get_running_loop()
        writer = _Writer(len(values), loop.create_future())
        writer.future.add_done_callback(_retrieve)
        if not self._queue:
            self._queued_at = loop.time()
        self._queue.extend(Item(value, writer) for value in values)
        self._writers.add(writer)
        self._wake.set()
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_rounds(), name="coalescer")
        try:
            await writer.future
        finally:
            self._writers.discard(writer)

    def abandon(self, exc: BaseException) -> None:
        """Fail every waiting writer now (shutdown): what is still queued or in flight may or may
        not get written, but none of it is reported done."""
        for writer in list(self._writers):
            writer.fail(exc)

    async def close(self, exc: BaseException) -> None:
        """Stop the flusher; writers still waiting fail with `exc`."""
        self.abandon(exc)
        if self._flusher is not None:
            self._flusher.cancel()
            await asyncio.wait({self._flusher})
            self._flusher = None

    async def _flush_rounds(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if not self._queue:
                self._wake.clear()
                await self._wake.wait()
            linger = self._queued_at + self.linger_s - loop.time()
            if linger > 0:
                await asyncio.sleep(linger)
            taken, self._queue = self._queue, []
            self.rounds += 1
            error: BaseException = RuntimeError("left unsettled by its round")
            try:
                await self.flush(taken)
            except Exception as exc:  # the flush's own failure: its unsettled items fail with it
                error = exc
            finally:  # (also when cancelled by close())
                for item in taken:
                    item.fail(error)


def _retrieve(future: asyncio.Future) -> None:
    if not future.cancelled():
        future.exception()
