"""The finance ledger: period-close snapshots and budget notifications, next to the documents.

Small JSON records with deterministic ids, in the same store as the documents: an SQLite table
`finance` in the database file, or a Cosmos DB container (`finance.cosmos_container`,
partitioned by `/id`). Two primitives make them safe with concurrent writers (replicas, a
scheduled job and a person at a terminal):

- `create(doc)`: insert only if the id is new; False when it exists (the loser of a race
  learns it lost, and nothing is overwritten);
- `replace(doc, token)`: compare-and-swap on the version `get` returned (SQLite: a version
  column; Cosmos: the etag); False when someone changed it meanwhile.

Readers never create anything: a store without the table or container has no records.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from aoai_logpipe.settings import Settings

Record = dict[str, Any]


class LedgerError(ValueError):
    """The ledger cannot be written (read-only store, missing container without create rights)."""


class Ledger(Protocol):
    async def get(self, record_id: str) -> tuple[Record, Any] | None: ...
    async def create(self, record: Record) -> bool: ...
    async def replace(self, record: Record, token: Any) -> bool: ...
    async def upsert(self, record: Record) -> None: ...
    async def query(self, kind: str) -> list[Record]: ...
    async def close(self) -> None: ...


class SqliteLedger:
    """The `finance` table of the SQLite store. Opened read-only unless `write`."""

    def __init__(self, path: str | Path, write: bool = False) -> None:
        self.path = Path(path)
        self.write = write
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute("CREATE TABLE IF NOT EXISTS finance (id TEXT PRIMARY KEY, kind TEXT NOT NULL,"
                               " version INTEGER NOT NULL, doc TEXT NOT NULL)")
            self._conn.execute("CREATE INDEX IF NOT EXISTS finance_kind ON finance(kind)")
        else:
            if not self.path.exists():
                raise LedgerError(f"database {self.path} does not exist (run `aoai-logpipe run` first, or pass --db)")
            self._conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._lock = asyncio.Lock()

    def _table(self) -> bool:
        return self._conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='finance'").fetchone() is not None

    async def get(self, record_id: str) -> tuple[Record, Any] | None:
        if not self._table():
            return None
        row = self._conn.execute("SELECT doc, version FROM finance WHERE id = ?", (record_id,)).fetchone()
        return (json.loads(row[0]), row[1]) if row else None

    def _writable(self) -> None:
        if not self.write:
            raise LedgerError(f"{self.path} is open read-only")

    async def create(self, record: Record) -> bool:
        self._writable()
        async with self._lock:
            cursor = self._conn.execute("INSERT OR IGNORE INTO finance(id, kind, version, doc) VALUES (?,?,1,?)",
                                        (record["id"], record["kind"], _text(record)))
            return cursor.rowcount == 1

    async def replace(self, record: Record, token: Any) -> bool:
        self._writable()
        async with self._lock:
            cursor = self._conn.execute("UPDATE finance SET doc = ?, version = version + 1 WHERE id = ? AND version = ?",
                                        (_text(record), record["id"], token))
            return cursor.rowcount == 1

    async def upsert(self, record: Record) -> None:
        self._writable()
        async with self._lock:
            self._conn.execute("INSERT INTO finance(id, kind, version, doc) VALUES (?,?,1,?) ON CONFLICT(id) DO UPDATE"
                               " SET doc = excluded.doc, kind = excluded.kind, version = finance.version + 1",
                               (record["id"], record["kind"], _text(record)))

    async def query(self, kind: str) -> list[Record]:
        if not self._table():
            return []
        rows = self._conn.execute("SELECT doc FROM finance WHERE kind = ? ORDER BY id", (kind,)).fetchall()
        return [json.loads(doc) for (doc,) in rows]

    async def close(self) -> None:
        self._conn.close()


class CosmosLedger:
    """The finance container (partition key /id) of the Cosmos DB database."""

    def __init__(self, endpoint: str, credential: Any, *, database: str, container: str, verify_tls: bool = True,
                 write: bool = False, create_if_missing: bool = True, owns_credential: bool = False) -> None:
        from azure.cosmos.aio import CosmosClient

        self.write = write
        self.create_if_missing = create_if_missing
        self._credential = credential if owns_credential else None
        self._client = CosmosClient(endpoint, credential=credential, connection_verify=verify_tls)
        self._database = self._client.get_database_client(database)
        self._name = container
        self._container: Any = None
        self._absent = False

    @classmethod
    def from_settings(cls, settings: "Settings", write: bool = False) -> "CosmosLedger":
        from aoai_logpipe.reports.reader import cosmos_credential

        c = settings.cosmos
        credential, owned = cosmos_credential(settings)
        return cls(c.endpoint, credential, database=c.database, container=settings.finance.cosmos_container,
                   verify_tls=c.verify_tls, write=write, create_if_missing=c.create_if_missing, owns_credential=owned)

    async def _open(self) -> Any:
        """The container, or None when it does not exist (and may not be created here)."""
        from azure.cosmos import PartitionKey
        from azure.cosmos.exceptions import CosmosResourceNotFoundError

        if self._container is not None or self._absent:
            return self._container
        container = self._database.get_container_client(self._name)
        try:
            await container.read()
        except CosmosResourceNotFoundError:
            if not (self.write and self.create_if_missing):
                if self.write:
                    raise LedgerError(f"Cosmos DB container {self._name!r} does not exist: create it (deploy/ does, "
                                      "partition key /id) or allow cosmos.create_if_missing") from None
                self._absent = True
                return None
            container = await self._database.create_container_if_not_exists(
                id=self._name, partition_key=PartitionKey(path="/id"))
        self._container = container
        return container

    async def get(self, record_id: str) -> tuple[Record, Any] | None:
        from azure.cosmos.exceptions import CosmosResourceNotFoundError

        container = await self._open()
        if container is None:
            return None
        try:
            item = await container.read_item(record_id, partition_key=record_id)
        except CosmosResourceNotFoundError:
            return None
        return _strip(item), item.get("_etag")

    async def create(self, record: Record) -> bool:
        from azure.cosmos.exceptions import CosmosResourceExistsError

        container = await self._open()
        try:
            await container.create_item(record)
        except CosmosResourceExistsError:
            return False
        return True

    async def replace(self, record: Record, token: Any) -> bool:
        from azure.core import MatchConditions
        from azure.cosmos.exceptions import CosmosAccessConditionFailedError

        container = await self._open()
        try:
            await container.replace_item(record["id"], record, etag=token, match_condition=MatchConditions.IfNotModified)
        except CosmosAccessConditionFailedError:
            return False
        return True

    async def upsert(self, record: Record) -> None:
        container = await self._open()
        await container.upsert_item(record)

    async def query(self, kind: str) -> list[Record]:
        container = await self._open()
        if container is None:
            return []
        items = container.query_items("SELECT * FROM c WHERE c.kind = @kind", parameters=[{"name": "@kind", "value": kind}])
        found = [_strip(item) async for item in items]
        return sorted(found, key=lambda r: r["id"])

    async def close(self) -> None:
        await self._client.close()
        if self._credential is not None:
            await self._credential.close()


def _text(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _strip(item: Record) -> Record:
    return {k: v for k, v in item.items() if not k.startswith("_")}


def open_ledger(settings: "Settings", write: bool = False) -> Ledger:
    if settings.sink == "cosmos":
        return CosmosLedger.from_settings(settings, write)
    return SqliteLedger(settings.sqlite.path, write)
