"""Replay files as an event source: the embedded default and the way to re-run history.

A replay directory holds `*.jsonl` / `*.jsonl.gz` files; each file is one partition (its
name without suffixes), each non-empty line one Event Hubs event. A line is either the raw
event body, or an envelope whose first key is `enqueued_time` or `body`:

    {"enqueued_time": "2026-10-01T10:00:00Z", "partition_key": "req-1", "properties": {}, "body": {...}}

(`body` may be JSON or a string; `body_base64` carries non-UTF-8 bytes). Positions are
synthesized: sequence number = event index in the file, offset = byte offset of the line.

Nothing in a file stops the reader: a line that is a broken envelope is kept as a raw event
(it becomes a dead letter), a UTF-8 byte-order mark before a line is ignored, and a file that
cannot be read to its end (a truncated or corrupt `.gz`) ends with the events read so far plus
a `ReplayProblem` saying where and why, which the run records as a dead letter.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Iterator

from aoai_logpipe.core.limits import plausible_time
from aoai_logpipe.core.types import Position, RawEvent

SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


@dataclass(frozen=True, slots=True)
class ReplayProblem:
    """A file could not be read to its end: where reading stopped, and why."""

    message: str
    position: Position  # the partition, the (uncompressed) byte offset and the next sequence number


@dataclass(slots=True)
class ReplayBatch:
    partition: str
    events: list[RawEvent]
    last: bool  # the partition's file is exhausted
    bytes_read: int = 0  # on-disk bytes consumed so far, all files (for progress)
    problem: ReplayProblem | None = None  # set on the last batch of a file that broke off


# What reading a damaged file raises: a truncated gzip (EOFError), a bad header or CRC
# (BadGzipFile, an OSError), corrupt deflate data (zlib.error), or an I/O error.
_UNREADABLE = (EOFError, OSError, zlib.error)
_ENVELOPE_ERRORS = (ValueError, KeyError, TypeError, binascii.Error, RecursionError, OverflowError)
_BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class ReplayFile:
    path: Path
    partition: str
    size: int


class ReplayError(ValueError):
    """The replay input cannot be read at all (missing path, no files)."""


def discover(paths: list[Path]) -> list[ReplayFile]:
    files: list[ReplayFile] = []
    for path in paths:
        if path.is_dir():
            candidates = sorted(p for p in path.iterdir() if p.is_file() and p.name.endswith(SUFFIXES))
        elif path.is_file():
            candidates = [path]
        else:
            raise ReplayError(f"replay input {path} does not exist")
        for candidate in candidates:
            name = candidate.name
            for suffix in sorted(SUFFIXES, key=len, reverse=True):
                if name.endswith(suffix):
                    name = name[: -len(suffix)]
                    break
            files.append(ReplayFile(candidate, name, candidate.stat().st_size))
    if not files:
        raise ReplayError(f"no replay files ({', '.join(SUFFIXES)}) in {', '.join(map(str, paths))}")
    seen: set[str] = set()
    for f in files:
        if f.partition in seen:
            raise ReplayError(f"two replay files map to partition {f.partition!r}; rename one")
        seen.add(f.partition)
    return files


@dataclass
class ReplaySource:
    files: list[ReplayFile]
    batch_size: int = 500
    max_line_bytes: int = 8 * 1024 * 1024 + 1
    max_batch_bytes: int = 32 * 1024 * 1024  # a batch of large events stays small in memory
    malformed_envelopes: int = field(default=0, init=False)
    problems: list[ReplayProblem] = field(default_factory=list, init=False)

    @classmethod
    def from_paths(cls, paths: list[Path], batch_size: int = 500, max_event_bytes: int = 8 * 1024 * 1024) -> ReplaySource:
        return cls(discover(paths), batch_size, max_event_bytes + 1)

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    def batches(self) -> Iterator[ReplayBatch]:
        done_bytes = 0
        for replay in self.files:
            opener = gzip.open if replay.path.name.endswith(".gz") else open
            with opener(replay.path, "rb") as raw_handle:
                handle: IO[bytes] = raw_handle  # type: ignore[assignment]
                batch: list[RawEvent] = []
                batch_bytes = 0
                cursor = _Cursor()
                try:
                    for event in self._events(handle, replay.partition, cursor):
                        batch.append(event)
                        batch_bytes += len(event.body)
                        if len(batch) >= self.batch_size or batch_bytes >= self.max_batch_bytes:
                            yield ReplayBatch(replay.partition, batch, False, done_bytes + _disk_position(raw_handle, replay))
                            batch, batch_bytes = [], 0
                    problem = None
                except _UNREADABLE as exc:
                    problem = ReplayProblem(
                        f"{replay.path.name} could not be read past byte {cursor.offset:,} of its content, after "
                        f"{cursor.sequence:,} events ({type(exc).__name__}: {exc}); the rest of the file is lost "
                        f"to this run: repair or re-export the file and replay it",
                        Position(replay.partition, str(cursor.offset), cursor.sequence))
                    self.problems.append(problem)
                done_bytes += replay.size
                yield ReplayBatch(replay.partition, batch, True, done_bytes, problem)

    def _events(self, handle: IO[bytes], partition: str, cursor: _Cursor) -> Iterator[RawEvent]:
        while True:
            line = handle.readline(self.max_line_bytes)
            if not line:
                return
            start = cursor.offset
            cursor.offset += len(line)
            if not line.endswith(b"\n") and len(line) >= self.max_line_bytes:
                cursor.offset += _skip_rest_of_line(handle)  # keep the prefix: it becomes a too_large dead letter
            body = line.rstrip(b"\r\n").removeprefix(_BOM)
            if not body.strip():
                continue
            yield self._event(body, Position(partition, str(start), cursor.sequence))
            cursor.sequence += 1

    def _event(self, line: bytes, position: Position) -> RawEvent:
        if line.startswith((b'{"enqueued_time"', b'{"body')):
            try:
                envelope = json.loads(line)
                return _from_envelope(envelope, position)
            except _ENVELOPE_ERRORS:  # kept whole as a raw event: it becomes a dead letter
                self.malformed_envelopes += 1
        return RawEvent(line, position)


@dataclass(slots=True)
class _Cursor:
    """Where reading a file has got to: uncompressed bytes consumed, events yielded."""

    offset: int = 0
    sequence: int = 0


def _from_envelope(envelope: dict, position: Position) -> RawEvent:
    if "body_base64" in envelope:
        body = base64.b64decode(envelope["body_base64"], validate=True)
    else:
        value = envelope["body"]
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        # A lone surrogate (from a "\\ud800" escape in the envelope) goes back to that escape; the
        # decoder then replaces it and records the repair.
        body = text.encode("utf-8", "backslashreplace")
    enqueued = envelope.get("enqueued_time")
    when = None
    if isinstance(enqueued, str):
        when = plausible_time(datetime.fromisoformat(enqueued))
        if when is None:
            raise ValueError("enqueued_time outside the plausible window")
    props = envelope.get("properties") if isinstance(envelope.get("properties"), dict) else {}
    return RawEvent(
        body,
        Position(position.partition, position.offset, position.sequence_number, when),
        partition_key=envelope.get("partition_key") if isinstance(envelope.get("partition_key"), str) else None,
        properties=props,
    )


def _skip_rest_of_line(handle: IO[bytes]) -> int:
    skipped = 0
    while True:
        chunk = handle.readline(1 << 20)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _disk_position(handle: object, replay: ReplayFile) -> int:
    """Compressed bytes consumed so far, for a progress bar over on-disk sizes."""
    fileobj = getattr(handle, "fileobj", None)
    try:
        return min((fileobj or handle).tell(), replay.size)  # type: ignore[union-attr]
    except (OSError, ValueError, AttributeError):
        return 0
