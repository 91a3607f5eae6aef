"""Dialect detection and decoding: every event becomes fragments or dead letters, never an exception."""

import json
from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from aoai_logpipe.core.decode import decode
from aoai_logpipe.core.decode.values import parse_time
from aoai_logpipe.core.limits import plausible_time
from aoai_logpipe.core.types import Dialect, FragmentKind, Position, RawEvent
from tests import captures

T = "2026-10-01T10:00:00Z"


def event(body, seq=0):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return RawEvent(raw, Position("0", str(seq), seq, datetime(2026, 10, 1, tzinfo=timezone.utc)))


def v1(kind, **fields):
    return {"schema": "aoai-logpipe/v1", "type": kind, "request_id": "r1", "time": T, **fields}


def test_v1_request_decodes_caller_and_body():
    out = decode(event(v1("request", deployment="gpt-4o", caller={"user_id": "u1", "cost_center": "CC-1"},
                          body={"messages": []})))
    fragment = out.fragments[0]
    assert (fragment.dialect, fragment.kind, fragment.key) == (Dialect.V1, FragmentKind.REQUEST, "v1:r1")
    assert fragment.request.caller.user_id == "u1" and fragment.request.caller.cost_center == "CC-1"


def test_v1_chunk_and_end():
    chunk = decode(event(v1("chunk", seq=3, data="data: {"))).fragments[0]
    end = decode(event(v1("end", status=200, chunks=4))).fragments[0]
    assert (chunk.seq, chunk.chunk) == (3, "data: {") and end.end.chunks == 4


def test_v1_missing_field_is_a_dead_letter_naming_the_field_not_the_value():
    out = decode(event({"schema": "aoai-logpipe/v1", "type": "chunk", "request_id": "r1", "time": T, "data": "SECRET"}))
    assert out.dead[0].reason == "invalid_v1_event" and "seq" in out.dead[0].message and "SECRET" not in out.dead[0].message


def test_unsupported_schema_version():
    assert decode(event({**v1("end", chunks=0), "schema": "aoai-logpipe/v9"})).dead[0].reason == "unsupported_schema"


def test_apim_records_in_any_key_case_join_by_correlation_id():
    llm = {"time": T, "category": "GatewayLlmLogs", "properties": {
        "CorrelationId": "c1", "ModelName": "gpt-4o-2024-11-20", "PromptTokens": "12", "CompletionTokens": 3,
        "TotalTokens": 15, "PromptCachedTokens": 0, "RequestMessages": [{"role": "user", "content": "hi"}],
        "ResponseMessages": [{"role": "assistant", "content": "yo"}], "SequenceNumber": 0}}
    gw = {"time": T, "category": "GatewayLogs", "properties": {
        "correlationId": "c1", "apimSubscriptionId": "sub-1", "responseCode": 200,
        "requestHeaders": {"X-Caller-Oid": "u1", "x-cost-center": "CC-9"}}}
    out = decode(event({"records": [llm, gw]}))
    assert [f.kind for f in out.fragments] == [FragmentKind.LLM_LOG, FragmentKind.GATEWAY_LOG]
    assert {f.key for f in out.fragments} == {"apim:c1"}
    assert out.fragments[0].llm.usage.prompt_tokens == 12
    caller = out.fragments[1].gateway_log.caller
    assert (caller.subscription_id, caller.user_id, caller.cost_center) == ("sub-1", "u1", "CC-9")


def test_apim_bare_array_and_single_record_forms():
    record = {"time": T, "category": "GatewayLogs", "properties": {"correlationId": "c2"}}
    assert len(decode(event([record])).fragments) == 1
    assert len(decode(event(record)).fragments) == 1


def test_apim_record_without_correlation_id_is_dead_lettered_alone():
    good = {"time": T, "category": "GatewayLogs", "properties": {"correlationId": "c3"}}
    bad = {"time": T, "category": "GatewayLogs", "properties": {}}
    out = decode(event({"records": [good, bad]}))
    assert len(out.fragments) == 1 and out.dead[0].record_index == 1


def test_apim_unrelated_category_is_a_dead_letter():
    out = decode(event({"records": [{"time": T, "category": "WebSocketConnectionLogs", "properties": {"correlationId": "c"}}]}))
    assert out.dead[0].reason == "unsupported_category"


def test_legacy_logger_event_is_a_whole_conversation():
    out = decode(event({"Type": "openai-logger", "message_guid": "g1", "prompt": "hi", "completion": "yo",
                        "prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7, "model": "gpt-4o"}))
    assert [f.kind for f in out.fragments] == [FragmentKind.REQUEST, FragmentKind.RESPONSE]
    assert out.fragments[1].response.usage.total_tokens == 7


def test_legacy_pair_with_string_tokens_and_us_locale_time():
    out = decode(event({"event-type": "Response", "event-time": "5/24/2024 2:45:56 PM", "message-id": "m1",
                        "choices": json.dumps([{"message": {"content": "x"}}]), "model": "gpt-35-turbo",
                        "prompt_tokens": "15000", "completion_tokens": "5000", "total_tokens": "20000"}))
    fragment = out.fragments[0]
    assert fragment.time == datetime(2024, 5, 24, 14, 45, 56, tzinfo=timezone.utc)
    assert fragment.response.usage.prompt_tokens == 15000


def _strptime_only(value):
    """parse_time's contract for text that is not ISO 8601: the first US format strptime accepts."""
    for fmt in ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p"):
        try:
            return plausible_time(datetime.strptime(value.strip(), fmt))
        except ValueError:
            continue
    return None


us_digits = st.text(alphabet="0123456789", min_size=1, max_size=3)
us_time = st.tuples(us_digits, us_digits, st.text(alphabet="0123456789", min_size=4, max_size=4), us_digits, us_digits,
                    us_digits, st.sampled_from(["AM", "PM", "am", "Pm", "XM", ""]), st.sampled_from([" ", "  ", "\t"])).map(
    lambda t: f"{t[0]}/{t[1]}/{t[2]}{t[7]}{t[3]}:{t[4]}:{t[5]} {t[6]}")


@given(st.one_of(us_time, st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2110, 1, 1)).map(
    lambda t: f"{t.month}/{t.day}/{t.year} {(t.hour % 12) or 12}:{t.minute:02d}:{t.second:02d} {'AM' if t.hour < 12 else 'PM'}")))
def test_us_locale_times_read_as_strptime_reads_them(value):
    assert parse_time(value) == _strptime_only(value)


def test_usage_record_capture_decodes():
    raw = (captures.require() / "20-apim-eventhub-usage-record-after-stream-analytics.json").read_bytes()
    out = decode(event(raw))
    assert out.dead == []
    request, response = out.fragments
    assert request.request.deployment == "chat" and request.request.caller.product == "AI-Retail"
    assert response.response.usage.prompt_tokens == 15000 and response.response.usage.completion_tokens == 5000
    assert request.time == datetime(2024, 5, 24, 14, 45, 56, tzinfo=timezone.utc)


def test_invalid_json_is_a_dead_letter():
    assert decode(event(b'{"schema": ')).dead[0].reason == "invalid_json"


def test_nan_and_infinity_are_rejected():
    assert decode(event(b'{"schema": "aoai-logpipe/v1", "x": NaN}')).dead[0].reason == "invalid_json"


def test_invalid_utf8_is_a_dead_letter_keeping_the_bytes():
    out = decode(event(b"\xff\xfe\x00"))
    assert out.dead[0].reason == "invalid_utf8" and out.dead[0].raw == b"\xff\xfe\x00"


def test_depth_bomb_is_a_dead_letter():
    assert decode(event(b"[" * 100_000 + b"]" * 100_000)).dead[0].reason in ("invalid_json", "unknown_dialect")


def test_oversized_event_is_a_dead_letter():
    from aoai_logpipe.core.decode import DecodeConfig

    out = decode(event(b'"' + b"x" * 5000 + b'"'), DecodeConfig(max_event_bytes=1024))
    assert out.dead[0].reason == "too_large"


def test_unknown_dialect():
    assert decode(event({"hello": "world"})).dead[0].reason == "unknown_dialect"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
v1_like = st.fixed_dictionaries({"schema": st.just("aoai-logpipe/v1")}, optional={
    "type": st.sampled_from(["request", "response", "chunk", "end", "x"]) | json_values,
    "request_id": st.text(max_size=5) | json_values, "time": st.sampled_from([T, "bad"]) | json_values,
    "seq": st.integers(-2, 5) | json_values, "data": json_values, "chunks": json_values, "body": json_values,
    "caller": json_values, "status": json_values})
apim_like = st.fixed_dictionaries({"records": st.lists(st.fixed_dictionaries(
    {"category": st.sampled_from(["GatewayLlmLogs", "GatewayLogs", "Other"]) | json_values},
    optional={"properties": st.dictionaries(st.sampled_from(
        ["correlationId", "CorrelationId", "promptTokens", "requestMessages", "sequenceNumber", "requestHeaders"]), json_values),
        "time": json_values}), max_size=3) | json_values})


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.binary(max_size=200), json_values.map(lambda v: json.dumps(v).encode()),
                 v1_like.map(lambda v: json.dumps(v).encode()), apim_like.map(lambda v: json.dumps(v).encode())))
def test_arbitrary_input_never_raises_and_is_always_accounted_for(body):
    out = decode(event(body))
    assert out.fragments or out.dead
