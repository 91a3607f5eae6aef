"""The embedded default end to end: replay files -> pipeline -> SQLite, checked against the generator's truth."""

import asyncio
import json
from pathlib import Path

import pytest

from aoai_logpipe import app, generate, settings
from aoai_logpipe.core.documents import doc_id
from aoai_logpipe.io.sqlite import SqliteStore
from aoai_logpipe.model import AuditDoc, ChargebackDoc, DeadLetterDoc

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    """A generated month of traffic with known truth, replayed once into SQLite."""
    base = tmp_path_factory.mktemp("month")
    truth = generate.write(base / "replay", generate.Plan(conversations=400, seed=11, gzip=True))
    config = settings.load(env={}, overrides={"replay.path": base / "replay", "sqlite.path": base / "db.sqlite",
                                              "dlp.mode": "off", "tiktoken_cache_dir": base / "tiktoken"})
    result = asyncio.run(app.run_replay(config, progress=False))
    return truth, result, config


def documents(config, table):
    return list(SqliteStore(config.sqlite.path).documents(table))


def test_every_request_of_the_truth_has_one_chargeback_and_one_audit(month):
    truth, _, config = month
    charged = {d["id"] for d in documents(config, "chargeback")}
    audited = {d["id"] for d in documents(config, "audit")}
    expected = {doc_id("cb", r.key) for r in truth.requests}
    assert charged == expected and audited == {doc_id("au", r.key) for r in truth.requests}


def test_reported_usage_matches_the_truth_exactly(month):
    truth, _, config = month
    by_id = {d["id"]: d for d in documents(config, "chargeback")}
    for request in truth.requests:
        doc = by_id[doc_id("cb", request.key)]
        if request.usage is None:
            assert doc["usage_source"] == "estimated", request.key
        else:
            assert doc["usage_source"] == "reported", request.key
            assert doc["usage"] == request.usage, request.key


def test_caller_and_model_attribution_matches_the_truth(month):
    truth, _, config = month
    by_id = {d["id"]: d for d in documents(config, "chargeback")}
    for request in truth.requests:
        doc = by_id[doc_id("cb", request.key)]
        assert doc["model"] == request.model, request.key
        for field in ("cost_center", "user_id", "app_id"):
            if getattr(request, field) is not None:
                assert doc[field] == getattr(request, field), (request.key, field)


def test_completeness_matches_the_truth(month):
    truth, _, config = month
    by_id = {d["id"]: d for d in documents(config, "audit")}
    incomplete = {r.key for r in truth.requests if not r.complete}
    assert {k for k in (r.key for r in truth.requests) if by_id[doc_id("au", k)]["completeness"] == "incomplete"} == incomplete
    assert incomplete, "the generated month should contain truncated streams"


def test_every_event_is_accounted_for(month):
    truth, result, _ = month
    stats = result.stats
    assert stats.events == truth.events + truth.duplicates
    assert stats.events_with_fragments + stats.events_dead_lettered == stats.events
    assert stats.fragments_open == 0
    assert stats.fragments == (stats.fragments_in_documents + stats.fragments_joined + stats.duplicates
                               + stats.dead_letters["late_fragment"])
    assert stats.dead_letters["unmatched_gateway_log"] == truth.unmatched_gateway_logs
    malformed = sum(v for k, v in stats.dead_letters.items() if k not in ("unmatched_gateway_log", "late_fragment"))
    assert malformed == truth.malformed


def test_documents_validate_against_the_published_models(month):
    _, _, config = month
    for model, table in ((ChargebackDoc, "chargeback"), (AuditDoc, "audit"), (DeadLetterDoc, "deadletters")):
        for doc in documents(config, table):
            model.model_validate(doc)


def test_chargeback_documents_carry_no_prompt_or_completion_text(month):
    _, _, config = month
    audit = {d["request_id"]: d for d in documents(config, "audit")}
    for doc in documents(config, "chargeback"):
        text = json.dumps(doc)
        for message in audit[doc["request_id"]]["messages"]:
            for part in message["parts"]:
                if part.get("text") and len(part["text"]) > 20:
                    assert part["text"] not in text


def test_replaying_the_same_files_again_changes_nothing(month, tmp_path):
    _, _, config = month
    before = {t: sorted(json.dumps(d, sort_keys=True) for d in documents(config, t)) for t in ("chargeback", "audit", "deadletters")}
    asyncio.run(app.run_replay(config, progress=False))
    after = {t: sorted(json.dumps(d, sort_keys=True) for d in documents(config, t)) for t in ("chargeback", "audit", "deadletters")}
    assert after == before


def test_a_partial_replay_of_finished_conversations_never_downgrades_them(month, tmp_path):
    """The restart hazard: events past a checkpoint come back without their beginnings."""
    truth, _, config = month
    partial = tmp_path / "partial"
    partial.mkdir()
    for path in (config.replay.path).glob("partition-*.jsonl.gz"):
        import gzip

        lines = gzip.decompress(path.read_bytes()).decode().splitlines()
        (partial / path.name.removesuffix(".gz")).write_text("\n".join(lines[len(lines) // 2:]) + "\n")
    before = {d["id"]: d for d in documents(config, "audit")}
    replay = config.model_copy(update={"replay": config.replay.model_copy(update={"path": partial})})
    result = asyncio.run(app.run_replay(replay, progress=False))
    after = {d["id"]: d for d in documents(config, "audit")}
    assert result.stats.conversations_incomplete > 0 and result.refused_downgrades > 0
    assert {k: v["completeness"] for k, v in after.items()} == {k: v["completeness"] for k, v in before.items()}


def test_the_shipped_replay_data_runs_clean_with_the_default_dlp(tmp_path):
    config = settings.load(env={}, overrides={"replay.path": ROOT / "replay_data", "sqlite.path": tmp_path / "db.sqlite"})
    assert config.dlp.mode == "pattern"
    result = asyncio.run(app.run_replay(config, progress=False))
    truth = json.loads((ROOT / "replay_data" / "truth.json").read_text())["summary"]
    stats = result.stats
    assert stats.conversations_complete + stats.conversations_incomplete == truth["requests"]
    assert stats.conversations_incomplete == truth["incomplete"]
    assert stats.events_with_fragments + stats.events_dead_lettered == stats.events
    audits = {d["id"]: d for d in documents(config, "audit")}
    for doc in audits.values():
        AuditDoc.model_validate(doc)
    requests = json.loads((ROOT / "replay_data" / "truth.json").read_text())["requests"]
    planted = {doc_id("au", r["key"]) for r in requests if r["planted"]}
    assert {k for k, d in audits.items() if d["dlp"]["verdict"] == "flagged"} == planted


def test_caller_records_in_a_later_run_upgrade_the_requests_billed_in_an_earlier_one(tmp_path):
    """Replay joins across files and runs: the GatewayLogs export of a month arrives in a second batch of files."""
    import gzip

    truth = generate.write(tmp_path / "all", generate.Plan(conversations=60, seed=17, dialect_mix=(0.0, 1.0, 0.0), gzip=True))
    for part in ("llm", "callers"):
        (tmp_path / part).mkdir()
    for path in (tmp_path / "all").glob("partition-*.jsonl.gz"):
        lines = gzip.decompress(path.read_bytes()).decode().splitlines()
        callers = [line for line in lines if '"category":"GatewayLogs"' in line]
        (tmp_path / "llm" / path.name).write_bytes(gzip.compress("\n".join(l for l in lines if l not in callers).encode()))
        (tmp_path / "callers" / path.name).write_bytes(gzip.compress("\n".join(callers).encode()))
    base = {"sqlite.path": tmp_path / "db.sqlite", "dlp.mode": "off", "tiktoken_cache_dir": tmp_path / "tk"}
    first = asyncio.run(app.run_replay(settings.load(env={}, overrides={
        **base, "replay.path": tmp_path / "llm", "replay.keep_joins": True}), progress=False))
    assert first.joins_waiting == len(truth.requests) and "still waiting in the store" in "\n".join(app.summary_lines(first))
    billed_alone = {d["id"]: d for d in SqliteStore(tmp_path / "db.sqlite").documents("chargeback")}
    assert {d["attribution"] for d in billed_alone.values()} == {"missing"}
    second = asyncio.run(app.run_replay(settings.load(env={}, overrides={**base, "replay.path": tmp_path / "callers"}),
                                        progress=False))
    charged = {d["id"]: d for d in SqliteStore(tmp_path / "db.sqlite").documents("chargeback")}
    assert set(charged) == set(billed_alone) == {doc_id("cb", r.key) for r in truth.requests}
    for request in truth.requests:
        doc = charged[doc_id("cb", request.key)]
        assert doc["cost_center"] == request.cost_center and doc["user_id"] == request.user_id, request.key
        assert doc["attribution"] == ("complete" if request.cost_center else "missing")
    assert second.stats.joins_upgraded == sum(r.cost_center is not None for r in truth.requests)
    assert second.stats.dead_letters["unmatched_gateway_log"] == truth.unmatched_gateway_logs
    assert SqliteStore(tmp_path / "db.sqlite").pending_joins() == 0
