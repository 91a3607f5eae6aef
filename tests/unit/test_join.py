"""The cross-partition join: halves of a request that closed apart are billed once, with their caller."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from aoai_logpipe.core import join
from aoai_logpipe.core.assemble import AssemblyLimits
from aoai_logpipe.core.documents import doc_id
from aoai_logpipe.core.pipeline import Output, Pipeline, PipelineConfig
from aoai_logpipe.core.types import Dialect, Position, RawEvent

T0 = datetime(2026, 10, 1, 12, 0, tzinfo=timezone.utc)
KEY = "apim:c-1"


def at(partition: str, seq: int, minutes: float) -> Position:
    return Position(partition, str(seq * 100), seq, T0 + timedelta(minutes=minutes))


def llm_record(seq: int = 0, correlation: str = "c-1") -> dict:
    return {"time": "2026-10-01T12:00:00Z", "category": "GatewayLlmLogs",
            "properties": {"correlationId": correlation, "requestId": f"chatcmpl-{correlation}", "sequenceNumber": seq,
                           "deploymentName": "gpt-4o", "modelName": "gpt-4o-2024-11-20", "promptTokens": 12,
                           "completionTokens": 5, "totalTokens": 17,
                           "requestMessages": [{"role": "user", "content": "hello"}],
                           "responseMessages": [{"role": "assistant", "content": "hi there"}]}}


def gateway_record(correlation: str = "c-1") -> dict:
    return {"time": "2026-10-01T12:00:01Z", "category": "GatewayLogs",
            "properties": {"correlationId": correlation, "responseCode": 200, "operationId": "ChatCompletions_Create",
                           "apimSubscriptionId": "sub-1", "requestHeaders": {"x-cost-center": "CC-7", "x-caller-oid": "u-1"}}}


def event(record: dict, position: Position) -> RawEvent:
    return RawEvent(json.dumps({"records": [record]}).encode(), position)


def pipeline(estimator, prices) -> Pipeline:
    limits = AssemblyLimits(idle_timeout=timedelta(minutes=5), apim_settle=timedelta(minutes=2))
    return Pipeline(estimator, prices, PipelineConfig(limits=limits))


def run(pipe: Pipeline, store: join.MemoryStore, events: list[RawEvent], flush: bool = True) -> Output:
    """What the runner does: process, merge join requests in the store, render the unions."""
    out = Output()
    for e in events:
        out.extend(pipe.process([e]))
    if flush:
        out.extend(pipe.flush())
    if out.joins:
        out.extend(pipe.render_joins(store.join(out.joins)))
        out.joins = []
    return out


# ---------------------------------------------------------------- the join document


def piece(pid: str, raw: bytes, position: Position) -> join.Piece:
    return join.Piece(pid, raw, position)


def test_a_merge_keeps_what_was_stored_and_adds_what_is_new():
    first, r1 = join.merge(None, join.JoinRequest(KEY, Dialect.APIM, (piece("llm_log:0", b"a", at("0", 1, 0)),)), T0)
    second, r2 = join.merge(first, join.JoinRequest(KEY, Dialect.APIM, (piece("llm_log:0", b"other copy", at("2", 9, 3)),
                                                                          piece("gateway_log", b"g", at("1", 4, 1)))), T0)
    assert r1.prior == frozenset() and r2.prior == {"llm_log:0"}
    assert {p.id: p.raw for p in r2.pieces} == {"llm_log:0": b"a", "gateway_log": b"g"}
    assert second["version"] == first["version"] + 1 and second["id"] == join.join_id(KEY)


def test_the_union_is_in_source_order_whichever_half_was_merged_first():
    llm = piece("llm_log:0", b"a", at("3", 1, 0))
    gateway = piece("gateway_log", b"g", at("0", 7, 4))
    one, _ = join.merge(None, join.JoinRequest(KEY, Dialect.APIM, (gateway,)), T0)
    _, a = join.merge(one, join.JoinRequest(KEY, Dialect.APIM, (llm,)), T0)
    two, _ = join.merge(None, join.JoinRequest(KEY, Dialect.APIM, (llm,)), T0)
    _, b = join.merge(two, join.JoinRequest(KEY, Dialect.APIM, (gateway,)), T0)
    assert a.pieces == b.pieces == (llm, gateway)


def test_a_stored_document_reads_back_with_its_version_as_the_guard():
    doc, merged = join.merge(None, join.JoinRequest(KEY, Dialect.APIM, (piece("gateway_log", b"\x00\xff", at("0", 1, 0)),)), T0)
    read = join.result(json.loads(json.dumps(doc)))
    assert read.pieces == merged.pieces and read.etag == "1" and not read.billable


def test_a_merge_returns_the_bytes_it_stored_for_each_new_piece_first_copy_first():
    doc, merged = join.merge(None, join.JoinRequest(KEY, Dialect.APIM, (piece("llm_log:0", b"first", at("0", 1, 0)),
                                                                       piece("llm_log:0", b"again", at("0", 2, 0)))), T0)
    assert [(p.id, p.raw) for p in merged.pieces] == [("llm_log:0", b"first")]
    assert join.result(doc).pieces == merged.pieces


def test_a_batch_closing_one_key_twice_sends_one_request_first_copy_first():
    a = join.JoinRequest(KEY, Dialect.APIM, (piece("llm_log:0", b"first", at("0", 1, 0)),))
    b = join.JoinRequest(KEY, Dialect.APIM, (piece("llm_log:0", b"again", at("0", 5, 1)), piece("llm_log:1", b"next", at("0", 6, 1))))
    (only,) = join.coalesce([a, b])
    assert [(p.id, p.raw) for p in only.pieces] == [("llm_log:0", b"first"), ("llm_log:1", b"next")]


# ---------------------------------------------------------------- through the pipeline


def test_halves_on_two_partitions_make_one_attributed_request(estimator, prices):
    pipe, store = pipeline(estimator, prices), join.MemoryStore()
    out = run(pipe, store, [event(gateway_record(), at("1", 0, 0.5)), event(llm_record(), at("0", 0, 0))])
    assert [d["id"] for d in out.chargeback] == [doc_id("cb", KEY)]
    doc = out.chargeback[0]
    assert doc["attribution"] == "complete" and doc["cost_center"] == "CC-7" and doc["usage"]["total_tokens"] == 17
    assert pipe.stats.conversations_complete == 1 and pipe.stats.fragments_open == 0


def test_an_llm_record_is_billed_without_its_caller_then_upgraded_in_place(estimator, prices):
    pipe, store = pipeline(estimator, prices), join.MemoryStore()
    first = run(pipe, store, [event(llm_record(), at("0", 0, 0))])
    late = run(pipe, store, [event(gateway_record(), at("3", 0, 4))])
    (alone,), (joined,) = first.chargeback, late.chargeback
    assert alone["id"] == joined["id"] and alone["attribution"] == "missing" and alone["cost_center"] is None
    assert joined["attribution"] == "complete" and joined["cost_center"] == "CC-7"
    assert joined["rank"] > alone["rank"]  # the store keeps the upgrade, never the stale half
    assert pipe.stats.joins_upgraded == 1
    assert pipe.stats.conversations_complete + pipe.stats.conversations_incomplete == 1  # counted once
    assert pipe.stats.prompt_tokens == 12


def test_a_caller_record_that_comes_after_the_llm_record_settled_on_the_same_partition_is_not_dropped(estimator, prices):
    pipe, store = pipeline(estimator, prices), join.MemoryStore()
    out = run(pipe, store, [event(llm_record(), at("0", 0, 0)), event(llm_record(correlation="other"), at("0", 1, 3)),
                            event(gateway_record(), at("0", 2, 6))], flush=False)
    out.extend(run(pipe, store, [], flush=True))
    ours = [d for d in out.chargeback if d["id"] == doc_id("cb", KEY)]
    assert ours[-1]["attribution"] == "complete" and pipe.stats.duplicates == 0


def test_a_gateway_record_waits_for_its_llm_record_and_bills_nothing_meanwhile(estimator, prices):
    pipe, store = pipeline(estimator, prices), join.MemoryStore()
    out = run(pipe, store, [event(gateway_record(), at("0", 0, 0))])
    assert len(out) == 0 and pipe.stats.joins_pending == 1 and pipe.stats.fragments_open == 0


def test_a_gateway_record_still_alone_at_the_horizon_is_a_dead_letter_with_its_payload(estimator, prices):
    pipe, store = pipeline(estimator, prices), join.MemoryStore()
    run(pipe, store, [event(gateway_record(), at("2", 5, 0))])
    out = pipe.expire_joins(store.expired())
    (letter,) = out.deadletters
    assert letter["reason"] == "unmatched_gateway_log" and letter["partition"] == "2" and letter["sequence_number"] == 5
    assert json.loads(letter["raw"])["category"] == "GatewayLogs"


def test_a_billed_join_at_the_horizon_is_simply_forgotten(estimator, prices):
    pipe, store = pipeline(estimator, prices), join.MemoryStore()
    run(pipe, store, [event(llm_record(), at("0", 0, 0))])
    assert len(pipe.expire_joins(store.expired())) == 0


def test_log_to_eventhub_halves_on_two_partitions_join_into_one_complete_request(estimator, prices):
    pipe, store = pipeline(estimator, prices), join.MemoryStore()

    def pair(kind: str, **fields) -> dict:
        return {"event-type": kind, "event-time": "10/1/2026 12:00:00 PM", "message-id": "m-1",
                "operation": "ChatCompletions_Create", "model": "gpt-4o", **fields}

    request = pair("Request", messages=json.dumps([{"role": "user", "content": "hi"}]))
    response = pair("Response", choices=json.dumps([{"index": 0, "message": {"role": "assistant", "content": "yo"}}]),
                    prompt_tokens="3", completion_tokens="1", total_tokens="4")
    out = run(pipe, store, [RawEvent(json.dumps(request).encode(), at("0", 0, 0))])
    assert out.audit[0]["completeness"] == "incomplete"
    out = run(pipe, store, [RawEvent(json.dumps(response).encode(), at("1", 0, 1))])
    assert out.audit[0]["completeness"] == "complete" and out.chargeback[0]["usage"]["total_tokens"] == 4
    assert pipe.stats.conversations_complete == 1 and pipe.stats.conversations_incomplete == 0
