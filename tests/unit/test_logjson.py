"""Structured JSON logs: one object per line, extra fields kept, and never any prompt text."""

from __future__ import annotations

import asyncio
import io
import json
import logging

import pytest

from aoai_logpipe import app, generate, settings
from aoai_logpipe.logjson import JsonFormatter, configure

SECRETS = {
    "prompt": "PROMPT-SECRET-7f3a9c1e2b",
    "completion": "COMPLETION-SECRET-91ab",
    "bad_event": "BADEVENT-SECRET-55cd",
    "email": "jane.secret.doe@example.com",
    "card": "4111 1111 1111 1111",
    "huge": "HUGE-SECRET-0042",
}


def record(msg: str = "partition %s claimed", *args, exc_info=None, **extra) -> logging.LogRecord:
    args = args or (("3",) if "%s" in msg else ())
    rec = logging.LogRecord("aoai_logpipe.io.eventhub", logging.WARNING, __file__, 10, msg, args, exc_info)
    rec.__dict__.update(extra)
    return rec


def test_one_json_object_per_line_with_the_standard_fields_and_extras():
    line = JsonFormatter().format(record(partition="3", lag=12, tags={"a": 1}, obj=object()))
    assert "\n" not in line
    doc = json.loads(line)
    assert doc["level"] == "WARNING" and doc["logger"] == "aoai_logpipe.io.eventhub"
    assert doc["message"] == "partition 3 claimed"
    assert doc["time"].endswith("Z") and len(doc["time"]) == len("2026-10-01T00:00:00.000Z")
    assert doc["partition"] == "3" and doc["lag"] == 12 and doc["tags"] == {"a": 1}
    assert doc["obj"].startswith("<object object")
    assert "args" not in doc and "msg" not in doc and "levelno" not in doc


def test_exceptions_keep_type_and_stack_but_not_their_message_by_default():
    try:
        json.loads('{"prompt": "' + SECRETS["prompt"])
    except ValueError:
        import sys

        exc_info = sys.exc_info()
    line = JsonFormatter(static={"service": "aoai-logpipe"}).format(record("decode failed", exc_info=exc_info))
    doc = json.loads(line)
    assert doc["exc_type"] == "JSONDecodeError" and doc["service"] == "aoai-logpipe"
    assert any("test_logjson.py" in frame for frame in doc["exc_stack"])
    assert SECRETS["prompt"] not in line and "exc_message" not in doc
    verbose = json.loads(JsonFormatter(exception_messages=True).format(record("decode failed", exc_info=exc_info)))
    assert "Unterminated string" in verbose["exc_message"]


def test_configure_installs_one_handler_on_the_root_logger():
    stream = io.StringIO()
    root = logging.getLogger()
    before, level = root.handlers[:], root.level
    root.handlers[:] = []  # configure() closes what it replaces: keep pytest's handlers out of reach
    try:
        configure("DEBUG", "json", stream)
        logging.getLogger("aoai_logpipe.test").info("hello %s", "world", extra={"partition": "0"})
        doc = json.loads(stream.getvalue().strip())
        assert doc["message"] == "hello world" and doc["partition"] == "0"
        stream.truncate(0), stream.seek(0)
        configure("INFO", "text", stream)
        logging.getLogger("aoai_logpipe.test").info("plain")
        assert stream.getvalue().rstrip().endswith("INFO aoai_logpipe.test: plain")
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = before
        root.setLevel(level)


def planted_events() -> list[str]:
    """v1 events whose prompts, completions and malformed bodies carry the planted secrets."""
    def v1(kind, rid, **fields):
        return json.dumps({"schema": "aoai-logpipe/v1", "type": kind, "request_id": rid,
                           "time": "2026-10-01T00:00:00Z", **fields})

    prompt = f"My key is {SECRETS['prompt']}, mail {SECRETS['email']}, card {SECRETS['card']}."
    sse = "".join(
        "data: " + json.dumps({"id": "c1", "object": "chat.completion.chunk", "model": "gpt-4o-2024-11-20",
                               "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}) + "\n\n"
        for piece in ["Sure: ", SECRETS["completion"], " done"])
    sse += "data: [DONE]\n\n"
    return [
        v1("request", "s-1", body={"messages": [{"role": "user", "content": prompt}], "stream": True}),
        v1("chunk", "s-1", seq=0, data=sse[:37]),
        v1("chunk", "s-1", seq=1, data=sse[37:]),
        v1("end", "s-1", status=200, chunks=2),
        v1("chunk", "s-1", seq=1, data=sse[37:]),  # a late duplicate
        v1("request", "s-2", body={"messages": [{"role": "user", "content": prompt}]}),
        v1("response", "s-2", status=200, body={"model": "gpt-4o-2024-11-20", "choices": [
            {"index": 0, "message": {"role": "assistant", "content": SECRETS["completion"]}, "finish_reason": "stop"}]}),
        v1("request", "s-3", seq="not-a-number", body=SECRETS["bad_event"], caller={"user_id": 7}),  # invalid v1
        json.dumps({"schema": "aoai-logpipe/v9", "request_id": "s-4", "note": SECRETS["bad_event"]}),
        '{"schema": "aoai-logpipe/v1", "type": "request", "note": "' + SECRETS["bad_event"],  # invalid JSON
        json.dumps({"unknown": SECRETS["bad_event"]}),
        v1("request", "s-5", body={"messages": [{"role": "user", "content": SECRETS["huge"] * 200}]}),  # too large
        v1("request", "s-6", body={"messages": [{"role": "user", "content": prompt}]}),  # never answered
    ]


@pytest.mark.parametrize("dlp", ["off", "pattern"])
def test_a_run_over_planted_secrets_logs_none_of_them(tmp_path, tiktoken_dir, dlp):
    data = tmp_path / "in"
    generate.write(data, generate.Plan(conversations=40, seed=5))
    (data / "planted.jsonl").write_text("\n".join(planted_events()) + "\n", encoding="utf-8")
    config = settings.load(env={}, overrides={
        "replay.path": data, "sqlite.path": tmp_path / "db", "dlp.mode": dlp, "tiktoken_cache_dir": tiktoken_dir,
        "decode.max_event_bytes": 2048, "assembly.idle_timeout_s": 1})
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(exception_messages=True))  # the strictest case: messages included
    root = logging.getLogger()
    ours = logging.getLogger("aoai_logpipe")
    saved = (root.level, ours.level, root.handlers[:])
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)  # third-party libraries at the production level
    ours.setLevel(logging.DEBUG)  # our own code at its most verbose
    try:
        result = asyncio.run(app.run_replay(config, progress=False))
        logging.getLogger("aoai_logpipe.test").warning("run finished", extra={"events": result.stats.events})
    finally:
        root.setLevel(saved[0]), ours.setLevel(saved[1])
        root.handlers[:] = saved[2]
    reasons = result.stats.dead_letters
    assert reasons["invalid_v1_event"] and reasons["unsupported_schema"] and reasons["invalid_json"]
    assert reasons["unknown_dialect"] and reasons["too_large"]
    # A replay run logs little (our own line at least); the worker path, with its partition and SDK
    # logs, is checked the same way in tests/integration/test_health.py.
    lines = stream.getvalue().splitlines()
    assert lines
    for line in lines:
        doc = json.loads(line)
        assert {"time", "level", "logger", "message"} <= set(doc)
    text = stream.getvalue()
    for name, secret in SECRETS.items():
        assert secret not in text, f"{name} secret leaked into the logs"
    assert "1111" not in text
