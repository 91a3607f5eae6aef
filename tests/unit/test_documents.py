"""Document building details: deterministic ids, dead letters, and fitting the store's size limit."""

from aoai_logpipe.core.documents import dead_letter, doc_id, encoded_size, fit
from aoai_logpipe.core.types import DeadLetter, Position


def test_ids_are_deterministic_and_safe_for_cosmos():
    assert doc_id("cb", "v1:req/1?#") == doc_id("cb", "v1:req/1?#")
    assert not set("/\\?#") & set(doc_id("cb", "v1:req/1?#"))


def test_dead_letter_keeps_utf8_raw_text_and_base64_otherwise():
    position = Position("3", "1024", 7)
    text = dead_letter(DeadLetter("invalid_json", "bad", b'{"a":', position))
    binary = dead_letter(DeadLetter("invalid_utf8", "bad", b"\xff\x00", position))
    assert (text["raw"], text["raw_encoding"]) == ('{"a":', "utf-8")
    assert (binary["raw"], binary["raw_encoding"]) == ("/wA=", "base64")
    assert (text["partition"], text["offset"], text["sequence_number"]) == ("3", "1024", 7)


def test_dead_letter_id_depends_on_position_and_payload():
    a = dead_letter(DeadLetter("x", "m", b"1", Position("0", "0", 0)))
    b = dead_letter(DeadLetter("x", "m", b"1", Position("0", "5", 1)))
    assert a["id"] == dead_letter(DeadLetter("x", "m", b"1", Position("0", "0", 0)))["id"] != b["id"]


def audit_with(text_size, parts=1):
    return {"id": "au-1", "messages": [{"index": 0, "role": "user", "tool_calls": [],
                                        "parts": [{"type": "text", "text": "x" * text_size} for _ in range(parts)]}],
            "choices": [{"index": 0, "text": "short answer", "tool_calls": []}]}


def test_a_document_within_the_limit_is_untouched():
    doc = audit_with(100)
    assert fit(doc, 10_000) is doc


def test_an_over_large_document_keeps_the_head_of_its_longest_text_and_says_so():
    doc = fit(audit_with(50_000), 20_000)
    assert encoded_size(doc) <= 20_000
    assert doc["messages"][0]["parts"][0]["text"].startswith("x" * 1000)
    assert doc["choices"][0]["text"] == "short answer"
    assert doc["trimmed"] == {"reason": "document_too_large", "original_bytes": encoded_size(audit_with(50_000)), "fields_cut": 1}


def test_fitting_does_not_modify_the_original():
    original = audit_with(50_000)
    fit(original, 20_000)
    assert len(original["messages"][0]["parts"][0]["text"]) == 50_000


def test_many_small_texts_fall_back_to_dropping_content_with_a_flag():
    doc = fit(audit_with(100, parts=2000), 20_000)
    assert doc["trimmed"]["dropped_content"] is True and encoded_size(doc) <= 20_000


def test_the_usage_document_carries_every_usage_field_in_order():
    from dataclasses import asdict

    from aoai_logpipe.core.documents import usage_doc
    from aoai_logpipe.core.types import Usage

    usage = Usage(10, 5, 15, cached_tokens=2, reasoning_tokens=1)
    assert list(usage_doc(usage).items()) == list(asdict(usage).items())
