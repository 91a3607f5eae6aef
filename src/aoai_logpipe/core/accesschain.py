"""The access log's hash chain: every record carries the hash of the one before it (pure).

A record's hash is the SHA-256 of its canonical JSON (sorted keys, no spaces) without the
`hash` field, which includes `seq` and `prev`. Editing a record changes its hash; deleting one
leaves a gap in `seq` and a `prev` that names no record; reordering breaks both. What a chain
alone cannot show is a cut at the end (the last records removed): compare the head
(`seq` and `hash` of the last record) with one noted elsewhere, e.g. in the case file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

GENESIS = "0" * 64
#: the fields a record is made of, and hashed over (a store may add its own, e.g. id, pk)
FIELDS = ("seq", "time", "principal", "command", "filters", "result_count", "result_ids", "ids_sha256",
          "ids_truncated", "prev")
MAX_IDS = 1000  # ids listed in one record; all of them are in ids_sha256


def canonical(record: Mapping[str, Any]) -> bytes:
    return json.dumps({k: record.get(k) for k in FIELDS}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8", "surrogatepass")


def digest(record: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


def ids_digest(ids: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(ids).encode("utf-8", "surrogatepass")).hexdigest()


def entry(*, time: str, principal: str, command: str, filters: Mapping[str, Any], ids: Sequence[str],
          count: int | None = None) -> dict[str, Any]:
    """What an access adds to the log, before it is chained (`seq`, `prev` and `hash` come last)."""
    return {"time": time, "principal": principal, "command": command, "filters": dict(filters),
            "result_count": len(ids) if count is None else count, "result_ids": list(ids[:MAX_IDS]),
            "ids_sha256": ids_digest(ids), "ids_truncated": len(ids) > MAX_IDS}


def chain(new: Mapping[str, Any], head: Mapping[str, Any] | None) -> dict[str, Any]:
    """The record that follows `head` (None: the first record)."""
    record = {**new, "seq": (int(head["seq"]) + 1) if head else 1, "prev": head["hash"] if head else GENESIS}
    record = {k: record.get(k) for k in FIELDS}
    record["hash"] = digest(record)
    return record


@dataclass(frozen=True)
class Problem:
    seq: int | None
    what: str

    def __str__(self) -> str:
        return f"record {self.seq}: {self.what}" if self.seq is not None else self.what


def verify(records: Iterable[Mapping[str, Any]], head: tuple[int, str] | None = None) -> list[Problem]:
    """Everything wrong with a chain, given its records in `seq` order; [] when intact.

    `head` (seq, hash) is a head noted earlier: it must still be in the chain, unchanged.
    """
    problems: list[Problem] = []
    expected_seq, prev = 1, GENESIS
    seen: dict[int, str] = {}
    for record in records:
        seq = record.get("seq")
        if not isinstance(seq, int):
            problems.append(Problem(None, f"a record without a sequence number ({record.get('id', '?')})"))
            continue
        if seq != expected_seq:
            problems.append(Problem(seq, f"expected record {expected_seq} here: "
                                         + ("records are missing (deleted?)" if seq > expected_seq else "duplicate or out of order")))
        if record.get("prev") != prev:
            problems.append(Problem(seq, "does not follow the record before it (prev hash differs)"))
        if record.get("hash") != digest(record):
            problems.append(Problem(seq, "its content does not match its hash (edited)"))
        seen[seq] = str(record.get("hash"))
        expected_seq, prev = seq + 1, str(record.get("hash"))
    if head is not None:
        seq, value = head
        if seen.get(seq) != value:
            problems.append(Problem(seq, "the head noted earlier is not in the chain (records removed or rewritten)"))
    return problems
