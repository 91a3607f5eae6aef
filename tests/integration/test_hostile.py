"""Hostile input through the real `run` path: each case is a replay directory, run by the CLI in
a child process into SQLite, as a skeptical user would try it.

Every case must exit 0 with no traceback, account for every event (read = into conversations +
dead-lettered), leave nothing open after the end of input, stay under 1 GB of peak RSS (measured
for that child alone with wait4), and keep the well-formed conversation that rides along in the
same file. Cases are generated per class (claimed sizes, datetime limits, containment, lone
surrogates, damaged replay files, plausibility, records per event, identity sizes, small data
issues), and some add checks of their own.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import sqlite3
import struct
import subprocess
import sys
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]
V1 = "aoai-logpipe/v1"
T0 = "2026-10-01T12:00:00Z"
MB = 1024 * 1024
RSS_LIMIT_MB = 1024


def v1(kind: str, rid: str, time: str = T0, **fields: Any) -> dict:
    return {"schema": V1, "type": kind, "request_id": rid, "time": time, **fields}


def line(obj: Any) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode() + b"\n"


def envelope(body: Any, enqueued: str = T0) -> bytes:
    return line({"enqueued_time": enqueued, "body": body})


def request(rid: str, content: Any = "What is our refund policy?", **fields: Any) -> dict:
    return v1("request", rid, deployment="gpt-4o", caller={"user_id": "u-1", "cost_center": "CC-1"},
              body={"messages": [{"role": "user", "content": content}], "stream": True}, **fields)


def response(rid: str, usage: dict | None = None, **fields: Any) -> dict:
    body = {"id": f"chatcmpl-{rid}", "object": "chat.completion", "model": "gpt-4o-2024-11-20",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "Thirty days."}, "finish_reason": "stop"}],
            "usage": usage or {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}}
    return v1("response", rid, status=200, body={**body, **fields})


def sse(*objs: Any) -> str:
    return "".join(f"data: {o if isinstance(o, str) else json.dumps(o)}\n\n" for o in objs) + "data: [DONE]\n\n"


def delta(text: str, index: int = 0) -> dict:
    return {"id": "c1", "model": "gpt-4o-2024-11-20", "choices": [{"index": index, "delta": {"content": text}}]}


GOOD = "good-neighbour"
GOOD_LINES = line(request(GOOD)) + line(response(GOOD))


def apim(records: list[dict]) -> bytes:
    return line({"records": records})


def llm_record(cid: str, seq: int = 0, time: str = T0, **props: Any) -> dict:
    base = {"correlationId": cid, "requestId": cid, "modelName": "gpt-4o-2024-11-20", "deploymentName": "gpt-4o",
            "promptTokens": 10, "completionTokens": 2, "totalTokens": 12, "sequenceNumber": seq,
            "requestMessages": [{"role": "user", "content": "hi"}], "responseMessages": [{"role": "assistant", "content": "yo"}]}
    return {"time": time, "category": "GatewayLlmLogs", "properties": {**base, **props}}


def gateway_record(cid: str, headers: dict | None = None, time: str = T0) -> dict:
    return {"time": time, "category": "GatewayLogs",
            "properties": {"correlationId": cid, "apimSubscriptionId": "sub-1", "responseCode": 200,
                           "requestHeaders": headers or {"x-caller-oid": "oid-1"}}}


def png(width: int, height: int) -> bytes:
    header = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", width, height) + b"\x08\x06\x00\x00\x00"
    return header + struct.pack(">I", zlib.crc32(header[12:]) & 0xFFFFFFFF)


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


Check = Callable[["Run"], None]


@dataclass
class Case:
    name: str
    cls: str
    files: dict[str, bytes]
    check: Check | None = None
    dlp: str = "off"
    good: bool = True  # the file holds the well-formed neighbour conversation
    args: list[str] = field(default_factory=list)


@dataclass
class Run:
    case: Case
    code: int
    stdout: str
    stderr: str
    rss_mb: float
    db: Path

    @property
    def summary(self) -> dict:
        return json.loads(self.stdout)

    def docs(self, table: str) -> list[dict]:
        with sqlite3.connect(self.db) as conn:
            return [json.loads(d) for (d,) in conn.execute(f"SELECT doc FROM {table}")]

    def audit(self, request_id: str) -> dict:
        return next(d for d in self.docs("audit") if d["request_id"] == request_id)

    def chargeback(self, request_id: str) -> dict:
        return next(d for d in self.docs("chargeback") if d["request_id"] == request_id)

    def reasons(self) -> list[str]:
        return [d["reason"] for d in self.docs("deadletters")]


def p0(*chunks: bytes, good: bool = True) -> dict[str, bytes]:
    return {"p0.jsonl": b"".join(chunks) + (GOOD_LINES if good else b"")}


# ------------------------------------------------------------------ checks shared by several cases


def has_reason(*reasons: str) -> Check:
    def check(run: Run) -> None:
        found = run.reasons()
        for reason in reasons:
            assert reason in found, (reason, found)
    return check


def no_internal_error(run: Run) -> None:
    assert "internal_error" not in run.reasons(), run.reasons()


def all_of(*checks: Check) -> Check:
    def check(run: Run) -> None:
        for c in checks:
            assert c(run) is not False, c
    return check


def gap(rid: str, code: str) -> Check:
    def check(run: Run) -> None:
        assert code in run.audit(rid)["assembly"]["gaps"], run.audit(rid)["assembly"]
    return check


def stored_text_is_utf8(run: Run) -> None:
    with sqlite3.connect(run.db) as conn:
        for table in ("chargeback", "audit", "deadletters"):
            for (doc,) in conn.execute(f"SELECT CAST(doc AS BLOB) FROM {table}"):
                doc.decode("utf-8")  # strict: a lone surrogate cannot have been stored


def unpriced_implausible(rid: str) -> Check:
    def check(run: Run) -> None:
        cb = run.chargeback(rid)
        assert cb["cost"]["priced"] is False and cb["cost"]["reason"] == "implausible_usage", cb["cost"]
        assert cb["usage_source"] == "estimated" and cb["usage"]["prompt_tokens"] < 10**6, cb["usage"]
        assert "implausible_usage" in run.audit(rid)["assembly"]["gaps"]
        assert run.summary["implausible_usage"] >= 1
    return check


def identity_bounded(field_path: tuple[str, ...], rid: str) -> Check:
    def check(run: Run) -> None:
        doc = run.chargeback(rid)
        value = doc
        for part in field_path:
            value = value[part]
        assert isinstance(value, str) and len(value) <= 256 and "sha256" in value, (field_path, str(value)[:80])
        assert os.path.getsize(run.db) < 8 * MB
    return check


def problem_recorded(events_before: int) -> Check:
    def check(run: Run) -> None:
        letters = [d for d in run.docs("deadletters") if d["reason"] == "unreadable_input"]
        assert len(letters) == 1 and "p1.jsonl.gz" in letters[0]["message"], letters
        assert run.summary["dead_letters"]["unreadable_input"] == 1
        assert run.summary["events"] >= events_before + 1
    return check


# ------------------------------------------------------------------ the cases, by class


def claimed_sizes() -> list[Case]:
    chunk = lambda rid, seq, data="data: x\n\n": v1("chunk", rid, seq=seq, data=data)  # noqa: E731
    spread = b"".join(line(chunk("spread", s * 10**12)) for s in range(2000))
    pieces = b"".join(apim([llm_record("split", seq=i, requestMessages=[{"content": "x" * 200}] if i else
                                       [{"role": "user", "content": "start"}], responseMessages=[] if i else None)
                            for i in range(e * 500, e * 500 + 500)])
                      for e in range(40))  # one message in 20,000 pieces over 40 events
    return [
        Case("end_claims_1e18_chunks", "claimed_size",
             p0(line(request("big-end")), line(chunk("big-end", 0)), line(v1("end", "big-end", status=200, chunks=10**18))),
             check=lambda r: r.audit("big-end")["assembly"]["missing_seqs"][:2] == [1, 2]),
        Case("chunk_seq_1e18_without_end", "claimed_size", p0(line(request("far-seq")), line(chunk("far-seq", 10**18)))),
        Case("seq_and_end_near_int64", "claimed_size",
             p0(line(chunk("i64", 2**63 - 1)), line(v1("end", "i64", status=200, chunks=2**63)))),
        Case("two_thousand_seqs_spread_over_1e15", "claimed_size",
             p0(line(request("spread")), spread, line(v1("end", "spread", status=200, chunks=10**15)))),
        Case("apim_sequence_number_1e18", "claimed_size",
             p0(apim([llm_record("far-apim", seq=10**18), llm_record("far-apim", seq=1), gateway_record("far-apim")]))),
        Case("choice_and_tool_index_1e18", "claimed_size",
             p0(line(request("idx")), line(v1("response", "idx", status=200, data=sse(
                 delta("a", index=10**18),
                 {"id": "c1", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 10**18, "function": {"arguments": "{}"}}]}}]})))),
             check=lambda r: all(c["index"] < 2**31 for c in r.audit("idx")["choices"])),
        Case("png_claims_4_billion_pixels_square", "claimed_size",
             p0(line(request("pixels", content=[{"type": "image_url", "image_url": {
                 "url": "data:image/png;base64," + base64.b64encode(png(2**32 - 1, 2**32 - 1)).decode()}}])))),
        Case("apim_message_in_20000_pieces", "claimed_size", p0(pieces, apim([gateway_record("split")])),
             check=lambda r: len(r.audit("split")["messages"][0]["parts"][0]["text"]) == 5 + 200 * 19_999),
    ]


def datetimes() -> list[Case]:
    return [
        Case("v1_time_year_9999", "datetime", p0(line(request("y9999", time="9999-12-31T23:59:59Z")),
                                                  line(response("y9999", time="9999-12-31T23:59:59Z"))),
             check=has_reason("invalid_v1_event")),
        Case("v1_time_year_1_east_of_utc", "datetime", p0(line(request("y1", time="0001-01-01T00:00:00+01:00"))),
             check=has_reason("invalid_v1_event")),
        Case("envelope_enqueued_at_the_end_of_time", "datetime",
             {"p0.jsonl": envelope(request("late-enq"), "9999-12-31T23:59:59.999999+00:00")
              + envelope(response("late-enq"), "9999-12-31T23:59:59.999999+00:00")
              + envelope(request(GOOD)) + envelope(response(GOOD))}),
        Case("envelope_enqueued_before_year_1", "datetime",
             {"p0.jsonl": envelope(request("early-enq"), "0001-01-01T00:00:00+14:00") + envelope(request(GOOD))
              + envelope(response(GOOD))}),
        Case("apim_and_legacy_times_at_the_limits", "datetime",
             p0(apim([llm_record("t-apim", time="9999-12-31T23:59:59Z"), gateway_record("t-apim", time="0001-01-01T00:00:00-01:00")]),
                line({"event-type": "Request", "message-id": "t-pair", "event-time": "12/31/9999 11:59:59 PM",
                      "messages": "[]"}))),
    ]


def containment() -> list[Case]:
    big = "1" * 5000
    return [
        Case("5000_digit_integer_in_an_event", "containment",
             p0(b'{"schema":"aoai-logpipe/v1","type":"end","request_id":"digits","time":"' + T0.encode()
                + b'","chunks":' + big.encode() + b"}\n"),
             check=all_of(has_reason("invalid_json"), no_internal_error)),
        Case("5000_digit_integer_in_sse_flushed_at_end_of_input", "containment",
             p0(line(request("flush-digits")), line(v1("chunk", "flush-digits", seq=0,
                                                       data='data: {"choices":[{"index":0,"delta":{"content":"x"}}],"n":' + big + "}\n\n"))),
             check=all_of(no_internal_error, gap("flush-digits", "invalid_sse_events"))),
        Case("float_overflow_in_usage_and_tools", "containment",
             p0(b'{"schema":"aoai-logpipe/v1","type":"request","request_id":"inf","time":"' + T0.encode()
                + b'","body":{"messages":[],"tools":[{"x":1e999}]}}\n'),
             check=has_reason("invalid_json")),
        Case("many_conversations_closed_by_one_bad_clock", "containment",
             p0(*(line(request(f"open-{i}")) for i in range(50)), line(request("clock", time="9999-12-31T23:59:59.999999Z"))),
             check=lambda r: r.summary["conversations_incomplete"] >= 50),
    ]


def surrogates() -> list[Case]:
    lone = "\ud800"
    return [
        Case("lone_surrogate_in_a_prompt", "surrogate", p0(line(request("sur-prompt", content=f"a{lone}b"))), dlp="pattern",
             check=all_of(stored_text_is_utf8, gap("sur-prompt", "text_repaired"))),
        Case("lone_surrogate_in_a_stream_delta", "surrogate",
             p0(line(request("sur-delta")), line(v1("chunk", "sur-delta", seq=0, data=sse(delta("\udfff!")))),
                line(v1("end", "sur-delta", status=200, chunks=1))), dlp="pattern",
             check=all_of(stored_text_is_utf8, gap("sur-delta", "text_repaired"))),
        Case("lone_surrogate_in_identity_fields", "surrogate",
             p0(line(v1("request", "sur-id", deployment=f"dep{lone}", caller={"user_id": f"u{lone}"}, body={"messages": []})),
                line(response("sur-id"))),
             check=all_of(stored_text_is_utf8, lambda r: r.chargeback("sur-id")["user_id"] == "u\ufffd")),
        Case("lone_surrogate_in_a_key_of_tools", "surrogate",
             p0(line(v1("request", "sur-key", body={"messages": [], "tools": [{f"k{lone}": 1}]}))), check=stored_text_is_utf8),
        Case("lone_surrogate_in_embedded_apim_messages", "surrogate",
             p0(apim([llm_record("sur-apim", requestMessages=json.dumps([{"role": "user", "content": f"x{lone}"}])),
                      gateway_record("sur-apim")])), dlp="pattern", check=stored_text_is_utf8),
        Case("lone_surrogate_in_envelope_bodies", "surrogate",
             {"p0.jsonl": envelope(request("sur-env", content=f"e{lone}")) + envelope(json.dumps(response("sur-env")) [:-1] + f',"x":"{lone}"}}')
              + envelope(request(GOOD)) + envelope(response(GOOD))}, check=stored_text_is_utf8),
    ]


def replay_files() -> list[Case]:
    good_gz = gz(GOOD_LINES * 1 + b"".join(line(request(f"pre-{i}")) for i in range(30)))
    stream = gz(b"".join(line(request(f"t-{i}")) + line(response(f"t-{i}")) for i in range(400)))
    flipped = bytearray(stream)
    for i in range(len(flipped) // 2, len(flipped) // 2 + 64):
        flipped[i] ^= 0x5A
    bad_crc = bytearray(gz(b"".join(line(request(f"c-{i}")) for i in range(10))))
    bad_crc[-8] ^= 0xFF
    return [
        Case("envelope_nesting_100k_deep", "replay", {"p0.jsonl": b'{"body":' + b"[" * 100_000 + b"]" * 100_000 + b"}\n" + GOOD_LINES},
             check=all_of(has_reason("invalid_json"), no_internal_error)),
        Case("envelope_with_a_5000_digit_integer", "replay",
             {"p0.jsonl": b'{"enqueued_time":"' + T0.encode() + b'","body":{"n":' + b"9" * 5000 + b"}}\n" + GOOD_LINES}),
        Case("envelope_with_float_overflow", "replay", {"p0.jsonl": envelope({"schema": V1}) .replace(b'"schema"', b'"x":1e999,"schema"') + GOOD_LINES}),
        Case("gzip_truncated_mid_stream", "replay", {"p0.jsonl": GOOD_LINES, "p1.jsonl.gz": stream[: len(stream) // 2]},
             check=problem_recorded(1)),
        Case("gzip_with_corrupt_deflate_data", "replay", {"p0.jsonl": GOOD_LINES, "p1.jsonl.gz": bytes(flipped)},
             check=problem_recorded(0)),
        Case("gzip_with_a_bad_crc", "replay", {"p0.jsonl": GOOD_LINES, "p1.jsonl.gz": bytes(bad_crc)}, check=problem_recorded(0)),
        Case("not_gzip_at_all", "replay", {"p0.jsonl.gz": good_gz, "p1.jsonl.gz": b"PK\x03\x04 this is a zip"},
             check=problem_recorded(0), good=True),
        Case("byte_order_marks_before_lines", "replay",
             {"p0.jsonl": b"\xef\xbb\xbf" + envelope(request(GOOD)) + b"\xef\xbb\xbf" + envelope(response(GOOD))},
             check=lambda r: r.summary["dead_letters"] == {} and r.audit(GOOD)["completeness"] == "complete"),
    ]


def plausibility() -> list[Case]:
    huge = "d" * (7 * MB)
    return [
        Case("prompt_tokens_1e30", "plausibility",
             p0(line(request("tok30")), line(response("tok30", usage={"prompt_tokens": 10**30, "completion_tokens": 1, "total_tokens": 10**30 + 1}))),
             check=unpriced_implausible("tok30")),
        Case("apim_prompt_tokens_1e15", "plausibility",
             p0(apim([llm_record("tok15", promptTokens=10**15, totalTokens=10**15), gateway_record("tok15")])),
             check=unpriced_implausible("tok15")),
        Case("completion_tokens_1e12_in_a_stream_usage_chunk", "plausibility",
             p0(line(request("tok12")), line(v1("response", "tok12", status=200, data=sse(
                 delta("hi"), {"id": "c1", "choices": [], "usage": {"prompt_tokens": 5, "completion_tokens": 10**12, "total_tokens": 10**12 + 5}})))),
             check=unpriced_implausible("tok12")),
        Case("apim_event_of_3m_records", "records",
             {"p0.jsonl": b'{"records":[' + b",".join([b"0"] * 3_000_000) + b"]}\n" + GOOD_LINES},
             check=lambda r: (r.summary["dead_letters"] == {"invalid_apim_record": 1000, "too_many_records": 1}
                              and os.path.getsize(r.db) < 64 * MB)),
        Case("apim_event_of_1001_requests", "records",
             p0(apim([llm_record(f"r-{i}") for i in range(1001)])),
             check=lambda r: r.summary["dead_letters"].get("too_many_records") == 1),
        Case("deployment_of_7mb", "identity", p0(line(v1("request", "dep7", deployment=huge, body={"messages": []})),
                                                 line(response("dep7"))),
             check=identity_bounded(("deployment",), "dep7")),
        Case("apim_user_id_header_of_7mb", "identity",
             p0(apim([llm_record("uid7"), gateway_record("uid7", headers={"x-caller-oid": huge})])),
             check=identity_bounded(("user_id",), "uid7")),
        Case("response_model_of_7mb", "identity", p0(line(request("model7")), line(response("model7", model=huge))),
             check=identity_bounded(("model",), "model7")),
        Case("apim_correlation_id_of_1mb", "identity",
             p0(apim([llm_record("c" * MB), gateway_record("c" * MB)])),
             check=lambda r: max(len(d["request_id"]) for d in r.docs("chargeback")) <= 256),
    ]


def small_data() -> list[Case]:
    body = json.dumps(response("s")["body"])
    return [
        Case("json_string_response_body", "data", p0(line(request("strbody")), line(v1("response", "strbody", status=200, body=body))),
             check=lambda r: (r.audit("strbody")["choices"][0]["text"] == "Thirty days."
                              and r.chargeback("strbody")["usage_source"] == "reported")),
        Case("plain_text_response_body", "data",
             p0(line(request("txtbody")), line(v1("response", "txtbody", status=502, body="Bad gateway: upstream timed out"))),
             check=lambda r: (r.audit("txtbody")["completeness"] == "incomplete"
                              and r.audit("txtbody")["choices"][0]["text"].startswith("Bad gateway")
                              and "response_body_not_json" in r.audit("txtbody")["assembly"]["gaps"])),
        Case("image_url_with_credentials", "data",
             p0(line(request("creds", content=[{"type": "image_url", "image_url": {"url": "https://alice:s3cret@img.example/a.png?sig=x"}}]))),
             check=lambda r: "s3cret" not in json.dumps(r.audit("creds"))),
        Case("data_url_of_7mb_of_stars", "data",
             p0(line(request("stars", content=[{"type": "image_url", "image_url": {"url": "data:image/png;base64," + "*" * (7 * MB)}}]))),
             check=lambda r: r.audit("stars")["messages"][0]["parts"][0].get("invalid") is True),
        Case("coercible_seq_and_epoch_time", "data",
             p0(line(request("coerce")), line(v1("chunk", "coerce", seq="0", data="x")), line(v1("chunk", "coerce", seq=True, data="x")),
                line({**v1("end", "coerce", status=200, chunks=1), "time": 1790000000})),
             check=lambda r: r.summary["dead_letters"].get("invalid_v1_event") == 3),
        Case("random_bytes_and_junk_lines", "data",
             p0(bytes(range(256)).replace(b"\n", b"") + b"\n", b"NaN\n", b'{"records": []}\n', b"[]\n", b'"just a string"\n'),
             check=no_internal_error),
    ]


CASES = claimed_sizes() + datetimes() + containment() + surrogates() + replay_files() + plausibility() + small_data()


def run_case(case: Case, base: Path) -> Run:
    data = base / "in"
    data.mkdir(parents=True)
    for name, content in case.files.items():
        (data / name).write_bytes(content)
    db = base / "db.sqlite"
    env = {**os.environ, "AOAI_LOGPIPE_TIKTOKEN_CACHE_DIR": str(base.parent / "tiktoken")}
    args = [sys.executable, "-m", "aoai_logpipe.cli", "run", "--input", str(data), "--db", str(db), "--dlp", case.dlp,
            "--json", "--no-progress", *case.args]
    with open(base / "stdout", "wb") as out, open(base / "stderr", "wb") as err:
        proc = subprocess.Popen(args, stdout=out, stderr=err, cwd=ROOT, env=env)
        _, status, usage = _wait4(proc, timeout=120)
    code = os.waitstatus_to_exitcode(status)
    return Run(case, code, (base / "stdout").read_text(), (base / "stderr").read_text(errors="replace"),
               usage.ru_maxrss / 1024, db)


def _wait4(proc: subprocess.Popen, timeout: float) -> tuple[int, int, Any]:
    """wait4 for this child alone (its own peak RSS), with a deadline."""

    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return pid, status, usage
        if time.monotonic() > deadline:  # a hang: kill it, and let its case fail (not the others)
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            return pid, status, usage
        time.sleep(0.05)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Run]:
    base = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        futures = {c.name: pool.submit(run_case, c, base / c.name) for c in CASES}
        return {name: f.result() for name, f in futures.items()}


def test_the_suite_covers_every_class_with_forty_cases_or_more():
    classes = {c.cls for c in CASES}
    assert len(CASES) >= 40 and len({c.name for c in CASES}) == len(CASES)
    assert classes >= {"claimed_size", "datetime", "containment", "surrogate", "replay", "plausibility", "records",
                       "identity", "data"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_never_stops_hangs_or_loses_a_run(runs, case):
    run = runs[case.name]
    assert run.code == 0 and "Traceback" not in run.stderr, run.stderr[-3000:]
    s = run.summary
    assert s["events_with_fragments"] + s["events_dead_lettered"] == s["events"] > 0, s
    assert s["fragments_open"] == 0, s
    assert run.rss_mb < RSS_LIMIT_MB, f"peak RSS {run.rss_mb:.0f} MB"
    if case.good:
        assert run.audit(GOOD)["completeness"] == "complete" and run.chargeback(GOOD)["cost"]["priced"]
    if case.check is not None:
        assert case.check(run) is not False, f"{case.name}: its own check failed"  # lambdas return a bool
