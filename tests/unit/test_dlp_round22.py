"""Classes of the twenty-second corpus's round (#15, public sector and education). An AWS key id written as a
placeholder (`AKIAXXXXXXXXXXXXXXXX`) is no key; buildings, rooms, schools, prizes and funds named after a person are
no one's name, while surnames that are such words (`Hall`, `Wing`) stay names; a letter's `Madam`, a university's
offices and a town's council are no person. Values are made up here."""

from __future__ import annotations

from typing import Callable

import pytest

from aoai_logpipe.core import recognizers as rec

pytestmark = pytest.mark.timeout(120)

Scan = Callable[[str], list[tuple[str, str]]]


def test_recognizers_version_is_bumped_for_this_round() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 32


def test_a_placeholder_aws_key_id_is_no_key(pattern_scan: Scan) -> None:
    assert pattern_scan("AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\n") == []


def test_a_real_shaped_aws_key_id_is_still_a_key(pattern_scan: Scan) -> None:
    assert ("AWS_ACCESS_KEY_ID", "AKIA2QX7RZ4LMN8PBT5W") in pattern_scan("AWS_ACCESS_KEY_ID=AKIA2QX7RZ4LMN8PBT5W\n")


def _dropped(text: str, value: str) -> bool:
    start = text.index(value)
    return rec.not_a_name(text, start, start + len(value)) or rec.not_a_person(text, start, start + len(value))


@pytest.mark.parametrize(("text", "value"), [
    ("MSc Education Policy - taught in the Seamus Heaney Theatre, seminars in L.243.", "Seamus Heaney"),
    ("Room bookings for the Kwame Nkrumah Hall are not in this extract.", "Kwame Nkrumah"),
    ("building\troom\nIsaac Newton Lecture Theatre\tRoom 4.27\n", "Isaac Newton"),
    ("Applications for the Nelson Mandela Scholarship close on Friday.", "Nelson Mandela Scholarship"),
    ("building\troom\nAstrid Lindgren-salen\tLT1\n", "Astrid Lindgren-salen"),
    ("Dear Sir or Madam,\nMy partner moved out", "Madam"),
    ("Please forward this to Graduate Admissions today.", "Graduate Admissions"),
    ("Stadt Kellbach, Bürgeramt, Marktplatz 1", "Stadt Kellbach"),
])
def test_a_place_an_office_or_a_salutation_named_like_a_person_is_no_person(text: str, value: str) -> None:
    assert _dropped(text, value)


@pytest.mark.parametrize(("text", "value"), [
    ("Ana Hall wrote to us about the refund.", "Ana Hall"),
    ("Ana Hall wrote to us about the refund.", "Ana"),
    ("Lee Wing called the registry.", "Lee Wing"),
    ("Guest: Liam Fitzgerald    Room 025\nArrival 2025-01-23", "Liam Fitzgerald"),
])
def test_a_surname_that_names_a_building_or_a_guest_before_a_room_number_stays_a_name(text: str, value: str) -> None:
    assert not _dropped(text, value)
