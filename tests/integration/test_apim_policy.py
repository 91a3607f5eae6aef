"""deploy/apim/aoai-logpipe-v1.xml: the events it emits go through the pipeline as intended.

API Management cannot run here, so `ApimTwin` below reproduces the policy's C# expressions step
by step (same constants, same property order, same cut points; Newtonsoft's Formatting.None is
json.dumps with ensure_ascii=False and compact separators). The first tests tie the twin to the
XML (constants, emitted properties, log slots); the others feed what the policy would publish for
real and synthetic backend responses through `Pipeline` and check the documents.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from aoai_logpipe.core.pipeline import Pipeline
from aoai_logpipe.core.types import Position, RawEvent
from tests import captures

pytestmark = pytest.mark.integration

POLICY = Path(__file__).resolve().parents[2] / "deploy" / "apim" / "aoai-logpipe-v1.xml"
MAX_EVENT_BYTES = 190_000
CHUNK_CHARS = 150_000
MAX_SLOTS = 33
LOG_LIMIT = 200 * 1024  # log-to-eventhub truncates above this
LOADTEST_TAGS = (("loadtest_run", "x-loadtest-run"), ("loadtest_request", "x-loadtest-request"))


def dumps(value: Any) -> str:
    """Newtonsoft JToken.ToString(Formatting.None)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def utf8(text: str) -> int:
    return len(text.encode("utf-8"))


@dataclass
class ApimContext:
    """The parts of APIM's `context` the policy reads."""

    request_id: str = "6f1c2a7e-0d3b-4c55-9a1e-2b7d8c9e0f11"
    timestamp: datetime = datetime(2026, 10, 1, 12, 0, 0, 250000, tzinfo=timezone.utc)
    path: str = "/openai/deployments/gpt-4o/chat/completions"
    query: dict[str, str] = field(default_factory=lambda: {"api-version": "2024-10-21"})
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    claims: dict[str, str] | None = field(default_factory=lambda: {
        "oid": "00000000-0000-0000-0000-0000000000a1", "appid": "11111111-2222-3333-4444-555555555555",
        "tid": "72f988bf-0000-4000-8000-000000000001", "upn": "ana@contoso.example"})
    subscription_id: str | None = "sub-finance-01"
    subscription_name: str | None = "Finance chatbot"
    product_id: str | None = "ai-gateway"
    product_name: str | None = "AI Gateway"
    ip: str = "10.1.2.3"
    service_name: str = "contoso-apim"
    region: str = "West Europe"
    backend_host: str = "contoso-aoai.openai.azure.com"
    cost_centers: str = "sub-finance-01=CC-4711;ai-gateway=CC-0001"  # the named value
    capture: str = "bodies"  # the named value aoai-logpipe-capture
    force_usage: str = "false"  # the named value aoai-logpipe-force-usage


def apim_time(moment: datetime) -> str:  # ToString("yyyy-MM-ddTHH:mm:ss.fffZ")
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class ApimTwin:
    """The policy's expressions, transcribed. `inbound` returns the request event and the rewritten
    body (or None); `outbound` the events of the response; `on_error` the error event."""

    def __init__(self, ctx: ApimContext) -> None:
        self.ctx = ctx
        self.operation = "other"

    def inbound(self) -> tuple[str, str | None]:
        ctx = self.ctx
        path = ctx.path.lower()
        operation = ("chat.completions" if path.endswith("/chat/completions") else "embeddings" if path.endswith("/embeddings")
                     else "completions" if path.endswith("/completions") else "responses" if "/responses" in path
                     else "images" if "/images/" in path else "audio" if "/audio/" in path else "other")
        self.operation = operation
        raw = ctx.body
        body = None
        try:
            parsed = json.loads(raw) if raw else None
            body = parsed if isinstance(parsed, dict) else None
        except ValueError:
            body = None
        match = re.search(r"/deployments/([^/]+)", ctx.path)
        deployment = match.group(1) if match else (body.get("model") if body is not None else None)
        api_version = ctx.query.get("api-version", "")
        stream = body is not None and isinstance(body.get("stream"), bool) and body["stream"]
        llm_logs = ctx.capture == "llm-logs"
        av = api_version[:10]
        accepts_usage = ("/openai/v1/" in path or api_version in ("preview", "latest")
                         or (len(av) == 10 and av >= "2024-09-01"))
        inject = ctx.force_usage == "true" and accepts_usage and not llm_logs
        forced = False
        if stream and inject and operation in ("chat.completions", "completions"):
            options = body.get("stream_options")
            if not isinstance(options, dict):
                options = body["stream_options"] = {}
            current = options.get("include_usage")
            if not (isinstance(current, bool) and current):
                options["include_usage"] = True
                forced = True
        claims = ctx.claims or {}
        oid, tid = claims.get("oid", ""), claims.get("tid", "")
        appid = claims.get("appid", claims.get("azp", ""))
        upn = claims.get("upn", claims.get("preferred_username", ""))
        subscription_id, product_id = ctx.subscription_id or "", ctx.product_id or ""
        cost_center = ""
        for entry in ctx.cost_centers.split(";"):
            eq = entry.find("=")
            if eq > 0:
                key, value = entry[:eq].strip(), entry[eq + 1:].strip()
                if key == subscription_id:
                    cost_center = value
                elif key == product_id and cost_center == "":
                    cost_center = value
        if cost_center == "":
            cost_center = ctx.headers.get("x-cost-center", "")
        caller = {
            "subscription_id": subscription_id or None, "subscription_name": ctx.subscription_name,
            "product": ctx.product_name, "app_id": appid or None, "user_id": oid or None, "user_name": upn or None,
            "tenant_id": tid or None, "client_ip": ctx.ip, "cost_center": cost_center or None,
            "business_unit": ctx.headers.get("x-business-unit"),
            "tags": {tag: ctx.headers[header] for tag, header in LOADTEST_TAGS if ctx.headers.get(header)},
        }
        gateway = {"name": ctx.service_name, "region": ctx.region, "backend": ctx.backend_host}
        ev: dict[str, Any] = {
            "schema": "aoai-logpipe/v1", "type": "request", "request_id": ctx.request_id, "time": apim_time(ctx.timestamp),
            "operation": operation, "deployment": deployment, "api_version": api_version or None, "caller": caller,
            "gateway": gateway, "body": None if llm_logs else body,
        }
        if llm_logs:
            ev["response_source"] = "gateway_llm_logs"
            if raw:
                ev["body_omitted"] = "llm_logs"
        elif body is None and raw:
            ev["body_omitted"] = "not_json"
        text = dumps(ev)
        if body is not None and not llm_logs and utf8(text) > MAX_EVENT_BYTES:
            ev["body"] = _strip_inline_data(json.loads(dumps(body)))
            ev["body_omitted"] = "inline_data"
            text = dumps(ev)
        if utf8(text) > MAX_EVENT_BYTES:
            ev["body"] = None
            ev["body_omitted"] = "too_large"
            text = dumps(ev)
        return text, dumps(body) if forced else None

    def outbound(self, status: int, content_type: str, text: str | None, now: datetime) -> list[str]:
        if self.ctx.capture == "llm-logs":
            return []  # the body is never read
        rid, stamp = self.ctx.request_id, apim_time(now)
        text = text or ""
        sse_text = text
        if "text/event-stream" not in content_type:
            try:
                body: Any = json.loads(text)
            except ValueError:
                body = text
            if self.operation == "embeddings" and isinstance(body, dict) and isinstance(body.get("data"), list):
                for item in body["data"]:
                    if isinstance(item, dict):
                        item.pop("embedding", None)
            single = dumps({"schema": "aoai-logpipe/v1", "type": "response", "request_id": rid, "time": stamp,
                            "status": status, "body": body})
            if MAX_EVENT_BYTES >= utf8(single):
                return [single]
            sse_text = "data: " + dumps(body) + "\n\ndata: [DONE]\n\n"
        chunks: list[str] = []
        units = Utf16(sse_text)  # C# strings index UTF-16 code units, not code points
        pos = 0
        while units.length > pos:
            n = min(CHUNK_CHARS, units.length - pos)
            if units.length > pos + n:
                cut = units.rfind("\n\n", pos, pos + n)  # C#: LastIndexOf("\n\n", pos + n - 1, n, Ordinal)
                if cut >= pos + n // 2:
                    n = cut + 2 - pos
                if units.is_high_surrogate(pos + n - 1):
                    n -= 1

            def chunk(n: int) -> str:
                return dumps({"schema": "aoai-logpipe/v1", "type": "chunk", "request_id": rid, "time": stamp,
                              "seq": len(chunks), "data": units.substring(pos, n)})

            event = chunk(n)
            while utf8(event) > MAX_EVENT_BYTES:
                n //= 2
                if units.is_high_surrogate(pos + n - 1):
                    n -= 1
                event = chunk(n)
            chunks.append(event)
            pos += n
        events = [c for i, c in enumerate(chunks) if MAX_SLOTS - 2 > i or i == len(chunks) - 1]
        events.append(dumps({"schema": "aoai-logpipe/v1", "type": "end", "request_id": rid, "time": stamp,
                             "status": status, "chunks": len(chunks)}))
        return events

    def on_error(self, status: int | None, reason: str, message: str, source: str, now: datetime) -> str:
        status = 500 if status is None or 400 > status else status
        return dumps({"schema": "aoai-logpipe/v1", "type": "response", "request_id": self.ctx.request_id,
                      "time": apim_time(now), "status": status,
                      "body": {"error": {"code": reason, "message": message, "source": source}}})


class Utf16:
    """A string as C# sees it: indexed in UTF-16 code units. A substring that splits a surrogate
    pair raises, as sending it would corrupt the text (log-to-eventhub writes U+FFFD)."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-16-le", "surrogatepass")
        self.length = len(self.data) // 2

    def unit(self, index: int) -> int:
        return int.from_bytes(self.data[2 * index: 2 * index + 2], "little")

    def is_high_surrogate(self, index: int) -> bool:
        return 0xD800 <= self.unit(index) <= 0xDBFF

    def substring(self, start: int, length: int) -> str:
        return self.data[2 * start: 2 * (start + length)].decode("utf-16-le")  # strict: a split pair fails

    def rfind(self, needle: str, start: int, end: int) -> int:
        target = needle.encode("utf-16-le")
        index = self.data.rfind(target, 2 * start, 2 * end)
        while index >= 0 and index % 2:  # only at code-unit boundaries
            index = self.data.rfind(target, 2 * start, index)
        return index // 2 if index >= 0 else -1


def _strip_inline_data(node: Any, owner: str | None = None, grand: str | None = None) -> Any:
    if isinstance(node, dict):
        return {k: _strip_inline_data(v, k, owner) for k, v in node.items()}
    if isinstance(node, list):
        return [_strip_inline_data(v, None, owner) for v in node]
    if isinstance(node, str):
        if node.startswith("data:") and ";base64," in node:
            return node[: node.index(",") + 1]
        if owner == "data" and grand == "input_audio":
            return ""
    return node


# ---------------------------------------------------------------- the twin matches the XML


@pytest.fixture(scope="module")
def policy() -> ET.Element:
    return ET.parse(POLICY).getroot()  # well-formed XML: importable as format "xml" or "rawxml"


def test_constants_and_emitted_properties_match_the_policy(policy):
    text = POLICY.read_text(encoding="utf-8")
    constants = {name: {int(v) for v in re.findall(rf"const int {name} = (\d+);", text)}
                 for name in ("MAX_EVENT_BYTES", "CHUNK_CHARS", "MAX_SLOTS")}
    assert constants == {"MAX_EVENT_BYTES": {MAX_EVENT_BYTES}, "CHUNK_CHARS": {CHUNK_CHARS}, "MAX_SLOTS": {MAX_SLOTS}}
    assert MAX_EVENT_BYTES < LOG_LIMIT
    emitted = set(re.findall(r'new JProperty\("([a-z_]+)"', text)) | set(re.findall(r'ev\["([a-z_]+)"\]', text))
    twin = ApimTwin(ApimContext(body=json.dumps({"messages": [], "stream": True})))
    request, _ = twin.inbound()
    names = set(json.loads(request)) | set(json.loads(request)["caller"]) | set(json.loads(request)["gateway"])
    for event in twin.outbound(200, "text/event-stream", "data: [DONE]\n\n", datetime.now(timezone.utc)):
        names |= set(json.loads(event))
    names |= set(json.loads(twin.on_error(None, "r", "m", "s", datetime.now(timezone.utc)))["body"]["error"])
    assert names <= emitted, names - emitted
    assert {"body_omitted", "include_usage", "stream_options", "embedding", "input_audio"} <= \
        set(re.findall(r'"([a-z_]+)"', text))
    assert "{{aoai-logpipe-cost-centers}}" in text and '"x-cost-center"' in text and '"x-business-unit"' in text
    for claim in ("oid", "appid", "azp", "tid", "upn"):
        assert f'GetValueOrDefault("{claim}"' in text
    for tag, header in LOADTEST_TAGS:
        assert f'GetValueOrDefault("{header}"' in text and f'tags.Add("{tag}"' in text


def test_every_event_is_logged_with_the_request_id_as_partition_key(policy):
    logs = policy.findall(".//log-to-eventhub")
    for element in logs:
        assert element.get("logger-id") == "aoai-logpipe"
        assert "partition-id" not in element.attrib
        assert "aoai-logpipe-rid" in element.get("partition-key") or "RequestId" in element.get("partition-key")
    inbound = policy.find("inbound")
    assert len(inbound.findall("log-to-eventhub")) == 1
    assert inbound.find("choose/when/set-body") is not None  # include_usage is written back
    slots = policy.findall("outbound/choose/when/log-to-eventhub")
    assert len(slots) == MAX_SLOTS
    conditions = [w.get("condition") for w in policy.findall("outbound/choose/when") if w.find("log-to-eventhub") is not None]
    for k, (slot, condition) in enumerate(zip(slots, conditions)):
        assert condition.endswith(f".Count > {k})"), condition
        assert slot.text.strip().endswith(f'["aoai-logpipe-events"])[{k}])'), slot.text
    assert policy.find("on-error/choose/when/log-to-eventhub") is not None
    assert len(logs) == 1 + MAX_SLOTS + 1


# ---------------------------------------------------------------- through the pipeline


def run(pipeline: Pipeline, bodies: list[str], key: str, close_after: timedelta | None = None):
    for body in bodies:
        assert utf8(body) <= MAX_EVENT_BYTES < LOG_LIMIT
    events = [RawEvent(b.encode("utf-8"), Position("0", str(i), i), partition_key=key) for i, b in enumerate(bodies)]
    out = pipeline.process(events)
    if close_after is not None:
        out.extend(pipeline.advance("0", datetime(2026, 10, 1, 12, 0, tzinfo=timezone.utc) + close_after))
    assert not out.deadletters, [d["reason"] for d in out.deadletters]
    return out


NOW = datetime(2026, 10, 1, 12, 0, 3, tzinfo=timezone.utc)


def stream_request(**extra) -> str:
    return json.dumps({"messages": [{"role": "system", "content": "You are helpful."},
                                    {"role": "user", "content": "Hello"}], "stream": True, **extra})


def test_a_streamed_azure_capture_becomes_complete_documents_with_the_caller(estimator, prices):
    sse = captures.text("13-azure-stream-text-gpt4o-usage-chunk.txt")
    ctx = ApimContext(body=stream_request(), headers={"x-business-unit": "Retail"}, force_usage="true")
    twin = ApimTwin(ctx)
    request, rewritten = twin.inbound()
    assert json.loads(rewritten)["stream_options"] == {"include_usage": True}
    assert json.loads(request)["body"]["stream_options"] == {"include_usage": True}
    events = twin.outbound(200, "text/event-stream; charset=utf-8", sse, NOW)
    assert [json.loads(e)["type"] for e in events] == ["chunk", "end"] and json.loads(events[0])["data"] == sse
    out = run(Pipeline(estimator, prices), [request, *events], ctx.request_id)
    (charge,), (audit,) = out.chargeback, out.audit
    assert charge["request_id"] == ctx.request_id and charge["completeness"] == "complete"
    assert (charge["usage_source"], charge["usage"]["prompt_tokens"], charge["usage"]["completion_tokens"]) == ("reported", 96, 10)
    assert charge["model"] == "gpt-4o-2024-11-20" and charge["deployment"] == "gpt-4o" and charge["stream"] is True
    assert charge["cost"]["priced"] and charge["time"].startswith("2026-10-01T12:00:00.25")
    assert {k: charge[k] for k in ("subscription_id", "subscription_name", "product", "app_id", "user_id", "user_name",
                                   "tenant_id", "client_ip", "cost_center", "business_unit")} == {
        "subscription_id": "sub-finance-01", "subscription_name": "Finance chatbot", "product": "AI Gateway",
        "app_id": "11111111-2222-3333-4444-555555555555", "user_id": "00000000-0000-0000-0000-0000000000a1",
        "user_name": "ana@contoso.example", "tenant_id": "72f988bf-0000-4000-8000-000000000001",
        "client_ip": "10.1.2.3", "cost_center": "CC-4711", "business_unit": "Retail"}
    assert audit["choices"][0]["text"] == "Hello! How can I assist you today?"
    assert audit["completeness"] == "complete" and audit["gateway"]["name"] == "contoso-apim"


def test_cost_center_falls_back_to_the_product_then_the_header(estimator, prices):
    by_product = ApimTwin(ApimContext(subscription_id="sub-other", body=json.dumps({"messages": []})))
    assert json.loads(by_product.inbound()[0])["caller"]["cost_center"] == "CC-0001"
    by_header = ApimTwin(ApimContext(subscription_id="sub-x", product_id="p-x", headers={"x-cost-center": "CC-9"},
                                     cost_centers="-", claims=None, body=json.dumps({"messages": []})))
    request = json.loads(by_header.inbound()[0])
    assert request["caller"]["cost_center"] == "CC-9" and request["caller"]["user_id"] is None
    already = ApimTwin(ApimContext(body=stream_request(stream_options={"include_usage": True}), force_usage="true"))
    assert already.inbound()[1] is None  # nothing to rewrite


# ---------------------------------------------------------------- what the policy changes: nothing unless asked


def test_the_policy_reads_its_modes_from_named_values():
    text = POLICY.read_text(encoding="utf-8")
    assert '"{{aoai-logpipe-force-usage}}" == "true"' in text and '"{{aoai-logpipe-capture}}" == "llm-logs"' in text
    assert 'string.CompareOrdinal(av, "2024-09-01") >= 0' in text and '"/openai/v1/"' in text
    # the twin's code-point guard, at the window cut and when halving for the byte limit
    assert text.count("if (char.IsHighSurrogate(sseText[pos + n - 1])) { n = n - 1; }") == 2


def test_streamed_requests_are_forwarded_untouched_unless_usage_injection_is_asked_for():
    request, rewritten = ApimTwin(ApimContext(body=stream_request())).inbound()
    assert rewritten is None and "stream_options" not in json.loads(request)["body"]


@pytest.mark.parametrize("path, api_version, injected", [
    ("/openai/deployments/gpt-4o/chat/completions", "2024-02-01", False),
    ("/openai/deployments/gpt-4o/chat/completions", "2024-06-01", False),
    ("/openai/deployments/gpt-4o/chat/completions", "2024-08-01-preview", False),
    ("/openai/deployments/gpt-4o/chat/completions", "2024-09-01-preview", True),
    ("/openai/deployments/gpt-4o/chat/completions", "2024-10-21", True),
    ("/openai/deployments/gpt-4o/chat/completions", "2025-04-01-preview", True),
    ("/openai/deployments/gpt-4o/completions", "2024-10-21", True),
    ("/openai/v1/chat/completions", "", True),
    ("/openai/v1/chat/completions", "preview", True),
    ("/openai/deployments/gpt-4o/chat/completions", "", False),
    ("/openai/deployments/gpt-4o/chat/completions", "garbage", False),
])
def test_include_usage_is_injected_only_for_api_versions_that_accept_it(path, api_version, injected):
    ctx = ApimContext(path=path, query={"api-version": api_version} if api_version else {}, body=stream_request(),
                      force_usage="true")
    request, rewritten = ApimTwin(ctx).inbound()
    assert (rewritten is not None) is injected
    if injected:
        assert json.loads(rewritten)["stream_options"] == {"include_usage": True}


POLICY_TEXT = POLICY.read_text(encoding="utf-8")


def _reads_the_response_body(element: ET.Element) -> bool:
    return any("context.Response.Body" in (node.get("value") or "") + (node.text or "") for node in element.iter())


def test_llm_logs_capture_never_reads_the_response_body(policy):
    """The body read that makes APIM buffer a stream sits only under a branch llm-logs mode never takes."""
    readers = [w for w in policy.iter("when") if _reads_the_response_body(w)
               and not any(_reads_the_response_body(c) for c in w if c.tag == "choose")]
    assert readers, "the bodies capture reads the response"
    assert all(w.get("condition") == '@("{{aoai-logpipe-capture}}" != "llm-logs")' for w in readers)
    outbound = policy.find("outbound")
    unguarded = [c for c in outbound if c.tag != "choose" and _reads_the_response_body(c)]
    assert not unguarded
    (mode,) = [c for c in outbound if c.tag == "choose" and _reads_the_response_body(c)]
    assert not _reads_the_response_body(mode.find("otherwise"))
    assert '"{{aoai-logpipe-capture}}" != "llm-logs"' in policy.find("on-error/choose/when").get("condition")


def test_llm_logs_capture_logs_the_caller_and_the_join_bills_it_from_gateway_llm_logs(estimator, prices):
    from aoai_logpipe.core.join import MemoryStore
    from tests.unit.test_join import llm_record

    ctx = ApimContext(request_id="c-77", capture="llm-logs", body=stream_request(), force_usage="true",
                      headers={"x-loadtest-run": "lt-2026-12-01", "x-loadtest-request": "lt-2026-12-01-u3-17"})
    twin = ApimTwin(ctx)
    request, rewritten = twin.inbound()
    event = json.loads(request)
    assert rewritten is None and event["body"] is None and event["response_source"] == "gateway_llm_logs"
    assert twin.outbound(200, "text/event-stream", "data: [DONE]\n\n", NOW) == []
    pipe, store = Pipeline(estimator, prices), MemoryStore()
    llm = json.dumps({"records": [llm_record(correlation="c-77")]})
    out = pipe.process([RawEvent(request.encode(), Position("0", "0", 0, NOW)), RawEvent(llm.encode(), Position("1", "0", 0, NOW))])
    out.extend(pipe.flush())
    out.extend(pipe.render_joins(store.join(out.joins)))
    (charge,) = out.chargeback
    assert charge["attribution"] == "complete" and charge["cost_center"] == "CC-4711" and charge["usage"]["total_tokens"] == 17
    assert charge["tags"] == {"loadtest_run": "lt-2026-12-01", "loadtest_request": "lt-2026-12-01-u3-17"}


def test_chunks_are_never_cut_inside_a_surrogate_pair(estimator, prices):
    """An emoji (two UTF-16 code units) straddling the CHUNK_CHARS boundary stays whole."""
    filler = "x" * (CHUNK_CHARS - len('data: {"choices":[{"index":0,"delta":{"content":"') - 1)
    body = {"choices": [{"index": 0, "delta": {"content": filler + "\U0001F600 done"}, "finish_reason": None}]}
    sse = "data: " + dumps(body) + "\n\ndata: [DONE]\n\n"
    units = Utf16(sse)
    assert units.is_high_surrogate(CHUNK_CHARS - 1)  # a plain cut would split the emoji
    twin = ApimTwin(ApimContext(body=stream_request()))
    request, _ = twin.inbound()
    events = twin.outbound(200, "text/event-stream", sse, NOW)
    chunks = [json.loads(e)["data"] for e in events[:-1]]
    assert len(chunks) == 2 and "".join(chunks) == sse and chunks[1].startswith("\U0001F600")
    out = run(Pipeline(estimator, prices), [request, *events], twin.ctx.request_id, close_after=timedelta(minutes=10))
    assert out.audit[0]["choices"][0]["text"].endswith("\U0001F600 done")


def synthetic_stream(pieces: int, piece: str, model: str = "gpt-4o-2024-11-20") -> tuple[str, str]:
    """An Azure-style stream: prompt-filter chunk, role chunk, content chunks with filter results,
    finish chunk, usage chunk, [DONE]; returns (sse, full text)."""
    filters = {"hate": {"filtered": False, "severity": "safe"}, "violence": {"filtered": False, "severity": "safe"}}
    head = {"choices": [], "created": 0, "id": "", "model": "", "object": "",
            "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": filters}]}

    def chunk(choices, usage=None):
        return {"choices": choices, "created": 1760000000, "id": "chatcmpl-syn", "model": model,
                "object": "chat.completion.chunk", "usage": usage}

    events = [head, chunk([{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None,
                            "content_filter_results": {}}])]
    texts = [f"{piece}{i} " for i in range(pieces)]
    events += [chunk([{"index": 0, "delta": {"content": t}, "finish_reason": None, "content_filter_results": filters}])
               for t in texts]
    events.append(chunk([{"index": 0, "delta": {}, "finish_reason": "stop", "content_filter_results": {}}]))
    events.append(chunk([], {"prompt_tokens": 21, "completion_tokens": 4321, "total_tokens": 4342}))
    sse = "".join("data: " + json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n\n"
                  for e in events) + "data: [DONE]\n\n"
    return sse, "".join(texts)


def test_a_big_stream_is_cut_at_event_boundaries_into_several_chunks(estimator, prices):
    sse, answer = synthetic_stream(1500, "word ")
    assert 4 * CHUNK_CHARS > len(sse) > 2 * CHUNK_CHARS
    twin = ApimTwin(ApimContext(body=stream_request()))
    request, _ = twin.inbound()
    events = twin.outbound(200, "text/event-stream", sse, NOW)
    chunks = [json.loads(e) for e in events[:-1]]
    assert [c["seq"] for c in chunks] == list(range(len(chunks))) and len(chunks) >= 3
    assert json.loads(events[-1]) | {"time": None} == {"schema": "aoai-logpipe/v1", "type": "end", "time": None,
                                                       "request_id": twin.ctx.request_id, "status": 200,
                                                       "chunks": len(chunks)}
    assert all(c["data"].endswith("\n\n") for c in chunks) and "".join(c["data"] for c in chunks) == sse
    assert all(CHUNK_CHARS >= len(c["data"]) for c in chunks)
    out = run(Pipeline(estimator, prices), [request, *events], twin.ctx.request_id)
    assert out.chargeback[0]["usage"]["completion_tokens"] == 4321 and out.chargeback[0]["completeness"] == "complete"
    assert out.audit[0]["choices"][0]["text"] == answer


def test_wide_characters_shrink_the_chunks_below_the_byte_limit_even_mid_event(estimator, prices):
    sse, answer = synthetic_stream(40, "漢字かな交じり文" * 900)  # 3 bytes per character, few event boundaries
    twin = ApimTwin(ApimContext(body=stream_request()))
    request, _ = twin.inbound()
    events = twin.outbound(200, "text/event-stream", sse, NOW)
    chunks = [json.loads(e)["data"] for e in events[:-1]]
    assert any(not c.endswith("\n\n") for c in chunks), "some cuts must fall inside an event"
    assert max(utf8(e) for e in events) <= MAX_EVENT_BYTES and "".join(chunks) == sse
    out = run(Pipeline(estimator, prices), [request, *events], twin.ctx.request_id)
    assert out.audit[0]["choices"][0]["text"] == answer and out.chargeback[0]["usage_source"] == "reported"


def test_a_stream_longer_than_the_slots_keeps_its_tail_and_bills_the_reported_usage(estimator, prices):
    sse, _ = synthetic_stream(1200, "x" * 4000)  # ~4.9 MB: more chunks than log slots
    twin = ApimTwin(ApimContext(body=stream_request()))
    request, _ = twin.inbound()
    events = twin.outbound(200, "text/event-stream", sse, NOW)
    assert len(events) == MAX_SLOTS
    end = json.loads(events[-1])
    seqs = [json.loads(e)["seq"] for e in events[:-1]]
    assert end["chunks"] > MAX_SLOTS - 1 and seqs == list(range(MAX_SLOTS - 2)) + [end["chunks"] - 1]
    out = run(Pipeline(estimator, prices), [request, *events], twin.ctx.request_id, close_after=timedelta(hours=1))
    (charge,), (audit,) = out.chargeback, out.audit
    assert charge["usage_source"] == "reported" and charge["usage"]["completion_tokens"] == 4321
    assert audit["completeness"] == "incomplete" and audit["assembly"]["missing_seqs"][:1] == [MAX_SLOTS - 2]


def test_non_streamed_responses_one_event_or_sse_wrapped_chunks(estimator, prices):
    completion = {"id": "chatcmpl-n", "object": "chat.completion", "model": "gpt-4o-2024-11-20",
                  "choices": [{"index": 0, "message": {"role": "assistant", "content": "Short answer."},
                               "finish_reason": "stop"}],
                  "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}}
    twin = ApimTwin(ApimContext(body=json.dumps({"messages": [{"role": "user", "content": "Hi"}]})))
    request, rewritten = twin.inbound()
    assert rewritten is None
    events = twin.outbound(200, "application/json", json.dumps(completion), NOW)
    assert [json.loads(e)["type"] for e in events] == ["response"]
    out = run(Pipeline(estimator, prices), [request, *events], twin.ctx.request_id)
    assert out.chargeback[0]["stream"] is False and out.chargeback[0]["usage"]["total_tokens"] == 15

    big = json.loads(json.dumps(completion))
    big["choices"][0]["message"]["content"] = "A long essay. " * 30_000  # ~420 KB
    big["usage"] = {"prompt_tokens": 12, "completion_tokens": 90_000, "total_tokens": 90_012}
    twin = ApimTwin(ApimContext(request_id="big-1", body=json.dumps({"messages": [{"role": "user", "content": "Hi"}]})))
    request, _ = twin.inbound()
    events = twin.outbound(200, "application/json; charset=utf-8", json.dumps(big), NOW)
    assert [json.loads(e)["type"] for e in events] == ["chunk"] * (len(events) - 1) + ["end"] and len(events) >= 4
    out = run(Pipeline(estimator, prices), [request, *events], "big-1")
    (charge,), (audit,) = out.chargeback, out.audit
    assert charge["completeness"] == "complete" and charge["usage"]["completion_tokens"] == 90_000
    assert audit["choices"][0]["text"] == big["choices"][0]["message"]["content"]
    assert charge["stream"] is True  # the documented price of chunking a JSON body


def test_embeddings_lose_their_vectors_and_oversize_requests_their_inline_data(estimator, prices):
    vectors = {"object": "list", "model": "text-embedding-3-small",
               "data": [{"object": "embedding", "index": i, "embedding": [0.0123456789] * 1536} for i in range(16)],
               "usage": {"prompt_tokens": 40, "total_tokens": 40}}
    twin = ApimTwin(ApimContext(path="/openai/deployments/emb/embeddings", body=json.dumps({"input": ["a"] * 16})))
    request, _ = twin.inbound()
    (event,) = twin.outbound(200, "application/json", json.dumps(vectors), NOW)
    assert "embedding\"" not in event.replace('"object":"embedding"', "") and utf8(event) < 5000
    out = run(Pipeline(estimator, prices), [request, event], twin.ctx.request_id)
    assert out.chargeback[0]["operation"] == "embeddings" and out.chargeback[0]["usage"]["prompt_tokens"] == 40

    image = "data:image/png;base64," + "iVBORw0KGgo" * 30_000
    body = {"messages": [{"role": "user", "content": [{"type": "text", "text": "What is this?"},
                                                      {"type": "image_url", "image_url": {"url": image}}]}]}
    twin = ApimTwin(ApimContext(request_id="img-1", body=json.dumps(body)))
    request, _ = twin.inbound()
    parsed = json.loads(request)
    assert parsed["body_omitted"] == "inline_data"
    assert parsed["body"]["messages"][0]["content"][1]["image_url"]["url"] == "data:image/png;base64,"
    answer = {"model": "gpt-4o-2024-11-20", "choices": [{"index": 0, "message": {"role": "assistant", "content": "A cat."},
                                                         "finish_reason": "stop"}],
              "usage": {"prompt_tokens": 1119, "completion_tokens": 3, "total_tokens": 1122}}
    out = run(Pipeline(estimator, prices), [request, *twin.outbound(200, "application/json", json.dumps(answer), NOW)],
              "img-1")
    assert out.chargeback[0]["usage"]["prompt_tokens"] == 1119 and out.audit[0]["completeness"] == "complete"

    huge = {"messages": [{"role": "user", "content": "lorem ipsum " * 20_000}]}
    twin = ApimTwin(ApimContext(request_id="huge-1", body=json.dumps(huge)))
    request, _ = twin.inbound()
    assert json.loads(request)["body"] is None and json.loads(request)["body_omitted"] == "too_large"
    out = run(Pipeline(estimator, prices), [request, *twin.outbound(200, "application/json", json.dumps(answer), NOW)],
              "huge-1")
    assert out.chargeback[0]["usage_source"] == "reported" and out.chargeback[0]["user_id"]


def test_a_gateway_error_closes_the_conversation_with_its_status(estimator, prices):
    twin = ApimTwin(ApimContext(request_id="err-1", body=stream_request()))
    request, _ = twin.inbound()
    error = twin.on_error(None, "BackendConnectionFailure", "The backend did not answer in time.", "forward-request", NOW)
    out = run(Pipeline(estimator, prices), [request, error], "err-1")
    (charge,) = out.chargeback
    assert charge["status"] == 500 and charge["usage_source"] == "estimated"
    assert out.audit[0]["error"] is not None
