"""Event Hubs source: the SDK's load-balanced async consumer, feeding the runner.

Partitions are balanced across replicas by `EventHubConsumerClient` with a
`BlobCheckpointStore` (ownership and checkpoints in Blob storage, in the format KEDA's
azure-eventhub scaler reads). This module only translates: SDK events -> RawEvent, SDK
partition callbacks -> runner calls, a checkpoint position -> the store's checkpoint record.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from typing import Any

from azure.eventhub import EventData
from azure.eventhub.aio import EventHubConsumerClient, PartitionContext
from azure.eventhub.extensions.checkpointstoreblobaio import BlobCheckpointStore

from aoai_logpipe.core.types import Position, RawEvent
from aoai_logpipe.runner import Runner
from aoai_logpipe.settings import CheckpointSettings, EventHubSettings

log = logging.getLogger(__name__)


def raw_event(event: EventData, partition_id: str) -> RawEvent:
    body = b"".join(part if isinstance(part, bytes) else bytes(part) for part in _body_parts(event))
    enqueued = event.enqueued_time
    if enqueued is not None and enqueued.tzinfo is None:
        enqueued = enqueued.replace(tzinfo=timezone.utc)
    properties = {str(k, "utf-8", "replace") if isinstance(k, bytes) else str(k): v
                  for k, v in (event.properties or {}).items()}
    return RawEvent(body, Position(partition_id, str(event.offset), int(event.sequence_number or 0), enqueued),
                    partition_key=_text(event.partition_key),
                    properties=properties)


def _text(partition_key: Any) -> Any:
    """A partition key as text (a producer's key that is not UTF-8 does not stop the worker)."""
    return str(partition_key, "utf-8", "replace") if isinstance(partition_key, bytes) else partition_key


def _body_parts(event: EventData) -> list[bytes]:
    try:
        body = event.body
    except Exception:  # value or sequence bodies (not produced by gateways): keep their text form
        return [event.body_as_str(encoding="utf-8").encode()]
    if isinstance(body, (bytes, bytearray)):
        return [bytes(body)]
    try:
        return [bytes(part) for part in body]
    except TypeError:
        return [str(body).encode()]


def starting_position(value: str) -> Any:
    if value == "earliest":
        return "-1"
    if value == "latest":
        return "@latest"
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def make_checkpoint_store(settings: CheckpointSettings, credential: Any = None) -> BlobCheckpointStore:
    if settings.connection_string is not None:
        return BlobCheckpointStore.from_connection_string(settings.connection_string.get_secret_value(), settings.container)
    if settings.account_url:
        return BlobCheckpointStore(settings.account_url, settings.container, credential=credential)
    raise ValueError("checkpoint storage needs checkpoint.connection_string or checkpoint.account_url")


async def ensure_container(settings: CheckpointSettings, credential: Any = None) -> None:
    """The checkpoint store does not create its container: do it once at start-up."""
    if not settings.create_container:
        return
    from azure.core.exceptions import ResourceExistsError
    from azure.storage.blob.aio import ContainerClient

    if settings.connection_string is not None:
        client = ContainerClient.from_connection_string(settings.connection_string.get_secret_value(), settings.container)
    else:
        client = ContainerClient(settings.account_url, settings.container, credential=credential)  # type: ignore[arg-type]
    async with client:
        try:
            await client.create_container()
        except ResourceExistsError:
            pass


def make_consumer(settings: EventHubSettings, store: BlobCheckpointStore | None, credential: Any = None) -> EventHubConsumerClient:
    common = dict(
        checkpoint_store=store,
        load_balancing_interval=settings.load_balancing_interval_s,
        partition_ownership_expiration_interval=settings.partition_ownership_expiration_s,
    )
    if settings.connection_string is not None:
        return EventHubConsumerClient.from_connection_string(
            settings.connection_string.get_secret_value(), consumer_group=settings.consumer_group,
            eventhub_name=settings.eventhub_name, **common)
    if not settings.fully_qualified_namespace or not settings.eventhub_name:
        raise ValueError("Event Hubs needs eventhub.connection_string, or fully_qualified_namespace and eventhub_name")
    return EventHubConsumerClient(settings.fully_qualified_namespace, settings.eventhub_name, settings.consumer_group,
                                  credential, **common)


class EventHubWorker:
    """Runs the consumer until `stop` is set; every callback goes through the runner."""

    def __init__(self, consumer: EventHubConsumerClient, runner: Runner, settings: EventHubSettings,
                 store: BlobCheckpointStore | None) -> None:
        self.consumer = consumer
        self.runner = runner
        self.settings = settings
        self.store = store
        self.owned: set[str] = set()
        self.errors = 0
        self.failure: BaseException | None = None  # a batch that could not be made durable
        self._stop: asyncio.Event | None = None

    @property
    def owner_ids(self) -> set[str]:
        """The owner id(s) this replica's claims carry in the checkpoint store (the SDK's event
        processor id, random per receive call and not exposed publicly)."""
        processors = getattr(self.consumer, "_event_processors", None) or {}
        return {str(p._id) for p in processors.values() if getattr(p, "_id", None)}

    def _checkpointer(self, context: PartitionContext):  # type: ignore[no-untyped-def]
        if self.store is None:
            return None
        store = self.store

        async def checkpoint(position: Position) -> None:
            await store.update_checkpoint({
                "fully_qualified_namespace": context.fully_qualified_namespace,
                "eventhub_name": context.eventhub_name,
                "consumer_group": context.consumer_group,
                "partition_id": context.partition_id,
                "offset": position.offset,
                "sequence_number": position.sequence_number,
            })

        return checkpoint

    async def on_batch(self, context: PartitionContext, events: list[EventData]) -> None:
        partition = context.partition_id
        checkpoint = self._checkpointer(context)
        try:
            if not events:  # max_wait_time passed quietly: let event time move on
                await self.runner.idle(partition, datetime.now(timezone.utc), checkpoint)
            else:
                await self.runner.handle(partition, [raw_event(e, partition) for e in events], checkpoint)
        except Exception as exc:
            # The documents of this batch are not durable and its checkpoint will not move: stop the
            # worker so the partition is re-read from its last checkpoint (by us after a restart, or
            # by another replica), rather than carry on past a hole.
            if self._stop is not None and self._stop.is_set() and self.failure is None:
                log.info("partition %s: batch abandoned at shutdown (%s); it is re-read from the checkpoint",
                         partition, type(exc).__name__)
                return
            if self.failure is None:
                self.failure = exc
                log.error("partition %s: batch could not be written (%s); stopping the worker", partition,
                          type(exc).__name__)
            if self._stop is not None:
                self._stop.set()

    async def on_initialize(self, context: PartitionContext) -> None:
        self.owned.add(context.partition_id)
        log.info("partition %s claimed", context.partition_id)

    async def on_close(self, context: PartitionContext, reason: Any) -> None:
        partition = context.partition_id
        self.owned.discard(partition)
        lost = getattr(reason, "name", str(reason)) == "OWNERSHIP_LOST"
        log.info("partition %s closed (%s)", partition, getattr(reason, "name", reason))
        # On shutdown the last safe position is checkpointed; after a loss the new owner decides.
        await self.runner.release(partition, None if lost else self._checkpointer(context))

    async def on_error(self, context: PartitionContext | None, error: Exception) -> None:
        self.errors += 1
        partition = context.partition_id if context else "-"
        log.warning("Event Hubs error on partition %s: %s", partition, type(error).__name__)

    async def run(self, stop: asyncio.Event, shutdown_timeout_s: float = 25.0) -> None:
        self._stop = stop
        s = self.settings
        receive = asyncio.create_task(self.consumer.receive_batch(
            self.on_batch,
            max_batch_size=s.max_batch_size,
            max_wait_time=s.max_wait_time_s,
            prefetch=s.prefetch,
            starting_position=starting_position(s.starting_position),
            on_partition_initialize=self.on_initialize,
            on_partition_close=self.on_close,
            on_error=self.on_error,
        ))
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({receive, stopper}, return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        try:
            await asyncio.wait_for(self.consumer.close(), timeout=shutdown_timeout_s)
        except asyncio.TimeoutError:
            log.error("consumer did not close within %.0f s", shutdown_timeout_s)
        if receive in done:
            receive.result()  # surface a failure of the receive loop itself
        else:
            receive.cancel()
