"""Per-partition reassembly: fragments -> closed conversations, plus the low watermark.

One Assembler per source partition. Fragments may arrive duplicated (at-least-once
delivery) and out of order. A conversation closes when it is complete, when it has been
idle for longer than its timeout in *event time* (the partition's clock is the latest
enqueued time seen, so a replay closes the same conversations at the same points), when
state bounds force the oldest out, or at the end of a finite input. Nothing is dropped
silently: every close says why and what was missing.

The low watermark: `safe_checkpoint()` is the last position whose every effect is
settled, i.e. the event just before the first event of the oldest open conversation.
"""

from __future__ import annotations

import heapq
import itertools
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from aoai_logpipe.core.join import JOINABLE
from aoai_logpipe.core.types import (
    Dialect,
    EndInfo,
    Fragment,
    FragmentKind,
    GatewayLogInfo,
    LlmLogInfo,
    Position,
    RequestInfo,
    ResponseInfo,
)


@dataclass(frozen=True, slots=True)
class AssemblyLimits:
    idle_timeout: timedelta = timedelta(minutes=5)
    apim_settle: timedelta = timedelta(minutes=2)
    max_open: int = 100_000
    max_bytes: int = 512 * 1024 * 1024
    remember_finished: int = 200_000


@dataclass(slots=True)
class Conversation:
    """Everything received so far for one request."""

    key: str
    dialect: Dialect
    request_id: str | None
    first_position: Position
    checkpoint_before: Position | None
    last_position: Position
    first_time: datetime | None
    last_activity: datetime | None
    serial: int = 0  # order of opening within the partition
    request: RequestInfo | None = None
    response: ResponseInfo | None = None
    response_extra: RequestInfo | None = None
    chunks: dict[int, str] = field(default_factory=dict)
    end: EndInfo | None = None
    llm: dict[int, LlmLogInfo] = field(default_factory=dict)
    gateway_log: GatewayLogInfo | None = None
    fragments: int = 0
    duplicates: int = 0
    size: int = 0
    # Every fragment kept, with its raw bytes: what a join stores (joinable dialects), and what a
    # conversation that cannot be rendered is dead-lettered from (any dialect).
    parts: list[Fragment] = field(default_factory=list)
    text_repaired: bool = False  # some of its text had lone surrogates replaced (core/jsontext.py)

    @property
    def joinable(self) -> bool:
        return self.dialect in JOINABLE

    def missing_seqs(self, limit: int = 1000) -> list[int]:
        """The first `limit` missing chunk seqs. The work follows the chunks received, never the
        count an `end` event (or a far-off seq) claims: each step finds a chunk or a gap."""
        if self.end is not None:
            expected = self.end.chunks
        elif self.chunks:
            expected = max(self.chunks) + 1
        else:
            return []
        missing: list[int] = []
        seq = 0
        while seq < expected and len(missing) < limit:
            if seq not in self.chunks:
                missing.append(seq)
            seq += 1
        return missing

    def is_complete(self) -> bool:
        if self.dialect is Dialect.APIM:
            return False  # no end marker exists: APIM conversations settle by time
        if self.request is None:
            return False
        if self.response is not None:
            return True
        return self.end is not None and len(self.chunks) >= self.end.chunks and not self.missing_seqs()

    def closes_complete(self) -> bool:
        """Complete as far as billing goes (APIM: every LLM record in sequence, caller or not)."""
        if self.dialect is Dialect.APIM:
            return bool(self.llm) and "missing_llm_records" not in self.gaps()
        return self.is_complete()

    def is_whole(self) -> bool:
        """Nothing more can arrive for it: a joinable conversation closed otherwise goes to the join."""
        if self.dialect is Dialect.APIM:
            return self.gateway_log is not None and self.closes_complete()
        return self.is_complete()

    def gaps(self) -> list[str]:
        """What is missing, in stable codes."""
        if self.dialect is Dialect.APIM:
            gaps = []
            if not self.llm:
                gaps.append("no_llm_log")
            elif sorted(self.llm) != list(range(min(self.llm), min(self.llm) + len(self.llm))):
                gaps.append("missing_llm_records")
            if self.gateway_log is None:
                gaps.append("no_gateway_log")
            return gaps
        gaps = []
        if self.request is None:
            gaps.append("no_request")
        if self.response is None:
            if not self.chunks and self.end is None:
                gaps.append("no_response")
            else:
                if self.end is None:
                    gaps.append("no_end")
                if self.missing_seqs():
                    gaps.append("missing_chunks")
        return gaps


@dataclass(slots=True)
class Closed:
    conversation: Conversation
    complete: bool
    reason: str  # complete | idle_timeout | settled | evicted | end_of_input
    gaps: tuple[str, ...]


@dataclass(slots=True)
class AssemblyStats:
    fragments: int = 0
    duplicates: int = 0
    late_fragments: int = 0
    opened: int = 0
    closed_complete: int = 0
    closed_incomplete: int = 0
    evicted: int = 0


class LateFragment(Exception):
    """A fragment for a conversation already closed as incomplete: it is kept as a dead letter.

    Never raised for joinable dialects: their late halves open a new conversation that meets
    the earlier one in the join.
    """


class Assembler:
    def __init__(self, limits: AssemblyLimits = AssemblyLimits()) -> None:
        self.limits = limits
        self.stats = AssemblyStats()
        self._open: dict[str, Conversation] = {}
        # Two queues ordered by last activity, one per timeout, so expiry pops from the front.
        self._queues: dict[bool, OrderedDict[str, Conversation]] = {True: OrderedDict(), False: OrderedDict()}
        self._finished: OrderedDict[str, bool] = OrderedDict()  # key -> closed complete?
        self._bytes = 0
        self._clock: datetime | None = None
        self._last_done: Position | None = None
        # Open conversations by the position before their first event. Entries are small (no
        # reference to the conversation, so closed ones free their chunks at once) and deleted
        # lazily: one counts only while the conversation opened under that serial is still open.
        self._starts: list[tuple[int, int, str, Position | None]] = []
        self._serials = itertools.count()

    # ------------------------------------------------------------ state queries

    @property
    def open_count(self) -> int:
        return len(self._open)

    @property
    def open_bytes(self) -> int:
        return self._bytes

    @property
    def clock(self) -> datetime | None:
        return self._clock

    def safe_checkpoint(self) -> Position | None:
        """Latest position that can be checkpointed without losing an open conversation."""
        starts = self._starts
        while starts:
            _, serial, key, before = starts[0]
            conv = self._open.get(key)
            if conv is not None and conv.serial == serial:
                return before  # None: the oldest open conversation began at the very first event
            heapq.heappop(starts)  # closed since it was pushed
        return self._last_done

    # ------------------------------------------------------------ input

    def add(self, fragment: Fragment) -> list[Closed]:
        """Apply one fragment; returns conversations closed by it (complete or pushed out)."""
        self.stats.fragments += 1
        closed: list[Closed] = []
        # The partition clock follows the broker's enqueued time (monotonic per partition);
        # payload times from many gateways' clocks are only a fallback.
        self._tick(fragment.position.enqueued_time or fragment.time)
        finished = self._finished.get(fragment.key)
        if finished is not None:
            if finished:
                self.stats.duplicates += 1
                return closed
            if fragment.dialect not in JOINABLE:
                self.stats.late_fragments += 1
                raise LateFragment(fragment.key)
        conv = self._open.get(fragment.key)
        if conv is None:
            conv = Conversation(
                key=fragment.key,
                dialect=fragment.dialect,
                request_id=fragment.request_id,
                first_position=fragment.position,
                checkpoint_before=self._last_done,
                last_position=fragment.position,
                first_time=fragment.time,
                last_activity=self._clock,
                serial=next(self._serials),
            )
            self._open[fragment.key] = conv
            self._queue(conv)[fragment.key] = conv
            before = conv.checkpoint_before
            heapq.heappush(self._starts, (before.sequence_number if before else -1, conv.serial, conv.key, before))
            self.stats.opened += 1
        else:
            self._queue(conv).move_to_end(fragment.key)
            conv.last_activity = self._clock
        if _apply(conv, fragment):
            conv.parts.append(fragment)
            conv.text_repaired = conv.text_repaired or fragment.text_repaired
            conv.fragments += 1
            conv.size += fragment.size
            self._bytes += fragment.size
            conv.last_position = fragment.position
            if conv.first_time is None or (fragment.time is not None and fragment.time < conv.first_time):
                conv.first_time = fragment.time or conv.first_time
            if conv.is_complete():
                closed.append(self._close(conv, "complete"))
        else:
            conv.duplicates += 1
            self.stats.duplicates += 1
        closed.extend(self._expire())
        if len(self._open) > self.limits.max_open or self._bytes > self.limits.max_bytes:
            closed.extend(self._enforce_bounds())
        return closed

    def event_done(self, position: Position) -> None:
        """Every fragment of the event at `position` has been added."""
        self._last_done = position

    def advance(self, now: datetime) -> list[Closed]:
        """Move the clock without an event (a quiet partition) and close what timed out."""
        self._tick(now)
        return self._expire()

    def flush(self, reason: str = "end_of_input") -> list[Closed]:
        """Close everything still open (finite input ended)."""
        return [self._close(conv, reason) for conv in list(self._open.values())]

    # ------------------------------------------------------------ internals

    def _queue(self, conv: Conversation) -> OrderedDict[str, Conversation]:
        return self._queues[conv.dialect is Dialect.APIM]

    def _tick(self, time: datetime | None) -> None:
        if time is None or (self._clock is not None and time <= self._clock):
            return
        if self._clock is None:  # the first timestamp: conversations seen before it start now
            for conv in self._open.values():
                conv.last_activity = time
        self._clock = time

    def _expire(self) -> list[Closed]:
        closed: list[Closed] = []
        clock = self._clock
        if clock is None:
            return closed
        for is_apim, queue in self._queues.items():
            timeout = self.limits.apim_settle if is_apim else self.limits.idle_timeout
            reason = "settled" if is_apim else "idle_timeout"
            while queue:
                conv = next(iter(queue.values()))
                # (clock - last < timeout, not last + timeout > clock: a subtraction cannot overflow)
                if conv.last_activity is not None and clock - conv.last_activity < timeout:
                    break
                closed.append(self._close(conv, reason))
        return closed

    def _enforce_bounds(self) -> list[Closed]:
        closed = []
        while self._open and (len(self._open) > self.limits.max_open or self._bytes > self.limits.max_bytes):
            fronts = [next(iter(q.values())) for q in self._queues.values() if q]
            oldest = min(fronts, key=lambda c: (c.last_activity is not None, c.last_activity or datetime.min))
            self.stats.evicted += 1
            closed.append(self._close(oldest, "evicted"))
        return closed

    def _close(self, conv: Conversation, reason: str) -> Closed:
        del self._open[conv.key]
        del self._queue(conv)[conv.key]
        self._bytes -= conv.size
        closed = closed_as(conv, reason)
        if closed.complete:
            self.stats.closed_complete += 1
        else:
            self.stats.closed_incomplete += 1
        # A joinable conversation that closed with a half missing is not finished: the half may
        # still come, here or on another partition, and meets this one in the join.
        self._finished[conv.key] = conv.is_whole() if conv.joinable else closed.complete
        if len(self._finished) > self.limits.remember_finished:
            self._finished.popitem(last=False)
        return closed


def closed_as(conv: Conversation, reason: str) -> Closed:
    return Closed(conv, conv.closes_complete(), reason, tuple(conv.gaps()))


def assemble(fragments: list[Fragment], reason: str) -> Closed:
    """One conversation from all its fragments at once (a join's union), closed for `reason`."""
    first = fragments[0]
    conv = Conversation(key=first.key, dialect=first.dialect, request_id=first.request_id,
                        first_position=first.position, checkpoint_before=None, last_position=first.position,
                        first_time=first.time, last_activity=None)
    for fragment in fragments:
        if _apply(conv, fragment):
            conv.parts.append(fragment)
            conv.text_repaired = conv.text_repaired or fragment.text_repaired
            conv.fragments += 1
            conv.last_position = fragment.position
            if fragment.time is not None and (conv.first_time is None or fragment.time < conv.first_time):
                conv.first_time = fragment.time
            conv.request_id = conv.request_id or fragment.request_id
        else:
            conv.duplicates += 1
    return closed_as(conv, reason)


def _apply(conv: Conversation, fragment: Fragment) -> bool:
    """Merge one fragment into the conversation; False if it was a duplicate."""
    kind = fragment.kind
    if kind is FragmentKind.REQUEST:
        if conv.request is not None:
            return False
        conv.request = fragment.request
        conv.request_id = conv.request_id or fragment.request_id
        return True
    if kind is FragmentKind.RESPONSE:
        if conv.response is not None:
            return False
        conv.response = fragment.response
        conv.response_extra = fragment.request
        return True
    if kind is FragmentKind.CHUNK:
        assert fragment.seq is not None and fragment.chunk is not None
        if fragment.seq in conv.chunks:
            return False
        conv.chunks[fragment.seq] = fragment.chunk
        return True
    if kind is FragmentKind.END:
        if conv.end is not None:
            return False
        conv.end = fragment.end
        return True
    if kind is FragmentKind.LLM_LOG:
        seq = fragment.seq or 0
        if seq in conv.llm:
            return False
        assert fragment.llm is not None
        conv.llm[seq] = fragment.llm
        return True
    if kind is FragmentKind.GATEWAY_LOG:
        if conv.gateway_log is not None:
            return False
        conv.gateway_log = fragment.gateway_log
        return True
    raise AssertionError(f"unknown fragment kind {kind}")
