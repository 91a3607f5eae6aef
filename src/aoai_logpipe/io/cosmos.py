"""Cosmos DB sink: idempotent, never-downgrading writes with backpressure instead of loss.

Containers (created if absent): chargeback and audit partitioned by `/pk` = `<day>.<bucket>`:
the UTC day of the document's `time` and a hash bucket of its id. New days add new logical
partitions, so no partition ever approaches Cosmos DB's 20 GB limit; the buckets spread each
day's writes and let documents of one bucket share an `execute_item_batch`. Versions of one
document have nearly the same `time` (the earliest fragment seen); one that lies within
VERSION_SPREAD of midnight may have a sibling keyed by the neighbouring day, so it is written
through the guarded path, which looks there first (docs/operations.md, "Partition keys").
Dead letters are partitioned by their source partition. Join documents (halves of a request
waiting for the other half, core/join.py) are partitioned by a bucket of their id (`/pk` =
`j<bucket>`): the merges of one `join` call that share a bucket are read by one query and written
by one transactional batch of creates and replaces-if-match; a merge that lost a race with another
replica leaves its batch (the others go again at once) and is read and merged again with the
bucket, twice at most, then alone (read / create / replace-if-match). A joins container made
before (partitioned by `/id`) is merged request by request.

Writes: the documents of concurrent `write` calls (every partition's group, and the joins they
render) are coalesced (io/coalesce.py): one round takes everything waiting and sends it in
transactional batches per partition key (at most 100 operations and 2 MB), so under load the
requests grow larger instead of more numerous; each `write` returns when all of its own documents
are durable. Complete conversations and dead letters are upserted. Guarded documents (incomplete
versions, and versions near midnight that may have a sibling under the neighbouring day's key)
are never upserted blindly: those near midnight are looked up under the neighbouring keys (one
single-partition query per key and round) and a sibling found there is replaced if it does not
rank higher (etag-guarded); the others are written under their own key in the same batches as
the upserts: complete versions upserted, as they always are, incomplete ones created. A create
that finds a version stored (409) or a replace that loses a race (412,
404) is decided again alone through read / create / replace-if-match (the rest of its batch is
sent again without it), so a partial replay never overwrites a better document. This module's retry
loop is the only retry policy (the SDK's own retries are switched off, so every retry is
counted): 429, 408, 449, 5xx and transport errors are retried with backoff until stop(), and
`write` returns only when every document is durable (backpressure). A document Cosmos DB
refuses for good (400, 413, 403/1014, after splitting its batch) is quarantined in the dead
letters container; an answer that concerns the account (401, other 403s, a missing container)
raises StoreUnavailable: no later write could succeed either.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import urllib.request
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Awaitable, Callable, Iterator, Sequence, TypeVar, cast

from azure.core import MatchConditions
from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError
from azure.core.pipeline.transport import AioHttpTransport
from azure.cosmos import PartitionKey, documents
from azure.cosmos.aio import ContainerProxy, CosmosClient, DatabaseProxy
from azure.cosmos.exceptions import (
    CosmosBatchOperationError,
    CosmosClientTimeoutError,
    CosmosHttpResponseError,
    CosmosResourceExistsError,
    CosmosResourceNotFoundError,
)

from aoai_logpipe.core import fulltext, join, privacy
from aoai_logpipe.core.documents import Document, doc_id, fit
from aoai_logpipe.core.pipeline import Output
from aoai_logpipe.io import cosmos_json
from aoai_logpipe.io.coalesce import Coalescer, Item
from aoai_logpipe.io.stopping import finished_unless_stopped

log = logging.getLogger(__name__)

T = TypeVar("T")
B = TypeVar("B")
COMPLETE_RANK = 2_000_000
MAX_ITEM_BYTES = 2 * 1024 * 1024 - 16 * 1024  # Cosmos limit is 2 MB; keep room for system fields
MAX_BATCH_OPS = 100
MAX_BATCH_BYTES = 2 * 1024 * 1024 - 64 * 1024  # the 2 MB request limit, less the batch envelope
OP_OVERHEAD_BYTES = 128  # {"operationType":"Upsert","resourceBody":...} around each document
VERSION_SPREAD = timedelta(hours=1)  # versions of one document lie closer than this in `time`
RETRYABLE = {408, 429, 449, 500, 502, 503, 504}
RACED = {404, 409, 412}  # a guarded create or replace found the document created, changed or deleted meanwhile
PARTITION_FULL = 1014  # 403 substatus: the logical partition reached 20 GB
STORED_RANKS = 65_536  # document ids whose stored rank the sink remembers (~10 MB)
JOIN_ROUNDS = 3  # reads and batches of a join bucket that lost a race, before merging request by request

CHARGEBACK_INDEX = {
    "indexingMode": "consistent",
    "includedPaths": [{"path": "/*"}],
    "excludedPaths": [{"path": "/estimated/*"}, {"path": "/drift/*"}, {"path": "/reported/*"}, {"path": '/"_etag"/?'}],
    "compositeIndexes": [[{"path": "/period", "order": "ascending"}, {"path": "/time", "order": "ascending"}]],
}
AUDIT_INDEX = {
    "indexingMode": "consistent",
    "includedPaths": [{"path": "/*"}],
    # Conversation text is not range-indexed: that would cost RUs on every write and help no query
    # (CONTAINS scans either way; `audit --text` narrows by an indexed time range first). Cosmos
    # DB's full-text index on /search_text is the scalable alternative (deploy/README.md).
    "excludedPaths": [{"path": "/messages/*"}, {"path": "/choices/*"}, {"path": "/tools/*"},
                      {"path": "/prompt_filter/*"}, {"path": "/search_text/?"}, {"path": '/"_etag"/?'}],
}

#: each container's partition key path by role: the sink creates them so and `doctor` checks them
PARTITION_KEYS = {"chargeback": "/pk", "audit": "/pk", "deadletters": "/partition", "joins": "/pk", "security": "/pk"}
#: the key of a joins container made by an earlier version: still served, half by half
LEGACY_JOINS_KEY = "/id"

# Tombstones, holds and the access log: few documents, read by kind (/pk) and order (seq).
SECURITY_INDEX = {"indexingMode": "consistent", "includedPaths": [{"path": "/*"}],
                  "excludedPaths": [{"path": "/filters/*"}, {"path": "/result_ids/*"}, {"path": '/"_etag"/?'}]}

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
    security: str = "security"
    policy_refresh_s: float = 30.0  # how often tombstones and holds are read again
    buckets: int = 32
    join_buckets: int = 8
    audit_ttl_days: int | None = None
    verify_tls: bool = True
    create_if_missing: bool = True
    concurrency: int = 16
    linger_s: float = 0.5  # how long a round of writes waits for more writers after the first


@dataclass
class SinkCounters:
    documents: int = 0
    batches: int = 0
    single_writes: int = 0
    refused_downgrades: int = 0
    suppressed: int = 0  # audit documents of erased subjects, not written
    trimmed: int = 0
    quarantined: int = 0
    retries: Counter = field(default_factory=Counter)  # by status code or error kind
    request_charge: float = 0.0
    requests: Counter = field(default_factory=Counter)  # every request sent (retries too), by operation
    write_sizes: Counter = field(default_factory=Counter)  # documents per document-writing request -> requests
    guarded: Counter = field(default_factory=Counter)  # guarded documents, by why: incomplete / near_midnight
    write_calls: int = 0
    rounds: int = 0  # coalesced rounds sent
    round_keys: int = 0  # distinct (container, partition key) pairs of each round, added up


class SinkStopped(RuntimeError):
    """Shutdown was requested while a write was still being retried: it did not complete."""


class StoreUnavailable(RuntimeError):
    """Cosmos DB refuses the account, database or container itself: no write can succeed."""


def bucket(item_id: str, buckets: int) -> str:
    digest = hashlib.blake2b(item_id.encode(), digest_size=4).digest()
    return f"b{int.from_bytes(digest, 'big') % buckets:03d}"


def homes(doc: Document, buckets: int) -> list[str]:
    """Partition-key values where versions of this document may live, its own first.

    The own key is `<UTC day of time>.<bucket>`; within VERSION_SPREAD of midnight the
    neighbouring day's key follows, as a version seen with other fragments may be stored there.
    """
    suffix = bucket(doc["id"], buckets)
    try:
        time = datetime.fromisoformat(doc["time"])
    except (KeyError, TypeError, ValueError):
        return [f"undated.{suffix}"]
    own = time.date()
    near = sorted({(time - VERSION_SPREAD).date(), (time + VERSION_SPREAD).date()} - {own})
    return [f"{day.isoformat()}.{suffix}" for day in (own, *near)]


def _best_versions(items: list[Item[Pending]]) -> tuple[list[Item[Pending]], list[tuple[Item[Pending], Item[Pending]]]]:
    """(the round's items with one version per document: the best ranked, the later of equals;
    (item, the version that stands for it) for each of the others)."""
    best: dict[tuple[str, str], Item[Pending]] = {}
    for item in items:
        key = (item.value.role, item.value.doc["id"])
        held = best.get(key)
        if held is None or int(item.value.doc.get("rank", 0)) >= int(held.value.doc.get("rank", 0)):
            best[key] = item
    if len(best) == len(items):
        return items, []
    leaders = {id(item) for item in best.values()}
    return ([item for item in items if id(item) in leaders],
            [(item, best[(item.value.role, item.value.doc["id"])]) for item in items if id(item) not in leaders])


def request_size(doc: Document) -> int:
    """Bytes of `doc` in a request body (compact UTF-8, as Cosmos DB counts its item limit)."""
    return cosmos_json.body_size(doc)


def searchable(doc: Document, room: int) -> tuple[str, int]:
    """The document's normalized text, cut to what fits in `room` bytes of the item (text past
    Cosmos DB's 2 MB item limit is not searchable; docs/security.md), and its encoded size."""
    text = fulltext.search_text(doc)
    while (size := cosmos_json.body_size(text)) > room and text:
        text = text[:max(0, len(text) * max(room, 0) // size - 8)]
    return text, size


def batches(items: Sequence[B], max_ops: int = MAX_BATCH_OPS, max_bytes: int = MAX_BATCH_BYTES,
            body: Callable[[B], Document] = lambda doc: doc,
            measure: Callable[[B], int] | None = None) -> Iterator[list[B]]:
    """Consecutive runs of `items` (documents, or what `body` turns into one) within a
    transactional batch's limits, none holding one id twice: a second version waits for the
    next run, so versions are written in order. A lone oversized document forms a batch of its
    own; Cosmos DB decides about it. `measure` gives an item's request bytes where they are known
    (default: the document is encoded to count them)."""
    run: list[B] = []
    ids: set[str] = set()
    size = 0
    for item in items:
        doc = body(item)
        cost = (request_size(doc) if measure is None else measure(item)) + OP_OVERHEAD_BYTES
        if run and (len(run) == max_ops or size + cost > max_bytes or doc["id"] in ids):
            yield run
            run, ids, size = [], set(), 0
        run.append(item)
        ids.add(doc["id"])
        size += cost
    if run:
        yield run


@dataclass(frozen=True, slots=True)
class Pending:
    """A document waiting for its round."""

    role: str
    doc: Document  # prepared: `pk` is its own key
    keys: list[str]  # where versions may live, its own key first (dead letters: the source partition)
    guarded: bool  # never upserted blindly: incomplete, or near midnight
    size: int  # request bytes of doc, an upper bound (request_size), counted once when prepared


@dataclass(eq=False, slots=True)
class _JoinAsk:
    """One join request of one caller; its round sets `result`, or leaves it None when another
    caller of the round asked for the same key first and renders the union."""

    request: join.JoinRequest
    result: join.JoinResult | None = None


@dataclass(frozen=True, slots=True)
class _JoinOp:
    """The next version of one join document, as an operation of a bucket's batch."""

    index: int  # of its request in the join call
    doc: Document
    op: tuple
    result: join.JoinResult


@dataclass(frozen=True, slots=True)
class Op:
    """One operation of a request: an upsert, a guarded create (no version stored) or a guarded
    replace of the stored version `etag` (in the key where it lives)."""

    kind: str  # upsert / create / replace
    key: str
    body: Document
    item: Item[Pending]
    etag: str | None = None

    def batched(self) -> tuple:
        if self.kind == "replace":
            return ("replace", (self.body["id"], self.body), {"if_match_etag": self.etag})
        return (self.kind, (self.body,))


class CosmosSink:
    def __init__(self, target: CosmosTarget, *, max_backoff_s: float = 30.0) -> None:
        self.target = target
        self.counters = SinkCounters()
        self.max_backoff_s = max_backoff_s
        self.stopping = asyncio.Event()
        self._client: CosmosClient | None = None
        self._containers: dict[str, ContainerProxy] = {}
        self._semaphore = asyncio.Semaphore(target.concurrency)
        self._writes: Coalescer[Pending] = Coalescer(self._flush, target.linger_s)
        # Joins in rounds too, without lingering: the next round gathers while one is in flight.
        self._joins: Coalescer[_JoinAsk] = Coalescer(self._flush_joins, 0.0)
        self.policy = privacy.Policy()
        self._policy_loaded = float("-inf")  # loop time of the last load
        # Every write: its request charge counted, and no copy of the document sent back
        # (`Prefer: return=minimal`): nothing here reads what a write returns.
        self._written: dict[str, Any] = {"response_hook": self._charge, "no_response": True}
        self._joins_bucketed = True  # the joins container's key is /pk (a bucket), not /id (found at open)
        # The rank of the best version this sink has stored of each recent document id: a guarded
        # version below it is a downgrade, refused without a request (e.g. an APIM request's version
        # billed from its LLM record, written after the joined version from the other partition).
        self._stored: OrderedDict[str, int] = OrderedDict()

    # ------------------------------------------------------------ lifecycle

    async def open(self) -> None:
        """Connect and create (or check) the containers; retried until stop() like any write."""
        t = self.target
        # One retry policy, ours: the SDK's throttle, connection and regional (503) retries are
        # switched off so every retry is counted and bounded by stop(). (`0` alone would be read
        # as "unset" by `retry_total`, hence the explicit RetryOptions.)
        policy = documents.ConnectionPolicy()
        policy.RetryOptions = documents.RetryOptions(max_retry_attempt_count=0)
        policy.EnableEndpointDiscovery = False
        # Without a proxy in the environment, aiohttp's `trust_env` only costs a thread hop per
        # request (it looks the proxy up in a worker thread every time): ask once, here.
        transport = AioHttpTransport(use_env_settings=bool(urllib.request.getproxies()))
        cosmos_json.install()
        self._client = CosmosClient(t.endpoint, credential=t.credential, connection_verify=t.verify_tls,
                                    connection_policy=policy, retry_total=0, retry_connect=0, retry_read=0,
                                    retry_status=0, transport=transport, enable_compact_utf8_item_writes=True)
        ttl = t.audit_ttl_days * 86400 if t.audit_ttl_days else None
        specs = [(role, name, PARTITION_KEYS[role], index, default_ttl) for role, name, index, default_ttl in (
            ("chargeback", t.chargeback, CHARGEBACK_INDEX, None),
            ("audit", t.audit, AUDIT_INDEX, ttl),
            ("deadletters", t.deadletters, None, None),
            ("joins", t.joins, JOINS_INDEX, None),
            ("security", t.security, SECURITY_INDEX, None),
        )]
        try:
            if t.create_if_missing:
                database = await self._retry(lambda: _create_database(self._client, t.database), "open")  # type: ignore[arg-type]
                for role, name, key, index, default_ttl in specs:
                    self._containers[role] = await self._retry(
                        lambda name=name, key=key, index=index, default_ttl=default_ttl: _create_container(
                            database, name, key, index, default_ttl), "open")
            else:
                database = self._client.get_database_client(t.database)
                for role, name, *_ in specs:
                    container = database.get_container_client(name)
                    await self._retry(container.read, "open")
                    self._containers[role] = container
            joins = await self._retry(self._containers["joins"].read, "open")
        except (CosmosHttpResponseError, HttpResponseError) as exc:
            raise _unavailable(exc, f"database {t.database!r}", create=t.create_if_missing) from None
        self._joins_bucketed = (joins.get("partitionKey") or {}).get("paths") == [PARTITION_KEYS["joins"]]
        await self._load_policy()

    async def _load_policy(self) -> None:
        """Tombstones and active holds (a few documents: one small query)."""
        items = await self._retry(lambda: read_all(
            self._containers["security"], "SELECT * FROM c WHERE c.pk = @tombstone OR c.pk = @hold",
            [{"name": "@tombstone", "value": "tombstone"}, {"name": "@hold", "value": "hold"}]), "query")
        self.policy = privacy.Policy.of([i for i in items if i["pk"] == "tombstone"], [i for i in items if i["pk"] == "hold"])
        self._policy_loaded = asyncio.get_running_loop().time()

    async def close(self) -> None:
        await self._writes.close(SinkStopped("Cosmos DB sink closed with writes pending"))
        await self._joins.close(SinkStopped("Cosmos DB sink closed with joins pending"))
        if self._client is not None:
            await self._client.close()
            self._client = None

    def stop(self) -> None:
        """Give up retrying (shutdown): pending writes raise SinkStopped, nothing is checkpointed."""
        self.stopping.set()
        self._writes.abandon(SinkStopped("Cosmos DB write abandoned at shutdown"))
        self._joins.abandon(SinkStopped("Cosmos DB join abandoned at shutdown"))

    # ------------------------------------------------------------ writes

    async def write(self, out: Output) -> int:
        if asyncio.get_running_loop().time() - self._policy_loaded >= self.target.policy_refresh_s:
            await self._load_policy()
        applied = privacy.apply(self.policy, out)
        self.counters.suppressed += applied.suppressed
        out = applied.out
        self.counters.write_calls += 1
        pending: list[Pending] = []
        for role, docs in (("chargeback", out.chargeback), ("audit", out.audit), ("deadletters", out.deadletters)):
            for doc in docs:
                doc, keys, size = self._prepare(role, doc)
                guarded = role != "deadletters" and (doc.get("rank", 0) < COMPLETE_RANK or len(keys) > 1)
                if guarded:
                    self.counters.guarded["near_midnight" if len(keys) > 1 else "incomplete"] += 1
                pending.append(Pending(role, doc, keys, guarded, size))
        await self._writes.submit(pending)
        self.counters.documents += len(out)
        return len(out)

    def _prepare(self, role: str, doc: Document) -> tuple[Document, list[str], int]:
        """The document as stored, the keys where its versions may live, and its request bytes
        (an upper bound, so each document is encoded to be measured once, not per batch)."""
        if role == "deadletters":
            return doc, [doc["partition"]], request_size(doc)
        keys = homes(doc, self.target.buckets)
        doc = {**doc, "pk": keys[0]}
        size = request_size(doc)
        if role == "audit":
            # Counted in UTF-8 as fit counts it: a document within the limit needs no trimming (fit
            # would encode it again to leave it as it is).
            fitted = doc if size <= MAX_ITEM_BYTES else fit(doc, MAX_ITEM_BYTES)
            if fitted is not doc:
                self.counters.trimmed += 1
                log.warning("audit document %s trimmed to fit the 2 MB item limit", doc["id"])
                size = request_size(fitted)
            text, text_size = searchable(fitted, MAX_ITEM_BYTES - size - 64)
            fitted = {**fitted, "search_text": text}
            size += len(',"search_text":') + text_size
            if self.policy.held(fitted):
                fitted["ttl"] = -1  # a legal hold outlives the container's default TTL
                size += len(',"ttl":-1')
            return fitted, keys, size
        return doc, keys, size

    def _charge(self, headers: Any, *_: Any) -> None:
        """Request units the service charged (x-ms-request-charge), for the metrics."""
        try:
            self.counters.request_charge += float(headers.get("x-ms-request-charge", 0) or 0)
        except (TypeError, ValueError, AttributeError):
            pass

    async def _limited(self, job: Callable[[], Awaitable[T]]) -> T:
        async with self._semaphore:
            return await job()

    async def _flush(self, items: list[Item[Pending]]) -> None:
        """One round: the siblings of its documents near midnight (a query per neighbouring key),
        then per partition key its operations, in batches; every item settled. Of the versions of
        one document the round holds (an APIM request billed from its LLM record and joined from
        the other partition, in two writers' groups), only the best is written: the others are
        settled as it is, once it is."""
        by_key: dict[tuple[str, str], list[Op]] = defaultdict(list)
        items, superseded = _best_versions(items)
        for role in ("chargeback", "audit", "deadletters"):
            mine = [item for item in items if item.value.role == role]
            near = [item for item in mine if len(item.value.keys) > 1]  # (never a dead letter)
            try:
                siblings = await self._siblings(role, near) if near else {}
            except Exception as exc:
                for item in near:
                    item.fail(exc)
                siblings = {}
            for item in mine:
                if item.settled:
                    continue
                op = self._decide(item, siblings)
                if op is None:
                    item.done()  # a better version is stored
                else:
                    by_key[(role, op.key)].append(op)
        self.counters.rounds += 1
        self.counters.round_keys += len(by_key)
        self.counters.refused_downgrades += len(superseded)
        await asyncio.gather(*(self._send_key(role, key, ops) for (role, key), ops in by_key.items()))
        for item, leader in superseded:
            item.settle_as(leader)

    async def _siblings(self, role: str, items: list[Item[Pending]]) -> dict[tuple[str, str], Document]:
        """Versions (id, pk, rank, etag) stored under the neighbouring day's keys of these
        documents: one single-partition query per key."""
        container = self._containers[role]
        wanted: dict[str, set[str]] = defaultdict(set)
        for item in items:
            for key in item.value.keys[1:]:
                wanted[key].add(item.value.doc["id"])

        async def query(key: str, ids: list[str]) -> list[Document]:
            # (`pk = @pk` as well: the local stand-in does not restrict a query to `partition_key`)
            return await self._retry(lambda: read_all(
                container, "SELECT c.id, c.pk, c.rank, c._etag FROM c WHERE c.pk = @pk AND ARRAY_CONTAINS(@ids, c.id)",
                [{"name": "@pk", "value": key}, {"name": "@ids", "value": ids}], partition_key=key), "query")

        try:
            found = await asyncio.gather(*(self._limited(lambda key=key, ids=ids: query(key, sorted(ids)))
                                           for key, ids in wanted.items()))
        except (CosmosHttpResponseError, HttpResponseError) as exc:
            raise _unavailable(exc, f"container {container.id!r}") from None
        return {(row["id"], row["pk"]): row for rows in found for row in rows}

    def _decide(self, item: Item[Pending], siblings: dict[tuple[str, str], Document]) -> Op | None:
        """Upsert; or, guarded: replace a sibling stored under the neighbouring day's key (unless
        it ranks higher: then nothing), else write under the own key: a complete version is
        upserted there, as complete versions always are; an incomplete one is created (if a
        version is stored there, the create fails and the document is decided alone)."""
        p = item.value
        if not p.guarded:
            return Op("upsert", p.keys[0], p.doc, item)
        if self._stored.get(p.doc["id"], -1) > int(p.doc.get("rank", 0)):
            self.counters.refused_downgrades += 1
            return None
        current = next((siblings[(p.doc["id"], key)] for key in p.keys[1:] if (p.doc["id"], key) in siblings), None)
        if current is None:
            return Op("upsert" if p.doc.get("rank", 0) >= COMPLETE_RANK else "create", p.keys[0], p.doc, item)
        if int(current.get("rank", 0)) > int(p.doc.get("rank", 0)):
            self.counters.refused_downgrades += 1
            return None
        return Op("replace", current["pk"], {**p.doc, "pk": current["pk"]}, item, current.get("_etag"))

    async def _send_key(self, role: str, key: str, ops: list[Op]) -> None:
        """The operations of one partition key, batch after batch; each item settled."""
        # (a replace carries the sibling's key instead of its own: a day and bucket as long)
        for run in batches(ops, body=lambda op: op.body, measure=lambda op: op.item.value.size):
            try:
                await self._send(role, key, run)
            except Exception as exc:
                for op in run:
                    op.item.fail(exc)
            else:
                for op in run:
                    op.item.done()

    async def _send(self, role: str, key: str, ops: list[Op]) -> None:
        """One request for `ops`. A refused batch is split until the refused documents stand
        alone, and those are quarantined. A guarded operation that lost a race (a create whose
        document is stored already) is decided again alone; the batch is atomic, so the others
        did nothing and are sent again at once, as a batch, without it."""
        container = self._containers[role]
        self.counters.write_sizes[len(ops)] += 1
        try:
            async with self._semaphore:
                await self._execute(container, key, ops)
        except (CosmosHttpResponseError, CosmosBatchOperationError) as exc:
            index = _raced_operation(exc, len(ops))
            if index is not None and ops[index].kind != "upsert":
                lost = ops[index].item.value
                await asyncio.gather(self._send(role, key, ops[:index] + ops[index + 1:]), self._limited(
                    lambda: self._write_guarded(role, container, lost.doc, lost.keys)))
                return
            if _status(exc)[0] in RACED and any(op.kind != "upsert" for op in ops):
                plain = [op for op in ops if op.kind == "upsert"]
                await asyncio.gather(*([self._send(role, key, plain)] if plain else []), *(
                    self._limited(lambda p=op.item.value: self._write_guarded(role, container, p.doc, p.keys))
                    for op in ops if op.kind != "upsert"))
                return
            if not _refused(exc):
                raise _unavailable(exc, f"container {container.id!r}") from None
            if len(ops) == 1:
                await self._quarantine(role, ops[0].item.value.doc, exc)
                return
            half = len(ops) // 2
            await asyncio.gather(self._send(role, key, ops[:half]), self._send(role, key, ops[half:]))

    async def _execute(self, container: ContainerProxy, key: str, ops: list[Op]) -> None:
        if len(ops) > 1:
            await self._retry(lambda: container.execute_item_batch([op.batched() for op in ops], partition_key=key,
                                                                   **self._written), "batch")
            self.counters.batches += 1
        else:
            op = ops[0]
            if op.kind == "upsert":
                await self._retry(lambda: container.upsert_item(op.body, **self._written), "upsert")
            elif op.kind == "create":
                await self._retry(lambda: container.create_item(op.body, **self._written), "create")
            else:
                await self._retry(lambda: container.replace_item(op.body["id"], op.body, etag=op.etag,
                                                                 match_condition=MatchConditions.IfNotModified,
                                                                 **self._written), "replace")
            self.counters.single_writes += 1
        for op in ops:
            self._remember(op.body)

    def _remember(self, doc: Document) -> None:
        """`doc` is stored: a later guarded version ranked below it is refused unsent (`_decide`)."""
        rank = int(doc.get("rank", 0))
        doc_id = doc["id"]
        if self._stored.get(doc_id, -1) < rank:
            self._stored[doc_id] = rank
        self._stored.move_to_end(doc_id)
        if len(self._stored) > STORED_RANKS:
            self._stored.popitem(last=False)

    async def _write_guarded(self, role: str, container: ContainerProxy, doc: Document, keys: list[str]) -> None:
        try:
            await self._replace_if_better(container, doc, keys)
        except CosmosHttpResponseError as exc:
            if not _refused(exc):
                raise _unavailable(exc, f"container {container.id!r}") from None
            await self._quarantine(role, doc, exc)

    async def _replace_if_better(self, container: ContainerProxy, doc: Document, keys: list[str]) -> None:
        """Create, or replace only a lower-ranked version (etag-guarded against races), in the
        partition where a version already lives (its own key, or a neighbouring day's)."""
        self.counters.single_writes += 1
        while True:
            current = await self._find(container, doc["id"], keys[1:])
            if current is None:
                try:
                    await self._retry(lambda: container.create_item(doc, **self._written), "guarded create")
                    self._remember(doc)
                    return
                except CosmosResourceExistsError:
                    current = await self._find(container, doc["id"], keys[:1])
                    if current is None:
                        continue  # deleted meanwhile: create again
            if int(current.get("rank", 0)) > int(doc.get("rank", 0)):
                self.counters.refused_downgrades += 1
                return
            stored, etag = {**doc, "pk": current["pk"]}, current.get("_etag")
            try:
                await self._retry(lambda stored=stored, etag=etag: container.replace_item(
                    stored["id"], stored, etag=etag, match_condition=MatchConditions.IfNotModified,
                    **self._written), "guarded replace")
                self._remember(stored)
                return
            except CosmosHttpResponseError as exc:
                if exc.status_code != 412:  # changed since we read it: decide again
                    raise

    # ------------------------------------------------------------ joins

    def _join_home(self, jid: str) -> str:
        """Partition-key value of a join document: a bucket of its id (its id in an `/id` container)."""
        return f"j{bucket(jid, self.target.join_buckets)}" if self._joins_bucketed else jid

    async def join(self, requests: Sequence[join.JoinRequest]) -> list[join.JoinResult]:
        """Merge the requests in the next round with every other partition's (group commit, as
        writes): the two halves of a request read from two partitions at once meet in memory
        instead of racing in the store, and a bucket's merges share a query and a batch. Returns
        the unions this call renders: a key's union goes to the first caller of its round that
        asked for it; the pieces of the others are in it, durable once this returns."""
        asks = [_JoinAsk(request) for request in requests]
        await self._joins.submit(asks)
        return [ask.result for ask in asks if ask.result is not None]

    async def _flush_joins(self, items: list[Item[_JoinAsk]]) -> None:
        """One round of joins: one request per key (pieces of later asks added, as `coalesce`
        does), merged; the first ask of each key gets the union, the others settle with it."""
        firsts: dict[str, Item[_JoinAsk]] = {}
        for item in items:
            firsts.setdefault(item.value.request.key, item)
        requests = join.coalesce([item.value.request for item in items])  # one per key, in the order of firsts
        for request, union in zip(requests, await self._merge_joins(requests)):
            first = firsts[request.key]
            first.value.result = union
            first.done()
        for item in items:
            item.settle_as(firsts[item.value.request.key])

    async def _merge_joins(self, requests: list[join.JoinRequest]) -> list[join.JoinResult]:
        """The unions of requests for distinct keys, in their order: by bucket, a query and a
        batch per `MAX_BATCH_OPS` merges (a container keyed by id: request by request)."""
        if not self._joins_bucketed:
            return list(await asyncio.gather(*(self._limited(lambda r=r: self._join_one(r)) for r in requests)))
        results: list[join.JoinResult | None] = [None] * len(requests)
        homes: dict[str, list[int]] = defaultdict(list)
        for index, request in enumerate(requests):
            homes[self._join_home(join.join_id(request.key))].append(index)

        async def merge_home(home: str, indexes: list[int]) -> None:
            merged = await self._limited(lambda: self._join_bucket(home, [requests[i] for i in indexes]))
            for index, result in zip(indexes, merged):
                results[index] = result

        await asyncio.gather(*(merge_home(home, indexes[start:start + MAX_BATCH_OPS])
                               for home, indexes in homes.items() for start in range(0, len(indexes), MAX_BATCH_OPS)))
        return cast(list[join.JoinResult], results)  # every index was merged above

    async def _join_bucket(self, home: str, requests: list[join.JoinRequest]) -> list[join.JoinResult]:
        """The merges of one bucket: their stored versions read by one query, the next versions
        written by transactional batches (create, or replace if unchanged). A merge that lost a
        race with another replica is read and merged again, twice at most, then alone; a batch
        Cosmos DB refuses (a union over 2 MB) is merged request by request."""
        container = self._containers["joins"]
        results: dict[int, join.JoinResult] = {}
        left = list(range(len(requests)))
        for _ in range(JOIN_ROUNDS):
            ids = [join.join_id(requests[i].key) for i in left]
            stored = {doc["id"]: doc for doc in await self._retry(lambda ids=ids: read_all(
                container, "SELECT * FROM c WHERE c.pk = @pk AND ARRAY_CONTAINS(@ids, c.id)",
                [{"name": "@pk", "value": home}, {"name": "@ids", "value": ids}], partition_key=home), "join query")}
            now = datetime.now(timezone.utc)
            merged = []
            for i, jid in zip(left, ids):
                current = stored.get(jid)
                doc, result = join.merge(current, requests[i], now)
                doc["pk"] = home
                op = ("create", (doc,)) if current is None else ("replace", (jid, doc), {"if_match_etag": current["_etag"]})
                merged.append(_JoinOp(i, doc, op, result))
            raced: list[int] = []
            for run in batches(merged, body=lambda m: m.doc):
                raced += await self._join_run(container, home, run, requests, results)
            if not raced:
                break
            left = sorted(raced)
        else:
            for i in left:
                results[i] = await self._join_one(requests[i])
        return [results[i] for i in range(len(requests))]

    async def _join_run(self, container: ContainerProxy, home: str, run: list[_JoinOp],
                        requests: list[join.JoinRequest], results: dict[int, join.JoinResult]) -> list[int]:
        """One transactional batch of merges; returns the requests that lost a race. Only the merge
        that failed is taken out (the batch is atomic: the others did nothing and go again at once)."""
        try:
            await self._retry(lambda: container.execute_item_batch(
                [m.op for m in run], partition_key=home, **self._written), "join batch")
        except (CosmosHttpResponseError, CosmosBatchOperationError) as exc:
            index = _raced_operation(exc, len(run))
            if index is not None:
                rest = run[:index] + run[index + 1:]
                return [run[index].index] + await self._join_run(container, home, rest, requests, results)
            if _status(exc)[0] in RACED:
                return [m.index for m in run]
            if not _refused(exc):
                raise _unavailable(exc, f"container {container.id!r}") from None
            for m in run:
                results[m.index] = await self._join_one(requests[m.index])
            return []
        for m in run:
            results[m.index] = m.result
        return []

    async def _join_one(self, request: join.JoinRequest) -> join.JoinResult:
        """Compare-and-swap merge: a concurrent merge by another replica makes us read again.
        A union Cosmos DB refuses for good is rendered anyway and quarantined, never retried."""
        container = self._containers["joins"]
        jid = join.join_id(request.key)
        home = self._join_home(jid)
        while True:
            try:
                current = await self._retry(lambda: container.read_item(jid, partition_key=home, response_hook=self._charge),
                                             "join read")
            except CosmosResourceNotFoundError:
                current = None
            doc, result = join.merge(current, request, datetime.now(timezone.utc))
            if self._joins_bucketed:
                doc["pk"] = home
            try:
                if current is None:
                    await self._retry(lambda: container.create_item(doc, **self._written), "join create")
                else:
                    await self._retry(lambda: container.replace_item(
                        jid, doc, etag=current.get("_etag"), match_condition=MatchConditions.IfNotModified,
                        **self._written), "join replace")
                return result
            except CosmosResourceExistsError:
                continue  # created meanwhile
            except CosmosHttpResponseError as exc:
                if _refused(exc):
                    # The union cannot wait in the store (over 2 MB): bill what we hold now, and
                    # record why a later half will not find these pieces.
                    await self._quarantine("joins", doc, exc)
                    return result
                if exc.status_code not in (404, 412):  # deleted or changed since we read it
                    raise

    async def expired_joins(self, before: datetime | None) -> list[join.JoinResult]:
        container = self._containers["joins"]
        if before is None:
            items = await self._retry(lambda: read_all(container), "query")
        else:
            items = await self._retry(lambda: read_all(container, "SELECT * FROM c WHERE c.updated < @before",
                                                       [{"name": "@before", "value": before.timestamp()}]), "query")
        return [join.result(item, item.get("_etag")) for item in items]

    async def forget_joins(self, results: Sequence[join.JoinResult]) -> None:
        container = self._containers["joins"]

        async def forget(result: join.JoinResult) -> None:
            jid = join.join_id(result.key)
            try:
                await self._retry(lambda: container.delete_item(jid, partition_key=self._join_home(jid), etag=result.etag,
                                                                match_condition=MatchConditions.IfNotModified),
                                  "join delete")
            except CosmosHttpResponseError as exc:
                if exc.status_code not in (404, 412):  # gone already, or merged again: keep it
                    raise

        await asyncio.gather(*(self._limited(lambda r=r: forget(r)) for r in results))

    async def attributed(self, keys: Sequence[str]) -> set[str]:
        """A cross-partition query by id: only sweeps ask, for the few halves still alone."""
        ids = {doc_id("cb", key): key for key in keys}
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = list(ids)[start:start + 500]
            items = await self._retry(lambda chunk=chunk: read_all(
                self._containers["chargeback"],
                "SELECT c.id FROM c WHERE ARRAY_CONTAINS(@ids, c.id) AND c.attribution = 'complete'",
                [{"name": "@ids", "value": chunk}]), "query")
            found.update(ids[item["id"]] for item in items)
        return found

    async def _find(self, container: ContainerProxy, item_id: str, keys: list[str]) -> Document | None:
        for key in keys:
            try:
                return await self._retry(lambda key=key: container.read_item(item_id, partition_key=key,
                                                                             response_hook=self._charge), "guarded read")
            except CosmosResourceNotFoundError:
                continue
        return None

    async def _quarantine(self, role: str, doc: Document, exc: Exception) -> None:
        """Keep a document Cosmos DB refused for good as a dead letter, so the partition moves on."""
        status, substatus = _status(exc)
        letter = refused_letter(role, doc, status, substatus, _first_line(exc))
        await self._retry(lambda: self._containers["deadletters"].upsert_item(letter, **self._written),
                          "quarantine")
        self.counters.quarantined += 1
        log.error("%s document %s refused by Cosmos DB (HTTP %s/%s): quarantined in dead letters",
                  role, doc["id"], status, substatus)

    async def _retry(self, call: Callable[[], Awaitable[T]], op: str) -> T:
        """Retry transient failures forever (until stop()), with capped exponential backoff;
        every attempt is counted as a request of kind `op`."""
        attempt = 0
        while True:
            if self.stopping.is_set():
                raise SinkStopped("Cosmos DB write abandoned at shutdown")
            self.counters.requests[op] += 1
            try:
                return await self._attempt(call)
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

    async def _attempt(self, call: Callable[[], Awaitable[T]]) -> T:
        """One call, abandoned the moment stop() is called (a hung connection must not hold up
        shutdown)."""
        if self.stopping.is_set():
            raise SinkStopped("Cosmos DB write abandoned at shutdown")
        task = asyncio.ensure_future(call())
        # If we are cancelled ourselves (the partition closing at shutdown), the call's own failure
        # is nobody's business any more: retrieve it, or asyncio logs it with a traceback.
        task.add_done_callback(_retrieve)
        if not await finished_unless_stopped(task, self.stopping):
            raise SinkStopped("Cosmos DB call abandoned at shutdown")
        return task.result()


def _retrieve(task: asyncio.Future) -> None:
    if not task.cancelled():
        task.exception()


def refused_letter(role: str, doc: Document, status: int | None, substatus: int | None, message: str) -> Document:
    """The dead letter of a document the store refused: where it belongs, why, and the document
    itself (trimmed like an audit document if it would not fit either)."""
    document = fit(doc, MAX_ITEM_BYTES - 64 * 1024)
    return {
        "id": f"rf-{doc['id']}",
        "doc_type": "refused",
        "reason": "store_refused",
        "message": message,
        "partition": f"refused.{homes(doc, 1)[0].split('.')[0]}",
        "container": role,
        "document_id": doc["id"],
        "status": status,
        "substatus": substatus,
        "time": doc.get("time"),
        "period": doc.get("period"),
        "document": document,
        "rank": 0,
    }


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


def _status(exc: Exception) -> tuple[int | None, int | None]:
    """HTTP status and substatus of a failure (of the failing operation, for a batch)."""
    if isinstance(exc, CosmosBatchOperationError):
        responses = getattr(exc, "operation_responses", None) or []
        index = getattr(exc, "error_index", None)
        if isinstance(index, int) and 0 <= index < len(responses):
            op = responses[index]
            if op.get("statusCode") and op.get("statusCode") != 424:
                return int(op["statusCode"]), op.get("subStatusCode")
    status = getattr(exc, "status_code", None)
    sub = getattr(exc, "sub_status", None)
    if sub is None:
        headers = getattr(getattr(exc, "response", None), "headers", None) or {}
        sub = headers.get("x-ms-substatus")
    try:
        return status, int(sub) if sub is not None else None
    except (TypeError, ValueError):
        return status, None


def _raced_operation(exc: Exception, count: int) -> int | None:
    """Which operation of a transactional batch of `count` lost a race (created, changed or deleted
    meanwhile), when that alone failed it: the batch is atomic, so the others did nothing."""
    index = getattr(exc, "error_index", None)
    if count > 1 and _status(exc)[0] in RACED and isinstance(index, int) and 0 <= index < count:
        return index
    return None


def _batch_status(exc: CosmosBatchOperationError) -> int | None:
    return _status(exc)[0]


def _refused(exc: Exception) -> bool:
    """Cosmos DB refuses this document (or batch) for good, not the account."""
    status, substatus = _status(exc)
    return status in (400, 413) or (status == 403 and substatus == PARTITION_FULL)


def _unavailable(exc: Exception, what: str, *, create: bool = False) -> StoreUnavailable:
    """A plain message for an answer about the account itself (exit 3, no traceback)."""
    status, substatus = _status(exc)
    code = f"HTTP {status}" + (f"/{substatus}" if substatus else "")
    if status == 401:
        hint = "the account key is wrong, or the managed identity has no token for this account"
    elif status == 403:
        hint = ("the identity lacks a data-plane role (Cosmos DB Built-in Data Contributor)"
                + ("; data-plane roles cannot create databases or containers: create them with deploy/ "
                   "and set cosmos.create_if_missing=false" if create else ""))
    elif status == 404:
        hint = "it does not exist: create it (deploy/) or set cosmos.create_if_missing=true"
    else:
        hint = _first_line(exc)
    return StoreUnavailable(f"Cosmos DB refused {what} ({code}): {hint}")


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "message", None) or exc)
    return text.splitlines()[0][:300] if text else type(exc).__name__


def _retry_after(exc: Exception) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None) or getattr(exc, "headers", None) or {}
    try:
        value = headers.get("x-ms-retry-after-ms")
        return float(value) / 1000 if value is not None else None
    except (TypeError, ValueError, AttributeError):
        return None


async def read_all(container: ContainerProxy, query: str = "SELECT * FROM c", parameters: list | None = None,
                   partition_key: str | None = None) -> list[dict[str, Any]]:
    """Every document a query returns, across partitions unless `partition_key` is given (used by
    exports and tests)."""
    extra = {"partition_key": partition_key} if partition_key is not None else {}
    return [item async for item in container.query_items(query, parameters=parameters or [], **extra)]
