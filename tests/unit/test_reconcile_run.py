"""`reconcile --run`: reading what a load test sent, and matching it with the charged documents."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from aoai_logpipe.loadtest import sent as sentlog
from aoai_logpipe.loadtest.sent import Sent, SentLogError, Tokens
from aoai_logpipe.reports import runs

T0 = datetime(2026, 12, 3, 6, 0, 0, tzinfo=UTC)
RUN = "lt-42"


def sent(rid, usage=(10, 5, 15), ok=True, second=0):
    return Sent(rid, T0.replace(second=second), Tokens(*usage) if usage else None, ok)


def doc(rid, usage=(10, 5, 15), run=RUN, tagged=True, ts=None, doc_id=None):
    return {"id": doc_id or f"cb-{rid}", "request_id": f"gw-{rid}" if tagged else rid, "time": "2026-12-03T06:00:00Z",
            "usage": None if usage is None else dict(zip(("prompt_tokens", "completion_tokens", "total_tokens"), usage)),
            "usage_source": "reported", "tags.loadtest_run": run if tagged else None,
            "tags.loadtest_request": rid if tagged else None, "_ts": ts}


def test_every_request_charged_once_gives_the_line_scripts_read():
    report = runs.analyse(RUN, [sent("a"), sent("b")], [doc("a"), doc("b")])
    assert report.summary_line() == "2 sent, 2 charged exactly once, 0 missing, 0 duplicated, 0 token mismatches"
    assert report.clean and report.problems == []


def test_a_request_without_a_document_is_missing():
    report = runs.analyse(RUN, [sent("a"), sent("b")], [doc("a")])
    assert (report.missing, report.exactly_once) == (1, 1)
    assert [(p.request_id, p.problem) for p in report.problems] == [("b", "missing")]


def test_a_request_with_two_documents_is_duplicated_not_charged_once():
    report = runs.analyse(RUN, [sent("a")], [doc("a", doc_id="cb-1"), doc("a", doc_id="cb-2")])
    assert (report.duplicated, report.exactly_once) == (1, 0)
    assert report.problems[0].row()[4] == "cb-1 cb-2"


def test_charged_tokens_that_differ_from_what_the_client_saw_are_a_mismatch():
    report = runs.analyse(RUN, [sent("a", (10, 5, 15))], [doc("a", (10, 6, 16))])
    assert (report.exactly_once, report.token_mismatches) == (1, 1)
    row = dict(zip(runs.PROBLEM_COLUMNS, report.problems[0].row()))
    assert (row["expected_completion"], row["charged_completion"]) == (5, 6)


def test_a_request_whose_usage_the_client_never_saw_is_not_compared():
    report = runs.analyse(RUN, [sent("a", usage=None, ok=False)], [doc("a", (1, 2, 3))])
    assert report.token_mismatches == 0 and report.failed_at_client == 1 and report.clean


def test_documents_match_by_request_id_when_the_gateway_stamped_no_request_tag():
    report = runs.analyse(RUN, [sent("req-1")], [doc("req-1", tagged=False)])
    assert report.exactly_once == 1


def test_a_document_tagged_with_the_run_but_never_sent_is_unexpected():
    report = runs.analyse(RUN, [sent("a")], [doc("a"), doc("ghost")])
    assert report.unexpected == 1 and not report.clean
    assert [p.problem for p in report.problems] == ["unexpected"]


def test_documents_of_other_runs_and_other_traffic_are_ignored():
    report = runs.analyse(RUN, [sent("a")], [doc("a"), doc("x", run="other-run"), doc("y", tagged=False)])
    assert report.clean and report.unexpected == 0


def test_delay_percentiles_come_from_the_document_write_time():
    requests = [sent(f"r{i}", second=0) for i in range(20)]
    docs = [doc(f"r{i}", ts=T0.timestamp() + 1 + i) for i in range(20)]  # 1 .. 20 s
    report = runs.analyse(RUN, requests, docs)
    assert (report.delay(0.5), report.delay(0.95)) == (10.0, 19.0)
    assert "p50 10 s, p95 19 s" in runs.render_text(report)


def test_without_write_times_the_delay_is_reported_as_not_available():
    report = runs.analyse(RUN, [sent("a")], [doc("a")])
    assert "not available" in runs.render_text(report) and runs.to_json(report)["delay_s"]["p50"] is None


def test_the_problems_csv_has_a_header_and_one_row_per_problem():
    report = runs.analyse(RUN, [sent("a"), sent("b"), sent("c", (1, 1, 2))], [doc("a"), doc("c", (1, 2, 3))])
    rows = list(csv.DictReader(io.StringIO(runs.problems_csv(report))))
    assert [(r["request_id"], r["problem"]) for r in rows] == [("b", "missing"), ("c", "token_mismatch")]
    assert rows[0]["sent_time"] == "2026-12-03T06:00:00.000Z"


def test_the_store_is_read_in_a_window_around_the_sent_times():
    sel = runs.window([sent("a", second=0), sent("b", second=30)])
    assert (sel.time_from, sel.time_to) == ("2026-12-03T05:45:00", "2026-12-03T06:15:30")


# --------------------------------------------------------------------------- sent logs


def test_a_loadgen_manifest_is_read_line_by_line():
    lines = [json.dumps({"run": RUN, "request_id": "r1", "time": "2026-12-03T06:00:00.250Z", "dialect": "v1",
                         "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}}),
             "", json.dumps({"run": RUN, "request_id": "r2", "time": "2026-12-03T06:00:01Z", "usage": None})]
    got = sentlog.parse_manifest(lines)
    assert got == [Sent("r1", datetime(2026, 12, 3, 6, 0, 0, 250000, tzinfo=UTC), Tokens(3, 4, 7)),
                   Sent("r2", datetime(2026, 12, 3, 6, 0, 1, tzinfo=UTC), None)]


def test_a_broken_manifest_line_is_a_user_error_naming_the_line():
    with pytest.raises(SentLogError, match="line 2"):
        sentlog.parse_manifest(['{"request_id": "a", "time": "2026-12-03T06:00:00Z"}', "{not json"])


JTL = """timeStamp,elapsed,label,responseCode,responseMessage,threadName,success,bytes,loadtest_run,loadtest_request,prompt_tokens,completion_tokens,total_tokens
1764741600000,120,Get Entra ID token,200,OK,Users 1-1,true,900,lt-42,null,null,null,null
1764741600500,800,chat completion,200,OK,Users 1-1,true,2100,lt-42,lt-42-1-1,31,12,43
1764741601500,30000,chat completion (stream),429,Too Many Requests,Users 1-1,false,0,lt-42,lt-42-1-2,null,null,null
1764741602000,700,chat completion,200,OK,Users 1-1,true,2100,other,other-1-1,1,1,2
"""


def test_a_jmeter_jtl_gives_the_chat_requests_with_their_usage_and_skips_the_token_request():
    got = sentlog.parse_results_csv(io.StringIO(JTL), RUN)
    assert [(s.request_id, s.usage, s.ok) for s in got] == [("lt-42-1-1", Tokens(31, 12, 43), True),
                                                             ("lt-42-1-2", None, False)]
    assert got[0].time == datetime(2025, 12, 3, 6, 0, 0, 500000, tzinfo=UTC)


def test_a_results_file_without_the_kit_columns_is_a_user_error():
    with pytest.raises(SentLogError, match="loadtest_request"):
        sentlog.parse_results_csv(io.StringIO("timeStamp,elapsed,label\n1,2,x\n"))


def test_the_locust_log_uses_the_same_columns():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(sentlog.LOG_COLUMNS)
    writer.writerow(["2026-12-03T06:00:00.100Z", 450, "chat", 200, "true", RUN, "u1-7", 9, 8, 17])
    got = sentlog.parse_results_csv(io.StringIO(out.getvalue()), RUN)
    assert got == [Sent("u1-7", datetime(2026, 12, 3, 6, 0, 0, 100000, tzinfo=UTC), Tokens(9, 8, 17))]


@pytest.mark.parametrize("run", ["", "../etc", "a b", "x" * 65, "-leading-dash"])
def test_run_ids_that_could_not_name_a_file_are_refused(run):
    with pytest.raises(SentLogError):
        sentlog.check_run_id(run)


def test_a_missing_log_file_is_a_user_error(tmp_path):
    with pytest.raises(SentLogError, match="does not exist"):
        sentlog.read(tmp_path / "nope.jsonl", "manifest")
