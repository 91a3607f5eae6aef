"""Security operations on the embedded store: the access log, holds, erasure and pruning.

Each operation is one `BEGIN IMMEDIATE` transaction of the store (io/sqlite.py), so it is atomic
and serialized with the sink's writes: a write that follows an erasure sees its tombstone
(the store reloads tombstones when `meta.policy_version` changes), and two auditors appending
to the access log at once extend the chain one after the other.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, Iterable, Mapping

from aoai_logpipe.core import accesschain, privacy
from aoai_logpipe.io.sqlite import SqliteStore, StoreError

_SUBJECT = "(json_extract(doc, '$.caller.user_id') = ? OR json_extract(doc, '$.caller.user_name') = ?)"
_PROBE = "json_extract(doc, '$.request_id'), json_extract(doc, '$.caller.user_id'), json_extract(doc, '$.caller.user_name')"
_CHARGE_SUBJECT = "(json_extract(doc, '$.user_id') = ? OR json_extract(doc, '$.user_name') = ?)"


def _dumps(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


class SqliteAdmin:
    def __init__(self, path: str | Path) -> None:
        _check_is_logpipe(Path(path))
        self.store = SqliteStore(path)
        self.label = f"SQLite {path}"
        self.store.open_sync()

    async def ready(self) -> None:
        """Opening the store created (or upgraded) every table already."""

    async def close(self) -> None:
        self.store.close_sync()

    # ------------------------------------------------------------ access log

    async def append_access(self, new: Mapping[str, Any]) -> dict[str, Any]:
        with self.store.transaction() as conn:
            row = conn.execute("SELECT doc FROM access_log ORDER BY seq DESC LIMIT 1").fetchone()
            record = accesschain.chain(new, json.loads(row[0]) if row else None)
            conn.execute("INSERT INTO access_log(seq, doc) VALUES (?, ?)", (record["seq"], _dumps(record)))
        return record

    async def access_records(self) -> list[dict[str, Any]]:
        return [json.loads(doc) for (doc,) in self.store.conn.execute("SELECT doc FROM access_log ORDER BY seq")]

    # ------------------------------------------------------------ holds

    async def holds(self) -> list[dict[str, Any]]:
        rows = self.store.conn.execute("SELECT doc FROM holds").fetchall()
        return sorted((json.loads(doc) for (doc,) in rows), key=lambda h: (h["created"], h["id"]))

    async def place_holds(self, holds: list[dict[str, Any]]) -> int:
        """Store the holds; returns how many audit documents they cover now."""
        with self.store.transaction() as conn:
            conn.executemany("INSERT INTO holds(id, doc) VALUES (?, ?)", [(h["id"], _dumps(h)) for h in holds])
            policy = privacy.Policy.of([], holds)
            rows = conn.execute(f"SELECT {_PROBE} FROM audit")
            return sum(1 for row in rows if policy.held(privacy.probe(*row)))

    async def release_holds(self, ids: Iterable[str], released: Mapping[str, Any]) -> list[dict[str, Any]]:
        done = []
        with self.store.transaction() as conn:
            for hold_id in ids:
                row = conn.execute("SELECT doc FROM holds WHERE id = ?", (hold_id,)).fetchone()
                if row is None:
                    continue
                hold = json.loads(row[0])
                if hold.get("released"):
                    continue
                hold["released"] = dict(released)
                conn.execute("UPDATE holds SET doc = ? WHERE id = ?", (_dumps(hold), hold_id))
                done.append(hold)
        return done

    # ------------------------------------------------------------ erasure

    async def erase(self, identifier: str, tombstone: Mapping[str, Any], *, dry_run: bool) -> privacy.Erasure:
        """Delete the subject's audit documents (and their index rows), pseudonymize their charges,
        drop the payload of dead letters naming them, and keep a tombstone, in one transaction. A second erasure of the same subject keeps the
        first tombstone's pseudonym, so its charges stay under one name."""
        subject = privacy.subject_hash(identifier)
        with self.store.transaction() as conn:
            row = conn.execute("SELECT doc FROM tombstones WHERE subject = ?", (subject,)).fetchone()
            stone = json.loads(row[0]) if row else {**tombstone, "subject": subject}
            targets = conn.execute(f"SELECT rowid, id, doc FROM audit WHERE {_SUBJECT}", (identifier, identifier)).fetchall()
            holds = [json.loads(doc) for (doc,) in conn.execute("SELECT doc FROM holds")]
            policy = privacy.Policy.of([], holds)
            held = [doc_id for _, doc_id, doc in targets if policy.held(json.loads(doc))]
            if held:
                raise privacy.HeldError(f"{len(held)} of the subject's conversations are under a legal hold "
                                        f"(`aoai-logpipe hold --list`); release it before erasing")
            charges = conn.execute(f"SELECT id, doc FROM chargeback WHERE {_CHARGE_SUBJECT}",
                                   (identifier, identifier)).fetchall()
            letters = [(doc_id, letter) for doc_id, doc in conn.execute("SELECT id, doc FROM deadletters")
                       if identifier in privacy.payload_strings(letter := json.loads(doc))]
            result = privacy.Erasure([doc_id for _, doc_id, _ in targets], [doc_id for doc_id, _ in charges], stone,
                                     [doc_id for doc_id, _ in letters])
            if dry_run:
                return result
            conn.execute("INSERT OR REPLACE INTO tombstones(subject, doc) VALUES (?, ?)", (subject, _dumps(stone)))
            conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'policy_version'")
            _delete_audit(conn, [(rowid, doc_id) for rowid, doc_id, _ in targets])
            conn.executemany("UPDATE chargeback SET doc = ? WHERE id = ?", [
                (_dumps(privacy.pseudonymize(json.loads(doc), stone["pseudonym"])), doc_id) for doc_id, doc in charges])
            conn.executemany("UPDATE deadletters SET doc = ? WHERE id = ?", [
                (_dumps(privacy.scrub_letter(letter)), doc_id) for doc_id, letter in letters])
        return result

    # ------------------------------------------------------------ retention

    async def prune(self, before: str, *, dry_run: bool, deadletters: bool) -> privacy.Pruned:
        """Delete audit documents older than `before` that no active hold covers (and, if asked,
        dead letters enqueued before it)."""
        with self.store.transaction() as conn:
            policy = privacy.Policy.of([], [json.loads(doc) for (doc,) in conn.execute("SELECT doc FROM holds")])
            rows = conn.execute(f"SELECT rowid, id, {_PROBE} FROM audit WHERE time < ?", (before,)).fetchall()
            doomed = [(rowid, doc_id) for rowid, doc_id, *probe in rows if not policy.held(privacy.probe(*probe))]
            result = privacy.Pruned([doc_id for _, doc_id in doomed], len(rows) - len(doomed))
            if deadletters:
                result.deadletters_deleted = conn.execute("SELECT COUNT(*) FROM deadletters WHERE time < ?",
                                                          (before,)).fetchone()[0]
            if dry_run:
                return result
            _delete_audit(conn, doomed)
            if deadletters:
                conn.execute("DELETE FROM deadletters WHERE time < ?", (before,))
        return result


def _check_is_logpipe(path: Path) -> None:
    """Never add tables to a file that is not an aoai-logpipe store (a mistyped --db)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read {path}: {exc} (is it an aoai-logpipe database? pass --db)") from None
    if found is None:
        raise StoreError(f"{path} is not an aoai-logpipe database (it has no audit table): pass --db")


def _delete_audit(conn: sqlite3.Connection, rows: list[tuple[int, str]]) -> None:
    """Audit rows and their full-text rows go together."""
    conn.executemany("DELETE FROM audit_fts WHERE rowid = ?", [(rowid,) for rowid, _ in rows])
    conn.executemany("DELETE FROM audit WHERE id = ?", [(doc_id,) for _, doc_id in rows])
