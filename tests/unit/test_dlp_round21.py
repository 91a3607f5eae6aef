"""Classes of the twenty-first corpus's round (#15, telecom operators and energy / water utilities). Pattern mode: a
subscriber's number in E.164 without its plus after a key or in a column naming it (RADIUS `Calling-Station-Id`, a
CDR's `a_number`), a number with its plus as a REST path's segment; a network mask
and a version after `image`, `sw` or a word for software are no address; `lftp -u user,'password'` quoted; a password
in Romanian prose. Names: an initial and a known surname, a chat's speaker handle, who speaks or is spoken to in a
lower-case transcript, a possessive; streets in English, utilities' and telecoms' companies and tariffs are no one's
name. Values are made up here."""

from __future__ import annotations

from typing import Callable

import pytest

from aoai_logpipe.core import recognizers as rec
from aoai_logpipe.core.known_names import known_names

pytestmark = pytest.mark.timeout(120)

Scan = Callable[[str], list[tuple[str, str]]]


def test_recognizers_version_is_bumped_for_this_round() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 31


@pytest.mark.parametrize(("text", "number"), [
    ('\tAcct-Status-Type = Start\n\tCalling-Station-Id = "16176741647"\n\t3GPP-IMSI = "310260391729003"\n', "16176741647"),
    ("cdr_id|start|a_number|b_number|imsi\n9455|2025-11-08T08:14:13Z|441616578491|442078995490|234159385652045\n",
     "441616578491"),
    ("cdr_id|start|a_number|b_number|imsi\n9455|2025-11-08T08:14:13Z|441616578491|442078995490|234159385652045\n",
     "442078995490"),
    ("POST /v2/subscribers/+61862402242/sim-swap HTTP/1.1\nHost: prov-api.internal\n", "+61862402242"),
])
def test_a_subscriber_number_in_a_telecom_record_is_a_phone(pattern_scan: Scan, text: str, number: str) -> None:
    assert ("PHONE_NUMBER", number) in pattern_scan(text)


def test_an_imsi_beside_the_numbers_is_no_phone(pattern_scan: Scan) -> None:
    text = "cdr_id|start|a_number|imsi\n9455|2025-11-08T08:14:13Z|441616578491|234159385652045\n"
    assert ("PHONE_NUMBER", "234159385652045") not in pattern_scan(text)


@pytest.mark.parametrize("number", ["07700 900123", "+44 20 7946 0958"])
def test_ofcoms_drama_numbers_are_still_reported(pattern_scan: Scan, number: str) -> None:
    # (Kept on purpose: test data often labels them as phones; a fictional number redacted costs nothing.)
    assert ("PHONE_NUMBER", number) in pattern_scan(f"call me on {number} tonight")


@pytest.mark.parametrize("text", [
    "interface Loopback0\n ip address 203.0.113.10 255.255.255.255\n", "! image 18.2.4.222\n",
    "Oprogramowanie: 7.9.18.48, MAC D6-F3-57-E4-8F-E8", "lldp: neighbor on xe-0/0/29 sw 20.22.14.145",
])
def test_a_mask_or_a_version_is_no_address(pattern_scan: Scan, text: str) -> None:
    found = [v for e, v in pattern_scan(text) if e == "IP_ADDRESS"]
    assert found in ([], ["203.0.113.10"])


@pytest.mark.parametrize(("text", "secret"), [
    ("kamau.mutua: lftp -u crm_app,'Hydrant_6261+' sftp://sftp.paybridge.net -e 'bye'", "Hydrant_6261+"),
    ("Bogdan 13:41\nparola pentru contul de facturare este m8z97dZSmXC1RY-45\n", "m8z97dZSmXC1RY-45"),
])
def test_a_password_quoted_or_in_romanian_is_found(pattern_scan: Scan, text: str, secret: str) -> None:
    assert secret in [v for _, v in pattern_scan(text)]


def _known(text: str) -> list[str]:
    return [text[a:b] for a, b in known_names(text)]


@pytest.mark.parametrize(("text", "names"), [
    ("Signed: P. Deshpande, J. van Dijk", ["P. Deshpande", "J. van Dijk"]),
    ("femke.degroot: @lieke_hoekstra katarzyna's pager went off", ["femke.degroot", "lieke_hoekstra", "katarzyna"]),
    ("[00:00:02] agent: thanks for calling you're speaking to chinedu how can i help", ["chinedu"]),
    ("[00:01:39] caller: cheers chinedu bye", ["chinedu"]),
    ("lieke.hoekstra: thx femke", ["lieke.hoekstra", "femke"]),
])
def test_names_in_chat_and_speech_are_known(text: str, names: list[str]) -> None:
    assert _known(text) == names


@pytest.mark.parametrize("text", ["it's been down since tuesday", "ok sure, thanks again", "spring.datasource: url",
                                  "claude_key: sk-ant-api03-x\n", "grace.period: 30s\n",
                                  "Vendor check for Margie's Travel Sp. z o.o."])
def test_no_name_without_a_known_given_name(text: str) -> None:
    assert _known(text) == []


@pytest.mark.parametrize(("text", "value"), [
    ("Install at 12 Nelson Mandela Drive, Durban", "Nelson Mandela Drive"),
    ("She moved from the Sam Smart Plan to Max Broadband.", "Sam Smart Plan"),
    ("She moved from the Sam Smart Plan to Max Broadband.", "Max Broadband"),
    ("Supplier: Tejo Energia, Lisboa", "Tejo Energia"),
    ("Stadtwerke Emsfeld confirmed the reading.", "Stadtwerke Emsfeld"),
])
def test_a_street_a_utility_or_a_tariff_is_no_person(text: str, value: str) -> None:
    start = text.index(value)
    assert rec.not_a_name(text, start, start + len(value)) or rec.not_a_person(text, start, start + len(value))


def test_an_irish_surname_that_is_a_word_stays_a_name() -> None:
    text = "Complaint handled by Samantha Power on Monday."
    start = text.index("Samantha Power")
    assert not (rec.not_a_name(text, start, start + 14) or rec.not_a_person(text, start, start + 14))
