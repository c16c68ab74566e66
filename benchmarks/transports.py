"""Which upstream transport under httpx: aiohttp vs httpcore, measured with wrk.

Starts an nginx upstream answering 200 (one worker), then one `waf-proxy serve`
per (transport, mode) on loopback, and drives each in turn with wrk
(64 connections by default), interleaving repeats and reporting medians because
the machine is shared. "waf" uses the default model when it exists, else
(--fake-model, or no model) a regex scorer with the same batching path.

    .venv/bin/python benchmarks/transports.py --duration 10 --repeats 3
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  keepalive_requests 100000;
  server {{ listen 127.0.0.1:{port}; location / {{ default_type text/plain; return 200 "ok\\n"; }} }}
}}
"""


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
            return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


def start_nginx(tmp: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port))
    proc = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf), "-p", str(tmp)])
    wait_http(port)
    return proc, port


def start_proxy(upstream: int, transport: str, mode: str, fake: bool) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "WAF_UPSTREAM__TRANSPORT": transport, "WAF_ADMIN__ENABLED": "false",
           "WAF_LOG__LEVEL": "warning", "PYTHONPATH": str(REPO)}
    env.pop("WAF_CONFIG", None)
    if mode == "waf" and fake:
        cmd = [sys.executable, str(Path(__file__)), "--serve-fake", str(upstream), str(port)]
    else:
        cmd = [sys.executable, "-m", "waf_proxy", "serve", "--upstream", f"http://127.0.0.1:{upstream}",
               "--port", str(port), "--mode", "off" if mode == "off" else "block"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    wait_http(port)
    return proc, port


def serve_fake(upstream: int, port: int) -> None:
    """The real proxy and engine with a regex scorer (for when no model is trained)."""
    import uvicorn
    import uvloop

    from tests.fake_scorer import RegexScorer
    from waf_proxy.config import Settings
    from waf_proxy.decision import DecisionEngine
    from waf_proxy.proxy import create_proxy_app
    from waf_proxy.serve import UVICORN_OPTIONS

    settings = Settings(upstream={"url": f"http://127.0.0.1:{upstream}"}, port=port, admin={"enabled": False})
    with contextlib.suppress(ImportError):
        from waf_proxy.ops.logging import configure_logging

        configure_logging(settings)
    app = create_proxy_app(settings, engine=DecisionEngine(settings, RegexScorer()))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **UVICORN_OPTIONS)
    uvloop.run(uvicorn.Server(config).serve())


def run_wrk(port: int, duration: float, connections: int, path: str) -> tuple[float, str, str, int]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(duration))}s", "--latency", f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        print(f"  warning: {errors.group(1)} non-2xx responses", file=sys.stderr)
    return rps, p50, p99, total


def cpu_seconds(pid: int | None) -> float:
    """utime + stime of a process: CPU per request is what a shared, noisy machine cannot blur."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--path", default="/search?q=blue+shoes&page=2")
    parser.add_argument("--fake-model", action="store_true", help="regex scorer even if a model exists")
    parser.add_argument("--serve-fake", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fake:
        serve_fake(*args.serve_fake)
        return 0
    fake = args.fake_model or not (REPO / "models" / "default" / "config.json").is_file()
    procs: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="waf-transports-") as tmp:
        try:
            nginx, upstream = start_nginx(Path(tmp))
            procs.append(nginx)
            targets: dict[str, int] = {"nginx upstream (direct)": upstream}
            pids: dict[str, int | None] = {"nginx upstream (direct)": None}
            for transport in ("aiohttp", "httpcore"):
                for mode in ("off", "waf"):
                    proc, port = start_proxy(upstream, transport, mode, fake)
                    procs.append(proc)
                    label = f"proxy {transport}, " + ("mode off" if mode == "off" else
                                                      "WAF on (" + ("regex scorer" if fake else "default model") + ")")
                    targets[label] = port
                    pids[label] = proc.pid
            results: dict[str, list[tuple[float, str, str, float]]] = {name: [] for name in targets}
            names = list(targets)
            for repeat in range(args.repeats):
                for name in names if repeat % 2 == 0 else reversed(names):
                    run_wrk(targets[name], 1, args.connections, args.path)  # warm the pools
                    cpu0 = cpu_seconds(pids[name])
                    rps, p50, p99, total = run_wrk(targets[name], args.duration, args.connections, args.path)
                    cpu_ms = (cpu_seconds(pids[name]) - cpu0) * 1000 / max(total, 1)
                    results[name].append((rps, p50, p99, cpu_ms))
                    print(f"  {name}: {results[name][-1][0]:.0f} req/s", file=sys.stderr)
            print(f"\nwrk -t2 -c{args.connections} -d{args.duration:g}s {args.path}; median of {args.repeats}; "
                  f"load average before: {os.getloadavg()[0]:.1f}\n")
            print("| target | req/s (median) | all runs | p50 | p99 | proxy CPU ms/request (median) |")
            print("|---|---|---|---|---|---|")
            for name in names:
                runs = results[name]
                mid = sorted(runs)[len(runs) // 2]
                all_runs = ", ".join(f"{r[0]:.0f}" for r in runs)
                cpu = statistics.median(r[3] for r in runs)
                cpu_text = f"{cpu:.3f}" if pids[name] else "-"
                print(f"| {name} | {statistics.median(r[0] for r in runs):.0f} | {all_runs} | {mid[1]} | {mid[2]} "
                      f"| {cpu_text} |")
        finally:
            for proc in procs:
                proc.send_signal(signal.SIGTERM)
            for proc in procs:
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
