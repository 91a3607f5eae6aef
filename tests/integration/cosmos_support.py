"""A Cosmos DB sink on the local server, opened on a fresh database and removed afterwards."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget


@asynccontextmanager
async def opened_sink(server: Any, database: str, **target: Any) -> AsyncIterator[CosmosSink]:
    sink = CosmosSink(CosmosTarget(server.endpoint, server.key, database=database, verify_tls=False, **target),
                      max_backoff_s=0.2)
    await sink.open()
    try:
        yield sink
    finally:
        server.clear_faults()
        if sink._client is not None:
            await sink._client.delete_database(database)
        await sink.close()
