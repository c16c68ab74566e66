"""Fixtures: a real upstream in a thread and the real proxy under uvicorn in a child process.

The proxy runs `create_proxy_app` with `DecisionEngine` and the fake regex
Scorer (tests/reliability/fakes.py), on sockets bound here and inherited by the
child. `proxy_factory(**overrides)` starts one proxy per distinct settings and
keeps it for the session.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tests.reliability.rawhttp import exchange, request_bytes
from tests.reliability.upstream import UpstreamServer, bind_loopback

REPO = Path(__file__).resolve().parents[2]


def serving_path_missing() -> str | None:
    """Why the proxy cannot be started yet (the serving path is being written), or None."""
    for module in ("waf_proxy.proxy", "waf_proxy.decision"):
        if importlib.util.find_spec(module) is None:
            return f"{module} does not exist yet"
    return None


@dataclass
class ProxyProcess:
    proc: subprocess.Popen[bytes]
    port: int
    admin_port: int | None
    settings: dict[str, Any]
    log_path: Path | None = None
    ready: bool = False

    def log_events(self) -> list[dict[str, Any]]:
        """The JSON log lines the proxy wrote (structlog to stdout)."""
        if self.log_path is None or not self.log_path.exists():
            return []
        events = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            line = line.strip()
            if line.startswith("{"):
                try:
                    events.append(json.loads(line))
                except ValueError:
                    pass
        return events

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.proc.poll() is None

    def rss_bytes(self) -> int:
        """Resident set size of the proxy process, from /proc."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS")

    def healthy(self) -> bool:
        """A normal request still gets a normal answer."""
        resp = exchange(self.port, request_bytes("GET", "/healthcheck?after=1"), timeout=5)
        return self.alive() and resp.status == 200

    def metrics(self) -> str:
        if self.admin_port is None:
            pytest.skip("admin listener (waf_proxy.ops.admin) not available")
        resp = exchange(self.admin_port, request_bytes("GET", "/metrics"), timeout=5)
        assert resp.status == 200
        return resp.body.decode()

    def wait_ready(self, timeout_s: float = 60.0) -> "ProxyProcess":
        """Block until the proxy answers HTTP (any status: its upstream may be down on purpose)."""
        if self.ready:
            return self
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"proxy exited with {self.proc.returncode} during start-up")
            try:
                if exchange(self.port, request_bytes("GET", "/__ready"), timeout=2).status is not None:
                    self.ready = True
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("proxy did not become ready")

    def stop(self, wait_s: float = 1.0) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=3)


def start_proxy(settings: dict[str, Any], *, hang_s: float = 2.0, admin: bool = True,
                real_model: bool = False, log_path: Path | None = None, wait: bool = True) -> ProxyProcess:
    """Start `proxy_main` in a child process and (with `wait`) wait until it answers."""
    reason = serving_path_missing()
    if reason:
        pytest.skip(reason)
    sock = bind_loopback()
    port = sock.getsockname()[1]
    fds = [sock.fileno()]
    args = [sys.executable, "-m", "tests.reliability.proxy_main", "--fd", str(sock.fileno()),
            "--settings", json.dumps(settings), "--hang-s", str(hang_s)]
    if real_model:
        args.append("--real-model")
    admin_port = None
    admin_sock = None
    if admin and importlib.util.find_spec("waf_proxy.ops.admin") is not None:
        admin_sock = bind_loopback()
        admin_port = admin_sock.getsockname()[1]
        fds.append(admin_sock.fileno())
        args += ["--admin-fd", str(admin_sock.fileno())]
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAF_")}
    env["PYTHONPATH"] = str(REPO)
    log_file = open(log_path, "wb") if log_path is not None else None  # noqa: SIM115
    proc = subprocess.Popen(args, cwd=REPO, pass_fds=fds, env=env, stdout=log_file,
                            stderr=subprocess.STDOUT if log_file else None)
    if log_file is not None:
        log_file.close()
    sock.close()
    if admin_sock is not None:
        admin_sock.close()
    proxy = ProxyProcess(proc, port, admin_port, settings, log_path)
    if wait:
        proxy.wait_ready()
    return proxy


# Started together when the first proxy is needed (see proxy_factory).
PRESTART: list[dict[str, Any]] = [
    {},
    {"fail_mode": "closed"},
    {"ratelimit": {"enabled": True, "limit": "5/minute"}, "trusted_proxies": ["127.0.0.2/32"]},
    {"max_body_bytes": 2**20},
    {"real_model": True, "batcher": {"timeout_ms": 2000}},
]
BODY_TIMEOUT_S = 1.5  # client_body_timeout_s of every test proxy
HEADER_TIMEOUT_S = 1.0  # client_header_timeout_s of every test proxy


def base_settings(upstream_url: str) -> dict[str, Any]:
    """Small deadlines so fault tests finish fast; rate limiting off unless a test turns it on.

    One proxy serves most suites (each extra one costs seconds of start-up), so
    the path rules and client deadlines several tests need are set here.
    """
    from waf_proxy.config import Settings

    extra: dict[str, Any] = {}
    for key, value in (("client_body_timeout_s", BODY_TIMEOUT_S), ("client_header_timeout_s", HEADER_TIMEOUT_S)):
        if key in Settings.model_fields:
            extra[key] = value
    return extra | {
        "block_paths": ["/admin"],
        "exempt_paths": ["/health"],
        "mode": "block",
        "fail_mode": "open",
        "upstream": {"url": upstream_url, "connect_timeout_s": 1.0, "read_timeout_s": 1.0,
                     "write_timeout_s": 2.0, "pool_timeout_s": 1.0},
        "batcher": {"max_batch_size": 16, "max_wait_ms": 2, "max_queue": 256, "timeout_ms": 300},
        "ratelimit": {"enabled": False},
        "admin": {"enabled": False},
    }


def merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


@pytest.fixture(scope="session")
def upstream() -> Iterator[UpstreamServer]:
    server = UpstreamServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def proxy_factory(
    upstream: UpstreamServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., ProxyProcess]]:
    started: dict[str, ProxyProcess] = {}
    logs = tmp_path_factory.mktemp("proxy-logs")

    def factory(hang_s: float = 2.0, real_model: bool = False, wait: bool = True, **overrides: Any) -> ProxyProcess:
        settings = merge(base_settings(upstream.url), overrides)
        key = json.dumps([settings, hang_s, real_model], sort_keys=True)
        if key not in started or not started[key].alive():
            started[key] = start_proxy(settings, hang_s=hang_s, real_model=real_model, wait=False,
                                       log_path=logs / f"proxy-{len(started)}.log")
        return started[key].wait_ready() if wait else started[key]

    # The configurations most suites use start side by side: start-up (imports) dominates.
    if serving_path_missing() is None:
        for overrides in PRESTART:
            if overrides.get("real_model") and not (REPO / "models" / "default" / "config.json").exists():
                continue
            factory(wait=False, **overrides)

    yield factory
    for proxy in started.values():  # signal all first, then reap: teardown costs one wait, not N
        if proxy.alive():
            proxy.proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 1.0
    for proxy in started.values():
        proxy.stop(wait_s=max(0.01, deadline - time.monotonic()))


@pytest.fixture(scope="session")
def proxy(proxy_factory: Callable[..., ProxyProcess]) -> ProxyProcess:
    """The default proxy: block mode, fail open, 300 ms model deadline."""
    return proxy_factory()
