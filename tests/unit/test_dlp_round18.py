"""Pattern-mode classes of the eighteenth corpus's round (#15, security-operations texts): passwords in credential
dumps (a combo list's `e-mail:password`, hashcat's `hash:plain`), an account key after a log line's `key=`, a
password passed to pymssql.connect, and a hash named by its algorithm (`NTLM <32 hex>`) that is no key.
Values are made up here."""

from __future__ import annotations

from typing import Callable

import pytest

from aoai_logpipe.core import recognizers as rec

pytestmark = pytest.mark.timeout(120)

Scan = Callable[[str], list[tuple[str, str]]]
CREDENTIALS = {"GENERIC_SECRET", "AZURE_KEY", "AZURE_OPENAI_KEY"}


def _secrets(scan: Scan, text: str) -> list[str]:
    return [value for entity, value in scan(text) if entity in CREDENTIALS]


def test_recognizers_version_is_bumped_for_this_round() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 26


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
