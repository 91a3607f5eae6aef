"""Cosmos DB sink: idempotent, never-downgrading writes with backpressure instead of loss.

Containers (created if absent): chargeback and audit partitioned by `/pk`, a hash bucket of
the document id (stable across replays and partial versions of a conversation, spreads
writes, and lets documents of one bucket share an `execute_item_batch`); dead letters by
their source partition; join documents (halves of a request waiting for the other half,
core/join.py) by their own id, merged by read / create / replace-if-match. Queries filter on indexed fields (`period`, `time`, `cost_center`,
`user_id`, ...) across buckets.

Writes: complete conversations and dead letters are upserted in transactional batches of
up to 100 per bucket (the Python SDK has no bulk mode and a single upsert costs ~2 ms of
client CPU). Incomplete versions go through create / read / replace-if-match so a partial
replay never overwrites a better document. Throttling (429), 408, 449, 5xx and transport
errors are retried with backoff for as long as it takes: `write` returns only when every
document is durable, so the partition does not advance meanwhile (backpressure).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable, Sequence, TypeVar

from azure.core import MatchConditions
from azure.core.exceptions import ServiceRequestError, ServiceResponseError
from azure.cosmos import PartitionKey, documents
from azure.cosmos.aio import ContainerProxy, CosmosClient, DatabaseProxy
from azure.cosmos.exceptions import (
    CosmosBatchOperationError,
    CosmosClientTimeoutError,
    CosmosHttpResponseError,
    CosmosResourceExistsError,
    CosmosResourceNotFoundError,
)

from aoai_logpipe.core import join
from aoai_logpipe.core.documents import Document, fit
from aoai_logpipe.core.pipeline import Output

log = logging.getLogger(__name__)

T = TypeVar("T")
COMPLETE_RANK = 2_000_000
MAX_ITEM_BYTES = 2 * 1024 * 1024 - 16 * 1024  # Cosmos limit is 2 MB; keep room for system fields
RETRYABLE = {408, 429, 449, 500, 502, 503, 504}

CHARGEBACK_INDEX = {
    "indexingMode": "consistent",
    "includedPaths": [{"path": "/*"}],
    "excludedPaths": [{"path": "/estimated/*"}, {"path": "/drift/*"}, {"path": "/reported/*"}, {"path": '/"_etag"/?'}],
    "compositeIndexes": [[{"path": "/period", "order": "ascending"}, {"path": "/time", "order": "ascending"}]],
}
AUDIT_INDEX = {
    "indexingMode": "consistent",
    "includedPaths": [{"path": "/*"}],
    # Conversation text is read, never searched by the database: not indexing it saves RUs.
    "excludedPaths": [{"path": "/messages/*"}, {"path": "/choices/*"}, {"path": "/tools/*"},
                      {"path": "/prompt_filter/*"}, {"path": '/"_etag"/?'}],
}

# Only the sweep's `updated < @before` filter reads an index.
JOINS_INDEX = {"indexingMode": "consistent", "includedPaths": [{"path": "/updated/?"}], "excludedPaths": [{"path": "/*"}]}


@dataclass(frozen=True)
class CosmosTarget:
    endpoint: str
    credential: Any  # account key (str) or an async TokenCredential (managed identity)
    database: str = "aoai-logpipe"
    chargeback: str = "chargeback"
    audit: str = "audit"
    deadletters: str = "deadletters"
    joins: str = "joins"
    buckets: int = 32
    audit_ttl_days: int | None = None
    verify_tls: bool = True
    create_if_missing: bool = True
    concurrency: int = 16


@dataclass
class SinkCounters:
    documents: int = 0
    batches: int = 0
    single_writes: int = 0
    refused_downgrades: int = 0
    trimmed: int = 0
    retries: Counter = field(default_factory=Counter)  # by status code or error kind
    request_charge: float = 0.0


class SinkStopped(RuntimeError):
    """Shutdown was requested while a write was still being retried: it did not complete."""


def bucket(doc_id: str, buckets: int) -> str:
    digest = hashlib.blake2b(doc_id.encode(), digest_size=4).digest()
    return f"b{int.from_bytes(digest, 'big') % buckets:03d}"


class CosmosSink:
    def __init__(self, target: CosmosTarget, *, max_backoff_s: float = 30.0) -> None:
        self.target = target
        self.counters = SinkCounters()
        self.max_backoff_s = max_backoff_s
        self.stopping = asyncio.Event()
        self._client: CosmosClient | None = None
        self._containers: dict[str, ContainerProxy] = {}
        self._semaphore = asyncio.Semaphore(target.concurrency)

    # ------------------------------------------------------------ lifecycle

    async def open(self) -> None:
        t = self.target
        # Throttles come straight to our retry loop (retry-after honoured, counted, unbounded)
        # instead of the SDK's nine silent attempts. (`retry_throttle_total=0` is read as "unset".)
        policy = documents.ConnectionPolicy()
        policy.RetryOptions = documents.RetryOptions(max_retry_attempt_count=0)
        self._client = CosmosClient(t.endpoint, credential=t.credential, connection_verify=t.verify_tls,
                                    connection_policy=policy)
        if t.create_if_missing:
            database = await self._retry(lambda: _create_database(self._client, t.database))  # type: ignore[arg-type]
            ttl = t.audit_ttl_days * 86400 if t.audit_ttl_days else None
            specs = [
                ("chargeback", t.chargeback, "/pk", CHARGEBACK_INDEX, None),
                ("audit", t.audit, "/pk", AUDIT_INDEX, ttl),
                ("deadletters", t.deadletters, "/partition", None, None),
                ("joins", t.joins, "/id", JOINS_INDEX, None),
            ]
            for role, name, key, index, default_ttl in specs:
                self._containers[role] = await self._retry(
                    lambda name=name, key=key, index=index, default_ttl=default_ttl: _create_container(
                        database, name, key, index, default_ttl))
        else:
            database = self._client.get_database_client(t.database)
            for role in ("chargeback", "audit", "deadletters", "joins"):
                self._containers[role] = database.get_container_client(getattr(t, role))

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None

    def stop(self) -> None:
        """Give up retrying (shutdown): pending writes raise SinkStopped, nothing is checkpointed."""
        self.stopping.set()

    # ------------------------------------------------------------ writes

    async def write(self, out: Output) -> int:
        jobs: list[Awaitable[None]] = []
        for role, docs in (("chargeback", out.chargeback), ("audit", out.audit), ("deadletters", out.deadletters)):
            if not docs:
                continue
            container = self._containers[role]
            groups: dict[str, list[Document]] = defaultdict(list)
            for doc in docs:
                doc = self._prepare(role, doc)
                if role != "deadletters" and doc.get("rank", 0) < COMPLETE_RANK:
                    jobs.append(self._limited(lambda c=container, d=doc: self._write_guarded(c, d)))
                else:
                    groups[doc["pk" if role != "deadletters" else "partition"]].append(doc)
            for key, group in groups.items():
                for start in range(0, len(group), 100):
                    chunk = group[start:start + 100]
                    jobs.append(self._limited(lambda c=container, k=key, g=chunk: self._upsert_batch(c, k, g)))
        await asyncio.gather(*jobs)
        total = len(out)
        self.counters.documents += total
        return total

    def _prepare(self, role: str, doc: Document) -> Document:
        if role == "deadletters":
            return doc
        doc = {**doc, "pk": bucket(doc["id"], self.target.buckets)}
        if role == "audit":
            fitted = fit(doc, MAX_ITEM_BYTES)
            if fitted is not doc:
                self.counters.trimmed += 1
                log.warning("audit document %s trimmed to fit the 2 MB item limit", doc["id"])
            return fitted
        return doc

    def _charge(self, headers: Any, *_: Any) -> None:
        """Request units the service charged (x-ms-request-charge), for the metrics."""
        try:
            self.counters.request_charge += float(headers.get("x-ms-request-charge", 0) or 0)
        except (TypeError, ValueError, AttributeError):
            pass

    async def _limited(self, job: Callable[[], Awaitable[T]]) -> T:
        async with self._semaphore:
            return await job()

    async def _upsert_batch(self, container: ContainerProxy, key: str, docs: list[Document]) -> None:
        if len(docs) == 1:
            await self._retry(lambda: container.upsert_item(docs[0], response_hook=self._charge))
            self.counters.single_writes += 1
            return
        operations = [("upsert", (doc,)) for doc in docs]
        await self._retry(lambda: container.execute_item_batch(operations, partition_key=key, response_hook=self._charge))
        self.counters.batches += 1

    async def _write_guarded(self, container: ContainerProxy, doc: Document) -> None:
        """Create, or replace only a lower-ranked version (etag-guarded against races)."""
        self.counters.single_writes += 1
        while True:
            try:
                await self._retry(lambda: container.create_item(doc, response_hook=self._charge))
                return
            except CosmosResourceExistsError:
                pass
            try:
                current = await self._retry(lambda: container.read_item(doc["id"], partition_key=doc["pk"],
                                                                        response_hook=self._charge))
            except CosmosResourceNotFoundError:
                continue  # deleted meanwhile: create again
            if int(current.get("rank", 0)) > int(doc.get("rank", 0)):
                self.counters.refused_downgrades += 1
                return
            try:
                await self._retry(lambda: container.replace_item(
                    doc["id"], doc, etag=current.get("_etag"), match_condition=MatchConditions.IfNotModified,
                    response_hook=self._charge))
                return
            except CosmosHttpResponseError as exc:
                if exc.status_code != 412:  # changed since we read it: decide again
                    raise

    # ------------------------------------------------------------ joins

    async def join(self, requests: Sequence[join.JoinRequest]) -> list[join.JoinResult]:
        return list(await asyncio.gather(*(self._limited(lambda r=r: self._join_one(r)) for r in requests)))

    async def _join_one(self, request: join.JoinRequest) -> join.JoinResult:
        """Compare-and-swap merge: a concurrent merge by another replica makes us read again."""
        container = self._containers["joins"]
        jid = join.join_id(request.key)
        while True:
            try:
                current = await self._retry(lambda: container.read_item(jid, partition_key=jid, response_hook=self._charge))
            except CosmosResourceNotFoundError:
                current = None
            doc, result = join.merge(current, request, datetime.now(timezone.utc))
            try:
                if current is None:
                    await self._retry(lambda: container.create_item(doc, response_hook=self._charge))
                else:
                    await self._retry(lambda: container.replace_item(
                        jid, doc, etag=current.get("_etag"), match_condition=MatchConditions.IfNotModified,
                        response_hook=self._charge))
                return result
            except CosmosResourceExistsError:
                continue  # created meanwhile
            except CosmosHttpResponseError as exc:
                if exc.status_code not in (404, 412):  # deleted or changed since we read it
                    raise

    async def expired_joins(self, before: datetime | None) -> list[join.JoinResult]:
        container = self._containers["joins"]
        if before is None:
            items = await self._retry(lambda: read_all(container))
        else:
            items = await self._retry(lambda: read_all(container, "SELECT * FROM c WHERE c.updated < @before",
                                                       [{"name": "@before", "value": before.timestamp()}]))
        return [join.result(item, item.get("_etag")) for item in items]

    async def forget_joins(self, results: Sequence[join.JoinResult]) -> None:
        container = self._containers["joins"]

        async def forget(result: join.JoinResult) -> None:
            jid = join.join_id(result.key)
            try:
                await self._retry(lambda: container.delete_item(jid, partition_key=jid, etag=result.etag,
                                                                match_condition=MatchConditions.IfNotModified))
            except CosmosHttpResponseError as exc:
                if exc.status_code not in (404, 412):  # gone already, or merged again: keep it
                    raise

        await asyncio.gather(*(self._limited(lambda r=r: forget(r)) for r in results))

    async def _retry(self, call: Callable[[], Awaitable[T]]) -> T:
        """Retry transient failures forever (until stop()), with capped exponential backoff."""
        attempt = 0
        while True:
            try:
                return await call()
            except CosmosBatchOperationError as exc:
                status = _batch_status(exc)
                if status not in RETRYABLE:
                    raise
                delay = _retry_after(exc)
                kind = str(status)
            except CosmosHttpResponseError as exc:
                if exc.status_code not in RETRYABLE:
                    raise
                delay = _retry_after(exc)
                kind = str(exc.status_code)
            except (CosmosClientTimeoutError, ServiceRequestError, ServiceResponseError, asyncio.TimeoutError,
                    ConnectionError) as exc:
                delay = None
                kind = type(exc).__name__
            attempt += 1
            self.counters.retries[kind] += 1
            if self.stopping.is_set():
                raise SinkStopped(f"Cosmos DB write abandoned at shutdown after {attempt} attempts ({kind})")
            backoff = min(self.max_backoff_s, 0.1 * 2 ** min(attempt, 10)) * (0.5 + random.random() / 2)
            wait = max(delay or 0.0, backoff)
            if attempt in (1, 5) or attempt % 20 == 0:
                log.warning("Cosmos DB write failed (%s), retry %d in %.2f s", kind, attempt, wait)
            try:
                await asyncio.wait_for(self.stopping.wait(), timeout=wait)
            except asyncio.TimeoutError:
                pass


async def _create_database(client: CosmosClient, name: str) -> DatabaseProxy:
    try:
        return await client.create_database_if_not_exists(name)
    except CosmosResourceExistsError:  # another replica created it between our read and create
        return client.get_database_client(name)


async def _create_container(database: DatabaseProxy, name: str, key: str, index: dict | None,
                            ttl: int | None) -> ContainerProxy:
    kwargs: dict[str, Any] = {"id": name, "partition_key": PartitionKey(path=key)}
    if index is not None:
        kwargs["indexing_policy"] = index
    if ttl is not None:
        kwargs["default_ttl"] = ttl
    try:
        return await database.create_container_if_not_exists(**kwargs)
    except CosmosResourceExistsError:  # created concurrently by another replica
        return database.get_container_client(name)


def _batch_status(exc: CosmosBatchOperationError) -> int | None:
    responses = getattr(exc, "operation_responses", None) or []
    index = getattr(exc, "error_index", None)
    if isinstance(index, int) and 0 <= index < len(responses):
        status = responses[index].get("statusCode")
        if status and status != 424:
            return int(status)
    return getattr(exc, "status_code", None)


def _retry_after(exc: Exception) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None) or getattr(exc, "headers", None) or {}
    try:
        value = headers.get("x-ms-retry-after-ms")
        return float(value) / 1000 if value is not None else None
    except (TypeError, ValueError, AttributeError):
        return None


async def read_all(container: ContainerProxy, query: str = "SELECT * FROM c", parameters: list | None = None) -> list[dict[str, Any]]:
    """Every document a query returns, across buckets (used by exports and tests)."""
    return [item async for item in container.query_items(query, parameters=parameters or [])]
