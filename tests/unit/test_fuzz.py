"""Adversarial input for the whole core: any split, duplication and order of a valid stream gives
the same conversation; hostile payloads become dead letters, never exceptions."""

import gzip
import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aoai_logpipe.core.pipeline import Pipeline
from aoai_logpipe.core.types import Position, RawEvent
from aoai_logpipe.io.replay import ReplaySource

text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)


@st.composite
def chat_stream(draw):
    """A random but valid chat completion stream: n choices, text and tool-call deltas, usage."""
    n = draw(st.integers(1, 3))
    chunks = [{"id": "", "model": "", "choices": [], "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {}}]}]
    for _ in range(draw(st.integers(0, 12))):
        index = draw(st.integers(0, n - 1))
        if draw(st.booleans()):
            delta = {"content": draw(text)}
        else:
            call = {"index": draw(st.integers(0, 1)), "function": {"arguments": draw(text)}}
            if draw(st.booleans()):
                call.update(id=f"call_{draw(st.integers(0, 9))}", type="function")
                call["function"]["name"] = draw(st.sampled_from(["f", "g"]))
            delta = {"tool_calls": [call]}
        chunks.append({"id": "chatcmpl-1", "model": "gpt-4o-2024-11-20", "choices": [{"index": index, "delta": delta}]})
    for index in range(n):
        chunks.append({"id": "chatcmpl-1", "model": "gpt-4o-2024-11-20",
                       "choices": [{"index": index, "delta": {}, "finish_reason": draw(st.sampled_from(["stop", "length", "tool_calls"]))}]})
    chunks.append({"id": "chatcmpl-1", "choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 4, "total_tokens": 13}})
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return "".join(f"data: {json.dumps(c, ensure_ascii=draw(st.booleans()))}{eol}{eol}" for c in chunks) + f"data: [DONE]{eol}{eol}"


def v1_events(sse: str, cuts: list[int]) -> list[dict]:
    bounds = [0, *sorted({c for c in cuts if 0 < c < len(sse)}), len(sse)]
    pieces = [sse[a:b] for a, b in zip(bounds, bounds[1:])]
    base = {"schema": "aoai-logpipe/v1", "request_id": "r1", "time": "2026-10-01T00:00:00Z"}
    events = [{**base, "type": "request", "operation": "chat.completions", "body": {"messages": [], "stream": True}}]
    events += [{**base, "type": "chunk", "seq": i, "data": p} for i, p in enumerate(pieces)]
    return events + [{**base, "type": "end", "status": 200, "chunks": len(pieces)}]


def run(pipeline: Pipeline, events: list[dict]) -> dict:
    raws = [RawEvent(json.dumps(e).encode(), Position("0", str(i), i)) for i, e in enumerate(events)]
    out = pipeline.process(raws)
    out.extend(pipeline.flush())
    assert len(out.audit) == 1, "exactly one conversation"
    audit = out.audit[0]
    return {k: audit[k] for k in ("choices", "usage", "completeness", "prompt_filter", "response_id", "model")}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chat_stream(), st.lists(st.integers(0, 4000), max_size=30), st.randoms(use_true_random=False))
def test_split_duplicated_and_reordered_streams_give_the_same_conversation(estimator, prices, sse, cuts, rnd):
    whole = run(Pipeline(estimator, prices), v1_events(sse, []))
    events = v1_events(sse, cuts)
    delivered = events + rnd.sample(events, k=min(len(events), rnd.randint(0, 5)))
    rnd.shuffle(delivered)
    delivered.remove(next(e for e in delivered if e["type"] == "end"))
    delivered.append(next(e for e in events if e["type"] == "end"))  # close it last: the test is about chunks
    assert run(Pipeline(estimator, prices), delivered) == whole


HOSTILE = [
    b"[" * 50_000 + b"]" * 50_000,  # depth bomb
    b'{"schema": "aoai-logpipe/v1", "type": "chunk", "request_id": "r", "time": "2026-10-01T00:00:00Z", "seq": 0, "data": "'
    + b"x" * (10 * 1024 * 1024) + b'"}',  # 10 MB string, over the event size limit
    b'{"schema": "aoai-logpipe/v1", "type": "end", "request_id": "r", "time": "2026-10-01T00:00:00Z", "chunks": NaN}',
    b'{"schema": "aoai-logpipe/v1", "type": "end", "request_id": "r", "time": "2026-10-01T00:00:00Z", "chunks": Infinity}',
    b"\xc3\x28\xa0\xa1 invalid utf-8",
    gzip.compress(b'{"records": []}' * 1000),  # compressed bodies are not a dialect
    json.dumps({"records": [{"category": "GatewayLlmLogs", "properties": {"correlationId": "c", "requestMessages": "[" * 5000}}]}).encode(),
    json.dumps({"schema": "aoai-logpipe/v1", "type": "request", "request_id": "r", "time": "2026-10-01T00:00:00Z",
                "body": {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64,@@@"}}]}]}}).encode(),
]


def test_hostile_payloads_become_dead_letters_or_documents_never_exceptions(estimator, prices):
    pipeline = Pipeline(estimator, prices)
    raws = [RawEvent(body, Position("0", str(i), i)) for i, body in enumerate(HOSTILE)]
    out = pipeline.process(raws)
    out.extend(pipeline.flush())
    assert pipeline.stats.events_with_fragments + pipeline.stats.events_dead_lettered == len(HOSTILE)
    reasons = [d["reason"] for d in out.deadletters]
    assert "too_large" in reasons and "invalid_json" in reasons and "invalid_utf8" in reasons
    assert "internal_error" not in reasons


def test_a_gzip_bomb_replay_file_is_read_in_bounded_pieces(tmp_path):
    """50 MB of one line, compressed to a few kB: the reader never holds more than the event limit."""
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as handle:
        for _ in range(50):
            handle.write(b"a" * 1024 * 1024)
        handle.write(b"\n{}\n")
    source = ReplaySource.from_paths([path], max_event_bytes=1024 * 1024)
    events = [e for batch in source.batches() for e in batch.events]
    assert [len(e.body) for e in events] == [1024 * 1024 + 1, 2]
    assert events[1].position.offset == str(50 * 1024 * 1024 + 1)


def test_random_bytes_through_the_whole_core_never_raise(estimator, prices):
    rng = random.Random(5)
    pipeline = Pipeline(estimator, prices)
    raws = [RawEvent(rng.randbytes(rng.randint(0, 300)), Position("0", str(i), i)) for i in range(300)]
    out = pipeline.process(raws)
    out.extend(pipeline.flush())
    assert pipeline.stats.events_dead_lettered + pipeline.stats.events_with_fragments == 300
    assert all(d["reason"] != "internal_error" for d in out.deadletters)


hostile_int = st.one_of(st.integers(-10, 10), st.integers(10**15, 10**20), st.just(10**4000), st.just(-(10**30)))
hostile_time = st.one_of(
    st.sampled_from(["9999-12-31T23:59:59Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-14:00",
                     "1970-01-01T00:00:00Z", "2026-10-01T00:00:00Z", "not a time", ""]),
    st.integers(-(10**12), 10**12), st.none())
hostile_text = st.one_of(text, st.sampled_from(["\ud800", "a\udfffb", "\ufeff{", "x" * 5000]))
hostile_value = st.one_of(hostile_int, hostile_time, hostile_text, st.booleans(), st.floats(allow_nan=True),
                          st.lists(st.integers(), max_size=3))


@st.composite
def hostile_v1_event(draw):
    """A v1 event whose fields carry the hostile-input classes: claimed sizes, extreme times, lone
    surrogates, huge integers, wrong types."""
    kind = draw(st.sampled_from(["request", "chunk", "end", "response"]))
    event = {"schema": "aoai-logpipe/v1", "type": kind, "request_id": draw(st.sampled_from(["r1", "r2", "\ud800"])),
             "time": draw(hostile_time)}
    if kind == "request":
        event["body"] = {"messages": [{"role": "user", "content": draw(hostile_text)}], "stream": True}
        event["caller"] = {"user_id": draw(hostile_text)}
    elif kind == "chunk":
        event.update(seq=draw(st.one_of(hostile_int, hostile_value)),
                     data=draw(st.sampled_from(['data: {"choices":[{"index":0,"delta":{"content":"\\ud800"}}]}\n\n',
                                               "data: [DONE]\n\n", 'data: {"usage":{"prompt_tokens":1e400}}\n\n'])))
    elif kind == "end":
        event.update(status=draw(st.one_of(st.just(200), hostile_value)), chunks=draw(st.one_of(hostile_int, hostile_value)))
    else:
        event.update(status=200, body={"choices": [{"index": 0, "message": {"content": draw(hostile_text)}}],
                                       "usage": {"prompt_tokens": draw(hostile_int), "completion_tokens": draw(hostile_int)}})
    for key in draw(st.lists(st.sampled_from(list(event)), max_size=2)):
        event[key] = draw(hostile_value)
    return event


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(hostile_v1_event(), min_size=1, max_size=8))
def test_hostile_v1_fields_are_documents_or_dead_letters_and_leave_nothing_open(estimator, prices, events):
    pipeline = Pipeline(estimator, prices)
    raws = [RawEvent(json.dumps(e).encode(), Position("0", str(i), i)) for i, e in enumerate(events)]
    out = pipeline.process(raws)
    out.extend(pipeline.flush())
    stats = pipeline.stats
    assert stats.events_with_fragments + stats.events_dead_lettered == len(events)
    assert stats.fragments_open == 0
    assert all(d["reason"] != "internal_error" for d in out.deadletters)
    for doc in [*out.audit, *out.chargeback]:
        json.dumps(doc, default=str, ensure_ascii=False).encode("utf-8")  # storable: no lone surrogate survives
    for doc in out.chargeback:
        assert not doc["cost"]["priced"] or float(doc["cost"]["total"]) < 10**6, "implausible usage is never priced"
