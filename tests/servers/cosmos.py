"""A local Cosmos DB stand-in for the integration tests (test-only code).

``start_cosmos()`` runs ``tests/servers/cosmos_launcher.js`` (``@vercel/cosmosdb-server`` with
keep-alive, batch/404 fixes and fault injection) on free ports and returns a
:class:`CosmosServer`::

    server = start_cosmos()
    client = azure.cosmos.aio.CosmosClient(server.endpoint, credential=server.key,
                                           connection_verify=False)
    server.inject("429", 3, ops=["write"])      # next 3 writes answer 429 (retry after 50 ms)
    ...
    server.counters()["faults_injected"]        # {"429": 3}
    server.stop()

This module also holds the small process helpers shared with ``azurite.py``: the servers run in
their own process group (killed as a group on ``stop()``, at interpreter exit, and - on Linux -
when the parent dies, through ``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import atexit
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
LAUNCHER = Path(__file__).with_name("cosmos_launcher.js")

#: The Cosmos DB emulator's well-known key (any base64 key works with this server).
COSMOS_EMULATOR_KEY = (
    "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
)

FAULT_KINDS = ("429", "503", "status", "delay", "reset")


class ServerStartError(RuntimeError):
    """A local test server did not come up; the message includes its log tail."""


# --------------------------------------------------------------------------- process helpers
def node_executable() -> str | None:
    """``$NODE`` if set (a path or a name on PATH), else ``node`` from PATH."""
    return shutil.which(os.environ.get("NODE") or "node")


def missing_node_reason(*packages: str) -> str | None:
    """Why the Node-based servers cannot run here (None if they can).

    ``packages`` are paths under node_modules that must exist, e.g. ``"azurite"``.
    """
    if node_executable() is None:
        return "node is not installed (needed for the local Azure stand-in servers)"
    if not NODE_MODULES.is_dir():
        return f"{NODE_MODULES} is missing: run `npm ci` at the repository root"
    for pkg in packages:
        if not (NODE_MODULES / pkg).exists():
            return f"{NODE_MODULES / pkg} is missing: run `npm ci` at the repository root"
    return None


_PR_SET_PDEATHSIG = 1
try:  # loaded in the parent so the forked child only makes one plain C call
    _LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
except OSError:  # pragma: no cover
    _LIBC = None


def _set_pdeathsig() -> None:  # runs in the child between fork and exec
    # The kernel SIGTERMs the server when the thread that forked it dies (pytest killed,
    # even by SIGKILL), so no node process outlives the test session.
    _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def _child_setup():
    """preexec_fn for Popen: parent-death signal, only when forking from the main thread
    (PR_SET_PDEATHSIG follows the forking *thread*; a short-lived worker thread would take
    the server down with it)."""
    if _LIBC is not None and threading.current_thread() is threading.main_thread():
        return _set_pdeathsig
    return None


_live: set["ServerProcess"] = set()
_live_lock = threading.Lock()


@atexit.register
def _stop_all() -> None:
    with _live_lock:
        procs = list(_live)
    for p in procs:
        p.stop()


class ServerProcess:
    """A child server process in its own process group, with stdout/stderr in a log file."""

    def __init__(self, name: str, argv: list[str], *, log_path: Path, cwd: Path = REPO_ROOT,
                 env: dict[str, str] | None = None, stdin_pipe: bool = False):
        self.name = name
        self.argv = argv
        self.log_path = log_path
        self._log = open(log_path, "ab", buffering=0)
        self._lines: list[str] = []
        self._cond = threading.Condition()
        self.proc = subprocess.Popen(
            argv,
            cwd=str(cwd),
            env={**os.environ, **(env or {})},
            stdin=subprocess.PIPE if stdin_pipe else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._log,
            start_new_session=True,  # own process group: killpg() takes every child with it
            preexec_fn=_child_setup(),
        )
        self.pgid = self.proc.pid  # leader of its new session/group
        with _live_lock:
            _live.add(self)
        self._reader = threading.Thread(target=self._pump, name=f"{name}-stdout", daemon=True)
        self._reader.start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for raw in iter(self.proc.stdout.readline, b""):
            try:
                self._log.write(raw)
            except ValueError:  # log closed
                pass
            with self._cond:
                self._lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_for_line(self, predicate, timeout: float) -> str:
        """Wait for a stdout line matching ``predicate``; raise ServerStartError otherwise."""
        deadline = time.monotonic() + timeout
        seen = 0
        with self._cond:
            while True:
                while seen < len(self._lines):
                    line = self._lines[seen]
                    seen += 1
                    if predicate(line):
                        return line
                if self.proc.poll() is not None and not self._reader.is_alive():
                    raise ServerStartError(
                        f"{self.name} exited with {self.proc.returncode} before it was ready\n"
                        + self.log_tail())
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ServerStartError(f"{self.name} not ready after {timeout}s\n" + self.log_tail())
                self._cond.wait(min(left, 0.1))

    def log_tail(self, n: int = 40) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return f"--- last lines of {self.log_path} ---\n" + "\n".join(lines[-n:])

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM the whole process group, then SIGKILL it if needed. Idempotent."""
        if self.proc.returncode is None:
            for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, timeout)):
                try:
                    os.killpg(self.pgid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        # Anything else left in the group (a leader that exited early leaves orphans).
        try:
            os.killpg(self.pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        self._reader.join(timeout=2)
        try:
            self._log.close()
        except OSError:
            pass
        with _live_lock:
            _live.discard(self)


def wait_for_port(host: str, port: int, timeout: float, proc: ServerProcess | None = None) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if proc is not None and not proc.alive:
                raise ServerStartError(f"{proc.name} exited with {proc.proc.returncode}\n" + proc.log_tail())
            if time.monotonic() > deadline:
                raise ServerStartError(
                    f"nothing accepts connections on {host}:{port} after {timeout}s\n"
                    + (proc.log_tail() if proc else ""))
            time.sleep(0.05)


# --------------------------------------------------------------------------- the Cosmos server
@dataclass
class CosmosServer:
    """A running cosmos_launcher.js. Thread-safe enough for tests; not for production."""

    host: str
    port: int
    control_port: int
    process: ServerProcess
    log_path: Path
    key: str = COSMOS_EMULATOR_KEY
    keep_alive: bool = True
    _tmpdir: str | None = field(default=None, repr=False)

    @property
    def endpoint(self) -> str:
        return f"https://{self.host}:{self.port}"

    @property
    def control_url(self) -> str:
        return f"http://{self.host}:{self.control_port}"

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``CosmosClient(**server.client_kwargs())`` (sync or aio)."""
        return {"url": self.endpoint, "credential": self.key, "connection_verify": False}

    # -- control API -------------------------------------------------------------------
    def _control(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.control_url + path, data=data, method=method,
                                     headers={"content-type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=5) as resp:
                return json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as err:
            raise RuntimeError(f"cosmos control {method} {path}: {err.code} {err.read()!r}") from None

    def inject(self, kind: str, count: int = 1, *, ops: str | Iterable[str] | None = None,
               writes_only: bool = False, method: str | None = None, path: str | None = None,
               retry_after_ms: int | None = None, delay_ms: int | None = None,
               status: int | None = None, code: str | None = None,
               substatus: int | None = None, body: str | None = None) -> dict[str, Any]:
        """Make the next ``count`` matching requests fail (or stall).

        kind: ``"429"`` (with ``x-ms-retry-after-ms: retry_after_ms``, default 50, substatus
        3200), ``"503"``, ``"status"`` (any ``status``, with optional ``code``),
        ``"delay"`` (wait ``delay_ms`` then serve normally) or ``"reset"`` (drop the TCP
        connection without answering).

        Matching: ``ops`` lists request classes (``meta`` = account/database/container/pkranges
        reads, ``read``, ``query``, ``write``) and/or operation names (``create``, ``upsert``,
        ``replace``, ``delete``, ``patch``, ``batch``, ``read``, ``readfeed``, ``query``,
        ``database``, ``container``, ``account``, ``pkranges``) or ``"any"``; default is
        ``read``+``query``+``write`` (metadata requests are left alone). ``writes_only=True``
        means ``ops=["write"]`` (database/container creation counts as a write). ``method``
        filters the HTTP method and ``path`` is a JavaScript regex on the URL path, e.g.
        ``r"/colls/events/docs"``. ``body`` is a JavaScript regex on the body of a write, e.g. a
        document id: with a large ``count`` that document is refused for good.
        Returns the stored rule (with its ``id``).
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {FAULT_KINDS}, not {kind!r}")
        if writes_only:
            if ops is not None:
                raise ValueError("give either ops or writes_only")
            ops = ["write"]
        spec: dict[str, Any] = {"kind": kind, "count": count}
        if ops is not None:
            spec["ops"] = [ops] if isinstance(ops, str) else list(ops)
        for name, value in (("method", method), ("path", path), ("retry_after_ms", retry_after_ms),
                            ("delay_ms", delay_ms), ("status", status), ("code", code),
                            ("substatus", substatus), ("body", body)):
            if value is not None:
                spec[name] = value
        return self._control("POST", "/faults", spec)

    def clear_faults(self) -> int:
        """Drop all pending fault rules; returns how many were pending."""
        return self._control("DELETE", "/faults")["cleared"]

    def faults(self) -> list[dict[str, Any]]:
        """Pending fault rules with their ``remaining`` counts."""
        return self._control("GET", "/faults")

    def counters(self) -> dict[str, Any]:
        """Counters since start (or the last ``reset_counters()``).

        Keys: ``requests``, ``requests_by_op`` (meta/read/query/write), ``requests_by_name``,
        ``status_codes`` (``{"200": n, ...}``), ``connections`` (TCP connections accepted),
        ``tls_connections``, ``open_connections``, ``faults_injected`` (``{"429": n, ...}``),
        ``faults_pending``, ``fixed_batch_partition_keys``, ``fixed_missing_document_404``,
        ``refused_too_large`` (writes over the 2 MB request limit, answered 413),
        ``minimal_responses`` (point writes answered without a body: ``Prefer: return=minimal``),
        ``rolled_back_batches`` (atomic batches undone because one of their operations failed).
        """
        return self._control("GET", "/counters")

    def reset_counters(self) -> None:
        self._control("POST", "/counters/reset")

    # -- lifecycle ---------------------------------------------------------------------
    def stop(self) -> None:
        self.process.stop()
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def __enter__(self) -> "CosmosServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_cosmos(*, host: str = "127.0.0.1", port: int = 0, control_port: int = 0,
                 keep_alive: bool = True, log_dir: str | os.PathLike[str] | None = None,
                 timeout: float = 30.0) -> CosmosServer:
    """Start cosmos_launcher.js and wait until it is ready.

    Ports 0 pick free ports (no race: the launcher binds them and reports them). The log
    (launcher stderr) goes to ``<log_dir or a temp dir>/cosmos-server.log``. Raises
    :class:`ServerStartError` (with the log tail) if it does not come up within ``timeout``.
    """
    reason = missing_node_reason("@vercel/cosmosdb-server")
    if reason:
        raise ServerStartError(reason)
    tmpdir = None
    if log_dir is None:
        tmpdir = tempfile.mkdtemp(prefix="cosmos-server-")
        log_dir = tmpdir
    log_path = Path(log_dir) / "cosmos-server.log"
    argv = [node_executable() or "node", str(LAUNCHER), "--host", host, "--port", str(port),
            "--control-port", str(control_port), "--watch-stdin"]
    if not keep_alive:
        argv.append("--no-keep-alive")
    proc = ServerProcess("cosmos_launcher", argv, log_path=log_path, stdin_pipe=True)
    try:
        line = proc.wait_for_line(lambda s: s.startswith("{") and '"control_port"' in s, timeout)
        info = json.loads(line)
    except BaseException:
        proc.stop()
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)
        raise
    return CosmosServer(host=host, port=int(info["port"]), control_port=int(info["control_port"]),
                        process=proc, log_path=log_path, keep_alive=bool(info.get("keep_alive")),
                        _tmpdir=tmpdir)
