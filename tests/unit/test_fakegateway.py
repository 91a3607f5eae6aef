"""The fake gateway's contract with the load-test plans: Entra-shaped tokens, Bearer-only chat
completions in Azure's shape, the v1 events a gateway publishes, and its bounds (loopback only,
a request budget). Events go to a recording producer here; tests/integration/test_loadtest_locust.py
runs it against the Event Hubs test server."""

from __future__ import annotations

import json

import pytest
from aiohttp.test_utils import TestClient, TestServer

from aoai_logpipe.loadtest import fakegateway
from aoai_logpipe.loadtest.fakegateway import FakeGateway

FORM = {"grant_type": "client_credentials", "client_id": "app-1", "client_secret": "s",
        "scope": "https://cognitiveservices.azure.com/.default"}
CHAT = "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"
MESSAGES = [{"role": "user", "content": "Summarize the quarter."}]


class RecordingProducer:
    """create_batch / send_batch as EventHubProducerClient, keeping (partition key, bodies)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[dict]]] = []

    async def create_batch(self, partition_key: str) -> _Batch:
        return _Batch(partition_key)

    async def send_batch(self, batch: _Batch) -> None:
        self.sent.append((batch.key, batch.bodies))


class _Batch:
    def __init__(self, key: str) -> None:
        self.key, self.bodies = key, []

    def add(self, event) -> None:
        self.bodies.append(json.loads(event.body_as_str()))


@pytest.fixture
async def gateway():
    producer = RecordingProducer()
    gw = FakeGateway(producer, max_requests=2)  # type: ignore[arg-type]
    async with TestClient(TestServer(gw.app())) as client:
        yield gw, producer, client


async def token(client: TestClient) -> str:
    resp = await client.post("/tenant-1/oauth2/v2.0/token", data=FORM)
    assert resp.status == 200
    return (await resp.json())["access_token"]


async def test_a_chat_request_without_a_token_is_refused_and_not_logged(gateway):
    gw, producer, client = gateway
    resp = await client.post(CHAT, json={"messages": MESSAGES})
    assert resp.status == 401 and producer.sent == [] and gw.counters.refused == {"unauthorized": 1}


async def test_the_token_endpoint_wants_a_default_scope(gateway):
    _, _, client = gateway
    resp = await client.post("/tenant-1/oauth2/v2.0/token", data={**FORM, "scope": "https://cognitiveservices.azure.com"})
    assert resp.status == 400 and (await resp.json())["error"]["code"] == "invalid_scope"


async def test_a_streamed_request_ends_with_its_usage_and_is_logged_as_v1_events(gateway):
    _, producer, client = gateway
    headers = {"Authorization": f"Bearer {await token(client)}", "x-loadtest-run": "r1", "x-loadtest-request": "r1-a"}
    body = {"messages": MESSAGES, "stream": True, "stream_options": {"include_usage": True}}
    resp = await client.post(CHAT, json=body, headers=headers)
    sse = await resp.text()
    usage = [json.loads(line[6:])["usage"] for line in sse.splitlines() if line.startswith("data: {") and '"usage"' in line]
    assert resp.headers["Content-Type"].startswith("text/event-stream") and sse.endswith("data: [DONE]\n\n")
    assert len(usage) == 1 and usage[0]["total_tokens"] == usage[0]["prompt_tokens"] + usage[0]["completion_tokens"]
    events = [e for _, bodies in producer.sent for e in bodies]
    assert {key for key, _ in producer.sent} == {resp.headers["apim-request-id"]}
    assert [e["type"] for e in events][0] == "request" and events[-1]["type"] == "end"
    assert {e["schema"] for e in events} == {"aoai-logpipe/v1"}
    assert events[0]["caller"]["tags"] == {"loadtest_run": "r1", "loadtest_request": "r1-a"}
    assert "".join(e["data"] for e in events if e["type"] == "chunk") == sse


async def test_a_non_streamed_request_is_one_request_and_one_response_event(gateway):
    _, producer, client = gateway
    resp = await client.post(CHAT, json={"messages": MESSAGES}, headers={"Authorization": f"Bearer {await token(client)}"})
    answer = await resp.json()
    events = [e for _, bodies in producer.sent for e in bodies]
    assert [e["type"] for e in events] == ["request", "response"]
    assert events[1]["body"]["usage"] == answer["usage"] and events[0]["caller"]["tags"] == {}


async def test_requests_beyond_the_budget_get_429(gateway):
    _, _, client = gateway
    headers = {"Authorization": f"Bearer {await token(client)}"}
    codes = [(await client.post(CHAT, json={"messages": MESSAGES}, headers=headers)).status for _ in range(3)]
    assert codes == [200, 200, 429]


def test_it_listens_on_loopback_only(capsys):
    assert fakegateway.main(["--eventhub", "Endpoint=sb://127.0.0.1:1/;EntityPath=h", "--host", "0.0.0.0"]) == 3
    assert "loopback" in capsys.readouterr().err
