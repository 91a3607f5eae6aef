"""/metrics: every family with its name, type, labels and help, its values read from the live
objects at scrape time, and one registry per Health (never the process-wide one)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from types import SimpleNamespace

import aiohttp
import prometheus_client

from aoai_logpipe import __version__, health
from aoai_logpipe.core.pipeline import PipelineStats
from aoai_logpipe.io.cosmos import SinkCounters
from tests.metrics_families import ALWAYS, FAMILIES, announced, without_labels


def watched_health(events: int = 3) -> health.Health:
    """A Health given every kind of object it reads, each in a known state."""
    stats = PipelineStats(events=events, bytes=1_000, events_dead_lettered=1, duplicates=2,
                          conversations_complete=4, conversations_incomplete=1, prompt_tokens=70, completion_tokens=9,
                          dead_letters=Counter(invalid_json=1, too_large=2), close_reasons=Counter(complete=4, idle=1),
                          usage_sources=Counter(reported=3, estimated=1), cost={"USD": Decimal("0.0125")}, unpriced=1)
    done = SimpleNamespace(sequence_number=6)
    pipeline = SimpleNamespace(stats=stats, _assemblers={
        "0": SimpleNamespace(open_count=1, open_bytes=512, _last_done=done),
        "1": SimpleNamespace(open_count=0, open_bytes=0, _last_done=None)})
    runner = SimpleNamespace(pipeline=pipeline, documents_written=11, checkpoints_written=5,
                             partitions={"0": SimpleNamespace(checkpointed=SimpleNamespace(sequence_number=4)),
                                         "1": SimpleNamespace(checkpointed=None)})
    worker = SimpleNamespace(owned={"0", "1"}, errors=2)
    sink = SimpleNamespace(counters=SinkCounters(documents=10, batches=3, single_writes=1, refused_downgrades=1,
                                                 trimmed=1, quarantined=2, request_charge=42.5,
                                                 retries=Counter({"429": 3, "503": 1, "timeout": 2}),
                                                 requests=Counter({"batch": 4, "upsert": 1})))
    probe = health.Health(0, runner=runner, worker=worker, sink=sink, sink_probe=None)
    probe._partitions["0"] = health._Partition(checkpoint_seq=4, checkpoint_changed_at=0.0, last_enqueued_seq=9)
    return probe


def test_every_family_is_exposed_with_its_type_labels_and_help():
    assert announced(watched_health().render_metrics()) == FAMILIES


def test_a_health_that_watches_nothing_exposes_the_process_and_partition_families():
    assert without_labels(announced(health.Health(0).render_metrics())) == without_labels(ALWAYS)


def test_values_are_read_from_the_live_objects():
    values = health.metrics_json(watched_health().render_metrics())
    assert values[f'aoai_logpipe_info{{version="{__version__}"}}'] == 1
    assert values["aoai_logpipe_ready"] == 0  # the sink was never probed
    assert values["aoai_logpipe_events_total"] == 3 and values["aoai_logpipe_event_bytes_total"] == 1_000
    assert values["aoai_logpipe_events_dead_lettered_total"] == 1
    assert values['aoai_logpipe_dead_letters_total{reason="too_large"}'] == 2
    assert values['aoai_logpipe_conversations_total{completeness="incomplete"}'] == 1
    assert values['aoai_logpipe_conversations_closed_total{reason="idle"}'] == 1
    assert values["aoai_logpipe_duplicate_fragments_total"] == 2
    assert values['aoai_logpipe_tokens_total{kind="prompt"}'] == 70
    assert values['aoai_logpipe_requests_by_usage_source_total{source="estimated"}'] == 1
    assert values['aoai_logpipe_cost_total{currency="USD"}'] == 0.0125
    assert values["aoai_logpipe_unpriced_requests_total"] == 1
    assert values['aoai_logpipe_open_conversations{partition="0"}'] == 1
    assert values['aoai_logpipe_open_bytes{partition="0"}'] == 512
    assert values["aoai_logpipe_documents_written_total"] == 11 and values["aoai_logpipe_checkpoints_total"] == 5
    assert values["aoai_logpipe_partitions_owned"] == 2 and values["aoai_logpipe_eventhub_errors_total"] == 2
    assert values['aoai_logpipe_partition_checkpoint_sequence_number{partition="0"}'] == 4
    assert 'aoai_logpipe_partition_checkpoint_sequence_number{partition="1"}' not in values  # never checkpointed
    assert values['aoai_logpipe_partition_last_enqueued_sequence_number{partition="0"}'] == 9
    assert values['aoai_logpipe_partition_checkpoint_lag_events{partition="0"}'] == 5
    assert values['aoai_logpipe_partition_processing_lag_events{partition="0"}'] == 3
    assert values['aoai_logpipe_partition_checkpoint_age_seconds{partition="1"}'] >= 0
    assert values["aoai_logpipe_cosmos_documents_total"] == 10 and values["aoai_logpipe_cosmos_batches_total"] == 3
    assert values["aoai_logpipe_cosmos_quarantined_total"] == 2
    assert values["aoai_logpipe_cosmos_request_charge_total"] == 42.5
    assert values["aoai_logpipe_cosmos_throttles_total"] == 3
    assert values['aoai_logpipe_cosmos_retries_total{kind="timeout"}'] == 2
    assert values['aoai_logpipe_cosmos_retries_total{kind="503"}'] == 1
    assert values['aoai_logpipe_cosmos_requests_total{operation="batch"}'] == 4


def test_label_values_are_escaped_and_numbers_keep_their_value():
    stats = SimpleNamespace(events=3, bytes=10, events_dead_lettered=1, dead_letters=Counter({'we"ird\\\nreason': 1}),
                            conversations_complete=1, conversations_incomplete=0, close_reasons=Counter(complete=1),
                            duplicates=0, prompt_tokens=7, completion_tokens=2, usage_sources=Counter(reported=1),
                            cost={"USD": Decimal("0.0000125000")}, unpriced=0)
    text = health.Health(0, pipeline=SimpleNamespace(stats=stats)).render_metrics()
    assert 'aoai_logpipe_dead_letters_total{reason="we\\"ird\\\\\\nreason"} 1.0' in text
    values = health.metrics_json(text)
    assert values['aoai_logpipe_cost_total{currency="USD"}'] == 0.0000125  # a Decimal, exposed as its float
    assert values["aoai_logpipe_events_total"] == 3
    assert values["aoai_logpipe_ready"] == 1  # nothing to wait for: no worker, no sink


def test_a_scrape_sees_the_counts_of_that_moment():
    probe = watched_health(events=3)
    assert health.metrics_json(probe.render_metrics())["aoai_logpipe_events_total"] == 3
    probe.pipeline.stats.events = 8
    assert health.metrics_json(probe.render_metrics())["aoai_logpipe_events_total"] == 8


def test_two_workers_in_one_process_keep_their_own_metrics():
    first, second = watched_health(events=3), watched_health(events=5)
    assert health.metrics_json(first.render_metrics())["aoai_logpipe_events_total"] == 3
    assert health.metrics_json(second.render_metrics())["aoai_logpipe_events_total"] == 5
    global_text = prometheus_client.generate_latest(prometheus_client.REGISTRY).decode()
    assert "aoai_logpipe" not in global_text  # the process-wide registry is left alone


async def test_metrics_are_served_in_the_prometheus_text_format():
    probe = await health.Health(0, host="127.0.0.1").start()
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{probe.port}/metrics") as resp:
                assert resp.status == 200
                assert resp.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
                assert without_labels(announced(await resp.text())) == without_labels(ALWAYS)
    finally:
        await probe.stop()
