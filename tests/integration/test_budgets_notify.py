"""Budget notifications end to end: the real CLI in separate processes (restarts), a local
webhook receiver on loopback, SQLite and the Cosmos-compatible server: each crossed threshold
is notified exactly once, whatever runs again, runs concurrently, or died after claiming."""

import asyncio
import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from aiohttp import web

from aoai_logpipe import generate, settings
from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget
from aoai_logpipe.io.ledger import CosmosLedger, SqliteLedger
from aoai_logpipe.io.sqlite import SqliteStore
from tests.integration.test_reports_finance import fill

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-10-20T00:00:00Z"


class Receiver:
    """An incoming-webhook stand-in on 127.0.0.1, in a thread of its own; `fail` answers 500."""

    def __init__(self):
        self.posts: list[dict] = []
        self.fail = False
        self.ready = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self.ready.wait(30), "receiver did not start"

    def _run(self):
        asyncio.set_event_loop(self.loop)

        async def hook(request):
            body = await request.json()
            if self.fail:
                return web.Response(status=500)
            self.posts.append(body)
            return web.Response(status=200, text="1")

        async def start():
            app = web.Application()
            app.router.add_post("/hook", hook)
            self.runner = web.AppRunner(app)
            await self.runner.setup()
            site = web.TCPSite(self.runner, "127.0.0.1", 0)
            await site.start()
            self.port = self.runner.addresses[0][1]
            self.ready.set()

        self.loop.run_until_complete(start())
        self.loop.run_forever()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hook"

    def stop(self):
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(30)


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.stop()


@pytest.fixture(scope="module")
def filled(tmp_path_factory, cosmos_server):
    base = tmp_path_factory.mktemp("budgets")
    generate.write(base / "replay", generate.Plan(conversations=120, seed=41))
    config = settings.load(env={}, overrides={"replay.path": base / "replay", "sqlite.path": base / "db.sqlite",
                                              "dlp.mode": "off", "tiktoken_cache_dir": base / "tiktoken"})
    name = f"db-budgets-{uuid.uuid4().hex[:8]}"
    target = CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=name, verify_tls=False, buckets=4)
    fill(config, SqliteStore(config.sqlite.path), CosmosSink(target, max_backoff_s=0.2))
    yield base, config, name, cosmos_server

    async def drop():
        from azure.cosmos.aio import CosmosClient

        async with CosmosClient(cosmos_server.endpoint, credential=cosmos_server.key, connection_verify=False) as c:
            await c.delete_database(name)

    asyncio.run(drop())


def budget_config(path, fmt):
    path.write_text(f"""
log_format = "json"

[finance.webhook]
format = "{fmt}"

[[finance.budgets]]
dimension = "total"
amount = "0.05"

[[finance.budgets]]
name = "engineering"
dimension = "cost_center"
value = "CC-3003"
amount = "0.01"
thresholds = [1, 2]
""", encoding="utf-8")
    return path


def environment(store, filled, receiver, finance_container):
    base, config, name, server = filled
    env = {k: v for k, v in os.environ.items() if not k.startswith("AOAI_LOGPIPE_")}
    env["AOAI_LOGPIPE_FINANCE__WEBHOOK__URL"] = receiver.url
    env["AOAI_LOGPIPE_FINANCE__COSMOS_CONTAINER"] = finance_container
    if store == "cosmos":
        env.update(AOAI_LOGPIPE_SINK="cosmos", AOAI_LOGPIPE_COSMOS__ENDPOINT=server.endpoint,
                   AOAI_LOGPIPE_COSMOS__KEY=server.key, AOAI_LOGPIPE_COSMOS__VERIFY_TLS="false",
                   AOAI_LOGPIPE_COSMOS__DATABASE=name)
    else:
        env["AOAI_LOGPIPE_SQLITE__PATH"] = str(config.sqlite.path)
    return env


def check(env, config_path, *extra):
    """One `budgets check` run in its own process (each run is a restart)."""
    return subprocess.run([sys.executable, "-m", "aoai_logpipe.cli", "budgets", "check", "--config", str(config_path),
                           "--as-of", AS_OF, *extra], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def events(stderr):
    found = []
    for line in stderr.splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if record.get("event") == "budget_threshold_crossed":
            found.append(record)
    return found


@pytest.mark.parametrize("store, fmt", [("sqlite", "teams"), ("cosmos", "slack")])
def test_each_threshold_is_notified_once_across_restarts_and_concurrent_checkers(store, fmt, filled, receiver,
                                                                                 tmp_path):
    container = f"finance-{uuid.uuid4().hex[:6]}"
    env = environment(store, filled, receiver, container)
    config_path = budget_config(tmp_path / "budgets.toml", fmt)

    first = check(env, config_path)
    assert first.returncode == 0, first.stderr[-3000:]
    # the month's spend crosses every threshold of both budgets by the 20th: 3 + 2 notifications
    assert len(receiver.posts) == 5 and "5 notifications sent" in first.stdout
    logged = events(first.stderr)
    assert len(logged) == 5 and {e["level"] for e in logged} == {"WARNING"}
    assert {(e["budget"], e["threshold_percent"]) for e in logged} == {
        ("total", 50), ("total", 80), ("total", 100), ("engineering", 1), ("engineering", 2)}
    if fmt == "teams":
        card = receiver.posts[0]["attachments"][0]
        assert receiver.posts[0]["type"] == "message"
        assert card["contentType"] == "application/vnd.microsoft.card.adaptive" and card["content"]["type"] == "AdaptiveCard"
    else:
        assert all("crossed" in p["text"] and p["blocks"][0]["type"] == "section" for p in receiver.posts)

    again = check(env, config_path)  # a restart: a new process finds every notification sent
    assert again.returncode == 0 and "0 notifications sent, 5 already sent" in again.stdout
    assert events(again.stderr) == [] and len(receiver.posts) == 5

    racing = [subprocess.Popen([sys.executable, "-m", "aoai_logpipe.cli", "budgets", "check", "--config",
                                str(config_path), "--as-of", AS_OF], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(2)]  # two replicas at once
    for proc in racing:
        proc.communicate(timeout=300)
        assert proc.returncode == 0
    assert len(receiver.posts) == 5


def test_a_refused_webhook_is_retried_by_the_next_check_and_then_sent_once(filled, receiver, tmp_path):
    env = environment("sqlite", filled, receiver, "finance")
    db = Path(env["AOAI_LOGPIPE_SQLITE__PATH"])
    copy = tmp_path / "db.sqlite"
    copy.write_bytes(db.read_bytes())  # a ledger of its own
    env["AOAI_LOGPIPE_SQLITE__PATH"] = str(copy)
    config_path = budget_config(tmp_path / "budgets.toml", "teams")
    receiver.fail = True
    refused = check(env, config_path)
    assert refused.returncode == 4 and "5 failed" in refused.stdout and receiver.posts == []
    assert len(events(refused.stderr)) == 5  # the alert rule's events do not wait for the webhook
    receiver.fail = False
    retried = check(env, config_path)
    assert retried.returncode == 0 and "5 notifications sent" in retried.stdout and len(receiver.posts) == 5
    assert events(retried.stderr) == []  # logged once, on the first attempt
    assert check(env, config_path).returncode == 0 and len(receiver.posts) == 5


def test_a_checker_that_died_after_claiming_is_taken_over_after_the_claim_timeout(filled, receiver, tmp_path):
    from aoai_logpipe.reports import budgets, notify
    from aoai_logpipe.reports.allocation import Allocator
    from aoai_logpipe.reports.finance_config import Budget
    from aoai_logpipe.reports.reader import SqliteReader

    db = tmp_path / "db.sqlite"
    db.write_bytes(Path(filled[1].sqlite.path).read_bytes())
    budget = Budget(dimension="total", amount="0.05", thresholds=[50])
    clock = {"now": 1000.0}

    async def run(send, timeout):
        reader, ledger = SqliteReader(db), SqliteLedger(db, write=True)
        try:
            from datetime import datetime

            statuses = await budgets.evaluate(reader, ledger, [budget], Allocator(),
                                              datetime.fromisoformat(AS_OF.replace("Z", "+00:00")))
            return await notify.check(statuses, ledger, send, claim_timeout_s=timeout, clock=lambda: clock["now"])
        finally:
            await reader.close()
            await ledger.close()

    async def crash(note):
        raise SystemExit("killed between claim and send")

    with pytest.raises(SystemExit):
        asyncio.run(run(crash, 300))
    sent = []

    async def deliver(note):
        sent.append(note)

    assert asyncio.run(run(deliver, 300)).already == 1 and sent == []  # still within the claim
    clock["now"] += 301
    assert len(asyncio.run(run(deliver, 300)).sent) == 1 and len(sent) == 1  # taken over, sent once
    clock["now"] += 10_000
    assert asyncio.run(run(deliver, 300)).already == 1 and len(sent) == 1


def test_cosmos_ledger_refuses_a_second_create_and_a_stale_swap(filled):
    _, _, name, server = filled

    async def go():
        ledger = CosmosLedger(server.endpoint, server.key, database=name, container=f"f-{uuid.uuid4().hex[:6]}",
                              verify_tls=False, write=True)
        try:
            assert await ledger.create({"id": "n", "kind": "notification", "state": "pending"})
            assert not await ledger.create({"id": "n", "kind": "notification", "state": "x"})
            record, token = await ledger.get("n")
            assert await ledger.replace({**record, "state": "sent"}, token)
            assert not await ledger.replace({**record, "state": "stale"}, token)
            assert (await ledger.get("n"))[0]["state"] == "sent" and await ledger.get("absent") is None
        finally:
            await ledger.close()
    asyncio.run(go())

