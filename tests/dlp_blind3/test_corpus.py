"""The third corpus covers what its README says: size, genres, brands, countries, regions and
hard negatives. What every template-written corpus must be besides (deterministic, exactly labelled,
values passing their own checks) is tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import ipaddress
from collections import Counter

import pytest

from tests.dlp_blind3.corpus import generate

GENRES = {"stackoverflow", "github_issue", "k8s_yaml", "terraform", "docker_compose", "jupyter", "shell_history", "ci_log",
          "azure_cli", "chat", "email", "multilingual", "csv", "json_api", "sql_dump", "app_log", "ticket", "answer",
          "config_file"}


@pytest.fixture(scope="module")
def corpus():  # noqa: ANN201
    return generate()


def _labels(corpus, family):  # noqa: ANN001, ANN202
    return [s.text[lb.start:lb.end] for s in corpus for lb in s.labels if lb.family == family]


def test_at_least_400_texts_across_all_genres_with_some_completions(corpus) -> None:  # noqa: ANN001
    assert len(corpus) >= 400
    assert {s.genre for s in corpus} == GENRES
    assert sum(s.completion for s in corpus) >= 20


def test_cards_cover_the_2_series_and_amex(corpus) -> None:  # noqa: ANN001
    cards = [c.replace(" ", "").replace("-", "") for c in _labels(corpus, "CREDIT_CARD")]
    assert any(2221 <= int(c[:4]) <= 2720 for c in cards) and any(c[:2] in ("34", "37") for c in cards)


def test_ibans_come_from_many_countries(corpus) -> None:  # noqa: ANN001
    ibans = _labels(corpus, "IBAN_CODE")
    assert len({i[:2] for i in ibans}) >= 15


def test_ips_parse_in_both_families(corpus) -> None:  # noqa: ANN001
    versions = {ipaddress.ip_address(ip).version for ip in _labels(corpus, "IP_ADDRESS")}
    assert versions == {4, 6}


def test_hard_negatives_are_plentiful_and_varied(corpus) -> None:  # noqa: ANN001
    decoys = Counter(d.mimics for s in corpus for d in s.decoys)
    assert sum(decoys.values()) >= 500
    assert {"IP_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "CREDENTIAL", "azure_openai_key",
            "aws_access_key_id", "jwt", "private_key"} <= set(decoys)
