"""Pattern-mode classes of the tenth corpus's round (#15): dates are no phone numbers, an SSN-shaped run inside a
longer hyphenated reference is no SSN, a French reference label names an id, OCR'd card groups, an SSN
written again without its groups, secrets passed to `new ...Credential(...)`, a phone number after a
Chinese phone word. Values are made up here (cards and SSNs through tests/dlp_eval/checksums)."""

from __future__ import annotations

from typing import Callable

import pytest

from tests.dlp_eval.checksums import luhn_complete

pytestmark = pytest.mark.timeout(120)

Scan = Callable[[str], list[tuple[str, str]]]


@pytest.mark.parametrize("text", [
    "Flight LH1234  14.03.1987",
    "Zahlung bis 28.02.2021. Danke",
    "Geburtsdatum: 3.7.1964",
    "check-in 30-11-2019 at the desk",
])
def test_a_day_month_and_year_is_no_phone_number(pattern_scan: Scan, text: str) -> None:
    assert not [e for e, _ in pattern_scan(text) if e == "PHONE_NUMBER"]


def test_a_phone_number_written_with_dots_is_still_found(pattern_scan: Scan) -> None:
    assert ("PHONE_NUMBER", "04.75.09.27.67") in pattern_scan("Tél. : 04.75.09.27.67")


@pytest.mark.parametrize("text", [
    "Policy no.: QX-431-72-6604",
    "quoting reference ZB-512-83-1097.",
    "Insurance member ID: TT-233-41-5876",
    "case 612-48-3390-17 was closed",
])
def test_an_ssn_shaped_run_inside_a_longer_hyphenated_reference_is_no_ssn(pattern_scan: Scan, text: str) -> None:
    assert not [e for e, _ in pattern_scan(text) if e == "US_SSN"]


def test_a_dashed_ssn_on_its_own_is_still_found(pattern_scan: Scan) -> None:
    assert ("US_SSN", "512-83-1097") in pattern_scan("employee SSN 512-83-1097 on file")


def test_a_french_reference_label_names_an_id(pattern_scan: Scan) -> None:
    assert pattern_scan("Référence du dossier : 031-22-4519-88.") == []


def test_card_groups_as_ocr_spaces_them(pattern_scan: Scan) -> None:
    card = luhn_complete("453201511283036")
    text = f"CARD NUMBER   {card[:4]}  {card[4:8]} {card[8:12]}  {card[12:]}"
    assert [e for e, _ in pattern_scan(text)] == ["CREDIT_CARD"]


def test_an_ssn_written_again_without_its_groups(pattern_scan: Scan) -> None:
    text = "Formatted: 412-57-3098 (was entered as 412573098)."
    assert ("US_SSN", "412573098") in pattern_scan(text)


def test_nine_digits_unlike_any_ssn_in_the_text_stay_unnamed(pattern_scan: Scan) -> None:
    text = "Formatted: 412-57-3098; order 412573099 shipped."
    assert ("US_SSN", "412573099") not in pattern_scan(text)


@pytest.mark.parametrize(("text", "secret"), [
    ('var c = new UsernamePasswordCredential("ana@contoso.com", "Wq7!rTzz01", tenantId, clientId);', "Wq7!rTzz01"),
    ('var c = new SqlCredential("app", ToSecure("Hx-p4ssw0rd-19"));', "Hx-p4ssw0rd-19"),
    ('var c = new BasicAWSCredentials("AKIAZZZZZZZZZZZZZZZZ", "w9Zk2pQ7rT5vX1yB3nM6cF8hJ0lA4sD2gE9uI7oP");',
     "w9Zk2pQ7rT5vX1yB3nM6cF8hJ0lA4sD2gE9uI7oP"),
])
def test_the_secret_passed_to_a_new_credential(pattern_scan: Scan, text: str, secret: str) -> None:
    assert secret in [v for _, v in pattern_scan(text)]


def test_a_client_secret_credentials_ids_are_not_its_secret(pattern_scan: Scan) -> None:
    text = 'new ClientSecretCredential("b1c7d9e2-tenant", "3f2a8c4e-client", secret);'
    assert "3f2a8c4e-client" not in [v for _, v in pattern_scan(text)]


def test_a_number_after_a_chinese_phone_word(pattern_scan: Scan) -> None:
    assert ("PHONE_NUMBER", "139 2741 5586") in pattern_scan("请回电，联系电话 139 2741 5586。")


@pytest.mark.parametrize(("national", "international"), [
    ("0351 2837 419", "+49 351 2837419"),
    ("21 283 7841", "+351212837841"),
])
def test_the_national_form_of_an_international_number_in_the_text(pattern_scan: Scan, national: str,
                                                                   international: str) -> None:
    text = f"| Input | E.164 |\n|---|---|\n| {national} | {international} |"
    assert ("PHONE_NUMBER", national) in pattern_scan(text)


def test_digits_unlike_any_international_number_stay_unnamed(pattern_scan: Scan) -> None:
    text = "| Input | E.164 |\n|---|---|\n| 21 283 7842 | +351212837841 |"
    assert ("PHONE_NUMBER", "21 283 7842") not in pattern_scan(text)


def test_recognizers_version_is_bumped_for_round_ten() -> None:
    from aoai_logpipe.core import recognizers

    assert int(recognizers.RECOGNIZERS_VERSION) >= 16


@pytest.mark.parametrize("text", ["His number is 200 174 3382, call after five.", "Her number: 0612 334455"])
def test_a_number_after_a_persons_number_is_a_phone(pattern_scan: Scan, text: str) -> None:
    assert [e for e, _ in pattern_scan(text)] == ["PHONE_NUMBER"]


def test_an_order_number_is_no_phone(pattern_scan: Scan) -> None:
    assert pattern_scan("The order number is 200 174 3382.") == []


@pytest.mark.parametrize("text", [
    "- Budget for Q4 is on track ($4,016.41 spent). Migration to Sharepoint Online slipped a week.",
    "Betrag: 3.016,41 EUR bis Freitag, Migration to Sharepoint Online slipped a week.",
    "Invoice total £ 2016.44 for the Q4 migration to Sharepoint Online.",
])
def test_an_amount_is_no_phone_number(pattern_scan: Scan, text: str) -> None:
    assert pattern_scan(text) == []


def test_digit_groups_after_a_direct_line_are_a_phone(pattern_scan: Scan) -> None:
    assert pattern_scan("Direct line 512 391 250") == [("PHONE_NUMBER", "512 391 250")]


def test_a_camel_case_bearer_token_key(pattern_scan: Scan) -> None:
    text = "settings loaded (bearerToken=Qm7Zr2Lk9Vx4Tn8Wp3Hs6Jd1Fb5Gc0Ya2Ue7Io4)"
    assert "Qm7Zr2Lk9Vx4Tn8Wp3Hs6Jd1Fb5Gc0Ya2Ue7Io4" in [v for _, v in pattern_scan(text)]


@pytest.mark.parametrize("text", ["API_KEY: xxx-xx-7781", 'token: "xx_xxxx_1234"'])
def test_a_masked_value_under_a_key_is_no_secret(pattern_scan: Scan, text: str) -> None:
    assert pattern_scan(text) == []


def test_a_password_starting_with_two_xs_is_still_one(pattern_scan: Scan) -> None:
    assert ("GENERIC_SECRET", "xx-Secret9!") in pattern_scan("password=xx-Secret9!")


def test_an_oid_said_to_be_one_is_no_address(pattern_scan: Scan) -> None:
    assert pattern_scan("The cert policy OID is 2.5.29.32; nothing else.") == []


@pytest.mark.parametrize("text", ["  API_KEY: sk-...3xQa", "OPENAI_API_KEY=sk-…Zr7Q", 'token = "ghp_...a1B2"'])
def test_a_key_shown_masked_with_an_ellipsis_is_no_secret(pattern_scan: Scan, text: str) -> None:
    assert pattern_scan(text) == []


def test_a_value_with_dots_inside_is_still_a_password(pattern_scan: Scan) -> None:
    assert ("GENERIC_SECRET", "Tr0ub4dor...3xQa!") in pattern_scan("password=Tr0ub4dor...3xQa!")


def test_a_french_password_after_cest(pattern_scan: Scan) -> None:
    text = "comme convenu, le nouveau mdp c'est Automne2024#."
    assert "Automne2024#" in [v for _, v in pattern_scan(text)]
