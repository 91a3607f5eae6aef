"""The pure pipeline: raw events in, documents out, per partition. No I/O, no asyncio.

decode -> assemble -> resolve -> tokens/pricing/DLP -> documents. The runner feeds it
batches, writes what it returns, and asks it for the safe checkpoint of each partition.
Conversations of joinable dialects that close with a half missing come out as join
requests instead: the runner merges them in the sink and hands the unions back to
`render_joins` (see core/join.py).
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Collection, Iterable

from aoai_logpipe.core import documents, jsontext
from aoai_logpipe.core.assemble import Assembler, AssemblyLimits, Closed, LateFragment, assemble
from aoai_logpipe.core.decode import DecodeConfig, decode
from aoai_logpipe.core.join import JOINABLE, JoinRequest, JoinResult, Piece, piece_id
from aoai_logpipe.core.limits import UsageLimits
from aoai_logpipe.core.pricing import PriceBook
from aoai_logpipe.core.resolve import Exchange, resolve
from aoai_logpipe.core.tokens import Estimator, reconcile
from aoai_logpipe.core.types import DeadLetter, Fragment, Position, RawEvent

Document = documents.Document

# (exchange) -> (dlp result for the audit document, audit document transformer)
Screener = Callable[[Exchange], tuple[dict[str, Any], Callable[[Document], Document]]]


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    decode: DecodeConfig = DecodeConfig()
    limits: AssemblyLimits = AssemblyLimits()
    usage: UsageLimits = UsageLimits()


@dataclass(slots=True)
class Output:
    chargeback: list[Document] = field(default_factory=list)
    audit: list[Document] = field(default_factory=list)
    deadletters: list[Document] = field(default_factory=list)
    joins: list[JoinRequest] = field(default_factory=list)  # merged in the sink before the documents

    def extend(self, other: Output) -> None:
        self.chargeback.extend(other.chargeback)
        self.audit.extend(other.audit)
        self.deadletters.extend(other.deadletters)
        self.joins.extend(other.joins)

    def __len__(self) -> int:
        """Documents to write (join requests are not documents)."""
        return len(self.chargeback) + len(self.audit) + len(self.deadletters)

    def mark(self) -> tuple[int, int, int, int]:
        """Where each list ends now: `rollback(mark)` drops whatever was added since."""
        return len(self.chargeback), len(self.audit), len(self.deadletters), len(self.joins)

    def rollback(self, mark: tuple[int, int, int, int]) -> None:
        chargeback, audit, deadletters, joins = mark
        del self.chargeback[chargeback:], self.audit[audit:], self.deadletters[deadletters:], self.joins[joins:]


@dataclass(slots=True)
class PipelineStats:
    events: int = 0
    events_with_fragments: int = 0
    events_dead_lettered: int = 0
    bytes: int = 0
    fragments: int = 0
    fragments_in_documents: int = 0
    duplicates: int = 0
    conversations_complete: int = 0
    conversations_incomplete: int = 0
    evicted: int = 0
    fragments_joined: int = 0  # handed to the join store: durable there, rendered with their other half
    joins_rendered: int = 0  # unions turned into documents
    joins_upgraded: int = 0  # ... of which replaced documents billed before the other half came
    joins_pending: int = 0  # unions with no billable half yet, waiting in the store
    joins_unmatched: int = 0  # pending unions dead-lettered when the join horizon passed
    joins_redelivered: int = 0  # pending unions of requests already billed with their caller: late copies, dropped
    dead_letters: Counter = field(default_factory=Counter)
    close_reasons: Counter = field(default_factory=Counter)
    usage_sources: Counter = field(default_factory=Counter)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: dict[str, Decimal] = field(default_factory=dict)
    unpriced: int = 0
    fragments_dead_lettered: int = 0  # kept fragments whose conversation could not be rendered (or assembled)
    conversations_failed: int = 0  # conversations dead-lettered whole (every event, raw), see _contain
    implausible_usage: int = 0  # reported usage over the plausibility limits: estimated and not priced
    text_repaired: int = 0  # conversations whose text had lone surrogates replaced

    @property
    def fragments_open(self) -> int:
        return (self.fragments - self.fragments_in_documents - self.fragments_joined - self.duplicates
                - self.dead_letters["late_fragment"] - self.fragments_dead_lettered)


class Pipeline:
    def __init__(self, estimator: Estimator, prices: PriceBook, config: PipelineConfig = PipelineConfig(),
                 screener: Screener | None = None) -> None:
        self.estimator = estimator
        self.prices = prices
        self.config = config
        self.screener = screener
        self.stats = PipelineStats()
        self._assemblers: dict[str, Assembler] = {}
        self._counted: OrderedDict[str, _Counted] = OrderedDict()  # joinable requests billed in this run

    def assembler(self, partition: str) -> Assembler:
        asm = self._assemblers.get(partition)
        if asm is None:
            asm = self._assemblers[partition] = Assembler(self.config.limits)
        return asm

    @property
    def partitions(self) -> list[str]:
        return list(self._assemblers)

    def process(self, events: Iterable[RawEvent]) -> Output:
        out = Output()
        stats = self.stats
        for event in events:
            stats.events += 1
            stats.bytes += len(event.body)
            mark = out.mark()
            try:
                self._process_event(event, out)
            except Exception as exc:  # a defect, not bad data: keep the event, keep the worker alive
                out.rollback(mark)  # nothing of what the event produced before it failed
                stats.events_dead_lettered += 1
                self._dead(DeadLetter("internal_error", f"processing failed with {type(exc).__name__}",
                                      event.body, event.position), out)
        self.stats.duplicates = sum(a.stats.duplicates for a in self._assemblers.values())
        return out

    def _process_event(self, event: RawEvent, out: Output) -> None:
        """Everything one event yields, into `out` (rolled back by `process` if this raises)."""
        decoded = decode(event, self.config.decode)
        asm = self.assembler(event.position.partition)
        for fragment in decoded.fragments:
            self.stats.fragments += 1
            try:
                closed = asm.add(fragment)
            except LateFragment:
                self._dead(DeadLetter("late_fragment", "fragment of a conversation already closed as incomplete",
                                      event.body, event.position), out)
                continue
            except Exception as exc:  # a defect: this fragment is kept, the event's other fragments go on
                self.stats.fragments_dead_lettered += 1
                self._dead(DeadLetter("internal_error", f"assembling a fragment failed with {type(exc).__name__}",
                                      fragment.raw or event.body, event.position, fragment.record_index), out)
                continue
            if closed:
                self._emit(closed, out)
        for letter in decoded.dead:
            self._dead(letter, out)
        asm.event_done(event.position)
        if decoded.fragments:
            self.stats.events_with_fragments += 1
        else:
            self.stats.events_dead_lettered += 1

    def flush(self, partition: str | None = None, reason: str = "end_of_input") -> Output:
        """Close open conversations (all partitions, or one) and build their documents."""
        out = Output()
        for name in [partition] if partition is not None else list(self._assemblers):
            asm = self._assemblers.get(name)
            if asm is not None:
                self._emit(asm.flush(reason), out)
        return out

    def source_error(self, reason: str, message: str, position: Position, raw: bytes = b"") -> Output:
        """Input the source could not read as events (a corrupt or truncated file): one dead letter,
        counted as one event read and dead-lettered, so the summary says what was lost and where."""
        out = Output()
        self.stats.events += 1
        self.stats.events_dead_lettered += 1
        self._dead(DeadLetter(reason, message, raw, position), out)
        return out

    def advance(self, partition: str, now: Any) -> Output:
        out = Output()
        self._emit(self.assembler(partition).advance(now), out)
        return out

    def render_joins(self, results: Iterable[JoinResult]) -> Output:
        """Documents for join unions that hold a billable half; the others wait in the store."""
        out = Output()
        for joined in results:
            if not joined.billable:
                self.stats.joins_pending += 1
                continue
            closed = assemble(self._fragments(joined), "joined")
            self.stats.joins_rendered += 1
            self.stats.joins_upgraded += joined.upgrade
            # Billed before by another process (or run): this run counts only what it billed itself.
            self._render(closed, out, count=not joined.upgrade or closed.conversation.key in self._counted)
        return out

    def expire_joins(self, results: Iterable[JoinResult], attributed: Collection[str] = ()) -> Output:
        """Unions past the join horizon: one that never got a billable half is a dead letter,
        unless its request is already billed with its caller (`attributed` keys): then it is a
        late copy of a half that joined before its join was forgotten, and is dropped."""
        out = Output()
        for joined in results:
            if joined.billable:
                continue  # billed when it was merged; the store just forgets it
            if joined.key in attributed:
                self.stats.joins_redelivered += 1
                continue
            self.stats.joins_unmatched += 1
            for piece in joined.pieces:  # only APIM has halves that carry no tokens: GatewayLogs
                self._dead(DeadLetter("unmatched_gateway_log", "GatewayLogs record without a GatewayLlmLogs record "
                                      "within the join horizon", piece.raw, piece.position), out)
        return out

    def drop_partition(self, partition: str) -> None:
        """Ownership lost: forget its state; the next owner replays from the checkpoint."""
        self._assemblers.pop(partition, None)

    def safe_checkpoint(self, partition: str) -> Position | None:
        asm = self._assemblers.get(partition)
        return asm.safe_checkpoint() if asm else None

    # ------------------------------------------------------------ internals

    def _dead(self, letter: DeadLetter, out: Output) -> None:
        self.stats.dead_letters[letter.reason] += 1
        out.deadletters.append(documents.dead_letter(letter))

    def _emit(self, closed: list[Closed], out: Output) -> None:
        for item in closed:
            conv = item.conversation
            self.stats.close_reasons[item.reason] += 1
            if item.reason == "evicted":
                self.stats.evicted += 1
            if conv.joinable and not conv.is_whole():
                # Its other half may be on another partition, now or minutes from now.
                pieces = tuple(Piece(piece_id(f), f.raw or b"", f.position) for f in conv.parts)
                out.joins.append(JoinRequest(conv.key, conv.dialect, pieces))
                self.stats.fragments_joined += conv.fragments
                continue
            if self._render(item, out):
                self.stats.fragments_in_documents += conv.fragments
            else:
                self.stats.fragments_dead_lettered += conv.fragments

    def _render(self, item: Closed, out: Output, count: bool = True) -> bool:
        """All of a closed conversation's documents into `out`, or (a defect met by this
        conversation alone) every one of its events as a dead letter: never half of it."""
        conv = item.conversation
        mark = out.mark()
        try:
            with jsontext.repairs() as repairs:
                exchange = resolve(item)
            repaired = bool(repairs.count or conv.text_repaired)
            if repaired:
                exchange.gaps.append("text_repaired")
            self._documents(exchange, out, count)
        except Exception as exc:
            out.rollback(mark)
            self._contain(item, exc, out)
            return False
        self.stats.text_repaired += repaired
        return True

    def _contain(self, item: Closed, exc: Exception, out: Output) -> None:
        """Dead-letter every event of a conversation that could not be rendered, with its raw payload."""
        conv = item.conversation
        self.stats.conversations_failed += 1
        message = (f"the {conv.dialect.value} conversation of this event ({conv.fragments} fragments, closed as "
                   f"{item.reason}) could not be rendered: {type(exc).__name__}; each of its events is a dead letter")
        seen: set[tuple[int, int | None]] = set()
        for fragment in conv.parts:
            where = (id(fragment.position), fragment.record_index)
            if where not in seen:  # two fragments of one event (legacy logger) are one dead letter
                seen.add(where)
                self._dead(DeadLetter("internal_error", message, fragment.raw or b"", fragment.position,
                                      fragment.record_index), out)

    def _fragments(self, joined: JoinResult) -> list[Fragment]:
        """Decode the stored pieces again: the same code path as when they first arrived."""
        fragments = []
        for piece in joined.pieces:
            fragments.extend(decode(RawEvent(piece.raw, piece.position), self.config.decode).fragments)
        return fragments

    def _documents(self, exchange: Exchange, out: Output, count: bool = True) -> None:
        estimate = self.estimator.estimate(exchange.prompt, exchange.response.choices, exchange.model, exchange.operation)
        implausible = self.config.usage.implausible(exchange.reported_usage)
        if implausible is None:
            tokens = reconcile(exchange.reported_usage, estimate)
            cost = self.prices.cost(tokens.usage, exchange.model, exchange.deployment, exchange.time)
        else:  # never bill what cannot be true: the estimate stands in, unpriced and flagged
            tokens = reconcile(None, estimate)
            cost = self.prices.unpriced("implausible_usage", exchange.time)
            exchange.gaps.append("implausible_usage")
        out.chargeback.append(documents.chargeback(exchange, tokens, cost))
        dlp_doc = None
        transform = None
        if self.screener is not None:
            dlp_doc, transform = self.screener(exchange)
        audit = documents.audit(exchange, tokens, dlp_doc)
        out.audit.append(transform(audit) if transform else audit)
        if not count:
            return
        self.stats.implausible_usage += implausible is not None
        counted = _Counted(documents.rank(exchange), exchange.complete, tokens.source, tokens.usage.prompt_tokens,
                           tokens.usage.completion_tokens, cost.currency, cost.total)
        if exchange.dialect in JOINABLE:
            # A joined request may be billed twice in one run (a half, then the whole): the
            # summary counts its best version once.
            previous = self._counted.get(exchange.key)
            if previous is not None:
                if previous.rank > counted.rank:
                    return  # the store keeps the better version too
                self._count(previous, -1)
            self._counted[exchange.key] = counted
            self._counted.move_to_end(exchange.key)
            if len(self._counted) > self.config.limits.remember_finished:
                self._counted.popitem(last=False)
        self._count(counted, 1)

    def _count(self, counted: _Counted, sign: int) -> None:
        stats = self.stats
        if counted.complete:
            stats.conversations_complete += sign
        else:
            stats.conversations_incomplete += sign
        stats.usage_sources[counted.source] += sign
        stats.prompt_tokens += sign * counted.prompt_tokens
        stats.completion_tokens += sign * counted.completion_tokens
        if counted.total is not None:
            stats.cost[counted.currency] = stats.cost.get(counted.currency, Decimal(0)) + sign * counted.total
        else:
            stats.unpriced += sign


@dataclass(slots=True)
class _Counted:
    """What one request added to the run's totals."""

    rank: int
    complete: bool
    source: str
    prompt_tokens: int
    completion_tokens: int
    currency: str
    total: Decimal | None
