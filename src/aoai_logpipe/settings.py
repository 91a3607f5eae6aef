"""Configuration: defaults < config file (TOML or JSON) < environment < command-line flags.

Every setting has an environment variable: AOAI_LOGPIPE_<SECTION>__<NAME> for a section
field (AOAI_LOGPIPE_SQLITE__PATH), AOAI_LOGPIPE_<NAME> for a top-level one
(AOAI_LOGPIPE_SOURCE); lists and objects are JSON. pydantic-settings reads the environment
and merges the layers. Settings are validated once, at start-up, with messages that name
the setting and never its secret value.
"""

from __future__ import annotations

import importlib.util
import json
import re
import tomllib
from pathlib import Path
from typing import Any, Literal, Mapping

import pydantic_settings
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, EnvSettingsSource, InitSettingsSource, SettingsConfigDict

from aoai_logpipe.reports.finance_config import FinanceSettings

ENV_PREFIX = "AOAI_LOGPIPE_"
BLOB_CONTAINER = re.compile(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")
COSMOS_NAME = re.compile(r"[^/\\#?]{0,254}[^/\\#? ]")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReplaySettings(_Section):
    path: Path = Field(Path("replay_data"), description="replay directory or file(s)")
    batch_size: int = Field(500, ge=1, le=100_000)
    keep_joins: bool = Field(False, description="keep half-joined requests in the store at the end of the input "
                                                "(the next run's files may hold their other half)")


class SqliteSettings(_Section):
    path: Path = Field(Path("out/logpipe.db"), description="SQLite database file")


class AssemblySettings(_Section):
    idle_timeout_s: float = Field(300.0, gt=0, description="event-time idle before a stream closes as incomplete")
    apim_settle_s: float = Field(120.0, gt=0, description="event-time wait for the other half of an APIM request")
    join_horizon_s: float = Field(86_400.0, gt=0, description="how long a half that closed alone waits in the store "
                                                           "for its other half (then: dead letter, or billed as is)")
    join_sweep_s: float = Field(300.0, gt=0, description="how often the worker looks for joins past the horizon")
    max_open: int = Field(100_000, ge=1, description="open conversations per partition before the oldest is evicted")
    max_bytes: int = Field(512 * 1024 * 1024, ge=1024, description="bytes held per partition before eviction")
    remember_finished: int = Field(200_000, ge=0, description="finished ids remembered to drop late duplicates")


class DecodeSettings(_Section):
    """Bounds on what input may claim: sizes, records per event, token counts."""

    max_event_bytes: int = Field(8 * 1024 * 1024, ge=1024)
    max_records_per_event: int = Field(1_000, ge=1, description="APIM records decoded per event; the rest: one dead letter")
    max_prompt_tokens: int = Field(10_000_000, ge=1, description="reported prompt tokens above this are implausible: not priced")
    max_completion_tokens: int = Field(1_000_000, ge=1, description="reported completion tokens above this are implausible")
    caller_headers: dict[str, list[str]] | None = Field(
        None, description="caller field -> header names to read it from (APIM GatewayLogs, openai-logger)")


class EventHubSettings(_Section):
    connection_string: SecretStr | None = Field(None, description="Event Hubs connection string (else managed identity)")
    fully_qualified_namespace: str | None = Field(None, description="<namespace>.servicebus.windows.net, for managed identity")
    eventhub_name: str | None = Field(None, description="event hub (EntityPath of the connection string if absent)")
    consumer_group: str = "$Default"
    starting_position: str = Field("earliest", description="earliest | latest | an ISO time, for partitions without checkpoint")
    prefetch: int = Field(300, ge=1)
    max_batch_size: int = Field(300, ge=1)
    max_wait_time_s: float = Field(5.0, gt=0, description="deliver a (possibly empty) batch at least this often")
    load_balancing_interval_s: float = Field(10.0, gt=0)
    partition_ownership_expiration_s: float = Field(60.0, gt=0)
    checkpoint_interval_s: float = Field(10.0, ge=0)
    write_linger_s: float = Field(0.5, ge=0, le=60, description="gather a partition's batches for up to this long "
                                  "before writing them: fewer, larger Cosmos requests; documents and checkpoints "
                                  "come this much later")


class CheckpointSettings(_Section):
    connection_string: SecretStr | None = Field(None, description="Blob storage connection string (else managed identity)")
    account_url: str | None = Field(None, description="https://<account>.blob.core.windows.net, for managed identity")
    container: str = "eventhub-checkpoints"
    create_container: bool = True

    @field_validator("container")
    @classmethod
    def _blob_container_name(cls, value: str) -> str:
        if not BLOB_CONTAINER.fullmatch(value) or "--" in value:
            raise ValueError(f"{value!r} is not a Blob container name: 3-63 lowercase letters, digits and "
                             "single hyphens, starting and ending with a letter or digit")
        return value


class CosmosSettings(_Section):
    endpoint: str | None = Field(None, description="https://<account>.documents.azure.com:443/")
    key: SecretStr | None = Field(None, description="account key (else managed identity: DefaultAzureCredential)")
    database: str = "aoai-logpipe"
    chargeback_container: str = "chargeback"
    audit_container: str = "audit"
    deadletter_container: str = "deadletters"
    join_container: str = Field("joins", description="halves of requests waiting for their other half (partition key /pk)")
    security_container: str = Field("security", description="erasure tombstones, legal holds and the access log (/pk)")
    policy_refresh_s: float = Field(30.0, gt=0, description="how often the worker re-reads tombstones and holds")
    buckets: int = Field(32, ge=1, le=1000, description="partition-key buckets; fixed once containers exist")
    join_buckets: int = Field(8, ge=1, le=1000, description="partition-key buckets of the join container: the "
                              "merges of one round that share one are read by one query and written by one "
                              "batch; fixed once the container exists")
    audit_ttl_days: int | None = Field(None, ge=1, description="audit retention (container default TTL)")
    verify_tls: bool = True
    create_if_missing: bool = True
    concurrency: int = Field(16, ge=1, le=256)
    write_linger_s: float = Field(0.5, ge=0, le=60, description="how long a round of writes waits for more "
                                  "writers (partitions) after the first: their documents share batches; "
                                  "documents and checkpoints come up to this much later")

    @field_validator("database", "chargeback_container", "audit_container", "deadletter_container", "security_container")
    @classmethod
    def _cosmos_name(cls, value: str) -> str:
        if not COSMOS_NAME.fullmatch(value):
            raise ValueError(f"{value!r} is not a Cosmos DB name: 1-255 characters, none of / \\ # ?, "
                             "not ending with a space")
        return value


class DlpSettings(_Section):
    model_config = ConfigDict(extra="allow")
    mode: Literal["off", "pattern", "ner"] = "pattern"


class HealthSettings(_Section):
    enabled: bool = Field(True, description="serve /livez, /readyz and /metrics while consuming")
    host: str = Field("0.0.0.0", description="listen address of the health server")
    port: int = Field(8080, ge=0, le=65535, description="port of /livez, /readyz and /metrics (0: any free port)")
    probe_interval_s: float = Field(10.0, gt=0, description="how often /readyz probes the sink and partition ownership")
    probe_timeout_s: float = Field(5.0, gt=0, description="a sink probe slower than this counts as failed")
    lag_interval_s: float = Field(15.0, gt=0, description="how often partition lag (last enqueued sequence numbers) is sampled")
    max_loop_lag_s: float = Field(30.0, gt=0, description="/livez fails when the event loop has not ticked for this long")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_nested_delimiter="__", case_sensitive=False,
                                      extra="forbid")

    source: Literal["replay", "eventhub"] = "replay"
    sink: Literal["sqlite", "cosmos"] = "sqlite"
    prices: Path | None = Field(None, description="price table JSON (default: the bundled example list prices)")
    tiktoken_cache_dir: Path | None = Field(None, description="where offline encodings are installed")
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = Field("text", description="log lines as text, or one JSON object per line")
    health: HealthSettings = Field(default_factory=HealthSettings)
    replay: ReplaySettings = Field(default_factory=ReplaySettings)
    sqlite: SqliteSettings = Field(default_factory=SqliteSettings)
    assembly: AssemblySettings = Field(default_factory=AssemblySettings)
    decode: DecodeSettings = Field(default_factory=DecodeSettings)
    dlp: DlpSettings = Field(default_factory=DlpSettings)
    eventhub: EventHubSettings = Field(default_factory=EventHubSettings)
    checkpoint: CheckpointSettings = Field(default_factory=CheckpointSettings)
    cosmos: CosmosSettings = Field(default_factory=CosmosSettings)
    finance: FinanceSettings = Field(default_factory=FinanceSettings)
    shutdown_timeout_s: float = Field(25.0, gt=0, description="bound on flush + checkpoint + close after SIGTERM")
    event_loop: Literal["auto", "uvloop", "asyncio"] = Field(
        "auto", description="the event loop runs and workers run on: uvloop where installed (auto), or asyncio's own")

    @field_validator("event_loop")
    @classmethod
    def _installed_loop(cls, value: str) -> str:
        if value == "uvloop" and importlib.util.find_spec("uvloop") is None:
            raise ValueError("uvloop is not installed (pip install uvloop, or event_loop: auto)")
        return value

    @model_validator(mode="after")
    def _complete_for_the_chosen_source_and_sink(self) -> "Settings":
        problems = []
        if self.source == "eventhub":
            eh = self.eventhub
            if eh.connection_string is None and not (eh.fully_qualified_namespace and eh.eventhub_name):
                problems.append("eventhub: set connection_string, or fully_qualified_namespace and eventhub_name "
                                "(AOAI_LOGPIPE_EVENTHUB__CONNECTION_STRING / __FULLY_QUALIFIED_NAMESPACE / __EVENTHUB_NAME)")
            if self.checkpoint.connection_string is None and not self.checkpoint.account_url:
                problems.append("checkpoint: set connection_string or account_url "
                                "(AOAI_LOGPIPE_CHECKPOINT__CONNECTION_STRING / __ACCOUNT_URL)")
        if self.sink == "cosmos" and not self.cosmos.endpoint:
            problems.append("cosmos: set endpoint (AOAI_LOGPIPE_COSMOS__ENDPOINT)")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class SettingsError(ValueError):
    pass


def load(config_file: Path | None = None, env: Mapping[str, str] | None = None,
         overrides: Mapping[str, Any] | None = None) -> Settings:
    """Merge file, environment (`os.environ` unless given) and explicit overrides (dotted keys),
    then validate."""
    flags: dict[str, Any] = {}
    for key, value in (overrides or {}).items():
        if value is not None:
            _set(flags, key, value)
    file = _read_file(config_file) if config_file is not None else {}
    layers = (InitSettingsSource(Settings, flags), _Environment(Settings, env), InitSettingsSource(Settings, file))
    try:
        return Settings(_build_sources=(layers, {}))  # the first layer wins
    except ValidationError as exc:
        problems = "; ".join(
            (f"{'.'.join(map(str, e['loc']))}: " if e["loc"] else "") + e["msg"].removeprefix("Value error, ")
            for e in exc.errors(include_input=False))
        raise SettingsError(f"invalid configuration: {problems}") from None
    except pydantic_settings.SettingsError as exc:  # a variable that should hold JSON does not
        raise SettingsError(f"invalid configuration: {exc.__cause__ or exc}") from None


class _Environment(EnvSettingsSource):
    """The AOAI_LOGPIPE_* variables, read by pydantic-settings, plus two promises of this loader:
    a variable that names no setting is passed on, so validation rejects it by name (as it does
    inside a section), and the open `dlp.*` keys take JSON lists and objects like typed ones."""

    def __init__(self, settings_cls: type[BaseSettings], env: Mapping[str, str] | None) -> None:
        self._given = env
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        if self._given is None:
            return super()._load_env_vars()
        return {name.lower(): value for name, value in self._given.items()}

    def decode_complex_value(self, field_name: str, field: FieldInfo | None, value: Any) -> Any:
        try:
            return super().decode_complex_value(field_name, field, value)
        except ValueError:
            raise SettingsError(f"{field_name}: {ENV_PREFIX}{field_name.upper()} is not valid JSON") from None

    def __call__(self) -> dict[str, Any]:
        data = super().__call__()
        prefix = ENV_PREFIX.lower()
        for name, value in self.env_vars.items():
            key = name[len(prefix):].split("__")[0] if name.startswith(prefix) else ""
            if key and key not in self.settings_cls.model_fields:
                data.setdefault(key, value)
        dlp = data.get("dlp")
        if isinstance(dlp, dict):
            data["dlp"] = {k: v if k in DlpSettings.model_fields else _json_or_text(v) for k, v in dlp.items()}
        return data


def _json_or_text(value: Any) -> Any:
    """JSON-looking strings (lists, objects) are parsed; everything else stays as it is."""
    if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _read_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"cannot read config file {path}: {exc.strerror}") from None
    try:
        return tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise SettingsError(f"config file {path} is not valid {path.suffix.lstrip('.') or 'JSON'}: {exc}") from None


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise SettingsError(f"setting {dotted} conflicts with {part}")
        node = child
    node[parts[-1]] = value
