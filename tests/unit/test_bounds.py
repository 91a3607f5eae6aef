"""What an event claims never sizes our work or our documents: the bounds, one by one."""

import gzip
import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aoai_logpipe.core import jsontext
from aoai_logpipe.core.assemble import Assembler, AssemblyLimits, Conversation
from aoai_logpipe.core.decode import DecodeConfig, decode
from aoai_logpipe.core.limits import EARLIEST, IDENTITY_CHARS, UsageLimits, bounded, plausible_time
from aoai_logpipe.core.pipeline import Pipeline, PipelineConfig
from aoai_logpipe.core.types import Dialect, EndInfo, Position, RawEvent, Usage
from aoai_logpipe.io.replay import ReplaySource

P0 = Position("0", "0", 0)


def raw(body, seq=0, enqueued=None):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return RawEvent(data, Position("0", str(seq), seq, enqueued))


def v1(kind, rid="r", **fields):
    return {"schema": "aoai-logpipe/v1", "type": kind, "request_id": rid, "time": "2026-10-01T00:00:00Z", **fields}


# ------------------------------------------------------------------ claimed sizes


def test_missing_seqs_follow_the_chunks_received_not_the_count_claimed():
    conv = Conversation("k", Dialect.V1, "r", P0, None, P0, None, None)
    conv.chunks = {0: "a", 10**18: "b"}
    assert conv.missing_seqs() == list(range(1, 1001))  # from 10**18 claimed by a far seq
    conv.end = EndInfo(200, 10**18)
    assert conv.missing_seqs(limit=5) == [1, 2, 3, 4, 5] and not conv.is_complete()
    conv.chunks = {i: "x" for i in range(3)}
    conv.end = EndInfo(200, 3)
    assert conv.missing_seqs() == [] and conv.gaps() == ["no_request"]


def test_an_event_expands_into_at_most_max_records_per_event_and_one_dead_letter_for_the_rest():
    records = [{"category": "GatewayLlmLogs", "properties": {"correlationId": f"c{i}"}} for i in range(25)] + [0] * 5
    decoded = decode(raw({"records": records}), DecodeConfig(max_records_per_event=10))
    assert len(decoded.fragments) == 10 and [d.reason for d in decoded.dead] == ["too_many_records"]
    excess = json.loads(decoded.dead[0].raw)
    assert len(excess) == 20 and excess[-1] == 0 and decoded.dead[0].record_index == 10


@pytest.mark.parametrize("text", ["x" * (IDENTITY_CHARS + 1), "y" * 7_000_000])
def test_identities_are_bounded_and_stay_distinct(text):
    cut = bounded(text)
    assert len(cut) <= IDENTITY_CHARS and "sha256" in cut and str(len(text)) in cut
    assert bounded(text + "z") != cut and bounded("short") == "short" and bounded(None) is None


def test_v1_identity_fields_and_tags_are_bounded():
    huge = "d" * 10_000  # 500 tags of it stay under the event size limit: the bounds, not the limit, must cut
    body = v1("request", deployment=huge, caller={"user_id": huge, "tags": {f"k{i}": huge for i in range(500)}},
              gateway={"name": huge}, body={})
    request = decode(raw(body)).fragments[0].request
    assert len(request.deployment) <= IDENTITY_CHARS and len(request.caller.user_id) <= IDENTITY_CHARS
    assert len(request.caller.tags) == 64 and all(len(v) <= IDENTITY_CHARS for v in request.caller.tags.values())
    assert len(request.gateway.name) <= IDENTITY_CHARS


# ------------------------------------------------------------------ times


@pytest.mark.parametrize("value", [datetime.min, datetime.max, datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
                                   datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-14))),
                                   datetime(1999, 12, 31, 23, 59, tzinfo=timezone.utc)])
def test_times_outside_the_plausible_window_are_not_times(value):
    assert plausible_time(value) is None


def test_a_time_inside_the_window_is_utc():
    value = plausible_time(datetime(2026, 10, 1, 2, tzinfo=timezone(timedelta(hours=2))))
    assert value == datetime(2026, 10, 1, tzinfo=timezone.utc) and value.tzinfo is timezone.utc
    assert plausible_time(EARLIEST) == EARLIEST


def test_the_assembler_clock_at_the_end_of_time_cannot_overflow():
    asm = Assembler(AssemblyLimits(idle_timeout=timedelta(days=999_999_999)))
    end = datetime.max.replace(tzinfo=timezone.utc)
    for i, rid in enumerate(["a", "b"]):
        (fragment,) = decode(raw(v1("request", rid, body={}), i, end - timedelta(microseconds=1 - i))).fragments
        asm.add(fragment)
    assert asm.advance(end) == [] and asm.open_count == 2


@pytest.mark.parametrize("time", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00+01:00", "1970-01-01T00:00:00Z"])
def test_a_v1_time_outside_the_window_is_an_invalid_event(time):
    decoded = decode(raw({**v1("request", body={}), "time": time}))
    assert [d.reason for d in decoded.dead] == ["invalid_v1_event"] and "time" in decoded.dead[0].message


@pytest.mark.parametrize("field,value", [("seq", "3"), ("seq", True), ("seq", 3.0), ("time", 1790000000)])
def test_v1_numbers_and_times_are_strict_as_the_schema_says(field, value):
    decoded = decode(raw({**v1("chunk", seq=0, data="x"), field: value}))
    assert [d.reason for d in decoded.dead] == ["invalid_v1_event"] and field in decoded.dead[0].message


# ------------------------------------------------------------------ numbers and text


@pytest.mark.parametrize("text", ['{"n": ' + "1" * 5000 + "}", '{"n": 1e999}', '{"n": -1e400}', '{"n": NaN}'])
def test_numbers_nothing_can_store_are_invalid_json(text):
    with pytest.raises(jsontext.JsonRejected) as err:
        jsontext.loads(text, max_bytes=1 << 20)
    assert err.value.reason == "invalid_json"


class _Refused(ValueError):
    pass


def _refuse(value):
    raise _Refused(value)


# The standard decoder, refusing what ours refuses (NaN, Infinity, floats that overflow).
_REFERENCE = json.JSONDecoder(parse_constant=_refuse, parse_float=lambda t: float(t) if abs(float(t)) != float("inf") else _refuse(t))
_JSONISH = st.text(alphabet=' \t\n\r\ufeff{}[]",:0123456789-+.eEtruefalsnulx\\', max_size=40)
_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3))


@given(st.one_of(_JSONISH, st.tuples(st.sampled_from(["", " ", "\n"]), _VALUES.map(json.dumps), st.sampled_from(["", " \r\n", "x", " 1"])).map("".join)))
def test_the_strict_reader_reads_and_rejects_what_the_standard_decoder_does(text):
    try:
        expected = _REFERENCE.decode(text)
    except json.JSONDecodeError as exc:
        with pytest.raises(jsontext.JsonRejected) as err:
            jsontext.loads(text, max_bytes=1 << 20)
        assert (err.value.reason, str(err.value)) == ("invalid_json", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
    except _Refused:
        with pytest.raises(jsontext.JsonRejected) as err:
            jsontext.loads(text, max_bytes=1 << 20)
        assert err.value.reason == "invalid_json"
    else:
        assert jsontext.loads(text, max_bytes=1 << 20) == expected


@given(st.binary(max_size=12), st.booleans())
def test_bytes_are_read_as_utf8_after_one_optional_bom(data, bom):
    data = (b"\xef\xbb\xbf" if bom else b"") + b'"' + data + b'"'
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        with pytest.raises(jsontext.JsonRejected) as err:
            jsontext.loads(data, max_bytes=100)
        assert (err.value.reason, str(err.value)) == ("invalid_utf8", f"payload is not UTF-8 (byte {exc.start})")
    else:
        try:
            expected = jsontext.loads(text, max_bytes=100)
        except jsontext.JsonRejected as exc:
            with pytest.raises(jsontext.JsonRejected) as err:
                jsontext.loads(data, max_bytes=100)
            assert str(err.value) == str(exc)
        else:
            assert jsontext.loads(data, max_bytes=100) == expected


def test_lone_surrogates_are_replaced_everywhere_and_counted():
    text = '{"a\\ud800": ["x\\udfff", {"b": "\\ud83d\\ude00 \\ud83d"}], "deep": ' + "[" * 500 + '"\\udc00"' + "]" * 500 + "}"
    with jsontext.repairs() as outer:
        with jsontext.repairs() as inner:
            value = jsontext.loads(text, max_bytes=1 << 20)
    dumped = json.dumps(value, ensure_ascii=False)
    dumped.encode("utf-8")  # storable
    assert "a\ufffd" in value and value["a\ufffd"][0] == "x\ufffd" and value["a\ufffd"][1]["b"] == "\U0001F600 \ufffd"
    assert inner.count == 4 and outer.count == 4


def test_escaped_backslash_u_is_text_not_a_repair():
    with jsontext.repairs() as scope:
        assert jsontext.loads('"\\\\ud800"', max_bytes=100) == "\\ud800"
    assert scope.count == 0


# ------------------------------------------------------------------ plausibility


def test_implausible_usage_is_named():
    limits = UsageLimits(max_prompt_tokens=100, max_completion_tokens=10)
    assert limits.implausible(Usage(100, 10, 110)) is None
    assert "prompt" in limits.implausible(Usage(101, 0, 101))
    assert "completion" in limits.implausible(Usage(1, 0, 1, reasoning_tokens=11))
    assert limits.implausible(None) is None


def test_implausible_usage_is_estimated_flagged_and_never_priced(estimator, prices):
    pipe = Pipeline(estimator, prices, PipelineConfig())
    body = {"model": "gpt-4o", "choices": [{"index": 0, "message": {"content": "ok"}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10**30, "completion_tokens": 1, "total_tokens": 10**30 + 1}}
    out = pipe.process([raw(v1("request", body={"messages": [{"role": "user", "content": "hi"}]})),
                        raw(v1("response", status=200, body=body), 1)])
    (cb,), (audit,) = out.chargeback, out.audit
    assert cb["cost"] == {**cb["cost"], "priced": False, "total": None, "reason": "implausible_usage"}
    assert cb["usage_source"] == "estimated" and cb["usage"]["prompt_tokens"] < 100 and cb["reported"] is None
    assert "implausible_usage" in audit["assembly"]["gaps"]
    assert pipe.stats.implausible_usage == 1 and not pipe.stats.cost and pipe.stats.prompt_tokens < 100


# ------------------------------------------------------------------ the replay reader


def test_bom_and_broken_envelopes_never_stop_the_reader(tmp_path):
    lines = [b"\xef\xbb\xbf" + json.dumps({"enqueued_time": "2026-10-01T00:00:00Z", "body": {"a": 1}}).encode(),
             b'{"body":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
             b'{"enqueued_time":"0001-01-01T00:00:00+01:00","body":{}}',
             b'{"body":{"n":' + b"9" * 5000 + b"}}",
             json.dumps({"body": {"s": "\ud800"}}).encode()]
    (tmp_path / "p.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    source = ReplaySource.from_paths([tmp_path])
    events = [e for b in source.batches() for e in b.events]
    assert events[0].body == b'{"a":1}' and events[0].position.enqueued_time is not None
    assert [e.body for e in events[1:4]] == lines[1:4] and source.malformed_envelopes == 3
    assert events[4].body == b'{"s":"\\ud800"}' and not source.problems


def test_a_truncated_gzip_yields_what_it_holds_then_a_problem(tmp_path):
    data = gzip.compress(b"".join(json.dumps({"i": i}).encode() + b"\n" for i in range(5000)))
    (tmp_path / "p.jsonl.gz").write_bytes(data[: len(data) // 2])
    source = ReplaySource.from_paths([tmp_path], batch_size=100)
    batches = list(source.batches())
    read = sum(len(b.events) for b in batches)
    assert 0 < read < 5000 and batches[-1].last and batches[-1].problem is source.problems[0]
    problem = batches[-1].problem
    assert problem.position.sequence_number == read and "p.jsonl.gz" in problem.message
    assert "EOFError" in problem.message


def test_batches_are_bounded_in_bytes(tmp_path):
    (tmp_path / "p.jsonl").write_bytes((b'"' + b"x" * 1000 + b'"\n') * 100)
    source = ReplaySource(ReplaySource.from_paths([tmp_path]).files, batch_size=500, max_batch_bytes=10_000)
    assert [len(b.events) for b in source.batches()] == [10] * 10 + [0]
