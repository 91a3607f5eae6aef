"""Containment: a defect met while closing or rendering one conversation dead-letters all of that
conversation's events (raw payloads, reason), touches nothing else, and the run goes on, in
every path that closes conversations (an event, a quiet partition, the end of input)."""

import base64
import json
from datetime import datetime, timezone

import pytest

from aoai_logpipe.core import assemble as assemble_module
from aoai_logpipe.core import pipeline as pipeline_module
from aoai_logpipe.core.pipeline import Pipeline
from aoai_logpipe.core.types import Position, RawEvent

T0 = datetime(2026, 10, 1, tzinfo=timezone.utc)


def event(seq, body, partition="0"):
    raw = json.dumps(body).encode() if not isinstance(body, bytes) else body
    return RawEvent(raw, Position(partition, str(seq), seq, T0))


def v1(kind, rid, **fields):
    return {"schema": "aoai-logpipe/v1", "type": kind, "request_id": rid, "time": "2026-10-01T00:00:00Z", **fields}


def response(rid):
    return v1("response", rid, status=200, body={"model": "gpt-4o", "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}})


def bomb_on(marker):
    """A screener (the last stage before the audit document) with a defect for one conversation."""
    def screener(exchange):
        if any(marker in m.text() for m in exchange.prompt.messages):
            raise ZeroDivisionError("a defect")
        return None, None
    return screener


def balanced(pipe):
    s = pipe.stats
    assert s.events_with_fragments + s.events_dead_lettered == s.events
    assert s.fragments_open == 0, s


def stream(rid, text, chunks=3):
    """A request and a streamed response cut in `chunks` chunk events, without its end event."""
    sse = f'data: {json.dumps({"choices": [{"index": 0, "delta": {"content": "hi"}}]})}\n\n'
    pieces = [sse[i * len(sse) // chunks:(i + 1) * len(sse) // chunks] for i in range(chunks)]
    return [v1("request", rid, body={"messages": [{"role": "user", "content": text}]})] + [
        v1("chunk", rid, seq=i, data=p) for i, p in enumerate(pieces)]


@pytest.mark.parametrize("path", ["complete", "end_of_input", "quiet_partition"])
def test_a_conversation_that_fails_to_render_is_dead_lettered_whole_and_nothing_else_is_touched(
        estimator, prices, path):
    pipe = Pipeline(estimator, prices, screener=bomb_on("BOOM"))
    bad = stream("bad", "BOOM please") + ([v1("end", "bad", status=200, chunks=3)] if path == "complete" else [])
    good = [v1("request", "good", body={"messages": [{"role": "user", "content": "fine"}]}), response("good")]
    events = [event(i, b) for i, b in enumerate(bad + good)]
    out = pipe.process(events)
    if path == "end_of_input":
        out.extend(pipe.flush())
    elif path == "quiet_partition":
        out.extend(pipe.advance("0", datetime(2026, 10, 2, tzinfo=timezone.utc)))
    out.extend(pipe.flush())  # (nothing left in the first two paths)
    letters = [d for d in out.deadletters if d["reason"] == "internal_error"]
    assert sorted(base64.b64decode(d["raw"]) if d["raw_encoding"] == "base64" else d["raw"].encode() for d in letters) == \
        sorted(e.body for e in events[:len(bad)])  # every event of the bad conversation, byte for byte
    assert all("ZeroDivisionError" in d["message"] and "BOOM" not in d["message"] for d in letters)
    assert {d["request_id"] for d in out.chargeback} == {"good"} == {d["request_id"] for d in out.audit}
    assert pipe.stats.conversations_failed == 1 and pipe.stats.fragments_dead_lettered == len(bad)
    balanced(pipe)


def test_a_failing_apim_conversation_keeps_each_of_its_records_with_its_index(estimator, prices):
    pipe = Pipeline(estimator, prices, screener=bomb_on("BOOM"))

    def llm(cid, seq, content):
        return {"time": "2026-10-01T00:00:00Z", "category": "GatewayLlmLogs", "properties": {
            "correlationId": cid, "sequenceNumber": seq, "promptTokens": 1, "completionTokens": 1,
            "requestMessages": [{"role": "user", "content": content}]}}

    def gateway(cid):
        return {"time": "2026-10-01T00:00:00Z", "category": "GatewayLogs", "properties": {"correlationId": cid}}

    out = pipe.process([event(0, {"records": [llm("c-ok", 0, "fine"), gateway("c-ok"), llm("c-bad", 0, "BOOM")]}),
                        event(1, {"records": [gateway("c-bad"), llm("c-bad", 1, "more")]})])
    out.extend(pipe.flush())
    letters = sorted((d["sequence_number"], d["record_index"]) for d in out.deadletters)
    assert letters == [(0, 2), (1, 0), (1, 1)]
    assert [json.loads(d["raw"])["properties"]["correlationId"] for d in out.deadletters] == ["c-bad"] * 3
    assert [d["request_id"] for d in out.chargeback] == ["c-ok"]
    balanced(pipe)


def test_one_event_of_two_fragments_is_one_dead_letter(estimator, prices):
    pipe = Pipeline(estimator, prices, screener=bomb_on("BOOM"))
    logger = {"Type": "openai-logger", "message_guid": "g1", "prompt": "BOOM", "completion": "x",
              "prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
    out = pipe.process([event(0, logger)])
    out.extend(pipe.flush())
    assert [d["reason"] for d in out.deadletters] == ["internal_error"] and not out.chargeback
    balanced(pipe)


def test_a_defect_while_assembling_one_fragment_keeps_it_and_loses_nothing_closed_before_it(
        estimator, prices, monkeypatch):
    pipe = Pipeline(estimator, prices)
    real = assemble_module._apply

    def flaky(conv, fragment):
        if fragment.key == "apim:c-2":
            raise KeyError("defect")
        return real(conv, fragment)

    monkeypatch.setattr(assemble_module, "_apply", flaky)
    records = [record for i in range(4) for record in (
        {"time": "2026-10-01T00:00:00Z", "category": "GatewayLlmLogs",
         "properties": {"correlationId": f"c-{i}", "promptTokens": 1, "completionTokens": 1}},
        {"time": "2026-10-01T00:00:00Z", "category": "GatewayLogs", "properties": {"correlationId": f"c-{i}"}})]
    out = pipe.process([event(0, {"records": records})])
    out.extend(pipe.flush())
    assert [(d["reason"], d["record_index"]) for d in out.deadletters] == [("internal_error", 4), ("internal_error", 5)]
    assert sorted(d["request_id"] for d in out.chargeback) == ["c-0", "c-1", "c-3"]
    balanced(pipe)


def test_a_defect_in_resolve_during_the_end_of_input_flush_does_not_stop_the_flush(estimator, prices, monkeypatch):
    pipe = Pipeline(estimator, prices)
    real = pipeline_module.resolve

    def flaky(closed):
        if closed.conversation.key == "v1:b":
            raise OverflowError("defect")
        return real(closed)

    monkeypatch.setattr(pipeline_module, "resolve", flaky)
    pipe.process([event(i, v1("request", rid, body={})) for i, rid in enumerate("abc")])
    out = pipe.flush()
    assert sorted(d["request_id"] for d in out.audit) == ["a", "c"]
    assert [json.loads(d["raw"])["request_id"] for d in out.deadletters] == ["b"]
    balanced(pipe)


def test_an_event_that_fails_after_closing_a_conversation_is_one_dead_letter_and_none_of_its_documents(
        estimator, prices, monkeypatch):
    pipe = Pipeline(estimator, prices)
    real = assemble_module.Assembler.event_done

    def flaky(self, position):
        if position.sequence_number == 1:
            raise RuntimeError("defect")
        return real(self, position)

    monkeypatch.setattr(assemble_module.Assembler, "event_done", flaky)
    before = pipe.process([event(0, v1("request", "a", body={}))])
    out = pipe.process([event(1, response("a")), event(2, v1("request", "b", body={}))])
    assert not before.chargeback and not out.chargeback and not out.audit  # "a" closed with event 1, which failed
    assert [(d["reason"], d["sequence_number"]) for d in out.deadletters] == [("internal_error", 1)]
    assert pipe.stats.events_dead_lettered == 1
