"""Partition keys and batch cuts of the Cosmos DB sink: pure functions, no server."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aoai_logpipe.io.cosmos import MAX_BATCH_BYTES, OP_OVERHEAD_BYTES, batches, bucket, homes, request_size


def test_a_document_lives_under_the_day_of_its_time_and_the_bucket_of_its_id():
    assert homes({"id": "au-1", "time": "2026-10-03T12:00:00Z"}, 32) == [f"2026-10-03.{bucket('au-1', 32)}"]


def test_near_midnight_the_neighbouring_day_is_a_second_home():
    b = bucket("au-1", 32)
    assert homes({"id": "au-1", "time": "2026-10-03T23:30:00Z"}, 32) == [f"2026-10-03.{b}", f"2026-10-04.{b}"]
    assert homes({"id": "au-1", "time": "2026-10-04T00:10:00Z"}, 32) == [f"2026-10-04.{b}", f"2026-10-03.{b}"]


def test_a_document_without_a_time_is_undated():
    assert homes({"id": "au-1", "time": None}, 4) == [f"undated.{bucket('au-1', 4)}"]


sizes = st.lists(st.integers(min_value=0, max_value=2_200_000), max_size=250)


@given(sizes)
def test_batches_keep_order_and_stay_within_100_operations_and_the_byte_budget(lengths):
    docs = [{"id": f"d{i}", "text": "x" * n} for i, n in enumerate(lengths)]
    runs = list(batches(docs))
    assert [d for run in runs for d in run] == docs
    for run in runs:
        assert 1 <= len(run) <= 100
        if len(run) > 1:
            assert sum(request_size(d) + OP_OVERHEAD_BYTES for d in run) <= MAX_BATCH_BYTES


def test_non_ascii_text_is_counted_in_utf8_as_item_writes_send_it_and_cosmos_counts_its_limit():
    assert request_size({"t": "é😀"}) == len('{"t":"é😀"}'.encode())


texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@given(st.lists(texts, max_size=4), st.sampled_from(["chargeback", "audit", "deadletters"]), st.booleans())
def test_a_prepared_document_carries_its_request_bytes_counted_once(parts, role, held):
    from aoai_logpipe.core.privacy import Policy
    from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget

    sink = CosmosSink(CosmosTarget("https://localhost:8081", "key"))
    sink.policy = Policy(held_requests=frozenset({"req-1"} if held else ()))
    doc = {"id": "au-1", "time": "2026-10-03T23:30:00Z", "rank": 2, "request_id": "req-1", "partition": "0",
           "messages": [{"role": "user", "parts": [{"type": "text", "text": t} for t in parts]}]}
    prepared, _, size = sink._prepare(role, doc)
    assert size == request_size(prepared)
