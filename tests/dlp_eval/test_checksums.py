"""The shared check-digit arithmetic (tests/dlp_eval/checksums.py) and corpus checks
(tests/dlp_eval/corpus_checks.py) against published values, so a slip in them cannot pass every
corpus's own checks at once."""

from __future__ import annotations

import zlib

import pytest

from tests.dlp_eval import checksums as c
from tests.dlp_eval.corpus_checks import is_issuable_ssn, valid_phone

pytestmark = pytest.mark.timeout(60)


def test_luhn_on_published_numbers() -> None:
    assert c.luhn_check_digit("7992739871") == "3" and c.luhn_complete("411111111111111") == "4111111111111111"
    assert c.luhn_valid("4111 1111 1111 1111") and c.luhn_valid("3782-822463-10005")
    assert not c.luhn_valid("4111111111111112") and not c.luhn_valid("") and c.luhn_valid("", min_digits=0)
    assert not c.luhn_valid("79927398713", min_digits=12) and c.luhn_valid("79927398713")


def test_iban_mod97_on_published_examples() -> None:
    assert c.iban_check_digits("DE", "370400440532013000") == "89"
    assert c.iban_check_digits("GB", "WEST12345698765432") == "82"
    assert c.iban_valid("GB82 WEST 1234 5698 7654 32") and c.iban_valid("NL91ABNA0417164300")
    assert not c.iban_valid("DE88370400440532013000")


def test_token_crc32_in_base62() -> None:
    assert c.base62(0) == "000000" and c.base62(61) == "00000z" and c.base62(62) == "000010"
    body = "a" * 30
    value = 0
    for ch in c.crc32_base62(body):
        value = value * 62 + c.BASE62.index(ch)
    assert value == zlib.crc32(body.encode())
    token = f"ghp_{body}{c.crc32_base62(body)}"
    assert c.base62_checksum_valid(token) and c.base62_checksum_valid(token, 36)
    assert not c.base62_checksum_valid(token, 35) and not c.base62_checksum_valid(token[:-1] + "!")


def test_ssn_and_phone_checks() -> None:
    assert is_issuable_ssn("123-45-6780") and is_issuable_ssn("123 45 6780") and is_issuable_ssn("123456780")
    assert not any(is_issuable_ssn(s) for s in ("666-45-6780", "000-45-6780", "900-45-6780", "123-00-6780", "123-45-0000",
                                                "123-45-678", "12a-45-6780"))
    assert valid_phone("+49 151 23456789", ("US",)) and valid_phone("030 12345678", ("US", "DE"))
    assert valid_phone("12345", ("US", "DE")) is None
