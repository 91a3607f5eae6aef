"""Structured logs: one JSON object per line, for Container Apps / Log Analytics.

    {"time": "2026-10-01T00:00:00.123Z", "level": "INFO", "logger": "aoai_logpipe.io.eventhub",
     "message": "partition 3 claimed", "partition": "3"}

Fields: `time` (UTC, RFC 3339, milliseconds), `level`, `logger`, `message` (the formatted
message), then every `extra={...}` field of the record (values that are not JSON become their
`str()`), and for exceptions `exc_type` plus `exc_stack` (file:line function frames).

Privacy by default: our log records never carry prompt or completion text, but exception
*messages* raised by parsers and SDKs can quote the data they choked on. The formatter therefore
leaves exception messages out (`exception_messages=False`); the type and the stack locate the
fault. Turn them on only where the data is not sensitive.

Use::

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)

or simply `configure(level="INFO", fmt="json")`.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import datetime, timezone
from typing import Any, TextIO

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """A `logging.Formatter` that renders each record as one line of JSON."""

    def __init__(self, *, exception_messages: bool = False, static: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.exception_messages = exception_messages
        self.static = dict(static or {})  # e.g. {"service": "aoai-logpipe", "replica": "..."}

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": _rfc3339(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        out.update(self.static)
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_") and key not in out:
                out[key] = _jsonable(value)
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, exc, tb = record.exc_info
            out["exc_type"] = exc_type.__name__
            out["exc_stack"] = [f"{frame.filename}:{frame.lineno} {frame.name}"
                                for frame in traceback.extract_tb(tb)]
            if self.exception_messages and exc is not None:
                out["exc_message"] = str(exc)
        if record.stack_info:
            out["stack"] = record.stack_info
        return json.dumps(out, ensure_ascii=False, separators=(",", ":"), default=str)


def configure(level: str = "INFO", fmt: str = "text", stream: TextIO | None = None) -> logging.Handler:
    """Install one handler on the root logger: `fmt` is "json" or "text"."""
    handler = logging.StreamHandler(stream or sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    if level.upper() != "DEBUG":  # the Azure SDKs log every connection attempt at INFO
        logging.getLogger("azure").setLevel(logging.WARNING)
    return handler


def _rfc3339(created: float) -> str:
    moment = datetime.fromtimestamp(created, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
