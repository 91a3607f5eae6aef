"""The load-test kit's local end-to-end run, no Azure: the fake gateway (emitting aoai-logpipe/v1
events into the Event Hubs test server), Locust headless and bounded running
deploy/loadtest/locustfile.py against it, the worker (`aoai-logpipe consume`) writing to the
Cosmos-compatible server, then `aoai-logpipe reconcile --run` over Locust's per-request log.

One procedure for both callers: tests/integration/test_loadtest_locust.py runs it on the session's
servers; `scripts/dev loadtest` runs `python -m tests.servers.loadtest_stack`, which starts the
same servers the test fixtures start. Loopback only; every step has a time limit.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from tests.integration import worker_support as ws
from tests.servers.azurite import start_azurite
from tests.servers.cosmos import _child_setup, start_cosmos
from tests.servers.eventhub_server import EventHubTestServer

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = ROOT / "deploy" / "loadtest" / "locustfile.py"
SUMMARY = re.compile(r"^(\d+) sent, (\d+) charged exactly once, (\d+) missing, (\d+) duplicated, (\d+) token mismatches$",
                     re.MULTILINE)


@dataclass(frozen=True)
class Outcome:
    expected: int  # chat requests the bounded Locust run sends
    locust_code: int
    reconcile_code: int
    reconcile_out: str
    gateway_counters: dict

    @property
    def summary(self) -> tuple[int, ...] | None:
        found = SUMMARY.search(self.reconcile_out)
        return tuple(int(g) for g in found.groups()) if found else None

    @property
    def ok(self) -> bool:
        n = self.expected
        return self.locust_code == 0 and self.reconcile_code == 0 and self.summary == (n, n, 0, 0, 0)


def run(eventhub_conn: str, worker_env: dict[str, str], workdir: Path, users: int, loops: int,
        run_id: str, timeout: float = 300.0) -> Outcome:
    """Each of `users` runs `loops` iterations of two chat requests (streamed and not)."""
    expected = users * loops * 2
    cli = [sys.executable, "-m", "aoai_logpipe.cli"]
    worker = subprocess.Popen([*cli, "consume", "--json"], cwd=ROOT, env=worker_env, stdout=subprocess.DEVNULL,
                              stderr=(workdir / "worker.log").open("w"), preexec_fn=_child_setup())
    gateway = subprocess.Popen([sys.executable, "-m", "aoai_logpipe.loadtest.fakegateway", "--eventhub", eventhub_conn,
                                "--lifetime", str(timeout), "--max-requests", str(expected)],
                               cwd=ROOT, env=worker_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_child_setup())
    try:
        url = f"http://127.0.0.1:{_port(gateway, 60.0)}"
        _wait_ready(worker, workdir / "worker.log", timeout)  # the store exists before anything is sent
        log = workdir / "locust_requests.csv"
        locust_env = {**os.environ, "OPENAI_ENDPOINT": url, "AUTHORITY": url, "TENANT_ID": "local-tenant",
                      "CLIENT_ID": "loadtest-client", "CLIENT_SECRET": "local-only", "RESOURCE": "https://cognitiveservices.azure.com",
                      "OPENAI_DEPLOYMENT_NAME": "gpt-4o", "OPENAI_API_VERSION": "2024-10-21",
                      "LOADTEST_RUN": run_id, "LOOP_COUNT": str(loops), "REQUEST_LOG": str(log)}
        locust = subprocess.run([sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "-u", str(users),
                                 "-r", str(users), "--run-time", f"{int(timeout)}s", "--only-summary",
                                 "--loglevel", "WARNING"],
                                cwd=workdir, env=locust_env, stdout=(workdir / "locust.log").open("w"),
                                stderr=subprocess.STDOUT, timeout=timeout + 60)
        reconcile = subprocess.run([*cli, "reconcile", "--run", run_id, "--locust-log", str(log), "--wait", "180",
                                    "--problems", str(workdir / "problems.csv")],
                                   cwd=ROOT, env=worker_env, capture_output=True, text=True, timeout=300)
    finally:
        counters = _stop_gateway(gateway)
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    return Outcome(expected, locust.returncode, reconcile.returncode, reconcile.stdout + reconcile.stderr, counters)


def _wait_ready(worker: subprocess.Popen, log_path: Path, timeout: float) -> None:
    """Until the worker's /readyz answers 200: it owns partitions and its sink answers."""
    deadline = time.monotonic() + timeout
    port = None
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"the worker stopped (exit {worker.returncode}): see {log_path}")
        if port is None:
            match = re.search(r"health endpoints on port (\d+)", log_path.read_text())
            port = int(match.group(1)) if match else None
        if port is not None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
        time.sleep(0.2)
    raise RuntimeError(f"the worker was not ready within {timeout:.0f} s: see {log_path}")


def _port(gateway: subprocess.Popen, timeout: float) -> int:
    """The `{"port": N}` line the gateway prints once it listens."""
    ready, _, _ = select.select([gateway.stdout], [], [], timeout)
    line = gateway.stdout.readline() if ready else ""
    if not line:
        gateway.kill()
        raise RuntimeError(f"the fake gateway did not start: {gateway.stderr.read()[-2000:]}")
    return int(json.loads(line)["port"])


def _stop_gateway(gateway: subprocess.Popen) -> dict:
    """SIGTERM, then its counters (the last stderr line)."""
    if gateway.poll() is None:
        gateway.send_signal(signal.SIGTERM)
    try:
        _, err = gateway.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        gateway.kill()
        _, err = gateway.communicate()
    for line in reversed(err.splitlines()):
        if line.startswith('{"counters"'):
            return json.loads(line)["counters"]
    return {}


def main(argv: list[str] | None = None) -> int:
    """`scripts/dev loadtest`: start the local servers, run the kit, print reconcile's report."""
    parser = argparse.ArgumentParser(prog="scripts/dev loadtest", description=main.__doc__)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--loops", type=int, default=15, help="iterations per user, two requests each (default: %(default)s)")
    parser.add_argument("--workdir", type=Path, help="logs and problems.csv of the run (default: out/loadtest/RUN)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    suffix = uuid.uuid4().hex[:8]
    work = args.workdir or ROOT / "out" / "loadtest" / f"lt-{suffix}"  # kept after the run
    work.mkdir(parents=True, exist_ok=True)
    hub = EventHubTestServer(hub="loadtest", partitions=4)
    hub.start()
    azurite = start_azurite(work / "azurite")
    cosmos = start_cosmos(log_dir=work)
    try:
        conn = hub.connection_string("loadtest")
        overrides = ws.worker_overrides(SimpleNamespace(connection_str=conn), azurite.connection_str, cosmos,
                                        f"loadtest-{suffix}", f"ckpt-{suffix}")
        (work / "tiktoken").mkdir()
        env = ws.worker_env(overrides, work / "tiktoken")
        print(f"[loadtest] {args.users} users x {args.loops} iterations x 2 requests, run lt-{suffix}", file=sys.stderr)
        outcome = run(conn, env, work, args.users, args.loops, f"lt-{suffix}")
    finally:
        cosmos.stop()
        azurite.stop()
        hub.stop()
    print(outcome.reconcile_out, end="")
    print(f"[loadtest] locust exit {outcome.locust_code}, gateway {outcome.gateway_counters}, "
          f"{time.monotonic() - started:.0f} s", file=sys.stderr)
    if not outcome.ok:
        print(f"[loadtest] FAILED: expected {outcome.expected} requests charged exactly once; logs in {work}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
