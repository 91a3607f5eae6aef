"""Audit search on the embedded store (parameterized, every criterion) and the readable view.

`make_docs()` is also used by tests/integration/test_reports_readers.py to check that the
Cosmos reader returns exactly the same answers.
"""

import asyncio
import copy
import sqlite3

import pytest

from aoai_logpipe.core.pipeline import Output
from aoai_logpipe.io.sqlite import SqliteStore
from aoai_logpipe.reports import audit
from aoai_logpipe.reports.reader import AuditFilters, ReaderError, SqliteReader, is_filtered, selection

SAFE = {"filtered": False, "severity": "safe"}


def _audit(n, *, time, user, dlp, choices=None, messages=None, prompt_filter=None, error=None, user_name=None,
           completeness="complete", app="app-a", sub="sub-1", deployment="d1", model="gpt-4o-2024-11-20"):
    period = time[:7] if time else "unknown"
    return {
        "id": f"au-{n:040x}", "doc_type": "audit", "request_id": f"req-{n}", "dialect": "aoai-logpipe/v1",
        "time": time, "period": period,
        "caller": {"subscription_id": sub, "subscription_name": f"{sub} name", "product": None, "app_id": app,
                   "user_id": user, "user_name": user_name or f"name of {user}", "tenant_id": None,
                   "client_ip": "10.0.0.1", "cost_center": "CC-1", "business_unit": "BU", "tags": {}},
        "gateway": None, "deployment": deployment, "model": model, "operation": "chat.completions",
        "api_version": "2024-10-21", "stream": False, "status": 200, "response_id": None,
        "messages": messages or [{"index": 0, "role": "user", "name": None, "tool_calls": [], "tool_call_id": None,
                                  "parts": [{"type": "text", "text": f"hello {n}"}]}],
        "tools": [], "choices": choices if choices is not None else [
            {"index": 0, "role": "assistant", "text": "hi", "refusal": None, "tool_calls": [], "function_call": None,
             "finish_reason": "stop", "content_filter": {"hate": SAFE, "violence": SAFE}, "content_filter_offsets": []}],
        "prompt_filter": prompt_filter or [], "error": error,
        "usage": {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12, "cached_tokens": 0, "reasoning_tokens": 0},
        "usage_source": "reported", "completeness": completeness,
        "assembly": {"fragments": 2, "duplicates_dropped": 0, "missing_seqs": [], "gaps": [], "close_reason": "complete",
                     "first_position": {}, "last_position": {}},
        "dlp": dlp, "rank": 2_000_002,
    }


def _dlp(verdict, findings=(), by_entity=None, complete=True):
    findings = list(findings)
    counts = by_entity if by_entity is not None else {}
    if by_entity is None:
        for f in findings:
            counts[f["entity"]] = counts.get(f["entity"], 0) + 1
    return {"verdict": verdict, "complete": complete, "mode": "pattern", "engine_version": "x", "policy": "p1",
            "findings": findings, "findings_truncated": by_entity is not None and not findings,
            "counts": {"screened_texts": 1, "screened_chars": 10, "findings": sum(counts.values()),
                       "by_entity": counts, "not_screened_parts": 0 if complete else 1},
            "not_screened": [] if complete else [{"message": 0, "part": 1, "type": "image", "reason": "media"}]}


def _finding(entity, action="redact", message=0, part=0):
    return {"entity": entity, "score": 0.95, "action": action,
            "location": {"message": message, "part": part, "start": 8, "end": 27}}


def _chargeback(doc, total, source="reported"):
    return {"id": "cb-" + doc["id"][3:], "doc_type": "chargeback", "request_id": doc["request_id"],
            "time": doc["time"], "period": doc["period"], "model": doc["model"], "deployment": doc["deployment"],
            "cost_center": "CC-1", "user_id": doc["caller"]["user_id"], "usage": doc["usage"], "usage_source": source,
            "drift": {"prompt": 0.1, "completion": None},
            "estimated": {"prompt_tokens": 11, "completion_tokens": 2, "unestimated_parts": 0},
            "cost": {"currency": "USD", "input": total, "cached_input": "0", "output": "0", "total": total,
                     "price_id": "p", "priced": True, "reason": None}, "rank": 2_000_002}


def make_docs():
    """Audit and chargeback documents covering every search criterion, plus the expected answers."""
    card_msg = [{"index": 0, "role": "user", "name": None, "tool_calls": [], "tool_call_id": None,
                 "parts": [{"type": "text", "text": "my card <CREDIT_CARD> thanks"}]}]
    rich_messages = [
        {"index": 0, "role": "system", "name": None, "tool_calls": [], "tool_call_id": None,
         "parts": [{"type": "text", "text": "be brief"}]},
        {"index": 1, "role": "user", "name": None, "tool_calls": [], "tool_call_id": None,
         "parts": [{"type": "text", "text": "mail jo@contoso.com about \x1b[31mthis"},
                   {"type": "image", "detail": "high", "source": "data", "mime": "image/png", "bytes": 123,
                    "sha256": "ab", "width": 3008, "height": 2000, "dlp": "not_screened"}]},
        {"index": 2, "role": "assistant", "name": None, "tool_call_id": None, "parts": [],
         "tool_calls": [{"id": "call_1", "type": "function", "name": "lookup", "arguments": '{"q": "x"}'}]},
        {"index": 3, "role": "tool", "name": None, "tool_calls": [], "tool_call_id": "call_1",
         "parts": [{"type": "text", "text": "result"}]},
    ]
    filtered_choice = [{"index": 0, "role": "assistant", "text": "partial", "refusal": None, "tool_calls": [],
                        "function_call": None, "finish_reason": "stop",
                        "content_filter": {"hate": {"filtered": True, "severity": "high"}, "violence": SAFE},
                        "content_filter_offsets": []}]
    cut_choice = [{"index": 0, "role": "assistant", "text": None, "refusal": None, "tool_calls": [], "function_call": None,
                   "finish_reason": "content_filter", "content_filter": None, "content_filter_offsets": []}]
    docs = [
        _audit(1, time="2026-10-01T10:00:00Z", user="user-1", user_name="Ana Silva",
               dlp=_dlp("flagged", [_finding("CREDIT_CARD", message=0, part=0)]), messages=card_msg),
        _audit(2, time="2026-10-02T10:00:00.500000Z", user="user-2", dlp=_dlp("clean"), choices=filtered_choice,
               app="app-b", deployment="d2"),
        _audit(3, time="2026-11-01T00:00:00Z", user="user-1", dlp=None, choices=cut_choice, completeness="incomplete",
               sub="sub-2"),
        _audit(4, time="2026-10-31T23:59:59Z", user="user-3", user_name="x' OR '1'='1",
               dlp=_dlp("not_screened", complete=False),
               prompt_filter=[{"prompt_index": 0, "content_filter_results": {"jailbreak": {"filtered": True, "detected": True}}}]),
        _audit(5, time="2026-10-15T08:00:00Z", user="user-2", dlp=_dlp("flagged", by_entity={"US_SSN": 3}),
               choices=[], error={"code": "content_filter", "message": "blocked"}, model="gpt-4.1-2025-04-14"),
        _audit(6, time="2026-10-20T12:00:00Z", user="user-1", dlp=_dlp("flagged", [_finding("EMAIL_ADDRESS", "keep", 1, 0)],
                                                                      complete=False),
               messages=rich_messages),
    ]
    charges = [_chargeback(d, f"0.00{i}5") for i, d in enumerate(docs, 1)]
    return docs, charges


def ids(rows):
    return [r["request_id"] for r in rows]


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    path = tmp_path_factory.mktemp("audit") / "db.sqlite"
    store = SqliteStore(path)
    docs, charges = make_docs()
    store.write_sync(Output(chargeback=copy.deepcopy(charges), audit=copy.deepcopy(docs)))
    store.close_sync()
    r = SqliteReader(path)
    yield r
    asyncio.run(r.close())


def search(reader, **criteria):
    async def go():
        return [row async for row in reader.audit_search(AuditFilters(**criteria), audit.SEARCH_FIELDS)]
    return ids(asyncio.run(go()))


#: (criteria, expected request ids in time order) — shared with the Cosmos parity test
CASES = [
    ({}, ["req-1", "req-2", "req-5", "req-6", "req-4", "req-3"]),
    ({"user": "user-1"}, ["req-1", "req-6", "req-3"]),
    ({"user": "Ana Silva"}, ["req-1"]),
    ({"app": "app-b"}, ["req-2"]),
    ({"subscription": "sub-2"}, ["req-3"]),
    ({"subscription": "sub-1 name", "user": "user-2"}, ["req-2", "req-5"]),
    ({"deployment": "d2"}, ["req-2"]),
    ({"model": "gpt-4.1-2025-04-14"}, ["req-5"]),
    ({"entity": "CREDIT_CARD"}, ["req-1"]),
    ({"entity": "us_ssn"}, ["req-5"]),  # counted in by_entity, findings list truncated
    ({"entity": "EMAIL_ADDRESS", "user": "user-1"}, ["req-6"]),
    ({"verdict": "flagged"}, ["req-1", "req-5", "req-6"]),
    ({"verdict": "clean"}, ["req-2"]),
    ({"verdict": "not_screened"}, ["req-4", "req-3"]),  # DLP off counts as not screened
    ({"filtered": True}, ["req-2", "req-5", "req-4", "req-3"]),
    ({"completeness": "incomplete"}, ["req-3"]),
    ({"selection": selection("2026-10")}, ["req-1", "req-2", "req-5", "req-6", "req-4"]),
    ({"selection": selection(None, "2026-10-02", "2026-10-15")}, ["req-2", "req-5"]),
    ({"selection": selection(None, "2026-10-31", None)}, ["req-4", "req-3"]),
    ({"request_id": "req-4"}, ["req-4"]),
    ({"request_id": "au-" + f"{6:040x}"}, ["req-6"]),
    # user input is data, never SQL: these match nothing, or exactly the document holding that string
    ({"user": "' OR 1=1 --"}, []),
    ({"user": "x' OR '1'='1"}, ["req-4"]),
    ({"entity": "US_SSN') OR 1=1 --"}, []),
    ({"app": "app-a\" OR c.id != \""}, []),
    # full text over the stored text: whole words, "phrases", prefix*, case-insensitive, AND
    ({"text": "credit_card"}, ["req-1"]),
    ({"text": "HELLO"}, ["req-2", "req-5", "req-4", "req-3"]),
    ({"text": '"hello 4"'}, ["req-4"]),
    ({"text": "jo@contoso.com"}, ["req-6"]),
    ({"text": "bri*"}, ["req-6"]),
    ({"text": "bri"}, []),
    ({"text": "blocked", "user": "user-2"}, ["req-5"]),
    ({"text": "partial hello"}, ["req-2"]),
    ({"text": "NOT hello"}, []),  # FTS5 operators are words like any other
    ({"text": '") OR 1=1 --'}, []),
]


@pytest.mark.parametrize("criteria,expected", CASES, ids=[str(c) for c, _ in CASES])
def test_search_criteria(reader, criteria, expected):
    assert search(reader, **criteria) == expected


def test_filtered_matches_the_python_definition(reader):
    docs, _ = make_docs()
    assert sorted(d["request_id"] for d in docs if is_filtered(d)) == sorted(search(reader, filtered=True))


def test_whole_documents_and_lookup_by_request_or_document_id(reader):
    async def go():
        by_request = await reader.audit_get("req-6")
        by_id = await reader.audit_get(by_request[0]["id"])
        charge = await reader.chargeback_get("cb-" + by_request[0]["id"][3:])
        return by_request, by_id, charge, await reader.audit_get("nope"), await reader.latest_period()
    by_request, by_id, charge, missing, latest = asyncio.run(go())
    assert by_request == by_id and by_request[0]["messages"][1]["parts"][1]["width"] == 3008
    assert charge["cost"]["total"] == "0.0065" and missing == [] and latest == "2026-11"


def test_chargeback_projection_only_returns_the_requested_fields(reader):
    async def go(fields, sel):
        return [r async for r in reader.chargeback(sel, fields)]
    rows = asyncio.run(go(["cost", "model"], selection("2026-10")))
    assert len(rows) == 5 and all(set(r) == {"cost", "model"} for r in rows)
    assert asyncio.run(go(["id"], selection("2026-11")))[0]["id"].startswith("cb-")
    with pytest.raises(ValueError, match="cannot be queried"):
        asyncio.run(go(["doc) FROM chargeback --"], selection("2026-10")))


def test_a_missing_database_is_an_error_and_is_not_created(tmp_path):
    with pytest.raises(ReaderError, match="does not exist"):
        SqliteReader(tmp_path / "nope.db")
    assert not (tmp_path / "nope.db").exists()


def test_a_file_that_is_not_a_logpipe_database_is_an_error(tmp_path):
    (tmp_path / "x.db").write_text("hello")
    sqlite3.connect(tmp_path / "empty.db").execute("CREATE TABLE t (x)").connection.close()
    for name in ("x.db", "empty.db"):
        reader = SqliteReader(tmp_path / name)
        with pytest.raises(ReaderError, match="cannot read"):
            asyncio.run(reader.latest_period())
        asyncio.run(reader.close())


def test_the_reader_opens_the_database_read_only(reader):
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader._conn.execute("DELETE FROM audit")


# ---------------------------------------------------------------- rendering


def test_parts_render_readably():
    assert audit.part_text({"type": "image", "mime": "image/png", "width": 3008, "height": 2000}) == "[image 3008x2000 png]"
    assert audit.part_text({"type": "image", "source": "url", "url": "https://x.test/a.png"}) == "[image url https://x.test/a.png]"
    assert audit.part_text({"type": "audio", "format": "wav", "bytes": 2048}) == "[audio wav 2,048 bytes]"
    assert audit.part_text({"type": "file", "filename": "a.pdf"}) == "[file a.pdf]"
    assert audit.part_text({"type": "tokens", "count": 5}) == "[5 token ids]"
    assert audit.part_text({"type": "refusal", "text": "no"}) == "[refusal] no"


def test_control_characters_cannot_drive_the_terminal():
    assert audit.safe("a\x1b[31mb\u202ec\nd") == "a\\u001b[31mb\\u202ec\nd"


def test_show_prints_the_stored_conversation_with_redactions_tools_filters_and_findings():
    docs, charges = make_docs()
    card = audit.render_show(docs[0], charges[0])
    assert "my card <CREDIT_CARD> thanks" in card
    finding = next(line for line in card.splitlines() if line.startswith("CREDIT_CARD "))
    assert finding.split()[:6] == ["CREDIT_CARD", "0.95", "redact", "message", "0", "part"]
    assert "[8:27]  <CREDIT_CARD>  my card <CREDIT_CARD> thanks" in finding  # placeholder, then stored context
    assert "cost       0.0015 USD" in card and "user user-1 (Ana Silva)" in card
    rich = audit.render_show(docs[5])
    assert "[image 3008x2000 png, detail high]  (not screened by DLP)" in rich
    assert "→ tool call lookup({\"q\": \"x\"})  (id call_1)" in rich
    assert "[3] tool → result of call_1" in rich
    assert "\x1b" not in rich and "\\u001b[31mthis" in rich
    assert "kept as received" in rich and "not screened: message 0 part 1 (image, media)" in rich
    assert "mail jo@contoso.com about" in next(l for l in rich.splitlines() if l.startswith("EMAIL_ADDRESS "))
    hit = audit.render_show(docs[1])
    assert "content filter: hate FILTERED (high) (checked: violence)" in hit and "filtered   yes" in hit
    blocked = audit.render_show(docs[4])
    assert "error: content_filter: blocked" in blocked and "findings truncated" in blocked
    off = audit.render_show(docs[2])
    assert "not screened (DLP was off" in off and "finish content_filter" in off


def test_search_table_lists_the_matches_with_app_cost_center_and_what_the_filter_did():
    docs, _ = make_docs()
    rows = [{"request_id": d["request_id"], "time": d["time"], "caller.user_id": d["caller"]["user_id"],
             "caller.app_id": d["caller"]["app_id"], "caller.cost_center": d["caller"]["cost_center"],
             "model": d["model"], "dlp.verdict": (d["dlp"] or {}).get("verdict"),
             "dlp.counts.by_entity": ((d["dlp"] or {}).get("counts") or {}).get("by_entity"),
             "choices": d["choices"], "prompt_filter": d["prompt_filter"], "error": d["error"]} for d in docs]
    text = audit.render_search(rows, 4, AuditFilters(user="user-1"), "test")
    lines = text.splitlines()
    assert lines[2].split() == ["request_id", "time", "user", "app", "cost_center", "model", "verdict", "entities", "filter"]
    assert "req-1" in text and "CREDIT_CARD" in text and "req-5" not in text  # limited to the first 4 rows
    assert "6 matching conversations (showing the first 4; use --limit)" in text
    every = audit.render_search(rows, None, AuditFilters(), "t")
    assert "US_SSN x3" in every and "(dlp off)" in every
    by_id = {line.split()[0]: line for line in every.splitlines() if line.startswith("req-")}
    assert by_id["req-2"].split()[2:5] == ["user-2", "app-b", "CC-1"] and by_id["req-2"].endswith("hate")
    assert by_id["req-3"].endswith("finish_reason") and by_id["req-4"].endswith("prompt:jailbreak")
    assert by_id["req-5"].endswith("error") and by_id["req-1"].endswith("-")
