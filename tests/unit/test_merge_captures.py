"""Every real capture that holds a chat completion is reassembled correctly.

Expected values are read from the captures themselves (a naive line-by-line reading, and
the figures SOURCES.md documents), never from the parser under test.
"""

import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aoai_logpipe.core import jsontext
from aoai_logpipe.core.merge import merge_body, merge_events
from aoai_logpipe.core.sse import SseParser, parse_all
from tests import captures

SSE_TEXT_CAPTURES = [
    "01-azure-stream-gpt4o-prompt-filter-first-chunk.txt",
    "11-azure-stream-toolcall-args-split-usage-chunk.txt",
    "13-azure-stream-text-gpt4o-usage-chunk.txt",
    "25-azure-stream-model-router-gpt5nano-reasoning-usage.txt",
    "30-openai-stream-n3-choices-interleaved-usage.txt",
    "31-openai-stream-finish-length-max-tokens-usage.txt",
    "32-openai-stream-error-event-server-error.txt",
]
SSE_CASSETTES = [
    "04-openai-stream-toolcall-args-split-include-usage.yaml",
    "05-openai-stream-parallel-toolcalls-index0-1-usage.yaml",
    "14-azure-stream-apiver-2024-02-01-gpt35-vs-gpt41mini.yaml",
    "18-openai-stream-parallel-toolcalls-args-interleaved.yaml",
]


def all_chat_streams() -> list:
    if not captures.CAPTURES.is_dir():
        return [pytest.param("", "", marks=pytest.mark.skip(reason=f"no captures at {captures.CAPTURES}"))]
    streams = [(name, captures.text(name)) for name in SSE_TEXT_CAPTURES]
    for name in SSE_CASSETTES:
        streams += [(i.name, i.response_text) for i in captures.cassette(name) if i.is_sse]
    return [pytest.param(name, sse, id=name) for name, sse in streams]


def merged(sse: str):
    return merge_events(parse_all(sse), "chat.completions")


def fingerprint(m):
    return (m.id, m.model, [(c.index, c.text, c.refusal, [(t.id, t.name, t.arguments) for t in c.tool_calls],
                             c.finish_reason, c.content_filter, c.content_filter_offsets) for c in m.choices],
            m.prompt_filter, m.usage, m.error, m.saw_done)


@pytest.mark.parametrize("name,sse", all_chat_streams())
def test_stream_matches_a_naive_reading_of_the_capture(name, sse):
    expected = captures.oracle(sse)
    result = merged(sse)
    assert {c.index: c.text for c in result.choices if c.text} == {i: t for i, t in expected["texts"].items() if t}
    assert {c.index: c.finish_reason for c in result.choices if c.finish_reason} == expected["finish"]
    calls = {(c.index, i): (t.name, t.arguments) for c in result.choices for i, t in enumerate(c.tool_calls)}
    assert calls == {key: (expected["names"].get(key), args) for key, args in expected["args"].items()}
    if expected["usage"]:
        assert result.usage.prompt_tokens == expected["usage"]["prompt_tokens"]
        assert result.usage.completion_tokens == expected["usage"]["completion_tokens"]
        assert result.usage.total_tokens == expected["usage"]["total_tokens"]
    else:
        assert result.usage is None


def test_azure_prompt_filter_chunk_with_empty_id_and_model_is_kept_and_ignored_for_identity():
    result = merged(captures.text("01-azure-stream-gpt4o-prompt-filter-first-chunk.txt"))
    assert result.id == "chatcmpl-BleatwEUn3D8iXsgXpDqeOPEMuW3j"
    assert result.model == "gpt-4o-2024-08-06"
    assert result.prompt_filter[0]["content_filter_results"]["hate"] == {"filtered": False, "severity": "safe"}
    assert result.usage is None  # no include_usage: usage is missing, not zero


def test_azure_tool_call_arguments_split_over_many_chunks_reassemble():
    result = merged(captures.text("11-azure-stream-toolcall-args-split-usage-chunk.txt"))
    call = result.choices[0].tool_calls[0]
    assert (call.id, call.name) == ("call_9Qho04353vraQ92HfH5i1aDZ", "run_javascript")
    assert json.loads(call.arguments)["script"].startswith("function fibonacciUpTo(max)")
    assert result.choices[0].finish_reason == "tool_calls"
    assert (result.usage.prompt_tokens, result.usage.completion_tokens, result.usage.total_tokens) == (107, 98, 205)


def test_azure_text_stream_with_usage_chunk():
    result = merged(captures.text("13-azure-stream-text-gpt4o-usage-chunk.txt"))
    assert result.choices[0].text == "Hello! How can I assist you today?"
    assert (result.usage.prompt_tokens, result.usage.completion_tokens, result.usage.total_tokens) == (96, 10, 106)


def test_model_router_stream_reports_reasoning_tokens_inside_completion():
    result = merged(captures.text("25-azure-stream-model-router-gpt5nano-reasoning-usage.txt"))
    assert result.model.startswith("gpt-5-nano")
    assert (result.usage.completion_tokens, result.usage.reasoning_tokens, result.usage.total_tokens) == (78, 64, 93)


def test_three_interleaved_choices_each_get_their_own_text_and_finish():
    result = merged(captures.text("30-openai-stream-n3-choices-interleaved-usage.txt"))
    assert [c.index for c in result.choices] == [0, 1, 2]
    assert all(c.finish_reason == "stop" for c in result.choices)
    assert all(json.loads(c.text) for c in result.choices)  # structured output: each is whole JSON
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (79, 42)


def test_length_cut_off_keeps_the_partial_text():
    result = merged(captures.text("31-openai-stream-finish-length-max-tokens-usage.txt"))
    assert (result.choices[0].text, result.choices[0].finish_reason) == ('{"', "length")
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (79, 1)


def test_in_band_error_event_is_recorded():
    result = merged(captures.text("32-openai-stream-error-event-server-error.txt"))
    assert result.error["type"] == "server_error"
    assert result.choices == [] and result.usage is None


def test_parallel_tool_calls_are_merged_by_index():
    stream = captures.cassette("18-openai-stream-parallel-toolcalls-args-interleaved.yaml")[0].response_text
    calls = merged(stream).choices[0].tool_calls
    assert [c.name for c in calls] == ["get_current_weather", "get_current_weather"]
    assert ["San Francisco" in c.arguments for c in calls] == [True, False]
    assert "Boston" in calls[1].arguments
    assert calls[0].id != calls[1].id


def test_tool_call_arguments_split_mid_token_with_include_usage():
    stream = captures.cassette("04-openai-stream-toolcall-args-split-include-usage.yaml")[0].response_text
    result = merged(stream)
    assert json.loads(result.choices[0].tool_calls[0].arguments) == {"country": "UK"}
    assert result.usage is not None


def test_responses_api_stream_uses_the_completed_response():
    interaction = captures.cassette("19-openai-responses-api-stream-events-usage.yaml")[0]
    result = merge_events(parse_all(interaction.response_text), "responses")
    deltas = "".join(json.loads(e.data)["delta"] for e in parse_all(interaction.response_text)
                     if e.event == "response.output_text.delta")
    assert result.choices[0].text == deltas
    assert result.choices[0].finish_reason == "stop"
    assert (result.usage.prompt_tokens, result.usage.completion_tokens, result.usage.total_tokens) == (18, 79, 97)


NON_STREAMED = [
    "03-azure-nonstream-gpt4o-content-filter-usage-details.yaml",
    "06-openai-nonstream-cached-tokens-4012.yaml",
    "07-openai-nonstream-o3mini-reasoning-tokens.yaml",
    "09-openai-request-image-dataurl-png-usage.yaml",
    "10-openai-request-input-audio-usage.yaml",
    "15-azure-nonstream-finish-content-filter-hate-high.yaml",
    "17-azure-nonstream-gpt5nano-reasoning-tokens.yaml",
]


@pytest.mark.parametrize("name", NON_STREAMED)
def test_non_streamed_bodies_keep_text_finish_and_usage(name):
    for interaction in captures.cassette(name):
        body = interaction.response_json
        result = merge_body(body, "chat.completions")
        if "error" in body:
            assert result.error == body["error"] and result.choices == []
            continue
        for choice, raw in zip(result.choices, body["choices"]):
            assert choice.text == (raw.get("message") or {}).get("content")
            assert choice.finish_reason == raw["finish_reason"]
        usage = body["usage"]
        assert result.usage.prompt_tokens == usage["prompt_tokens"]
        assert result.usage.completion_tokens == usage["completion_tokens"]
        details = usage.get("prompt_tokens_details") or {}
        assert result.usage.cached_tokens == (details.get("cached_tokens") or 0)


def test_cached_tokens_are_a_subset_of_prompt_tokens():
    second = captures.cassette("06-openai-nonstream-cached-tokens-4012.yaml")[1]
    usage = merge_body(second.response_json, "chat.completions").usage
    assert (usage.prompt_tokens, usage.cached_tokens, usage.total_tokens) == (4020, 4012, usage.prompt_tokens + usage.completion_tokens)


def test_reasoning_tokens_are_a_subset_of_completion_tokens():
    usage = merge_body(captures.cassette("07-openai-nonstream-o3mini-reasoning-tokens.yaml")[0].response_json, "chat.completions").usage
    assert (usage.completion_tokens, usage.reasoning_tokens) == (87, 64)


def test_output_filter_cut_off_bills_tokens_without_visible_text():
    body = captures.cassette("15-azure-nonstream-finish-content-filter-hate-high.yaml")[0].response_json
    result = merge_body(body, "chat.completions")
    choice = result.choices[0]
    assert (choice.text, choice.finish_reason) == (None, "content_filter")
    assert choice.content_filter["hate"] == {"filtered": True, "severity": "high"}
    assert result.usage.completion_tokens == 19


# ---------------------------------------------------------------- split / duplicate / shuffle invariance


def reassemble_from_pieces(pieces: list[str]) -> object:
    parser = SseParser()
    events = []
    for piece in pieces:
        events += parser.feed(piece)
    return fingerprint(merge_events(events + parser.close(), "chat.completions"))


@pytest.mark.parametrize("name,sse", all_chat_streams())
def test_every_split_point_gives_the_same_result(name, sse):
    expected = fingerprint(merged(sse))
    step = max(1, len(sse) // 400)  # every boundary for small captures, a dense sample for big ones
    for cut in range(1, len(sse), step):
        assert reassemble_from_pieces([sse[:cut], sse[cut:]]) == expected, f"split at {cut}"


@pytest.mark.parametrize("name,sse", all_chat_streams())
def test_random_fragmentation_with_duplicates_and_shuffle_gives_the_same_result(name, sse):
    """Fragments keyed by seq, delivered duplicated and out of order, reassembled by seq."""
    expected = fingerprint(merged(sse))
    rng = random.Random(name)
    for _ in range(20):
        cuts = sorted(rng.sample(range(1, len(sse)), min(len(sse) - 1, rng.randint(1, 60))))
        pieces = [sse[a:b] for a, b in zip([0, *cuts], [*cuts, len(sse)])]
        delivered = list(enumerate(pieces)) + rng.sample(list(enumerate(pieces)), k=min(5, len(pieces)))
        rng.shuffle(delivered)
        by_seq = dict(delivered)  # what the assembler does: keep one per seq
        assert reassemble_from_pieces([by_seq[s] for s in sorted(by_seq)]) == expected


# ---------------------------------------------------------------- shapes no capture here holds


def chunk(**choice):
    return {"id": "c", "model": "gpt-4o", "choices": [{"index": 0, **choice}]}


def sse_of(*objects):
    return "".join(f"data: {json.dumps(o)}\n\n" for o in objects) + "data: [DONE]\n\n"


def test_legacy_function_call_deltas_merge():
    result = merged(sse_of(chunk(delta={"role": "assistant", "function_call": {"name": "lookup", "arguments": ""}}),
                           chunk(delta={"function_call": {"arguments": '{"id":'}}),
                           chunk(delta={"function_call": {"arguments": " 7}"}}, finish_reason="function_call")))
    call = result.choices[0].function_call
    assert (call.name, call.arguments, result.choices[0].finish_reason) == ("lookup", '{"id": 7}', "function_call")


def test_refusal_deltas_merge_separately_from_content():
    result = merged(sse_of(chunk(delta={"role": "assistant", "refusal": "I can't "}), chunk(delta={"refusal": "help with that."})))
    assert (result.choices[0].refusal, result.choices[0].text) == ("I can't help with that.", None)


def test_async_filter_annotation_after_the_finish_chunk_is_kept_and_flags_win():
    annotation = {"id": "", "model": "", "choices": [{"index": 0, "finish_reason": None,
                  "content_filter_offsets": {"check_offset": 0, "start_offset": 0, "end_offset": 5},
                  "content_filter_results": {"violence": {"filtered": True, "severity": "medium"}}}]}
    result = merged(sse_of(chunk(delta={"content": "hello"}, content_filter_results={"violence": {"filtered": False, "severity": "safe"}}),
                           chunk(delta={}, finish_reason="stop"), annotation))
    choice = result.choices[0]
    assert choice.finish_reason == "stop" and choice.content_filter["violence"]["filtered"] is True
    assert choice.content_filter_offsets[0]["offsets"]["end_offset"] == 5
    assert result.id == "c" and result.model == "gpt-4o"  # the annotation's empty id/model never win


verdicts = st.one_of(st.fixed_dictionaries({"filtered": st.booleans(), "severity": st.sampled_from(["safe", "low", "high"])}),
                    st.fixed_dictionaries({"detected": st.sampled_from([True, False, 1, 0, "", "yes"])}), st.none(), st.integers())


@given(st.lists(st.dictionaries(st.sampled_from(["hate", "violence", "jailbreak"]), verdicts, max_size=3), max_size=6))
def test_per_category_the_last_flagged_verdict_wins_else_the_last_one(results):
    expected: dict = {}
    for result in results:  # the rule stated plainly, in category order of first appearance
        for category, verdict in result.items():
            previous = expected.get(category)
            flagged = lambda v: isinstance(v, dict) and bool(v.get("filtered") or v.get("detected"))  # noqa: E731
            if category not in expected or not flagged(previous) or flagged(verdict):
                expected[category] = verdict
    choice = merged(sse_of(*(chunk(delta={"content": "x"}, content_filter_results=r) for r in results))).choices
    got = choice[0].content_filter if choice else None
    assert (got, list(got or {})) == (expected or None, list(expected))


def test_a_non_json_data_line_is_counted_not_fatal():
    result = merged("data: {broken\n\n" + sse_of(chunk(delta={"content": "ok"})))
    assert result.invalid_events == 1 and result.choices[0].text == "ok"


@pytest.mark.parametrize("word", [" the", ' "the"', " th\u00e9"])  # (JSON texts with \", with \u escapes)
def test_a_chunk_sent_again_later_in_the_stream_is_folded_again(word):
    again = chunk(delta={"content": word}, content_filter_offsets={"start_offset": 0},
                  content_filter_results={"hate": {"filtered": False, "severity": "safe"}})
    result = merged(sse_of(again, chunk(delta={"content": " and"}), again))
    assert result.choices[0].text == f"{word} and{word}"
    assert len(result.choices[0].content_filter_offsets) == 2 and result.events == 3


def test_a_lone_surrogate_in_a_chunk_sent_twice_is_counted_as_repaired_twice():
    lone = 'data: {"choices": [{"index": 0, "delta": {"content": "\\ud800"}}]}\n\n'
    with jsontext.repairs() as repairs:
        result = merged(lone + lone)
    assert repairs.count == 2 and result.choices[0].text == "\ufffd\ufffd"


def test_repeats_are_folded_past_the_number_of_chunk_texts_a_stream_keeps_parsed():
    words = [chunk(delta={"content": f" w{i}"}) for i in range(1500)]
    result = merged(sse_of(*words, *words[:3], *words[-3:]))
    assert result.choices[0].text == "".join(f" w{i}" for i in [*range(1500), 0, 1, 2, 1497, 1498, 1499])
