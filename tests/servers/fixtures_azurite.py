"""pytest fixtures for Azurite (Blob service), tests/servers/azurite.py.

Session scope:
    azurite_server          -> tests.servers.azurite.AzuriteServer, started once per session on
                               a free port (data in a pytest temp dir), stopped at session end.
    azurite_connection_str  -> its connection string (well-known devstoreaccount1 key).
Function scope:
    blob_container_name     -> a fresh unique container name (nothing created).
    blob_container          -> an aio ContainerClient for a fresh container that exists, deleted
                               after the test.
    checkpoint_store        -> azure.eventhub.extensions.checkpointstoreblobaio.BlobCheckpointStore
                               on that container (closed after the test).

All of them skip (with the reason) when node or node_modules is missing.
"""

from __future__ import annotations

import re
import uuid

import pytest

from tests.servers.azurite import AzuriteServer, async_container_client, start_azurite
from tests.servers.cosmos import missing_node_reason


@pytest.fixture(scope="session")
def azurite_server(tmp_path_factory: pytest.TempPathFactory):
    reason = missing_node_reason("azurite", ".bin/azurite-blob")
    if reason:
        pytest.skip(f"Azurite unavailable: {reason}")
    server = start_azurite(tmp_path_factory.mktemp("azurite"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def azurite_connection_str(azurite_server: AzuriteServer) -> str:
    return azurite_server.connection_str


@pytest.fixture
def blob_container_name(request: pytest.FixtureRequest) -> str:
    # 3-63 chars of [a-z0-9-], starting with a letter or digit, no "--".
    base = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:40].strip("-")
    return f"t-{base or 'x'}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def blob_container(azurite_server: AzuriteServer, blob_container_name: str):
    client = async_container_client(azurite_server.connection_str, blob_container_name)
    async with client:
        await client.create_container()
        try:
            yield client
        finally:
            try:
                await client.delete_container()
            except Exception:  # already deleted by the test
                pass


@pytest.fixture
async def checkpoint_store(azurite_server: AzuriteServer, blob_container):
    from azure.eventhub.extensions.checkpointstoreblobaio import BlobCheckpointStore

    store = BlobCheckpointStore.from_connection_string(
        azurite_server.connection_str, blob_container.container_name)
    async with store:
        yield store
