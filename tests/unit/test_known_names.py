"""A known given name followed by a known surname is a person's name (ner mode, #15): written as a name, in capitals
or with a middle initial, or as a chat handle; never inside an address or a file name, never a lone name or two
everyday words. Names are made up here from the bundled lists."""

from __future__ import annotations

import pytest

from aoai_logpipe.core import recognizers as rec
from aoai_logpipe.core.dlp import DlpPolicy
from aoai_logpipe.core.known_names import known_names

pytestmark = pytest.mark.timeout(60)


def _found(text: str) -> list[str]:
    return [text[a:b] for a, b in known_names(text)]


@pytest.mark.parametrize(("text", "name"), [
    ("Refund approved by Emeka Okafor yesterday.", "Emeka Okafor"),
    ("the ticket went to Mehmet A. Yılmaz for review", "Mehmet A. Yılmaz"),
    ("Escalated to Priya SHARMA (team lead).", "Priya SHARMA"),
    ("Nguyen asked whether Minh Pham had the label.", "Minh Pham"),
])
def test_a_given_name_and_surname_written_as_a_name(text: str, name: str) -> None:
    assert _found(text) == [name]


@pytest.mark.parametrize(("text", "name"), [
    ("@mehmet.yilmaz can you re-run the export?", "mehmet.yilmaz"),
    ("assigned: priya_sharma", "priya_sharma"),
])
def test_a_given_name_and_surname_written_as_a_handle(text: str, name: str) -> None:
    assert _found(text) == [name]


@pytest.mark.parametrize("text", [
    "mail emeka.okafor@contoso.com about it",
    "attach emeka.okafor.pdf to the case",
    "see /home/emeka.okafor/exports",
])
def test_no_handle_inside_an_address_or_a_path(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize("text", [
    "Emeka will call back.",            # a given name alone
    "Okafor Emeka signed it.",           # surname first: not this rule's
    "Will Park the car at the Rose Garden.",  # everyday words are not in the lists
    "emeka okafor",                      # lower case with a space is prose, not a handle
])
def test_no_known_name_without_both_parts_in_order(text: str) -> None:
    assert _found(text) == []


def test_the_place_recognizer_adds_a_known_name_and_finds_its_first_name_again() -> None:
    text = "Chukwuemeka Okafor approved the refund.\nI told Chukwuemeka it is closed."
    found = {text[r.start:r.end] for r in rec.person_recognizer("en").analyze(text, ["PERSON"])
             if r.score >= DlpPolicy().default_threshold}
    assert found == {"Chukwuemeka Okafor", "Chukwuemeka"}


@pytest.mark.parametrize(("text", "name"), [
    ("11:53:29 operator=NOWAK Łukasz fw=6.13.19.154", "NOWAK Łukasz"),
    ("Kulkarni, Priya;B-28-08-3;HI9505-RED;8694524021386;2;09:23", "Kulkarni, Priya"),
    ("Consignee: OKAFOR, EMEKA\nAddress: 12 Main Street", "OKAFOR, EMEKA"),
    ("priya.kulkarni;G-07-03-2;KT7722-RED\nbjorn kruger;H-11-02-1;CK4727-BLK", "bjorn kruger"),
])
def test_surname_first_and_a_lower_case_cell(text: str, name: str) -> None:
    assert name in _found(text)


def test_two_given_names_in_a_list_are_not_one_surname_first_name() -> None:
    assert _found("Thanks to Priya, Mehmet and the team.") == []
