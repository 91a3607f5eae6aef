"""What only the ninth corpus covers, as its README says: sparse prompts and answers (0-3 values in most
texts, a sixth or so with none), every credential kind of the issue, every PII family, the textures
it was written for (shell, PowerShell, HTTP, CI and IaC files, chat and mail in many cultures, prose
passwords in several languages, bare secrets) and hard negatives of many kinds. What every template
corpus is: tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import phonenumbers
import pytest

from tests.dlp_blind9.corpus import generate
from tests.dlp_blind9.values import PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_checksums, assert_decoy_kinds, assert_deterministic_per_seed,
                                          assert_families, assert_genres, assert_labels_hold_their_values, assert_names,
                                          assert_phones_valid_not_examples, assert_private_keys_plain_and_json_escaped,
                                          assert_sparse, assert_texts_contain, corpus_fixture, of_kind)

pytestmark = pytest.mark.timeout(120)

PREFIXES = ("shell", "ps", "http", "config", "ci", "code", "data", "log", "chat", "mail", "ticket", "answer")
FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")


corpus = corpus_fixture(generate)


def test_deterministic_and_seeded(corpus) -> None:  # noqa: ANN001
    assert_deterministic_per_seed(corpus, generate, 1)


def test_size_and_sparsity(corpus) -> None:  # noqa: ANN001
    assert_sparse(corpus, 600, no_label_share=(0.12, 0.25), at_most_three_share=0.9, labels_per_text=(1.2, 2.0), completions=60)


def test_every_label_span_holds_its_value(corpus) -> None:  # noqa: ANN001
    assert_labels_hold_their_values(corpus)


def test_genres_of_every_texture(corpus) -> None:  # noqa: ANN001
    assert_genres(corpus, 70, PREFIXES, 2)


def test_every_pii_family_present(corpus) -> None:  # noqa: ANN001
    fams = assert_families(corpus, FAMILIES, 20)
    assert fams["CREDENTIAL"] >= 300


def test_checksums_and_layouts(corpus) -> None:  # noqa: ANN001
    assert_checksums(corpus, luhn_valid, iban_valid, base62_checksum_valid, iban_countries_at_least=8)


def test_phones_valid_and_not_fiction(corpus) -> None:  # noqa: ANN001
    assert_phones_valid_not_examples(of_kind(corpus, "PHONE_NUMBER"), PHONE_REGIONS, 12,
                                     example_types=(phonenumbers.PhoneNumberType.MOBILE,))


def test_textures(corpus) -> None:  # noqa: ANN001
    assert_texts_contain(corpus, ("export ", "curl ", "psql", "mysql ", "az login", "docker login", "--from-literal=",
                                  "ConvertTo-SecureString", "HTTP/1.1", "services:", "tfvars", "parameters", "runs-on:",
                                  "vmImage", "In [3]:", "INSERT INTO", "Traceback", "Passwort lautet", "la contraseña es",
                                  "here's the key:", "From: "))
    prose = [s.text for s in corpus for lb in s.labels if lb.kind == "password_prose"]
    assert len(prose) >= 15
    assert_private_keys_plain_and_json_escaped(corpus)


def test_names_of_many_cultures_lowercase_and_diacritics(corpus) -> None:  # noqa: ANN001
    assert_names(corpus, 80)


def test_hard_negatives_of_many_kinds(corpus) -> None:  # noqa: ANN001
    kinds = assert_decoy_kinds(corpus, ("aws_example", "azurite", "cosmos_emulator", "test_card", "placeholder", "masked",
                                        "example_iban", "bad_ssn", "doc_ip", "fict_phone", "chatcmpl", "guid", "sha256",
                                        "version", "code_word", "order_number", "gl_account", "build_id"))
    assert kinds["oid"] == 0 or kinds["oid"] >= 3, kinds
    assert sum(kinds.values()) >= 120
