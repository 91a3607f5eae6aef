"""A letter's closing and the name under it (ner mode's PERSON by place): the closing is matched in any
case and its second word is no name. Values are made up here."""

from __future__ import annotations

import pytest

from aoai_logpipe.core import recognizers as rec
from tests.unit.placed import placed_names

pytestmark = pytest.mark.timeout(120)


def test_recognizers_version_is_bumped_for_closings() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 14


@pytest.mark.parametrize(("text", "name"), [
    ("Please rotate it.\n\nBest Regards,\nPriya", "Priya"),
    ("See you.\nKIND REGARDS\nAmara Okafor", "Amara Okafor"),
    ("Thanks again.\nBest wishes,\nTomasz Wójcik", "Tomasz Wójcik"),
    ("Noted.\nWarm regards\nIngrid", "Ingrid"),
    ("Merci.\nBien Cordialement,\nLéa Martin", "Léa Martin"),
])
def test_the_name_under_a_closing_is_found_whatever_the_closings_case(text: str, name: str) -> None:
    assert name in placed_names(text)


@pytest.mark.parametrize("text", [
    "Thanks for the fix.\nBest Regards\n",
    "Thanks for the fix. Best Regards\n",
    "Cheers, Greetings\n",
    "Thanks\nthe deploy is green\n",  # a sentence under the closing, in lower case
])
def test_the_closing_itself_is_no_name(text: str) -> None:
    assert placed_names(text) == []
