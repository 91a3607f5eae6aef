"""Synthetic gateway traffic with known truth: replay data, tests and benchmarks.

Writes realistic events in all three input dialects (native v1 streamed and not, APIM
diagnostic records, legacy gateway events) with multi-turn histories, tool calls, images,
Azure filter chunks, truncated streams, at-least-once duplicates and malformed events.
`Truth` records what the pipeline must find: reported usage per request, the caller,
what was planted, and which conversations must come out incomplete.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import random
import struct
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

V1 = "aoai-logpipe/v1"


@dataclass(frozen=True)
class Plan:
    conversations: int = 300
    partitions: int = 4
    seed: int = 7
    start: str = "2026-10-01T00:00:00Z"
    days: float = 30.0
    gzip: bool = False
    duplicate_rate: float = 0.05
    malformed_rate: float = 0.01
    dialect_mix: tuple[float, float, float] = (0.55, 0.25, 0.20)  # v1, apim, legacy
    max_history: int = 8


MODELS = [
    # deployment, billable model, weight, reasoning?
    ("gpt-4o", "gpt-4o-2024-11-20", 30, False),
    ("gpt-4o-mini", "gpt-4o-mini-2024-07-18", 30, False),
    ("gpt-41", "gpt-4.1-2025-04-14", 15, False),
    ("gpt5-mini", "gpt-5-mini-2025-08-07", 12, True),
    ("o3-mini", "o3-mini-2025-01-31", 8, True),
    ("custom-ft", "contoso-finetune-v2", 1, False),
]
EMBEDDING = ("embed", "text-embedding-3-small")
COST_CENTERS = [("CC-1001", "Finance"), ("CC-2002", "Marketing"), ("CC-3003", "Engineering"),
                ("CC-4004", "Legal"), ("CC-5005", "Support")]
APPS = ["contoso-chat", "claims-bot", "code-assist", "doc-summarizer", "hr-helper", "sales-copilot"]
SUBSCRIPTIONS = [("sub-retail", "Retail"), ("sub-internal", "Internal Tools"), ("sub-partner", "Partner API"),
                 ("sub-lab", "Innovation Lab")]
FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kemal", "Lena", "Mo", "Nia", "Omar"]
LAST = ["Silva", "Okafor", "Li", "Novak", "Haddad", "Berg", "Khan", "Ito"]
WORDS = ("the quarterly report shows revenue growth in the northern region while costs for cloud storage "
         "increased please summarize the main risks and propose three actions for the team review meeting "
         "include a short table with owners and due dates and keep the tone neutral and concise").split()
PLANTS = {
    "EMAIL_ADDRESS": lambda r: f"{r.choice(FIRST).lower()}.{r.choice(LAST).lower()}@contoso.com",
    "CREDIT_CARD": lambda r: card_number(r),
    "US_SSN": lambda r: f"{r.randint(100, 665)}-{r.randint(10, 99)}-{r.randint(1000, 9999)}",
    "AZURE_STORAGE_CONNECTION_STRING": lambda r: (
        "DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey="
        + base64.b64encode(r.randbytes(64)).decode() + ";EndpointSuffix=core.windows.net"),
}


# (brand, issuer prefixes, length, digit groups as written)
CARD_BRANDS = (("visa", ("4",), 16, (4, 4, 4, 4)), ("mastercard", ("51", "52", "53", "54", "55"), 16, (4, 4, 4, 4)),
               ("amex", ("34", "37"), 15, (4, 6, 5)))


def card_number(r: random.Random) -> str:
    """A Luhn-valid Visa, Mastercard or Amex number, none of the published test numbers (DLP does not
    report those: recognizers.made_up_card), deterministic from the seed.

    It takes from `r` exactly the draw the three fixed test numbers planted before took, so every
    other value of a seed's traffic is unchanged; its digits come from a generator seeded by `r`'s state.
    """
    from aoai_logpipe.core.recognizers import made_up_card

    _, prefixes, length, groups = r.choice(CARD_BRANDS)
    digits = random.Random(hashlib.blake2b(repr(r.getstate()).encode(), digest_size=8).digest())
    while True:
        body = digits.choice(prefixes)
        body += "".join(str(digits.randrange(10)) for _ in range(length - 1 - len(body)))
        number = body + luhn_check_digit(body)
        if not made_up_card(number):
            break
    cuts = [sum(groups[:i]) for i in range(len(groups) + 1)]
    return " ".join(number[a:b] for a, b in zip(cuts, cuts[1:]))


def luhn_check_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c) * (1 if i % 2 else 2)
        total += d - 9 if d > 9 else d
    return str(-total % 10)


@dataclass
class Expected:
    """What the pipeline must produce for one request."""

    key: str
    request_id: str
    dialect: str
    time: str
    cost_center: str | None
    user_id: str | None
    app_id: str | None
    deployment: str | None
    model: str | None
    usage: dict[str, int] | None  # reported usage, None when the pipeline must estimate
    complete: bool
    planted: list[str] = field(default_factory=list)
    stream: bool = False


@dataclass
class Truth:
    plan: Plan
    requests: list[Expected] = field(default_factory=list)
    events: int = 0
    duplicates: int = 0
    malformed: int = 0
    unmatched_gateway_logs: int = 0

    def summary(self) -> dict[str, Any]:
        by_dialect = Counter(r.dialect for r in self.requests)
        return {
            "requests": len(self.requests),
            "events": self.events,
            "duplicates": self.duplicates,
            "malformed": self.malformed,
            "unmatched_gateway_logs": self.unmatched_gateway_logs,
            "incomplete": sum(not r.complete for r in self.requests),
            "reported_usage": sum(r.usage is not None for r in self.requests),
            "by_dialect": dict(by_dialect),
            "planted": dict(Counter(p for r in self.requests for p in r.planted)),
        }

    def to_json(self) -> dict[str, Any]:
        return {"summary": self.summary(), "requests": [r.__dict__ for r in self.requests]}


def _iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _us(t: datetime) -> str:
    return f"{t.month}/{t.day}/{t.year} {(t.hour % 12) or 12}:{t.minute:02d}:{t.second:02d} {'AM' if t.hour < 12 else 'PM'}"


def tiny_png(width: int, height: int) -> str:
    """A valid PNG header (IHDR) of the given size: enough for dimension sniffing, tiny on disk."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")
    return "data:image/png;base64," + base64.b64encode(raw).decode()


class _Gen:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.r = random.Random(plan.seed)
        self.truth = Truth(plan)
        self.streams: dict[int, list[tuple[datetime, dict[str, Any] | bytes]]] = defaultdict(list)
        self.start = datetime.fromisoformat(plan.start.replace("Z", "+00:00"))
        self.stream_count = 0
        self.users = [(f"user-{i:03d}", f"{self.r.choice(FIRST)} {self.r.choice(LAST)}") for i in range(30)]

    # ------------------------------------------------------------ shared pieces

    def caller(self) -> dict[str, Any]:
        r = self.r
        user_id, user_name = r.choice(self.users)
        cc, bu = COST_CENTERS[int(user_id[-3:]) % len(COST_CENTERS)]
        sub_id, sub_name = r.choice(SUBSCRIPTIONS)
        return {"subscription_id": sub_id, "subscription_name": sub_name, "product": "ai-gateway",
                "app_id": r.choice(APPS), "user_id": user_id, "user_name": user_name,
                "tenant_id": "72f988bf-0000-4000-8000-000000000001",
                "client_ip": f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                "cost_center": cc, "business_unit": bu, "tags": {"env": r.choice(["prod", "dev"])}}

    def sentence(self, n: int) -> str:
        return " ".join(self.r.choice(WORDS) for _ in range(n)).capitalize() + "."

    def model(self) -> tuple[str, str, bool]:
        deployment, model, _, reasoning = self.r.choices(MODELS, weights=[m[2] for m in MODELS])[0]
        return deployment, model, reasoning

    def plant(self, text: str) -> tuple[str, list[str]]:
        if self.r.random() < 0.12:
            entity = self.r.choice(sorted(PLANTS))
            return f"{text} Contact: {PLANTS[entity](self.r)} for details.", [entity]
        return text, []

    def messages(self, history: int) -> tuple[list[dict[str, Any]], list[str], bool]:
        msgs, planted, image, _ = self.messages_with_last(history)
        return msgs, planted, image

    def text_messages(self, history: int) -> tuple[list[dict[str, Any]], list[str], list[str]]:
        """Messages with string content only (gateways that log text), the plants they carry,
        and the plants of the last message alone."""
        msgs, planted, image, last = self.messages_with_last(history)
        if image:  # the last user message carried an image: it is left out, with its plants
            planted = planted[: len(planted) - len(last)]
            last = []
        return [m for m in msgs if isinstance(m["content"], str)], planted, last if msgs[-1]["role"] == "user" else []

    def messages_with_last(self, history: int) -> tuple[list[dict[str, Any]], list[str], bool, list[str]]:
        msgs: list[dict[str, Any]] = [{"role": "system", "content": "You are a helpful enterprise assistant."}]
        planted: list[str] = []
        image = False
        found: list[str] = []
        for turn in range(history):
            text, found = self.plant(self.sentence(self.r.randint(6, 40)))
            planted += found
            if turn == history - 1 and self.r.random() < 0.08:
                image = True
                w, h = self.r.choice([(1024, 768), (512, 512), (3008, 2000), (800, 1200)])
                msgs.append({"role": "user", "content": [
                    {"type": "text", "text": text},
                    {"type": "image_url", "image_url": {"url": tiny_png(w, h), "detail": self.r.choice(["auto", "low", "high"])}}]})
            else:
                msgs.append({"role": "user", "content": text})
            if turn < history - 1:
                msgs.append({"role": "assistant", "content": self.sentence(self.r.randint(10, 50))})
        return msgs, planted, image, found

    def usage(self, messages: list[dict[str, Any]], completion_words: int, reasoning: bool) -> dict[str, Any]:
        words = sum(len(str(m.get("content")).split()) for m in messages if isinstance(m.get("content"), str))
        images = sum(1 for m in messages if isinstance(m.get("content"), list))
        prompt = int(words * 1.3) + 4 * len(messages) + 3 + images * 765
        completion = int(completion_words * 1.3) + 1
        reasoning_tokens = self.r.randint(64, 512) if reasoning else 0
        completion += reasoning_tokens
        cached = (prompt // 128) * 128 if prompt > 1024 and self.r.random() < 0.5 else 0
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion,
                "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": reasoning_tokens, "audio_tokens": 0}}

    def emit(self, partition: int, when: datetime, body: dict[str, Any] | bytes) -> None:
        self.streams[partition].append((when, body))
        self.truth.events += 1

    def partition_for(self, key: str) -> int:
        return zlib.crc32(key.encode()) % self.plan.partitions

    # ------------------------------------------------------------ dialects

    def v1(self, index: int, t: datetime) -> None:
        r = self.r
        rid = f"req-{index:06d}-{r.getrandbits(32):08x}"
        part = self.partition_for(rid)
        caller = self.caller()
        embeddings = r.random() < 0.06
        if embeddings:
            deployment, model = EMBEDDING
            text, planted = self.plant(self.sentence(r.randint(5, 60)))
            body = {"input": text, "model": deployment}
            prompt_tokens = int(len(text.split()) * 1.3) + 1
            usage = {"prompt_tokens": prompt_tokens, "total_tokens": prompt_tokens}
            self.emit(part, t, self.v1_event("request", rid, t, operation="embeddings", deployment=deployment,
                                             api_version="2024-10-21", caller=caller, body=body))
            resp = {"object": "list", "model": model, "data": [{"object": "embedding", "index": 0, "embedding": [0.01, -0.02]}],
                    "usage": usage}
            self.emit(part, t + timedelta(milliseconds=80), self.v1_event("response", rid, t, status=200, body=resp))
            self.expect(rid, "v1", t, caller, deployment, model,
                        {"prompt_tokens": prompt_tokens, "completion_tokens": 0, "total_tokens": prompt_tokens,
                         "cached_tokens": 0, "reasoning_tokens": 0}, True, planted, False)
            return
        deployment, model, reasoning = self.model()
        history = r.randint(1, self.plan.max_history)
        messages, planted, _ = self.messages(history)
        stream = r.random() < 0.65
        include_usage = stream and r.random() < 0.85
        tool_call = r.random() < 0.15
        body: dict[str, Any] = {"messages": messages, "stream": stream}
        if include_usage:
            body["stream_options"] = {"include_usage": True}
        if tool_call:
            body["tools"] = [{"type": "function", "function": {"name": "get_order_status", "description": "Look up an order",
                                                                 "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}}}}]
        self.emit(part, t, self.v1_event("request", rid, t, operation="chat.completions", deployment=deployment,
                                         api_version="2024-10-21", caller=caller, body=body))
        answer = self.sentence(r.randint(5, 80))
        finish = "tool_calls" if tool_call else ("content_filter" if r.random() < 0.03 else "stop")
        usage = self.usage(messages, len(answer.split()), reasoning)
        done = t + timedelta(milliseconds=r.randint(300, 9000))
        if not stream:
            message: dict[str, Any] = {"role": "assistant", "content": None if tool_call else answer}
            if tool_call:
                message["tool_calls"] = [{"id": f"call_{rid[-8:]}", "type": "function",
                                          "function": {"name": "get_order_status", "arguments": json.dumps({"order_id": f"SO-{index:05d}"})}}]
            resp = {"id": f"chatcmpl-{rid}", "object": "chat.completion", "model": model,
                    "choices": [{"index": 0, "message": message, "finish_reason": finish,
                                 "content_filter_results": _filters(finish == "content_filter")}],
                    "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": _filters(False)}],
                    "usage": usage}
            self.emit(part, done, self.v1_event("response", rid, done, status=200, body=resp))
            self.expect(rid, "v1", t, caller, deployment, model, _flat_usage(usage), True, planted, False)
            return
        sse = self.sse_body(rid, model, answer, finish, tool_call, usage if include_usage else None, index)
        pieces = _split(r, sse, r.randint(2, 8))
        self.stream_count += 1
        truncated = self.stream_count % 25 == 3  # some streams lose their end, some a chunk
        drop = r.randrange(len(pieces)) if truncated and len(pieces) > 2 and r.random() < 0.5 else None
        for seq, piece in enumerate(pieces):
            if seq != drop:
                self.emit(part, t + (done - t) * (seq + 1) / (len(pieces) + 1),
                          self.v1_event("chunk", rid, t, seq=seq, data=piece))
        if not truncated or drop is not None:
            self.emit(part, done, self.v1_event("end", rid, done, status=200, chunks=len(pieces)))
        line_start = sse.rfind('data: {"id"')
        usage_line = (line_start, sse.index("\n\n", line_start))
        usage_survived = include_usage and (drop is None or not _overlaps(pieces, drop, usage_line))
        self.expect(rid, "v1", t, caller, deployment, model, _flat_usage(usage) if usage_survived else None,
                    not truncated, planted, True)

    def v1_event(self, kind: str, rid: str, t: datetime, **fields: Any) -> dict[str, Any]:
        return {"schema": V1, "type": kind, "request_id": rid, "time": _iso(t), **fields}

    def sse_body(self, rid: str, model: str, answer: str, finish: str, tool_call: bool,
                 usage: dict[str, Any] | None, index: int) -> str:
        cid = f"chatcmpl-{rid}"
        base = {"id": cid, "object": "chat.completion.chunk", "created": 1760000000, "model": model}
        events = [{"choices": [], "created": 0, "id": "", "model": "", "object": "",
                   "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": _filters(False)}]}]
        events.append({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": "" if not tool_call else None},
                                            "finish_reason": None, "content_filter_results": {}}]})
        if tool_call:
            args = json.dumps({"order_id": f"SO-{index:05d}"})
            events.append({**base, "choices": [{"index": 0, "delta": {"tool_calls": [
                {"index": 0, "id": f"call_{rid[-8:]}", "type": "function", "function": {"name": "get_order_status", "arguments": ""}}]},
                "finish_reason": None}]})
            for piece in _split(self.r, args, min(4, len(args))):
                events.append({**base, "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": piece}}]},
                                                    "finish_reason": None}]})
        else:
            words = answer.split(" ")
            for i, word in enumerate(words):
                events.append({**base, "choices": [{"index": 0, "delta": {"content": (" " if i else "") + word},
                                                    "finish_reason": None, "content_filter_results": _filters(False)}]})
        events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish,
                                            "content_filter_results": _filters(finish == "content_filter")}]})
        if self.r.random() < 0.3:  # async filter annotation after the finish chunk
            events.append({"choices": [{"index": 0, "finish_reason": None, "content_filter_offsets": {
                "check_offset": 0, "start_offset": 0, "end_offset": len(answer)},
                "content_filter_results": _filters(False)}], "created": 0, "id": "", "model": "", "object": ""})
        if usage is not None:
            events.append({**base, "choices": [], "usage": usage})
        return "".join(f"data: {json.dumps(e, separators=(',', ':'))}\n\n" for e in events) + "data: [DONE]\n\n"

    def apim(self, index: int, t: datetime) -> None:
        r = self.r
        cid = f"{r.getrandbits(128):032x}"
        cid = f"{cid[:8]}-{cid[8:12]}-{cid[12:16]}-{cid[16:20]}-{cid[20:]}"
        deployment, model, reasoning = self.model()
        messages, planted, _ = self.text_messages(r.randint(1, 4))
        answer = self.sentence(r.randint(5, 60))
        usage = self.usage(messages, len(answer.split()), reasoning)
        caller = self.caller()
        llm = {"time": _iso(t), "resourceId": "/SUBSCRIPTIONS/0000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.APIMANAGEMENT/SERVICE/CONTOSO-APIM",
               "category": "GatewayLlmLogs", "operationName": "Microsoft.ApiManagement/GatewayLlmLogs",
               "properties": {"correlationId": cid, "requestId": f"chatcmpl-{cid[:12]}", "deploymentName": deployment,
                              "modelName": model, "promptTokens": usage["prompt_tokens"],
                              "completionTokens": usage["completion_tokens"], "totalTokens": usage["total_tokens"],
                              "promptCachedTokens": usage["prompt_tokens_details"]["cached_tokens"],
                              "isStreamCompletion": False, "requestMessages": messages,
                              "responseMessages": [{"role": "assistant", "content": answer}], "sequenceNumber": 0}}
        if r.random() < 0.5:  # case varies between exports
            llm["properties"] = {k[0].upper() + k[1:]: v for k, v in llm["properties"].items()}
        gateway_present = r.random() > 0.03
        records = [llm]
        if gateway_present:
            records.append({"time": _iso(t + timedelta(milliseconds=40)), "category": "GatewayLogs", "location": "West Europe",
                            "properties": {"correlationId": cid, "apimSubscriptionId": caller["subscription_id"],
                                           "productId": caller["product"], "callerIpAddress": caller["client_ip"],
                                           "responseCode": 200, "operationId": "ChatCompletions_Create", "apiId": "azure-openai",
                                           "backendId": "aoai-westeurope",
                                           "requestHeaders": {"x-caller-oid": caller["user_id"], "x-caller-upn": caller["user_name"],
                                                              "x-caller-appid": caller["app_id"], "x-cost-center": caller["cost_center"],
                                                              "x-business-unit": caller["business_unit"]}}})
        # Diagnostic settings export each category on its own, unkeyed: the two records of one
        # request land on independent partitions, each after its own export delay (0-5 min).
        for record in records:
            self.emit(r.randrange(self.plan.partitions), t + self.export_delay(), {"records": [record]})
        if gateway_present and r.random() < 0.1:  # a plain (non-LLM) API call through the same gateway
            self.emit(r.randrange(self.plan.partitions), t + self.export_delay(),
                      {"records": [{"time": _iso(t), "category": "GatewayLogs",
                                             "properties": {"correlationId": f"plain-{index}", "responseCode": 200,
                                                            "operationId": "get-status", "apiId": "status-api"}}]})
            self.truth.unmatched_gateway_logs += 1
        exp_caller = {k: caller[k] for k in ("cost_center", "user_id", "app_id")} if gateway_present else {}
        self.expect(f"chatcmpl-{cid[:12]}", "apim-gateway-llm-logs", t, exp_caller, deployment, model,
                    {**_flat_usage(usage), "reasoning_tokens": 0}, True, planted, False, key=f"apim:{cid}")  # no reasoning field in APIM logs

    def export_delay(self) -> timedelta:
        return timedelta(seconds=self.r.uniform(0, 300))

    def legacy(self, index: int, t: datetime) -> None:
        r = self.r
        deployment, model, reasoning = self.model()
        messages, planted, last_plants = self.text_messages(r.randint(1, 3))
        answer = self.sentence(r.randint(5, 40))
        usage = self.usage(messages, len(answer.split()), False)
        kind = r.choice(["logger", "pair", "usage"])
        part = r.randrange(self.plan.partitions)
        if kind == "logger":
            guid = f"{r.getrandbits(64):016x}"
            event = {"Type": "openai-logger", "message_guid": guid, "req_headers": {"x-cost-center": "CC-3003"},
                     "resp_headers": {}, "prompt": messages[-1]["content"], "model": model, "streaming": False,
                     "completion": answer, "prompt_tokens": usage["prompt_tokens"],
                     "completion_tokens": usage["completion_tokens"], "total_tokens": usage["total_tokens"],
                     "client_ip": "10.1.2.3", "response_time": 0.8}
            self.emit(part, t, event)
            self.expect(guid, "legacy-openai-logger", t, {"cost_center": "CC-3003"}, None, model,
                        _flat_usage(usage, cached=False), True, last_plants, False)  # it logs the last message only
            return
        if kind == "pair":  # log-to-eventhub without a partition key: each half lands anywhere
            mid = f"{r.getrandbits(128):032x}"
            self.emit(r.randrange(self.plan.partitions), t, {"event-type": "Request", "event-time": _us(t), "backend": "contoso.openai.azure.com",
                                "message-id": mid, "operation": "ChatCompletions_Create", "model": deployment,
                                "prompt": None, "messages": json.dumps(messages)})
            later = t + timedelta(seconds=r.randint(1, 9))
            self.emit(r.randrange(self.plan.partitions), later, {"event-type": "Response", "event-time": _us(later), "backend": "contoso.openai.azure.com",
                                    "message-id": mid, "choices": json.dumps([{"index": 0, "finish_reason": "stop",
                                                                               "message": {"role": "assistant", "content": answer}}]),
                                    "operation": "ChatCompletions_Create", "apiId": "azure-openai", "productId": "ai-gateway",
                                    "model": model, "modeltime": "812", "completion_tokens": str(usage["completion_tokens"]),
                                    "prompt_tokens": str(usage["prompt_tokens"]), "total_tokens": str(usage["total_tokens"])})
            self.expect(mid, "legacy-log-to-eventhub-pair", t, {}, deployment, model, _flat_usage(usage, cached=False), True, planted, False)
            return
        rid = f"chatcmpl-{r.getrandbits(64):016x}"
        caller = self.caller()
        self.emit(part, t, {"id": rid, "timestamp": _us(t), "appId": caller["app_id"], "subscriptionId": caller["subscription_id"],
                            "productName": "AI-Retail", "targetService": "chat.completion", "model": model,
                            "gatewayName": "contoso-apim.azure-api.net", "gatewayRegion": "West Europe", "RequestIp": caller["client_ip"],
                            "operationName": "Creates a completion for the chat message", "deploymentName": deployment,
                            "request": json.dumps({"messages": messages}),
                            "response": json.dumps([{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": answer}}]),
                            "promptTokens": str(usage["prompt_tokens"]), "responseTokens": str(usage["completion_tokens"]),
                            "totalTokens": str(usage["total_tokens"])})
        self.expect(rid, "legacy-log-to-eventhub-usage", t, {"app_id": caller["app_id"]}, deployment, model,
                    _flat_usage(usage, cached=False), True, planted, False)

    def malformed(self, t: datetime) -> None:
        r = self.r
        part = r.randrange(self.plan.partitions)
        choice = self.truth.malformed % 5
        bodies: list[Any] = [
            b'{"schema": "aoai-logpipe/v1", "type": "chunk", "request_id": "req-broken", "seq": "x"',  # cut off
            {"schema": V1, "type": "teleport", "request_id": "req-x", "time": _iso(t)},
            {"hello": "world", "value": 42},
            b"\xff\xfe not utf-8 \xc3\x28",
            {"schema": V1, "type": "chunk", "request_id": "req-y", "time": "yesterday", "seq": 0, "data": "x"},
        ]
        self.emit(part, t, bodies[choice])
        self.truth.malformed += 1

    def expect(self, request_id: str, dialect: str, t: datetime, caller: dict[str, Any], deployment: str | None,
               model: str | None, usage: dict[str, int] | None, complete: bool, planted: list[str], stream: bool,
               key: str | None = None) -> None:
        prefix = {"v1": "v1", "apim-gateway-llm-logs": "apim", "legacy-openai-logger": "logger",
                  "legacy-log-to-eventhub-pair": "pair", "legacy-log-to-eventhub-usage": "usage"}[dialect]
        self.truth.requests.append(Expected(
            key=key or f"{prefix}:{request_id}", request_id=request_id, dialect=dialect, time=_iso(t),
            cost_center=caller.get("cost_center"), user_id=caller.get("user_id"), app_id=caller.get("app_id"),
            deployment=deployment, model=model, usage=usage, complete=complete, planted=planted, stream=stream))

    # ------------------------------------------------------------ driver

    def run(self) -> None:
        plan = self.plan
        span = timedelta(days=plan.days)
        for index in range(plan.conversations):
            t = self.start + span * (index / max(plan.conversations, 1)) + timedelta(seconds=self.r.random() * 30)
            roll = self.r.random()
            v1_share, apim_share, _ = plan.dialect_mix
            if roll < v1_share:
                self.v1(index, t)
            elif roll < v1_share + apim_share:
                self.apim(index, t)
            else:
                self.legacy(index, t)
            if self.r.random() < plan.malformed_rate or index % 97 == 11:
                self.malformed(t)

    def lines(self, partition: int) -> list[str]:
        """Events in time order; a duplicate is redelivered a few events later, enqueued again."""
        events = sorted(self.streams[partition], key=lambda item: item[0])
        out: list[str] = []
        pending: list[tuple[int, dict[str, Any] | bytes]] = []
        for position, (when, body) in enumerate(events):
            out.append(self.envelope(when, body))
            if self.r.random() < self.plan.duplicate_rate:
                pending.append((position + self.r.randint(0, 3), body))
                self.truth.duplicates += 1
            for due, again in [p for p in pending if p[0] <= position]:
                out.append(self.envelope(when, again))
            pending = [p for p in pending if p[0] > position]
        last = events[-1][0] if events else self.start
        out.extend(self.envelope(last, again) for _, again in pending)
        return out

    def envelope(self, when: datetime, body: dict[str, Any] | bytes) -> str:
        head = {"enqueued_time": _iso(when + timedelta(milliseconds=self.r.randint(5, 400)))}
        if isinstance(body, bytes):
            try:
                head["body"] = body.decode("utf-8")
            except UnicodeDecodeError:
                head["body_base64"] = base64.b64encode(body).decode()
        else:
            head["body"] = body
        return json.dumps(head, ensure_ascii=False, separators=(",", ":"))


def _filters(hate: bool) -> dict[str, Any]:
    safe = {"filtered": False, "severity": "safe"}
    return {"hate": {"filtered": True, "severity": "high"} if hate else safe, "self_harm": safe, "sexual": safe, "violence": safe}


def _flat_usage(usage: dict[str, Any], cached: bool = True) -> dict[str, int]:
    return {"prompt_tokens": usage["prompt_tokens"], "completion_tokens": usage["completion_tokens"],
            "total_tokens": usage["total_tokens"],
            "cached_tokens": usage.get("prompt_tokens_details", {}).get("cached_tokens", 0) if cached else 0,
            "reasoning_tokens": usage.get("completion_tokens_details", {}).get("reasoning_tokens", 0) if cached else 0}


def _overlaps(pieces: list[str], index: int, span: tuple[int, int]) -> bool:
    """Does piece `index` cover any of the text span (the usage chunk's line)?"""
    start = sum(len(p) for p in pieces[:index])
    return start < span[1] and start + len(pieces[index]) > span[0]


def _split(r: random.Random, text: str, pieces: int) -> list[str]:
    """Cut text at random points (mid-line, mid-JSON, between CR and LF: anywhere)."""
    if pieces <= 1 or len(text) < 2:
        return [text]
    cuts = sorted(r.sample(range(1, len(text)), min(pieces - 1, len(text) - 1)))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]


def generate(plan: Plan) -> tuple[dict[int, list[str]], Truth]:
    gen = _Gen(plan)
    gen.run()
    return {p: gen.lines(p) for p in range(plan.partitions)}, gen.truth


def write(out: Path, plan: Plan) -> Truth:
    files, truth = generate(plan)
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("partition-*.jsonl*")):
        old.unlink()
    for partition, lines in files.items():
        text = "\n".join(lines) + "\n"
        path = out / f"partition-{partition}.jsonl{'.gz' if plan.gzip else ''}"
        if plan.gzip:
            path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
        else:
            path.write_text(text, encoding="utf-8")
    (out / "truth.json").write_text(json.dumps(truth.to_json(), indent=1, default=str), encoding="utf-8")
    return truth


DIALECTS = ("v1", "apim", "legacy")


class Requests:
    """Requests one at a time at times the caller picks (loadgen): each request's events in time
    order and the truth about it. No duplicates or malformed events: those are replay-file
    features; streams still lose their end now and then, as gateways' do."""

    def __init__(self, plan: Plan, dialect: str = "mixed") -> None:
        if dialect not in (*DIALECTS, "mixed"):
            raise ValueError(f"dialect must be one of {', '.join(DIALECTS)} or mixed")
        self._gen = _Gen(Plan(**{**plan.__dict__, "partitions": 1}))
        self.dialect = dialect
        self.index = 0

    def next(self, t: datetime) -> tuple[Expected, list[dict[str, Any]]]:
        gen = self._gen
        dialect = self.dialect
        if dialect == "mixed":
            v1_share, apim_share, _ = gen.plan.dialect_mix
            roll = gen.r.random()
            dialect = "v1" if roll < v1_share else "apim" if roll < v1_share + apim_share else "legacy"
        getattr(gen, dialect)(self.index, t)
        self.index += 1
        events = sorted(gen.streams.pop(0, []), key=lambda item: item[0])
        return gen.truth.requests[-1], [body for _, body in events if isinstance(body, dict)]


def sse_stream(request_id: str, model: str, answer: str, usage: dict[str, Any] | None, tool_call: bool = False,
               seed: int = 0) -> str:
    """One Azure-shaped SSE body (prompt-filter chunk first, deltas, finish, optional usage chunk,
    [DONE]): what the local fake gateway streams. `usage` None leaves the usage chunk out."""
    finish = "tool_calls" if tool_call else "stop"
    return _Gen(Plan(seed=seed)).sse_body(request_id, model, answer, finish, tool_call, usage, seed)
