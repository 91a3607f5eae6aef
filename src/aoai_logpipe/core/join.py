"""The cross-partition join: pieces of one request that closed apart meet in the store.

Diagnostic exports (APIM `GatewayLlmLogs` + `GatewayLogs`, legacy log-to-eventhub
Request/Response pairs) carry no partition key, so the halves of one request land on
independent partitions, minutes apart, often in different replicas. When a conversation of
such a dialect closes without its other half, its pieces (the raw record bytes and where
they came from) are merged into one *join document* per conversation key in the sink,
compare-and-swap, and the union comes back. The union is rendered into documents exactly
as a conversation received whole would be: the same ids, so a later half upgrades the
chargeback document in place. A union with no billable half yet waits in the store until
the join horizon passes, then becomes a dead letter.

This module is pure: the document format and the merge. The sinks only store it.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any

from aoai_logpipe.core.types import Dialect, Fragment, FragmentKind, Position

JOINABLE = frozenset({Dialect.APIM, Dialect.LEGACY_PAIR})
JoinDoc = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Piece:
    """One fragment as stored: bytes that decode back to it, and its source position."""

    id: str  # stable within the conversation: "llm_log:3", "gateway_log", "request", "response"
    raw: bytes
    position: Position

    @property
    def billable(self) -> bool:
        """A piece that carries tokens: its conversation is billed even if the rest never comes."""
        return not self.id.startswith(FragmentKind.GATEWAY_LOG.value)


@dataclass(frozen=True, slots=True)
class JoinRequest:
    """Merge these pieces into the join document of `key`."""

    key: str
    dialect: Dialect
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class JoinResult:
    """The union after a merge (or as found by a sweep), and which pieces were stored before it."""

    key: str
    dialect: Dialect
    pieces: tuple[Piece, ...]
    prior: frozenset[str] = frozenset()
    etag: str | None = None  # the stored version, for a guarded delete after a sweep

    @property
    def billable(self) -> bool:
        return any(p.billable for p in self.pieces)

    @property
    def upgrade(self) -> bool:
        """A billable piece was stored before this merge: its documents exist and get upgraded."""
        return any(p.billable and p.id in self.prior for p in self.pieces)


def coalesce(requests: list[JoinRequest]) -> list[JoinRequest]:
    """One request per key, pieces in arrival order (the first copy of a piece wins, as in the store).

    A batch may close the same key twice (a half, then a redelivered copy): merged concurrently,
    which copy the store kept would depend on timing.
    """
    by_key: dict[str, JoinRequest] = {}
    for request in requests:
        known = by_key.get(request.key)
        if known is None:
            by_key[request.key] = request
        else:
            ids = {p.id for p in known.pieces}
            extra = tuple(p for p in request.pieces if p.id not in ids)
            by_key[request.key] = JoinRequest(known.key, known.dialect, known.pieces + extra)
    return list(by_key.values())


def piece_id(fragment: Fragment) -> str:
    if fragment.kind is FragmentKind.LLM_LOG:
        return f"{fragment.kind.value}:{fragment.seq or 0}"
    return fragment.kind.value


def join_id(key: str) -> str:
    return f"join-{hashlib.blake2b(key.encode('utf-8', 'surrogatepass'), digest_size=20).hexdigest()}"


def merge(current: JoinDoc | None, request: JoinRequest, now: datetime) -> tuple[JoinDoc, JoinResult]:
    """The next version of a join document (pieces already stored win: they are the same bytes)."""
    stored: dict[str, Any] = dict(current["pieces"]) if current else {}
    prior = frozenset(stored)
    added: dict[str, bytes] = {}  # what the pieces stored now decode back to: no need to decompress them
    for piece in request.pieces:
        if piece.id not in stored:
            stored[piece.id] = _piece_doc(piece)
            added[piece.id] = piece.raw
    doc = {
        "id": join_id(request.key),
        "doc_type": "join",
        "key": request.key,
        "dialect": request.dialect.value,
        "pieces": stored,
        "updated": _epoch(now),
        "version": int(current.get("version", 0)) + 1 if current else 1,
    }
    return doc, JoinResult(request.key, request.dialect, _pieces(stored, added), prior)


def result(doc: JoinDoc, etag: str | None = None) -> JoinResult:
    """A stored join document read back (by a sweep); its version guards the delete."""
    return JoinResult(doc["key"], Dialect(doc["dialect"]), _pieces(doc["pieces"]), frozenset(doc["pieces"]),
                      etag if etag is not None else str(doc.get("version", 0)))


def _piece_doc(piece: Piece) -> dict[str, Any]:
    p = piece.position
    return {
        "raw": base64.b64encode(zlib.compress(piece.raw, 6)).decode("ascii"),
        "partition": p.partition,
        "offset": p.offset,
        "sequence_number": p.sequence_number,
        "enqueued_time": p.enqueued_time.isoformat() if p.enqueued_time else None,
    }


def _pieces(stored: dict[str, Any], raws: Mapping[str, bytes] = MappingProxyType({})) -> tuple[Piece, ...]:
    """The stored pieces, read back; `raws` holds the bytes of pieces whose stored "raw" they are."""
    pieces = []
    for pid, item in stored.items():
        enqueued = item.get("enqueued_time")
        position = Position(str(item["partition"]), str(item["offset"]), int(item["sequence_number"]),
                            datetime.fromisoformat(enqueued) if enqueued else None)
        raw = raws.get(pid)
        if raw is None:
            raw = zlib.decompress(base64.b64decode(item["raw"]))
        pieces.append(Piece(pid, raw, position))
    # Source order, whichever replica merged first: the rendering is the same everywhere.
    return tuple(sorted(pieces, key=_order))


def _order(piece: Piece) -> tuple[Any, ...]:
    p = piece.position
    enqueued = p.enqueued_time.timestamp() if p.enqueued_time else float("-inf")
    return (enqueued, p.partition, p.sequence_number, piece.id)


def _epoch(now: datetime) -> float:
    return (now if now.tzinfo else now.replace(tzinfo=timezone.utc)).timestamp()


class MemoryStore:
    """The join store's contract (compare-and-swap merge per key) in a dict: for the pure core's
    tests and benchmarks; the sinks implement the same against SQLite and Cosmos DB."""

    def __init__(self) -> None:
        self.docs: dict[str, JoinDoc] = {}

    def join(self, requests: list[JoinRequest], now: datetime | None = None) -> list[JoinResult]:
        results = []
        for request in coalesce(requests):
            doc, merged = merge(self.docs.get(request.key), request, now or datetime.now(timezone.utc))
            self.docs[request.key] = doc
            results.append(merged)
        return results

    def expired(self) -> list[JoinResult]:
        return [result(doc) for doc in self.docs.values()]
