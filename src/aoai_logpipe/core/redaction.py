"""Export-time redaction of audit documents, so an extract can leave the security team (pure).

A `Plan` says what to do to each document, in this order:

1. `drop`: remove fields (`messages`, `choices`, `caller.client_ip` ...);
2. `hash`: replace fields by a keyed hash (HMAC-SHA-256, 16 hex digits) of their stored value,
   so the extract still links documents of one user without naming them;
3. `redact`: replace entities (e-mail addresses, person names, IP addresses ...) in every text
   of the conversation and in the caller fields, using the DLP recognizers (the caller passes
   the function that redacts one text). A caller field that *is* such an entity is replaced
   whole (`user_name` for `person`, `client_ip` for `ip`), and with `person` the caller's own
   name is also replaced wherever the text quotes it (names a recognizer might miss).

`header(plan, ...)` is the record an export writes first, saying what was done.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from aoai_logpipe.core.documents import CALLER_FIELDS
from aoai_logpipe.core.fulltext import text_fields

Document = dict[str, Any]
RedactText = Callable[[str], str]

ENTITY_ALIASES: Mapping[str, str] = {
    "email": "EMAIL_ADDRESS", "person": "PERSON", "ip": "IP_ADDRESS", "phone": "PHONE_NUMBER",
    "location": "LOCATION", "card": "CREDIT_CARD", "ssn": "US_SSN", "iban": "IBAN_CODE", "url": "URL",
}
#: top-level fields of an audit document an export may drop or hash
DOCUMENT_FIELDS = ("request_id", "response_id", "caller", "gateway", "deployment", "messages", "tools", "choices",
                   "prompt_filter", "error", "usage", "assembly", "dlp")
FIELDS: tuple[str, ...] = DOCUMENT_FIELDS + tuple(f"caller.{name}" for name in CALLER_FIELDS) + \
    ("dlp.findings", "assembly.first_position", "assembly.last_position")
#: caller fields that are, whole, a value of an entity
WHOLE_VALUES: Mapping[str, tuple[str, ...]] = {"PERSON": ("user_name",), "IP_ADDRESS": ("client_ip",)}


class PlanError(ValueError):
    """An export plan names an unknown entity or field."""


@dataclass(frozen=True)
class Plan:
    redact: tuple[str, ...] = ()  # DLP entity names
    hash: tuple[str, ...] = ()  # field paths
    drop: tuple[str, ...] = ()  # field paths

    def __bool__(self) -> bool:
        return bool(self.redact or self.hash or self.drop)


def _names(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def field_path(name: str) -> str:
    """`user_id` is short for `caller.user_id`."""
    if name in FIELDS:
        return name
    if f"caller.{name}" in FIELDS:
        return f"caller.{name}"
    raise PlanError(f"unknown field {name!r}; fields: {', '.join(FIELDS)} (caller fields also without `caller.`)")


def plan(redact: str | None, hash_fields: str | None, drop: str | None, entities: tuple[str, ...]) -> Plan:
    """A plan from the command line's comma-separated lists; `entities` are the known DLP entity names."""
    chosen = []
    for name in _names(redact):
        entity = ENTITY_ALIASES.get(name.lower(), name.upper())
        if entity not in entities:
            raise PlanError(f"cannot redact {name!r}: use {', '.join(ENTITY_ALIASES)} or an entity name "
                            f"({', '.join(entities)})")
        chosen.append(entity)
    return Plan(tuple(dict.fromkeys(chosen)), tuple(dict.fromkeys(map(field_path, _names(hash_fields)))),
                tuple(dict.fromkeys(map(field_path, _names(drop)))))


def keyed_hash(key: bytes, value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return "h:" + hmac.new(key, text.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:16]


def _parent(doc: Document, path: str) -> tuple[Any, str]:
    *heads, last = path.split(".")
    node: Any = doc
    for head in heads:
        node = node.get(head) if isinstance(node, dict) else None
    return node, last


def apply(doc: Document, plan: Plan, redact_text: RedactText, key: bytes) -> Document:
    """The document as the plan shares it (a copy; `doc` is left alone)."""
    out = copy.deepcopy(doc)
    for path in plan.drop:
        parent, last = _parent(out, path)
        if isinstance(parent, dict):
            parent.pop(last, None)
    caller = out.get("caller") if isinstance(out.get("caller"), dict) else {}
    name = caller.get("user_name")
    quoted = re.compile(re.escape(name), re.IGNORECASE) if "PERSON" in plan.redact and isinstance(name, str) \
        and name.strip() else None
    for path in plan.hash:  # the values as stored, so equal values keep equal hashes
        parent, last = _parent(out, path)
        if isinstance(parent, dict) and parent.get(last) is not None:
            parent[last] = keyed_hash(key, parent[last])
    if not plan.redact:
        return out
    for node, field in text_fields(out):
        text = redact_text(node[field])
        node[field] = quoted.sub("<PERSON>", text) if quoted else text
    for entity in plan.redact:
        for field in WHOLE_VALUES.get(entity, ()):
            if caller.get(field) and f"caller.{field}" not in plan.hash:
                caller[field] = f"<{entity}>"
    for field, value in list(caller.items()):
        if isinstance(value, str):
            caller[field] = redact_text(value)
        elif isinstance(value, dict):  # tags
            caller[field] = {k: redact_text(v) if isinstance(v, str) else v for k, v in value.items()}
    return out


def header(plan: Plan, *, kind: str, created: str, principal: str, criteria: Mapping[str, Any], key_source: str,
           engine: str | None) -> dict[str, Any]:
    """The first record of a redacted export: what it holds and what was done to it."""
    return {
        "doc_type": "export_header", "kind": kind, "created": created, "exported_by": principal,
        "criteria": dict(criteria),
        "redacted": {"entities": list(plan.redact), "engine": engine,
                     "where": "every conversation text and caller field"} if plan.redact else None,
        "hashed": {"fields": list(plan.hash), "method": "HMAC-SHA-256, first 16 hex digits, prefixed h:",
                   "key": key_source} if plan.hash else None,
        "dropped": list(plan.drop),
        "note": "DLP findings keep their offsets into the text as received; they locate nothing in this extract",
    }
