"""Content normalization: strings, nulls and multimodal part arrays -> canonical parts."""

from aoai_logpipe.core import content
from aoai_logpipe.generate import tiny_png
from tests import captures


def test_string_content_is_one_text_part():
    prompt = content.normalize_request({"messages": [{"role": "user", "content": "hi"}]}, "chat.completions")
    assert prompt.messages[0].parts == [{"type": "text", "text": "hi"}]


def test_null_content_with_tool_calls_keeps_the_calls():
    message = {"role": "assistant", "content": None,
               "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}
    result = content.normalize_request({"messages": [message]}, "chat.completions").messages[0]
    assert result.parts == [] and (result.tool_calls[0].id, result.tool_calls[0].name) == ("c1", "f")


def test_tool_message_keeps_its_call_id():
    result = content.normalize_request({"messages": [{"role": "tool", "tool_call_id": "c1", "content": "42"}]}, "chat.completions")
    assert result.messages[0].tool_call_id == "c1"


def test_http_image_url_drops_the_query_string():
    part = content.parts([{"type": "image_url", "image_url": {"url": "https://x.blob.core.windows.net/c/a.png?sig=SECRET"}}])[0]
    assert part["url"] == "https://x.blob.core.windows.net/c/a.png" and "SECRET" not in str(part)


def test_data_url_image_is_described_not_stored():
    part = content.parts([{"type": "image_url", "image_url": {"url": tiny_png(640, 480), "detail": "low"}}])[0]
    assert (part["type"], part["width"], part["height"], part["detail"], part["mime"]) == ("image", 640, 480, "low", "image/png")
    assert len(part["sha256"]) == 64 and "base64" not in str(part)


def test_input_audio_is_described_by_format_size_and_hash():
    interaction = captures.cassette("10-openai-request-input-audio-usage.yaml")[0]
    parts = content.normalize_request(interaction.request, "chat.completions").messages[0].parts
    audio = next(p for p in parts if p["type"] == "audio")
    assert audio["bytes"] > 1000 and len(audio["sha256"]) == 64 and "data" not in audio


def test_file_and_refusal_parts():
    parts = content.parts([{"type": "file", "file": {"filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBERi0x"}},
                           {"type": "refusal", "refusal": "I can't"}])
    assert parts[0] == {"type": "file", "filename": "a.pdf", "file_id": None, "mime": "application/pdf",
                        "bytes": 6, "sha256": parts[0]["sha256"]}  # "%PDF-1"
    assert parts[1] == {"type": "refusal", "text": "I can't"}


def test_unknown_part_type_is_marked_unsupported_without_its_payload():
    assert content.parts([{"type": "hologram", "data": "x" * 100}]) == [{"type": "unsupported", "original_type": "hologram"}]


def test_responses_api_input_items_become_messages():
    body = {"instructions": "be brief", "input": [
        {"role": "user", "content": [{"type": "input_text", "text": "hi"}]},
        {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c1", "output": "42"}]}
    messages = content.normalize_request(body, "responses").messages
    assert [m.role for m in messages] == ["system", "user", "assistant", "tool"]
    assert messages[1].parts == [{"type": "text", "text": "hi"}] and messages[3].tool_call_id == "c1"


def test_embeddings_input_list_and_token_arrays():
    messages = content.normalize_request({"input": ["a", [1, 2, 3]]}, "embeddings").messages
    assert messages[0].parts == [{"type": "text", "text": "a"}] and messages[1].parts == [{"type": "tokens", "count": 3}]
