"""Security operations on Cosmos DB (the local Cosmos-compatible server, real SDK), through the
command line where a user would use it: redacted exports, the access log, holds with TTL
exemption, pruning, erasure that survives a replay and a worker that had not yet seen it."""

import asyncio
import copy
import json

import pytest

from aoai_logpipe import app, generate, settings
from aoai_logpipe.core.pipeline import Output
from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget, read_all
from aoai_logpipe.io.cosmos_admin import CosmosAdmin
from aoai_logpipe.io.replay import ReplaySource
from aoai_logpipe.runner import Runner
from tests.integration.security_support import (assert_planted_absent, exported, money, planted_docs, refused_events,
                                                run_cli)

pytestmark = pytest.mark.integration


@pytest.fixture
def cosmos(cosmos_server, cosmos_database_name, monkeypatch):
    """A database holding the planted documents, and the environment that points the CLI at it."""
    target = CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=cosmos_database_name, verify_tls=False,
                          buckets=4, policy_refresh_s=0.0)
    for name, value in {"ENDPOINT": cosmos_server.endpoint, "KEY": cosmos_server.key, "VERIFY_TLS": "false",
                        "DATABASE": cosmos_database_name}.items():
        monkeypatch.setenv(f"AOAI_LOGPIPE_COSMOS__{name}", value)
    docs, charges = planted_docs()
    asyncio.run(write(target, Output(chargeback=charges, audit=docs)))
    yield target

    async def drop():
        from azure.cosmos.aio import CosmosClient

        async with CosmosClient(target.endpoint, credential=target.credential, connection_verify=False) as client:
            await client.delete_database(target.database)
    asyncio.run(drop())


async def write(target, out, **changes):
    sink = CosmosSink(CosmosTarget(**{**target.__dict__, **changes}), max_backoff_s=0.2)
    await sink.open()
    try:
        await sink.write(copy.deepcopy(out))
        return sink.counters
    finally:
        await sink.close()


def stored(target, role):
    async def go():
        sink = CosmosSink(target)
        await sink.open()
        try:
            return await read_all(sink._containers[role])
        finally:
            await sink.close()
    return asyncio.run(go())


def test_a_redacted_export_from_cosmos_contains_none_of_the_planted_values(cosmos, tmp_path):
    out = tmp_path / "share.jsonl"
    assert run_cli("export", "audit", "--sink", "cosmos", "--redact", "email,person,ip",
                   "--hash", "user_id,user_name", "--out", out) == 0
    assert_planted_absent(out.read_text(encoding="utf-8"))
    header, docs = exported(out)
    assert header["redacted"]["entities"] == ["EMAIL_ADDRESS", "PERSON", "IP_ADDRESS"] and len(docs) == 6
    assert not any("search_text" in d or "pk" in d for d in docs)  # storage fields stay in the store


def test_searches_are_logged_and_the_chain_check_detects_an_edited_and_a_deleted_record(cosmos, capsys):
    assert run_cli("audit", "--sink", "cosmos", "--text", "hello", "--count-by", "app") == 0
    assert "app-a" in capsys.readouterr().out
    assert run_cli("audit", "--sink", "cosmos", "--user", "user-2") == 0
    assert run_cli("audit", "--sink", "cosmos", "show", "req-5") == 0
    assert run_cli("audit", "--sink", "cosmos", "--entity", "US_SSN") == 0
    capsys.readouterr()
    assert run_cli("audit", "access-log", "--sink", "cosmos") == 0
    listing = capsys.readouterr().out
    assert "chain intact: 4 records" in listing and "(Cosmos DB account key)" in listing
    records = stored(cosmos, "security")
    log = sorted((r for r in records if r["pk"] == "access"), key=lambda r: r["seq"])
    assert [r["command"] for r in log] == ["audit count", "audit search", "audit show", "audit search"]
    assert log[1]["result_ids"] == ["req-2", "req-5"]

    async def tamper(edit):
        admin_sink = CosmosSink(cosmos)
        await admin_sink.open()
        try:
            await edit(admin_sink._containers["security"])
        finally:
            await admin_sink.close()

    second = {k: v for k, v in log[1].items() if not k.startswith("_")}
    asyncio.run(tamper(lambda c: c.replace_item(second["id"], {**second, "result_ids": []})))
    assert run_cli("audit", "access-log", "--sink", "cosmos") == 4
    assert "record 2: its content does not match its hash (edited)" in capsys.readouterr().out
    asyncio.run(tamper(lambda c: c.replace_item(second["id"], second)))
    assert run_cli("audit", "access-log", "--sink", "cosmos") == 0
    asyncio.run(tamper(lambda c: c.delete_item(log[2]["id"], partition_key="access")))
    capsys.readouterr()
    assert run_cli("audit", "access-log", "--sink", "cosmos") == 4
    assert "record 4: expected record 3 here: records are missing" in capsys.readouterr().out


def test_text_search_and_counts_answer_as_on_sqlite(cosmos, tmp_path, capsys):
    from aoai_logpipe.io.sqlite import SqliteStore

    docs, charges = planted_docs()
    store = SqliteStore(tmp_path / "db")
    store.write_sync(Output(chargeback=charges, audit=docs))
    store.close_sync()
    for argv in (["--text", "hello", "--count-by", "entity"], ["--text", "jo contoso", "--count-by", "filter"],
                 ["--filtered", "--count-by", "user"], ["--text", "hel*"]):
        assert run_cli("audit", "--sink", "cosmos", *argv) == 0
        from_cosmos = capsys.readouterr().out.split("\n", 1)[1]
        assert run_cli("audit", "--db", tmp_path / "db", *argv) == 0
        assert capsys.readouterr().out.split("\n", 1)[1] == from_cosmos, argv


def test_holds_stamp_ttl_minus_one_survive_rewrites_and_prune_until_released(cosmos, capsys):
    assert run_cli("hold", "--sink", "cosmos", "--user", "user-2", "--request", "req-1", "--case", "INC-9",
                   "--reason", "litigation", "--settle", "0") == 0
    assert "3 audit documents held now" in capsys.readouterr().out
    ttl = {d["request_id"]: d.get("ttl") for d in stored(cosmos, "audit")}
    assert ttl == {"req-1": -1, "req-2": -1, "req-5": -1, "req-3": None, "req-4": None, "req-6": None}
    # a worker rewriting a held conversation (a replay) keeps it held
    docs, _ = planted_docs()
    asyncio.run(write(cosmos, Output(audit=[d for d in docs if d["request_id"] == "req-2"])))
    assert {d["request_id"]: d.get("ttl") for d in stored(cosmos, "audit")}["req-2"] == -1
    assert run_cli("prune", "--sink", "cosmos", "--before", "2026-10-20") == 0
    assert "deleted 0 audit documents" in capsys.readouterr().out
    assert run_cli("hold", "--sink", "cosmos", "--list") == 0
    assert "INC-9" in capsys.readouterr().out
    assert run_cli("hold", "--sink", "cosmos", "--release-case", "INC-9", "--reason", "closed", "--settle", "0") == 0
    assert not [d for d in stored(cosmos, "audit") if "ttl" in d]
    assert run_cli("prune", "--sink", "cosmos", "--before", "2026-10-20") == 0
    assert "deleted 3 audit documents" in capsys.readouterr().out
    assert sorted(d["request_id"] for d in stored(cosmos, "audit")) == ["req-3", "req-4", "req-6"]


# ---------------------------------------------------------------- erasure


async def replay(target, source, tmp_path):
    config = settings.load(env={}, overrides={"replay.path": source, "dlp.mode": "off", "tiktoken_cache_dir": tmp_path / "tk"})
    sink = CosmosSink(target, max_backoff_s=0.2)
    await sink.open()
    try:
        runner = Runner(app.build_pipeline(config), sink)
        for batch in ReplaySource.from_paths([source]).batches():
            await runner.handle(batch.partition, batch.events, final=batch.last)
        await runner.sweep(None)
        return sink.counters
    finally:
        await sink.close()


def rollup(by, capsys):
    capsys.readouterr()
    assert run_cli("chargeback", "--sink", "cosmos", "--period", "2026-10", "--by", by, "--format", "json") == 0
    return json.loads(capsys.readouterr().out)


def test_a_replay_after_erase_leaves_the_users_conversations_absent_on_cosmos(cosmos, tmp_path, capsys):
    generate.write(tmp_path / "in", generate.Plan(conversations=60, seed=5))
    asyncio.run(replay(cosmos, tmp_path / "in", tmp_path))
    users = [d["caller"]["user_id"] for d in stored(cosmos, "audit") if d["caller"]["user_id"]]
    user = max(set(users), key=users.count)
    before = rollup("cost_center", capsys)
    charges_before = len(stored(cosmos, "chargeback"))
    assert run_cli("erase", "--sink", "cosmos", "--user", user, "--reason", "DSR-2", "--yes", "--settle", "0") == 0
    counters = asyncio.run(replay(cosmos, tmp_path / "in", tmp_path))
    assert counters.suppressed == users.count(user)
    assert not [d for d in stored(cosmos, "audit") if user in (d["caller"]["user_id"], d["caller"]["user_name"])]
    charges = stored(cosmos, "chargeback")
    assert len(charges) == charges_before and not [c for c in charges if user in (c.get("user_id"), c.get("user_name"))]
    assert len({c.get("user_id") for c in charges if str(c.get("user_id")).startswith("erased-")}) == 1
    after = rollup("cost_center", capsys)
    assert after["total"] == before["total"]
    assert money(after["groups"], "cost_center") == money(before["groups"], "cost_center")
    log = [r for r in stored(cosmos, "security") if r["pk"] == "access"]
    assert [r["command"] for r in log] == ["erase"] and user not in json.dumps(log)


def test_erase_keeps_the_dead_letters_naming_the_user_without_their_payload_on_cosmos(cosmos, tmp_path, capsys):
    source = tmp_path / "in"
    source.mkdir()
    (source / "refused.jsonl").write_text("\n".join(refused_events("user-9", "user-8")) + "\n", encoding="utf-8")
    asyncio.run(replay(cosmos, source, tmp_path))
    before = sorted(stored(cosmos, "deadletters"), key=lambda d: d["offset"])
    assert len(before) == 3 and all(d["raw"] for d in before)
    assert run_cli("erase", "--sink", "cosmos", "--user", "user-9", "--reason", "DSR-4", "--yes", "--settle", "0") == 0
    assert "2 dead letters naming the user kept without their payload" in capsys.readouterr().out
    asyncio.run(replay(cosmos, source, tmp_path))  # the same events again
    after = sorted(stored(cosmos, "deadletters"), key=lambda d: d["offset"])
    assert [d["id"] for d in after] == [d["id"] for d in before]
    assert [d["raw_encoding"] for d in after] == ["erased", "erased", "utf-8"] and "user-9" not in json.dumps(after)
    assert after[2]["raw"] == before[2]["raw"]


def test_erase_sweeps_again_after_a_worker_that_had_not_seen_the_tombstone(cosmos):
    from azure.cosmos.aio import CosmosClient

    async def race():
        stale = CosmosSink(CosmosTarget(**{**cosmos.__dict__, "policy_refresh_s": 3600.0}), max_backoff_s=0.2)
        await stale.open()  # loads the policy now, and not again for an hour
        docs, _ = planted_docs()
        late = [d for d in docs if d["request_id"] == "req-2"]
        async with CosmosClient(cosmos.endpoint, credential=cosmos.credential, connection_verify=False) as client:
            database = client.get_database_client(cosmos.database)
            admin = CosmosAdmin(database, settle_s=3.0)
            erasing = asyncio.create_task(admin.erase("user-2", {"pseudonym": "erased-test", "time": "t", "by": "b",
                                                                 "reason": "r"}, dry_run=False))
            security = database.get_container_client("security")
            for _ in range(600):  # until the tombstone is written (the first sweep follows it)
                if [i async for i in security.query_items("SELECT c.id FROM c WHERE c.pk = 'tombstone'")]:
                    break
                await asyncio.sleep(0.05)
            await stale.write(copy.deepcopy(Output(audit=late)))  # a worker still on the old policy
            suppressed = stale.counters.suppressed
            result = await erasing
        await stale.close()
        return suppressed, result

    suppressed, result = asyncio.run(race())
    assert suppressed == 0  # the stale worker did write it ...
    assert "au-" + f"{2:040x}" in result.audit_deleted
    assert not [d for d in stored(cosmos, "audit") if d["caller"]["user_id"] == "user-2"]  # ... the second sweep took it
