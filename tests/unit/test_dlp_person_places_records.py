"""Names where records and messages put them (ner mode's PERSON by place, #15 after the tenth corpus's
round): a speaker alone after a bracketed time, a name before a bracket that opens with a way to reach
them, a contract's party, a statement's payer, who a message came from or a meeting is with, a login
log's capitalised user, a role's person, a dash sign-off closing a quoted message, a work note's author,
a Jira header row's column. Teams, services and companies in those places are no names. Values are made
up here."""

from __future__ import annotations

import pytest

from aoai_logpipe.core import recognizers as rec
from tests.unit.placed import placed_names

pytestmark = pytest.mark.timeout(120)


def test_recognizers_version_is_bumped_for_record_places() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 15


@pytest.mark.parametrize(("text", "name"), [
    ("[09:12] Oluwadamilare\nis the vault unlocked?", "Oluwadamilare"),
    ("[4:51 PM] Brynhild Aasen\nlooks good", "Brynhild Aasen"),
])
def test_a_speaker_alone_after_a_bracketed_time(text: str, name: str) -> None:
    assert name in placed_names(text)


def test_a_discourse_word_after_a_bracketed_time_is_no_speaker() -> None:
    assert placed_names("[09:12] Update\nthe job ran") == []


@pytest.mark.parametrize(("text", "name"), [
    ("Please ask Tavita Leota (+64 21 555 0199) for the badge.", "Tavita Leota"),
    ("Schreib an Yrsa Holm (Tel. 030 1234567, E-Mail y@holm.example) bitte.", "Yrsa Holm"),
    ("Customer Koa Kahale (koa@kahale.io, 0612 334455) called.", "Koa Kahale"),
    ("Contact Mirela Dobre (mobile: 0722 000 111).", "Mirela Dobre"),
])
def test_a_name_before_a_bracket_opening_with_a_way_to_reach_them(text: str, name: str) -> None:
    assert name in placed_names(text)


@pytest.mark.parametrize("text", [
    "Call Azure Support (+1 800 642 7676) if it fails.",
    "Ring the Service Desk (+44 20 7946 0000).",
])
def test_a_team_or_service_before_its_number_is_no_person(text: str) -> None:
    assert placed_names(text) == []


def test_a_contract_party_before_its_defined_role() -> None:
    text = 'This Agreement is made between Siosaia Taufa ("Tenant"), residing at 12 Hill Rd, and the Landlord.'
    assert "Siosaia Taufa" in placed_names(text)


@pytest.mark.parametrize(("text", "name"), [
    ("20260107.2  SEPA credit from Ottilie Brandt  AT61 1904 3002 3457 3201      $1,200.00", "Ottilie Brandt"),
    ("Payment to Radu Ionescu, 450.00 EUR", "Radu Ionescu"),
])
def test_a_statement_payer_or_payee(text: str, name: str) -> None:
    assert name in placed_names(text)


def test_a_transfer_to_an_account_is_no_person() -> None:
    assert placed_names("Transfer to Savings Account  DE02 1203 0000 0000 2020 51") == []


@pytest.mark.parametrize(("text", "name"), [
    ("Peux-tu traduire ce message de Maëlys Fontaine : « merci »", "Maëlys Fontaine"),
    ("Checklist (copied from the e-mail from Teodor Lindgren):", "Teodor Lindgren"),
    ("Notes from the contract review with Xiadani Ruiz on 8 Dec.", "Xiadani Ruiz"),
])
def test_who_a_message_came_from_or_a_meeting_is_with(text: str, name: str) -> None:
    assert name in placed_names(text)


def test_a_message_from_a_service_is_no_person() -> None:
    assert placed_names("Got an e-mail from Microsoft Azure about the quota.") == []


@pytest.mark.parametrize(("text", "name"), [
    ("sshd[4419]: Failed password for Ilse from 88.16.116.137 port 51234 ssh2", "Ilse"),
    ("- 03:14 UTC: repeated failed logins for Bongani from 190.44.186.82.", "Bongani"),
])
def test_a_capitalised_user_in_a_login_log(text: str, name: str) -> None:
    assert name in placed_names(text)


def test_a_lower_case_system_user_in_a_login_log_is_no_person() -> None:
    assert placed_names("sshd[4419]: Failed password for deploy from 88.16.116.137 port 22") == []


def test_a_person_after_their_role() -> None:
    assert "Zeynep Aksoy" in placed_names("card 4251 rejected for customer Zeynep Aksoy")


def test_a_dash_sign_off_closing_a_quoted_message() -> None:
    assert "Priyamvada" in placed_names('2026-09-16,2,"new vpn password is in the vault – Priyamvada"')


def test_a_work_notes_author_opening_an_indented_line() -> None:
    text = "Work notes:\n  Anahera Walker: reset the account and called back\n"
    assert "Anahera Walker" in placed_names(text)


def test_a_title_case_label_before_a_value_is_no_work_note_author() -> None:
    assert placed_names("Details:\n  Service Desk: closed the ticket\n") == []


def test_a_jira_header_row_names_the_column_of_its_cells() -> None:
    text = "||Account||Owner||Secret||\n|svc-etl|Kaveh Tehrani|{{redacted}}|\n"
    assert rec.column_name(text, text.index("Kaveh")) == "owner"


# Meeting notes, HR and CRM records, code history and transcripts (#15, the eleventh corpus's round).

@pytest.mark.parametrize(("text", "names"), [
    ("Attendees: Malia Fonoti, Tomasz Wrona, Ifeoma Chukwu", ["Malia Fonoti", "Tomasz Wrona", "Ifeoma Chukwu"]),
    ("Interviewers: Rhys Pritchard, Annika Lindqvist", ["Rhys Pritchard", "Annika Lindqvist"]),
    ("Candidate: Oyelaran Adebayo", ["Oyelaran Adebayo"]),
    ("  ├─ Director, Field Sales: Marguerite Lacroix", ["Marguerite Lacroix"]),
    ("Incident commander: Sunniva Berg", ["Sunniva Berg"]),
])
def test_each_name_after_a_label_for_people_or_a_role(text: str, names: list[str]) -> None:
    assert set(names) <= set(placed_names(text))


def test_a_team_after_a_role_label_is_no_person() -> None:
    assert placed_names("Owner: Platform Team\nApprover: Service Desk") == []


@pytest.mark.parametrize(("text", "name"), [
    ("- Tavita to follow up with payroll", "Tavita"),
    ("* Rangi Parata will send the updated deck by Thursday", "Rangi Parata"),
    ("- [ ] Yusra to book the room", "Yusra"),
])
def test_an_action_items_doer(text: str, name: str) -> None:
    assert name in placed_names(text)


@pytest.mark.parametrize("text", ["- Finance to approve the budget", "- We will send the deck", "- Check to see the logs"])
def test_a_team_or_pronoun_doing_an_action_item_is_no_person(text: str) -> None:
    assert placed_names(text) == []


@pytest.mark.parametrize(("text", "name"), [
    ("Expense report - Elif Demirci - Nov 2025", "Elif Demirci"),
    ("Performance review 2024 - Kalani Akana", "Kalani Akana"),
    ("Interview feedback for Bogdan Popescu - no hire", "Bogdan Popescu"),
])
def test_a_heading_naming_whom_a_record_is_about(text: str, name: str) -> None:
    assert name in placed_names(text)


def test_a_product_in_a_heading_is_no_person() -> None:
    assert placed_names("Release review - Visual Studio - v17") == []


def test_a_git_blame_author() -> None:
    text = '3fa9c21 (Noor Haddad 2025-03-02 10:14:07 +0100 88) log.info("x")'
    assert "Noor Haddad" in placed_names(text)


@pytest.mark.parametrize(("text", "name"), [
    ('Customer Lwazi Dube wrote: "charged twice"', "Lwazi Dube"),
    ("Call summary: Iolanthe Grey called about her claim.", "Iolanthe Grey"),
    ("Please direct correspondence to Saoirse Nolan at s.nolan@halden.ie.", "Saoirse Nolan"),
    ("RE: Ekow Mensah, DOB 3/11/1990", "Ekow Mensah"),
    ("CRM note: Spoke with Dagny Holm, CFO at Halden Retail", "Dagny Holm"),
    ("PR #88 reviewed by Teodora Ilic:", "Teodora Ilic"),
])
def test_who_reached_out_or_is_to_be_reached(text: str, name: str) -> None:
    assert name in placed_names(text)


def test_a_company_that_wrote_is_no_person() -> None:
    assert placed_names("Halden Retail wrote to us about the invoice.") == []


def test_a_lower_case_dotted_handle_before_its_time() -> None:
    assert "kaia.tamm" in placed_names("kaia.tamm  4:02 PM\nthe build is red")


def test_a_sender_before_a_dash_and_a_lower_case_message() -> None:
    assert "Wanjiru" in placed_names("Wanjiru - the renewal is stuck in procurement")


@pytest.mark.parametrize("text", ["Caller: Hi", "Agent: Sure"])
def test_a_greeting_where_a_speakers_name_goes_is_no_name(text: str) -> None:
    assert placed_names(text) == []


def test_curls_verbose_connection_line_is_no_action_item() -> None:
    assert placed_names("*   Trying 10.1.2.3:443...\n* Connected to aoai-weu.openai.azure.com port 443\n") == []


def test_a_speaker_line_over_a_lower_case_message() -> None:
    assert "Tsegaye" in placed_names("Tsegaye 10:02\nanyone have the staging creds?")


def test_an_agenda_line_over_another_is_no_speaker() -> None:
    assert placed_names("Lunch 12:30\nKeynote 13:30") == []
