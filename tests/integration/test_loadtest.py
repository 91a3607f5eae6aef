"""The load-test kit end to end: loadgen through the Event Hubs test server and the worker into the
Cosmos-compatible server, then `reconcile --run` over what it sent; reconcile's exit codes."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from aoai_logpipe import app, settings
from aoai_logpipe.core.pipeline import Output
from aoai_logpipe.io.sqlite import SqliteStore
from tests.integration import worker_support as ws

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = re.compile(r"^(\d+) sent, (\d+) charged exactly once, (\d+) missing, (\d+) duplicated, (\d+) token mismatches$",
                     re.MULTILINE)


async def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 240) -> tuple[int, str, str]:
    """The command line as a subprocess, without blocking the event loop the worker runs on."""
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "aoai_logpipe.cli", *args, cwd=ROOT, env=env,
                                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    return proc.returncode or 0, out.decode(), err.decode()


@pytest.mark.integration
async def test_loadgen_at_a_set_rate_through_the_worker_is_charged_exactly_once(
        eventhub, azurite_connection_str, cosmos_server, tiktoken_dir, tmp_path):
    suffix = uuid.uuid4().hex[:8]
    overrides = ws.worker_overrides(eventhub, azurite_connection_str, cosmos_server, f"lt-{suffix}", f"ckpt-{suffix}")
    env = ws.worker_env(overrides, tiktoken_dir)
    config = settings.load(env={}, overrides={**overrides, "tiktoken_cache_dir": tiktoken_dir})
    stop = asyncio.Event()
    worker = asyncio.create_task(app.run_eventhub(config, stop))
    run_id, rate, duration = f"lg-{suffix}", 60.0, 6.0
    manifest = tmp_path / "manifest.jsonl"
    try:
        code, out, err = await cli("loadgen", "--run-id", run_id, "--rate", str(rate), "--duration", str(duration),
                                   "--dialect", "mixed", "--manifest", str(manifest), "--no-progress", env=env)
        assert code == 0, err
        sent = [json.loads(line) for line in manifest.read_text().splitlines()]
        events = sum(s["events"] for s in sent)
        achieved = float(re.search(r"([\d.]+) events/s achieved", out).group(1))
        assert {s["dialect"].split("-")[0] for s in sent} == {"v1", "apim", "legacy"}
        assert events <= rate * duration + 20  # paced: never ahead of the target (plus one request's events)
        assert achieved >= rate * 0.5, out  # and not far behind it, even on busy cores
        code, out, err = await cli("reconcile", "--run", run_id, "--manifest", str(manifest), "--wait", "120",
                                   "--problems", str(tmp_path / "problems.csv"), env=env)
    finally:
        stop.set()
        await worker
    assert code == 0, out + err
    n = len(sent)
    assert SUMMARY.search(out).groups() == (str(n), str(n), "0", "0", "0"), out
    assert "delay from request to document: p50" in out
    assert (tmp_path / "problems.csv").read_text().count("\n") == 1  # the header only


def _charge(request_id: str, run: str, prompt: int) -> dict:
    return {"id": f"cb-{request_id}", "request_id": request_id, "time": "2026-12-03T06:00:01Z", "period": "2026-12",
            "tags": {"loadtest_run": run, "loadtest_request": request_id}, "usage_source": "reported",
            "usage": {"prompt_tokens": prompt, "completion_tokens": 2, "total_tokens": prompt + 2}, "rank": 2_000_000}


def _manifest(path: Path, run: str, ids: list[str]) -> Path:
    path.write_text("".join(json.dumps({"run": run, "request_id": i, "time": "2026-12-03T06:00:00Z",
                                        "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}}) + "\n"
                            for i in ids))
    return path


@pytest.fixture
def store(tmp_path):
    db = tmp_path / "db.sqlite"
    sqlite = SqliteStore(db)
    sqlite.write_sync(Output(chargeback=[_charge("a", "r1", 5), _charge("b", "r1", 9)]))
    sqlite.close_sync()
    return db


async def test_reconcile_run_over_sqlite_exits_4_and_lists_the_problems(store, tmp_path):
    manifest = _manifest(tmp_path / "m.jsonl", "r1", ["a", "b", "c"])
    code, out, err = await cli("reconcile", "--run", "r1", "--manifest", str(manifest), "--db", str(store),
                               "--problems", str(tmp_path / "p.csv"))
    assert code == 4, err
    assert "3 sent, 2 charged exactly once, 1 missing, 0 duplicated, 1 token mismatches" in out
    assert "not available" in out  # SQLite keeps no write time
    problems = (tmp_path / "p.csv").read_text().splitlines()[1:]
    assert sorted(p.split(",")[:2] for p in problems) == [["b", "token_mismatch"], ["c", "missing"]]


async def test_reconcile_run_without_its_manifest_is_a_plain_error(store, tmp_path):
    code, _, err = await cli("reconcile", "--run", "r1", "--manifest", str(tmp_path / "none.jsonl"), "--db", str(store))
    assert code == 3 and "does not exist" in err and "Traceback" not in err


async def test_reconcile_without_run_keeps_its_drift_report(store):
    code, out, err = await cli("reconcile", "--db", str(store), "--period", "2026-12")
    assert code == 0, err
    assert out.startswith("reconcile period 2026-12")
