"""Settings: one pydantic-settings model from config.toml plus WAF_* environment variables.

Precedence (highest first): explicit keyword arguments, WAF_* environment
variables, the TOML file (``--config`` or ``WAF_CONFIG``), defaults.
Nested tables use ``__`` in environment names, e.g. ``WAF_BATCHER__MAX_WAIT_MS=5``;
lists are JSON, e.g. ``WAF_TRUSTED_PROXIES='["10.0.0.0/8"]'``.

A wrong value raises `ConfigError`, whose message names the key (as written in
config.toml) and what is allowed, so start-up fails with one readable line per
problem instead of a traceback.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "default"

# The TOML file `load_settings` was asked to read; a context variable rather than
# os.environ so that loading one file does not leak into later loads.
_CONFIG_PATH: ContextVar[Path | None] = ContextVar("waf_config_path", default=None)


class ConfigError(ValueError):
    """A setting is wrong; the message is meant for the operator, as is."""


class _Section(BaseModel):
    # A typo in a table key is an error, never silently ignored.
    model_config = ConfigDict(extra="forbid")


def _networks(values: list[str]) -> list[str]:
    """Check that every entry is an IP network or address (strict=False: host bits allowed)."""
    for value in values:
        try:
            ipaddress.ip_network(value.strip(), strict=False)
        except ValueError:
            raise ValueError(
                f"{value!r} is not an IP address or network (allowed: e.g. '10.0.0.0/8', '::1')"
            ) from None
    return [v.strip() for v in values]


class BatcherSettings(_Section):
    max_batch_size: int = Field(64, ge=1, le=4096)
    # 0: a batch starts as soon as the model is free; requests arriving during a forward
    # pass form the next one (measured: same req/s at 64 clients, 7x at 1, 1.6x at 16).
    max_wait_ms: float = Field(10.0, ge=0, le=1000)
    # A batch also starts when no request has arrived for this long (None: max_wait_ms / 10):
    # with one client or a few already queued, nothing more is coming to share it.
    quiet_ms: float | None = Field(None, ge=0, le=1000)
    max_queue: int = Field(4096, ge=1)
    timeout_ms: float = Field(250.0, gt=0, le=60_000)


class ModelSettings(_Section):
    path: Path = DEFAULT_MODEL_DIR
    threshold: float | None = Field(None, ge=0, le=1)  # None: the model's calibrated threshold
    device: str = "cpu"
    quantize_int8: bool = False
    torch_threads: int = Field(1, ge=1, le=256)
    jit: bool = True  # score through a TorchScript-traced forward (one GIL release per pass)
    profile: bool = True  # also judge requests against the app's learned parameter profile (profile.json)
    process: bool = True  # tokenise and infer in a child process of its own (no GIL shared with the loop)

    def scorer_options(self) -> dict[str, Any]:
        """`load_scorer` keyword arguments: serve and reload load a model the same way."""
        return {"quantize_int8": self.quantize_int8, "device": self.device, "threads": self.torch_threads,
                "jit": self.jit, "profile": self.profile, "process": self.process}


class UpstreamSettings(_Section):
    url: str = "http://127.0.0.1:8000"
    connect_timeout_s: float = Field(5.0, gt=0)
    read_timeout_s: float = Field(30.0, gt=0)
    write_timeout_s: float = Field(30.0, gt=0)
    pool_timeout_s: float = Field(5.0, gt=0)
    max_connections: int = Field(512, ge=1)
    max_keepalive_connections: int = Field(128, ge=0)
    transport: Literal["aiohttp", "httpcore"] = "aiohttp"

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{value!r} is not an http(s) URL (allowed: e.g. 'http://app:8000')")
        return value.rstrip("/")


class RateLimitSettings(_Section):
    enabled: bool = False
    limit: str = "100/second"  # `limits` notation, e.g. "600/minute" or "10/second;500/hour"
    strategy: Literal["moving-window", "fixed-window", "sliding-window-counter"] = "moving-window"
    storage_uri: str = "memory://"  # or redis://host:6379/0 (shared by replicas)
    key_prefix: str = "waf"  # namespaces the keys in a shared Redis

    @field_validator("limit")
    @classmethod
    def _parse_limit(cls, value: str) -> str:
        from limits import parse_many

        try:
            parse_many(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a rate limit (allowed: 'N/second|minute|hour|day', "
                "e.g. '100/second' or '10/second;500/hour')"
            ) from None
        return value

    @field_validator("storage_uri")
    @classmethod
    def _storage_scheme(cls, value: str) -> str:
        scheme = urlsplit(value).scheme
        allowed = ("memory", "redis", "rediss", "redis+unix", "redis+sentinel", "redis+cluster")
        if scheme not in allowed:
            raise ValueError(f"{value!r} has scheme {scheme!r} (allowed: {', '.join(allowed)})")
        return value


class AdminSettings(_Section):
    enabled: bool = True
    host: str = "127.0.0.1"  # keep on loopback or a private interface: /reload has no auth
    port: int = Field(9090, ge=0, le=65535)
    allow_reload: bool = True  # POST /reload and SIGHUP


class LogSettings(_Section):
    level: Literal["debug", "info", "warning", "error"] = "info"
    format: Literal["json", "console"] = "json"  # console: human-readable, for development
    # A request scoring at least this fraction of the threshold is "suspicious" and
    # logged at info even when it passes.
    suspicious_ratio: float = Field(0.8, ge=0, le=1)
    redact_headers: list[str] = ["cookie", "authorization", "proxy-authorization", "set-cookie"]
    redact_params: list[str] = ["password", "passwd", "token", "secret", "api_key", "apikey"]

    @field_validator("redact_headers", "redact_params")
    @classmethod
    def _lower(cls, values: list[str]) -> list[str]:
        return [v.strip().lower() for v in values if v.strip()]


class LearnSettings(_Section):
    output: Path = Path("learned.jsonl")
    sample_rate: float = Field(1.0, ge=0, le=1)
    max_records: int = Field(1_000_000, ge=1)


_METHOD = re.compile(r"[A-Za-z]{1,16}")


class ExcludeSettings(_Section):
    """One `[[exclude]]` table: parameters the model does not read on matching requests
    (waf_proxy/exclusions.py says how names and patterns are written)."""

    path: str  # glob over the canonical path; `*` matches anything, `/` included
    params: list[str] = Field(min_length=1)  # parameter name globs, e.g. "answers[].source", "<body>"
    methods: list[str] = []  # e.g. ["POST", "PUT"]; empty: every method

    @field_validator("path")
    @classmethod
    def _absolute(cls, value: str) -> str:
        if not value.startswith(("/", "*")):
            raise ValueError(f"{value!r} is not a path pattern (allowed: starts with '/', e.g. '/quizzes/*/attempts')")
        return value

    @field_validator("params")
    @classmethod
    def _named(cls, values: list[str]) -> list[str]:
        if any(not v.strip() for v in values):
            raise ValueError("an empty parameter pattern (allowed: a name or a glob such as 'answers[].*')")
        return [v.strip() for v in values]

    @field_validator("methods")
    @classmethod
    def _methods(cls, values: list[str]) -> list[str]:
        bad = [v for v in values if not _METHOD.fullmatch(v)]
        if bad:
            raise ValueError(f"{bad[0]!r} is not an HTTP method (allowed: e.g. 'POST')")
        return [v.upper() for v in values]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="WAF_",
        env_nested_delimiter="__",
        extra="forbid",
        toml_file=None,
    )

    mode: Literal["block", "monitor", "learn", "off"] = "block"
    fail_mode: Literal["open", "closed"] = "open"
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    inspect_body_bytes: int = Field(64 * 1024, ge=0, le=16 * 1024 * 1024)
    max_body_bytes: int = Field(0, ge=0)  # 0: no limit; larger bodies get 413
    client_body_timeout_s: float = Field(30.0, gt=0, le=3600)  # inspected prefix slower than this -> 408
    client_header_timeout_s: float = Field(15.0, gt=0, le=3600)  # request head slower than this -> closed
    inspect_headers: list[str] = ["user-agent", "referer", "cookie", "content-type"]
    trusted_proxies: list[str] = []  # networks whose X-Forwarded-For is believed
    exempt_paths: list[str] = []  # path prefixes never scored (health checks)
    exempt_networks: list[str] = []  # client networks never scored (internal scanners)
    block_paths: list[str] = []  # path prefixes always blocked
    block_networks: list[str] = []  # client networks always blocked
    exclude: list[ExcludeSettings] = []  # parameters the model does not read, per endpoint

    upstream: UpstreamSettings = UpstreamSettings()
    batcher: BatcherSettings = BatcherSettings()
    model: ModelSettings = ModelSettings()
    ratelimit: RateLimitSettings = RateLimitSettings()
    admin: AdminSettings = AdminSettings()
    log: LogSettings = LogSettings()
    learn: LearnSettings = LearnSettings()

    @field_validator("trusted_proxies", "exempt_networks", "block_networks")
    @classmethod
    def _check_networks(cls, values: list[str]) -> list[str]:
        return _networks(values)

    @field_validator("inspect_headers")
    @classmethod
    def _lower_headers(cls, values: list[str]) -> list[str]:
        return [v.strip().lower() for v in values if v.strip()]

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = _CONFIG_PATH.get() or os.environ.get("WAF_CONFIG")
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_path:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(toml_path)))
        return tuple(sources)


def _describe(error: dict[str, Any]) -> str:
    """One line per problem: dotted key, what is wrong, what was given."""
    key = ".".join(str(part) for part in error["loc"]) or "(top level)"
    kind = error["type"]
    msg = str(error["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        return f"{key}: unknown setting (check the spelling against config.toml)"
    given = error.get("input")
    if kind.startswith(("missing",)) or isinstance(given, dict):
        return f"{key}: {msg}"
    return f"{key}: {msg} (got {given!r})"


def load_settings(config_path: str | Path | None = None, **overrides: Any) -> Settings:
    """Load settings from a TOML file (or WAF_CONFIG) with env overrides.

    Raises ConfigError naming each bad key and what it allows.
    """
    raw = config_path if config_path is not None else os.environ.get("WAF_CONFIG")
    path = Path(raw) if raw else None
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"config file {str(path)!r} not found (from --config or WAF_CONFIG)")
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {str(path)!r} is not valid TOML: {exc}") from None
    token = _CONFIG_PATH.set(path)
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        where = f" in {str(path)!r} or WAF_* environment" if path else " in WAF_* environment"
        lines = "\n".join(f"  {_describe(e)}" for e in exc.errors())
        raise ConfigError(f"invalid configuration{where}:\n{lines}") from None
    finally:
        _CONFIG_PATH.reset(token)
