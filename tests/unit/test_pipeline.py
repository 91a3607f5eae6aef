"""The pure pipeline: accounting, and resilience to its own defects."""

import json

from aoai_logpipe.core import pipeline as pipeline_module
from aoai_logpipe.core.pipeline import Pipeline
from aoai_logpipe.core.types import Position, RawEvent


def v1(kind, rid, seq, **fields):
    body = {"schema": "aoai-logpipe/v1", "type": kind, "request_id": rid, "time": "2026-10-01T00:00:00Z", **fields}
    return RawEvent(json.dumps(body).encode(), Position("0", str(seq), seq))


def test_a_defect_while_processing_an_event_dead_letters_it_and_the_run_goes_on(estimator, prices, monkeypatch):
    pipe = Pipeline(estimator, prices)
    calls = {"n": 0}
    real_decode = pipeline_module.decode

    def flaky(event, config):
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyError("boom")
        return real_decode(event, config)

    monkeypatch.setattr(pipeline_module, "decode", flaky)
    out = pipe.process([v1("request", "a", 0, body={}), v1("request", "b", 1, body={}),
                        v1("response", "b", 2, status=200, body={"choices": []})])
    assert [d["reason"] for d in out.deadletters] == ["internal_error"]
    assert "KeyError" in out.deadletters[0]["message"] and "boom" not in out.deadletters[0]["message"]
    assert len(out.chargeback) == 1 and pipe.stats.events_dead_lettered == 1


def test_flush_closes_every_partition(estimator, prices):
    pipe = Pipeline(estimator, prices)
    pipe.process([v1("request", "a", 0, body={})])
    out = pipe.flush()
    assert len(out.audit) == 1 and out.audit[0]["completeness"] == "incomplete"
    assert out.audit[0]["assembly"]["gaps"][:1] == ["no_response"]


def test_a_response_body_whose_choices_are_unreadable_is_incomplete_not_silently_empty(estimator, prices):
    pipe = Pipeline(estimator, prices)
    out = pipe.process([v1("request", "a", 0, body={"messages": [{"role": "user", "content": "hi"}]}),
                        v1("response", "a", 1, status=200,
                           body={"choices": "not a list", "usage": {"prompt_tokens": 3, "completion_tokens": 1,
                                                                     "total_tokens": 4}})])
    (audit,) = out.audit
    assert audit["completeness"] == "incomplete" and "unreadable_response_parts" in audit["assembly"]["gaps"]


def test_documents_are_priced_by_the_price_version_in_force_at_their_time(estimator):
    from aoai_logpipe.core.pricing import PriceBook

    book = PriceBook({"versions": [
        {"price_id": "p-2026-10", "effective_from": "2026-10-01", "models": {"gpt-4o": {"input": "1", "output": "1"}}},
        {"price_id": "p-2026-11", "effective_from": "2026-11-01", "models": {"gpt-4o": {"input": "2", "output": "2"}}},
    ]})
    pipe = Pipeline(estimator, book)
    events = []
    for seq, (rid, when) in enumerate((("late-oct", "2026-10-31T23:59:59.5Z"), ("early-nov", "2026-11-01T00:00:00Z"))):
        body = {"model": "gpt-4o", "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"},
                                                "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 500_000, "completion_tokens": 500_000, "total_tokens": 1_000_000}}
        events.append(v1("request", rid, 2 * seq, time=when, body={"model": "gpt-4o", "messages": []}))
        events.append(v1("response", rid, 2 * seq + 1, time=when, status=200, body=body))
    out = pipe.process(events)
    costs = {d["request_id"]: (d["period"], d["cost"]["price_id"], d["cost"]["total"]) for d in out.chargeback}
    assert costs == {"late-oct": ("2026-10", "p-2026-10", "1"), "early-nov": ("2026-11", "p-2026-11", "2")}
