"""The embedded store: chargeback, audit and dead-letter documents in one SQLite file.

Upserts are idempotent by document id and never downgrade: a row is replaced only by a
version of equal or higher `rank` (a complete conversation outranks an incomplete one).
Each write is one transaction committed with synchronous=FULL: when `write` returns, the
documents survive a crash, so the runner may checkpoint past them. The `joins` table holds
halves of requests waiting for their other half (core/join.py); a merge is one
`BEGIN IMMEDIATE` transaction, so processes sharing the file join exactly once.

Security (docs/security.md): `audit_fts` is an FTS5 index of each audit document's stored text
(core/fulltext.py), written in the same transaction as the document, so it follows every
upsert, upgrade and deletion. `tombstones` (erased subjects), `holds` and the hash-chained
`access_log` are written by the security commands (io/sqlite_admin.py); every write
transaction compares `meta.policy_version` with the version it last loaded and reloads the
tombstones when an erasure changed them, so a write after an erasure always sees it.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Sequence

from aoai_logpipe.core import fulltext, join, privacy
from aoai_logpipe.core.documents import doc_id
from aoai_logpipe.core.pipeline import Output

TABLES = ("chargeback", "audit", "deadletters")
SCHEMA_VERSION = 2  # 2: audit_fts, tombstones, holds, access_log
OPEN_PATIENCE_S = 30.0


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
        self.suppressed = 0  # audit documents of erased subjects, not written
        self._policy = privacy.Policy()
        self._policy_version: str | None = None

    # ------------------------------------------------------------ lifecycle

    def open_sync(self) -> None:
        if self._conn is not None:
            return
        deadline = time.monotonic() + OPEN_PATIENCE_S
        while True:
            try:
                self._open()
                return
            except sqlite3.OperationalError as exc:
                # Another process is creating or upgrading the same file (switching it to WAL
                # answers "locked" without waiting for the busy timeout): try again shortly.
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise StoreError(_open_problem(self.path, exc)) from None
                self.close_sync()
                time.sleep(0.05)
            except (OSError, sqlite3.Error) as exc:
                raise StoreError(_open_problem(self.path, exc)) from None

    def _open(self) -> None:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        try:
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
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('policy_version', '0')")
            # Words only (core/fulltext.normalize): unicode61 splits on the spaces, folds nothing more.
            conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS audit_fts USING fts5(text, tokenize='unicode61 remove_diacritics 0')")
            conn.execute("CREATE TABLE IF NOT EXISTS tombstones (subject TEXT PRIMARY KEY, doc TEXT NOT NULL)")
            conn.execute("CREATE TABLE IF NOT EXISTS holds (id TEXT PRIMARY KEY, doc TEXT NOT NULL)")
            conn.execute("CREATE TABLE IF NOT EXISTS access_log (seq INTEGER PRIMARY KEY, doc TEXT NOT NULL)")
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        self._upgrade(conn)

    def _upgrade(self, conn: sqlite3.Connection) -> None:
        """A database written before full-text search gets its index built once."""
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        if int(version) >= SCHEMA_VERSION:
            return
        with self.transaction() as tx:
            for rowid, doc in tx.execute("SELECT rowid, doc FROM audit").fetchall():
                tx.execute("INSERT OR REPLACE INTO audit_fts(rowid, text) VALUES (?, ?)",
                           (rowid, fulltext.search_text(json.loads(doc))))
            tx.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))

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
    def transaction(self) -> Iterator[sqlite3.Connection]:
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
        total = len(out)
        if not total:
            return 0
        with self.transaction() as conn:
            applied = privacy.apply(self._current_policy(conn), out)
            kept = applied.out
            before = conn.total_changes
            for table, docs, time_key, period_key, kind_key in (
                    ("chargeback", kept.chargeback, "time", "period", "completeness"),
                    ("deadletters", kept.deadletters, "enqueued_time", None, "reason")):
                if docs:
                    conn.executemany(_UPSERT.format(table=table), [
                        _row(d, d.get(time_key), d.get(period_key) if period_key else None, d.get(kind_key)) for d in docs])
            changed = conn.total_changes - before
            for doc in kept.audit:  # one by one: the index follows exactly the rows that changed
                row = _row(doc, doc.get("time"), doc.get("period"), doc.get("completeness"))
                changed_row = conn.execute(_UPSERT.format(table="audit") + " RETURNING rowid", row).fetchone()
                if changed_row is not None:
                    changed += 1
                    conn.execute("INSERT OR REPLACE INTO audit_fts(rowid, text) VALUES (?, ?)",
                                 (changed_row[0], fulltext.search_text(doc)))
        written = total - applied.suppressed
        self.writes += written
        self.suppressed += applied.suppressed
        self.refused_downgrades += written - changed
        return written

    def _current_policy(self, conn: sqlite3.Connection) -> privacy.Policy:
        """The tombstones as of this transaction: reloaded only when an erasure changed them."""
        version = conn.execute("SELECT value FROM meta WHERE key = 'policy_version'").fetchone()[0]
        if version != self._policy_version:
            self._policy = privacy.Policy.of(json.loads(doc) for (doc,) in conn.execute("SELECT doc FROM tombstones"))
            self._policy_version = version
        return self._policy

    async def write(self, out: Output) -> int:
        return await asyncio.to_thread(self.write_sync, out)

    # ------------------------------------------------------------ joins

    def join_sync(self, requests: Sequence[join.JoinRequest]) -> list[join.JoinResult]:
        now = datetime.now(timezone.utc)
        results = []
        with self.transaction() as conn:
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
        with self.transaction() as conn:
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


_UPSERT = ("INSERT INTO {table}(id, rank, time, period, kind, doc) VALUES (?,?,?,?,?,?) "
           "ON CONFLICT(id) DO UPDATE SET rank=excluded.rank, time=excluded.time, period=excluded.period, "
           "kind=excluded.kind, doc=excluded.doc WHERE excluded.rank >= {table}.rank")


def _row(doc: dict[str, Any], time: Any, period: Any, kind: Any) -> tuple[Any, ...]:
    return (doc["id"], int(doc.get("rank", 0)), time, period, kind,
            json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
