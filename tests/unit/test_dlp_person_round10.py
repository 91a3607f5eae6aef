"""Names and no-names after the tenth corpus's round (#15, ner mode): words that are no one's name although
spaCy's small model takes them for one (a lone word after a determiner, job titles, departments, months and
weekdays of the corpus languages, salutations cut at their title, labels and JSON keys, table headers and
cells under columns of places or jobs), and places where people write names (titles and honorifics before a
surname, Japanese honorifics after one, Teams speaker lines, lower-case mentions of two words, commit and
review authorship, forms and CV headers, `Surname, Given` cells). Values are made up here."""

from __future__ import annotations

import pytest

from aoai_logpipe.core import recognizers as rec

pytestmark = pytest.mark.timeout(120)


def _placed(text: str) -> list[str]:
    return [text[r.start:r.end] for r in rec.person_recognizer("en").analyze(text, ["PERSON"])
            if r.score >= rec.PLACED_SCORE and not rec.not_a_name(text, r.start, r.end)]


def _dropped(text: str, value: str) -> bool:
    """A PERSON finding on `value` is dropped by the PERSON filters."""
    start = text.index(value)
    end = start + len(value)
    return rec.not_a_name(text, start, end) or rec.not_a_person(text, start, end)


def test_recognizers_version_is_bumped_for_round10() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 16


@pytest.mark.parametrize(("text", "value"), [
    ("I'll ask someone from the Gdańsk team", "Gdańsk"),
    ("Hier ist meine Anfrage, bitte prüfen.", "Anfrage"),
    ("Die Antwort bitte auf Englisch.", "Englisch"),
    ("Das Formular fehlt noch.", "Formular"),
    ("Kun je deze Bestelling controleren?", "Bestelling"),
])
def test_a_lone_word_after_a_determiner_is_a_noun(text: str, value: str) -> None:
    """German capitalises nouns, and an English modifier sits after `the`: a person is not written after one."""
    assert _dropped(text, value)


def test_a_name_after_a_particle_is_kept() -> None:
    """`van den` is a name's particle, not a determiner."""
    text = "Please forward it to Joris van den Hoek today."
    assert not _dropped(text, "Hoek")


@pytest.mark.parametrize(("text", "value"), [
    ("Approval needed from the Regional Sales Director before Friday.", "Regional Sales Director"),
    ("Budget owner: Chief Financial Officer.", "Chief Financial Officer"),
    ("Position: Sachbearbeiterin", "Sachbearbeiterin"),
])
def test_a_job_title_is_no_name_even_in_a_persons_place(text: str, value: str) -> None:
    """A phrase headed by a job-title word (Officer, Director, Sachbearbeiter...) names a job, not a person."""
    assert _dropped(text, value)


@pytest.mark.parametrize(("text", "value"), [
    ("Z poważaniem\nDział Kadr", "Dział Kadr"),
    ("Which are vendors? Fevereiro, Banca Sella and Dienstag.", "Fevereiro"),
    ("Which are vendors? Fevereiro, Banca Sella and Dienstag.", "Banca Sella"),
    ("Which are vendors? Fevereiro, Banca Sella and Dienstag.", "Dienstag"),
    ("Meet at Paddington Station at noon.", "Paddington Station"),
])
def test_departments_banks_stations_months_and_weekdays_are_no_names(text: str, value: str) -> None:
    """Organisation and place head words, and the months and weekdays of the corpus languages."""
    assert _dropped(text, value)


def test_a_month_is_still_a_place_not_dropped_as_a_location() -> None:
    """The PERSON-only filters leave LOCATION alone (`Janeiro` in `Rio de Janeiro`)."""
    text = "Office: Rio de Fevereiro"
    start = text.index("Fevereiro")
    assert not rec.not_a_name(text, start, start + len("Fevereiro"))


@pytest.mark.parametrize(("text", "value"), [
    ('"Egregio Avv. Tommaso Ferri, la informiamo', "Egregio Avv"),
    ("a letter to Sra. Paloma Iturbe", "Sra"),
])
def test_a_salutation_cut_at_its_title_is_no_name(text: str, value: str) -> None:
    assert _dropped(text, value)


@pytest.mark.parametrize(("text", "value"), [
    ("Auftragsnr.: 88123401\nDatum: heute", "Auftragsnr"),
    ('{\n  "GhSecret": "abc"\n}', "GhSecret"),
])
def test_a_label_or_a_json_key_is_no_name(text: str, value: str) -> None:
    assert _dropped(text, value)


def test_a_pipe_tables_header_cell_is_no_name() -> None:
    text = "| Output | Format |\n|---|---|\n| 5 | E.164 |\n"
    assert _dropped(text, "Output")


@pytest.mark.parametrize(("text", "value"), [
    ("| Name | City | Phone |\n|---|---|---|\n| Oskar Lindqvist | Tampere | 0401 |\n", "Tampere"),
    ("| Employee | Role |\n|---|---|\n| Oskar Lindqvist | Buchhalter |\n", "Buchhalter"),
    ("| Field | Value |\n|---|---|\n| Given name | Oskar |\n", "Given"),
])
def test_a_cell_under_a_column_of_places_jobs_or_keys_is_no_name(text: str, value: str) -> None:
    assert _dropped(text, value)


def test_a_cell_under_a_column_of_people_is_kept() -> None:
    text = "| Name | City | Phone |\n|---|---|---|\n| Oskar Lindqvist | Tampere | 0401 |\n"
    assert not _dropped(text, "Oskar Lindqvist")


@pytest.mark.parametrize("word", ["Servus", "Moin", "Grüezi"])
def test_a_greeting_opening_a_line_is_no_one_addressed(word: str) -> None:
    """`Servus, kurze Frage`: a greeting before the comma, not a person's name."""
    text = f"{word}, kurze Frage zum Export."
    assert word not in _placed(text)
    assert _dropped(text, word)


def test_diff_is_a_tool() -> None:
    text = "Is the key still in history? Diff:\n\n```diff\n-key = 1\n```"
    assert _dropped(text, "Diff")


@pytest.mark.parametrize(("text", "value"), [
    ("Kun je dit vertalen?", "Kun"),
    ("Necesito ayuda con esto.", "Necesito"),
    ("Hasło: zmienione wczoraj", "Hasło"),
])
def test_openers_and_password_words_of_other_languages_are_no_names(text: str, value: str) -> None:
    assert _dropped(text, value)
