"""Audit search and a readable view of one conversation.

Search results come from `DocumentReader.audit_search` (parameterized on every store).
`show` prints the stored audit document as it is: the text is the stored text, so DLP
redactions (`<CREDIT_CARD>`, `<EMAIL_ADDRESS:1a2b3c>`) appear as the policy applied them.
Control characters in stored text are escaped so a prompt cannot drive the terminal.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from aoai_logpipe.reports.reader import AuditFilters, DocumentReader, Row, is_filtered
from aoai_logpipe.reports.text import table

if TYPE_CHECKING:
    from aoai_logpipe.reports.investigate import Page

SEARCH_FIELDS = ["id", "request_id", "time", "caller.user_id", "caller.user_name", "caller.app_id",
                 "caller.cost_center", "model", "deployment", "dlp.verdict", "dlp.counts.by_entity", "completeness",
                 "choices", "prompt_filter", "error"]
CRITERIA = ("request_id", "user", "app", "subscription", "deployment", "model", "entity", "verdict", "completeness",
            "text")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: Any) -> str:
    """Printable text: control and bidi-override characters become visible escapes."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))


async def search(reader: DocumentReader, filters: AuditFilters) -> list[Row]:
    return [row async for row in reader.audit_search(filters, SEARCH_FIELDS)]


def entities_text(by_entity: Any) -> str:
    if not isinstance(by_entity, dict) or not by_entity:
        return "-"
    return ", ".join(f"{name}" + (f" x{count}" if isinstance(count, int) and count > 1 else "")
                     for name, count in sorted(by_entity.items()))


def render_search(rows: Sequence[Row], limit: int | None, filters: AuditFilters, source: str,
                  page: "Page | None" = None) -> str:
    """The matches as a table; with `page`, one page of them and the cursor of the next."""
    from aoai_logpipe.reports.investigate import filter_hits, user_of

    shown = rows if limit is None else rows[:limit]
    body = []
    for row in shown:
        verdict = row.get("dlp.verdict")
        body.append([safe(row.get("request_id")), safe(row.get("time") or "-"), safe(user_of(row) or "-"),
                     safe(row.get("caller.app_id") or "-"), safe(row.get("caller.cost_center") or "-"),
                     safe(row.get("model") or "-"), verdict or "not_screened",
                     safe(entities_text(row.get("dlp.counts.by_entity"))) if verdict else "(dlp off)",
                     safe(", ".join(filter_hits(row)) or "-")])
    lines = [f"audit search — {source}: {describe(filters)}", ""]
    if body:
        lines.append(table(["request_id", "time", "user", "app", "cost_center", "model", "verdict", "entities", "filter"],
                           body, [False] * 9))
        lines.append("")
    if page is not None:
        whole = page.first == 1 and page.next is None
        span = "" if whole else f" (showing {page.first:,}–{page.first + len(shown) - 1:,})" if shown else " (none left)"
        lines.append(f"{page.total:,} matching conversations{span}")
        if page.next is not None:
            lines.append(f"next page: --cursor {page.next.encode()}")
    else:
        more = f" (showing the first {len(shown):,}; use --limit)" if len(shown) < len(rows) else ""
        lines.append(f"{len(rows):,} matching conversations{more}")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render_counts(counts: Sequence[tuple[str, int]], by: str, total: int, filters: AuditFilters, source: str) -> str:
    lines = [f"audit counts by {by} — {source}: {describe(filters)}", ""]
    if counts:
        share = [f"{n / total:.1%}" if total else "-" for _, n in counts]
        lines.append(table([by, "conversations", "share"], [[safe(k), f"{n:,}", s] for (k, n), s in zip(counts, share)],
                           [False, True, True]))
        lines.append("")
    note = " (a conversation counts under each of its values)" if by in ("entity", "filter") else ""
    lines.append(f"{total:,} matching conversations{note}")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def describe(filters: AuditFilters) -> str:
    parts = [filters.selection.describe()] if (filters.selection.period or filters.selection.time_from
                                               or filters.selection.time_to) else []
    for name in CRITERIA:
        value = getattr(filters, name)
        if value:
            parts.append(f"{name} = {safe(value)}")
    if filters.filtered:
        parts.append("content filter hit")
    return ", ".join(parts) or "everything"


def jsonl(docs: Iterable[Row]) -> Iterable[str]:
    for doc in docs:
        yield json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


# --------------------------------------------------------------------------- show


def part_text(part: dict[str, Any]) -> str:
    kind = part.get("type")
    suffix = "  (not screened by DLP)" if part.get("dlp") == "not_screened" else ""
    if kind in ("text", "refusal"):
        prefix = "[refusal] " if kind == "refusal" else ""
        return prefix + safe(part.get("text") or "")
    if kind == "image":
        mime = str(part.get("mime") or "")
        fmt = mime.split("/")[-1] if mime else None
        if part.get("width") and part.get("height"):
            desc = f"image {part['width']}x{part['height']}" + (f" {fmt}" if fmt else "")
        elif part.get("source") == "url":
            desc = f"image url {safe(part.get('url'))}"
        else:
            desc = "image" + (f" {fmt}" if fmt else "") + (" (invalid data)" if part.get("invalid") else "")
        if part.get("detail") and part.get("detail") != "auto":
            desc += f", detail {part['detail']}"
        return f"[{desc}]{suffix}"
    if kind == "audio":
        size = f" {part['bytes']:,} bytes" if isinstance(part.get("bytes"), int) else ""
        return f"[audio {safe(part.get('format') or '')}{size}]".replace(" ]", "]") + suffix
    if kind == "file":
        return f"[file {safe(part.get('filename') or part.get('file_id') or '')}]".replace(" ]", "]") + suffix
    if kind == "tokens":
        return f"[{part.get('count', '?')} token ids]{suffix}"
    return f"[{safe(kind)} part]{suffix}"


def _indent(text: str, pad: str = "    ") -> list[str]:
    return [pad + line if line else pad.rstrip() for line in text.split("\n")]


def _tool_call(call: dict[str, Any]) -> str:
    ident = f"  (id {safe(call.get('id'))})" if call.get("id") else ""
    return f"→ tool call {safe(call.get('name') or '?')}({safe(call.get('arguments') or '')}){ident}"


def _filters(results: Any) -> str:
    if not isinstance(results, dict) or not results:
        return "none reported"
    flagged = []
    other = []
    for category, verdict in sorted(results.items()):
        if not isinstance(verdict, dict):
            continue
        state = ("FILTERED" if verdict.get("filtered") else "detected" if verdict.get("detected") else
                 str(verdict.get("severity") or ("not detected" if "detected" in verdict else "ok")))
        if verdict.get("filtered") or verdict.get("detected"):
            flagged.append(f"{category} {state}" + (f" ({verdict['severity']})" if verdict.get("severity") else ""))
        else:
            other.append(category)
    text = "; ".join(flagged) if flagged else "nothing filtered"
    return text + (f" (checked: {', '.join(other)})" if other else "")


def _location(loc: dict[str, Any]) -> str:
    if "message" in loc:
        where = f"message {loc['message']}"
        where += f" part {loc['part']}" if "part" in loc else ""
        where += f" tool call {loc['tool_call']} {loc.get('field', '')}" if "tool_call" in loc else ""
    elif "choice" in loc:
        where = f"choice {loc['choice']}"
        where += f" tool call {loc['tool_call']}" if "tool_call" in loc else ""
        where += f" {loc.get('field', '')}"
    else:
        where = json.dumps(loc)
    if "start" in loc and "end" in loc:
        where += f" [{loc['start']}:{loc['end']}]"
    return where.strip()


def render_show(doc: Row, charge: Row | None = None) -> str:
    caller = doc.get("caller") or {}
    lines: list[str] = []
    add = lines.append
    flags = [doc.get("operation") or "?", doc.get("dialect") or "?", "stream" if doc.get("stream") else "non-stream"]
    add(f"request    {safe(doc.get('request_id'))}  ({', '.join(map(safe, flags))})")
    add(f"document   {doc.get('id')}")
    add(f"time       {doc.get('time') or '-'}  (period {doc.get('period')})")
    who = [f"user {safe(caller.get('user_id') or '-')}" + (f" ({safe(caller['user_name'])})" if caller.get("user_name") else "")]
    if caller.get("app_id"):
        who.append(f"app {safe(caller['app_id'])}")
    if caller.get("subscription_id") or caller.get("subscription_name"):
        who.append(f"subscription {safe(caller.get('subscription_id') or '')}"
                   + (f" ({safe(caller['subscription_name'])})" if caller.get("subscription_name") else ""))
    if caller.get("cost_center") or caller.get("business_unit"):
        who.append(f"cost center {safe(caller.get('cost_center') or '-')} / {safe(caller.get('business_unit') or '-')}")
    if caller.get("client_ip"):
        who.append(f"ip {safe(caller['client_ip'])}")
    add(f"caller     {' · '.join(who)}")
    add(f"model      {safe(doc.get('model') or '-')} via deployment {safe(doc.get('deployment') or '-')}"
        f" · status {doc.get('status') if doc.get('status') is not None else '-'} · {doc.get('completeness')}")
    usage = doc.get("usage")
    if usage:
        add(f"usage      {usage.get('prompt_tokens', 0):,} prompt ({usage.get('cached_tokens', 0):,} cached) + "
            f"{usage.get('completion_tokens', 0):,} completion ({usage.get('reasoning_tokens', 0):,} reasoning), "
            f"{doc.get('usage_source')}")
    else:
        add(f"usage      none ({doc.get('usage_source')})")
    if charge and isinstance(charge.get("cost"), dict):
        cost = charge["cost"]
        add(f"cost       {cost.get('total')} {cost.get('currency')} ({cost.get('price_id')})" if cost.get("priced")
            else f"cost       unpriced ({cost.get('reason')})")
    dlp = doc.get("dlp")
    if dlp:
        counts = (dlp.get("counts") or {}).get("by_entity") or {}
        add(f"dlp        {dlp.get('verdict')}" + (f": {entities_text(counts)}" if counts else "")
            + f" · {'complete' if dlp.get('complete') else 'incomplete'} · mode {dlp.get('mode')} · policy {dlp.get('policy')}")
    else:
        add("dlp        not screened (DLP was off when this document was written)")
    add(f"filtered   {'yes' if is_filtered(doc) else 'no'}")
    assembly = doc.get("assembly") or {}
    if assembly.get("gaps") or doc.get("completeness") != "complete":
        add(f"assembly   {assembly.get('close_reason')} · gaps: {', '.join(assembly.get('gaps') or []) or 'none'}"
            + (f" · missing seqs {assembly.get('missing_seqs')}" if assembly.get("missing_seqs") else ""))
    if doc.get("trimmed"):
        add(f"trimmed    {json.dumps(doc['trimmed'])}")

    add("")
    add("── messages " + "─" * 60)
    for message in doc.get("messages") or []:
        role = safe(message.get("role"))
        if message.get("name"):
            role += f" ({safe(message['name'])})"
        if message.get("tool_call_id"):
            role += f" → result of {safe(message['tool_call_id'])}"
        add(f"[{message.get('index')}] {role}")
        for part in message.get("parts") or []:
            lines.extend(_indent(part_text(part)))
        for call in message.get("tool_calls") or []:
            lines.extend(_indent(_tool_call(call)))
    if doc.get("tools"):
        names = [safe((t.get("function") or {}).get("name") or t.get("name") or t.get("type") or "?")
                 for t in doc["tools"] if isinstance(t, dict)]
        add(f"tools offered: {', '.join(names)}")
    for result in doc.get("prompt_filter") or []:
        if isinstance(result, dict):
            add(f"prompt filter [{result.get('prompt_index', 0)}]: {_filters(result.get('content_filter_results'))}")

    add("")
    add("── response " + "─" * 60)
    if doc.get("error"):
        error = doc["error"]
        add(f"error: {safe(error.get('code'))}: {safe(error.get('message') or '')}")
    for choice in doc.get("choices") or []:
        add(f"choice {choice.get('index')} · finish {choice.get('finish_reason') or '-'}")
        if choice.get("text"):
            lines.extend(_indent(safe(choice["text"])))
        if choice.get("refusal"):
            lines.extend(_indent("[refusal] " + safe(choice["refusal"])))
        for call in choice.get("tool_calls") or []:
            lines.extend(_indent(_tool_call(call)))
        if choice.get("function_call"):
            lines.extend(_indent(_tool_call(choice["function_call"])))
        add(f"    content filter: {_filters(choice.get('content_filter'))}")
        offsets = choice.get("content_filter_offsets") or []
        if offsets:
            add(f"    async filter annotations: {len(offsets)}")
    if not doc.get("choices") and not doc.get("error"):
        add("(no response content)")

    if dlp:
        add("")
        add("── DLP findings " + "─" * 56)
        findings = dlp.get("findings") or []
        if findings:
            rows = [[safe(f.get("entity")), f"{f.get('score')}", safe(f.get("action")),
                     _location(f.get("location") or {}), _stored_as(f, doc), _context(f, doc)] for f in findings]
            lines.extend(table(["entity", "score", "action", "location", "stored as", "stored text"], rows,
                               [False, True, False, False, False, False]).split("\n"))
        else:
            add("none")
        if dlp.get("findings_truncated"):
            add(f"(findings truncated; {(dlp.get('counts') or {}).get('findings')} in total)")
        for item in dlp.get("not_screened") or []:
            add(f"not screened: {_location(item)} ({item.get('type')}, {item.get('reason')})")
        add("offsets refer to the text as received; the text above is stored per the policy")
    return "\n".join(line.rstrip() for line in lines) + "\n"


_PLACEHOLDER = re.compile(r"<([A-Z][A-Z0-9_]*)(?::[0-9a-f]+)?>")


def _field_text(doc: Row, loc: dict[str, Any]) -> str | None:
    """The stored text a finding's location points at (None if the path does not resolve)."""
    try:
        if "message" in loc:
            message = doc["messages"][loc["message"]]
            if "tool_call" in loc:
                return message["tool_calls"][loc["tool_call"]]["arguments"]
            return message["parts"][loc["part"]].get("text")
        if "choice" in loc:
            choice = doc["choices"][loc["choice"]]
            if "tool_call" in loc:
                return choice["tool_calls"][loc["tool_call"]]["arguments"]
            if loc.get("field") == "function_call.arguments":
                return (choice.get("function_call") or {}).get("arguments")
            return choice.get(loc.get("field") or "text")
    except (KeyError, IndexError, TypeError):
        return None
    return None


def _stored_as(finding: dict[str, Any], doc: Row) -> str:
    """How the finding's text is stored: its placeholder, merged into another one, or kept."""
    action = finding.get("action")
    entity = str(finding.get("entity"))
    if action not in ("redact", "hash"):
        return "kept as received"
    text = _field_text(doc, finding.get("location") or {})
    if text is None:
        return "redacted" if action == "redact" else "hashed"
    found = [m.group(0) for m in _PLACEHOLDER.finditer(text)]
    own = [p for p in found if _PLACEHOLDER.match(p).group(1) == entity]  # type: ignore[union-attr]
    if own:
        return safe(own[0])
    if found:
        return "inside " + ", ".join(sorted(set(map(safe, found))))
    return "not found in stored text (check policy)"


def _context(finding: dict[str, Any], doc: Row, width: int = 24) -> str:
    """The stored text around the finding: its placeholder in context, or a kept value in context."""
    loc = finding.get("location") or {}
    text = _field_text(doc, loc)
    if not text:
        return "-"
    if finding.get("action") in ("redact", "hash"):
        entity = str(finding.get("entity"))
        spans = [m for m in _PLACEHOLDER.finditer(text) if m.group(1) == entity] or list(_PLACEHOLDER.finditer(text))
        if not spans:
            return "-"
        start, end = spans[0].span()
    else:
        start, end = loc.get("start"), loc.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or _PLACEHOLDER.search(text[:start]):
            return "-"  # offsets are into the text as received: only valid before any redaction
    head = max(start - width, 0)
    tail = min(end + width, len(text))
    excerpt = ("…" if head else "") + text[head:tail] + ("…" if tail < len(text) else "")
    return safe(excerpt.replace("\n", " "))


def entity_counts(rows: Iterable[Row]) -> tuple[Counter, Counter, Counter]:
    """(findings by entity, conversations by entity, conversations by verdict) of search rows."""
    findings: Counter = Counter()
    conversations: Counter = Counter()
    verdicts: Counter = Counter()
    for row in rows:
        verdict = row.get("dlp.verdict")
        verdicts[verdict or "dlp off"] += 1
        by_entity = row.get("dlp.counts.by_entity") or {}
        if isinstance(by_entity, dict):
            for entity, count in by_entity.items():
                findings[entity] += int(count or 0)
                conversations[entity] += 1
    return findings, conversations, verdicts


def criteria(filters: AuditFilters) -> dict[str, Any]:
    """The criteria as the access log records them (only those given)."""
    given: dict[str, Any] = {k: v for k, v in filters.selection.as_dict().items() if v}
    for name in CRITERIA:
        if getattr(filters, name):
            given[name] = getattr(filters, name)
    if filters.filtered:
        given["filtered"] = True
    return given
