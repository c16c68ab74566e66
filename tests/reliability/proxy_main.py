"""Run the real proxy app under uvicorn in a child process, with the fake Scorer.

Started by ``conftest.proxy_factory``: the parent binds the listening sockets
(no port race) and passes their file descriptors; settings overrides arrive as
JSON. A separate process lets tests measure the proxy's own RSS and prove it
survives what they throw at it.

    python -m tests.reliability.proxy_main --fd 5 [--admin-fd 6] --settings '{"mode": "block"}'
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import importlib.util
import json
import os
import socket
from typing import Any

import uvicorn

from tests.reliability.fakes import FakeScorer


def uvicorn_options() -> dict[str, Any]:
    """The uvicorn options `waf-proxy serve` uses, so tests see the shipped server."""
    options: dict[str, Any] = {
        "loop": "uvloop", "http": "httptools", "access_log": False, "proxy_headers": False,
        "log_level": "warning", "lifespan": "on", "interface": "asgi3",
    }
    try:
        serve = importlib.import_module("waf_proxy.serve")
    except ImportError:
        return options
    shipped = getattr(serve, "UVICORN_OPTIONS", None)
    if isinstance(shipped, dict):
        options.update(shipped)
    return options


async def main(args: argparse.Namespace) -> None:
    from waf_proxy.config import Settings
    from waf_proxy.decision import DecisionEngine
    from waf_proxy.proxy import create_proxy_app

    os.environ.pop("WAF_CONFIG", None)
    settings = Settings(**json.loads(args.settings))
    try:  # JSON logs to stdout, as `waf-proxy serve` configures them
        importlib.import_module("waf_proxy.ops.logging").configure_logging(settings)
    except (ImportError, AttributeError):
        pass
    if args.real_model:
        from waf_proxy.engine.artifacts import load_scorer

        scorer = load_scorer(settings.model.path, threads=1)
    else:
        scorer = FakeScorer(hang_s=args.hang_s)
    engine = DecisionEngine(settings, scorer)
    app = create_proxy_app(settings, engine=engine)
    if importlib.util.find_spec("waf_proxy.header_deadline") is not None:
        importlib.import_module("waf_proxy.header_deadline").uvicorn_http(settings)
    servers = [uvicorn.Server(uvicorn.Config(app, **uvicorn_options()))]
    sockets = [[socket.socket(fileno=args.fd)]]
    if args.admin_fd is not None:
        admin = importlib.import_module("waf_proxy.ops.admin")
        admin_app = admin.create_admin_app(engine, settings)
        servers.append(uvicorn.Server(uvicorn.Config(
            admin_app, log_level="warning", access_log=False, lifespan="off", loop="asyncio")))
        sockets.append([socket.socket(fileno=args.admin_fd)])
    tasks = [asyncio.create_task(s.serve(sockets=sk)) for s, sk in zip(servers, sockets)]
    # Only one server sees SIGTERM (signal handlers are per process): when one ends, end all.
    await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for server in servers:
        server.should_exit = True
    await asyncio.gather(*tasks, return_exceptions=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--admin-fd", type=int, default=None)
    parser.add_argument("--settings", default="{}")
    parser.add_argument("--hang-s", type=float, default=2.0)
    parser.add_argument("--real-model", action="store_true", help="settings.model.path instead of the fake")
    import uvloop

    uvloop.run(main(parser.parse_args()))
