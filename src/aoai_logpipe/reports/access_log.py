"""`audit access-log`: the records, and whether the hash chain holds (core/accesschain.py)."""

from __future__ import annotations

import json
import re
from typing import Any, Mapping, Sequence

from aoai_logpipe.core.accesschain import Problem
from aoai_logpipe.reports.audit import safe
from aoai_logpipe.reports.text import table

_HEAD = re.compile(r"^(\d+):([0-9a-f]{64})$")


def parse_head(text: str) -> tuple[int, str]:
    match = _HEAD.match(text.strip())
    if not match:
        raise ValueError(f"--head must be SEQ:HASH as `audit access-log` prints it (e.g. 12:{'ab' * 32}), not {text!r}")
    return int(match.group(1)), match.group(2)


def _filters(filters: Any) -> str:
    if not isinstance(filters, Mapping) or not filters:
        return "-"
    return ", ".join(f"{k}={v if isinstance(v, str) else json.dumps(v)}" for k, v in filters.items())


def render(records: Sequence[Mapping[str, Any]], total: int, source: str) -> str:
    lines = [f"access log — {source}: {total:,} records" + (f", the last {len(records):,} shown" if len(records) < total else ""), ""]
    if records:
        rows = [[str(r.get("seq")), safe(r.get("time") or "-"), safe(r.get("principal") or "-"), safe(r.get("command") or "-"),
                 f"{r.get('result_count', 0):,}", safe(_filters(r.get("filters")))] for r in records]
        lines.append(table(["seq", "time", "principal", "command", "results", "criteria"], rows,
                           [True, False, False, False, True, False]))
        lines.append("")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def verdict(records: Sequence[Mapping[str, Any]], problems: Sequence[Problem]) -> str:
    if problems:
        return "chain BROKEN:\n" + "\n".join(f"  {p}" for p in problems)
    if not records:
        return "chain: empty"
    head = records[-1]
    return (f"chain intact: {len(records):,} records; head {head['seq']}:{head['hash']} "
            "(note it in the case file; `--head` checks later that nothing after it was removed)")
