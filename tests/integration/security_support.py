"""What the security tests share on both stores: planted values, the command line, a replayable input."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

from aoai_logpipe import cli
from tests.unit.test_reports_audit import make_docs

#: values of each kind an export must never let out
PLANTED = {
    "email": ["ana.silva@contoso.com", "bob.jones@fabrikam.com"],
    "person": ["Ana Silva", "Maria Gonzalez"],
    "ip": ["81.2.69.142", "62.4.17.23"],
}
PLANTED_VALUES = [v for values in PLANTED.values() for v in values]


def planted_docs():
    """make_docs() with one user whose caller fields and conversation carry every planted kind."""
    docs, charges = copy.deepcopy(make_docs())
    for doc in (docs[0], docs[5]):  # req-1 and req-6: two conversations of one user
        doc["caller"].update(user_id="ana.silva@contoso.com", user_name="Ana Silva", client_ip="81.2.69.142")
    docs[0]["messages"][0]["parts"][0]["text"] = (
        "Hi, I am Ana Silva. Mail me at ana.silva@contoso.com or bob.jones@fabrikam.com; my laptop is 62.4.17.23. "
        "Maria Gonzalez from legal should see <CREDIT_CARD> too.")
    docs[5]["choices"][0]["text"] = "Sure Ana Silva, I will write to bob.jones@fabrikam.com from 81.2.69.142."
    return docs, charges


def run_cli(*argv: str) -> int:
    return cli.main([str(a) for a in argv])


def exported(path: Path) -> tuple[dict | None, list[dict]]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if lines and lines[0].get("doc_type") == "export_header":
        return lines[0], lines[1:]
    return None, lines


def money(groups: list[dict], key: str) -> dict[str, Decimal]:
    return {g[key]: Decimal(g["cost_total"]) for g in groups}


def assert_planted_absent(text: str) -> None:
    leaked = [value for value in PLANTED_VALUES if value.lower() in text.lower()]
    assert not leaked, f"planted values in the export: {leaked}"


def refused_events(user: str, other: str) -> list[str]:
    """Replay-file lines the pipeline refuses (dead letters), as a gateway's cut-off or malformed
    exports are: two name `user` (one cut short, one with the caller in JSON inside a string), one
    names `other`."""
    event = {"schema": "aoai-logpipe/v1", "type": "request", "request_id": "refused-1", "time": "2026-10-02T08:00:00Z",
             "caller": {"user_id": user}, "body": {"messages": [{"role": "user", "content": "my card is 4111"}]}}
    cut = json.dumps(event)
    nested = json.dumps({"records": json.dumps([{"properties": {"callerId": user, "backendTime": "x"}}])})
    return [cut[:cut.index(user) + len(user) + 12], nested[:-1] + ",", json.dumps({**event, "caller": {"user_id": other}})[:-9]]
