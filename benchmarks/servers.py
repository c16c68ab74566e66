"""Start and stop the servers a load run compares, and read their CPU time.

The upstream and the ModSecurity peers come from the shared anchor (nginx, one worker
each); our proxy runs as `waf-proxy serve` subprocesses, one per configuration, each
on its own port, so configurations can be interleaved without restarts.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ANCHOR = Path(os.environ.get("MODSEC_ANCHOR", "/work/shared/anchors/modsec"))
ANCHOR_NAMES = {"upstream": "upstream", "proxy": "proxy", "pl1": "modsec-pl1", "pl2": "modsec-pl2"}
ANCHOR_OFFSETS = {"upstream": 0, "proxy": 1, "pl1": 2, "pl2": 3}
REPO = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name (field 2) may contain spaces; everything after ") " is plain
    return raw[raw.rindex(")") + 2 :].split()


def children_of(pid: int) -> list[int]:
    """Direct and indirect child PIDs, from /proc (no psutil needed)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields:
                parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def tree_cpu_seconds(pid: int) -> float:
    """utime + stime of a process and its live descendants, in seconds."""
    total = 0
    for p in [pid, *children_of(pid)]:
        fields = _stat_fields(p)
        if fields:
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total / CLK_TCK


def http_status(port: int, path: str = "/", timeout: float = 2.0) -> int | None:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code
    except (OSError, ValueError):
        return None


def wait_http(port: int, path: str = "/", timeout: float = 60.0, ok=(200,)) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if http_status(port, path) in ok:
            return True
        time.sleep(0.2)
    return False


@dataclass
class Anchor:
    """The shared nginx(+ModSecurity) instances, started on `base_port` + offsets."""

    names: list[str]
    base_port: int = 28080
    run_dir: str = ""

    def port(self, name: str) -> int:
        return self.base_port + ANCHOR_OFFSETS[name]

    def start(self) -> None:
        env = os.environ | {
            "MODSEC_UPSTREAM_PORT": str(self.port("upstream")),
            "MODSEC_PROXY_PORT": str(self.port("proxy")),
            "MODSEC_PL1_PORT": str(self.port("pl1")),
            "MODSEC_PL2_PORT": str(self.port("pl2")),
        }
        out = subprocess.run(
            [str(ANCHOR / "start.sh"), *self.names], env=env, capture_output=True, text=True
        )
        if out.returncode != 0:
            raise RuntimeError(f"anchor start.sh failed:\n{out.stderr}")
        self.run_dir = out.stdout.strip().splitlines()[-1]

    def master_pid(self, name: str) -> int:
        return int(Path(self.run_dir, "logs", f"{ANCHOR_NAMES[name]}.pid").read_text().split()[0])

    def stop(self) -> None:
        if self.run_dir:
            subprocess.run([str(ANCHOR / "stop.sh"), self.run_dir], capture_output=True)
            self.run_dir = ""


@dataclass
class ProxyServer:
    """One `waf-proxy serve` subprocess with WAF_* overrides for one configuration."""

    name: str
    upstream: str
    env: dict[str, str] = field(default_factory=dict)
    log_dir: Path = Path("/tmp")
    port: int = 0
    admin_port: int = 0
    proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.port = self.port or free_port()
        self.admin_port = self.admin_port or free_port()
        env = os.environ | {
            "WAF_LOG__LEVEL": "warning",
            "WAF_ADMIN__PORT": str(self.admin_port),
            "WAF_RATELIMIT__ENABLED": "false",
        } | self.env
        # BENCH_SWITCH_INTERVAL (seconds): run with sys.setswitchinterval(...) for an A/B
        # of the GIL hand-over between the event loop and the batch thread.
        switch = env.pop("BENCH_SWITCH_INTERVAL", None)
        # BENCH_TREE: run the proxy from another checkout of the code (e.g. the commit
        # before a change), so old and new are measured side by side in one run.
        tree = env.pop("BENCH_TREE", None)
        entry = ["-m", "waf_proxy"]
        if switch:
            entry = ["-c", f"import sys; sys.setswitchinterval({float(switch)}); from waf_proxy.cli import main; sys.exit(main())"]
        cmd = [
            sys.executable, *entry, "serve",
            "--upstream", self.upstream, "--host", "127.0.0.1", "--port", str(self.port),
        ]  # fmt: skip
        log = open(self.log_dir / f"proxy-{self.name}.log", "wb")
        self.proc = subprocess.Popen(cmd, env=env, cwd=tree or REPO, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"proxy {self.name} exited with {self.proc.returncode}; see its log")
            if http_status(self.port, "/") is not None:
                ready = http_status(self.admin_port, "/readyz")
                if ready in (200, None):  # None: admin listener off or absent
                    return
            time.sleep(0.3)
        raise RuntimeError(f"proxy {self.name} not ready after {timeout:.0f}s")

    def metrics(self) -> str:
        try:
            url = f"http://127.0.0.1:{self.admin_port}/metrics"
            with urllib.request.urlopen(url, timeout=3) as resp:
                return resp.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
