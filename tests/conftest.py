"""Shared test configuration: server fixtures live in tests/servers/."""

pytest_plugins = [
    "tests.servers.fixtures_azurite",
    "tests.servers.fixtures_cosmos",
    "tests.servers.fixtures_eventhub",
]
