"""A Cosmos DB call cut short by shutdown leaves nothing behind: no error that asyncio would
later log with a traceback (log lines at shutdown must stay plain)."""

from __future__ import annotations

import asyncio
import gc

import pytest

from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget


def sink() -> CosmosSink:
    return CosmosSink(CosmosTarget("https://127.0.0.1:1", "a2V5", database="db"))


async def test_a_call_that_fails_as_its_caller_is_cancelled_leaves_no_unretrieved_error():
    reported: list[dict] = []
    asyncio.get_running_loop().set_exception_handler(lambda loop, context: reported.append(context))
    release = asyncio.Event()

    async def call():
        await release.wait()
        raise ConnectionResetError("the service went away")

    writer = asyncio.create_task(sink()._attempt(call))
    await asyncio.sleep(0.01)  # the call is in flight
    release.set()  # it fails ...
    writer.cancel()  # ... in the same loop turn as the partition's task is cancelled at shutdown
    with pytest.raises(asyncio.CancelledError):
        await writer
    del writer
    gc.collect()
    await asyncio.sleep(0)
    assert not [c for c in reported if "never retrieved" in c.get("message", "")], reported
