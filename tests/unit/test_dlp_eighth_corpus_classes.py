"""The classes of misses and false positives the eighth blind corpus found (issue #15), one behaviour per
test, each with hard negatives. Values are made up here, not the corpus's."""

from __future__ import annotations

import pytest

from aoai_logpipe.core import recognizers as rec
from aoai_logpipe.core.dlp import DEFAULT_PHONE_REGIONS
from tests.unit.placed import placed_names

S = {spec.entity: spec for spec in rec.SPECS}


def _secrets(text: str) -> list[str]:
    recognizer = S["GENERIC_SECRET"].recognizer("en")
    return [text[r.start:r.end] for r in recognizer.analyze(text, ["GENERIC_SECRET"])]


def _phones(text: str) -> list[str]:
    recognizer = rec.phone_recognizer("en", DEFAULT_PHONE_REGIONS)
    return [text[r.start:r.end] for r in recognizer.analyze(text, ["PHONE_NUMBER"])]


def _ssns(text: str) -> list[str]:
    """SSNs at a score the screen reports (a bare nine-digit number stays far below it)."""
    return [text[r.start:r.end] for r in rec.ssn_recognizer("en").analyze(text, ["US_SSN"])
            if r.score >= rec.NAMED_SSN_SCORE]


def test_recognizers_version_is_bumped_for_the_eighth_corpus() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 12


# ------------------------------------------------------------ 1. compact SSNs named by their context


@pytest.mark.parametrize(("text", "value"), [
    ("Mon numéro de sécurité sociale américain est 536228714 et mon IBAN suit.", "536228714"),
    ("Mi número de seguro social es 536228714, gracias.", "536228714"),
    ("Meine Sozialversicherungsnummer lautet 536228714.", "536228714"),
    ("My social security number is 536228714.", "536228714"),
    ("evt=profile_update actor=J. Doe ssn_last_changed=536228714 phone=+45 34 40 45 96", "536228714"),
    ('{"name": "J. Doe", "ssn": "536228714"}', "536228714"),
    ("| Name | SSN |\n|---|---|\n| J. Doe | 536228714 |", "536228714"),
    ("name,Social Security\nJ. Doe,536228714", "536228714"),
])
def test_nine_digits_named_as_an_ssn_are_found(text: str, value: str) -> None:
    assert _ssns(text) == [value]


@pytest.mark.parametrize("text", [
    "Order 536228714 shipped yesterday.",
    "| Name | Contact |\n|---|---|\n| J. Doe | 536228714 |",
    "Mon numéro de sécurité sociale américain est 666228714.",  # area 666 is never issued
    "ssn_last_changed=000228714",
    "Mi número de seguro social es 936228714.",  # area 9xx: ITINs
    "Meine Sozialversicherungsnummer lautet 536008714.",  # group 00
    "social security number 536220000",  # serial 0000
])
def test_nine_digits_without_an_ssn_context_or_unissuable_are_not_reported(text: str) -> None:
    assert _ssns(text) == []


# ------------------------------------------------------------ 2. a password repeated in an answer


@pytest.mark.parametrize(("text", "value"), [
    ("The password you mentioned, Ruv8&tLqPz, contains a character the firmware rejects.", "Ruv8&tLqPz"),
    ("The password you shared (Kestrel2020!) appears in breach lists.", "Kestrel2020!"),
    ("Your password Pl4n3t-Orbit is weak; use a passphrase.", "Pl4n3t-Orbit"),
    ("I'd replace Summer2024!x with a strong password from the vault.", "Summer2024!x"),
    ("The password `Qw7#mapleR` should not be pasted into chats.", "Qw7#mapleR"),
])
def test_a_password_echoed_in_a_model_answer_is_found(text: str, value: str) -> None:
    assert value in _secrets(text)


@pytest.mark.parametrize("text", [
    "The password you mentioned, as you said, contains a character the firmware rejects.",
    "Replace the old one with a strong password.",
    "Your password is weak; use a passphrase.",
    "Replace v1.2.3 with the newest release.",
])
def test_words_around_the_word_password_are_not_a_password(text: str) -> None:
    assert _secrets(text) == []


# ------------------------------------------------------------ 4. a spaced SSN is no phone


@pytest.mark.parametrize("text", [
    "We have noted your details (536 22 8714) and will follow up.",
    "SSN 536 22 8714 on file.",
])
def test_an_ssn_written_with_spaces_is_no_phone(text: str) -> None:
    assert _phones(text) == []


@pytest.mark.parametrize(("text", "value"), [
    ("Call me on +358 50 123 4567.", "+358 50 123 4567"),
    ("mobile 050 96 5848", "050 96 5848"),
])
def test_phones_are_still_phones(text: str, value: str) -> None:
    assert _phones(text) == [value]


# ------------------------------------------------------------ 3. PERSON by its place (ner mode)


@pytest.mark.parametrize(("text", "name"), [
    ("ssh rejects this key, Ingrid O'Neill generated it last week:", "Ingrid O'Neill"),
    ("- Mehmet Yılmaz reported a failed payment", "Mehmet Yılmaz"),
    ("> On Tue, Lena van der Berg wrote:", "Lena van der Berg"),
    ("make a table of these contacts\nChloé Martin +44 7700 912345\n", "Chloé Martin"),
    ("make a table of these contacts\nPiet de Vries piet@fabrikam.nl\n", "Piet de Vries"),
    ("ts=1764412345 evt=login actor=Aiko de Vries result=ok", "Aiko de Vries"),
    ("evt=update user=Kenji Sato", "Kenji Sato"),
    ("send the refund asap, customer is angry. cheers Rahul", "Rahul"),
    ("REGION=westeurope\n```\nthx, Priyanka", "Priyanka"),
    ('Rewrite: "hey Anneke, pls send the refund"', "Anneke"),
    ("Dear Mr B. Ramanathan, kindly transfer", "B. Ramanathan"),
    ("please forward to Ms. K. Tanaka today", "K. Tanaka"),
    ("INC-48213 opened by Tomás Chen\n", "Tomás Chen"),
    ("check the form: name Zeynep Arslan, start date 2026-01-12", "Zeynep Arslan"),
    ("## Notes\n- **Owner:** Joost Berg\n", "Joost Berg"),
    ("Ciao, puoi scrivere un messaggio a Lucas Moretti per ricordargli il pagamento?", "Lucas Moretti"),
    ("which api-version should I use? asked Marta already, no idea", "Marta"),
])
def test_a_name_in_a_sparse_prompt_is_found_by_its_place(text: str, name: str) -> None:
    assert name in placed_names(text)


@pytest.mark.parametrize("text", [
    "Yesterday the Billing Team asked for a refund.",
    "user=svc_backup result=ok",
    "cheers\n",
    "- Billing confirmed the charge was reversed",
    "hey there, pls send the refund",
    "make a table of these hosts\nweb01 10.0.0.4\n",
])
def test_words_in_those_places_that_are_no_name_are_not_a_person(text: str) -> None:
    assert placed_names(text) == []


@pytest.mark.parametrize(("text", "word"), [
    ("Traduis en anglais : « Bonjour, je suis là. »", "Traduis"),
    ("Danke! Kannst du das kürzen?", "Danke"),
    ("Wie kann ich das Passwort ändern?", "Wie"),
])
def test_a_non_english_verb_or_greeting_opening_a_text_is_no_name(text: str, word: str) -> None:
    start = text.index(word)
    assert rec.not_a_name(text, start, start + len(word))


def test_a_name_opening_a_text_is_still_a_name() -> None:
    assert not rec.not_a_name("Priya Takahashi asked for a refund.", 0, 15)
