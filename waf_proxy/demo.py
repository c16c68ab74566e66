"""`waf-proxy demo`: a small shop app with the proxy and the default model in front of it.

Both run in this one process (two uvicorn servers, one event loop). The two
printed curl lines show one request passing and one blocked.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from waf_proxy.config import ConfigError, Settings
from waf_proxy.decision import DecisionEngine, build_engine
from waf_proxy.proxy import create_proxy_app
from waf_proxy.serve import UVICORN_OPTIONS, settings_with

ITEMS = [{"id": 1, "name": "blue shoes", "price": 59.0}, {"id": 2, "name": "red scarf", "price": 19.5}]


async def index(request: Request) -> Response:
    return HTMLResponse("<h1>Demo shop</h1><p>Try /search?q=shoes, POST /api/items, POST /login.</p>")


async def search(request: Request) -> Response:
    query = request.query_params.get("q", "")
    hits = [item for item in ITEMS if query.lower() in item["name"]]
    return JSONResponse({"q": query, "results": hits})


async def items(request: Request) -> Response:
    if request.method == "GET":
        return JSONResponse(ITEMS)
    try:
        item = await request.json()
    except ValueError:
        return JSONResponse({"error": "body must be JSON"}, status_code=400)
    return JSONResponse({"created": item}, status_code=201)


async def login(request: Request) -> Response:
    form = dict(parse_qsl((await request.body()).decode("utf-8", "replace")))
    user = html.escape(form.get("username", ""))
    return HTMLResponse(f"<p>Welcome, {user}.</p>" if form.get("password") else "<p>Password missing.</p>")


def demo_app() -> Starlette:
    """The app behind the proxy: a search, a JSON API and a login form."""
    return Starlette(
        routes=[
            Route("/", index),
            Route("/search", search),
            Route("/api/items", items, methods=["GET", "POST"]),
            Route("/login", login, methods=["POST"]),
        ]
    )


def curl_lines(port: int) -> tuple[str, str]:
    base = f"http://127.0.0.1:{port}"
    passes = f"curl -s -w ' -> %{{http_code}}\\n' '{base}/search?q=blue+shoes'"
    blocked = (
        f"curl -s -w ' -> %{{http_code}}\\n' "
        f"\"{base}/search?q=shoes'+UNION+SELECT+username,password+FROM+users--\""
    )
    return passes, blocked


async def run(settings: Settings, engine: DecisionEngine, app_port: int) -> None:
    import uvicorn

    quiet: dict[str, Any] = {"log_level": "warning", "access_log": False}
    app_server = uvicorn.Server(uvicorn.Config(demo_app(), host="127.0.0.1", port=app_port, **quiet))
    options = {**UVICORN_OPTIONS, "log_level": "warning"}
    proxy = uvicorn.Server(
        uvicorn.Config(create_proxy_app(settings, engine=engine), host=settings.host, port=settings.port, **options)
    )
    app_task = asyncio.create_task(app_server.serve())
    proxy_task = asyncio.create_task(proxy.serve())
    while not (app_server.started and proxy.started):
        if app_task.done() or proxy_task.done():
            break
        await asyncio.sleep(0.05)
    if app_server.started and proxy.started:
        passes, blocked = curl_lines(settings.port)
        print(f"demo app on http://127.0.0.1:{app_port}, WAF proxy on http://{settings.host}:{settings.port}")
        print(f"model {engine.model_version} (threshold {engine.threshold:.3f}); Ctrl-C to stop.\n")
        print("# passes:")
        print(passes)
        print("# blocked (403):")
        print(blocked, flush=True)
    await asyncio.gather(app_task, proxy_task, return_exceptions=True)
    app_server.should_exit = proxy.should_exit = True


def run_demo(args: argparse.Namespace) -> int:
    app_port = int(getattr(args, "app_port", 8000))
    port = int(getattr(args, "port", 8080))
    try:
        settings = settings_with(
            getattr(args, "config", None),
            {"upstream.url": f"http://127.0.0.1:{app_port}", "port": port, "host": "127.0.0.1", "mode": "block",
             "admin.enabled": False},
        )
    except ConfigError as exc:
        print(f"waf-proxy demo: {exc}", file=sys.stderr)
        return 2
    if not (Path(settings.model.path) / "config.json").is_file():
        print(f"waf-proxy demo: no model at {settings.model.path} (train one with `waf-proxy train`, "
              "or set model.path)", file=sys.stderr)
        return 1
    engine = build_engine(settings)
    import uvloop

    try:
        uvloop.run(run(settings, engine, app_port))
    except KeyboardInterrupt:
        pass
    return 0
