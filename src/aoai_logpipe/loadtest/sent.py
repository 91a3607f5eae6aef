"""What a load test sent, read from any of its three logs: loadgen's manifest, a JMeter results
file (JTL/CSV) or the Locust kit's per-request log.

Every log becomes the same list of :class:`Sent` records, so `reconcile --run` compares one
shape with the store. The request id is the one the documents carry: for loadgen the event's
request id, for JMeter and Locust the `x-loadtest-request` header each request stamps (the
gateway copies it into the caller's tag `loadtest_request`). JMeter writes it, and the usage the
client saw, as extra JTL columns through `sample_variables` (deploy/loadtest/user.properties);
rows without it (the token request, transaction controllers) are not chat requests and are skipped.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
TOKEN_COLUMNS = ("prompt_tokens", "completion_tokens", "total_tokens")
#: The per-request log columns, a subset of a JMeter CSV JTL plus the sample variables.
LOG_COLUMNS = ("timeStamp", "elapsed", "label", "responseCode", "success", "loadtest_run", "loadtest_request",
               *TOKEN_COLUMNS)


class SentLogError(ValueError):
    """A log of sent requests is missing or unreadable (a user error: exit 3)."""


@dataclass(frozen=True, slots=True)
class Tokens:
    prompt: int
    completion: int
    total: int

    @classmethod
    def of(cls, usage: Any) -> Tokens | None:
        """From a usage mapping (prompt_tokens, completion_tokens, total_tokens); None if absent."""
        if not isinstance(usage, dict):
            return None
        values = [usage.get(name) for name in TOKEN_COLUMNS]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return None
        return cls(*values)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Sent:
    """One request a load test sent: its id, when it left the client, the usage the client saw."""

    request_id: str
    time: datetime
    usage: Tokens | None = None
    ok: bool = True


def check_run_id(run: str) -> str:
    if not RUN_ID.match(run):
        raise SentLogError(f"run id {run!r} must be 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit)")
    return run


def parse_manifest(lines: Iterable[str]) -> list[Sent]:
    """loadgen's manifest: one JSON object per request (request_id, time, usage)."""
    out: list[Sent] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            out.append(Sent(str(item["request_id"]), _time(item["time"]), Tokens.of(item.get("usage")),
                            bool(item.get("ok", True))))
        except (ValueError, KeyError, TypeError) as exc:
            raise SentLogError(f"manifest line {number} is not a loadgen request record ({exc})") from None
    return out


def parse_results_csv(lines: Iterable[str], run: str | None = None) -> list[Sent]:
    """A JMeter CSV JTL (with the kit's sample variables) or the Locust kit's log (same columns).

    Rows of another run (when the file has a `loadtest_run` column) are left out."""
    reader = csv.DictReader(lines)
    if not reader.fieldnames or "timeStamp" not in reader.fieldnames or "loadtest_request" not in reader.fieldnames:
        raise SentLogError("the results file needs a header row with timeStamp and loadtest_request columns "
                           "(JMeter: set sample_variables as in deploy/loadtest/user.properties)")
    out: list[Sent] = []
    for number, row in enumerate(reader, 2):
        request_id = (row.get("loadtest_request") or "").strip()
        if request_id in ("", "null"):
            continue
        if run is not None and (row.get("loadtest_run") or run).strip() not in (run, "null"):
            continue
        try:
            when = _time(row["timeStamp"])
        except (ValueError, TypeError, KeyError):
            raise SentLogError(f"results line {number}: timeStamp {row.get('timeStamp')!r} is not a time") from None
        out.append(Sent(request_id, when, _csv_tokens(row), (row.get("success") or "true").strip().lower() == "true"))
    return out


def read(path: Path, kind: str, run: str | None = None) -> list[Sent]:
    """Read a manifest (kind "manifest") or a results CSV ("jtl" or "locust")."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return parse_manifest(handle) if kind == "manifest" else parse_results_csv(handle, run)
    except FileNotFoundError:
        raise SentLogError(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SentLogError(f"cannot read {path}: {exc}") from None


def _csv_tokens(row: dict[str, Any]) -> Tokens | None:
    values = [(row.get(name) or "").strip() for name in TOKEN_COLUMNS]
    if not all(v.isdigit() for v in values):
        return None
    return Tokens(*(int(v) for v in values))


def _time(value: Any) -> datetime:
    """Epoch milliseconds (JTL timeStamp) or an ISO 8601 time; naive times are UTC."""
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC)
    parsed = datetime.fromisoformat(str(value).strip())  # Python 3.11 reads a trailing "Z"
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
