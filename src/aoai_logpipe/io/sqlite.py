"""The embedded store: chargeback, audit and dead-letter documents in one SQLite file.

Upserts are idempotent by document id and never downgrade: a row is replaced only by a
version of equal or higher `rank` (a complete conversation outranks an incomplete one).
Each write is one transaction committed with synchronous=FULL: when `write` returns, the
documents survive a crash, so the runner may checkpoint past them. The `joins` table holds
halves of requests waiting for their other half (core/join.py); a merge is one
`BEGIN IMMEDIATE` transaction, so processes sharing the file join exactly once.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Sequence

from aoai_logpipe.core import join
from aoai_logpipe.core.documents import doc_id
from aoai_logpipe.core.pipeline import Output

TABLES = ("chargeback", "audit", "deadletters")
SCHEMA_VERSION = 1


class StoreError(ValueError):
    """The database cannot be opened (or is not one): a configuration problem, with its fix."""


def _open_problem(path: Path, exc: Exception) -> str:
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return (f"{path} is not an SQLite database ({exc}): point --db (or sqlite.path) at an aoai-logpipe "
                "database, or at a new file")
    why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return (f"cannot open the SQLite database {path}: {why}; pass --db (or set sqlite.path) to a file in a "
            "directory you can write")


class SqliteStore:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self.writes = 0
        self.refused_downgrades = 0

    # ------------------------------------------------------------ lifecycle

    def open_sync(self) -> None:
        if self._conn is not None:
            return
        try:
            self._open()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(_open_problem(self.path, exc)) from None

    def _open(self) -> None:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        for table in TABLES:
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {table} ("
                " id TEXT PRIMARY KEY, rank INTEGER NOT NULL, time TEXT, period TEXT, kind TEXT, doc TEXT NOT NULL)"
            )
            conn.execute(f"CREATE INDEX IF NOT EXISTS {table}_period ON {table}(period, time)")
        conn.execute("CREATE TABLE IF NOT EXISTS joins (id TEXT PRIMARY KEY, updated REAL NOT NULL, version INTEGER NOT NULL,"
                     " doc TEXT NOT NULL)")
        conn.execute("CREATE INDEX IF NOT EXISTS joins_updated ON joins(updated)")
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        self._conn = conn

    async def open(self) -> None:
        await asyncio.to_thread(self.open_sync)

    def close_sync(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    async def close(self) -> None:
        await asyncio.to_thread(self.close_sync)

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self.open_sync()
        assert self._conn is not None
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; BEGIN IMMEDIATE serializes writers across processes too."""
        with self._lock:
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    # ------------------------------------------------------------ writes

    def write_sync(self, out: Output) -> int:
        rows = {
            "chargeback": [_row(d, d.get("time"), d.get("period"), d.get("completeness")) for d in out.chargeback],
            "audit": [_row(d, d.get("time"), d.get("period"), d.get("completeness")) for d in out.audit],
            "deadletters": [_row(d, d.get("enqueued_time"), None, d.get("reason")) for d in out.deadletters],
        }
        total = sum(len(r) for r in rows.values())
        if not total:
            return 0
        with self._transaction() as conn:
            before = conn.total_changes
            for table, values in rows.items():
                if values:
                    conn.executemany(
                        f"INSERT INTO {table}(id, rank, time, period, kind, doc) VALUES (?,?,?,?,?,?) "
                        f"ON CONFLICT(id) DO UPDATE SET rank=excluded.rank, time=excluded.time, "
                        f"period=excluded.period, kind=excluded.kind, doc=excluded.doc "
                        f"WHERE excluded.rank >= {table}.rank",
                        values,
                    )
            changed = conn.total_changes - before
        self.writes += total
        self.refused_downgrades += total - changed
        return total

    async def write(self, out: Output) -> int:
        return await asyncio.to_thread(self.write_sync, out)

    # ------------------------------------------------------------ joins

    def join_sync(self, requests: Sequence[join.JoinRequest]) -> list[join.JoinResult]:
        now = datetime.now(timezone.utc)
        results = []
        with self._transaction() as conn:
            for request in requests:
                jid = join.join_id(request.key)
                row = conn.execute("SELECT doc FROM joins WHERE id = ?", (jid,)).fetchone()
                doc, result = join.merge(json.loads(row[0]) if row else None, request, now)
                conn.execute("INSERT OR REPLACE INTO joins(id, updated, version, doc) VALUES (?,?,?,?)",
                             (jid, doc["updated"], doc["version"], json.dumps(doc, separators=(",", ":"))))
                results.append(result)
        return results

    async def join(self, requests: Sequence[join.JoinRequest]) -> list[join.JoinResult]:
        return await asyncio.to_thread(self.join_sync, requests)

    def expired_joins_sync(self, before: datetime | None) -> list[join.JoinResult]:
        if before is None:
            rows = self.conn.execute("SELECT doc FROM joins ORDER BY id").fetchall()
        else:
            rows = self.conn.execute("SELECT doc FROM joins WHERE updated < ? ORDER BY id",
                                     (before.timestamp(),)).fetchall()
        return [join.result(json.loads(doc)) for (doc,) in rows]

    async def expired_joins(self, before: datetime | None) -> list[join.JoinResult]:
        return await asyncio.to_thread(self.expired_joins_sync, before)

    def forget_joins_sync(self, results: Sequence[join.JoinResult]) -> None:
        with self._transaction() as conn:
            conn.executemany("DELETE FROM joins WHERE id = ? AND version = ?",
                             [(join.join_id(r.key), int(r.etag or 0)) for r in results])

    async def forget_joins(self, results: Sequence[join.JoinResult]) -> None:
        if results:
            await asyncio.to_thread(self.forget_joins_sync, results)

    def attributed_sync(self, keys: Sequence[str]) -> set[str]:
        ids = {doc_id("cb", key): key for key in keys}
        found = set()
        for start in range(0, len(ids), 500):  # SQLite's host-parameter limit
            chunk = list(ids)[start:start + 500]
            rows = self.conn.execute(
                f"SELECT id FROM chargeback WHERE id IN ({','.join('?' * len(chunk))}) "
                "AND json_extract(doc, '$.attribution') = 'complete'", chunk).fetchall()
            found.update(ids[row[0]] for row in rows)
        return found

    async def attributed(self, keys: Sequence[str]) -> set[str]:
        return await asyncio.to_thread(self.attributed_sync, keys)

    def pending_joins(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM joins").fetchone()[0])

    # ------------------------------------------------------------ reads

    def count(self, table: str) -> int:
        _check(table)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def documents(self, table: str, period: str | None = None) -> Iterator[dict[str, Any]]:
        _check(table)
        if period is None:
            cursor = self.conn.execute(f"SELECT doc FROM {table} ORDER BY time, id")
        else:
            cursor = self.conn.execute(f"SELECT doc FROM {table} WHERE period = ? ORDER BY time, id", (period,))
        for (doc,) in cursor:
            yield json.loads(doc)

    def get(self, table: str, doc_id: str) -> dict[str, Any] | None:
        _check(table)
        row = self.conn.execute(f"SELECT doc FROM {table} WHERE id = ?", (doc_id,)).fetchone()
        return json.loads(row[0]) if row else None


def _check(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")


def _row(doc: dict[str, Any], time: Any, period: Any, kind: Any) -> tuple[Any, ...]:
    return (doc["id"], int(doc.get("rank", 0)), time, period, kind,
            json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
