"""Reports over a generated month, checked against the generator's truth on SQLite and on the
local Cosmos-compatible server: rollups to the cent, replays that change nothing, audit search
that finds exactly the planted findings, and `audit show` redacting as the policy says."""

import argparse
import asyncio
import json
import re
import time
import uuid
from collections import defaultdict
from decimal import Decimal

import pytest

from aoai_logpipe import app, generate, settings
from aoai_logpipe.core.documents import doc_id
from aoai_logpipe.core.types import Usage
from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget
from aoai_logpipe.io.replay import ReplaySource
from aoai_logpipe.io.sqlite import SqliteStore
from aoai_logpipe.reports import audit, rollup
from aoai_logpipe.reports.commands import add_commands
from aoai_logpipe.reports.reader import AuditFilters, CosmosReader, SqliteReader, open_reader, selection
from aoai_logpipe.runner import Runner

PERIOD = "2026-10"
#: generator plant -> the entity DLP reports for it (see core/recognizers.py)
PLANTS = {"EMAIL_ADDRESS": "EMAIL_ADDRESS", "CREDIT_CARD": "CREDIT_CARD", "US_SSN": "US_SSN",
          "AZURE_STORAGE_CONNECTION_STRING": "AZURE_CONNECTION_STRING"}


async def run_into(sink, config, screener):
    pipeline = app.build_pipeline(config, screener)
    runner = Runner(pipeline, sink)
    for batch in ReplaySource.from_paths([config.replay.path]).batches():
        await runner.handle(batch.partition, batch.events, final=batch.last)
    return pipeline


async def run_sqlite(config, screener):
    store = SqliteStore(config.sqlite.path)
    await store.open()
    try:
        await run_into(store, config, screener)
    finally:
        await store.close()


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    base = tmp_path_factory.mktemp("reports-month")
    truth = generate.write(base / "replay", generate.Plan(conversations=300, seed=21))
    config = settings.load(env={}, overrides={"replay.path": base / "replay", "sqlite.path": base / "db.sqlite",
                                              "dlp.mode": "pattern", "tiktoken_cache_dir": base / "tiktoken"})
    screener = app.build_screener(config)  # Presidio: build once for every run of this module
    asyncio.run(run_sqlite(config, screener))
    return truth, config, screener


@pytest.fixture(scope="module")
def cosmos_month(cosmos_server, month):
    _, config, screener = month
    name = f"db-reports-{uuid.uuid4().hex[:8]}"
    target = CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=name, verify_tls=False, buckets=4)

    async def fill():
        sink = CosmosSink(target, max_backoff_s=0.2)
        await sink.open()
        try:
            await run_into(sink, config, screener)
        finally:
            await sink.close()

    asyncio.run(fill())
    yield {"target": target, "fill": fill, "name": name, "server": cosmos_server}

    async def drop():
        from azure.cosmos.aio import CosmosClient

        async with CosmosClient(cosmos_server.endpoint, credential=cosmos_server.key, connection_verify=False) as client:
            await client.delete_database(name)

    asyncio.run(drop())


def sqlite_reader(month):
    return SqliteReader(month[1].sqlite.path)


def cosmos_reader(cosmos_month):
    t = cosmos_month["target"]
    return CosmosReader(t.endpoint, t.credential, database=t.database, verify_tls=False)


def with_reader(factory, work):
    async def go():
        reader = factory()
        try:
            return await work(reader)
        finally:
            await reader.close()
    return asyncio.run(go())


def expected_by_cost_center_and_model(truth):
    prices = app.load_prices(None)
    out = defaultdict(lambda: {"requests": 0, "estimated": 0, "unpriced": 0, "firm_cost": Decimal(0)})
    for r in truth.requests:
        e = out[(r.cost_center or rollup.UNALLOCATED, r.model)]  # allocation: no cost center is (unallocated)
        e["requests"] += 1
        if prices.rate_for(r.model, r.deployment) is None:
            e["unpriced"] += 1
        if r.usage is None:  # the pipeline estimates: compare counts and flags, not amounts
            e["estimated"] += 1
            continue
        cost = prices.cost(Usage(**r.usage), r.model, r.deployment)
        if cost.priced:
            e["firm_cost"] += cost.total
    return out


def check_against_truth(result, truth):
    expected = expected_by_cost_center_and_model(truth)
    got = {g.key: g.totals for g in result.groups}
    assert set(got) == set(expected)
    for key, e in expected.items():
        t = got[key]
        firm = t.cost_total - t.estimated_cost
        assert (t.requests, t.estimated_requests, t.unpriced_requests) == (e["requests"], e["estimated"], e["unpriced"]), key
        assert firm == e["firm_cost"], key  # exact, hence to the cent
        assert firm.quantize(Decimal("0.01")) == e["firm_cost"].quantize(Decimal("0.01"))
    assert result.total.requests == len(truth.requests)
    assert sum(e["estimated"] for e in expected.values()) > 0 and sum(e["unpriced"] for e in expected.values()) > 0
    assert sum((g.totals.cost_total for g in result.groups), Decimal(0)) == result.total.cost_total


def rollup_json(factory):
    async def work(reader):
        started = time.perf_counter()
        result = await rollup.chargeback(reader, selection(PERIOD), ["cost_center", "model"])
        return result, time.perf_counter() - started
    result, seconds = with_reader(factory, work)
    doc = rollup.to_json(result)
    doc.pop("source")
    return result, doc, seconds


# ---------------------------------------------------------------- rollups


def test_sqlite_rollup_equals_the_truth_and_a_replay_changes_nothing(month):
    truth, config, screener = month
    result, before, _ = rollup_json(lambda: sqlite_reader(month))
    check_against_truth(result, truth)
    asyncio.run(run_sqlite(config, screener))  # the same month again: same deterministic ids, upserted
    _, after, _ = rollup_json(lambda: sqlite_reader(month))
    assert after == before


@pytest.mark.integration
def test_cosmos_rollup_equals_the_truth_the_sqlite_rollup_and_survives_a_replay(month, cosmos_month):
    truth = month[0]
    result, before, _ = rollup_json(lambda: cosmos_reader(cosmos_month))
    check_against_truth(result, truth)
    assert before == rollup_json(lambda: sqlite_reader(month))[1]  # identical, field for field
    asyncio.run(cosmos_month["fill"]())  # replay the month into Cosmos once more
    assert rollup_json(lambda: cosmos_reader(cosmos_month))[1] == before


def test_a_time_range_rollup_sums_the_days_it_covers(month):
    async def work(reader):
        days = await rollup.chargeback(reader, selection(PERIOD), ["day"], sort="key")
        part = await rollup.chargeback(reader, selection(None, "2026-10-05", "2026-10-11"), ["cost_center"])
        return days, part
    days, part = with_reader(lambda: sqlite_reader(month), work)
    window = [g for g in days.groups if "2026-10-05" <= g.key[0] <= "2026-10-11"]
    assert part.total.cost_total == sum((g.totals.cost_total for g in window), Decimal(0))
    assert part.total.requests == sum(g.totals.requests for g in window) > 0


# ---------------------------------------------------------------- audit


def planted(truth, plant):
    """{user_id: {audit document id}} of the requests where the generator planted `plant`."""
    out = defaultdict(set)
    for r in truth.requests:
        if plant in r.planted and r.user_id is not None:
            out[r.user_id].add(doc_id("au", r.key))
    return out


def check_audit_finds_exactly_the_plants(factory, truth):
    async def work(reader):
        results = {}
        for plant, entity in PLANTS.items():
            rows = [r async for r in reader.audit_search(AuditFilters(entity=entity), audit.SEARCH_FIELDS)]
            expected = planted(truth, plant)
            top_user = max(expected, key=lambda u: (len(expected[u]), u))
            by_user = [r async for r in reader.audit_search(AuditFilters(entity=entity, user=top_user), audit.SEARCH_FIELDS)]
            results[plant] = (rows, expected, top_user, by_user)
        return results
    for plant, (rows, expected, top_user, by_user) in with_reader(factory, work).items():
        found = defaultdict(set)
        for row in rows:
            if row["caller.user_id"] is not None:
                found[row["caller.user_id"]].add(row["id"])
        assert dict(found) == dict(expected), plant
        assert {r["id"] for r in by_user} == expected[top_user] and len(by_user) >= 1, plant
        assert all(r["dlp.verdict"] == "flagged" for r in rows)


def test_sqlite_audit_finds_exactly_the_planted_findings_per_entity_and_user(month):
    check_audit_finds_exactly_the_plants(lambda: sqlite_reader(month), month[0])


@pytest.mark.integration
def test_cosmos_audit_finds_exactly_the_planted_findings_per_entity_and_user(month, cosmos_month):
    check_audit_finds_exactly_the_plants(lambda: cosmos_reader(cosmos_month), month[0])


def show(factory, truth, plant):
    request = next(r for r in truth.requests if r.planted == [plant] and r.user_id and r.dialect == "v1")

    async def work(reader):
        docs = await reader.audit_get(request.request_id)
        charge = await reader.chargeback_get("cb-" + docs[0]["id"][3:])
        return audit.render_show(docs[0], charge), docs[0]
    return with_reader(factory, work)


@pytest.mark.parametrize("store", ["sqlite", pytest.param("cosmos", marks=pytest.mark.integration)])
def test_audit_show_redacts_as_the_default_policy_says(month, request, store):
    truth = month[0]
    factory = (lambda: sqlite_reader(month)) if store == "sqlite" else \
        (lambda: cosmos_reader(request.getfixturevalue("cosmos_month")))
    card, doc = show(factory, truth, "CREDIT_CARD")
    assert "<CREDIT_CARD>" in card and not re.search(r"Contact: \d{4} \d{4,6} \d{4,5}", card)
    assert doc["dlp"]["findings"][0]["action"] == "redact" and "cost       " in card
    ssn, _ = show(factory, truth, "US_SSN")
    assert "<US_SSN>" in ssn and not re.search(r"Contact: \d{3}-\d{2}-\d{4}", ssn)
    key, _ = show(factory, truth, "AZURE_STORAGE_CONNECTION_STRING")
    assert "AccountKey=" not in key and re.search(r"Contact: <AZURE_(CONNECTION_STRING|KEY)>", key)
    email, _ = show(factory, truth, "EMAIL_ADDRESS")  # personal data, kept by the default policy
    assert re.search(r"Contact: [a-z]+\.[a-z]+@contoso\.com", email) and "kept as received" in email


# ---------------------------------------------------------------- the command line


def parser():
    p = argparse.ArgumentParser(prog="aoai-logpipe")
    handlers = add_commands(p.add_subparsers(dest="command"))
    return p, handlers


def cli(argv):
    p, handlers = parser()
    args = p.parse_args(argv)
    return handlers[args.command](args)


def test_commands_on_sqlite(month, tmp_path, capsys):
    truth, config, _ = month
    db = str(config.sqlite.path)
    assert cli(["chargeback", "--db", db, "--period", PERIOD, "--by", "cost_center,model", "--format", "json",
                "--out", str(tmp_path / "cb.json")]) == 0
    doc = json.loads((tmp_path / "cb.json").read_text())
    assert doc["total"]["requests"] == len(truth.requests) and doc["by"] == ["cost_center", "model"]
    assert sum(Decimal(g["cost_total"]) for g in doc["groups"]) == Decimal(doc["total"]["cost_total"])
    assert cli(["chargeback", "--db", db, "--by", "model", "--format", "csv"]) == 0  # default: the latest period
    out, err = capsys.readouterr()
    assert "latest period in the store, 2026-10" in err
    assert not any(line.startswith("TOTAL,") for line in out.splitlines())  # a SUM over the CSV is the total
    assert cli(["reconcile", "--db", db, "--period", PERIOD]) == 0
    out, _ = capsys.readouterr()
    estimated = sum(r.usage is None for r in truth.requests)
    assert f"no reported usage: {estimated} of {len(truth.requests)} requests" in out
    assert cli(["audit", "--db", db, "--entity", "CREDIT_CARD", "--format", "jsonl", "--out", str(tmp_path / "a.jsonl")]) == 0
    exported = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert exported and all(any(f["entity"] == "CREDIT_CARD" for f in d["dlp"]["findings"]) for d in exported)
    assert cli(["audit", "--db", db, "show", exported[0]["request_id"]]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith(f"request    {exported[0]['request_id']}") and "<CREDIT_CARD>" in out
    assert cli(["audit", "--db", db, "show", "no-such-request"]) == 3
    assert cli(["chargeback", "--db", db, "--by", "colour"]) == 2
    assert cli(["chargeback", "--db", str(tmp_path / "missing.db")]) == 3
    err = capsys.readouterr().err
    assert "--by takes" in err and "does not exist" in err


@pytest.mark.integration
def test_commands_on_cosmos_use_the_configured_settings(month, cosmos_month, monkeypatch, capsys, tmp_path):
    server = cosmos_month["server"]
    for name, value in {"ENDPOINT": server.endpoint, "KEY": server.key, "VERIFY_TLS": "false",
                        "DATABASE": cosmos_month["name"]}.items():
        monkeypatch.setenv(f"AOAI_LOGPIPE_COSMOS__{name}", value)
    assert cli(["chargeback", "--sink", "cosmos", "--period", PERIOD, "--by", "cost_center,model", "--format", "json",
                "--stats"]) == 0
    out, err = capsys.readouterr()
    from_cosmos = json.loads(out)
    assert "read Cosmos DB" in err and "queries" in err
    assert cli(["chargeback", "--db", str(month[1].sqlite.path), "--period", PERIOD, "--by", "cost_center,model",
                "--format", "json"]) == 0
    from_sqlite = json.loads(capsys.readouterr().out)
    for doc in (from_cosmos, from_sqlite):
        doc.pop("source")
    assert from_cosmos == from_sqlite
    assert cli(["audit", "--sink", "cosmos", "--filtered", "--verdict", "flagged"]) == 0
    assert "matching conversations" in capsys.readouterr().out
    assert cli(["report", "--sink", "cosmos", "--period", PERIOD, "--out", str(tmp_path / "r.html")]) == 0
    assert "<svg" in (tmp_path / "r.html").read_text()
    reader_settings = settings.load(overrides={"sink": "cosmos"})
    assert isinstance(asyncio.run(_open_and_close(reader_settings)), CosmosReader)


async def _open_and_close(config):
    reader = open_reader(config)
    await reader.close()
    return reader
