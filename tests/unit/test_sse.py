"""The SSE parser: WHATWG framing, whatever the split points."""

from hypothesis import given, settings
from hypothesis import strategies as st

from aoai_logpipe.core.sse import SseByteParser, SseEvent, SseParser, parse_all


def feed_pieces(text: str, cuts: list[int]) -> list[SseEvent]:
    parser = SseParser()
    events: list[SseEvent] = []
    bounds = [0, *sorted(set(c for c in cuts if 0 < c < len(text))), len(text)]
    for a, b in zip(bounds, bounds[1:]):
        events += parser.feed(text[a:b])
    return events + parser.close()


def test_data_lines_separated_by_blank_lines_are_events():
    assert [e.data for e in parse_all("data: a\n\ndata: b\n\n")] == ["a", "b"]


def test_multiple_data_lines_join_with_newline():
    assert parse_all("data: one\ndata: two\n\n")[0].data == "one\ntwo"


def test_crlf_and_lone_cr_line_endings_are_accepted():
    assert [e.data for e in parse_all("data: a\r\n\r\ndata: b\r\rdata: c\n\n")] == ["a", "b", "c"]


def test_comment_lines_are_ignored():
    assert [e.data for e in parse_all(": keep-alive\ndata: x\n\n")] == ["x"]


def test_event_field_names_the_event():
    event = parse_all("event: response.created\ndata: {}\n\n")[0]
    assert (event.event, event.data) == ("response.created", "{}")


def test_event_name_resets_after_dispatch():
    events = parse_all("event: a\ndata: 1\n\ndata: 2\n\n")
    assert [e.event for e in events] == ["a", "message"]


def test_only_one_space_after_colon_is_stripped():
    assert parse_all("data:  two spaces\n\n")[0].data == " two spaces"


def test_last_event_without_blank_line_is_flushed_on_close():
    assert [e.data for e in parse_all("data: a\n\ndata: [DONE]")] == ["a", "[DONE]"]


def test_bom_at_start_is_dropped():
    assert parse_all("\ufeffdata: x\n\n")[0].data == "x"


def test_crlf_split_between_cr_and_lf_is_one_line_ending():
    assert [e.data for e in feed_pieces("data: a\r\n\r\ndata: b\r\n\r\n", [8])] == ["a", "b"]


def test_byte_parser_reassembles_utf8_split_inside_a_character():
    body = "data: héllo 😄\n\n".encode()
    parser = SseByteParser()
    events = []
    for i in range(len(body)):
        events += parser.feed(body[i : i + 1])
    assert [e.data for e in events + parser.close()] == ["héllo 😄"]


def test_a_long_line_fed_one_character_at_a_time_is_joined_once():
    line = "data: " + "x" * 100_000 + "\n\n"
    parser = SseParser()
    events = []
    for ch in line:
        events += parser.feed(ch)
    assert len(events) == 1 and len(events[0].data) == 100_000


sse_text = st.lists(
    st.tuples(
        st.sampled_from(["", "event: e\n", ": comment\n", "id: 7\n"]),
        st.lists(st.text(alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=["Cs"]), max_size=30), min_size=1, max_size=3),
        st.sampled_from(["\n", "\r\n", "\r"]),
    ),
    max_size=8,
).map(lambda events: "".join(
    head + "".join(f"data: {d}{eol}" for d in data) + eol for head, data, eol in events))


@settings(max_examples=300, deadline=None)
@given(sse_text, st.lists(st.integers(min_value=0, max_value=2000), max_size=20))
def test_any_split_of_a_stream_gives_the_same_events(text, cuts):
    assert feed_pieces(text, cuts) == parse_all(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=500), st.lists(st.integers(min_value=0, max_value=500), max_size=10))
def test_arbitrary_bytes_never_raise(data, cuts):
    parser = SseByteParser()
    bounds = [0, *sorted(set(c for c in cuts if 0 < c < len(data))), len(data)]
    for a, b in zip(bounds, bounds[1:]):
        parser.feed(data[a:b])
    parser.close()
