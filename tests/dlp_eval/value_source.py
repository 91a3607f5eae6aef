"""What a template corpus's value generator is built on: alphabets, random strings from a text's own seeded rng,
and least-used-first picking over a Counter the whole corpus shares (so brands, countries, regions and kinds
spread evenly). A corpus subclasses ValueSource with its own values; the helpers hold no knowledge of the
recognizers, only of how a deterministic generator draws."""

from __future__ import annotations

import random
import string
from collections import Counter
from typing import Sequence, TypeVar

from tests.dlp_eval import checksums

T = TypeVar("T")

DIGITS = string.digits
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"


def rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def iban_valid(iban: str) -> bool:
    """An IBAN as written (grouped, any case) passes mod-97."""
    compact = iban.replace(" ", "").upper()
    return len(compact) >= 15 and compact[:2].isalpha() and checksums.iban_valid(compact)


class ValueSource:
    """One text's value source: its rng, and the corpus-wide use counts for least-used-first picking."""

    def __init__(self, rng: random.Random, used: Counter[str]) -> None:
        self.rng = rng
        self.used = used

    def least(self, category: str, options: Sequence[T]) -> T:
        """The option of `category` used least so far (ties broken by the rng); counted as used."""
        counts = [self.used[f"{category}:{o}"] for o in options]
        low = min(counts)
        choice = self.rng.choice([o for o, c in zip(options, counts) if c == low])
        self.used[f"{category}:{choice}"] += 1
        return choice

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, options: Sequence[T]) -> T:
        return self.rng.choice(options)

    def digits(self, n: int) -> str:
        return rand(self.rng, DIGITS, n)

    def checksummed(self, prefix: str) -> str:
        """A GitHub- or npm-style token: `prefix_`, 30 random characters and their CRC32 in base62."""
        body = rand(self.rng, ALNUM, 30)
        return f"{prefix}_{body}{checksums.crc32_base62(body)}"

    @staticmethod
    def group4(text: str) -> str:
        return " ".join(text[i:i + 4] for i in range(0, len(text), 4))
