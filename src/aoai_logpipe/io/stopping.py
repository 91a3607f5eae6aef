"""Waiting for work that a shutdown signal may cut short (a hung connection must not hold up
SIGTERM's bound)."""

from __future__ import annotations

import asyncio


async def finished_unless_stopped(task: asyncio.Future, stop: asyncio.Event) -> bool:
    """Wait for `task` unless `stop` is set first: then cancel it and wait until it has ended.
    True when the task ended by itself (its result or exception is then in it)."""
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
        if not task.done():
            task.cancel()
            await asyncio.wait({task})
    return not task.cancelled()
