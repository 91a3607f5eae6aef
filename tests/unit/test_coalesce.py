"""The group commit across writers (io/coalesce.py), with an in-memory flush."""

from __future__ import annotations

import asyncio

import pytest

from aoai_logpipe.io.coalesce import Coalescer, Item


async def test_writers_that_come_together_share_a_round_and_the_next_round_gathers_meanwhile():
    rounds: list[list[str]] = []
    release = asyncio.Event()

    async def flush(items: list[Item[str]]) -> None:
        rounds.append([item.value for item in items])
        if len(rounds) == 1:
            await release.wait()  # the first round is in flight ...
        for item in items:
            item.done()

    writes = Coalescer(flush, linger_s=0.05)
    first = asyncio.gather(writes.submit(["a1", "a2"]), writes.submit(["b1"]))
    while not rounds:
        await asyncio.sleep(0.01)
    later = asyncio.gather(writes.submit(["c1"]), writes.submit(["d1"]))  # ... while these arrive
    await asyncio.sleep(0.1)
    release.set()
    await first
    await later
    assert rounds == [["a1", "a2", "b1"], ["c1", "d1"]]


async def test_a_writer_fails_with_the_error_of_its_own_item_and_the_others_return():
    async def flush(items: list[Item[str]]) -> None:
        for item in items:
            if item.value == "bad":
                item.fail(ValueError("refused"))
            else:
                item.done()

    writes = Coalescer(flush, linger_s=0.0)
    results = await asyncio.gather(writes.submit(["ok", "bad"]), writes.submit(["ok too"]), return_exceptions=True)
    assert isinstance(results[0], ValueError) and results[1] is None


async def test_an_item_a_round_leaves_unsettled_fails_its_writer():
    async def flush(items: list[Item[str]]) -> None:
        items[0].done()  # the second item is forgotten: its writer must not be told it is done

    writes = Coalescer(flush, linger_s=0.0)
    with pytest.raises(RuntimeError, match="unsettled"):
        await writes.submit(["one", "two"])


async def test_abandon_fails_every_waiting_writer_at_once():
    async def flush(items: list[Item[str]]) -> None:
        await asyncio.Event().wait()  # never answers

    writes = Coalescer(flush, linger_s=0.0)
    waiting = [asyncio.create_task(writes.submit([name])) for name in ("a", "b")]
    await asyncio.sleep(0.05)
    writes.abandon(ConnectionAbortedError("shutdown"))
    for task in waiting:
        with pytest.raises(ConnectionAbortedError):
            await task
    await writes.close(ConnectionAbortedError("closed"))


async def test_an_item_settled_as_another_is_done_or_fails_with_it_and_waits_while_it_is_open():
    async def flush(items: list[Item[str]]) -> None:
        leaders = {item.value: item for item in items if item.value.startswith("lead")}
        leaders["lead ok"].done()
        leaders["lead bad"].fail(ValueError("refused"))
        for item in items:
            if item.value.startswith("follow"):
                item.settle_as(leaders["lead" + item.value[len("follow"):]])
        assert not next(i for i in items if i.value == "follow open").settled  # its leader is still open

    writes = Coalescer(flush, linger_s=0.0)
    results = await asyncio.gather(writes.submit(["lead ok", "follow ok"]), writes.submit(["follow bad"]),
                                   writes.submit(["lead bad"]), writes.submit(["lead open", "follow open"]),
                                   return_exceptions=True)
    assert results[0] is None and isinstance(results[1], ValueError) and isinstance(results[2], ValueError)
    assert isinstance(results[3], RuntimeError)  # left open by the round: both failed with it
