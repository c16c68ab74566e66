"""Settings: the shipped config.toml, env overrides, and errors that name their key."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel

from waf_proxy.config import ConfigError, Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "config.toml"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("WAF_"):
            monkeypatch.delenv(name)


def _field_keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    keys: list[str] = []
    for name, field in model.model_fields.items():
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            keys += _field_keys(ann, f"{prefix}{name}.")
        else:
            keys.append(prefix + name)
    return keys


def _documented_keys(text: str) -> set[str]:
    """Keys set or shown commented-out (`# key = value`) under their [table]."""
    keys: set[str] = set()
    table = ""
    for line in text.splitlines():
        if m := re.match(r"^\[(\w+)\]\s*$", line):
            table = m.group(1) + "."
        elif m := re.match(r"^#?\s*(\w+)\s*=\s*\S", line):
            keys.add(table + m.group(1))
    return keys


def test_shipped_config_documents_every_key() -> None:
    missing = set(_field_keys(Settings)) - _documented_keys(SHIPPED.read_text())
    assert not missing, f"config.toml does not document: {sorted(missing)}"


def test_shipped_config_loads_to_the_defaults() -> None:
    assert load_settings(SHIPPED) == Settings()


def test_shipped_config_active_values_match_defaults() -> None:
    """Every uncommented value equals its default (no drift between file and code)."""
    data = tomllib.loads(SHIPPED.read_text())
    defaults = Settings().model_dump(mode="json")
    for key, value in data.items():
        if isinstance(value, dict):
            for sub, subvalue in value.items():
                assert defaults[key][sub] == subvalue, f"{key}.{sub}"
        else:
            assert defaults[key] == value, key


def test_toml_values_are_read(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('mode = "monitor"\n[batcher]\nmax_wait_ms = 3\n[ratelimit]\nlimit = "5/minute"\n')
    s = load_settings(path)
    assert (s.mode, s.batcher.max_wait_ms, s.ratelimit.limit) == ("monitor", 3.0, "5/minute")
    assert s.batcher.max_batch_size == 64  # untouched keys keep defaults


def test_env_overrides_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.toml"
    path.write_text('mode = "monitor"\n[batcher]\nmax_wait_ms = 3\n')
    monkeypatch.setenv("WAF_BATCHER__MAX_WAIT_MS", "7")
    monkeypatch.setenv("WAF_TRUSTED_PROXIES", '["10.0.0.0/8"]')
    s = load_settings(path)
    assert s.batcher.max_wait_ms == 7.0
    assert s.trusted_proxies == ["10.0.0.0/8"]
    assert s.mode == "monitor"


def test_waf_config_env_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.toml"
    path.write_text('fail_mode = "closed"\n')
    monkeypatch.setenv("WAF_CONFIG", str(path))
    assert load_settings().fail_mode == "closed"


def test_loading_one_file_does_not_leak_into_the_next(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('mode = "off"\n')
    assert load_settings(path).mode == "off"
    assert load_settings().mode == "block"


@pytest.mark.parametrize(
    ("toml", "key", "allowed"),
    [
        ('mode = "blok"', "mode", "'block', 'monitor', 'learn' or 'off'"),
        ("[batcher]\nmax_batch_size = 0", "batcher.max_batch_size", "greater than or equal to 1"),
        ('[ratelimit]\nlimit = "lots"', "ratelimit.limit", "N/second"),
        ('[ratelimit]\nstorage_uri = "mongodb://x"', "ratelimit.storage_uri", "redis"),
        ('trusted_proxies = ["nope"]', "trusted_proxies", "10.0.0.0/8"),
        ('[upstream]\nurl = "ftp://x"', "upstream.url", "http(s) URL"),
        ("[batcher]\nmax_wiat_ms = 3", "batcher.max_wiat_ms", "unknown setting"),
        ("colour = 1", "colour", "unknown setting"),
    ],
)
def test_wrong_value_names_key_and_what_is_allowed(
    tmp_path: Path, toml: str, key: str, allowed: str
) -> None:
    path = tmp_path / "c.toml"
    path.write_text(toml + "\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert re.search(rf"^\s*{re.escape(key)}: ", message, re.M), message
    assert allowed in message


def test_bad_env_value_names_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAF_ADMIN__PORT", "99999")
    with pytest.raises(ConfigError, match=r"admin\.port: .*65535"):
        load_settings()


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "absent.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("mode = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(bad)


def _serve_with_config(args: object) -> int:
    load_settings(getattr(args, "config"))
    return 0


def test_cli_prints_config_error_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever handler loads the settings, the CLI turns ConfigError into exit 2."""
    from waf_proxy import cli

    monkeypatch.setitem(cli.HANDLERS, "serve", f"{__name__}:_serve_with_config")
    bad = tmp_path / "bad.toml"
    bad.write_text('mode = "blok"\n')
    assert cli.main(["serve", "--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "mode:" in err and "Traceback" not in err
    good = tmp_path / "good.toml"
    good.write_text('mode = "monitor"\n')
    assert cli.main(["serve", "--config", str(good)]) == 0
