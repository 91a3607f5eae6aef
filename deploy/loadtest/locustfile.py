"""Azure OpenAI gateway load test for Locust 2.x: the same requests as aoai-gateway.jmx.

Each virtual user gets one Entra ID token (client credentials, scope RESOURCE/.default), then
runs LOOP_COUNT iterations; each iteration takes the next row of chat_completions.csv (no header:
label, messages JSON, options JSON members) and sends it twice, streamed (with
stream_options.include_usage) and not streamed. Locust has no iteration flag, so the count bounds
the run: a user stops after its iterations and the run quits when every user has stopped.

Every request carries `x-loadtest-run` (LOADTEST_RUN) and its own `x-loadtest-request`; the gateway
policy copies both into the caller's tags. Every request is written to REQUEST_LOG as one CSV row
(the columns of a JMeter CSV JTL plus the kit's sample variables) for
`aoai-logpipe reconcile --run RUN --locust-log REQUEST_LOG`. No prompt or completion text is logged.

Environment: OPENAI_ENDPOINT, OPENAI_DEPLOYMENT_NAME, OPENAI_API_VERSION, RESOURCE, TENANT_ID,
CLIENT_ID, CLIENT_SECRET, LOADTEST_RUN, LOOP_COUNT (default 1), AUTHORITY (default
https://login.microsoftonline.com), PROMPTS (default chat_completions.csv next to this file),
REQUEST_LOG (default locust_requests.csv).
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, events, task
from locust.exception import StopUser
from locust.runners import WorkerRunner

#: The columns `reconcile --run --locust-log` reads (aoai_logpipe.loadtest.sent.LOG_COLUMNS).
COLUMNS = ("timeStamp", "elapsed", "label", "responseCode", "success", "loadtest_run", "loadtest_request",
           "prompt_tokens", "completion_tokens", "total_tokens")
TOKENS = COLUMNS[-3:]


def _env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if not value:
        raise SystemExit(f"locustfile: environment variable {name} is required")
    return value


def _rows(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(label, messages, options) for label, messages, options in csv.reader(handle)]


def body(messages: str, options: str, stream: bool) -> str:
    """The request body, built from the CSV columns exactly as the JMeter samplers build it."""
    tail = ', "stream": true, "stream_options": {"include_usage": true}}' if stream else ', "stream": false}'
    return '{"messages": ' + messages + ", " + options + tail


class RequestLog:
    """One CSV row per chat request, flushed as written (the run may be stopped at any time)."""

    def __init__(self, path: Path) -> None:
        self._handle = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle)
        self._writer.writerow(COLUMNS)

    def write(self, *values: Any) -> None:
        self._writer.writerow(values)
        self._handle.flush()


ROWS = _rows(Path(os.environ.get("PROMPTS", Path(__file__).with_name("chat_completions.csv"))))
NEXT_ROW = itertools.cycle(ROWS)
LOG: RequestLog | None = None
STOPPED = {"users": 0}


@events.test_start.add_listener
def _open_log(environment: Any, **_: Any) -> None:
    global LOG
    LOG = RequestLog(Path(os.environ.get("REQUEST_LOG", "locust_requests.csv")))


class GatewayUser(HttpUser):
    host = os.environ.get("OPENAI_ENDPOINT")

    def on_start(self) -> None:
        self.run = _env("LOADTEST_RUN")
        self.loops = int(os.environ.get("LOOP_COUNT", "1"))
        self.path = (f"/openai/deployments/{_env('OPENAI_DEPLOYMENT_NAME')}/chat/completions"
                     f"?api-version={_env('OPENAI_API_VERSION')}")
        authority = os.environ.get("AUTHORITY", "https://login.microsoftonline.com").rstrip("/")
        form = {"grant_type": "client_credentials", "client_id": _env("CLIENT_ID"), "client_secret": _env("CLIENT_SECRET"),
                "scope": _env("RESOURCE", "https://cognitiveservices.azure.com").rstrip("/") + "/.default"}
        with self.client.post(f"{authority}/{_env('TENANT_ID')}/oauth2/v2.0/token", data=form, name="token",
                              catch_response=True) as resp:
            if resp.status_code != 200:
                resp.failure(f"token endpoint answered {resp.status_code}")
                raise StopUser()
            self.token = resp.json()["access_token"]

    def on_stop(self) -> None:
        STOPPED["users"] += 1
        runner = self.environment.runner
        if runner is not None and not isinstance(runner, WorkerRunner) and STOPPED["users"] >= runner.target_user_count:
            gevent.spawn(runner.quit)  # every user is done: the bounded run is over

    @task
    def chat(self) -> None:
        if self.loops <= 0:
            raise StopUser()
        self.loops -= 1
        label, messages, options = next(NEXT_ROW)
        for stream in (True, False):
            self.send(label, body(messages, options, stream), stream)

    def send(self, label: str, data: str, stream: bool) -> None:
        request_id = f"{self.run}-{uuid.uuid4().hex}"
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}",
                   "x-loadtest-run": self.run, "x-loadtest-request": request_id}
        name = f"chat {'stream' if stream else 'json'}"
        started = time.time()
        usage: dict[str, Any] = {}
        with self.client.post(self.path, data=data.encode(), headers=headers, name=name, stream=stream,
                              catch_response=True) as resp:
            ok = resp.status_code == 200
            if ok:
                usage = _stream_usage(resp) if stream else (resp.json().get("usage") or {})
                resp.success()
            else:
                resp.failure(f"{resp.status_code}")
        assert LOG is not None
        LOG.write(int(started * 1000), int((time.time() - started) * 1000), f"{name} {label}", resp.status_code,
                  str(ok).lower(), self.run, request_id, *(usage.get(t, "") for t in TOKENS))


def _stream_usage(resp: Any) -> dict[str, Any]:
    """The usage chunk of an SSE stream (the one with `usage`, sent last with include_usage)."""
    usage: dict[str, Any] = {}
    for line in resp.iter_lines(decode_unicode=True):
        if line and line.startswith("data: ") and line != "data: [DONE]":
            usage = json.loads(line[6:]).get("usage") or usage
    return usage
