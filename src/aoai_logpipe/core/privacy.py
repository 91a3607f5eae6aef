"""Erasure and legal holds as rules the sinks apply to every write (pure: no I/O).

An erased data subject (GDPR Art. 17) leaves a *tombstone*: the SHA-256 of the identifier that
was erased (never the identifier itself) and the pseudonym their chargeback documents now carry.
A sink loads the tombstones when it opens and whenever they change, and applies them to each
batch: an audit document of an erased subject is not written, a chargeback document is written
with its caller pseudonymized (same id, amounts and counts). A replay or a late event therefore
never brings the erased conversations back, and never duplicates the pseudonymized charges.

A *hold* exempts the audit documents of a user or a request from pruning and from the Cosmos DB
container TTL (the sink stamps them with `ttl: -1`) until it is released.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping

from aoai_logpipe.core.pipeline import Output

Document = dict[str, Any]
#: chargeback fields that identify the caller as a person; replaced or cleared on erasure
PERSONAL_CALLER_FIELDS = ("user_id", "user_name", "client_ip")


def subject_hash(identifier: str) -> str:
    """How a tombstone or hold names a user: never the identifier in clear."""
    return hashlib.sha256(b"aoai-logpipe/subject\x00" + identifier.encode("utf-8", "surrogatepass")).hexdigest()


def subjects(doc: Document) -> list[str]:
    """The user identifiers of an audit (caller.*) or chargeback (top-level) document."""
    caller = doc.get("caller") if isinstance(doc.get("caller"), dict) else doc
    return [v for v in (caller.get("user_id"), caller.get("user_name")) if isinstance(v, str) and v]


def pseudonymize(doc: Document, pseudonym: str) -> Document:
    """A chargeback document with its personal caller fields replaced; money and counts untouched."""
    return {**doc, "user_id": pseudonym, "user_name": None, "client_ip": None}


@dataclass(frozen=True)
class Policy:
    """Tombstones (subject hash -> pseudonym) and active holds, as loaded from the store."""

    erased: Mapping[str, str] = field(default_factory=dict)
    held_subjects: frozenset[str] = frozenset()
    held_requests: frozenset[str] = frozenset()

    @classmethod
    def of(cls, tombstones: Iterable[Mapping[str, Any]], holds: Iterable[Mapping[str, Any]] = ()) -> Policy:
        active = [h for h in holds if not h.get("released")]
        return cls({t["subject"]: t["pseudonym"] for t in tombstones},
                   frozenset(h["subject"] for h in active if h.get("kind") == "user"),
                   frozenset(h["value"] for h in active if h.get("kind") == "request"))

    def pseudonym(self, doc: Document) -> str | None:
        """The pseudonym of an erased subject this document belongs to, else None."""
        if not self.erased:
            return None
        for value in subjects(doc):
            found = self.erased.get(subject_hash(value))
            if found is not None:
                return found
        return None

    def held(self, doc: Document) -> bool:
        if doc.get("request_id") in self.held_requests:
            return True
        return bool(self.held_subjects) and any(subject_hash(v) in self.held_subjects for v in subjects(doc))


@dataclass
class Applied:
    out: Output
    suppressed: int = 0  # audit documents of erased subjects, not written
    pseudonymized: int = 0  # chargeback documents written with a pseudonym


def apply(policy: Policy, out: Output) -> Applied:
    """The batch as the store may keep it: erased subjects' conversations dropped, their charges
    pseudonymized. Without tombstones the batch is returned as it is (the common, cheap case)."""
    if not policy.erased:
        return Applied(out)
    audit = [doc for doc in out.audit if policy.pseudonym(doc) is None]
    charges = []
    changed = 0
    for doc in out.chargeback:
        pseudonym = policy.pseudonym(doc)
        if pseudonym is not None:
            doc = pseudonymize(doc, pseudonym)
            changed += 1
        charges.append(doc)
    return Applied(replace(out, audit=audit, chargeback=charges), len(out.audit) - len(audit), changed)


def new_pseudonym(token: str) -> str:
    """The caller id an erased subject's charges carry (random per erasure, kept in the tombstone)."""
    return f"erased-{token}"


class HeldError(ValueError):
    """An erasure or prune would remove documents under a legal hold."""


@dataclass
class Erasure:
    """What an erasure did (or, dry, would do)."""

    audit_deleted: list[str] = field(default_factory=list)  # audit document ids
    chargebacks_pseudonymized: list[str] = field(default_factory=list)  # chargeback document ids
    tombstone: dict[str, Any] = field(default_factory=dict)


@dataclass
class Pruned:
    """What a prune did (or, dry, would do)."""

    audit_deleted: list[str] = field(default_factory=list)
    held: int = 0  # older than the cut, kept by a hold
    deadletters_deleted: int = 0


def probe(request_id: Any, user_id: Any, user_name: Any) -> Document:
    """The parts of an audit document holds look at, from a projection."""
    return {"request_id": request_id, "caller": {"user_id": user_id, "user_name": user_name}}
