"""Names in commands, mail header lists, pipe-separated ticket fields and mentions (ner mode's PERSON by
place, #15): `git log --author="…"`, `git config user.name "…"`, `--display-name "…"`, every name of a
`Cc:` list, `Reporter: … | Assignee: …`, and a mention in two words before any word or at a line's end.
Code annotations (`@Override`, `@dataclass`) and teams in those places are no names. Values are made up here."""

from __future__ import annotations

import pytest

from aoai_logpipe.core import recognizers as rec

pytestmark = pytest.mark.timeout(120)


def _placed(text: str) -> list[str]:
    return [text[r.start:r.end] for r in rec.person_recognizer("en").analyze(text, ["PERSON"])
            if r.score >= rec.PLACED_SCORE and not rec.not_a_name(text, r.start, r.end)]


def test_recognizers_version_is_bumped_for_command_and_header_places() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 21


@pytest.mark.parametrize(("text", "name"), [
    ('git log --author="Zainab Okonkwo" --since=2.weeks', "Zainab Okonkwo"),
    ("git commit --author 'Ilse Vermeulen <ilse@fabrikam.example>' -m fix", "Ilse Vermeulen"),
    ('git config --global user.name "Tadeo Ibarra"', "Tadeo Ibarra"),
    ('az ad user create --display-name "Marit Solheim" --user-principal-name ms@contoso.example', "Marit Solheim"),
])
def test_a_person_given_to_a_command(text: str, name: str) -> None:
    assert name in _placed(text)


def test_an_app_given_a_display_name_is_no_person() -> None:
    assert _placed('az ad sp create-for-rbac --display-name "Billing Service"') == []


def test_every_name_of_a_mail_header_list() -> None:
    text = "From: Ops Bot\nCc: Oyelaran Bello, Henrike Sauer; Dagny Lund <dagny@fabrikam.example>\n\nHi all,"
    assert {"Oyelaran Bello", "Henrike Sauer", "Dagny Lund"} <= set(_placed(text))


def test_a_team_in_a_mail_header_list_is_no_person() -> None:
    assert _placed("Cc: Platform Team, Service Desk\n") == []


@pytest.mark.parametrize(("text", "names"), [
    ("Reporter: Giedre Kazlauske | Assignee: Rui Barbosa | Priority: P2", {"Giedre Kazlauske", "Rui Barbosa"}),
    ("requester=Anouk Peeters | status=open", {"Anouk Peeters"}),
])
def test_a_named_field_before_a_pipe(text: str, names: set[str]) -> None:
    assert names <= set(_placed(text))


@pytest.mark.parametrize(("text", "name"), [
    ("ping @Severin Aalto when the deploy is done", "Severin Aalto"),
    ("thanks @Noor Haddad.", "Noor Haddad"),
    ("handing over to @Ilka Brandt\nthe queue is empty", "Ilka Brandt"),
    ("@Mirza Hadzic to confirm the window", "Mirza Hadzic"),
])
def test_a_mention_in_two_words_before_a_word_or_at_the_end(text: str, name: str) -> None:
    assert name in _placed(text)


@pytest.mark.parametrize("text", [
    "@Override\npublic String toString() { return id; }",
    "@dataclass\nclass Config:\n    host: str",
])
def test_a_code_annotation_alone_on_its_line_is_no_mention(text: str) -> None:
    assert _placed(text) == []
