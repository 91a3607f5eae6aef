"""Erasure and legal holds as rules the sinks apply to every write (pure: no I/O).

An erased data subject (GDPR Art. 17) leaves a *tombstone*: the SHA-256 of the identifier that
was erased (never the identifier itself) and the pseudonym their chargeback documents now carry.
A sink loads the tombstones when it opens and whenever they change, and applies them to each
batch: an audit document of an erased subject is not written, a chargeback document is written
with its caller pseudonymized (same id, amounts and counts). A replay or a late event therefore
never brings the erased conversations back, and never duplicates the pseudonymized charges.
A dead letter whose payload names an erased subject (one of its strings is their id or name) is
kept without its payload: the event stays accounted for, the personal data goes.

A *hold* exempts the audit documents of a user or a request from pruning and from the Cosmos DB
container TTL (the sink stamps them with `ttl: -1`) until it is released.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
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


#: a JSON string literal (its body), as found in a payload whether or not the payload parses; the
#: last one may be cut off by the payload's end
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)(?:"|\\?\Z)', re.S)
#: an escape cut off by the payload's end
_CUT_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{0,3})?\Z")
#: how deep strings holding JSON (an APIM body, a message in a string) are looked into
_NESTING = 3


def payload_strings(letter: Document) -> set[str]:
    """The strings in a dead letter's raw payload: its JSON string literals, unescaped, and those
    of JSON held in them. A refused event names its caller this way (`"user_id": "u-7"`, a
    header value) even when it is cut short or not JSON at all, so erasure can find it."""
    raw = letter.get("raw")
    if not isinstance(raw, str) or not raw:
        return set()
    if letter.get("raw_encoding") == "base64":
        try:
            raw = base64.b64decode(raw, validate=True).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return set()
    found: set[str] = set()
    layer = [raw]
    for _ in range(_NESTING):
        inner = []
        for text in layer:
            for match in _STRING.finditer(text):
                value = _unescape(match.group(1))
                if value not in found:
                    found.add(value)
                    if '"' in value:
                        inner.append(value)
        layer = inner
    return found


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    for text in (body, _CUT_ESCAPE.sub("", body)):
        try:
            return json.loads(f'"{text}"')
        except ValueError:
            continue
    return body  # a bad escape: the text as it stands


def scrub_letter(letter: Document) -> Document:
    """A dead letter of an erased subject as kept: reason, position and digest stay (the event is
    still accounted for), the payload that named them goes."""
    return {**letter, "raw": "", "raw_encoding": "erased"}


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

    def names_erased(self, letter: Document) -> bool:
        """Whether a dead letter's payload names an erased subject (see `payload_strings`)."""
        return bool(self.erased) and any(subject_hash(v) in self.erased for v in payload_strings(letter))

    def held(self, doc: Document) -> bool:
        if doc.get("request_id") in self.held_requests:
            return True
        return bool(self.held_subjects) and any(subject_hash(v) in self.held_subjects for v in subjects(doc))


@dataclass
class Applied:
    out: Output
    suppressed: int = 0  # audit documents of erased subjects, not written
    pseudonymized: int = 0  # chargeback documents written with a pseudonym
    scrubbed: int = 0  # dead letters naming an erased subject, written without their payload


def apply(policy: Policy, out: Output) -> Applied:
    """The batch as the store may keep it: erased subjects' conversations dropped, their charges
    pseudonymized, dead letters naming them without their payload. Without tombstones the batch is
    returned as it is (the common, cheap case)."""
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
    letters = [scrub_letter(d) if policy.names_erased(d) else d for d in out.deadletters]
    scrubbed = sum(a is not b for a, b in zip(letters, out.deadletters))
    return Applied(replace(out, audit=audit, chargeback=charges, deadletters=letters), len(out.audit) - len(audit),
                   changed, scrubbed)


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
    deadletters_scrubbed: list[str] = field(default_factory=list)  # dead letter ids, payload removed


@dataclass
class Pruned:
    """What a prune did (or, dry, would do)."""

    audit_deleted: list[str] = field(default_factory=list)
    held: int = 0  # older than the cut, kept by a hold
    deadletters_deleted: int = 0


def probe(request_id: Any, user_id: Any, user_name: Any) -> Document:
    """The parts of an audit document holds look at, from a projection."""
    return {"request_id": request_id, "caller": {"user_id": user_id, "user_name": user_name}}
