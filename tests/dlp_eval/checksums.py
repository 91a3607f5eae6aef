"""The check digits and checksums the corpora's values carry: Luhn (cards, IMEIs), IBAN mod-97 (ISO 13616)
and the CRC32-in-base62 tail of GitHub and npm tokens. The corpora were written apart, each with its own
copy of this arithmetic; it lives here once. A corpus whose validators are stricter about their input
(lengths, layouts, all digits) keeps that rule in its own values.py and calls these for the arithmetic."""

from __future__ import annotations

import string
import zlib

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase  # GitHub / npm checksum alphabet


# --- Luhn ---------------------------------------------------------------------------------------


def luhn_check_digit(payload: str) -> str:
    """The digit that makes `payload` (digits only) + digit pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def luhn_complete(payload: str) -> str:
    """`payload` (digits only) with its Luhn check digit appended."""
    return payload + luhn_check_digit(payload)


def luhn_valid(number: str, min_digits: int = 1) -> bool:
    """The digits of `number` (separators and anything else dropped) pass the Luhn check; fewer than
    `min_digits` digits never do (with 0, no digits at all pass)."""
    digits = "".join(c for c in number if c.isdigit())
    if len(digits) < min_digits:
        return False
    return not digits or luhn_check_digit(digits[:-1]) == digits[-1]


# --- IBAN mod-97 --------------------------------------------------------------------------------


def mod97(text: str) -> int:
    """`text` read as ISO 13616 digits (A=10 ... Z=35), mod 97."""
    return int("".join(str(int(c, 36)) for c in text)) % 97


def iban_check_digits(country: str, bban: str) -> str:
    """The two check digits of the IBAN of `country` and `bban`."""
    return f"{98 - mod97(bban + country + '00'):02d}"


def iban_valid(iban: str) -> bool:
    """`iban` (spaces ignored) passes mod-97; layout and country are the caller's to check."""
    compact = iban.replace(" ", "")
    return mod97(compact[4:] + compact[:4]) == 1


# --- CRC32 token checksums ----------------------------------------------------------------------


def base62(number: int, width: int = 6) -> str:
    out = ""
    while number:
        number, digit = divmod(number, 62)
        out = BASE62[digit] + out
    return out.rjust(width, "0")


def crc32_base62(body: str) -> str:
    """GitHub's and npm's token checksum: the CRC32 of the random part, base62, 6 characters."""
    return base62(zlib.crc32(body.encode()), 6)


def checksum_tail_valid(payload: str, length: int | None = None) -> bool:
    """`payload` ends in the crc32_base62 of what comes before it (and is `length` long, when given)."""
    return (length is None or len(payload) == length) and crc32_base62(payload[:-6]) == payload[-6:]


def base62_checksum_valid(token: str, length: int | None = None) -> bool:
    """A GitHub / npm token (prefix_, 30 random base62 characters, their crc32_base62): the part after
    the first "_" carries its checksum (and is `length` long, when given)."""
    return checksum_tail_valid(token.split("_", 1)[1], length)
