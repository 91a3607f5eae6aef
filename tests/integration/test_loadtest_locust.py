"""Locust for real: deploy/loadtest/locustfile.py, headless and bounded, against the fake gateway,
whose v1 events go through the Event Hubs test server and the worker into the Cosmos-compatible
server; `reconcile --run --locust-log` then finds every request charged exactly once."""

from __future__ import annotations

import csv
import subprocess
import sys
import uuid

import pytest

from tests.integration import worker_support as ws
from tests.servers import loadtest_stack
from tests.servers.cosmos import missing_node_reason

pytestmark = pytest.mark.integration


def test_a_bounded_locust_run_against_the_fake_gateway_is_charged_exactly_once(
        eventhub, azurite_connection_str, cosmos_server, tiktoken_dir, tmp_path):
    suffix = uuid.uuid4().hex[:8]
    overrides = ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, f"lc-{suffix}", f"ckpt-{suffix}")
    users, loops = 3, 2
    outcome = loadtest_stack.run(eventhub.connection_str, ws.worker_env(overrides, tiktoken_dir), tmp_path,
                                 users, loops, f"lc-{suffix}")
    assert outcome.locust_code == 0, (tmp_path / "locust.log").read_text()
    assert outcome.summary == (12, 12, 0, 0, 0), outcome.reconcile_out
    assert outcome.reconcile_code == 0
    assert outcome.gateway_counters["tokens_issued"] == users  # one token per virtual user
    assert outcome.gateway_counters["streamed"] == 6 and not outcome.gateway_counters["refused"]


def test_the_locust_log_names_the_run_and_the_usage_of_every_request(
        eventhub, azurite_connection_str, cosmos_server, tiktoken_dir, tmp_path):
    suffix = uuid.uuid4().hex[:8]
    overrides = ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, f"lc-{suffix}", f"ckpt-{suffix}")
    loadtest_stack.run(eventhub.connection_str, ws.worker_env(overrides, tiktoken_dir), tmp_path, 1, 3, f"lc-{suffix}")
    rows = list(csv.DictReader((tmp_path / "locust_requests.csv").open()))
    assert [r["label"].split()[:2] for r in rows] == [["chat", "stream"], ["chat", "json"]] * 3
    assert {r["loadtest_run"] for r in rows} == {f"lc-{suffix}"} and len({r["loadtest_request"] for r in rows}) == 6
    for row in rows:  # streamed rows too: the usage chunk that include_usage asks for was read
        assert int(row["prompt_tokens"]) + int(row["completion_tokens"]) == int(row["total_tokens"]) > 0


def test_the_dev_command_starts_its_own_servers_and_prints_the_summary_line(tmp_path):
    """What `scripts/dev loadtest` runs (after installing), here with fewer users."""
    if missing_node_reason("@vercel/cosmosdb-server") or missing_node_reason("azurite", ".bin/azurite-blob"):
        pytest.skip("the npm test servers are not installed")
    done = subprocess.run([sys.executable, "-m", "tests.servers.loadtest_stack", "--users", "2", "--loops", "2",
                           "--workdir", str(tmp_path)], cwd=loadtest_stack.ROOT, capture_output=True, text=True,
                          timeout=500)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "8 sent, 8 charged exactly once, 0 missing, 0 duplicated, 0 token mismatches\n" in done.stdout
