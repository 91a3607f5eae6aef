"""Names in developer chat, tickets and commands (ner mode's PERSON, #15): `git log --author="…"`,
`git config user.name "…"`, `--display-name "…"`, every name of a `Cc:` list, `Reporter: … | Assignee: …`,
a mention in two words before any word or at a line's end, and whom to ask or check with. Code annotations
(`@Override`, `@dataclass`), teams, tools (`Ask Copilot.`) and products written in two capitalised parts
(`PgBouncer`) are no names; surnames with a capitalised prefix (`McDonald`, `DeVries`) are. Values are made up here."""

from __future__ import annotations

import pytest

from aoai_logpipe.core import recognizers as rec
from tests.unit.placed import placed_names

pytestmark = pytest.mark.timeout(120)


def test_recognizers_version_is_bumped_for_dev_chat_places() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 21


@pytest.mark.parametrize(("text", "name"), [
    ('git log --author="Zainab Okonkwo" --since=2.weeks', "Zainab Okonkwo"),
    ("git commit --author 'Ilse Vermeulen <ilse@fabrikam.example>' -m fix", "Ilse Vermeulen"),
    ('git config --global user.name "Tadeo Ibarra"', "Tadeo Ibarra"),
    ('az ad user create --display-name "Marit Solheim" --user-principal-name ms@contoso.example', "Marit Solheim"),
])
def test_a_person_given_to_a_command(text: str, name: str) -> None:
    assert name in placed_names(text)


def test_an_app_given_a_display_name_is_no_person() -> None:
    assert placed_names('az ad sp create-for-rbac --display-name "Billing Service"') == []


def test_every_name_of_a_mail_header_list() -> None:
    text = "From: Ops Bot\nCc: Oyelaran Bello, Henrike Sauer; Dagny Lund <dagny@fabrikam.example>\n\nHi all,"
    assert {"Oyelaran Bello", "Henrike Sauer", "Dagny Lund"} <= set(placed_names(text))


def test_a_team_in_a_mail_header_list_is_no_person() -> None:
    assert placed_names("Cc: Platform Team, Service Desk\n") == []


@pytest.mark.parametrize(("text", "names"), [
    ("Reporter: Giedre Kazlauske | Assignee: Rui Barbosa | Priority: P2", {"Giedre Kazlauske", "Rui Barbosa"}),
    ("requester=Anouk Peeters | status=open", {"Anouk Peeters"}),
])
def test_a_named_field_before_a_pipe(text: str, names: set[str]) -> None:
    assert names <= set(placed_names(text))


@pytest.mark.parametrize(("text", "name"), [
    ("ping @Severin Aalto when the deploy is done", "Severin Aalto"),
    ("thanks @Noor Haddad.", "Noor Haddad"),
    ("handing over to @Ilka Brandt\nthe queue is empty", "Ilka Brandt"),
    ("@Mirza Hadzic to confirm the window", "Mirza Hadzic"),
])
def test_a_mention_in_two_words_before_a_word_or_at_the_end(text: str, name: str) -> None:
    assert name in placed_names(text)


@pytest.mark.parametrize("text", [
    "@Override\npublic String toString() { return id; }",
    "@dataclass\nclass Config:\n    host: str",
])
def test_a_code_annotation_alone_on_its_line_is_no_mention(text: str) -> None:
    assert placed_names(text) == []


@pytest.mark.parametrize(("text", "name"), [
    ("Ask Leopold if the scraper still runs.", "Leopold"),
    ("I'll check with Thandiwe tomorrow.", "Thandiwe"),
    ("Please loop in Ruairi Boyle, he owns the runbook.", "Ruairi Boyle"),
    ("Sync with Yusra about the window", "Yusra"),
])
def test_whom_to_ask_or_check_with(text: str, name: str) -> None:
    assert name in placed_names(text)


@pytest.mark.parametrize("text", [
    "Check with Finance before you pay.",
    "Ask Azure Support about the quota.",
    "Talk to the team first.",
])
def test_a_team_to_ask_is_no_person(text: str) -> None:
    assert placed_names(text) == []


@pytest.mark.parametrize(("text", "tool"), [("Ask Copilot.", "Copilot"), ("Hi Grafana, the panel is empty", "Grafana")])
def test_a_tool_where_a_name_would_go_is_no_person(text: str, tool: str) -> None:
    assert rec.not_a_name(text, text.index(tool), text.index(tool) + len(tool))


def test_a_given_name_that_is_also_a_tool_stays_a_name() -> None:
    text = "Hi Claude, the key was rotated."
    assert not rec.not_a_name(text, 3, 9)


@pytest.mark.parametrize("word", ["PgBouncer", "DevOps", "PagerDuty", "PowerShell", "GitLab"])
def test_a_word_of_two_capitalised_parts_is_a_product(word: str) -> None:
    text = f"Per the runbook, {word} handles it."
    assert rec.looks_like_code(text, text.index(word), text.index(word) + len(word))


@pytest.mark.parametrize("name", ["Ronald McDonald", "Kevin DeVries", "LaToya Jackson", "Mary MacKenzie", "JoAnn Smith"])
def test_a_surname_or_given_name_with_a_capitalised_prefix_is_a_name(name: str) -> None:
    text = f"The form was signed by {name} yesterday."
    assert not rec.looks_like_code(text, text.index(name), text.index(name) + len(name))


# ---------------------------------------------------------------- the thirteenth and fourteenth corpora's round

@pytest.mark.parametrize(("text", "name"), [
    ("[10:44] Ilona Varga (External): pw is in the vault", "Ilona Varga"),
    ("Da: Tullio Gentile", "Tullio Gentile"),
    ("Van: Femke de Graaf <femke@fabrikam.example>", "Femke de Graaf"),
    ("Author of the workflow: Rangi Parata", "Rangi Parata"),
    ("the SSN on file for Saoirse Nolan is wrong.", "Saoirse Nolan"),
    ("- Bogdan Ilie couldn't deploy because the token had expired.", "Bogdan Ilie"),
    ("Requested by: HR Operations (Ximena)", "Ximena"),
])
def test_names_where_tickets_chats_and_summaries_put_them(text: str, name: str) -> None:
    assert name in placed_names(text)


def test_a_single_word_in_a_speaker_column_is_a_first_name_unless_a_role() -> None:
    text = "| Time | Speaker | Message |\n|---|---|---|\n| 15:36 | Oisin | card on file |\n| 15:37 | Agent | which card? |"
    assert placed_names(text) == ["Oisin"]


@pytest.mark.parametrize(("text", "finding"), [
    ("[14:34] Grafana Alerts: disk 92% on orders-api", "Grafana Alerts"),
    ("[20:52] StatusBot: upstream unreachable", "StatusBot"),
    ("[09:37] Workday: paging for ingest-worker again", "Workday"),
    ("Regards,\nTeam Phoenix", "Team Phoenix"),
    ("To: Northwind Traders", "Northwind Traders"),
    ("From: Customer Care <noreply@example.net>", "Customer Care"),
    ("25970;Test User;alice@example.net", "Test User"),
    ("Please contact Helpdesk", "Helpdesk"),
])
def test_bots_teams_companies_and_placeholders_are_never_names(text: str, finding: str) -> None:
    start = text.index(finding)
    assert rec.not_a_name(text, start, start + len(finding))


@pytest.mark.parametrize(("text", "finding"), [
    ("Kind regards,\nThe Service Team", "The Service Team"),
    ("Rollout to Kraków and Curitiba on Wednesday.", "Curitiba"),
    ("Our offices in Lisbon, Warsaw and Osaka close early.", "Osaka"),
    ("der Lieferant hat eine neue Adresse", "Lieferant"),
])
def test_articles_and_places_are_no_persons(text: str, finding: str) -> None:
    start = text.index(finding)
    assert rec.not_a_person(text, start, start + len(finding))


@pytest.mark.parametrize(("text", "word"), [
    ("Fine, let's pass on the rest.", "Fine"),
    ("Summarise and list the open actions.", "Summarise"),
    ("Format of the initialization string does not conform", "Format"),
    ("Potete chiamarmi al numero fisso?", "Potete"),
])
def test_words_opening_a_sentence_are_no_names(text: str, word: str) -> None:
    assert rec.not_a_name(text, 0, len(word))


def test_an_initial_is_no_article() -> None:
    text = "Dear Mr A. Costa, kindly transfer the amount."
    start = text.index("A. Costa")
    assert not rec.not_a_person(text, start, start + len("A. Costa"))


@pytest.mark.parametrize(("text", "name"), [
    ("- Resolved by Ayumi Kobayashi after rotating the credential.", "Ayumi Kobayashi"),
    ("git blame on the config says: e23850b (Seo-yeon Park 2024/12/01 14:03) - it started then.", "Seo-yeon Park"),
    ("handoff 2026-01-11 – from Dario Fontana to Customer Care EMEA", "Dario Fontana"),
    ("Kojo Asante   0:03:44\nso the cert expires friday", "Kojo Asante"),
    ("- Ismael Ortega reports the vendor change is approved", "Ismael Ortega"),
    ("- Chiamaka Obi (Procurement) confirms the refund was escalated", "Chiamaka Obi"),
    ("Dzień dobry Radosław,\ndziękuję za wiadomość.", "Radosław"),
    ('"Hello, my name is Yara Nasser" is how the mail starts.', "Yara Nasser"),
])
def test_names_in_handoffs_transcripts_summaries_and_greetings(text: str, name: str) -> None:
    assert name in placed_names(text)


def test_a_flight_between_two_cities_names_no_person() -> None:
    assert placed_names("The handover moved from New York to Boston; flights from San Francisco to Lisbon.") == []


@pytest.mark.parametrize(("text", "name"), [
    ("| Field | Value |\n|---|---|\n| Legal name | Rahim Chowdhury |", "Rahim Chowdhury"),
    ("差出人: 鈴木 陽菜\n件名: パスワード", "鈴木 陽菜"),
    ("> Hi 高橋 蓮,", "高橋 蓮"),
    ("田中 美咲さん、お疲れ様です。", "田中 美咲"),
    ("git blame says: 3bd9daf (Hao Huang 20261128T104208Z) - it started then.", "Hao Huang"),
    ("git blame says: a6c7cf7 (Marek Dvořák 23/04/2025) - it started then.", "Marek Dvořák"),
    ("- Aoi Kobayashi from HR says the vendor change is approved", "Aoi Kobayashi"),
])
def test_names_in_field_tables_kanji_blame_dates_and_team_bullets(text: str, name: str) -> None:
    assert name in placed_names(text)


def test_words_in_kanji_that_take_an_honorific_are_no_names() -> None:
    assert placed_names("皆さん、お客様と担当者様へ連絡してください。") == []


# ---------------------------------------------------------------- the fifteenth and sixteenth corpora's round

@pytest.mark.parametrize(("text", "name"), [
    ("  <Cdtr><Nm>Linnea Wiśniewski</Nm></Cdtr>", "Linnea Wiśniewski"),
    ("Med vänliga hälsningar\nŁukasz Lindqvist", "Łukasz Lindqvist"),
    ("Z poważaniem\nMatteo Bianchi", "Matteo Bianchi"),
    ("Claimant: Daan Ferreira", "Daan Ferreira"),
    ("Caller: Léa Haddad (Claims Desk)", "Léa Haddad"),
    ("Patiente Matteo Petrović souhaite décaler son rendez-vous", "Matteo Petrović"),
    ("Utente Priya de Vries pede para remarcar a consulta", "Priya de Vries"),
    ('06/07/25 payee added name="Daniel Sharma" iban=CZ84...', "Daniel Sharma"),
    ("- Secondary: Linnea Petrov", "Linnea Petrov"),
    ("**Ilse Özdemir** commented on line 188:", "Ilse Özdemir"),
    ("**Dmitri** replied:", "Dmitri"),
    ("Author: farah hernández <fhernandez@nordhavn.example>", "farah hernández"),
    ("- Nkechi Okonkwo was paged and found the leak", "Nkechi Okonkwo"),
    ("Started by user Beatriz Oliveira", "Beatriz Oliveira"),
    ("20:02 Ulrike paged by SonarQube (5xx > 4%)", "Ulrike"),
    ("søren  10:28\non it", "søren"),
])
def test_names_in_payment_files_forms_reviews_and_incident_timelines(text: str, name: str) -> None:
    assert name in placed_names(text)


@pytest.mark.parametrize(("text", "finding"), [
    ("[09:13] batch-admin: restarted the job", "batch-admin"),
    ("Vielen Dank und viele Grüße\nAnna Keller", "Vielen Dank"),
    ("Cordiali saluti", "Cordiali saluti"),
])
def test_service_handles_and_closings_are_never_names(text: str, finding: str) -> None:
    start = text.index(finding)
    assert rec.not_a_name(text, start, start + len(finding))


@pytest.mark.parametrize(("text", "word"), [
    ("Subscriber name: [illegible]", "Subscriber"),
    ("Namespace:    prod", "Namespace"),
    ("Toegang voor de nieuwe collega", "Toegang"),
    ("Nowy IBAN: pl22...", "Nowy IBAN"),
])
def test_form_and_ticket_labels_in_the_corpus_languages_are_no_names(text: str, word: str) -> None:
    assert rec.not_a_name(text, 0, len(word))


def test_a_teams_handle_is_no_mention_of_a_person() -> None:
    assert placed_names("@sre-leads: use the vault reference in the runbook") == []


def test_a_department_under_a_closing_is_no_person() -> None:
    text = "Z poważaniem\nDział Kadr"
    assert rec.not_a_person(text, text.index("Dział"), len(text))


def test_a_role_word_before_a_name_is_not_part_of_it() -> None:
    text = "Kunde Pierre Takahashi (Tel. +41 78 121 83 13) möchte die Abbuchung stornieren."
    assert "Pierre Takahashi" in placed_names(text)


def test_a_role_handle_over_a_message_is_no_speaker() -> None:
    assert placed_names("oncall  15:54\nanyone seen the 502s?") == []


@pytest.mark.parametrize(("text", "role"), [("[10:03] Agent: sorry about that!", "Agent"), ("Hello Patient,", "Patient")])
def test_a_role_where_a_speaker_or_addressee_goes_is_never_a_name(text: str, role: str) -> None:
    start = text.index(role)
    assert rec.not_a_name(text, start, start + len(role))


@pytest.mark.parametrize(("text", "name"), [
    ("Statement 4559812602 for Chloé Fischer: balance €6197,08", "Chloé Fischer"),
    ("Beller: Sebastián Laurent — INC3377809", "Sebastián Laurent"),
])
def test_a_statement_for_a_person_and_a_caller_label_before_a_dash(text: str, name: str) -> None:
    assert name in placed_names(text)


@pytest.mark.parametrize(("text", "word"), [("Pacjentka (MRN on file) chce przełożyć wizytę", "Pacjentka"),
                                            ("Rappeler au 01 23 00 75 48.", "Rappeler")])
def test_a_role_or_an_imperative_opening_a_note_is_no_name(text: str, word: str) -> None:
    assert rec.not_a_name(text, 0, len(word))


@pytest.mark.parametrize(("text", "name"), [
    ("Nothing is deployed. Pipeline owner is Ines Petrov.", "Ines Petrov"),
    ("The file was last touched by Keiko Schröder in 0a55af7.", "Keiko Schröder"),
    ("Ask Ulrike Sato (repo admin) to add the secret.", "Ulrike Sato"),
])
def test_whose_a_thing_is_who_touched_it_and_whom_to_ask_with_a_role(text: str, name: str) -> None:
    assert name in placed_names(text)


def test_a_team_as_an_owner_is_no_person() -> None:
    assert placed_names("The owner is Platform Team and the lead was The Board.") == []


@pytest.mark.parametrize(("text", "city"), [
    ("[09:03] Frankfurt: go-live moved to 2024-06-03", "Frankfurt"),
    ("We moved the team from Bangalore last year.", "Bangalore"),
    ("| 13:45 | Rotterdam | 1447692272 |", "Rotterdam"),
])
def test_a_city_is_no_person_wherever_it_stands(text: str, city: str) -> None:
    start = text.index(city)
    assert rec.not_a_person(text, start, start + len(city))


def test_a_given_name_that_is_also_a_city_stays_a_name() -> None:
    text = "Hi Florence, thanks for the logs."
    assert "Florence" in placed_names(text)
    assert not rec.not_a_person(text, 3, 11)
