"""Every metric family /metrics exposes: (name, type, label names, help). Dashboards and alerts
depend on these names; changing one is a breaking change (tests pin them)."""

from __future__ import annotations

FAMILIES: list[tuple[str, str, tuple[str, ...], str]] = [
    ("aoai_logpipe_info", "gauge", ("version",), "Build information."),
    ("aoai_logpipe_start_time_seconds", "gauge", (), "Start time of the process (Unix seconds)."),
    ("aoai_logpipe_ready", "gauge", (), "1 when /readyz reports ready."),
    ("aoai_logpipe_sink_probe_ok", "gauge", (), "1 when the sink answered its last health probe."),
    ("aoai_logpipe_event_loop_lag_seconds", "gauge", (), "Delay of the event loop's last heartbeat."),
    ("aoai_logpipe_events_total", "counter", (), "Events read from the source."),
    ("aoai_logpipe_event_bytes_total", "counter", (), "Bytes of event bodies read."),
    ("aoai_logpipe_events_dead_lettered_total", "counter", (), "Events that yielded no fragment (dead-lettered whole)."),
    ("aoai_logpipe_dead_letters_total", "counter", ("reason",), "Dead letters written, by reason."),
    ("aoai_logpipe_conversations_total", "counter", ("completeness",), "Conversations closed, by completeness."),
    ("aoai_logpipe_conversations_closed_total", "counter", ("reason",), "Conversations closed, by reason."),
    ("aoai_logpipe_duplicate_fragments_total", "counter", (), "Duplicate fragments dropped (at-least-once redelivery)."),
    ("aoai_logpipe_tokens_total", "counter", ("kind",), "Tokens billed, by kind."),
    ("aoai_logpipe_requests_by_usage_source_total", "counter", ("source",), "Requests billed, by usage source."),
    ("aoai_logpipe_cost_total", "counter", ("currency",), "Cost of priced requests, by currency."),
    ("aoai_logpipe_unpriced_requests_total", "counter", (), "Requests whose model has no price."),
    ("aoai_logpipe_open_conversations", "gauge", ("partition",), "Conversations still open, by partition."),
    ("aoai_logpipe_open_bytes", "gauge", ("partition",), "Bytes held by open conversations, by partition."),
    ("aoai_logpipe_documents_written_total", "counter", (), "Documents written durably by the sink."),
    ("aoai_logpipe_checkpoints_total", "counter", (), "Checkpoints written."),
    ("aoai_logpipe_partitions_owned", "gauge", (), "Partitions this replica owns."),
    ("aoai_logpipe_eventhub_errors_total", "counter", (), "Errors reported by the Event Hubs client."),
    ("aoai_logpipe_partition_checkpoint_sequence_number", "gauge", ("partition",),
     "Sequence number of the last checkpoint written, by partition."),
    ("aoai_logpipe_partition_checkpoint_age_seconds", "gauge", ("partition",),
     "Seconds since the checkpoint of the partition last moved (or since it was claimed)."),
    ("aoai_logpipe_partition_last_enqueued_sequence_number", "gauge", ("partition",),
     "Last sequence number enqueued in the partition (sampled every lag_interval_s)."),
    ("aoai_logpipe_partition_checkpoint_lag_events", "gauge", ("partition",),
     "Events after the checkpoint (what KEDA's azure-eventhub scaler counts as unprocessed)."),
    ("aoai_logpipe_partition_processing_lag_events", "gauge", ("partition",), "Events enqueued but not yet processed."),
    ("aoai_logpipe_cosmos_documents_total", "counter", (), "Documents written to Cosmos DB."),
    ("aoai_logpipe_cosmos_batches_total", "counter", (), "Transactional batches executed."),
    ("aoai_logpipe_cosmos_single_writes_total", "counter", (), "Single-document writes (guarded or lone upserts)."),
    ("aoai_logpipe_cosmos_refused_downgrades_total", "counter", (), "Writes refused: a better version was stored."),
    ("aoai_logpipe_cosmos_trimmed_total", "counter", (), "Audit documents trimmed to fit the 2 MB item limit."),
    ("aoai_logpipe_cosmos_quarantined_total", "counter", (),
     "Documents Cosmos DB refused for good, kept in dead letters."),
    ("aoai_logpipe_cosmos_request_charge_total", "counter", (), "Request units charged by Cosmos DB."),
    ("aoai_logpipe_cosmos_throttles_total", "counter", (), "Requests throttled by Cosmos DB (429)."),
    ("aoai_logpipe_cosmos_retries_total", "counter", ("kind",), "Cosmos DB retries, by status code or error kind."),
    ("aoai_logpipe_cosmos_requests_total", "counter", ("operation",), "Cosmos DB requests sent (every attempt), by operation."),
]

# Exposed by every Health, whatever it was given to watch (the partition families may have no sample).
ALWAYS = [family for family in FAMILIES if family[0] in {
    "aoai_logpipe_info", "aoai_logpipe_start_time_seconds", "aoai_logpipe_ready", "aoai_logpipe_sink_probe_ok",
    "aoai_logpipe_event_loop_lag_seconds"} or family[0].startswith("aoai_logpipe_partition_")]


def without_labels(families: list[tuple[str, str, tuple[str, ...], str]]) -> list[tuple[str, str, str]]:
    """Name, type and help only: a family with no sample shows no label names."""
    return [(name, kind, help_text) for name, kind, _, help_text in families]


def announced(text: str) -> list[tuple[str, str, tuple[str, ...], str]]:
    """(name, type, label names, help) of every family in a Prometheus text exposition, in order."""
    helps: dict[str, str] = {}
    families: dict[str, tuple[str, set[str]]] = {}
    for line in text.splitlines():
        if line.startswith("# HELP "):
            name, _, help_text = line[len("# HELP "):].partition(" ")
            helps[name] = help_text
        elif line.startswith("# TYPE "):
            name, _, kind = line[len("# TYPE "):].partition(" ")
            families[name] = (kind, set())
        elif line and not line.startswith("#"):
            name, brace, rest = line.partition("{")
            if brace:
                for pair in rest.rsplit("}", 1)[0].split('",'):
                    families[name][1].add(pair.split("=", 1)[0])
    return [(name, kind, tuple(sorted(labels)), helps[name]) for name, (kind, labels) in families.items()]
