"""Pattern mode's shortcuts find exactly what Presidio's own path finds.

The phone recognizer skips candidates too short to be valid anywhere
(`recognizers.SHORTEST_VALID_NUMBER`); that is compared with Presidio's matching on both corpora
and on generated texts.
"""

from __future__ import annotations

import itertools

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneMetadata

from aoai_logpipe.core import recognizers
from aoai_logpipe.core.dlp import DlpPolicy
from tests.dlp_eval import corpus as blind
from tests.unit.dlp_corpus import generate


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    return [s.text for s in blind.generate()] + [s.text for s in generate()]


def _spans(text: str, region: str, shortest: int) -> set[tuple[int, int]]:
    return {(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=1,
                                                                      min_candidate_length=shortest)}


def test_skipping_short_phone_candidates_finds_the_same_numbers_on_both_corpora(corpus_texts: list[str]) -> None:
    masked = [recognizers._NEVER_PHONE.sub(lambda m: " " * len(m.group()), text) for text in corpus_texts]
    differing = [(i, region) for i, text in enumerate(masked) for region in DlpPolicy().phone_regions
                 if _spans(text, region, recognizers.SHORTEST_VALID_NUMBER) != _spans(text, region, 1)]
    assert differing == []


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="0123456789 +-().x/#:", max_size=40),
       region=st.sampled_from(sorted(phonenumbers.SUPPORTED_REGIONS)))
def test_skipping_short_phone_candidates_finds_the_same_numbers_in_any_region(text: str, region: str) -> None:
    assert _spans(text, region, recognizers.SHORTEST_VALID_NUMBER) == _spans(text, region, 1)


def test_no_country_has_valid_numbers_shorter_than_the_skipped_candidates() -> None:
    """SHORTEST_VALID_NUMBER's grounds in libphonenumber's metadata: no national significant
    number is shorter, and where a national prefix rule adds digits (NANPA islands, Guernsey,
    San Marino...) no string that short parses as a valid number either."""
    metadata = [PhoneMetadata.metadata_for_region_or_calling_code(code, region)
                for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items() for region in regions]
    assert min(min(m.general_desc.possible_length) for m in metadata if m) >= recognizers.SHORTEST_VALID_NUMBER
    adding = sorted(m.id for m in metadata if m and m.national_prefix_transform_rule)
    assert adding  # the rules exist: the check below looks at something
    short = ["".join(d) for n in range(1, recognizers.SHORTEST_VALID_NUMBER)
             for d in itertools.product("0123456789", repeat=n)]
    valid = []
    for region, digits in itertools.product(adding, short):
        for candidate in (digits, "+" + digits):
            try:
                if len(candidate) < recognizers.SHORTEST_VALID_NUMBER and phonenumbers.is_valid_number(
                        phonenumbers.parse(candidate, region)):
                    valid.append((region, candidate))
            except phonenumbers.NumberParseException:
                continue
    assert valid == []
