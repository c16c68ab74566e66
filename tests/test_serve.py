"""`waf-proxy serve` plumbing: command-line values over config, uvicorn options, bad input."""

from __future__ import annotations

import argparse

import pytest

from waf_proxy.config import ConfigError
from waf_proxy.serve import UVICORN_OPTIONS, _overrides, run_serve, settings_with


def args(**kw) -> argparse.Namespace:
    base = dict(upstream=None, host=None, port=None, config=None, model=None, mode=None, workers=1)
    base.update(kw)
    return argparse.Namespace(**base)


def test_command_line_values_override_the_config_file(tmp_path, monkeypatch):
    monkeypatch.delenv("WAF_CONFIG", raising=False)
    config = tmp_path / "config.toml"
    config.write_text('mode = "monitor"\nport = 9000\n[upstream]\nurl = "http://a:1"\ntransport = "httpcore"\n')
    settings = settings_with(str(config), _overrides(args(upstream="http://b:2", mode="block", model="/m")))
    assert settings.mode == "block" and settings.port == 9000
    assert settings.upstream.url == "http://b:2" and settings.upstream.transport == "httpcore"
    assert str(settings.model.path) == "/m"


def test_bad_command_line_value_is_a_config_error(monkeypatch):
    monkeypatch.delenv("WAF_CONFIG", raising=False)
    with pytest.raises(ConfigError):
        settings_with(None, {"upstream.url": "ftp://nope"})
    assert run_serve(args(upstream="not a url")) == 2


def test_missing_model_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("WAF_CONFIG", raising=False)
    assert run_serve(args(upstream="http://127.0.0.1:1", model=str(tmp_path / "none"), port=0)) == 1
    assert "cannot load the model" in capsys.readouterr().err


def test_uvicorn_options_keep_forwarding_honest():
    assert UVICORN_OPTIONS["proxy_headers"] is False  # we choose whose X-Forwarded-For to trust
    assert UVICORN_OPTIONS["server_header"] is False and UVICORN_OPTIONS["date_header"] is False
    assert UVICORN_OPTIONS["access_log"] is False and UVICORN_OPTIONS["limit_concurrency"] > 0
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    assert UVICORN_OPTIONS["loop"] == "uvloop"
    assert issubclass(UVICORN_OPTIONS["http"], HttpToolsProtocol)  # httptools + request-head deadline
