"""Configuration: defaults < config file (TOML or JSON) < environment < command-line flags.

Every setting has an environment variable: AOAI_LOGPIPE_<SECTION>__<NAME> for a section
field (AOAI_LOGPIPE_SQLITE__PATH), AOAI_LOGPIPE_<NAME> for a top-level one
(AOAI_LOGPIPE_SOURCE). Settings are validated once, at start-up, with messages that name
the setting and never its secret value.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError

ENV_PREFIX = "AOAI_LOGPIPE_"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReplaySettings(_Section):
    path: Path = Field(Path("replay_data"), description="replay directory or file(s)")
    batch_size: int = Field(500, ge=1, le=100_000)


class SqliteSettings(_Section):
    path: Path = Field(Path("out/logpipe.db"), description="SQLite database file")


class AssemblySettings(_Section):
    idle_timeout_s: float = Field(300.0, gt=0, description="event-time idle before a stream closes as incomplete")
    apim_settle_s: float = Field(120.0, gt=0, description="event-time wait for the other half of an APIM request")
    max_open: int = Field(100_000, ge=1, description="open conversations per partition before the oldest is evicted")
    max_bytes: int = Field(512 * 1024 * 1024, ge=1024, description="bytes held per partition before eviction")
    remember_finished: int = Field(200_000, ge=0, description="finished ids remembered to drop late duplicates")


class DecodeSettings(_Section):
    max_event_bytes: int = Field(8 * 1024 * 1024, ge=1024)
    caller_headers: dict[str, list[str]] | None = Field(
        None, description="caller field -> header names to read it from (APIM GatewayLogs, openai-logger)")


class DlpSettings(_Section):
    model_config = ConfigDict(extra="allow")
    mode: Literal["off", "pattern", "ner"] = "off"


class Settings(_Section):
    source: Literal["replay", "eventhub"] = "replay"
    sink: Literal["sqlite", "cosmos"] = "sqlite"
    prices: Path | None = Field(None, description="price table JSON (default: the bundled example list prices)")
    tiktoken_cache_dir: Path | None = Field(None, description="where offline encodings are installed")
    log_level: str = "INFO"
    replay: ReplaySettings = Field(default_factory=ReplaySettings)
    sqlite: SqliteSettings = Field(default_factory=SqliteSettings)
    assembly: AssemblySettings = Field(default_factory=AssemblySettings)
    decode: DecodeSettings = Field(default_factory=DecodeSettings)
    dlp: DlpSettings = Field(default_factory=DlpSettings)


class SettingsError(ValueError):
    pass


def load(config_file: Path | None = None, env: Mapping[str, str] | None = None,
         overrides: Mapping[str, Any] | None = None) -> Settings:
    """Merge file, environment and explicit overrides (dotted keys), then validate."""
    data: dict[str, Any] = {}
    if config_file is not None:
        data = _read_file(config_file)
    for key, value in _from_env(os.environ if env is None else env).items():
        _set(data, key, value)
    for key, value in (overrides or {}).items():
        if value is not None:
            _set(data, key, value)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise SettingsError(f"invalid configuration: {problems}") from None


def _read_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"cannot read config file {path}: {exc.strerror}") from None
    try:
        return tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise SettingsError(f"config file {path} is not valid {path.suffix.lstrip('.') or 'JSON'}: {exc}") from None


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in env.items():
        if not name.startswith(ENV_PREFIX):
            continue
        key = name[len(ENV_PREFIX):].lower().replace("__", ".")
        out[key] = _env_value(value)
    return out


def _env_value(value: str) -> Any:
    """JSON-looking values (lists, objects) are parsed; everything else stays a string."""
    stripped = value.strip()
    if stripped[:1] in ("[", "{"):
        try:
            return json.loads(stripped)
        except json.JSONDecodeError:
            return value
    return value


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise SettingsError(f"setting {dotted} conflicts with {part}")
        node = child
    node[parts[-1]] = value
