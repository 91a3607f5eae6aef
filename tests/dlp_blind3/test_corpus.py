"""The third corpus covers what its README says: size, genres, brands, countries, regions and
hard negatives. What every template-written corpus must be besides (deterministic, exactly labelled,
values passing their own checks) is tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import pytest

from tests.dlp_blind3.corpus import generate
from tests.dlp_eval.corpus_checks import assert_hard_negatives, card_digits, corpus_fixture, iban_countries, ip_addresses

pytestmark = pytest.mark.timeout(120)

GENRES = {"stackoverflow", "github_issue", "k8s_yaml", "terraform", "docker_compose", "jupyter", "shell_history", "ci_log",
          "azure_cli", "chat", "email", "multilingual", "csv", "json_api", "sql_dump", "app_log", "ticket", "answer",
          "config_file"}


corpus = corpus_fixture(generate)


def test_at_least_400_texts_across_all_genres_with_some_completions(corpus) -> None:  # noqa: ANN001
    assert len(corpus) >= 400
    assert {s.genre for s in corpus} == GENRES
    assert sum(s.completion for s in corpus) >= 20


def test_cards_cover_the_2_series_and_amex(corpus) -> None:  # noqa: ANN001
    cards = card_digits(corpus)
    assert any(2221 <= int(c[:4]) <= 2720 for c in cards) and any(c[:2] in ("34", "37") for c in cards)


def test_ibans_come_from_many_countries(corpus) -> None:  # noqa: ANN001
    assert len(iban_countries(corpus)) >= 15


def test_ips_parse_in_both_families(corpus) -> None:  # noqa: ANN001
    assert {ip.version for ip in ip_addresses(corpus)} == {4, 6}


def test_hard_negatives_are_plentiful_and_varied(corpus) -> None:  # noqa: ANN001
    assert_hard_negatives(corpus, 500, {"IP_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "CREDENTIAL",
                                        "azure_openai_key", "aws_access_key_id", "jwt", "private_key"})
