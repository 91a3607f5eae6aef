"""The Cosmos SDK's item bodies and answers through msgspec (io/cosmos_json): the same JSON values
the SDK's own coding gives, and the SDK's own path wherever msgspec cannot match it. No server."""

from __future__ import annotations

import json

import pytest
from azure.cosmos import _synchronized_request as sdk
from azure.cosmos.aio import _asynchronous_request as request
from hypothesis import given
from hypothesis import strategies as st

from aoai_logpipe.io import cosmos_json
from aoai_logpipe.io.cosmos import request_size

pytestmark = pytest.mark.timeout(60)

scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False, allow_infinity=False) | st.text()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                      max_leaves=20)
documents = st.dictionaries(st.text(), values, max_size=6)


@pytest.fixture(scope="module", autouse=True)
def installed():
    assert cosmos_json.install(), "the locked azure-cosmos no longer has the hooks cosmos_json replaces"


def test_installing_twice_wraps_the_sdk_once():
    body = request._request_body_from_data
    assert cosmos_json.install()
    assert request._request_body_from_data is body


@given(documents)
def test_an_item_write_body_is_compact_utf8_with_the_value_the_sdk_would_send(doc):
    body = request._request_body_from_data(doc, ensure_ascii=False)
    assert isinstance(body, bytes)
    assert json.loads(body) == json.loads(sdk._request_body_from_data(doc, ensure_ascii=False))


@given(documents)
def test_request_size_is_the_length_of_the_item_body_sent(doc):
    assert request_size(doc) == len(request._request_body_from_data(doc, ensure_ascii=False))


def test_a_body_the_sdk_escapes_is_left_to_the_sdk():
    query = {"query": "SELECT * FROM c WHERE c.name = @n", "parameters": [{"name": "@n", "value": "Zoë"}]}
    assert request._request_body_from_data(query, ensure_ascii=True) == sdk._request_body_from_data(query, ensure_ascii=True)


def test_a_lone_surrogate_takes_the_sdks_own_path():
    doc = {"id": "a", "text": "broken \ud800 pair"}
    assert request._request_body_from_data(doc, ensure_ascii=False) == sdk._request_body_from_data(doc, ensure_ascii=False)
    assert request_size(doc) == len(sdk._request_body_from_data(doc, ensure_ascii=False))


@given(documents)
def test_an_answer_decodes_to_what_json_loads_gives(doc):
    text = json.dumps(doc)
    assert request.json.loads(text) == json.loads(text)


def test_an_answer_msgspec_refuses_is_read_by_json():
    assert request.json.loads('{"big": 1e400, "n": 123456789012345678901234567890}') == {
        "big": float("inf"), "n": 123456789012345678901234567890}


def test_a_batch_answer_keeps_each_operations_status_charge_and_etag_but_not_the_echoed_document():
    text = json.dumps([{"statusCode": 201, "requestCharge": 6.1, "eTag": '"e1"', "resourceBody": {"id": "a", "n": [1, 2]}},
                       {"statusCode": 412, "requestCharge": 0, "subStatusCode": 0},
                       {"statusCode": 424, "requestCharge": 0, "retryAfterMilliseconds": 5}])
    assert request.json.loads(text) == [
        {"statusCode": 201, "requestCharge": 6.1, "eTag": '"e1"', "subStatusCode": None, "retryAfterMilliseconds": None},
        {"statusCode": 412, "requestCharge": 0.0, "eTag": None, "subStatusCode": 0, "retryAfterMilliseconds": None},
        {"statusCode": 424, "requestCharge": 0.0, "eTag": None, "subStatusCode": None, "retryAfterMilliseconds": 5}]


@given(st.lists(values, max_size=4))
def test_an_array_that_is_not_a_batch_answer_decodes_to_what_json_loads_gives(items):
    text = json.dumps(items)
    assert request.json.loads(text) == json.loads(text)
