"""Locust for real: deploy/loadtest/locustfile.py, headless and bounded, against the fake gateway,
whose v1 events go through the Event Hubs test server and the worker into the Cosmos-compatible
server; `reconcile --run --locust-log` then finds every request charged exactly once."""

from __future__ import annotations

import csv
import uuid

import pytest

from tests.integration import worker_support as ws
from tests.servers import loadtest_stack

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
