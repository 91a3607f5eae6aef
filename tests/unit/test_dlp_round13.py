"""Pattern-mode classes of the thirteenth and fourteenth corpora's round (#15): the name in an AWS Secrets Manager
ARN is no secret, words in capitals standing for a value are placeholders, an SSN in a table of fields and values,
a password word with an adjective before its colon (Italian, Portuguese ...), a password several words after
its word, an Azure AI endpoint beside a bare key, and numbers that ship, run or are pinned are versions, not
addresses. Values are made up here."""

from __future__ import annotations

import pytest

from aoai_logpipe.core import recognizers as rec
from aoai_logpipe.core.dlp import DlpEngine, DlpPolicy

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def engine() -> DlpEngine:
    return DlpEngine(DlpPolicy(cache_entries=0))


def _found(engine: DlpEngine, text: str) -> list[tuple[str, str]]:
    return [(f.entity, text[f.start:f.end]) for f in engine.scan(text)]


def test_recognizers_version_is_bumped_for_this_round() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 22


@pytest.mark.parametrize("text", [
    '    value: "arn:aws:secretsmanager:eu-west-1:210987654321:secret:prod/payments-Qw3rTy"',
    "store it and reference it with arn:aws:secretsmanager:us-east-2:210987654321:secret:app/db.",
])
def test_the_name_in_a_secrets_manager_arn_is_no_secret(engine: DlpEngine, text: str) -> None:
    assert _found(engine, text) == []


def test_a_client_secret_after_a_colon_is_still_found(engine: DlpEngine) -> None:
    assert ("GENERIC_SECRET", "Vq8#zLm2pTw91") in _found(engine, "client_secret: Vq8#zLm2pTw91")


@pytest.mark.parametrize("text", [
    '  - name: DB_PASSWORD\n    value: "USER:PASSWORD@HOST"',
    "password=PASSWORD",
    'DB_PASSWORD="MY_DB_PASSWORD"',
])
def test_words_in_capitals_standing_for_a_value_are_placeholders(engine: DlpEngine, text: str) -> None:
    assert _found(engine, text) == []


def test_a_password_that_starts_with_the_word_in_capitals_is_still_found(engine: DlpEngine) -> None:
    assert ("GENERIC_SECRET", "PASSWORD2026!x") in _found(engine, "password=PASSWORD2026!x")


def test_an_ssn_in_a_table_of_fields_and_values(engine: DlpEngine) -> None:
    text = "| Field | Value |\n|---|---|\n| Legal name | Ana Ruiz |\n| SSN | 581071812 |\n| Start | 2026-01-05 |"
    assert ("US_SSN", "581071812") in _found(engine, text)


def test_nine_digits_in_a_table_row_of_another_field_are_no_ssn(engine: DlpEngine) -> None:
    text = "| Field | Value |\n|---|---|\n| Employee ID | 581071812 |"
    assert not [e for e, _ in _found(engine, text) if e == "US_SSN"]


@pytest.mark.parametrize(("text", "value"), [
    ("la password provvisoria: rT5#kPw9zQ", "rT5#kPw9zQ"),
    ("senha temporária: Gh7!mXq2Lp", "Gh7!mXq2Lp"),
    ("Passwort neues: Bz4$wYt8Nc", "Bz4$wYt8Nc"),
])
def test_a_password_word_and_an_adjective_before_the_colon(engine: DlpEngine, text: str, value: str) -> None:
    assert ("GENERIC_SECRET", value) in _found(engine, text)


def test_a_password_six_words_after_its_word(engine: DlpEngine) -> None:
    text = "a senha do Wi-Fi da sala de reuniões é Lumen2031.kQ."
    assert ("GENERIC_SECRET", "Lumen2031.kQ") in _found(engine, text)


def test_an_azure_ai_endpoint_beside_a_bare_key_names_it(engine: DlpEngine) -> None:
    text = ("24/12/2025 DEBUG config reloaded, build 1.29.17.2\n12/13/2024 ERROR loaded settings: "
            "endpoint=https://oai-legal.cognitiveservices.azure.com/ 7c1e9a04b2d84f6e9a3b5c7d1e2f4a6b")
    assert ("AZURE_OPENAI_KEY", "7c1e9a04b2d84f6e9a3b5c7d1e2f4a6b") in _found(engine, text)


@pytest.mark.parametrize(("text", "number"), [
    ("[15:22] Jenkins: build 20250427.13 deployed 5.0.12.123 (a49713f)", "5.0.12.123"),
    ("The export no longer stops (fixed in 6.14.8.135).", "6.14.8.135"),
    ("Running Workday 5.10.17.241.", "5.10.17.241"),
    ("(We are on Salesforce 8.15.1.24 if that matters.)", "8.15.1.24"),
    ("Pin the chart to 9.17.2.87.", "9.17.2.87"),
    ("2024/10/22 21:04 WARN health probe ok, agent 9.25.11.1", "9.25.11.1"),
    ("aktualizacja do wersji 10.17.14.21 w przyszłym tygodniu", "10.17.14.21"),
    ("システムをバージョン 8.3.3.40 に更新します。", "8.3.3.40"),
])
def test_a_number_that_ships_runs_or_is_pinned_is_a_version(engine: DlpEngine, text: str, number: str) -> None:
    assert ("IP_ADDRESS", number) not in _found(engine, text)


@pytest.mark.parametrize(("text", "address"), [
    ("deployed to 52.174.12.9 last night", "52.174.12.9"),
    ("the app is running on 52.174.12.10", "52.174.12.10"),
    ("the agent at 52.174.12.12 stopped reporting", "52.174.12.12"),
])
def test_an_address_a_deployment_or_agent_reaches_is_still_one(engine: DlpEngine, text: str, address: str) -> None:
    assert ("IP_ADDRESS", address) in _found(engine, text)


def test_an_address_after_a_status_column_is_still_one(engine: DlpEngine) -> None:
    text = "payments-api-7d9f8c-x2kq   1/1     Running   10.228.77.93   aks-nodepool1-0451-vmss000002"
    assert ("IP_ADDRESS", "10.228.77.93") in _found(engine, text)
