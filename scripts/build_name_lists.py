"""Build src/aoai_logpipe/data/{given_names,surnames}.txt: the names a person's name is made of, for ner mode.

    pip install faker wordfreq   # into a scratch environment: neither is a dependency of the product
    python scripts/build_name_lists.py

The names come from Faker's person providers (every locale: Nigerian, Vietnamese, Turkish, Polish ... names as
their locales write them, with romanized forms where a locale has them), case-folded, with an accent-free spelling
beside each accented one (`nguyễn` and `nguyen`), as prompts often drop accents. A name that is also a common
English word (`Will`, `Rose`, `Park`, `Baker`: Zipf frequency 4 or more in wordfreq) is left out: the small spaCy
model knows those names from context, and the lists only add names it does not know, where a word in the lists can
be trusted to be a name. The output is sorted and deterministic for the two packages' versions, which its header
names.
"""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from importlib import metadata
from pathlib import Path

import faker.providers.person as person
from wordfreq import zipf_frequency

OUT = Path(__file__).resolve().parents[1] / "src" / "aoai_logpipe" / "data"
# A provider's name tuples by what their attribute is called (`first_names_female_islamic`, `male_last_names`);
# kana spellings and pairs are left out.
GIVEN = ("first", "middle")
FAMILY = ("last",)
COMMON_WORD = 4.0  # Zipf frequency in English at or above which a name is also an everyday word


def _plain(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _wanted(attribute: str, parts: tuple[str, ...]) -> bool:
    words = attribute.split("_")
    return "name" in attribute and any(p in words for p in parts) and not {"kana", "pairs"} & set(words)


def _names(parts: tuple[str, ...]) -> set[str]:
    found: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attribute in (a for a in dir(provider) if _wanted(a, parts)):
            names = getattr(provider, attribute)
            for name in names if isinstance(names, (tuple, list, dict)) else ():
                for word in name.split():
                    word = word.strip(".").casefold()
                    if len(word) >= 2 and all(c.isalpha() or c in "'’-" for c in word):
                        found |= {word, _plain(word)}
    return {w for w in found if zipf_frequency(w, "en") < COMMON_WORD}


def main() -> None:
    header = (f"# {{kind}} from Faker {metadata.version('faker')}'s person providers, less common English words "
              f"(wordfreq {metadata.version('wordfreq')}, Zipf >= {COMMON_WORD}): scripts/build_name_lists.py\n")
    for file, kind, parts in (("given_names.txt", "given names", GIVEN), ("surnames.txt", "surnames", FAMILY)):
        names = sorted(_names(parts))
        (OUT / file).write_text(header.format(kind=kind) + "\n".join(names) + "\n", encoding="utf-8")
        print(f"{file}: {len(names)} names")


if __name__ == "__main__":
    main()
