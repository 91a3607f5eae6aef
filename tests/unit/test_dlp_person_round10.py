"""Names and no-names after the tenth corpus's round (#15, ner mode): words that are no one's name although
spaCy's small model takes them for one (a lone word after a determiner, job titles, departments, months and
weekdays of the corpus languages, salutations cut at their title, labels and JSON keys, table headers and
cells under columns of places or jobs), and places where people write names (titles and honorifics before a
surname, Japanese honorifics after one, Teams speaker lines, lower-case mentions of two words, commit and
review authorship, forms and CV headers, `Surname, Given` cells). Values are made up here."""

from __future__ import annotations

import pytest

from aoai_logpipe.core import recognizers as rec
from tests.unit.placed import placed_names

pytestmark = pytest.mark.timeout(120)


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
    assert word not in placed_names(text)
    assert _dropped(text, word)


def test_diff_is_a_tool() -> None:
    text = "Is the key still in history? Diff:\n\n```diff\n-key = 1\n```"
    assert _dropped(text, "Diff")


@pytest.mark.parametrize(("text", "value"), [
    ("Kunt u dit vertalen?", "Kunt"),
    ("Necesito ayuda con esto.", "Necesito"),
    ("Hasło: zmienione wczoraj", "Hasło"),
])
def test_openers_and_password_words_of_other_languages_are_no_names(text: str, value: str) -> None:
    assert _dropped(text, value)


def test_a_month_that_is_also_a_given_name_stays_a_name() -> None:
    """`Mei` is Dutch for May and a given name: months that are given names are left out of the list."""
    text = "Questions? tell Mei on ext. 4410."
    assert not _dropped(text, "Mei")


@pytest.mark.parametrize(("text", "name"), [
    ("Is this right? I wrote \"Dear Ms Kealoha\".", "Kealoha"),
    ("Szanowna Pani Zielińska,", "Zielińska"),
    ("Hello mevr. van Tol,", "van Tol"),
    ("a letter to Prof. Dr. Ulla Brandtner?", "Ulla Brandtner"),
    ("« Madame d'Ormesson,", "d'Ormesson"),
    ("Gentile Dott.ssa Ilaria Fabbri, le scriviamo", "Ilaria Fabbri"),
    ("Sehr geehrte Frau Kühnel,", "Kühnel"),
])
def test_a_title_or_an_honorific_before_a_name(text: str, name: str) -> None:
    """Letters in every corpus language put a title before a surname or a full name: the name, not the title."""
    assert name in placed_names(text)


@pytest.mark.parametrize(("text", "name"), [
    ("Sehr geehrte Wiebke Ostrander,", "Wiebke Ostrander"),
    ("Estimado/a Bao Tranh,", "Bao Tranh"),
])
def test_more_greetings_take_the_name_not_a_title(text: str, name: str) -> None:
    assert placed_names(text) == [name]


@pytest.mark.parametrize(("text", "name"), [
    ("Ishikawa様\nいつもお世話になっております。", "Ishikawa"),
    ("Mori さん、確認お願いします。", "Mori"),
])
def test_a_japanese_honorific_after_a_name(text: str, name: str) -> None:
    assert name in placed_names(text)


@pytest.mark.parametrize(("text", "name"), [
    ("Wanjiru  09:41\nthe export is late", "Wanjiru"),
    ("> hey @lukas brenner can u check the alerts", "lukas brenner"),
    ("I'll ping Torvald from the data team", "Torvald"),
])
def test_chat_speakers_mentions_and_teammates(text: str, name: str) -> None:
    """A Teams copy's speaker line, a lower-case mention of two words, someone to ping from a team."""
    assert name in placed_names(text)


def test_a_mention_stops_before_the_words_after_it() -> None:
    assert placed_names("@ana can you look?") == ["ana"]


def test_a_discourse_word_before_a_time_is_no_speaker() -> None:
    assert placed_names("Update  09:41\nall green") == []


@pytest.mark.parametrize(("text", "name"), [
    ("Commit 3f9a2c1d by Ana Ruizová.", "Ana Ruizová"),
    ("PR #9 review comment from Jonas de Wit:", "Jonas de Wit"),
    ("Reverted by Kofi Asante after the outage.", "Kofi Asante"),
])
def test_who_wrote_or_reviewed_a_change(text: str, name: str) -> None:
    assert name in placed_names(text)


@pytest.mark.parametrize(("text", "name"), [
    ("It was escalated to Wanjiru, who restarted the job.", "Wanjiru"),
    ("Formuliere das als Teams-Nachricht an Ottilie: bitte kurz.", "Ottilie"),
    ("- Wanjiru will draft the plan.", "Wanjiru"),
    ("- Kofi Asante asked to move the review.", "Kofi Asante"),
    ("At around 09:15 Ayodele Bankole noticed the queue was empty.", "Ayodele Bankole"),
    ("les tests passent. » — Aurélien Vasseur-Lemoine", "Aurélien Vasseur-Lemoine"),
    ("Cordialement,\nAnne d'Ormesson\n", "Anne d'Ormesson"),
])
def test_names_in_narrative_and_minutes(text: str, name: str) -> None:
    """A relative clause for a person, a message to one person, a minutes bullet's subject, a timeline's person,
    a quotation's attribution, a sign-off with a glued particle."""
    assert name in placed_names(text)


@pytest.mark.parametrize("text", [
    "- Backend will be migrated next week.",
    "- Finance will prepare the budget.",
    "escalated to Support, who closed it.",
])
def test_teams_and_passive_subjects_are_no_names(text: str) -> None:
    assert placed_names(text) == []


@pytest.mark.parametrize(("text", "name"), [
    ("Applicant\nOsei Mensah\n\nCurrent address\n12 Road", "Osei Mensah"),
    ("Tweak my CV header:\n\nIMOGEN VALEWOOD\nimogen.v@example.org · +44 20 7946 0000", "IMOGEN VALEWOOD"),
    ("Passenger: OKAFOR Chidi\nSeat: 14C", "OKAFOR Chidi"),
    ("| Field | Value |\n|---|---|\n| Full name | Ana Ruizová |\n", "Ana Ruizová"),
    ("Cliente: Inés Albarracín\n", "Inés Albarracín"),
    ("Klant Joris van den Hoek belde gisteren.", "Joris van den Hoek"),
    ("References: Kofi Asante (former manager at Initech)", "Kofi Asante"),
])
def test_names_in_forms_and_records(text: str, name: str) -> None:
    """An OCR'd form's label over its name, a CV's name over its contacts, an airline's `SURNAME Given`, a
    key-value table's name row, a client's label or role word before the name, a CV's references."""
    assert name in placed_names(text)


def test_a_surname_first_cell_under_a_name_column_is_one_name() -> None:
    text = "| Employee | Role |\n|---|---|\n| Okafor, Chidi | Analyst |\n"
    assert placed_names(text) == ["Okafor, Chidi"]


def test_a_city_country_cell_is_no_inverted_name() -> None:
    text = "| Office | Role |\n|---|---|\n| Lyon, France | Analyst |\n"
    assert placed_names(text) == []


@pytest.mark.parametrize(("text", "value"), [
    ("Policyholder:  Ana Ruizová", "Policyholder"),
    ("¿Lo puedes revisar?", "Lo"),
])
def test_a_persons_label_and_a_spanish_question_opener_are_no_names(text: str, value: str) -> None:
    assert _dropped(text, value)


@pytest.mark.parametrize("text", ["Please translate this mail to English:", "Schreib die Nachricht an Deutsch."])
def test_a_language_is_no_one_a_message_goes_to(text: str) -> None:
    assert placed_names(text) == []


def test_an_irish_particle_is_part_of_the_name() -> None:
    """`Ó` and `Ní` join an Irish surname as `van` joins a Dutch one."""
    assert "Caoimhe Ní Dhuibhir" in placed_names("References: Caoimhe Ní Dhuibhir (former lead at Initech)")


@pytest.mark.parametrize("text", ["Contact Us\ninfo@example.org", "Customer Service\nhelp@example.org"])
def test_a_team_over_a_mailbox_is_no_name(text: str) -> None:
    assert placed_names(text) == []


def test_a_name_row_and_a_surname_first_cell_keep_their_particles() -> None:
    assert "Joris van den Hoek" in placed_names("| Field | Value |\n|---|---|\n| Full name | Joris van den Hoek |\n")
    text = "| Employee | Role |\n|---|---|\n| van der Meulen, Sanne | Analyst |\n"
    assert placed_names(text) == ["van der Meulen, Sanne"]


def test_a_salary_label_is_no_name() -> None:
    assert _dropped("  Salary acct . CH5604835012345678009\n", "Salary")


@pytest.mark.parametrize(("text", "value"), [
    ("She restarted the job in Tampere before noon.", "Tampere"),
    ("Jutro jadę w Gdyni na spotkanie.", "Gdyni"),
])
def test_a_lone_word_after_a_place_preposition_is_a_place(text: str, value: str) -> None:
    """`in Kraków`, `w ...`, `nach ...`: a place, not a person (a LOCATION there is left alone)."""
    assert _dropped(text, value)
    start = text.index(value)
    assert not rec.not_a_name(text, start, start + len(value))


def test_a_person_from_somewhere_is_kept() -> None:
    text = "Got a note from Wanjiru about it."
    assert not _dropped(text, "Wanjiru")


def test_a_possessive_after_in_is_a_person() -> None:
    text = "Sign it in Wanjiru's absence."
    assert not _dropped(text, "Wanjiru")
