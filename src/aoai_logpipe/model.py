"""Boundary models: the `aoai-logpipe/v1` input envelope and the output documents.

These pydantic models are the published contract: `aoai-logpipe schemas` writes their
JSON Schemas to `schemas/`, and a test keeps the checked-in files current.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter

V1_SCHEMA = "aoai-logpipe/v1"


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- input envelope


class _CallerFields(BaseModel):
    """Who made the request; every field is optional because gateways know different things."""

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
    tags: dict[str, str] = Field(default_factory=dict)


class CallerModel(_CallerFields):
    """The caller block of a v1 request; fields a gateway adds beyond ours are kept."""

    model_config = ConfigDict(extra="allow")


class GatewayModel(_Open):
    name: str | None = None
    region: str | None = None
    backend: str | None = None


def _time_text(value: Any) -> Any:
    """`time` is an RFC 3339 string, as the schema says: no epoch numbers coerced into a date."""
    if not isinstance(value, str):
        raise ValueError("time must be an RFC 3339 date-time string")
    return value


class _V1Base(_Open):
    """Numbers are strict (`"seq": "3"` or `true` is invalid, never coerced); a `time` without a UTC
    offset is read as UTC."""

    schema_: Literal["aoai-logpipe/v1"] = Field(alias="schema")
    request_id: str = Field(min_length=1, max_length=512)
    time: Annotated[datetime, BeforeValidator(_time_text)]


class V1Request(_V1Base):
    """The request as the gateway received it (published before the backend call)."""

    type: Literal["request"]
    operation: str = "chat.completions"
    deployment: str | None = None
    api_version: str | None = None
    caller: CallerModel = Field(default_factory=CallerModel)
    gateway: GatewayModel | None = None
    body: Any = None
    response_source: Literal["events", "gateway_llm_logs"] = Field(
        "events", description="where the response comes from: this request's own response/chunk events, or (the "
                              "policy's llm-logs capture, which never buffers a stream) the APIM GatewayLlmLogs "
                              "records whose correlationId is this request_id; the event then only names the caller")


class V1Response(_V1Base):
    """A whole response: a JSON `body`, or the whole SSE body of a stream in `data`."""

    type: Literal["response"]
    status: int | None = Field(None, strict=True, ge=0, le=999)
    body: Any = None
    data: str | None = None


class V1Chunk(_V1Base):
    """A raw fragment of a streamed SSE body, cut at any point (mid-line, mid-JSON)."""

    type: Literal["chunk"]
    seq: int = Field(strict=True, ge=0)
    data: str


class V1End(_V1Base):
    """Closes a stream: how many chunk events were sent and the final HTTP status."""

    type: Literal["end"]
    status: int | None = Field(None, strict=True, ge=0, le=999)
    chunks: int = Field(strict=True, ge=0)


V1Event = Annotated[Union[V1Request, V1Response, V1Chunk, V1End], Field(discriminator="type")]
V1_ADAPTER: TypeAdapter[V1Request | V1Response | V1Chunk | V1End] = TypeAdapter(V1Event)


# ---------------------------------------------------------------- output documents


class UsageModel(_Closed):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    cached_tokens: int = 0
    reasoning_tokens: int = 0


class EstimatedModel(_Closed):
    prompt_tokens: int
    completion_tokens: int
    unestimated_parts: int = Field(0, description="audio/file parts the estimate cannot count")


class DriftModel(_Closed):
    """(estimated - reported) / reported, per side; null where usage was not reported."""

    prompt: float | None = None
    completion: float | None = None


class CostModel(_Closed):
    """Exact decimal amounts as strings (no float rounding); null when the model is unpriced."""

    currency: str
    input: str | None
    cached_input: str | None
    output: str | None
    total: str | None
    price_id: str | None
    priced: bool
    reason: str | None = None


class ChargebackDoc(_CallerFields):
    """One per request: who used which deployment and model, how many tokens, what it cost.
    The caller fields sit at the top level so rollups can group by them directly."""

    model_config = ConfigDict(extra="forbid")

    id: str
    doc_type: Literal["chargeback"] = "chargeback"
    request_id: str
    dialect: str
    time: datetime | None
    period: str = Field(description="YYYY-MM of `time`, or 'unknown'")
    operation: str | None
    deployment: str | None
    model: str | None
    stream: bool
    status: int | None
    usage: UsageModel | None = Field(description="the counts used for billing; null if neither reported nor estimable")
    usage_source: Literal["reported", "estimated"]
    reported: UsageModel | None = None
    estimated: EstimatedModel
    drift: DriftModel
    cost: CostModel
    completeness: Literal["complete", "incomplete"]
    attribution: Literal["complete", "partial", "none", "missing"] = Field(
        "complete", description="'complete': a cost center is known; 'partial': the caller is identified but has no "
                                "cost center; 'none': nothing identifies the caller; 'missing': the caller half of "
                                "the request never arrived"
    )
    rank: int = Field(description="higher replaces lower on upsert; a replay never downgrades")


class ToolCallModel(_Closed):
    id: str | None
    type: str = "function"
    name: str | None
    arguments: str


class ChoiceModel(_Closed):
    index: int
    role: str | None = "assistant"
    text: str | None
    refusal: str | None = None
    tool_calls: list[ToolCallModel] = Field(default_factory=list)
    function_call: ToolCallModel | None = None
    finish_reason: str | None
    content_filter: dict[str, Any] | None = None
    content_filter_offsets: list[dict[str, Any]] = Field(default_factory=list)


class PartModel(_Open):
    """A canonical message part: text, image, audio, file or refusal. Binary payloads are
    never stored: only their mime type, size, sha256 and (images) pixel size."""

    type: str


class MessageModel(_Closed):
    index: int
    role: str
    name: str | None = None
    parts: list[PartModel]
    tool_calls: list[ToolCallModel] = Field(default_factory=list)
    tool_call_id: str | None = None


class AssemblyModel(_Closed):
    fragments: int
    duplicates_dropped: int
    missing_seqs: list[int] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list, description="what was missing or odd (no_end, missing_chunks, no_usage ...)")
    close_reason: str = Field(description="complete | idle_timeout | settled | evicted | end_of_input")
    first_position: dict[str, Any]
    last_position: dict[str, Any]


class AuditDoc(_Closed):
    """One per conversation: the request and the whole response, the caller, the findings."""

    id: str
    doc_type: Literal["audit"] = "audit"
    request_id: str
    dialect: str
    time: datetime | None
    period: str
    caller: CallerModel
    gateway: GatewayModel | None = None
    deployment: str | None
    model: str | None
    operation: str | None
    api_version: str | None = None
    stream: bool
    status: int | None
    response_id: str | None = None
    messages: list[MessageModel]
    tools: list[dict[str, Any]] = Field(default_factory=list, description="tool definitions offered")
    choices: list[ChoiceModel]
    prompt_filter: list[dict[str, Any]] = Field(default_factory=list)
    error: dict[str, Any] | None = None
    usage: UsageModel | None = None
    usage_source: Literal["reported", "estimated"]
    completeness: Literal["complete", "incomplete"]
    assembly: AssemblyModel
    dlp: dict[str, Any] | None = Field(None, description="DLP screening result (null when DLP is off)")
    trimmed: dict[str, Any] | None = Field(None, description="set when texts were cut to fit the store's item size limit")
    rank: int


class DeadLetterDoc(_Closed):
    """An input event that could not be turned into documents, kept whole for replay."""

    id: str
    doc_type: Literal["deadletter"] = "deadletter"
    reason: str = Field(description="stable reason code, e.g. invalid_json, unknown_dialect")
    message: str = Field(description="what was wrong; never quotes prompt or completion text")
    partition: str
    offset: str
    sequence_number: int
    enqueued_time: datetime | None
    record_index: int | None = None
    raw: str = Field(description="the raw payload: UTF-8 text, or base64 when raw_encoding is base64; empty when "
                                 "erased (the payload named a data subject who was erased)")
    raw_encoding: Literal["utf-8", "base64", "erased"]
    raw_sha256: str
    rank: int = 0


SCHEMAS: dict[str, Any] = {
    "aoai-logpipe-v1.schema.json": V1_ADAPTER,
    "chargeback.schema.json": ChargebackDoc,
    "audit.schema.json": AuditDoc,
    "deadletter.schema.json": DeadLetterDoc,
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """Every published schema by file name, generated from the models."""
    out: dict[str, dict[str, Any]] = {}
    for name, model in SCHEMAS.items():
        if isinstance(model, TypeAdapter):
            schema = model.json_schema(by_alias=True)
            schema["title"] = "aoai-logpipe/v1 event"
        else:
            schema = model.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://aoai-logpipe.dev/schemas/{name}"
        out[name] = schema
    return out
