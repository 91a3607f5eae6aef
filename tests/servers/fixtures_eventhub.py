"""pytest fixtures for the in-memory Event Hubs AMQP test server (tests/servers/eventhub_server.py).

Fixtures
--------
``eventhub_server`` (session scope)
    One :class:`EventHubTestServer` listening on ``127.0.0.1:<free port>`` in a background
    thread, shared by the whole session (per xdist worker). Reachable from sync tests, async
    tests and child processes (pass them ``connection_str``).

``eventhub_factory`` (function scope)
    ``eventhub_factory(partitions=4, name=None) -> EventHub``: a fresh, empty hub with a unique
    name on the shared server. Hubs are deleted and ``delivery_delay`` is reset at teardown.

``eventhub`` (function scope)
    ``eventhub_factory()`` with 4 partitions.

Example::

    async def test_roundtrip(eventhub):
        async with EventHubProducerClient.from_connection_string(eventhub.connection_str) as p:
            await p.send_batch([EventData(b"hi")], partition_key="tenant-a")
        pid = eventhub.partition_for_key("tenant-a")
        assert [e.body for e in eventhub.events(pid)] == [b"hi"]

Notes: ``eventhub.server.drop_connections()`` drops *every* client connection of the shared
server (fine: tests in one process run one at a time). Always pass
``load_balancing_interval=1`` (or less) to ``EventHubConsumerClient`` or closing it takes ~30 s.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

from tests.servers.eventhub_server import EventHubTestServer, StoredEvent, partition_for_key

__all__ = ["EventHub", "eventhub_server", "eventhub_factory", "eventhub"]


@dataclass
class EventHub:
    """One hub on the test server, as handed to tests."""

    server: EventHubTestServer
    hub: str  # event hub name (the connection string's EntityPath)
    partitions: List[str] = field(default_factory=list)  # partition ids "0".."n-1"

    @property
    def connection_str(self) -> str:
        """``Endpoint=sb://127.0.0.1:PORT;...;EntityPath=<hub>;UseDevelopmentEmulator=true``."""
        return self.server.connection_string(self.hub)

    @property
    def fully_qualified_namespace(self) -> str:
        return f"{self.server.host}:{self.server.port}"

    def events(self, partition_id: Optional[str] = None) -> List[StoredEvent]:
        """Stored events of one partition, or of all partitions (partition order, then seq)."""
        return self.server.events(partition_id, hub=self.hub)

    def publish(self, partition_id: str, body: bytes, properties: Optional[Dict[str, Any]] = None,
                partition_key: Optional[str] = None, enqueued_time: Optional[dt.datetime] = None) -> StoredEvent:
        """Inject an event without the SDK (wakes attached consumers); `enqueued_time` as the
        broker's stamp (a recorded stream replayed with its own clock)."""
        return self.server.publish(partition_id, body, properties, partition_key, hub=self.hub,
                                   enqueued_time=enqueued_time)

    def partition_for_key(self, partition_key: str) -> str:
        """Partition id the service routes ``partition_key`` to (Event Hubs' own hash)."""
        return partition_for_key(partition_key, self.partitions)

    def receivers(self) -> List[Dict[str, Any]]:
        """Attached consumer links (name, consumer_group, partition_id, epoch, next_seq)."""
        return self.server.receivers(hub=self.hub)

    def wait_for_events(self, count: int, timeout: float = 10.0) -> List[StoredEvent]:
        return self.server.wait_for_events(count, hub=self.hub, timeout=timeout)


@pytest.fixture(scope="session")
def eventhub_server() -> Iterator[EventHubTestServer]:
    """Session-wide Event Hubs test server (no hub pre-created; use ``eventhub``)."""
    server = EventHubTestServer(hub=None)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def eventhub_factory(eventhub_server: EventHubTestServer) -> Iterator[Callable[..., EventHub]]:
    """``make(partitions=4, name=None) -> EventHub`` creating fresh hubs for this test."""
    created: List[str] = []

    def make(partitions: int = 4, name: Optional[str] = None) -> EventHub:
        name = name or f"hub-{uuid.uuid4().hex[:10]}"
        ids = eventhub_server.create_hub(name, partitions)
        created.append(name)
        return EventHub(server=eventhub_server, hub=name, partitions=ids)

    yield make
    eventhub_server.delivery_delay = 0.0
    for name in created:
        eventhub_server.delete_hub(name)


@pytest.fixture
def eventhub(eventhub_factory: Callable[..., EventHub]) -> EventHub:
    """A fresh 4-partition hub on the shared server."""
    return eventhub_factory()
