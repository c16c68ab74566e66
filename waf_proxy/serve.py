"""`waf-proxy serve`: the reverse proxy under uvicorn, plus the admin listener when present.

One process runs two `uvicorn.Server`s in one event loop: the proxy on
host:port and (if `waf_proxy.ops.admin` exists and admin.enabled) the admin
app on admin.host:admin.port, both sharing the one engine and its batcher.
With `--workers N > 1` uvicorn forks N proxy processes (each with its own
engine); the admin listener is then not started, since N processes cannot
share its port.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
from typing import Any

import structlog

from waf_proxy.config import ConfigError, Settings, load_settings
from waf_proxy.decision import DecisionEngine, build_engine
from waf_proxy.header_deadline import HeaderDeadlineProtocol, uvicorn_http
from waf_proxy.proxy import create_proxy_app

log = structlog.get_logger(__name__)

# uvicorn options for the proxy; tests/reliability starts the proxy with these too.
UVICORN_OPTIONS: dict[str, Any] = {
    "loop": "uvloop",
    "http": HeaderDeadlineProtocol,  # httptools plus a request-head deadline (slowloris)
    "lifespan": "on",
    "access_log": False,  # one structured line per decision instead (ops.logging)
    "proxy_headers": False,  # the proxy itself decides whose X-Forwarded-For to believe
    "server_header": False,  # the upstream's Server and Date pass through unchanged
    "date_header": False,
    "limit_concurrency": 4096,  # past this, uvicorn answers 503 instead of queueing without bound
    "backlog": 2048,
    "timeout_keep_alive": 5,
    "h11_max_incomplete_event_size": 64 * 1024,  # header limit when h11 is used
}

_ENV_ARGS = "WAF_SERVE_ARGS"  # how --workers children learn the parent's command line


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in ("host", "port", "mode"):
        if getattr(args, key, None) is not None:
            values[key] = getattr(args, key)
    if getattr(args, "upstream", None):
        values["upstream.url"] = args.upstream
    if getattr(args, "model", None):
        values["model.path"] = args.model
    return values


def settings_with(config: str | None, overrides: dict[str, Any]) -> Settings:
    """Settings from the file and environment, then command-line values on top (dotted keys nest)."""
    settings = load_settings(config)
    if not overrides:
        return settings
    data = settings.model_dump()
    for key, value in overrides.items():
        target = data
        *parents, leaf = key.split(".")
        for parent in parents:
            target = target[parent]
        target[leaf] = value
    try:
        return Settings.model_validate(data)
    except Exception as exc:
        raise ConfigError(f"invalid command-line value: {exc}") from None


def _configure_logging(settings: Settings) -> bool:
    try:
        module = importlib.import_module("waf_proxy.ops.logging")
    except ImportError:
        return False
    module.configure_logging(settings)
    return True


def _uvicorn_config(app: Any, settings: Settings, own_logging: bool) -> Any:
    import uvicorn

    options = dict(UVICORN_OPTIONS)
    if own_logging:
        options["log_config"] = None
    options["http"] = uvicorn_http(settings)  # the head deadline from settings.client_header_timeout_s
    return uvicorn.Config(app, host=settings.host, port=settings.port, log_level=settings.log.level, **options)


async def serve(settings: Settings, engine: DecisionEngine, own_logging: bool = False) -> None:
    """Run the proxy (and the admin listener) until SIGINT/SIGTERM."""
    import uvicorn

    app = create_proxy_app(settings, engine=engine)
    server = uvicorn.Server(_uvicorn_config(app, settings, own_logging))
    admin_server = None
    if settings.admin.enabled:
        try:
            admin = importlib.import_module("waf_proxy.ops.admin")
        except ImportError:
            admin = None
        if admin is not None:
            admin_app = admin.create_admin_app(engine, settings)
            admin_server = await admin.serve_admin(admin_app, settings)
            reloader = getattr(admin_app.state, "reloader", None)
            if reloader is not None and hasattr(admin, "install_sighup_reload"):
                admin.install_sighup_reload(reloader)
    try:
        await server.serve()
    finally:
        if admin_server is not None:
            await admin_server.stop()


def app_from_env() -> Any:
    """uvicorn factory for `--workers N`: each worker process builds its own engine."""
    saved = json.loads(os.environ[_ENV_ARGS])
    settings = settings_with(saved["config"], saved["overrides"])
    _configure_logging(settings)
    uvicorn_http(settings)  # this worker's request-head deadline
    return create_proxy_app(settings, engine=build_engine(settings))


def run_serve(args: argparse.Namespace) -> int:
    try:
        settings = settings_with(getattr(args, "config", None), _overrides(args))
    except ConfigError as exc:
        print(f"waf-proxy serve: {exc}", file=sys.stderr)
        return 2
    own_logging = _configure_logging(settings)
    workers = int(getattr(args, "workers", 1) or 1)
    where = f"http://{settings.host}:{settings.port}"
    print(f"waf-proxy: {where} -> {settings.upstream.url} (mode={settings.mode}, "
          f"transport={settings.upstream.transport}, workers={workers})", file=sys.stderr)
    if workers > 1:
        import uvicorn

        os.environ[_ENV_ARGS] = json.dumps({"config": getattr(args, "config", None), "overrides": _overrides(args)})
        options = dict(UVICORN_OPTIONS)
        if own_logging:
            options["log_config"] = None
        uvicorn.run("waf_proxy.serve:app_from_env", factory=True, workers=workers, host=settings.host,
                    port=settings.port, log_level=settings.log.level, **options)
        return 0
    try:
        engine = build_engine(settings)
    except Exception as exc:
        print(f"waf-proxy serve: cannot load the model from {settings.model.path}: {exc}", file=sys.stderr)
        return 1
    import uvloop

    uvloop.run(serve(settings, engine, own_logging))
    return 0
