"""`jsontext.loads` reads through msgspec first: it must accept, build and reject exactly what the
strict reader (`jsontext.strict_loads`) does, with the same reasons and the same repairs."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from aoai_logpipe.core import jsontext

_LIMIT = 1 << 22


def _outcome(read, data):
    """What a reader made of data: the value's repr (it tells 1 from 1.0, True and -0.0, and shows
    key order) and the repairs counted, or the rejection's reason and message."""
    with jsontext.repairs() as scope:
        try:
            value = read(data)
        except jsontext.JsonRejected as exc:
            return ("rejected", exc.reason, str(exc))
    return ("read", repr(value), scope.count)


def _same_as_strict(data):
    assert _outcome(lambda d: jsontext.loads(d, max_bytes=_LIMIT), data) == _outcome(jsontext.strict_loads, data)


# Pieces that make texts near every edge: escapes of lone and paired surrogates, a BOM, control
# characters, NaN/Infinity, exponents, leading zeros, long digit runs, a raw surrogate.
_PIECES = st.sampled_from(
    list(' \t\n\r\x0c{}[]",:0-+.eE') + ["1", "9", "1234567890", "9" * 19, "\\", "\\u", "d800", "dc00", "\\ud83d\\ude00",
                                      "\\ud800", "\\udfff", "\ufeff", "é", "\x00", "\x1f", "\x7f", "\ud800", "true",
                                      "false", "null", "NaN", "Infinity", "e400", "e-400", "\\n", "\\/"]
)
_JSONISH = st.lists(_PIECES, max_size=30).map("".join)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(min_value=-(10**60), max_value=10**60)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=25,
)
_DOCUMENTS = st.tuples(
    st.sampled_from(["", " ", "\n", "\ufeff"]), _VALUES.map(json.dumps), st.sampled_from(["", " \r\n", "x", " 1", ","])
).map("".join)
_NUMBERS = st.from_regex(r"-?(0|[1-9][0-9]{0,40})(\.[0-9]{1,40})?([eE][-+]?[0-9]{1,4})?", fullmatch=True)


@settings(max_examples=1500)
@given(st.one_of(_JSONISH, _DOCUMENTS))
def test_a_text_is_read_or_rejected_as_the_strict_reader_does(text):
    _same_as_strict(text)


@settings(max_examples=1500)
@given(st.one_of(_JSONISH, _DOCUMENTS), st.sampled_from(["", "\ufeff"]))
def test_bytes_are_read_or_rejected_as_the_strict_reader_does(text, bom):
    _same_as_strict((bom + text).encode("utf-8", "surrogatepass"))


@given(st.binary(max_size=16))
def test_arbitrary_bytes_are_read_or_rejected_as_the_strict_reader_does(data):
    _same_as_strict(b'["' + data + b'"]')


@settings(max_examples=1500)
@given(_NUMBERS)
def test_a_number_is_the_same_int_or_float(text):
    _same_as_strict(text)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_reads_back_to_itself(value):
    _same_as_strict(repr(value))


def test_duplicate_keys_keep_the_first_place_and_the_last_value():
    _same_as_strict('{"a": 1, "b": 2, "a": 3}')


def test_integers_beyond_64_bits_stay_exact():
    _same_as_strict("[18446744073709551616, -9223372036854775809, " + "7" * 4300 + "]")


def test_an_integer_over_4300_digits_is_rejected_as_before():
    _same_as_strict("1" * 4301)


def test_a_lone_surrogate_is_repaired_and_counted_as_before():
    _same_as_strict('{"a\\ud800": ["x\\udfff", "\\ud83d\\ude00 \\ud83d"]}')


def test_nesting_deeper_than_the_fast_reader_allows_is_judged_by_the_strict_one():
    _same_as_strict("[" * 5000 + "]" * 5000)
    _same_as_strict("[" * 200_000 + "]" * 200_000)


def test_a_str_holding_a_raw_surrogate_is_judged_by_the_strict_reader():
    _same_as_strict('"\ud800"')
