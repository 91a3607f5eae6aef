"""Received events as the pipeline reads them."""

from __future__ import annotations

import pytest
from azure.eventhub import EventData
from azure.eventhub._pyamqp.message import Message

from aoai_logpipe.io.eventhub import raw_event

pytestmark = pytest.mark.timeout(60)


def test_a_partition_key_that_is_not_utf8_is_read_with_replacement_characters():
    """A producer's malformed key must not stop the worker (it used to raise in the batch callback)."""
    event = EventData._from_message(Message(data=[b"{}"], message_annotations={b"x-opt-partition-key": b"k\x80"}))
    assert raw_event(event, "0").partition_key == "k\ufffd"


def test_a_received_event_keeps_its_body_position_and_properties():
    event = EventData._from_message(Message(data=[b'{"a":', b"1}"], message_annotations={
        b"x-opt-offset": b"4096", b"x-opt-sequence-number": 7, b"x-opt-enqueued-time": 1_765_000_000_000,
        b"x-opt-partition-key": b"conv-1"}, application_properties={b"dialect": "v1"}))
    got = raw_event(event, "0")
    assert (got.body, got.position.offset, got.position.sequence_number, got.partition_key, got.properties) == (
        b'{"a":1}', "4096", 7, "conv-1", {"dialect": "v1"})
    assert got.position.enqueued_time.isoformat() == "2025-12-06T05:46:40+00:00"
