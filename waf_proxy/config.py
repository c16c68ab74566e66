"""Settings: one pydantic-settings model from config.toml plus WAF_* environment variables.

Precedence (highest first): explicit keyword arguments, WAF_* environment
variables, the TOML file (``--config`` or ``WAF_CONFIG``), defaults.
Nested tables use ``__`` in environment names, e.g. ``WAF_BATCHER__MAX_WAIT_MS=5``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "default"


class BatcherSettings(BaseModel):
    max_batch_size: int = Field(64, ge=1, le=4096)
    max_wait_ms: float = Field(10.0, ge=0, le=1000)
    max_queue: int = Field(4096, ge=1)
    timeout_ms: float = Field(250.0, gt=0, le=60_000)


class ModelSettings(BaseModel):
    path: Path = DEFAULT_MODEL_DIR
    threshold: float | None = Field(None, ge=0, le=1)  # None: the model's calibrated threshold
    device: str = "cpu"
    quantize_int8: bool = False
    torch_threads: int = Field(1, ge=1, le=256)


class UpstreamSettings(BaseModel):
    url: str = "http://127.0.0.1:8000"
    connect_timeout_s: float = Field(5.0, gt=0)
    read_timeout_s: float = Field(30.0, gt=0)
    write_timeout_s: float = Field(30.0, gt=0)
    pool_timeout_s: float = Field(5.0, gt=0)
    max_connections: int = Field(512, ge=1)
    max_keepalive_connections: int = Field(128, ge=0)
    transport: Literal["aiohttp", "httpcore"] = "aiohttp"


class RateLimitSettings(BaseModel):
    enabled: bool = False
    limit: str = "100/second"  # `limits` notation, e.g. "600/minute"
    storage_uri: str = "memory://"  # or redis://host:6379/0


class AdminSettings(BaseModel):
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = Field(9090, ge=0, le=65535)


class LogSettings(BaseModel):
    level: Literal["debug", "info", "warning", "error"] = "info"
    redact_headers: list[str] = ["cookie", "authorization", "proxy-authorization", "set-cookie"]
    redact_params: list[str] = ["password", "passwd", "token", "secret", "api_key", "apikey"]


class LearnSettings(BaseModel):
    output: Path = Path("learned.jsonl")
    sample_rate: float = Field(1.0, ge=0, le=1)
    max_records: int = Field(1_000_000, ge=1)


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
    inspect_headers: list[str] = ["user-agent", "referer", "cookie", "content-type"]
    trusted_proxies: list[str] = []  # networks whose X-Forwarded-For is believed
    exempt_paths: list[str] = []  # path prefixes never scored (health checks)
    exempt_networks: list[str] = []  # client networks never scored (internal scanners)
    block_paths: list[str] = []  # path prefixes always blocked
    block_networks: list[str] = []  # client networks always blocked

    upstream: UpstreamSettings = UpstreamSettings()
    batcher: BatcherSettings = BatcherSettings()
    model: ModelSettings = ModelSettings()
    ratelimit: RateLimitSettings = RateLimitSettings()
    admin: AdminSettings = AdminSettings()
    log: LogSettings = LogSettings()
    learn: LearnSettings = LearnSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = os.environ.get("WAF_CONFIG")
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_path:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(toml_path)))
        return tuple(sources)


def load_settings(config_path: str | Path | None = None, **overrides: Any) -> Settings:
    """Load settings from a TOML file (or WAF_CONFIG) with env overrides."""
    if config_path is not None:
        os.environ["WAF_CONFIG"] = str(config_path)
    return Settings(**overrides)
