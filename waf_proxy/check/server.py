"""`waf-proxy check-server`: run the decision API under uvicorn."""

from __future__ import annotations

import argparse
from pathlib import Path

from waf_proxy.config import Settings, load_settings


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Config file and env first, then the command line's explicit flags on top."""
    settings = load_settings(getattr(args, "config", None))
    if getattr(args, "host", None):
        settings.host = args.host
    if getattr(args, "port", None) is not None:
        settings.port = args.port
    if getattr(args, "model", None):
        settings.model.path = Path(args.model)
    return settings


def run_check_server(args: argparse.Namespace) -> int:
    import uvicorn

    from waf_proxy.check.app import create_check_app
    from waf_proxy.ops.logging import configure_logging

    settings = settings_from_args(args)
    configure_logging(settings)
    app = create_check_app(settings, admin=True)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,  # configure_logging already routes uvicorn's logs as JSON
        log_level=settings.log.level,
        access_log=False,
        proxy_headers=False,  # forwarded client addresses are read per request, from trusted peers only
    )
    return 0
