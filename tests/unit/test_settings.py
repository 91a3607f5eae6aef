"""Configuration: every setting's environment variable, the precedence of the layers, JSON values,
and errors that name the setting without printing its value."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel, SecretStr

from aoai_logpipe import settings
from aoai_logpipe.reports.finance_config import AllocationVersion, Budget, WebhookSettings

# Every setting: its environment variable, a value in the environment's string form, and what it becomes.
ENVIRONMENT = {
    "source": ("AOAI_LOGPIPE_SOURCE", "eventhub", "eventhub"),
    "sink": ("AOAI_LOGPIPE_SINK", "cosmos", "cosmos"),
    "prices": ("AOAI_LOGPIPE_PRICES", "/etc/prices.json", Path("/etc/prices.json")),
    "tiktoken_cache_dir": ("AOAI_LOGPIPE_TIKTOKEN_CACHE_DIR", "/opt/tk", Path("/opt/tk")),
    "log_level": ("AOAI_LOGPIPE_LOG_LEVEL", "DEBUG", "DEBUG"),
    "log_format": ("AOAI_LOGPIPE_LOG_FORMAT", "json", "json"),
    "shutdown_timeout_s": ("AOAI_LOGPIPE_SHUTDOWN_TIMEOUT_S", "7.5", 7.5),
    "event_loop": ("AOAI_LOGPIPE_EVENT_LOOP", "asyncio", "asyncio"),
    "health.enabled": ("AOAI_LOGPIPE_HEALTH__ENABLED", "false", False),
    "health.host": ("AOAI_LOGPIPE_HEALTH__HOST", "127.0.0.1", "127.0.0.1"),
    "health.port": ("AOAI_LOGPIPE_HEALTH__PORT", "9090", 9090),
    "health.probe_interval_s": ("AOAI_LOGPIPE_HEALTH__PROBE_INTERVAL_S", "2", 2.0),
    "health.probe_timeout_s": ("AOAI_LOGPIPE_HEALTH__PROBE_TIMEOUT_S", "1.5", 1.5),
    "health.lag_interval_s": ("AOAI_LOGPIPE_HEALTH__LAG_INTERVAL_S", "3", 3.0),
    "health.max_loop_lag_s": ("AOAI_LOGPIPE_HEALTH__MAX_LOOP_LAG_S", "45", 45.0),
    "replay.path": ("AOAI_LOGPIPE_REPLAY__PATH", "in/day1", Path("in/day1")),
    "replay.batch_size": ("AOAI_LOGPIPE_REPLAY__BATCH_SIZE", "64", 64),
    "replay.keep_joins": ("AOAI_LOGPIPE_REPLAY__KEEP_JOINS", "true", True),
    "sqlite.path": ("AOAI_LOGPIPE_SQLITE__PATH", "/data/x.db", Path("/data/x.db")),
    "assembly.idle_timeout_s": ("AOAI_LOGPIPE_ASSEMBLY__IDLE_TIMEOUT_S", "60", 60.0),
    "assembly.apim_settle_s": ("AOAI_LOGPIPE_ASSEMBLY__APIM_SETTLE_S", "30", 30.0),
    "assembly.join_horizon_s": ("AOAI_LOGPIPE_ASSEMBLY__JOIN_HORIZON_S", "3600", 3600.0),
    "assembly.join_sweep_s": ("AOAI_LOGPIPE_ASSEMBLY__JOIN_SWEEP_S", "15", 15.0),
    "assembly.max_open": ("AOAI_LOGPIPE_ASSEMBLY__MAX_OPEN", "10", 10),
    "assembly.max_bytes": ("AOAI_LOGPIPE_ASSEMBLY__MAX_BYTES", "4096", 4096),
    "assembly.remember_finished": ("AOAI_LOGPIPE_ASSEMBLY__REMEMBER_FINISHED", "0", 0),
    "decode.max_event_bytes": ("AOAI_LOGPIPE_DECODE__MAX_EVENT_BYTES", "2048", 2048),
    "decode.max_records_per_event": ("AOAI_LOGPIPE_DECODE__MAX_RECORDS_PER_EVENT", "5", 5),
    "decode.max_prompt_tokens": ("AOAI_LOGPIPE_DECODE__MAX_PROMPT_TOKENS", "1000", 1000),
    "decode.max_completion_tokens": ("AOAI_LOGPIPE_DECODE__MAX_COMPLETION_TOKENS", "100", 100),
    "decode.caller_headers": ("AOAI_LOGPIPE_DECODE__CALLER_HEADERS", '{"user_id": ["x-user", "x-ms-client-principal"]}',
                              {"user_id": ["x-user", "x-ms-client-principal"]}),
    "dlp.mode": ("AOAI_LOGPIPE_DLP__MODE", "off", "off"),
    "eventhub.connection_string": ("AOAI_LOGPIPE_EVENTHUB__CONNECTION_STRING", "Endpoint=sb://x/;SharedAccessKey=k",
                                   "Endpoint=sb://x/;SharedAccessKey=k"),
    "eventhub.fully_qualified_namespace": ("AOAI_LOGPIPE_EVENTHUB__FULLY_QUALIFIED_NAMESPACE",
                                           "ns.servicebus.windows.net", "ns.servicebus.windows.net"),
    "eventhub.eventhub_name": ("AOAI_LOGPIPE_EVENTHUB__EVENTHUB_NAME", "gateway-logs", "gateway-logs"),
    "eventhub.consumer_group": ("AOAI_LOGPIPE_EVENTHUB__CONSUMER_GROUP", "logpipe", "logpipe"),
    "eventhub.starting_position": ("AOAI_LOGPIPE_EVENTHUB__STARTING_POSITION", "2026-10-01T08:00:00Z",
                                   "2026-10-01T08:00:00Z"),
    "eventhub.prefetch": ("AOAI_LOGPIPE_EVENTHUB__PREFETCH", "50", 50),
    "eventhub.max_batch_size": ("AOAI_LOGPIPE_EVENTHUB__MAX_BATCH_SIZE", "40", 40),
    "eventhub.max_wait_time_s": ("AOAI_LOGPIPE_EVENTHUB__MAX_WAIT_TIME_S", "0.5", 0.5),
    "eventhub.load_balancing_interval_s": ("AOAI_LOGPIPE_EVENTHUB__LOAD_BALANCING_INTERVAL_S", "4", 4.0),
    "eventhub.partition_ownership_expiration_s": ("AOAI_LOGPIPE_EVENTHUB__PARTITION_OWNERSHIP_EXPIRATION_S", "20", 20.0),
    "eventhub.checkpoint_interval_s": ("AOAI_LOGPIPE_EVENTHUB__CHECKPOINT_INTERVAL_S", "0", 0.0),
    "checkpoint.connection_string": ("AOAI_LOGPIPE_CHECKPOINT__CONNECTION_STRING", "AccountKey=abc", "AccountKey=abc"),
    "checkpoint.account_url": ("AOAI_LOGPIPE_CHECKPOINT__ACCOUNT_URL", "https://a.blob.core.windows.net",
                               "https://a.blob.core.windows.net"),
    "checkpoint.container": ("AOAI_LOGPIPE_CHECKPOINT__CONTAINER", "ckpt-2", "ckpt-2"),
    "checkpoint.create_container": ("AOAI_LOGPIPE_CHECKPOINT__CREATE_CONTAINER", "false", False),
    "cosmos.endpoint": ("AOAI_LOGPIPE_COSMOS__ENDPOINT", "https://a.documents.azure.com:443/",
                        "https://a.documents.azure.com:443/"),
    "cosmos.key": ("AOAI_LOGPIPE_COSMOS__KEY", "a2V5", "a2V5"),
    "cosmos.database": ("AOAI_LOGPIPE_COSMOS__DATABASE", "db2", "db2"),
    "cosmos.chargeback_container": ("AOAI_LOGPIPE_COSMOS__CHARGEBACK_CONTAINER", "cb", "cb"),
    "cosmos.audit_container": ("AOAI_LOGPIPE_COSMOS__AUDIT_CONTAINER", "au", "au"),
    "cosmos.deadletter_container": ("AOAI_LOGPIPE_COSMOS__DEADLETTER_CONTAINER", "dl", "dl"),
    "cosmos.join_container": ("AOAI_LOGPIPE_COSMOS__JOIN_CONTAINER", "jn", "jn"),
    "cosmos.buckets": ("AOAI_LOGPIPE_COSMOS__BUCKETS", "64", 64),
    "cosmos.join_buckets": ("AOAI_LOGPIPE_COSMOS__JOIN_BUCKETS", "16", 16),
    "cosmos.audit_ttl_days": ("AOAI_LOGPIPE_COSMOS__AUDIT_TTL_DAYS", "400", 400),
    "cosmos.verify_tls": ("AOAI_LOGPIPE_COSMOS__VERIFY_TLS", "false", False),
    "cosmos.create_if_missing": ("AOAI_LOGPIPE_COSMOS__CREATE_IF_MISSING", "false", False),
    "cosmos.concurrency": ("AOAI_LOGPIPE_COSMOS__CONCURRENCY", "4", 4),
    "cosmos.write_linger_s": ("AOAI_LOGPIPE_COSMOS__WRITE_LINGER_S", "0", 0.0),
    "cosmos.security_container": ("AOAI_LOGPIPE_COSMOS__SECURITY_CONTAINER", "sec", "sec"),
    "cosmos.policy_refresh_s": ("AOAI_LOGPIPE_COSMOS__POLICY_REFRESH_S", "5", 5.0),
    "eventhub.write_linger_s": ("AOAI_LOGPIPE_EVENTHUB__WRITE_LINGER_S", "0", 0.0),
    "finance.allocation": ("AOAI_LOGPIPE_FINANCE__ALLOCATION", '[{"version": "v1", "cost_center": {"app": {"a1": "CC-9"}}}]',
                           [AllocationVersion(version="v1", cost_center={"app": {"a1": "CC-9"}})]),
    "finance.unallocated_warn_share": ("AOAI_LOGPIPE_FINANCE__UNALLOCATED_WARN_SHARE", "0.2", 0.2),
    "finance.budgets": ("AOAI_LOGPIPE_FINANCE__BUDGETS", '[{"dimension": "cost_center", "value": "CC-1", "amount": "100"}]',
                        [Budget(dimension="cost_center", value="CC-1", amount=Decimal("100"))]),
    "finance.webhook": ("AOAI_LOGPIPE_FINANCE__WEBHOOK", '{"format": "slack", "timeout_s": 3}',
                        WebhookSettings(format="slack", timeout_s=3.0)),
    "finance.claim_timeout_s": ("AOAI_LOGPIPE_FINANCE__CLAIM_TIMEOUT_S", "60", 60.0),
    "finance.metrics_interval_s": ("AOAI_LOGPIPE_FINANCE__METRICS_INTERVAL_S", "30", 30.0),
    "finance.cosmos_container": ("AOAI_LOGPIPE_FINANCE__COSMOS_CONTAINER", "fin", "fin"),
}


# What the two non-default choices need besides (the model validator checks it).
REQUIRES = {
    "source": {"AOAI_LOGPIPE_EVENTHUB__CONNECTION_STRING": "Endpoint=sb://x/", "AOAI_LOGPIPE_CHECKPOINT__ACCOUNT_URL": "u"},
    "sink": {"AOAI_LOGPIPE_COSMOS__ENDPOINT": "https://a.documents.azure.com:443/"},
}


def every_setting() -> list[str]:
    names = []
    for name, field in settings.Settings.model_fields.items():
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            names += [f"{name}.{sub}" for sub in field.annotation.model_fields]
        else:
            names.append(name)
    return names


def value_of(config: settings.Settings, dotted: str):
    value = config
    for part in dotted.split("."):
        value = getattr(value, part)
    return value.get_secret_value() if isinstance(value, SecretStr) else value


def test_the_table_covers_every_setting():
    assert sorted(ENVIRONMENT) == sorted(every_setting())


@pytest.mark.parametrize("dotted", sorted(ENVIRONMENT))
def test_every_setting_has_its_environment_variable(dotted):
    variable, text, expected = ENVIRONMENT[dotted]
    default = value_of(settings.load(env={}), dotted)
    assert default != expected  # the variable is what changed it
    assert value_of(settings.load(env={variable: text, **REQUIRES.get(dotted, {})}), dotted) == expected


def test_all_variables_at_once_make_a_valid_configuration():
    config = settings.load(env={variable: text for variable, text, _ in ENVIRONMENT.values()})
    for dotted, (_, _, expected) in ENVIRONMENT.items():
        assert value_of(config, dotted) == expected, dotted


def test_defaults_without_any_source():
    config = settings.load(env={})
    assert (config.source, config.sink, config.shutdown_timeout_s) == ("replay", "sqlite", 25.0)
    assert config.sqlite.path == Path("out/logpipe.db") and config.cosmos.buckets == 32


def test_the_process_environment_is_read_when_none_is_given(monkeypatch):
    monkeypatch.setenv("AOAI_LOGPIPE_REPLAY__BATCH_SIZE", "77")
    assert settings.load().replay.batch_size == 77


def test_variable_names_are_case_insensitive():
    assert settings.load(env={"AOAI_LOGPIPE_Cosmos__Buckets": "9"}).cosmos.buckets == 9


def test_variables_of_other_programs_are_ignored():
    config = settings.load(env={"PATH": "/bin", "COSMOS__BUCKETS": "3", "AOAI_LOGPIPEX": "1"})
    assert config.cosmos.buckets == 32


# ----------------------------------------------------------------------------- precedence


@pytest.fixture(params=["toml", "json"])
def config_file(request, tmp_path) -> Path:
    data = {"log_level": "WARNING", "shutdown_timeout_s": 11,
            "cosmos": {"database": "from-file", "buckets": 8, "concurrency": 3}}
    path = tmp_path / f"logpipe.{request.param}"
    if request.param == "toml":
        path.write_text('log_level = "WARNING"\nshutdown_timeout_s = 11\n\n'
                        '[cosmos]\ndatabase = "from-file"\nbuckets = 8\nconcurrency = 3\n', encoding="utf-8")
    else:
        path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_config_file_overrides_the_defaults(config_file):
    config = settings.load(config_file, env={})
    assert (config.log_level, config.shutdown_timeout_s) == ("WARNING", 11.0)
    assert (config.cosmos.database, config.cosmos.buckets, config.cosmos.concurrency) == ("from-file", 8, 3)
    assert config.cosmos.audit_container == "audit"  # the rest of the section keeps its defaults


def test_the_environment_overrides_the_config_file(config_file):
    config = settings.load(config_file, env={"AOAI_LOGPIPE_LOG_LEVEL": "ERROR", "AOAI_LOGPIPE_COSMOS__BUCKETS": "16"})
    assert config.log_level == "ERROR" and config.cosmos.buckets == 16
    # one variable of a section leaves the file's other values of that section alone
    assert (config.cosmos.database, config.cosmos.concurrency) == ("from-file", 3)
    assert config.shutdown_timeout_s == 11.0


def test_command_line_overrides_win_over_the_environment_and_the_file(config_file):
    config = settings.load(config_file, env={"AOAI_LOGPIPE_LOG_LEVEL": "ERROR", "AOAI_LOGPIPE_COSMOS__BUCKETS": "16"},
                           overrides={"log_level": "DEBUG", "cosmos.buckets": 4, "sqlite.path": Path("/x.db")})
    assert (config.log_level, config.cosmos.buckets, config.sqlite.path) == ("DEBUG", 4, Path("/x.db"))
    assert (config.cosmos.database, config.cosmos.concurrency) == ("from-file", 3)


def test_an_override_of_none_is_no_override(config_file):
    config = settings.load(config_file, env={"AOAI_LOGPIPE_COSMOS__BUCKETS": "16"},
                           overrides={"cosmos.buckets": None, "source": None})
    assert config.cosmos.buckets == 16 and config.source == "replay"


# ----------------------------------------------------------------------------- JSON values


def test_a_json_object_in_the_environment_is_a_dict():
    config = settings.load(env={"AOAI_LOGPIPE_DECODE__CALLER_HEADERS": ' {"user_id": ["x-user"]}'})
    assert config.decode.caller_headers == {"user_id": ["x-user"]}


def test_open_dlp_keys_take_json_lists_and_objects_from_the_environment():
    config = settings.load(env={"AOAI_LOGPIPE_DLP__ACTIONS": '{"EMAIL_ADDRESS": "hash"}',
                                "AOAI_LOGPIPE_DLP__ENTITIES": '["EMAIL_ADDRESS", "US_SSN"]',
                                "AOAI_LOGPIPE_DLP__HASH_SECRET": "not-json-at-all",
                                "AOAI_LOGPIPE_DLP__ALLOW_LIST": "[not json"})
    extra = config.dlp.model_dump()
    assert extra["actions"] == {"EMAIL_ADDRESS": "hash"}
    assert extra["entities"] == ["EMAIL_ADDRESS", "US_SSN"]
    assert extra["hash_secret"] == "not-json-at-all" and extra["allow_list"] == "[not json"


def test_a_whole_section_can_be_one_json_variable():
    config = settings.load(env={"AOAI_LOGPIPE_COSMOS": '{"database": "d1", "buckets": 5}'})
    assert (config.cosmos.database, config.cosmos.buckets) == ("d1", 5)


def test_a_plain_string_that_starts_with_a_bracket_stays_a_string():
    assert settings.load(env={"AOAI_LOGPIPE_COSMOS__DATABASE": "[db]"}).cosmos.database == "[db]"


# ----------------------------------------------------------------------------- errors


def problem(**kwargs) -> str:
    with pytest.raises(settings.SettingsError) as caught:
        settings.load(**kwargs)
    return str(caught.value)


def test_a_value_of_the_wrong_type_names_the_setting():
    message = problem(env={"AOAI_LOGPIPE_HEALTH__PORT": "eighty"})
    assert message.startswith("invalid configuration: health.port: ") and "integer" in message


def test_a_value_out_of_bounds_names_the_setting_and_the_bound():
    message = problem(env={"AOAI_LOGPIPE_COSMOS__BUCKETS": "5000"})
    assert message == "invalid configuration: cosmos.buckets: Input should be less than or equal to 1000"


def test_a_top_level_value_of_the_wrong_kind_names_the_setting():
    message = problem(env={"AOAI_LOGPIPE_SHUTDOWN_TIMEOUT_S": "soon"})
    assert message.startswith("invalid configuration: shutdown_timeout_s: ")


def test_an_empty_variable_is_an_empty_value_not_an_absent_one():
    message = problem(env={"AOAI_LOGPIPE_COSMOS__AUDIT_TTL_DAYS": ""})
    assert message.startswith("invalid configuration: cosmos.audit_ttl_days: ")


def test_a_misspelled_variable_in_a_section_is_an_error_naming_it():
    message = problem(env={"AOAI_LOGPIPE_COSMOS__ENDPONT": "https://x"})
    assert message == "invalid configuration: cosmos.endpont: Extra inputs are not permitted"


def test_a_misspelled_top_level_variable_is_an_error_naming_it():
    message = problem(env={"AOAI_LOGPIPE_SHUTDOWN_TIMEOUT": "5"})
    assert message == "invalid configuration: shutdown_timeout: Extra inputs are not permitted"


def test_an_unknown_key_in_the_file_is_an_error_naming_it(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[cosmos]\nbucket = 3\n', encoding="utf-8")
    assert problem(config_file=path, env={}) == "invalid configuration: cosmos.bucket: Extra inputs are not permitted"


def test_a_bad_container_name_is_explained():
    message = problem(env={"AOAI_LOGPIPE_CHECKPOINT__CONTAINER": "Bad_Name"})
    assert message.startswith("invalid configuration: checkpoint.container: 'Bad_Name' is not a Blob container name")


def test_a_bad_cosmos_name_is_explained():
    message = problem(env={"AOAI_LOGPIPE_COSMOS__AUDIT_CONTAINER": "a/b"})
    assert message.startswith("invalid configuration: cosmos.audit_container: 'a/b' is not a Cosmos DB name")


def test_a_literal_names_its_choices():
    message = problem(env={"AOAI_LOGPIPE_SINK": "postgres"})
    assert message.startswith("invalid configuration: sink: ") and "'sqlite' or 'cosmos'" in message


def test_an_incomplete_eventhub_configuration_says_which_variables_to_set():
    message = problem(env={"AOAI_LOGPIPE_SOURCE": "eventhub"})
    assert message == (
        "invalid configuration: eventhub: set connection_string, or fully_qualified_namespace and eventhub_name "
        "(AOAI_LOGPIPE_EVENTHUB__CONNECTION_STRING / __FULLY_QUALIFIED_NAMESPACE / __EVENTHUB_NAME); "
        "checkpoint: set connection_string or account_url (AOAI_LOGPIPE_CHECKPOINT__CONNECTION_STRING / __ACCOUNT_URL)")


def test_the_cosmos_sink_needs_an_endpoint():
    assert problem(env={"AOAI_LOGPIPE_SINK": "cosmos"}) == (
        "invalid configuration: cosmos: set endpoint (AOAI_LOGPIPE_COSMOS__ENDPOINT)")


SECRET = "Zm9vYmFyLXNlY3JldC12YWx1ZQ=="


@pytest.mark.parametrize("env", [
    {"AOAI_LOGPIPE_COSMOS__KEYS": SECRET},  # misspelled: the value must not be echoed
    {"AOAI_LOGPIPE_COSMOS__KEY": SECRET, "AOAI_LOGPIPE_SINK": "cosmos"},  # incomplete around a secret
    {"AOAI_LOGPIPE_EVENTHUB__CONNECTION_STRING": SECRET, "AOAI_LOGPIPE_SOURCE": "eventhub"},
    {"AOAI_LOGPIPE_CHECKPOINT": '{"connection_string": "' + SECRET + '", "container": "A"}'},
    {"AOAI_LOGPIPE_COSMOS": '{"key": "' + SECRET + '", "buckets": "x"}'},
    {"AOAI_LOGPIPE_COSMOS": '{"key": "' + SECRET + '" oops'},
])
def test_errors_never_print_a_secret_value(env):
    assert SECRET not in problem(env=env)


def test_a_whole_section_variable_that_is_not_json_names_the_section():
    message = problem(env={"AOAI_LOGPIPE_COSMOS": '{"buckets": 5'})
    assert message.startswith("invalid configuration: cosmos: ")


def test_a_secret_is_kept_secret_in_the_settings_repr():
    config = settings.load(env={"AOAI_LOGPIPE_COSMOS__KEY": SECRET})
    assert SECRET not in repr(config) and config.cosmos.key.get_secret_value() == SECRET


def test_a_missing_config_file_is_named(tmp_path):
    message = problem(config_file=tmp_path / "nope.toml", env={})
    assert message == f"cannot read config file {tmp_path / 'nope.toml'}: No such file or directory"


@pytest.mark.parametrize("suffix, text, kind", [(".toml", "a = [", "toml"), (".json", "{", "json"), (".conf", "{", "conf"),
                                               ("", "{", "JSON")])
def test_a_malformed_config_file_is_named_with_its_format(tmp_path, suffix, text, kind):
    path = tmp_path / f"c{suffix}"
    path.write_text(text, encoding="utf-8")
    message = problem(config_file=path, env={})
    assert message.startswith(f"config file {path} is not valid {kind}: ")
