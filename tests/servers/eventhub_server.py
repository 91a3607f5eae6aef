"""In-memory Event Hubs-compatible AMQP 1.0 test server (asyncio, pure Python).

Talks to the real ``azure-eventhub`` SDK (pure-Python AMQP stack ``azure.eventhub._pyamqp``,
sync and aio clients) through a connection string such as::

    Endpoint=sb://127.0.0.1:PORT;SharedAccessKeyName=k;SharedAccessKey=x;EntityPath=hub;UseDevelopmentEmulator=true

(``UseDevelopmentEmulator=true`` makes the SDK use plain AMQP, no TLS, on the given port).
Frames are built and parsed with the SDK's own encoder/decoder (``_pyamqp._encode`` /
``_decode`` / ``performatives``), and every performative is sent with *all* of its fields
(nulls where empty) because ``_pyamqp`` indexes fields positionally and does not tolerate
omitted trailing fields (which is why qpid-proton / rhea based brokers fail with it).

Implemented subset
------------------
* Transport: AMQP 1.0 over TCP, optional SASL layer (any mechanism is accepted: ANONYMOUS,
  PLAIN, MSSBCBS, EXTERNAL), no TLS, no WebSockets. Multi-frame transfers in both directions.
  Empty (heartbeat) frames are sent if the client asks for an idle timeout.
* Sessions with huge windows, re-advertised in every flow; link credit is honoured for
  server->client deliveries and granted generously (top-up flows) for client->server links.
* ``$cbs``: ``put-token`` always succeeds (status 202). No authorisation is checked at all.
* ``$management``: ``READ`` of ``com.microsoft:eventhub`` (name, created_at, partition_count,
  partition_ids) and ``com.microsoft:partition`` (begin/last enqueued sequence number, last
  enqueued offset (string), last enqueued time, is_partition_empty). Replies are correlated to
  the request's message-id and sent on the link whose *source* is the node (no reply-to).
* Senders: ``<hub>`` (routing: partition key -> partition with the SDK's/service's Jenkins
  lookup3 hash, ``azure.eventhub._buffered_producer._partition_resolver.generate_hash_code``,
  i.e. ``partition_ids[abs(hash % count)]``; no key -> round-robin per batch) and
  ``<hub>/Partitions/<id>``. Batch messages (format 0x80013700, one encoded event per data
  section) and plain messages (format 0) are accepted; unsettled deliveries are settled with
  ``Accepted`` (``Rejected`` if the hub/partition vanished).
* Receivers: ``<hub>/ConsumerGroups/<cg>/Partitions/<id>`` (any consumer group name).
  Filter ``apache.org:selector-filter:string`` on ``amqp.annotation.x-opt-offset`` /
  ``x-opt-sequence-number`` / ``x-opt-enqueued-time`` with ``>``, ``>=`` (or ``=``);
  offset ``-1`` = start of stream, ``@latest`` = only events enqueued after the attach; no
  filter = start of stream. Link property ``com.microsoft:epoch``: the highest epoch wins
  (a new receiver with epoch >= every existing one steals the partition; existing receivers
  are detached with ``amqp:link:stolen``; a receiver with a lower epoch, or without epoch
  while an epoch receiver is active, is refused with the same condition). Capability
  ``com.microsoft:enable-receiver-runtime-metric`` adds the last-enqueued delivery annotations.
  Deliveries are pre-settled; each carries ``x-opt-sequence-number`` (long), ``x-opt-offset``
  (string, cumulative byte offset in the partition), ``x-opt-enqueued-time`` (timestamp) and
  ``x-opt-partition-key`` (string) message annotations; the rest of the event (header,
  properties, application properties, body, other annotations) is passed through byte for byte.

Limits
------
No TLS/WebSockets, no authentication, no retention/expiry (sequence numbers start at 0 and
nothing is ever deleted), no georeplication offsets, no quota checks (max 5 readers etc.),
no transactions, link ``drain`` is not honoured (the SDK never uses it), no idempotent
producer features, ``$management`` operations other than READ are answered 501, link
redirects are never issued. Unknown performatives are logged and ignored. Event bodies are
never logged. State (hubs, events) lives in the server object and survives ``stop()`` /
``start()`` (which re-binds the same port), so a restart can simulate a service outage.

Usage: ``server = EventHubTestServer(); port = server.start(); server.create_hub("hub", 4)``;
``server.connection_string("hub")``; inspection/fault hooks: ``events()``, ``publish()``,
``drop_connections()``, ``delivery_delay``; ``server.stop()``.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import itertools
import logging
import re
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from azure.eventhub._buffered_producer._partition_resolver import generate_hash_code
from azure.eventhub._pyamqp._decode import _DECODE_BY_CONSTRUCTOR, decode_frame, decode_payload
from azure.eventhub._pyamqp._encode import encode_frame, encode_payload, encode_value
from azure.eventhub._pyamqp.endpoints import Source, Target
from azure.eventhub._pyamqp.error import AMQPError
from azure.eventhub._pyamqp.message import Message, Properties
from azure.eventhub._pyamqp.outcomes import Accepted, Rejected
from azure.eventhub._pyamqp.performatives import (
    AttachFrame, BeginFrame, CloseFrame, DetachFrame, DispositionFrame, EndFrame, FlowFrame,
    OpenFrame, SASLMechanism, SASLOutcome, TransferFrame,
)
from azure.eventhub._pyamqp.types import AMQPTypes

__all__ = ["EventHubTestServer", "StoredEvent", "partition_for_key"]

_LOG = logging.getLogger(__name__)

_HDR_AMQP = b"AMQP\x00\x01\x00\x00"
_HDR_SASL = b"AMQP\x03\x01\x00\x00"
_EMPTY_FRAME = b"\x00\x00\x00\x08\x02\x00\x00\x00"
_BIG_WINDOW = 2**31 - 1
_MAX_FRAME = 1024 * 1024
_MAX_MESSAGE = 1024 * 1024
_CREDIT_GRANT = 1000
_BATCH_FORMAT = 0x80013700
_T, _V = "TYPE", "VALUE"

_SEQ, _OFF, _ENQ, _PKEY = (b"x-opt-sequence-number", b"x-opt-offset", b"x-opt-enqueued-time",
                           b"x-opt-partition-key")
_EPOCH = b"com.microsoft:epoch"
_RUNTIME_METRIC = b"com.microsoft:enable-receiver-runtime-metric"
_SELECTOR = b"apache.org:selector-filter:string"
_SEL_RE = re.compile(r"amqp\.annotation\.(x-opt-[\w-]+)\s*(>=|>|=)\s*'([^']*)'", re.I)
_RECV_RE = re.compile(r"^/?([^/]+)/ConsumerGroups/([^/]+)/Partitions/([^/]+)$", re.I)
_SEND_RE = re.compile(r"^/?([^/]+)(?:/Partitions/([^/]+))?$", re.I)
STOLEN, NOT_FOUND = b"amqp:link:stolen", b"amqp:not-found"


def partition_for_key(partition_key: str, partition_ids: List[str]) -> str:
    """Partition the service (and this server) routes ``partition_key`` to."""
    return partition_ids[abs(generate_hash_code(partition_key) % len(partition_ids))]


def _s(value: Any) -> Any:
    return value.decode("utf-8", "replace") if isinstance(value, (bytes, bytearray)) else value


def _path(address: str) -> str:
    """Entity path of a link address (the SDK sends ``amqps://host:port/hub/...``)."""
    if "://" in address:
        address = address.split("://", 1)[1].partition("/")[2]
    return address.strip("/")


def _at(seq: Any, i: int) -> Any:
    return seq[i] if isinstance(seq, (list, tuple)) and len(seq) > i else None


def _enc(value: Any) -> bytes:
    out = bytearray()
    encode_value(out, value)
    return bytes(out)


def _skip(mv: memoryview) -> Tuple[memoryview, Any]:
    return _DECODE_BY_CONSTRUCTOR[mv[0]](mv[1:])


def _split_sections(raw: bytes) -> List[Tuple[Any, bytes, memoryview]]:
    """Split an encoded AMQP message into (descriptor, raw section bytes, value view)."""
    out, mv = [], memoryview(raw)
    while len(mv):
        if mv[0] != 0:
            raise ValueError("not a described section")
        rest, descriptor = _skip(mv[1:])
        value_mv = rest
        rest, _ = _skip(rest)
        size = len(mv) - len(rest)
        out.append((descriptor, mv[:size].tobytes(), value_mv[: len(value_mv) - len(rest)]))
        mv = rest
    return out


def _map_pairs(mv: memoryview) -> List[Tuple[Any, bytes, memoryview]]:
    """Raw (key, raw key+value bytes, value view) entries of an encoded map."""
    if mv[0] == 0xC1:
        count, body = mv[2], mv[3:]
    elif mv[0] == 0xD1:
        count, body = struct.unpack(">I", mv[5:9])[0], mv[9:]
    else:
        return []
    pairs = []
    for _ in range(count // 2):
        rest, key = _skip(body)
        value_mv = rest
        rest, _ = _skip(rest)
        pairs.append((key, body[: len(body) - len(rest)].tobytes(), value_mv))
        body = rest
    return pairs


def _typed(mv: memoryview) -> Any:
    if mv[0] in (0xA1, 0xB1):  # AMQP string (the SDK decoder returns bytes for these)
        return _skip(mv)[1].decode("utf-8", "replace")
    return _skip(mv)[1]


def _map_section(descriptor: int, raw_pairs: List[bytes]) -> bytes:
    content = b"".join(raw_pairs)
    return (b"\x00\x53" + bytes([descriptor]) + b"\xd1"
            + struct.pack(">II", len(content) + 4, len(raw_pairs) * 2) + content)


def _pair(key: bytes, typ: str, value: Any) -> bytes:
    return _enc({_T: AMQPTypes.symbol, _V: key}) + _enc({_T: typ, _V: value})


@dataclass
class StoredEvent:
    """One event as stored in a partition (what ``events()`` returns)."""

    partition_id: str
    sequence_number: int
    offset: str
    enqueued_time: _dt.datetime
    partition_key: Optional[str]
    body: bytes  # concatenated data sections (b"" for value/sequence bodies)
    properties: Dict[str, Any]  # application properties; AMQP strings decoded to str
    raw: bytes = field(repr=False)  # the encoded AMQP message exactly as published
    _prefix: bytes = field(default=b"", repr=False)  # header section
    _rest: bytes = field(default=b"", repr=False)  # annotations + remaining sections

    @property
    def enqueued_time_ms(self) -> int:
        return int(self.enqueued_time.timestamp() * 1000)


class _Hub:
    def __init__(self, name: str, partition_count: int):
        self.name = name
        self.partition_ids = [str(i) for i in range(partition_count)]
        self.events: Dict[str, List[StoredEvent]] = {p: [] for p in self.partition_ids}
        self.next_offset: Dict[str, int] = {p: 0 for p in self.partition_ids}
        self.last_ms: Dict[str, int] = {p: 0 for p in self.partition_ids}
        self.created_at_ms = int(time.time() * 1000)
        self.rr = itertools.count()
        self.receivers: List["_Link"] = []


class _Link:
    def __init__(self, session: "_Session", name: str, handle: int, remote_handle: int, kind: str):
        self.session, self.name, self.handle, self.remote_handle = session, name, handle, remote_handle
        self.kind = kind  # reply | request | publish | consume
        self.node: Optional[str] = None
        self.hub: Optional[_Hub] = None
        self.partition: Optional[str] = None
        self.consumer_group: Optional[str] = None
        self.epoch: Optional[int] = None
        self.next_seq = 0
        self.runtime_metric = False
        self.delivery_count = 0
        self.credit = 0
        self.closed = False
        self.pending: deque = deque()
        self.partial: Optional[Tuple[Any, int, bool, bytearray]] = None
        self.wake = asyncio.Event()
        self.task: Optional[asyncio.Task] = None


class _Session:
    def __init__(self, conn: "_Connection", channel: int, next_incoming_id: int):
        self.conn, self.channel = conn, channel
        self.next_incoming_id = next_incoming_id or 0
        self.next_outgoing_id = 0
        self.links: Dict[int, _Link] = {}  # by remote (client) handle
        self.handles = itertools.count(0)

    def flow_fields(self) -> Dict[str, Any]:
        return dict(next_incoming_id=self.next_incoming_id, incoming_window=_BIG_WINDOW,
                    next_outgoing_id=self.next_outgoing_id, outgoing_window=_BIG_WINDOW)


class _Connection:
    def __init__(self, server: "EventHubTestServer", reader, writer):
        self.server, self.reader, self.writer = server, reader, writer
        self.sessions: Dict[int, _Session] = {}
        self.max_frame = 512 * 1024
        self.closed = False
        self.peer = writer.get_extra_info("peername")
        self.heartbeat: Optional[asyncio.Task] = None

    # ---- framing ---------------------------------------------------------------------------
    def send(self, channel: int, frame: Any, frame_type: bytes = b"\x00") -> None:
        if self.closed or self.writer.is_closing():
            return
        header, data = encode_frame(frame, frame_type)
        self.writer.write(header + struct.pack(">H", channel) + (data or b""))

    async def read_frame(self) -> Tuple[int, bytes]:
        size, doff, _ftype, channel = struct.unpack(">IBBH", await self.reader.readexactly(8))
        if size > 64 * _MAX_FRAME:
            raise ConnectionError(f"absurd frame size {size}")
        body = await self.reader.readexactly(size - 8) if size > 8 else b""
        return channel, body[max(doff * 4 - 8, 0):]

    async def run(self) -> None:
        try:
            header = await self.reader.readexactly(8)
            if header == _HDR_SASL:
                self.writer.write(_HDR_SASL)
                self.send(0, SASLMechanism(sasl_server_mechanisms=[b"MSSBCBS", b"PLAIN", b"ANONYMOUS",
                                                                   b"EXTERNAL"]), b"\x01")
                await self.read_frame()  # sasl-init: anything goes
                self.send(0, SASLOutcome(code=0, additional_data=None), b"\x01")
                header = await self.reader.readexactly(8)
            if header != _HDR_AMQP:
                self.writer.write(_HDR_AMQP)
                return
            self.writer.write(_HDR_AMQP)
            while not self.closed:
                channel, body = await self.read_frame()
                if not body:
                    continue  # heartbeat
                code, fields = decode_frame(memoryview(body))
                await self.dispatch(channel, code, fields)
                await self.writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            _LOG.info("eventhub-server: connection %s gone", self.peer)
        except asyncio.CancelledError:
            pass
        except Exception:  # noqa: BLE001 - a broken client must never break the server
            _LOG.exception("eventhub-server: connection %s failed", self.peer)
        finally:
            self.cleanup()

    def cleanup(self, abort: bool = False) -> None:
        """Forget all links of this connection and close it (``abort``: RST, no goodbye)."""
        self.closed = True
        for session in list(self.sessions.values()):
            for link in list(session.links.values()):
                self.server._remove_link(link)
        self.sessions.clear()
        if self.heartbeat:
            self.heartbeat.cancel()
        if abort:
            self.writer.transport.abort()
        else:
            self.writer.transport.close()
        self.server._conns.discard(self)

    async def _heartbeat(self, interval: float) -> None:
        while not self.closed:
            await asyncio.sleep(interval)
            if not self.writer.is_closing():
                self.writer.write(_EMPTY_FRAME)

    # ---- dispatch --------------------------------------------------------------------------
    async def dispatch(self, channel: int, code: int, f: List[Any]) -> None:
        if code not in range(0x10, 0x19):
            _LOG.warning("eventhub-server: unknown performative 0x%x ignored", code)
            return
        if code == 0x10:  # open
            self.max_frame = min(f[2] or _MAX_FRAME, 4 * _MAX_FRAME) if len(f) > 2 else 512 * 1024
            if _at(f, 4):
                self.heartbeat = asyncio.create_task(self._heartbeat(max(f[4] / 2000.0, 0.05)))
            self.send(0, OpenFrame(
                container_id="eventhub-test-server", hostname=None,
                max_frame_size=self.server.max_frame_size, channel_max=65535, idle_timeout=None,
                outgoing_locales=None, incoming_locales=None, offered_capabilities=None,
                desired_capabilities=None, properties=None))
            return
        if code == 0x18:  # close
            self.send(0, CloseFrame(error=None))
            await self.writer.drain()
            self.closed = True
            return
        if code == 0x11:  # begin
            session = _Session(self, channel, f[1])
            self.sessions[channel] = session
            self.send(channel, BeginFrame(remote_channel=channel, next_outgoing_id=0,
                                          incoming_window=_BIG_WINDOW, outgoing_window=_BIG_WINDOW,
                                          handle_max=65535, offered_capabilities=None,
                                          desired_capabilities=None, properties=None))
            return
        session = self.sessions.get(channel)
        if session is None:  # e.g. the SDK detaches its links *after* sending END
            _LOG.debug("eventhub-server: performative 0x%x on unknown channel %s ignored", code, channel)
            return
        if code == 0x17:  # end
            for link in list(session.links.values()):
                self.server._remove_link(link)
            self.sessions.pop(channel, None)
            self.send(channel, EndFrame(error=None))
        elif code == 0x12:
            self.on_attach(session, f)
        elif code == 0x13:
            self.on_flow(session, f)
        elif code == 0x14:
            self.on_transfer(session, f)
        elif code == 0x16:
            link = session.links.pop(_at(f, 0), None)
            if link is not None and not link.closed:
                self.server._remove_link(link)
                self.send(channel, DetachFrame(handle=link.handle, closed=bool(_at(f, 1)), error=None))
        # 0x15 disposition: client settlements of our (pre-settled) deliveries -> nothing to do

    # ---- links -----------------------------------------------------------------------------
    def detach(self, link: _Link, condition: bytes, description: str) -> None:
        """Server-initiated detach with an error (link stays mapped until the client answers)."""
        self.server._remove_link(link)
        self.send(link.session.channel, DetachFrame(
            handle=link.handle, closed=True,
            error=AMQPError(condition=condition, description=description, info=None)))

    def on_attach(self, session: _Session, f: List[Any]) -> None:
        name, remote_handle, client_is_receiver = _s(f[0]), f[1], bool(f[2])
        source, target = _at(f, 5), _at(f, 6)
        src_addr, tgt_addr = _s(_at(source, 0)) or "", _s(_at(target, 0)) or ""
        props = _at(f, 13) or {}
        desired = _at(f, 12) or []
        desired = desired if isinstance(desired, list) else [desired]
        server = self.server
        error: Optional[Tuple[bytes, str]] = None
        if client_is_receiver:
            kind = "reply" if src_addr in ("$cbs", "$management") else "consume"
        else:
            kind = "request" if tgt_addr in ("$cbs", "$management") else "publish"
        old = session.links.pop(remote_handle, None)
        if old is not None:
            server._remove_link(old)
        link = _Link(session, name, next(session.handles), remote_handle, kind)
        session.links[remote_handle] = link
        link.node = src_addr if client_is_receiver else tgt_addr
        steal: List[_Link] = []
        if kind == "consume":
            m = _RECV_RE.match(_path(src_addr))
            hub = server._hub(m.group(1)) if m else None
            if hub is None or m.group(3) not in hub.partition_ids:
                error = (NOT_FOUND, f"The messaging entity '{src_addr}' could not be found.")
            else:
                link.hub, link.consumer_group, link.partition = hub, m.group(2).lower(), m.group(3)
                epoch = props.get(_EPOCH)
                link.epoch = int(epoch) if epoch is not None else None
                link.runtime_metric = _RUNTIME_METRIC in desired
                rivals = [r for r in hub.receivers if r.partition == link.partition
                          and r.consumer_group == link.consumer_group and not r.closed]
                top = max((r.epoch for r in rivals if r.epoch is not None), default=None)
                if top is not None and (link.epoch is None or link.epoch < top):
                    error = (STOLEN, f"Receiver with higher epoch '{top}' already exists; "
                                     f"'{link.epoch}' refused.")
                elif link.epoch is not None:
                    steal = rivals
                try:
                    link.next_seq = server._start_seq(hub, link.partition, source)
                except ValueError as exc:
                    error = (b"amqp:invalid-field", str(exc))
        elif kind == "publish":
            m = _SEND_RE.match(_path(tgt_addr))
            hub = server._hub(m.group(1)) if m else None
            if hub is None or (m.group(2) is not None and m.group(2) not in hub.partition_ids):
                error = (NOT_FOUND, f"The messaging entity '{tgt_addr}' could not be found.")
            else:
                link.hub, link.partition = hub, m.group(2)
        _LOG.info("eventhub-server: attach %s link %r %s", kind, name, link.node)
        self.send(session.channel, AttachFrame(
            name=name, handle=link.handle, role=not client_is_receiver,
            send_settle_mode=_at(f, 3), rcv_settle_mode=_at(f, 4),
            source=Source(address=src_addr), target=Target(address=tgt_addr),
            unsettled=None, incomplete_unsettled=False,
            initial_delivery_count=0 if client_is_receiver else None,
            max_message_size=_MAX_MESSAGE,
            offered_capabilities=[_RUNTIME_METRIC] if link.runtime_metric else None,
            desired_capabilities=None, properties=None))
        if error:
            self.detach(link, *error)
            return
        for rival in steal:
            _LOG.info("eventhub-server: link %r stolen by epoch %s", rival.name, link.epoch)
            rival.session.conn.detach(rival, STOLEN, f"New receiver with higher epoch of "
                                                     f"'{link.epoch}' is created hence current "
                                                     f"receiver with epoch '{rival.epoch}' is getting "
                                                     f"disconnected.")
        if kind == "consume":
            link.hub.receivers.append(link)
            link.task = asyncio.create_task(self.pump(link))
        elif kind in ("publish", "request"):
            link.delivery_count = _at(f, 9) or 0
            self.grant(link)

    def grant(self, link: _Link) -> None:
        link.credit = _CREDIT_GRANT
        self.send(link.session.channel, FlowFrame(
            handle=link.handle, delivery_count=link.delivery_count, link_credit=link.credit,
            available=None, drain=False, echo=False, properties=None, **link.session.flow_fields()))

    def on_flow(self, session: _Session, f: List[Any]) -> None:
        link = session.links.get(_at(f, 4))
        if link is None or link.closed or link.kind not in ("consume", "reply"):
            return
        delivery_count = f[5] if f[5] is not None else 0
        link.credit = max(delivery_count + (f[6] or 0) - link.delivery_count, 0)
        if link.kind == "reply":
            self.flush_replies(link)
        else:
            link.wake.set()
        if _at(f, 9):  # echo
            self.send(session.channel, FlowFrame(
                handle=link.handle, delivery_count=link.delivery_count, link_credit=link.credit,
                available=None, drain=False, echo=False, properties=None, **session.flow_fields()))

    def on_transfer(self, session: _Session, f: List[Any]) -> None:
        if f[1] is not None:
            session.next_incoming_id = f[1] + 1
        link = session.links.get(f[0])
        if link is None or link.closed:
            _LOG.warning("eventhub-server: transfer on unknown/closed handle %s ignored", f[0])
            return
        payload = f[11]
        if link.partial is None:
            link.partial = (f[1], f[3] or 0, bool(f[4]), bytearray())
        link.partial[3].extend(payload)
        if f[5]:  # more
            return
        delivery_id, message_format, settled, data = link.partial
        link.partial = None
        link.delivery_count += 1
        link.credit -= 1
        state: Any = Accepted()
        if link.kind == "request":
            self.handle_request(link, bytes(data))
        else:
            try:
                self.server._ingest(link.hub, link.partition, bytes(data), message_format)
            except Exception as exc:  # noqa: BLE001
                _LOG.warning("eventhub-server: publish rejected: %r", exc)
                state = Rejected(error=AMQPError(condition=b"amqp:internal-error",
                                                 description=str(exc), info=None))
        if not settled:
            self.send(session.channel, DispositionFrame(role=True, first=delivery_id, last=delivery_id,
                                                        settled=True, state=state, batchable=None))
        if link.credit < _CREDIT_GRANT // 2:
            self.grant(link)

    # ---- server -> client deliveries -------------------------------------------------------
    def transfer(self, link: _Link, payload: bytes) -> None:
        session = link.session
        delivery_id = session.next_outgoing_id
        session.next_outgoing_id += 1
        tag = struct.pack(">I", link.delivery_count)
        link.delivery_count += 1
        link.credit -= 1
        fields = dict(handle=link.handle, delivery_id=delivery_id, delivery_tag=tag, message_format=0,
                      settled=True, rcv_settle_mode=None, state=None, resume=False, aborted=False,
                      batchable=False)
        overhead = len(encode_frame(TransferFrame(more=False, payload=b"", **fields))[1]) + 16
        chunk = max(min(self.max_frame, self.server.max_frame_size) - overhead, 256)
        chunks = [payload[i:i + chunk] for i in range(0, len(payload), chunk)] or [b""]
        for i, part in enumerate(chunks):
            self.send(session.channel, TransferFrame(more=i < len(chunks) - 1, payload=part, **fields))

    async def pump(self, link: _Link) -> None:
        server = self.server
        try:
            while not link.closed and not self.closed:
                await link.wake.wait()
                link.wake.clear()
                while link.credit > 0 and not link.closed and not self.closed:
                    event = server._event_at(link.hub, link.partition, link.next_seq)
                    if event is None:
                        break
                    if server.delivery_delay > 0:
                        await asyncio.sleep(server.delivery_delay)
                        if link.closed or self.closed:
                            break
                    self.transfer(link, server._delivery_payload(link, event))
                    link.next_seq += 1
                    await self.writer.drain()
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass

    def handle_request(self, link: _Link, data: bytes) -> None:
        message_id = None
        try:
            request = decode_payload(memoryview(data))
            app = {_s(k): v for k, v in (request.application_properties or {}).items()}
            message_id = request.properties.message_id if request.properties else None
            status, description, body = self.server._management(link.node, app)
        except Exception as exc:  # noqa: BLE001 - answer instead of dropping the connection
            _LOG.warning("eventhub-server: bad %s request: %r", link.node, exc)
            status, description, body = 500, f"bad request: {exc!r}", None
        response = Message(properties=Properties(correlation_id=message_id),
                           application_properties={"status-code": status,
                                                   "status-description": description,
                                                   # what _pyamqp's ManagementLink actually reads:
                                                   "statusDescription": description},
                           value=body)
        out = bytearray()
        encode_payload(out, response)
        replies = [r for s in [link.session, *self.sessions.values()] for r in s.links.values()
                   if r.kind == "reply" and r.node == link.node and not r.closed]
        if not replies:
            _LOG.warning("eventhub-server: no reply link for %s", link.node)
            return
        replies[0].pending.append(bytes(out))
        self.flush_replies(replies[0])

    def flush_replies(self, link: _Link) -> None:
        while link.pending and link.credit > 0:
            self.transfer(link, link.pending.popleft())


class EventHubTestServer:
    """Event Hubs-compatible AMQP test server running in a background thread.

    ``hub`` / ``partitions``: a hub created at start-up (``None`` for none).
    ``auto_create``: unknown hub names referenced by clients are created on the fly with
    ``partitions`` partitions (default off: unknown hubs give ``amqp:not-found``).
    ``delivery_delay``: seconds slept before every delivery to a consumer (fault injection;
    may be changed at any time). ``max_frame_size``: advertised in OPEN and also used to split
    outgoing transfers (small values exercise multi-frame deliveries in both directions).
    """

    def __init__(self, hub: Optional[str] = "hub", partitions: int = 4, host: str = "127.0.0.1",
                 port: int = 0, auto_create: bool = False, delivery_delay: float = 0.0,
                 max_frame_size: int = _MAX_FRAME):
        self.host, self.port = host, port
        self.max_frame_size = max_frame_size
        self.default_hub = hub
        self.default_partitions = partitions
        self.auto_create = auto_create
        self.delivery_delay = delivery_delay
        self._lock = threading.RLock()
        self._hubs: Dict[str, _Hub] = {}
        self._conns: set = set()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._thread: Optional[threading.Thread] = None
        self._server: Optional[asyncio.base_events.Server] = None
        if hub:
            self.create_hub(hub, partitions)

    # ---- lifecycle -------------------------------------------------------------------------
    def start(self) -> int:
        """Start listening (in a daemon thread); returns the TCP port."""
        if self._thread is not None:
            return self.port
        ready = threading.Event()
        failure: List[BaseException] = []
        self._loop = asyncio.new_event_loop()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            try:
                self._server = self._loop.run_until_complete(
                    asyncio.start_server(self._accept, self.host, self.port))
                self.port = self._server.sockets[0].getsockname()[1]
            except BaseException as exc:  # noqa: BLE001
                failure.append(exc)
                ready.set()
                return
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="eventhub-test-server", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure:
            self._thread = None
            raise failure[0]
        _LOG.info("eventhub-server: listening on %s:%s", self.host, self.port)
        return self.port

    def stop(self) -> None:
        """Close the listener and every connection, then stop the thread."""
        if self._thread is None or self._loop is None:
            return

        async def shutdown() -> None:
            self._server.close()
            for conn in list(self._conns):
                conn.cleanup(abort=True)
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.wait(tasks, timeout=2) if tasks else None

        try:
            asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(5)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
            self._loop.close()
            self._thread = None
            self._loop = None

    def __enter__(self) -> "EventHubTestServer":
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    async def _accept(self, reader, writer) -> None:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = _Connection(self, reader, writer)
        self._conns.add(conn)
        _LOG.info("eventhub-server: connection from %s", conn.peer)
        await conn.run()

    def _call(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` on the server loop (synchronously from any other thread)."""
        if self._loop is None or threading.current_thread() is self._thread:
            return fn()

        async def wrapper() -> Any:
            return fn()

        return asyncio.run_coroutine_threadsafe(wrapper(), self._loop).result(5)

    # ---- hubs ------------------------------------------------------------------------------
    def connection_string(self, hub: Optional[str] = None) -> str:
        hub = hub or self.default_hub
        return (f"Endpoint=sb://{self.host}:{self.port};SharedAccessKeyName=k;SharedAccessKey=x;"
                f"EntityPath={hub};UseDevelopmentEmulator=true")

    def create_hub(self, name: str, partitions: int = 4) -> List[str]:
        """Create (or replace with an empty one) a hub; returns its partition ids "0".."n-1"."""
        hub = _Hub(name, partitions)
        with self._lock:
            old = self._hubs.get(name.lower())
            self._hubs[name.lower()] = hub
        self._kick(old)
        return list(hub.partition_ids)

    def delete_hub(self, name: str) -> None:
        """Delete a hub; its receivers are detached with ``amqp:not-found``."""
        with self._lock:
            old = self._hubs.pop(name.lower(), None)
        self._kick(old)

    def _kick(self, hub: Optional[_Hub]) -> None:
        def kick() -> None:
            for link in list(hub.receivers):
                link.session.conn.detach(link, NOT_FOUND, f"Event hub '{hub.name}' was deleted.")
        if hub is not None and self._loop is not None:
            self._call(kick)

    def partition_ids(self, hub: Optional[str] = None) -> List[str]:
        return list(self._get_hub(hub).partition_ids)

    def _hub(self, name: str) -> Optional[_Hub]:
        with self._lock:
            hub = self._hubs.get(name.lower())
            if hub is None and self.auto_create:
                hub = self._hubs[name.lower()] = _Hub(name, self.default_partitions)
            return hub

    def _get_hub(self, name: Optional[str]) -> _Hub:
        hub = self._hub(name or self.default_hub or "")
        if hub is None:
            raise KeyError(f"unknown event hub {name or self.default_hub!r}")
        return hub

    # ---- inspection / fault hooks ----------------------------------------------------------
    def events(self, partition_id: Optional[str] = None, hub: Optional[str] = None) -> List[StoredEvent]:
        """Stored events of one partition (or of all partitions, ordered by partition then seq)."""
        h = self._get_hub(hub)
        with self._lock:
            if partition_id is not None:
                return list(h.events[str(partition_id)])
            return [e for p in h.partition_ids for e in h.events[p]]

    def publish(self, partition_id: str, body: bytes, properties: Optional[Dict[str, Any]] = None,
                partition_key: Optional[str] = None, hub: Optional[str] = None,
                enqueued_time: Optional[_dt.datetime] = None) -> StoredEvent:
        """Inject an event directly (no SDK); wakes receivers. Thread-safe.

        `enqueued_time` stamps the event as if the broker had received it then (a recorded day
        replayed at speed keeps its own clock); it never moves a partition's clock back."""
        message = Message(data=[bytes(body)], application_properties=properties or None)
        raw = bytearray()
        encode_payload(raw, message)
        h = self._get_hub(hub)
        at_ms = None if enqueued_time is None else int(enqueued_time.timestamp() * 1000)
        with self._lock:
            stored = self._store(h, str(partition_id), [bytes(raw)], partition_key, at_ms)[0]
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._notify, h, str(partition_id))
        return stored

    def drop_connections(self) -> int:
        """Abruptly close every client socket (RST); returns how many were closed."""
        def drop() -> int:
            conns = list(self._conns)
            for conn in conns:
                conn.cleanup(abort=True)
            return len(conns)
        n = self._call(drop) if self._loop is not None else 0
        _LOG.info("eventhub-server: dropped %d connection(s)", n)
        return n

    @property
    def connection_count(self) -> int:
        return len(self._conns)

    def receivers(self, hub: Optional[str] = None) -> List[Dict[str, Any]]:
        """Active consumer links: dicts with name, consumer_group, partition_id, epoch, next_seq."""
        h = self._get_hub(hub)
        return [dict(name=r.name, consumer_group=r.consumer_group, partition_id=r.partition,
                     epoch=r.epoch, next_seq=r.next_seq) for r in list(h.receivers) if not r.closed]

    def wait_for_events(self, count: int, hub: Optional[str] = None,
                        timeout: float = 10.0) -> List[StoredEvent]:
        """Block until the hub holds at least ``count`` events (all partitions)."""
        deadline = time.monotonic() + timeout
        while True:
            events = self.events(None, hub)
            if len(events) >= count or time.monotonic() > deadline:
                return events
            time.sleep(0.02)

    # ---- storage (any thread; under lock) --------------------------------------------------
    def _store(self, hub: _Hub, pid: str, raws: List[bytes],
               batch_key: Optional[str], at_ms: Optional[int] = None) -> List[StoredEvent]:
        now_ms = max(int(time.time() * 1000) if at_ms is None else at_ms, hub.last_ms[pid])
        hub.last_ms[pid] = now_ms
        enqueued = _dt.datetime.fromtimestamp(now_ms / 1000, tz=_dt.timezone.utc)
        stored = []
        for raw in raws:
            prefix, keep, props, body, key = b"", [], {}, [], batch_key
            rest_sections = []
            for descriptor, section, value_mv in _split_sections(raw):
                if descriptor == 0x70:
                    prefix = section
                elif descriptor == 0x72:
                    for k, pair, v_mv in _map_pairs(value_mv):
                        if k == _PKEY and key is None:
                            key = _s(_typed(v_mv))
                        if k not in (_SEQ, _OFF, _ENQ, _PKEY):
                            keep.append(pair)
                elif descriptor == 0x71:
                    continue  # delivery annotations are hop-by-hop
                else:
                    if descriptor == 0x74:
                        props = {_s(k): _typed(v) for k, _, v in _map_pairs(value_mv)}
                    elif descriptor == 0x75:
                        body.append(_skip(value_mv)[1])
                    rest_sections.append(section)
            seq = len(hub.events[pid])
            offset = hub.next_offset[pid]
            hub.next_offset[pid] += len(raw)
            annotations = keep + [_pair(_SEQ, AMQPTypes.long, seq),
                                  _pair(_OFF, AMQPTypes.string, str(offset)),
                                  _pair(_ENQ, AMQPTypes.timestamp, now_ms)]
            if key is not None:
                annotations.append(_pair(_PKEY, AMQPTypes.string, key))
            event = StoredEvent(pid, seq, str(offset), enqueued, key, b"".join(body), props, raw,
                                prefix, _map_section(0x72, annotations) + b"".join(rest_sections))
            hub.events[pid].append(event)
            stored.append(event)
        return stored

    def _ingest(self, hub: _Hub, pid: Optional[str], data: bytes, message_format: int) -> None:
        """Store a message received on a sender link (loop thread)."""
        if self._hub(hub.name) is not hub:
            raise RuntimeError(f"event hub {hub.name!r} no longer exists")
        key = None
        if message_format == _BATCH_FORMAT:
            raws = []
            for descriptor, _section, value_mv in _split_sections(data):
                if descriptor == 0x75:
                    raws.append(_skip(value_mv)[1])
                elif descriptor == 0x72:
                    key = next((_s(_typed(v)) for k, _, v in _map_pairs(value_mv) if k == _PKEY), key)
        else:
            raws = [data]
            for descriptor, _section, value_mv in _split_sections(data):
                if descriptor == 0x72:
                    key = next((_s(_typed(v)) for k, _, v in _map_pairs(value_mv) if k == _PKEY), key)
        if key is None and raws:
            for descriptor, _section, value_mv in _split_sections(raws[0]):
                if descriptor == 0x72:
                    key = next((_s(_typed(v)) for k, _, v in _map_pairs(value_mv) if k == _PKEY), None)
        with self._lock:
            if pid is None:
                pid = (partition_for_key(key, hub.partition_ids) if key
                       else hub.partition_ids[next(hub.rr) % len(hub.partition_ids)])
            self._store(hub, pid, raws, key)
        _LOG.debug("eventhub-server: stored %d event(s) in %s/%s", len(raws), hub.name, pid)
        self._notify(hub, pid)

    def _notify(self, hub: _Hub, pid: str) -> None:
        for link in list(hub.receivers):
            if link.partition == pid:
                link.wake.set()

    def _event_at(self, hub: _Hub, pid: str, seq: int) -> Optional[StoredEvent]:
        with self._lock:
            events = hub.events[pid]
            return events[seq] if 0 <= seq < len(events) else None

    def _delivery_payload(self, link: _Link, event: StoredEvent) -> bytes:
        if not link.runtime_metric:
            return event._prefix + event._rest
        with self._lock:
            last = link.hub.events[link.partition][-1]
        metric = _map_section(0x71, [
            _pair(b"last_enqueued_sequence_number", AMQPTypes.long, last.sequence_number),
            _pair(b"last_enqueued_offset", AMQPTypes.string, last.offset),
            _pair(b"last_enqueued_time_utc", AMQPTypes.timestamp, last.enqueued_time_ms),
            _pair(b"runtime_info_retrieval_time_utc", AMQPTypes.timestamp, int(time.time() * 1000))])
        return event._prefix + metric + event._rest

    def _start_seq(self, hub: _Hub, pid: str, source: Any) -> int:
        filters = _at(source, 7) or {}
        selector = filters.get(_SELECTOR) if isinstance(filters, dict) else None
        if isinstance(selector, (list, tuple)):  # described value kept as (descriptor, value)
            selector = selector[-1]
        with self._lock:
            events = list(hub.events[pid])
        if not selector:
            return 0
        m = _SEL_RE.search(_s(selector))
        if not m:
            raise ValueError(f"unsupported selector {_s(selector)!r}")
        name, op, value = m.group(1).lower(), m.group(2), m.group(3)
        inclusive = op in (">=", "=")
        if name == "x-opt-offset":
            if value == "@latest":
                return len(events)
            if value == "-1":
                return 0
            n = int(value)
            return next((e.sequence_number for e in events
                         if (int(e.offset) >= n if inclusive else int(e.offset) > n)), len(events))
        if name == "x-opt-sequence-number":
            n = int(value)
            return max(n if inclusive else n + 1, 0)
        if name == "x-opt-enqueued-time":
            n = int(value)
            return next((e.sequence_number for e in events
                         if (e.enqueued_time_ms >= n if inclusive else e.enqueued_time_ms > n)), len(events))
        raise ValueError(f"unsupported selector field {name!r}")

    def _remove_link(self, link: _Link) -> None:
        link.closed = True
        link.wake.set()
        if link.task is not None and link.task is not asyncio.current_task():
            link.task.cancel()
        if link.hub is not None and link in link.hub.receivers:
            link.hub.receivers.remove(link)

    # ---- $management / $cbs ----------------------------------------------------------------
    def _management(self, node: str, app: Dict[str, Any]) -> Tuple[int, str, Any]:
        operation, typ = _s(app.get("operation")), _s(app.get("type"))
        if node == "$cbs":
            return 202, "Accepted", None
        if operation != "READ":
            return 501, f"operation {operation!r} not implemented", None
        hub = self._hub(_s(app.get("name")) or "")
        if hub is None:
            return 404, f"The messaging entity '{_s(app.get('name'))}' could not be found.", None
        if typ == "com.microsoft:eventhub":
            return 200, "OK", {
                "name": hub.name,
                "type": "com.microsoft:eventhub",
                "created_at": {_T: AMQPTypes.timestamp, _V: hub.created_at_ms},
                "partition_count": {_T: AMQPTypes.int, _V: len(hub.partition_ids)},
                "partition_ids": {_T: AMQPTypes.array,
                                  _V: [{_T: AMQPTypes.string, _V: p} for p in hub.partition_ids]},
            }
        if typ == "com.microsoft:partition":
            pid = _s(app.get("partition"))
            if pid not in hub.partition_ids:
                return 404, f"Partition '{pid}' could not be found.", None
            with self._lock:
                events = list(hub.events[pid])
            last = events[-1] if events else None
            return 200, "OK", {
                "name": hub.name,
                "type": "com.microsoft:partition",
                "partition": pid,
                "begin_sequence_number": {_T: AMQPTypes.long, _V: 0},
                "last_enqueued_sequence_number": {_T: AMQPTypes.long,
                                                  _V: last.sequence_number if last else -1},
                "last_enqueued_offset": last.offset if last else "-1",
                "last_enqueued_time_utc": {_T: AMQPTypes.timestamp,
                                           _V: last.enqueued_time_ms if last else 0},
                "is_partition_empty": not events,
            }
        return 501, f"type {typ!r} not implemented", None
