"""Incremental server-sent-events parser (WHATWG rules) for bodies cut at any point.

Gateways hand us the SSE body in fragments split mid-line, mid-JSON, even between the
CR and LF of a CRLF. The parser keeps only the unfinished line between calls and joins
its pieces once, so feeding a body in n pieces costs O(total length).
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

_EOL = re.compile(r"\r\n|\r|\n")


class SseEvent(NamedTuple):
    """One dispatched event (a tuple: streams hold tens of thousands of them)."""

    data: str
    event: str = "message"
    id: str | None = None


class SseParser:
    """Feed text pieces, get complete events; `close()` flushes an unterminated last event."""

    __slots__ = ("_partial", "_skip_lf", "_data", "_event", "_id", "_started")

    def __init__(self) -> None:
        self._partial: list[str] = []
        self._skip_lf = False
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None
        self._started = False

    def feed(self, text: str) -> list[SseEvent]:
        events: list[SseEvent] = []
        if not text:
            return events
        if not self._started:
            self._started = True
            if text.startswith("\ufeff"):
                text = text[1:]
        if self._skip_lf:
            self._skip_lf = False
            if text.startswith("\n"):
                text = text[1:]
        # (str.split finds "\n" with memchr; the regex tests each character against its set)
        lines = _EOL.split(text) if "\r" in text else text.split("\n")
        rest = lines.pop()  # after the last line break: the start of a line still to come
        if lines and self._partial:
            self._partial.append(lines[0])
            lines[0] = "".join(self._partial)
            self._partial.clear()
        self._lines(lines, events)
        if rest:
            self._partial.append(rest)
        elif text.endswith("\r"):
            self._skip_lf = True
        return events

    def close(self) -> list[SseEvent]:
        """End of body: a last event without its blank line still counts (captures end that way)."""
        events: list[SseEvent] = []
        lines = ["".join(self._partial), ""] if self._partial else [""]
        self._partial.clear()
        self._lines(lines, events)
        return events

    def _lines(self, lines: list[str], events: list[SseEvent]) -> None:
        for line in lines:
            if line[:6] == "data: ":  # most lines: data, or the blank line that ends an event
                self._data.append(line[6:])
            elif not line:
                if self._data:
                    events.append(SseEvent("\n".join(self._data), self._event or "message", self._id))
                    self._data = []
                self._event = ""
            elif line[0] != ":":  # (a comment otherwise)
                self._field(line)

    def _field(self, line: str) -> None:
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\x00" not in value:
            self._id = value


class SseByteParser:
    """The same parser over bytes: UTF-8 sequences split across pieces are reassembled."""

    __slots__ = ("_decoder", "_parser")

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._parser = SseParser()

    def feed(self, data: bytes) -> list[SseEvent]:
        return self._parser.feed(self._decoder.decode(data))

    def close(self) -> list[SseEvent]:
        events = self._parser.feed(self._decoder.decode(b"", final=True))
        return events + self._parser.close()


def parse_all(text: str) -> list[SseEvent]:
    """Parse a whole SSE body."""
    parser = SseParser()
    return parser.feed(text) + parser.close()
