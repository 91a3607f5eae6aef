"""Reassembly: duplicates, disorder, timeouts in event time, bounds and the low watermark."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from aoai_logpipe.core.assemble import Assembler, AssemblyLimits, LateFragment
from aoai_logpipe.core.decode import decode
from aoai_logpipe.core.types import Position, RawEvent

T0 = datetime(2026, 10, 1, 10, 0, tzinfo=timezone.utc)


class Feed:
    """Feeds v1 events to an assembler, one partition, advancing the enqueued time."""

    def __init__(self, limits=AssemblyLimits()):
        self.asm = Assembler(limits)
        self.seq = 0
        self.closed = []

    def send(self, kind, rid="r1", at=0.0, **fields):
        body = {"schema": "aoai-logpipe/v1", "type": kind, "request_id": rid, "time": T0.isoformat(), **fields}
        position = Position("0", str(self.seq * 100), self.seq, T0 + timedelta(seconds=at))
        self.seq += 1
        for fragment in decode(RawEvent(json.dumps(body).encode(), position)).fragments:
            self.closed += self.asm.add(fragment)
        self.asm.event_done(position)
        return position

    def stream(self, rid, pieces, at=0.0, order=None, end=True):
        self.send("request", rid, at, body={"stream": True, "messages": []})
        for seq in order if order is not None else range(len(pieces)):
            self.send("chunk", rid, at, seq=seq, data=pieces[seq])
        if end:
            self.send("end", rid, at, status=200, chunks=len(pieces))


PIECES = ['data: {"choices":[{"index":0,"delta":{"content":"Hel', 'lo"}}]}\n\n', "data: [DONE]\n\n"]


def test_stream_completes_when_end_and_all_chunks_arrived_in_any_order():
    feed = Feed()
    feed.stream("r1", PIECES, order=[2, 0, 1])
    assert len(feed.closed) == 1 and feed.closed[0].complete and feed.closed[0].reason == "complete"


def test_duplicate_fragments_are_dropped_and_counted():
    feed = Feed()
    feed.send("request", body={})
    feed.send("chunk", seq=0, data=PIECES[0])
    feed.send("chunk", seq=0, data=PIECES[0])
    assert feed.asm.stats.duplicates == 1


def test_end_before_last_chunk_waits_for_it():
    feed = Feed()
    feed.send("request", body={})
    feed.send("chunk", seq=0, data="a")
    feed.send("end", status=200, chunks=2)
    assert feed.closed == []
    feed.send("chunk", seq=1, data="b")
    assert feed.closed[0].complete


def test_idle_conversation_closes_incomplete_in_event_time_with_missing_seqs():
    feed = Feed(AssemblyLimits(idle_timeout=timedelta(seconds=60)))
    feed.stream("r1", PIECES, order=[0, 2])
    feed.send("request", "r2", at=30, body={})
    assert feed.closed == []
    feed.send("request", "r3", at=61, body={})
    closed = feed.closed[0]
    assert (closed.complete, closed.reason, closed.gaps) == (False, "idle_timeout", ("missing_chunks",))
    assert closed.conversation.missing_seqs() == [1]


def test_stream_without_end_reports_no_end():
    feed = Feed()
    feed.stream("r1", PIECES, end=False)
    closed = feed.asm.flush()
    assert (closed[0].complete, closed[0].reason, closed[0].gaps) == (False, "end_of_input", ("no_end",))


def test_response_without_request_reports_no_request():
    feed = Feed()
    feed.send("response", status=200, body={"choices": []})
    assert feed.asm.flush()[0].gaps == ("no_request",)


def test_state_bound_evicts_the_oldest_and_records_it():
    feed = Feed(AssemblyLimits(max_open=2))
    for i, rid in enumerate(["a", "b", "c"]):
        feed.send("request", rid, at=i, body={})
    assert [c.conversation.key for c in feed.closed] == ["v1:a"]
    assert feed.closed[0].reason == "evicted" and feed.asm.stats.evicted == 1 and feed.asm.open_count == 2


def test_byte_bound_evicts_too():
    feed = Feed(AssemblyLimits(max_bytes=2000))
    feed.send("request", "a", body={"messages": [{"role": "user", "content": "x" * 1500}]})
    feed.send("request", "b", body={"messages": [{"role": "user", "content": "y" * 1500}]})
    assert [c.conversation.key for c in feed.closed] == ["v1:a"]


def test_low_watermark_is_the_event_before_the_oldest_open_conversation():
    feed = Feed()
    feed.send("request", "done", body={})
    settled = feed.send("response", "done", status=200, body={})
    feed.send("request", "open", body={})
    assert feed.asm.safe_checkpoint() == settled


@pytest.mark.parametrize("close_other", [False, True])
def test_checkpoint_advances_only_when_nothing_older_is_open(close_other):
    feed = Feed()
    a = feed.send("request", "a", body={})
    b_start = feed.send("request", "b", body={})
    feed.send("response", "a", status=200, body={})
    assert feed.asm.safe_checkpoint() == a  # 'b' opened after event a: everything up to a is settled
    last = feed.send("response", "b", status=200, body={}) if close_other else None
    assert feed.asm.safe_checkpoint() == (last if close_other else a)
    assert b_start.sequence_number == a.sequence_number + 1


def test_nothing_is_checkpointable_while_the_very_first_conversation_is_open():
    feed = Feed()
    feed.send("request", "a", body={})
    assert feed.asm.safe_checkpoint() is None


def test_late_duplicate_of_a_completed_conversation_is_dropped():
    feed = Feed()
    feed.send("request", body={})
    feed.send("response", status=200, body={})
    feed.send("response", status=200, body={})
    assert len(feed.closed) == 1 and feed.asm.stats.duplicates == 1 and feed.asm.open_count == 0


def test_fragment_of_a_conversation_closed_incomplete_is_late():
    feed = Feed(AssemblyLimits(idle_timeout=timedelta(seconds=10)))
    feed.send("request", "a", body={})
    feed.send("request", "b", at=20, body={})
    with pytest.raises(LateFragment):
        feed.send("response", "a", at=21, status=200, body={})


def test_apim_conversation_settles_after_its_window_with_both_halves():
    asm = Assembler(AssemblyLimits(apim_settle=timedelta(seconds=30)))
    records = [
        {"time": T0.isoformat(), "category": "GatewayLlmLogs", "properties": {"correlationId": "c1", "promptTokens": 5,
                                                                              "completionTokens": 1, "totalTokens": 6}},
        {"time": T0.isoformat(), "category": "GatewayLogs", "properties": {"correlationId": "c1"}},
    ]
    closed = []
    for i, record in enumerate(records + [{"time": T0.isoformat(), "category": "GatewayLogs", "properties": {"correlationId": "later"}}]):
        position = Position("0", str(i), i, T0 + timedelta(seconds=0 if i < 2 else 31))
        for fragment in decode(RawEvent(json.dumps(record).encode(), position)).fragments:
            closed += asm.add(fragment)
    assert [(c.conversation.key, c.complete, c.reason, c.gaps) for c in closed] == [("apim:c1", True, "settled", ())]
