"""Fixtures shared by the integration tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers.cosmos import _child_setup

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workers():
    """Starts worker processes; whatever a test leaves running is killed at teardown, and a
    worker dies with the test process (parent-death signal), so none outlives a failed test."""
    started: list[subprocess.Popen] = []

    def start(env, log_path: Path, *args: str) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-m", "aoai_logpipe.cli", "consume", "--json", *args], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=log_path.open("w"), text=True,
                                preexec_fn=_child_setup())
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
