"""Pattern-mode classes of the thirteenth to sixteenth corpora's rounds (#15): the name in an AWS Secrets Manager
ARN is no secret, words in capitals standing for a value are placeholders, an SSN in a table of fields and values,
a password word with an adjective before its colon (Italian, Portuguese ...), a password several words after
its word, an Azure AI endpoint beside a bare key, and numbers that ship, run or are pinned are versions, not
addresses. Values are made up here."""

from __future__ import annotations

from typing import Callable

import pytest

from aoai_logpipe.core import recognizers as rec
from aoai_logpipe.core.dlp import CREDENTIAL_ENTITIES

pytestmark = pytest.mark.timeout(120)

Scan = Callable[[str], list[tuple[str, str]]]


def test_recognizers_version_is_bumped_for_this_round() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 24


@pytest.mark.parametrize("text", [
    '    value: "arn:aws:secretsmanager:eu-west-1:210987654321:secret:prod/payments-Qw3rTy"',
    "store it and reference it with arn:aws:secretsmanager:us-east-2:210987654321:secret:app/db.",
])
def test_the_name_in_a_secrets_manager_arn_is_no_secret(pattern_scan: Scan, text: str) -> None:
    assert pattern_scan(text) == []


def test_a_client_secret_after_a_colon_is_still_found(pattern_scan: Scan) -> None:
    assert ("GENERIC_SECRET", "Vq8#zLm2pTw91") in pattern_scan("client_secret: Vq8#zLm2pTw91")


@pytest.mark.parametrize("text", [
    '  - name: DB_PASSWORD\n    value: "USER:PASSWORD@HOST"',
    "password=PASSWORD",
    'DB_PASSWORD="MY_DB_PASSWORD"',
])
def test_words_in_capitals_standing_for_a_value_are_placeholders(pattern_scan: Scan, text: str) -> None:
    assert pattern_scan(text) == []


def test_a_password_that_starts_with_the_word_in_capitals_is_still_found(pattern_scan: Scan) -> None:
    assert ("GENERIC_SECRET", "PASSWORD2026!x") in pattern_scan("password=PASSWORD2026!x")


def test_an_ssn_in_a_table_of_fields_and_values(pattern_scan: Scan) -> None:
    text = "| Field | Value |\n|---|---|\n| Legal name | Ana Ruiz |\n| SSN | 581071812 |\n| Start | 2026-01-05 |"
    assert ("US_SSN", "581071812") in pattern_scan(text)


def test_nine_digits_in_a_table_row_of_another_field_are_no_ssn(pattern_scan: Scan) -> None:
    text = "| Field | Value |\n|---|---|\n| Employee ID | 581071812 |"
    assert not [e for e, _ in pattern_scan(text) if e == "US_SSN"]


@pytest.mark.parametrize(("text", "value"), [
    ("la password provvisoria: rT5#kPw9zQ", "rT5#kPw9zQ"),
    ("senha temporária: Gh7!mXq2Lp", "Gh7!mXq2Lp"),
    ("Passwort neues: Bz4$wYt8Nc", "Bz4$wYt8Nc"),
])
def test_a_password_word_and_an_adjective_before_the_colon(pattern_scan: Scan, text: str, value: str) -> None:
    assert ("GENERIC_SECRET", value) in pattern_scan(text)


def test_a_password_six_words_after_its_word(pattern_scan: Scan) -> None:
    text = "a senha do Wi-Fi da sala de reuniões é Lumen2031.kQ."
    assert ("GENERIC_SECRET", "Lumen2031.kQ") in pattern_scan(text)


def test_an_azure_ai_endpoint_beside_a_bare_key_names_it(pattern_scan: Scan) -> None:
    text = ("24/12/2025 DEBUG config reloaded, build 1.29.17.2\n12/13/2024 ERROR loaded settings: "
            "endpoint=https://oai-legal.cognitiveservices.azure.com/ 7c1e9a04b2d84f6e9a3b5c7d1e2f4a6b")
    assert ("AZURE_OPENAI_KEY", "7c1e9a04b2d84f6e9a3b5c7d1e2f4a6b") in pattern_scan(text)


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
def test_a_number_that_ships_runs_or_is_pinned_is_a_version(pattern_scan: Scan, text: str, number: str) -> None:
    assert ("IP_ADDRESS", number) not in pattern_scan(text)


@pytest.mark.parametrize(("text", "address"), [
    ("deployed to 52.174.12.9 last night", "52.174.12.9"),
    ("the app is running on 52.174.12.10", "52.174.12.10"),
    ("the agent at 52.174.12.12 stopped reporting", "52.174.12.12"),
])
def test_an_address_a_deployment_or_agent_reaches_is_still_one(pattern_scan: Scan, text: str, address: str) -> None:
    assert ("IP_ADDRESS", address) in pattern_scan(text)


def test_an_address_after_a_status_column_is_still_one(pattern_scan: Scan) -> None:
    text = "payments-api-7d9f8c-x2kq   1/1     Running   10.228.77.93   aks-nodepool1-0451-vmss000002"
    assert ("IP_ADDRESS", "10.228.77.93") in pattern_scan(text)


def test_a_card_named_before_what_it_paid_for_is_a_card(pattern_scan: Scan) -> None:
    text = "Card used for the booking: 4828853389936752 (exp 01/30)."
    assert ("CREDIT_CARD", "4828853389936752") in pattern_scan(text)


@pytest.mark.parametrize(("text", "value"), [
    ("> for the integration use this: Harbor*tiger746", "Harbor*tiger746"),
    ("> here is the token for the integration: dl%taAd34otV0P", "dl%taAd34otV0P"),
    ("pour l'intégration, utilise celui-ci : Sommer2020!fcl", "Sommer2020!fcl"),
])
def test_a_value_handed_over_after_a_colon(pattern_scan: Scan, text: str, value: str) -> None:
    assert ("GENERIC_SECRET", value) in pattern_scan(text)


@pytest.mark.parametrize("text", [
    "use this: https://contoso.example/docs/v2",
    "use this: v1.2.3",
    "use this: python3.11",
    "use this: /etc/ssl/certs/ca.pem",
    "Here is the key for the staging tenant: ${STAGING_KEY}",
])
def test_a_link_a_version_a_tool_or_a_reference_handed_over_is_no_secret(pattern_scan: Scan, text: str) -> None:
    assert pattern_scan(text) == []


def test_a_primary_key_label_names_a_bare_hex_key(pattern_scan: Scan) -> None:
    text = ('{"msg":"resource=oai-sales-swc region=westeurope primary=9f0c2b7d4e6a8c1b3d5f7e9a0b2c4d6e",'
            '"trace_id":"b284bb90b54c2199e50fed35d06ddeb0c78ec454"}')
    assert ("AZURE_OPENAI_KEY", "9f0c2b7d4e6a8c1b3d5f7e9a0b2c4d6e") in pattern_scan(text)


# ---------------------------------------------------------------- the fifteenth and sixteenth corpora

@pytest.mark.parametrize(("text", "iban"), [
    ("iban nl88trio8357355882 from now on", "nl88trio8357355882"),
    ("Nowy IBAN: pl22592377342433878183466080 — BIC DEUTDEFFXXX.", "pl22592377342433878183466080"),
    ("rekening de44 5001 0517 5407 3249 31 graag", "de44 5001 0517 5407 3249 31"),
])
def test_an_iban_in_lower_case(pattern_scan: Scan, text: str, iban: str) -> None:
    assert ("IBAN_CODE", iban) in pattern_scan(text)


def test_a_lower_case_run_failing_mod_97_is_no_iban(pattern_scan: Scan) -> None:
    assert pattern_scan("ref nl88trio8357355883 ok") == []


def test_a_card_grouped_by_dots(pattern_scan: Scan) -> None:
    assert ("CREDIT_CARD", "4321.3336.5243.9950") in pattern_scan("card 4321.3336.5243.9950 exp 04/28")


def test_a_test_card_grouped_by_dots_is_no_card(pattern_scan: Scan) -> None:
    assert pattern_scan("Visa 4111.1111.1111.1111") == []


@pytest.mark.parametrize(("text", "value"), [
    ('ldap = LDAPClient(host, bind_dn="cn=svc", bind_pw="Claims#96Dt")', "Claims#96Dt"),
    ("pw=Xq7#mP2vLx", "Xq7#mP2vLx"),
])
def test_a_pw_key_names_a_password(pattern_scan: Scan, text: str, value: str) -> None:
    assert ("GENERIC_SECRET", value) in pattern_scan(text)


@pytest.mark.parametrize("text", [
    "password: vault:secret/data/payroll#password",
    "token: secret/data/ci#token",
    "keep the password in vault:secret/data/ci#token and template it as changeme.",
    "keep the password in arn:aws:secretsmanager:eu-west-1:965584093724:secret:prod/api-wFhB9P and template it.",
])
def test_vault_paths_and_arns_are_references(pattern_scan: Scan, text: str) -> None:
    assert pattern_scan(text) == []


def test_a_login_on_a_host_named_for_its_protocol_is_no_mailbox(pattern_scan: Scan) -> None:
    assert pattern_scan("  DEPLOY_TARGET: deploy@sftp.bank-partner.net") == []


@pytest.mark.parametrize(("text", "ssn"), [
    ("INSERT INTO dbo.customers (id, full_name, email, ssn) VALUES\n  (3374, 'Bo Lind', 'bo@lumen.example', '277771749');",
     "277771749"),
    ("customer_id,email,tax_id,country\n24730,ana.park@outlook.com,465798156,IN", "465798156"),
])
def test_nine_digits_in_an_ssn_or_tax_id_column(pattern_scan: Scan, text: str, ssn: str) -> None:
    assert ("US_SSN", ssn) in pattern_scan(text)


def test_an_address_after_a_node_name_in_kubectl_describe(pattern_scan: Scan) -> None:
    text = "Node:         aks-system-58678323-vmss000002/192.168.85.28"
    assert ("IP_ADDRESS", "192.168.85.28") in pattern_scan(text)


def test_a_product_token_before_a_version_is_still_no_address(pattern_scan: Scan) -> None:
    assert pattern_scan("User-Agent: okhttp/4.12.0.1") == []


@pytest.mark.parametrize(("text", "value"), [
    ("The 401 is caused by the credential sent in the request (`Hmpgln.2865.ahp`): it expired.", "Hmpgln.2865.ahp"),
    ("The credential sent (`fd929f0b208d71e5e2f3b18d8493af78`) was revoked.", "fd929f0b208d71e5e2f3b18d8493af78"),
    ("Don't keep `Saffron30-cobalt83` in the manifest.", "Saffron30-cobalt83"),
    ("You pasted `Tundra30-quartz80` - treat it as leaked and rotate it.", "Tundra30-quartz80"),
])
def test_an_answer_quoting_a_secret_in_backticks(pattern_scan: Scan, text: str, value: str) -> None:
    assert value in [v for entity, v in pattern_scan(text) if entity in CREDENTIAL_ENTITIES]


@pytest.mark.parametrize("text", [
    "Set the key `AZURE_OPENAI_KEY2` and the secret `my-secret-2`; the token lives in `app-secrets`.",
    "the image (`sha256:09420de973e3e105531d771d4f84cbc8734d84c8f0f51adddee8681fcc7adb73`), commit "
    "`3f9a2c1d4e5b6a7980a1b2c3d4e5f60718293a4b`",
    "Use the key from `${DB_PASSWORD}` and run `kubectl get secret app-secrets -o yaml`.",
])
def test_names_digests_and_references_in_backticks_are_no_secrets(pattern_scan: Scan, text: str) -> None:
    assert pattern_scan(text) == []


@pytest.mark.parametrize(("text", "phone"), [
    ("pide que la llamen al +34 810 18 91 98. 19/01/26, 572654882-66.", "+34 810 18 91 98"),
    ("ber om återuppringning på +46 70 159 76 81. 20/08/26.", "+46 70 159 76 81"),
])
def test_a_phone_number_before_a_date_with_a_two_digit_year(pattern_scan: Scan, text: str, phone: str) -> None:
    assert ("PHONE_NUMBER", phone) in pattern_scan(text)


@pytest.mark.parametrize(("text", "value"), [
    ("[09:15] Amara: and for the alerting: DB_PASSWORD=Falcon&0821aZQ", "Falcon&0821aZQ"),
    ("(IT asked me to include the connector setting: DB_PASSWORD = Tulip&527tud)", "Tulip&527tud"),
    ("Upload runs from the batch host; log in with the pass Granite#70yfFy and change it", "Granite#70yfFy"),
])
def test_a_password_with_an_ampersand_in_prose_and_one_to_log_in_with(pattern_scan: Scan, text: str, value: str) -> None:
    assert ("GENERIC_SECRET", value) in pattern_scan(text)


def test_a_query_string_password_stops_at_its_ampersand(pattern_scan: Scan) -> None:
    assert ("GENERIC_SECRET", "abc1") in pattern_scan("https://x.example/login?password=abc1&user=me")


@pytest.mark.parametrize(("text", "entity", "value"), [
    ("- I pasted the HF token (hf_VVBYm6bsJsSai1deF2SuxSOfuJ5doTJGty) into the settings", "HUGGINGFACE_TOKEN",
     "hf_VVBYm6bsJsSai1deF2SuxSOfuJ5doTJGty"),
    ("sh '''export ARM_ACCESS_KEY=Jm31RVc9pyuUkA9DBKrHr+TAG4CHW4ov9BfdEa8wiP49mMP2AveIRUKJn4SwzyOppZBbIbKNngn9If3KF7MIiw=='''",
     "AZURE_KEY", "Jm31RVc9pyuUkA9DBKrHr+TAG4CHW4ov9BfdEa8wiP49mMP2AveIRUKJn4SwzyOppZBbIbKNngn9If3KF7MIiw=="),
    ('let opts = PgConnectOptions::new().username("etl").password("MixPL4_Vaqfwv4");', "GENERIC_SECRET", "MixPL4_Vaqfwv4"),
    ('DATABASES["default"]["PASSWORD"] = "Yjkinz%3375*kvi"', "GENERIC_SECRET", "Yjkinz%3375*kvi"),
    ('new AuthenticationHeaderValue("Bearer", "lfuCluFiERSBHVjDxKXKhhCjPILzGgssMnAjUooZ");', "GENERIC_SECRET",
     "lfuCluFiERSBHVjDxKXKhhCjPILzGgssMnAjUooZ"),
])
def test_tokens_keys_and_passwords_in_code_seen_with_other_values(pattern_scan: Scan, text: str, entity: str,
                                                                  value: str) -> None:
    assert (entity, value) in pattern_scan(text)


def test_a_builder_given_a_variable_is_a_reference(pattern_scan: Scan) -> None:
    assert pattern_scan('builder.password(System.getenv("DB_PW"));') == []


def test_a_dotted_quad_closing_a_sentence_is_never_a_phone_number() -> None:
    text = "All failing calls come from 194.153.115.85."
    assert [m.group() for m in rec._NEVER_PHONE.finditer(text) if m.group()[0].isdigit()] == ["194.153.115.85"]
