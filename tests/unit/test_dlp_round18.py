"""Classes of the eighteenth corpus's round (#15, security-operations texts). Pattern mode: passwords in credential
dumps (a combo list's `e-mail:password`, hashcat's `hash:plain`), an account key after a log line's `key=`, a
password passed to pymssql.connect, a hash named by its algorithm (`NTLM <32 hex>`) that is no key, and nine bare
digits in a dump's column of grouped SSNs. Names (ner mode's places): `Given SURNAME`, `Surname, Given` speakers
and export cells, minutes bullets, a name in bold over its mailbox, incident roles, display-name keys, a dump's
header-less rows; and no names: streets on an address line, a letter's greeting, a label's head word.
Values are made up here."""

from __future__ import annotations

from typing import Callable

import pytest

from aoai_logpipe.core import recognizers as rec
from tests.unit.placed import kept_names

pytestmark = pytest.mark.timeout(120)

Scan = Callable[[str], list[tuple[str, str]]]
CREDENTIALS = {"GENERIC_SECRET", "AZURE_KEY", "AZURE_OPENAI_KEY"}


def _secrets(scan: Scan, text: str) -> list[str]:
    return [value for entity, value in scan(text) if entity in CREDENTIALS]


def test_recognizers_version_is_bumped_for_this_round() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 27


@pytest.mark.parametrize("line, password", [
    ("ana.sousa@fabrikam.pt:Granite42!Lqw", "Granite42!Lqw"),
    ("  j.doe+test@mail.contoso.co.uk:xQ7_ppLm0zK", "xQ7_ppLm0zK"),
    ("5f4dcc3b5aa765d61d8327deb882cf99:Summer2025!", "Summer2025!"),
    ("b4b9b02e6f09a9bd760f388b67351e2b:4a1f:Tr0ub4dor&3", "Tr0ub4dor&3"),
])
def test_a_password_alone_after_a_dump_lines_account_is_found(pattern_scan: Scan, line: str, password: str) -> None:
    text = f"Found on a paste site, is this us?\n\n{line}\nother@contoso.com:Kestrel88#Wmb\n"
    assert password in _secrets(pattern_scan, text)


@pytest.mark.parametrize("line", [
    "git@github.com:contoso/payments2.git",  # a repository, no password
    "d41d8cd98f00b204e9800998ecf8427e:setup-2.1.exe",  # a checksum listing: digest and file name
    "ops@contoso.com:8443",  # digits only: a port
    "ops@contoso.com: please rotate",  # prose after the colon
    "ops@contoso.com:PASSWORD",  # a placeholder in capitals
])
def test_a_dump_shaped_line_without_a_password_is_no_secret(pattern_scan: Scan, line: str) -> None:
    assert _secrets(pattern_scan, f"seen in the logs:\n{line}\n") == []


def test_an_account_key_after_a_log_lines_key_is_found(pattern_scan: Scan) -> None:
    key = "j06WLuAbxUSK/NB8li+HybsFv396CULZiNBnSRneo7sn0N7qTRs+8IrHbQs15wkrg4gSQMkQS3pyUla3JhjaKw=="
    text = f"2025-04-05T23:40:15Z CosmosClient init endpoint=https://cases.documents.azure.com:443/ key={key}\n"
    assert key in _secrets(pattern_scan, text)


def test_a_password_passed_to_pymssql_connect_is_found(pattern_scan: Scan) -> None:
    text = 'conn = pymssql.connect("jump01.corp.local", "svc_fwd", "a0cKBZ!mAfelZPr", "cases")'
    assert "a0cKBZ!mAfelZPr" in _secrets(pattern_scan, text)


def test_a_hash_named_by_its_algorithm_is_no_key(pattern_scan: Scan) -> None:
    text = ("Cracked with hashcat:\n5f4dcc3b5aa765d61d8327deb882cf99:Summer2025!\n"
            "c816fd1bd2929f9fa9c3ca547bc3226e:Tango107.JktxGu\nNTLM 98456a4b4ea6021153d12373f13b031f (not cracked)\n")
    assert "98456a4b4ea6021153d12373f13b031f" not in _secrets(pattern_scan, text)


def test_nine_digits_in_a_dumps_column_of_grouped_ssns_are_an_ssn(pattern_scan: Scan) -> None:
    text = ("# fullz\nLi WEI|346-88-2850|4111 1111 1111 1111|01/27\nAna RUIZ|536228714|5500 0000 0000 0004|02/28\n"
            "Jo KIM|219 44 5550|3400 000000 00009|03/29\n")
    assert ("US_SSN", "536228714") in pattern_scan(text)


def test_nine_digits_in_a_column_of_other_numbers_are_no_ssn(pattern_scan: Scan) -> None:
    text = "order|536228714|shipped\norder|346882850|open\n"
    assert not any(entity == "US_SSN" for entity, _ in pattern_scan(text))


@pytest.mark.parametrize(("text", "name"), [
    ("[20:57] Noelia GARCÍA ORTEGA: found this on the box", "Noelia GARCÍA ORTEGA"),
    ("[14:48] Lindqvist, Astrid: bridge is up", "Lindqvist, Astrid"),
    ("Notes:\n- Jun WANG: will rotate the service account\n", "Jun WANG"),
    ("Notes:\n- Matteo Marino: talks to legal about notification\n", "Matteo Marino"),
    ("Notes:\n- Mei: is pulling the firewall logs\n", "Mei"),
    ("Recap:\n- Lieke de Vries contained 192.168.69.193\n", "Lieke de Vries"),
    ("Plan:\n\n**Sigrid Nyström** (sigridn@contoso.com)\n- 10.0.0.4\n", "Sigrid Nyström"),
    ('{"accountUpn": "k.haddad@contoso.com", "accountDisplayName": "Karim Haddad"}', "Karim Haddad"),
    ("SIR-1 - connexion suspecte\nAnalyste : Vikram Reddy\n", "Vikram Reddy"),
    ("IC: Gonçalo Rocha (on-call +15066358763)\n", "Gonçalo Rocha"),
    ("08:18 Federica Ricci declared sev1, bridge open\n", "Federica Ricci"),
    ("ARN;Cardholder;PAN\n5805;Johansson, Ingrid;344342028347228\n", "Johansson, Ingrid"),
    ("# fullz\nFemke Visser|394146477|346903894606217|11/28|(201) 981-4939\n", "Femke Visser"),
    ("- AT46 7477 4342 3170 1917 | Margaux Girard | EUR 19218 | 2025-11-02\n", "Margaux Girard"),
    ("host=DC01 EventCode=4624 user=matthias.weiss src=10.1.2.3\n", "matthias.weiss"),
    ('[{"user_name": "zeynep.demir", "text": "blocking it"}]', "zeynep.demir"),
])
def test_a_name_in_its_place_is_found(text: str, name: str) -> None:
    assert name in kept_names(text)


@pytest.mark.parametrize(("text", "value"), [
    ("Address: Calle de Alcalá 221, 28028 Madrid\n", "Calle de Alcalá"),
    ("Address: 77 Queen St W, Toronto ON M5H 2M5\n", "Queen St W"),
    ("To: a@contoso.com\n\nGuten Tag,\n\nbitte überweisen Sie\n", "Guten Tag"),
    ("To: a@contoso.com\n\nGoedemiddag,\n\nWij zijn van bank gewisseld.\n", "Goedemiddag"),
    ("wrong check digits\nVictim contact: +48120655463\n", "Victim"),
    ("Sabine Müller\nSenior Buyer\nTel.: +1 506-637-6720\n", "Buyer"),
    ('{"secret_type_display_name": "SendGrid API Key", "state": "open"}', "SendGrid API Key"),
    ("datasource:\n  username: splunk_fwd\n  password: x\n", "splunk_fwd"),
    ("host=DC01 EventCode=4624 user=svc.backup src=10.1.2.3\n", "svc.backup"),
])
def test_a_no_name_is_dropped_or_not_placed(text: str, value: str) -> None:
    start = text.index(value)
    end = start + len(value)
    assert value not in kept_names(text)
    assert rec.not_a_name(text, start, end) or rec.not_a_person(text, start, end)


def test_an_acronym_of_the_trade_after_a_capitalised_word_is_no_surname() -> None:
    assert kept_names('{"name": "Payments PROD", "values": []}') == []
    assert kept_names('{"name": "Ana RUIZ", "values": []}') == ["Ana RUIZ"]


def test_a_company_cell_of_a_data_row_under_a_header_is_no_name() -> None:
    text = "Company;Contact;Phone\nLamna Healthcare;Ana Ruiz;+1 202 555 0143\n"
    assert "Lamna Healthcare" not in kept_names(text)
    assert "Ana Ruiz" in kept_names(text)
