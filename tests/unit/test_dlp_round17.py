"""Pattern-mode classes of the seventeenth corpus's round (#15, back-office texts): a lower-case IBAN grouped in
fours before a word, an SSN under a scanned form's OCR'd label, and a password passed to ADO's Connection.Open.
Values are made up here."""

from __future__ import annotations

from typing import Callable

import pytest

from aoai_logpipe.core import recognizers as rec

pytestmark = pytest.mark.timeout(120)

Scan = Callable[[str], list[tuple[str, str]]]


def test_recognizers_version_is_bumped_for_this_round() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 25


@pytest.mark.parametrize("text, iban", [
    ("IBAN se83 1200 0000 0123 4567 8901 passes the bank check", "se83 1200 0000 0123 4567 8901"),
    ("pay to gb82 west 1234 5698 7654 32 before friday", "gb82 west 1234 5698 7654 32"),
    ("de44500105175407324931 from the vendor form", "de44500105175407324931"),
])
def test_a_lower_case_iban_before_a_word_is_found_whole(pattern_scan: Scan, text: str, iban: str) -> None:
    assert ("IBAN_CODE", iban) in pattern_scan(text)


@pytest.mark.parametrize("label", ["S0cial Security No.:", "SociaI  Security  No.:", "Soc1al Security Number"])
def test_an_ssn_under_an_ocr_read_label_is_found(pattern_scan: Scan, label: str) -> None:
    text = f"EMPLOYEE INFORMATION FORM\nLast name: Okafor   First name: Ada\n{label}  536228714        Date of Birth: 1971-02-03"
    assert ("US_SSN", "536228714") in pattern_scan(text)


def test_nine_digits_under_another_label_are_no_ssn(pattern_scan: Scan) -> None:
    assert not any(e == "US_SSN" for e, _ in pattern_scan("Vendor No.:  536228714        Payment terms: ZB30"))


@pytest.mark.parametrize("text, value", [
    ('conn.Open "DSN=FIN_REPORTING", "rpt_reader", "Tq7!maple-Ridge"', "Tq7!maple-Ridge"),
    ('cn.Open strConn, "sa", "Wq3#harbor9"', "Wq3#harbor9"),
    ('conn.open("Provider=SQLOLEDB;Data Source=fin01;", "etl", "Lp9$cedar22");', "Lp9$cedar22"),
])
def test_a_password_passed_to_ado_connection_open_is_found(pattern_scan: Scan, text: str, value: str) -> None:
    assert any(text_ == value for _, text_ in pattern_scan(text))


@pytest.mark.parametrize("text", [
    'window.open("https://intranet/report?id=7", "_blank", "width=800,height=600");',
    'xhr.open("GET", url, true);',
    'Workbooks.Open "C:\\\\fin\\\\close.xlsx", 0, "ReadOnly"',
])
def test_other_open_calls_pass_no_password(pattern_scan: Scan, text: str) -> None:
    assert pattern_scan(text) == []
