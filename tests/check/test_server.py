"""`waf-proxy check-server`: flags over config, and the app it serves."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.testclient import TestClient

from waf_proxy.check.server import run_check_server, settings_from_args
from waf_proxy.cli import build_parser


def test_flags_override_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('mode = "monitor"\nport = 9999\nhost = "0.0.0.0"\n')
    args = build_parser().parse_args(
        ["check-server", "--config", str(config), "--port", "8081", "--model", str(tmp_path / "m")]
    )
    settings = settings_from_args(args)
    assert settings.mode == "monitor" and settings.host == "0.0.0.0"  # from the file
    assert settings.port == 8081 and settings.model.path == tmp_path / "m"  # from flags


def test_run_check_server_serves_the_decision_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('mode = "off"\n[admin]\nenabled = false\n')  # "off" needs no model files
    served: dict[str, Any] = {}

    def fake_run(app: Any, **kwargs: Any) -> None:
        served.update(kwargs, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    # The real one caches structlog loggers process-wide; other tests configure their own.
    configured: list[Any] = []
    monkeypatch.setattr("waf_proxy.ops.logging.configure_logging", configured.append)
    args = argparse.Namespace(config=str(config), host="127.0.0.1", port=8099, model=None)
    assert run_check_server(args) == 0
    assert (served["host"], served["port"]) == ("127.0.0.1", 8099)
    assert len(configured) == 1 and configured[0].mode == "off"  # JSON logs set up from the config
    with TestClient(served["app"]) as http:
        answer = http.post("/check", json={"path": "/", "query": "q=1' union select 1--"})
    assert answer.status_code == 200 and answer.json()["outcome"] == "allow"  # mode off never blocks
    assert answer.json()["mode"] == "off"
