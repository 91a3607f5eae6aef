"""What only the ninth corpus covers, as its README says: sparse prompts and answers (0-3 values in most
texts, a sixth or so with none), every credential kind of the issue, every PII family, the textures
it was written for (shell, PowerShell, HTTP, CI and IaC files, chat and mail in many cultures, prose
passwords in several languages, bare secrets) and hard negatives of many kinds. What every template
corpus is: tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import phonenumbers
import pytest

from tests.dlp_blind9.corpus import generate
from tests.dlp_blind9.values import PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_decoy_kinds, assert_families,
                                          assert_genre_prefixes, assert_grouped_and_compact,
                                          assert_private_keys_plain_and_json_escaped, assert_spaced_dashed_and_plain,
                                          card_digits, corpus_fixture, iban_countries, is_issuable_ssn,
                                          of_kind, valid_phone)

pytestmark = pytest.mark.timeout(120)

PREFIXES = ("shell", "ps", "http", "config", "ci", "code", "data", "log", "chat", "mail", "ticket", "answer")
FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")


corpus = corpus_fixture(generate)


def test_deterministic_and_seeded(corpus) -> None:  # noqa: ANN001
    again = generate()
    assert [(s.text, s.labels, s.decoys) for s in again] == [(s.text, s.labels, s.decoys) for s in corpus]
    assert [s.text for s in generate(seed=1)] != [s.text for s in corpus]


def test_size_and_sparsity(corpus) -> None:  # noqa: ANN001
    assert len(corpus) == 600
    per_text = Counter(len(s.labels) for s in corpus)
    assert 0.12 <= per_text[0] / len(corpus) <= 0.25, per_text
    assert sum(n for k, n in per_text.items() if k <= 3) / len(corpus) >= 0.9, per_text
    assert 1.2 <= sum(len(s.labels) for s in corpus) / len(corpus) <= 2.0
    assert sum(s.completion for s in corpus) >= 60


def test_every_label_span_holds_its_value(corpus) -> None:  # noqa: ANN001
    for s in corpus:
        for lb in s.labels:
            value = s.text[lb.start:lb.end]
            assert value and value == value.strip(), (s.id, lb)
            assert lb.secret in value, (s.id, lb)
            if lb.family != "CREDENTIAL":
                assert lb.secret == value, (s.id, lb)


def test_genres_of_every_texture(corpus) -> None:  # noqa: ANN001
    assert len({s.genre for s in corpus}) >= 70
    assert_genre_prefixes(corpus, PREFIXES, 2)
    assert_answers_are_completions(corpus)


def test_every_pii_family_present(corpus) -> None:  # noqa: ANN001
    fams = assert_families(corpus, FAMILIES, 20)
    assert fams["CREDENTIAL"] >= 300


def test_checksums_and_layouts(corpus) -> None:  # noqa: ANN001
    cards = of_kind(corpus, "CREDIT_CARD")
    assert all(luhn_valid(c) for c in card_digits(corpus))
    assert_spaced_dashed_and_plain(cards)
    assert any(re.sub(r"\D", "", c)[:4].isdigit() and 2221 <= int(re.sub(r"\D", "", c)[:4]) <= 2720 for c in cards)
    ibans = of_kind(corpus, "IBAN_CODE")
    assert all(iban_valid(i) for i in ibans)
    assert_grouped_and_compact(ibans)
    assert len(iban_countries(corpus)) >= 8
    for ssn in of_kind(corpus, "US_SSN"):
        assert is_issuable_ssn(ssn), ssn
    tokens = [t for k in ("github_token", "npm_token") for t in of_kind(corpus, k) if not t.startswith("github_pat_")]
    assert tokens and all(base62_checksum_valid(t) for t in tokens)


def test_phones_valid_and_not_fiction(corpus) -> None:  # noqa: ANN001
    regions = set()
    for phone in of_kind(corpus, "PHONE_NUMBER"):
        n = valid_phone(phone, PHONE_REGIONS)
        assert n, phone
        region = phonenumbers.region_code_for_number(n)
        ex = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        assert n.national_number != getattr(ex, "national_number", None), phone
        assert not (region in ("US", "CA") and str(n.national_number)[3:6] == "555"), phone
        regions.add(region)
    assert len(regions) >= 12, regions


def test_textures(corpus) -> None:  # noqa: ANN001
    texts = "\n".join(s.text for s in corpus)
    for needle in ("export ", "curl ", "psql", "mysql ", "az login", "docker login", "--from-literal=", "ConvertTo-SecureString",
                   "HTTP/1.1", "services:", "tfvars", "parameters", "runs-on:", "vmImage", "In [3]:", "INSERT INTO", "Traceback",
                   "Passwort lautet", "la contraseña es", "here's the key:", "From: "):
        assert needle in texts, needle
    prose = [s.text for s in corpus for lb in s.labels if lb.kind == "password_prose"]
    assert len(prose) >= 15
    assert_private_keys_plain_and_json_escaped(corpus)


def test_names_of_many_cultures_lowercase_and_diacritics(corpus) -> None:  # noqa: ANN001
    names = of_kind(corpus, "PERSON")
    assert any(n.islower() for n in names)
    assert any(re.search(r"[^\x00-\x7f]", n) for n in names)
    assert len(set(names)) >= 80


def test_hard_negatives_of_many_kinds(corpus) -> None:  # noqa: ANN001
    kinds = assert_decoy_kinds(corpus, ("aws_example", "azurite", "cosmos_emulator", "test_card", "placeholder", "masked",
                                        "example_iban", "bad_ssn", "doc_ip", "fict_phone", "chatcmpl", "guid", "sha256",
                                        "version", "code_word", "order_number", "gl_account", "build_id"))
    assert kinds["oid"] == 0 or kinds["oid"] >= 3, kinds
    assert sum(kinds.values()) >= 120
