"""A local stand-in for an Azure OpenAI gateway (APIM in front of Azure OpenAI), for the load-test
kit's end-to-end run without Azure (`scripts/dev loadtest`) and its tests.

It serves what the kit's Locust and JMeter plans call:
- `POST /{tenant}/oauth2/v2.0/token`: a client-credentials token endpoint (Entra ID's shape);
- `POST /openai/deployments/{deployment}/chat/completions`: chat completions with a Bearer token,
  a JSON answer or an SSE stream in Azure's shape (prompt-filter chunk first, the usage chunk when
  `stream_options.include_usage` is set), with usage in both;
and it publishes the `aoai-logpipe/v1` events a gateway running deploy/apim/aoai-logpipe-v1.xml
publishes, with the real Event Hubs producer, keyed by request id: `request` on arrival, then
`response` or `chunk`s + `end`. The `x-loadtest-run` / `x-loadtest-request` headers become the
caller's tags `loadtest_run` / `loadtest_request`, as the APIM policy is to carry them.

It lives in the package (not under tests/) because it is part of the kit: a team can point the
locustfile at it to check their plan before paying for a real run. It only listens on loopback,
answers at most `--max-requests` completions (then 429) and exits after `--lifetime` seconds.

    python -m aoai_logpipe.loadtest.fakegateway --eventhub "Endpoint=sb://...;EntityPath=hub" [--port 0]

prints one JSON line `{"port": N}` when it listens.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import ipaddress
import json
import logging
import random
import secrets
import signal
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from aoai_logpipe import generate
from aoai_logpipe.loadtest.sent import iso

if TYPE_CHECKING:
    from azure.eventhub.aio import EventHubProducerClient

log = logging.getLogger("aoai_logpipe.fakegateway")
MODELS = {deployment: model for deployment, model, _, _ in generate.MODELS}
SSE_EVENTS_PER_CHUNK = 3  # chunk events carry a few SSE events each, cut at event boundaries
EXIT_CONFIG = 3


@dataclass
class Counters:
    tokens_issued: int = 0
    completions: int = 0
    streamed: int = 0
    events_published: int = 0
    publish_failures: int = 0
    refused: dict[str, int] = field(default_factory=dict)

    def refuse(self, why: str) -> None:
        self.refused[why] = self.refused.get(why, 0) + 1


class FakeGateway:
    def __init__(self, producer: EventHubProducerClient, max_requests: int = 10_000) -> None:
        self.producer = producer
        self.max_requests = max_requests
        self.counters = Counters()
        self._tokens: dict[str, dict[str, Any]] = {}

    def app(self) -> web.Application:
        app = web.Application()
        app.add_routes([web.post("/{tenant}/oauth2/v2.0/token", self.token),
                        web.post("/openai/deployments/{deployment}/chat/completions", self.chat)])
        return app

    # ------------------------------------------------------------ token endpoint

    async def token(self, request: web.Request) -> web.Response:
        form = await request.post()
        client_id, scope = str(form.get("client_id") or ""), str(form.get("scope") or "")
        if form.get("grant_type") != "client_credentials" or not client_id or not form.get("client_secret"):
            self.counters.refuse("bad_token_request")
            return _error(400, "invalid_request", "client_credentials needs client_id and client_secret")
        if not scope.endswith("/.default"):
            self.counters.refuse("bad_scope")
            return _error(400, "invalid_scope", "scope must be RESOURCE/.default")
        tenant = request.match_info["tenant"]
        claims = {"aud": scope.removesuffix("/.default"), "tid": tenant, "appid": client_id,
                  "oid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{tenant}/{client_id}")), "exp": int(time.time()) + 3600}
        token = ".".join(_b64(part) for part in ({"alg": "none", "typ": "JWT"}, claims)) + "." + secrets.token_urlsafe(16)
        self._tokens[token] = claims
        self.counters.tokens_issued += 1
        return web.json_response({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
                                  "access_token": token})

    # ------------------------------------------------------------ chat completions

    async def chat(self, request: web.Request) -> web.StreamResponse:
        claims = self._tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer ").strip())
        if claims is None:
            self.counters.refuse("unauthorized")
            return _error(401, "401", "Access denied due to invalid or missing Bearer token")
        deployment = request.match_info["deployment"]
        model = MODELS.get(deployment)
        if model is None:
            self.counters.refuse("deployment_not_found")
            return _error(404, "DeploymentNotFound", "The API deployment for this resource does not exist.")
        if self.counters.completions >= self.max_requests:
            self.counters.refuse("max_requests")
            return _error(429, "429", "This local gateway's request budget is used up.")
        try:
            body = await request.json()
        except ValueError:
            self.counters.refuse("bad_json")
            return _error(400, "BadRequest", "The request body is not JSON.")
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
            self.counters.refuse("bad_body")
            return _error(400, "BadRequest", "'messages' is required.")
        self.counters.completions += 1
        rid = str(uuid.uuid4())
        started = datetime.now(UTC)
        await self.publish(rid, [self.request_event(rid, started, request, deployment, claims, body)])
        answer, usage, tool_call = self.answer(rid, body)
        stream = body.get("stream") is True
        include_usage = stream and bool((body.get("stream_options") or {}).get("include_usage"))
        headers = {"apim-request-id": rid, "x-ms-region": "Local"}
        if not stream:
            resp = self.completion_body(rid, model, answer, usage, tool_call)
            await self.publish(rid, [_v1("response", rid, datetime.now(UTC), status=200, body=resp)])
            return web.json_response(resp, headers=headers)
        self.counters.streamed += 1
        sse = generate.sse_stream(rid, model, answer, usage if include_usage else None, tool_call,
                                  seed=random.Random(rid).randrange(1 << 30))
        pieces = _pieces(sse)
        response = web.StreamResponse(headers={**headers, "Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
        await response.prepare(request)
        for piece in pieces:
            await response.write(piece.encode())
        await response.write_eof()
        done = datetime.now(UTC)
        await self.publish(rid, [*(_v1("chunk", rid, done, seq=seq, data=piece) for seq, piece in enumerate(pieces)),
                                 _v1("end", rid, done, status=200, chunks=len(pieces))])
        return response

    def request_event(self, rid: str, when: datetime, request: web.Request, deployment: str,
                      claims: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        tags = {name: request.headers[header] for name, header in
                (("loadtest_run", "x-loadtest-run"), ("loadtest_request", "x-loadtest-request")) if header in request.headers}
        caller = {"subscription_id": "local-subscription", "subscription_name": "Local load test", "product": "ai-gateway",
                  "app_id": claims["appid"], "user_id": claims["oid"], "user_name": None, "tenant_id": claims["tid"],
                  "client_ip": request.remote, "cost_center": request.headers.get("x-cost-center"),
                  "business_unit": request.headers.get("x-business-unit"), "tags": tags}
        return _v1("request", rid, when, operation="chat.completions", deployment=deployment,
                   api_version=request.query.get("api-version"), caller=caller,
                   gateway={"name": "fake-gateway", "region": "Local", "backend": "127.0.0.1"}, body=body)

    @staticmethod
    def answer(rid: str, body: dict[str, Any]) -> tuple[str, dict[str, Any], bool]:
        """A deterministic answer per request id; usage counts ~4 characters per prompt token."""
        r = random.Random(rid)
        tool_call = bool(body.get("tools"))
        words = r.randint(5, 60)
        answer = " ".join(r.choice(generate.WORDS) for _ in range(words)).capitalize() + "."
        prompt = max(1, len(json.dumps(body.get("messages"), ensure_ascii=False)) // 4)
        completion = 14 if tool_call else words + 2
        usage = {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion,
                 "prompt_tokens_details": {"cached_tokens": 0}, "completion_tokens_details": {"reasoning_tokens": 0}}
        return answer, usage, tool_call

    @staticmethod
    def completion_body(rid: str, model: str, answer: str, usage: dict[str, Any], tool_call: bool) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": None if tool_call else answer}
        if tool_call:
            message["tool_calls"] = [{"id": f"call_{rid[:8]}", "type": "function", "function": {
                "name": "get_order_status", "arguments": json.dumps({"order_id": "SO-00000"})}}]
        return {"id": f"chatcmpl-{rid}", "object": "chat.completion", "created": int(time.time()), "model": model,
                "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if tool_call else "stop"}],
                "usage": usage}

    async def publish(self, rid: str, events: list[dict[str, Any]]) -> None:
        """As APIM's log-to-eventhub: a failure is logged and counted, never fails the request
        (the charge is then missing, and `reconcile --run` says so)."""
        from azure.eventhub import EventData

        try:
            batch = await self.producer.create_batch(partition_key=rid)
            for event in events:
                batch.add(EventData(json.dumps(event, ensure_ascii=False, separators=(",", ":"))))
            await self.producer.send_batch(batch)
            self.counters.events_published += len(events)
        except Exception as exc:  # noqa: BLE001 - any SDK failure is one lost log, as in APIM
            self.counters.publish_failures += 1
            log.warning("publishing %d events of request %s failed: %s", len(events), rid, type(exc).__name__)


def _v1(kind: str, rid: str, when: datetime, **fields: Any) -> dict[str, Any]:
    return {"schema": generate.V1, "type": kind, "request_id": rid, "time": iso(when), **fields}


def _pieces(sse: str) -> list[str]:
    events = [e + "\n\n" for e in sse.split("\n\n") if e]
    return ["".join(events[i:i + SSE_EVENTS_PER_CHUNK]) for i in range(0, len(events), SSE_EVENTS_PER_CHUNK)]


def _b64(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).rstrip(b"=").decode()


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


# --------------------------------------------------------------------------- process


async def serve(connection_str: str, host: str, port: int, lifetime: float, max_requests: int) -> Counters:
    from azure.eventhub.aio import EventHubProducerClient

    async with EventHubProducerClient.from_connection_string(connection_str) as producer:
        gateway = FakeGateway(producer, max_requests)
        runner = web.AppRunner(gateway.app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = runner.addresses[0][1]
        print(json.dumps({"port": bound}), flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        try:
            await asyncio.wait_for(stop.wait(), lifetime)
        except TimeoutError:
            log.warning("lifetime of %.0f s reached: stopping", lifetime)
        finally:
            await runner.cleanup()
    return gateway.counters


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aoai_logpipe.loadtest.fakegateway", description=__doc__.split("\n\n")[0])
    parser.add_argument("--eventhub", required=True, help="Event Hubs connection string (with EntityPath)")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--lifetime", type=float, default=900.0, help="exit after this many seconds (default: %(default)s)")
    parser.add_argument("--max-requests", type=int, default=10_000, help="completions served, then 429 (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        if not ipaddress.ip_address(args.host).is_loopback:
            raise ValueError
    except ValueError:
        print(f"error: --host must be a loopback address (127.0.0.1, ::1), not {args.host!r}", file=sys.stderr)
        return EXIT_CONFIG
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("azure").setLevel(logging.ERROR)
    counters = asyncio.run(serve(args.eventhub, args.host, args.port, args.lifetime, args.max_requests))
    print(json.dumps({"counters": counters.__dict__}), file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
