"""Internal value types of the pure core (dataclasses: cheap, no validation on the hot path).

Pydantic models live at the boundaries (model.py); everything between decode and the
document builders passes these around.

What decode builds for every event (fragments and their parts) is a plain slotted dataclass,
not a frozen one: a frozen dataclass sets each field through object.__setattr__, 3-4x the cost
of a plain slot, and these are built several times per conversation. Nothing changes them
once built.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Position:
    """Where an event sits in its source: enough to checkpoint and to find it again."""

    partition: str
    offset: str
    sequence_number: int
    enqueued_time: datetime | None = None


@dataclass(frozen=True, slots=True)
class RawEvent:
    """One event exactly as the source delivered it."""

    body: bytes
    position: Position
    partition_key: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)


class Dialect(str, enum.Enum):
    V1 = "aoai-logpipe/v1"
    APIM = "apim-gateway-llm-logs"
    LEGACY_LOGGER = "legacy-openai-logger"
    LEGACY_PAIR = "legacy-log-to-eventhub-pair"
    LEGACY_USAGE = "legacy-log-to-eventhub-usage"


@dataclass(slots=True)
class Caller:
    subscription_id: str | None = None
    subscription_name: str | None = None
    product: str | None = None
    app_id: str | None = None
    user_id: str | None = None
    user_name: str | None = None
    tenant_id: str | None = None
    client_ip: str | None = None
    cost_center: str | None = None
    business_unit: str | None = None
    tags: dict[str, str] = field(default_factory=dict)

    def merged(self, other: Caller) -> Caller:
        """Fields set here win; gaps are filled from `other`."""
        values = {}
        for name in self.__slots__:
            mine = getattr(self, name)
            values[name] = mine if mine else getattr(other, name)
        return Caller(**values)


@dataclass(slots=True)
class Gateway:
    name: str | None = None
    region: str | None = None
    backend: str | None = None


@dataclass(slots=True)
class Usage:
    """Token counts as the service (or a gateway) reported them.

    cached_tokens is a subset of prompt_tokens and reasoning_tokens a subset of
    completion_tokens: they are never added on top.
    """

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    cached_tokens: int = 0
    reasoning_tokens: int = 0


class FragmentKind(str, enum.Enum):
    REQUEST = "request"
    RESPONSE = "response"
    CHUNK = "chunk"
    END = "end"
    LLM_LOG = "llm_log"
    GATEWAY_LOG = "gateway_log"


@dataclass(slots=True)
class RequestInfo:
    operation: str | None = None
    deployment: str | None = None
    api_version: str | None = None
    caller: Caller = field(default_factory=Caller)
    gateway: Gateway = field(default_factory=Gateway)
    body: Any = None


@dataclass(frozen=True, slots=True)
class ResponseInfo:
    """A whole response: a JSON body, or a whole SSE body in `sse`.

    `usage` carries counts a gateway reported outside the body (legacy dialects).
    """

    status: int | None = None
    body: Any = None
    sse: str | None = None
    usage: Usage | None = None
    model: str | None = None


@dataclass(frozen=True, slots=True)
class EndInfo:
    status: int | None
    chunks: int


@dataclass(slots=True)
class LlmLogInfo:
    """One APIM GatewayLlmLogs record (one piece of a possibly split conversation)."""

    request_id: str | None
    model: str | None
    deployment: str | None
    usage: Usage | None
    request_messages: list[Any]
    response_messages: list[Any]
    stream: bool | None


@dataclass(slots=True)
class GatewayLogInfo:
    """The APIM GatewayLogs record of the same request: who called, and the outcome."""

    caller: Caller
    status: int | None
    operation: str | None
    api_id: str | None
    gateway: Gateway


@dataclass(slots=True)
class Fragment:
    """One decoded piece of a conversation, keyed for reassembly."""

    key: str
    dialect: Dialect
    kind: FragmentKind
    time: datetime | None
    position: Position
    size: int
    seq: int | None = None
    request: RequestInfo | None = None
    response: ResponseInfo | None = None
    chunk: str | None = None
    end: EndInfo | None = None
    llm: LlmLogInfo | None = None
    gateway_log: GatewayLogInfo | None = None
    request_id: str | None = None
    raw: bytes | None = None  # the bytes it came from (decode back to it alone in joinable dialects): joins, dead letters
    record_index: int | None = None  # the record's index inside a multi-record event (APIM)
    text_repaired: bool = False  # lone surrogates in its text were replaced (see core/jsontext.py)


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """An input event (or a record inside one) that could not become part of a document."""

    reason: str
    message: str
    raw: bytes
    position: Position
    record_index: int | None = None
