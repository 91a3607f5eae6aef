"""pytest fixtures for the local Cosmos DB stand-in (tests/servers/cosmos_launcher.js).

Session scope:
    cosmos_server        -> tests.servers.cosmos.CosmosServer, started once per session on free
                            ports, stopped (process group killed) at session end.
Function scope:
    cosmos_faults        -> the same CosmosServer, with fault rules cleared before and after the
                            test (use it whenever a test injects faults).
    cosmos_database_name -> a fresh unique database name (nothing created).
    cosmos_client        -> azure.cosmos.aio.CosmosClient on the server (closed after the test);
                            depends on cosmos_faults, so no fault leaks into or out of a test.
    cosmos_database      -> an aio DatabaseProxy for a fresh database, deleted after the test.

All of them skip (with the reason) when node or node_modules is missing.
"""

from __future__ import annotations

import importlib.util
import re
import uuid

import pytest

from tests.servers.cosmos import CosmosServer, missing_node_reason, start_cosmos


_INSECURE_LOCAL_FILTERS = [
    f"ignore:Unverified HTTPS request is being made to host '{host}'"
    ":urllib3.exceptions.InsecureRequestWarning"
    for host in ("127.0.0.1", "localhost")
]


def pytest_configure(config: pytest.Config) -> None:
    # The local server uses a self-signed certificate (clients pass connection_verify=False).
    # Silence urllib3's warning (sync SDK client) for local hosts only; other hosts still warn.
    if importlib.util.find_spec("urllib3") is not None:
        for line in _INSECURE_LOCAL_FILTERS:
            config.addinivalue_line("filterwarnings", line)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Also as a mark on tests that use the Cosmos fixtures: marks win over `-W error`.
    if importlib.util.find_spec("urllib3") is None:
        return
    for item in items:
        if any(name.startswith("cosmos_") for name in getattr(item, "fixturenames", ())):
            for line in _INSECURE_LOCAL_FILTERS:
                item.add_marker(pytest.mark.filterwarnings(line))


def unique_name(request: pytest.FixtureRequest, prefix: str = "t", max_len: int = 60) -> str:
    """``<prefix>-<test name>-<8 hex>``: letters, digits and '-', at most ``max_len`` chars."""
    base = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    suffix = uuid.uuid4().hex[:8]
    base = base[: max_len - len(prefix) - len(suffix) - 2].strip("-") or "x"
    return f"{prefix}-{base}-{suffix}"


@pytest.fixture(scope="session")
def cosmos_server(tmp_path_factory: pytest.TempPathFactory):
    reason = missing_node_reason("@vercel/cosmosdb-server")
    if reason:
        pytest.skip(f"local Cosmos DB server unavailable: {reason}")
    server = start_cosmos(log_dir=tmp_path_factory.mktemp("cosmos-server"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def cosmos_faults(cosmos_server: CosmosServer):
    cosmos_server.clear_faults()
    try:
        yield cosmos_server
    finally:
        if cosmos_server.process.alive:
            cosmos_server.clear_faults()


@pytest.fixture
def cosmos_database_name(request: pytest.FixtureRequest) -> str:
    return unique_name(request, "db")


@pytest.fixture
async def cosmos_client(cosmos_faults: CosmosServer):
    from azure.cosmos.aio import CosmosClient

    async with CosmosClient(cosmos_faults.endpoint, credential=cosmos_faults.key,
                            connection_verify=False) as client:
        yield client


@pytest.fixture
async def cosmos_database(cosmos_client, cosmos_faults: CosmosServer, cosmos_database_name: str):
    database = await cosmos_client.create_database(cosmos_database_name)
    try:
        yield database
    finally:
        cosmos_faults.clear_faults()  # the teardown delete must not hit a leftover fault
        try:
            await cosmos_client.delete_database(cosmos_database_name)
        except Exception:  # already deleted by the test, or the server is gone
            pass
