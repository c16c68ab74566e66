"""nginx (Debian package) with the shipped auth_request config in front of a demo app.

The check service and a demo upstream run under uvicorn in threads of this
process on free loopback ports; nginx runs as the current user from a temp
prefix with deploy/nginx/nginx.conf and waf.conf, only the three documented
addresses replaced. Benign requests reach the app, an SQL injection gets 403.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.check.conftest import RegexScorer, make_settings
from waf_proxy.check import create_check_app
from waf_proxy.decision import DecisionEngine

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

pytestmark = [
    pytest.mark.needs_nginx,
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThreadedServer:
    """uvicorn in a daemon thread; `stop` waits for it to exit."""

    def __init__(self, app: Any, port: int) -> None:
        # log_config=None: leave the process's logging alone (dictConfig would detach uvicorn loggers from root).
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 5
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)


async def demo_echo(request: Request) -> JSONResponse:
    body = await request.body()
    return JSONResponse(
        {
            "app": "demo",
            "path": request.url.path,
            "body_len": len(body),
            "request_id": request.headers.get("x-request-id"),
            "waf_score": request.headers.get("x-waf-score"),
        }
    )


DEMO_APP = Starlette(routes=[Route("/{path:path}", demo_echo, methods=["GET", "POST"])])


def render_config(prefix: Path, listen: int, app_port: int, check_port: int) -> None:
    """Copy the shipped configs, replacing only the documented placeholders (each exactly once)."""
    waf = (DEPLOY / "waf.conf").read_text()
    for old, new in (
        ("listen 8080;", f"listen 127.0.0.1:{listen};"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("server 127.0.0.1:8081;", f"server 127.0.0.1:{check_port};"),
    ):
        assert waf.count(old) == 1, f"placeholder {old!r} changed in deploy/nginx/waf.conf"
        waf = waf.replace(old, new)
    (prefix / "waf.conf").write_text(waf)
    shutil.copy(DEPLOY / "nginx.conf", prefix / "nginx.conf")


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[str, RegexScorer]]:
    listen, app_port, check_port = free_port(), free_port(), free_port()
    scorer = RegexScorer()
    settings = make_settings()
    check = ThreadedServer(create_check_app(settings, DecisionEngine(settings, scorer)), check_port)
    demo = ThreadedServer(DEMO_APP, app_port)
    render_config(tmp_path, listen, app_port, check_port)
    globals_ = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    nginx: subprocess.Popen[bytes] | None = None
    check.start()
    try:
        demo.start()
        nginx = subprocess.Popen(
            [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
             "-e", str(tmp_path / "error.log"), "-g", globals_],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{listen}"
        deadline = time.monotonic() + 5
        while True:
            if nginx.poll() is not None:
                out = nginx.stdout.read().decode() if nginx.stdout else ""
                pytest.fail(f"nginx exited {nginx.returncode}: {out}")
            try:
                httpx.get(base + "/", timeout=0.5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield base, scorer
    finally:
        if nginx is not None and nginx.poll() is None:
            nginx.terminate()
            try:
                nginx.wait(timeout=5)
            except subprocess.TimeoutExpired:
                nginx.kill()
                nginx.wait()
        demo.stop()
        check.stop()


def test_nginx_auth_request_passes_benign_and_blocks_sqli(stack: tuple[str, RegexScorer]) -> None:
    base, scorer = stack
    with httpx.Client(base_url=base, timeout=5) as http:
        benign = http.get("/products?id=42", headers={"User-Agent": "Mozilla/5.0"})
        posted = http.post("/orders", content=b"qty=2&item=7",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        sqli = http.get("/products?id=1%27%20UNION%20SELECT%20password%20FROM%20users--")
        header_attack = http.get("/", headers={"User-Agent": "<script>alert(1)</script>"})

    assert benign.status_code == 200 and benign.json()["app"] == "demo"
    assert benign.json()["path"] == "/products"
    # The app gets the decision's id and score; the client sees the same id.
    assert benign.json()["request_id"] == benign.headers["x-request-id"]
    assert float(benign.json()["waf_score"]) < 0.5
    # The body is withheld from the check but still reaches the app intact.
    assert posted.status_code == 200 and posted.json()["body_len"] == len(b"qty=2&item=7")

    assert sqli.status_code == 403 and "demo" not in sqli.text
    assert len(sqli.headers["x-request-id"]) == 32  # nginx's $request_id, echoed by the service
    assert header_attack.status_code == 403  # forwarded client headers are inspected

    seen = {(v.method, v.path, v.query) for v in scorer.seen}
    assert ("GET", "/products", "id=1%27%20UNION%20SELECT%20password%20FROM%20users--") in seen
    assert ("POST", "/orders", "") in seen
