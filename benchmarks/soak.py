"""Soak and burst: does the proxy keep answering, lose nothing and keep its memory flat?

One run, loopback only, bounded in time and requests, stops by itself:

1. measure capacity: closed loop at `--concurrency` clients for `--capacity-s`;
2. soak: open loop at `--soak-load` (0.7) x capacity for `--minutes`;
3. burst: open loop at `--burst-load` (3.0) x capacity for `--burst-s`;
4. recovery: back to the soak rate for `--recover-s`.

Every response is classified (forwarded, blocked, rate-limited, 5xx by status,
other 4xx, lost = no HTTP answer at all); the proxy's own outcome counters
(failed open, ...) are read from its admin `/metrics` per phase. Per window:
p50/p99 latency and the proxy's RSS (from /proc). Results: a Markdown report
on stdout and JSON in `--out`.

    .venv/bin/python benchmarks/soak.py --minutes 2 --burst-s 20 --out benchmarks/results/soak.json

The upstream is the shared nginx origin (/work/shared/anchors/modsec, started on
free ports) when nginx is installed, else a tiny uvicorn app; the proxy is
`waf-proxy serve` with the default model (or `--model DIR`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATASETS = Path("/work/shared/datasets")
ANCHOR = Path(os.environ.get("MODSEC_ANCHOR", "/work/shared/anchors/modsec"))
BENIGN_FILES = ("csic2010/test_benign.jsonl", "httpparams/test.jsonl")
ATTACK_FILES = ("httpparams/test.jsonl", "payloadsallthethings/attack.jsonl")
SKIP_HEADERS = {"host", "content-length", "connection", "transfer-encoding", "accept-charset"}
OUTCOME_RE = re.compile(r'^waf_requests_total\{outcome="([a-z_]+)"\} ([0-9.e+]+)$', re.M)


# -- request mix ---------------------------------------------------------------------------

def _sample(path: Path, label: str, k: int, rng: random.Random) -> list[dict]:
    """Reservoir-sample k records of one label (the corpora are too big to hold)."""
    picked: list[dict] = []
    seen = 0
    with path.open() as fh:
        for line in fh:
            if f'"label": "{label}"' not in line and f'"label":"{label}"' not in line:
                continue
            seen += 1
            if len(picked) < k:
                picked.append(json.loads(line))
            elif (j := rng.randrange(seen)) < k:
                picked[j] = json.loads(line)
    return picked


def to_wire(record: dict) -> bytes:
    """One corpus record as HTTP/1.1 bytes, byte for byte (keep-alive)."""
    target = record["path"] + ("?" + record["query"] if record.get("query") else "")
    body = (record.get("body") or "").encode("utf-8")
    lines = [f"{record['method']} {target} HTTP/1.1", "Host: localhost"]
    lines += [f"{k}: {v}" for k, v in record.get("headers", []) if k.lower() not in SKIP_HEADERS]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace") + body


def build_mix(n: int, attack_share: float, seed: int) -> list[bytes]:
    """n requests from held-out corpora, `attack_share` of them attacks, shuffled."""
    rng = random.Random(seed)
    n_attack = int(n * attack_share)
    benign, attack = [], []
    for name in BENIGN_FILES:
        benign += _sample(DATASETS / name, "benign", (n - n_attack) // len(BENIGN_FILES) + 1, rng)
    for name in ATTACK_FILES:
        attack += _sample(DATASETS / name, "attack", n_attack // len(ATTACK_FILES) + 1, rng)
    mix = [to_wire(r) for r in benign[: n - n_attack] + attack[:n_attack]]
    rng.shuffle(mix)
    return mix


# -- load generation -------------------------------------------------------------------------

@dataclass
class Sample:
    t: float  # send time, seconds since the run's start
    phase: str
    latency_s: float  # from the scheduled send time: what a user sees, queueing included
    service_s: float  # from the moment the request was written: the proxy's own time
    outcome: str  # forwarded, blocked, rate_limited, 5xx:NNN, 4xx:NNN, lost:reason


def classify(status: int) -> str:
    if status == 403:
        return "blocked"
    if status == 429:
        return "rate_limited"
    if status < 400 or status == 404:
        return "forwarded"
    return f"{status // 100}xx:{status}"


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Status and whether the connection can be reused; reads the whole body."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    else:
        await reader.read()
        return status, False
    return status, headers.get("connection", "").lower() != "close"


class Load:
    """A fixed set of keep-alive connections sending a request mix; every answer (or its absence) recorded.

    Open loop: a scheduler queues send times at the target rate and the
    connections take them in order; latency runs from the *scheduled* time, so
    time spent waiting for a free connection counts (no coordinated omission).
    """

    def __init__(self, port: int, mix: list[bytes], timeout_s: float, connections: int, max_backlog: int,
                 t0: float) -> None:
        self.port = port
        self.mix = mix
        self.timeout_s = timeout_s
        self.connections = connections
        self.max_backlog = max_backlog
        self.t0 = t0
        self.samples: list[Sample] = []
        self.not_sent: Counter[str] = Counter()  # scheduled but dropped: generator backlog full
        self.sent = 0
        self._next = 0

    def _wire(self) -> bytes:
        self._next = (self._next + 1) % len(self.mix)
        return self.mix[self._next]

    async def _send(self, conn: list[Any], phase: str, scheduled: float) -> None:
        """One request on this worker's connection (reopened when needed); records the outcome."""
        wire = self._wire()
        self.sent += 1
        written = time.monotonic()
        try:
            async with asyncio.timeout(self.timeout_s):
                if conn[0] is None or time.monotonic() - conn[2] > 2.0:  # idle: the server may have closed it
                    if conn[1] is not None:
                        conn[1].close()
                    conn[0], conn[1] = await asyncio.open_connection("127.0.0.1", self.port, limit=1 << 20)
                written = time.monotonic()
                conn[1].write(wire)
                await conn[1].drain()
                status, reusable = await read_response(conn[0])
            outcome = classify(status)
            if not reusable:
                conn[1].close()
                conn[0] = conn[1] = None
        except TimeoutError:
            outcome = "lost:timeout"
            conn[0] = conn[1] = None
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
            outcome = f"lost:{type(exc).__name__}"
            if conn[1] is not None:
                conn[1].close()
            conn[0] = conn[1] = None
        conn[2] = time.monotonic()
        done = time.monotonic()
        self.samples.append(Sample(scheduled - self.t0, phase, done - scheduled, done - written, outcome))

    async def closed_loop(self, phase: str, concurrency: int, duration_s: float) -> float:
        """`concurrency` clients back to back; returns answers per second."""
        end = time.monotonic() + duration_s
        before = len(self.samples)

        async def client() -> None:
            conn: list[Any] = [None, None, 0.0]
            while time.monotonic() < end:
                await self._send(conn, phase, time.monotonic())
            if conn[1] is not None:
                conn[1].close()

        started = time.monotonic()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        done = [s for s in self.samples[before:] if not s.outcome.startswith("lost")]
        return len(done) / (time.monotonic() - started)

    async def open_loop(self, phase: str, rate: float, duration_s: float) -> None:
        """Send at a fixed rate whatever the answers do (arrivals don't wait for the server)."""
        queue: asyncio.Queue[float | None] = asyncio.Queue()

        async def worker() -> None:
            conn: list[Any] = [None, None, 0.0]
            while (scheduled := await queue.get()) is not None:
                await self._send(conn, phase, scheduled)
            if conn[1] is not None:
                conn[1].close()

        workers = [asyncio.create_task(worker()) for _ in range(self.connections)]
        start = time.monotonic()
        interval = 1.0 / rate
        k = 0
        while (now := time.monotonic()) < start + duration_s:
            due = int((now - start) / interval) + 1
            while k < due:
                scheduled = start + k * interval
                k += 1
                if queue.qsize() >= self.max_backlog:
                    self.not_sent[phase] += 1
                    continue
                queue.put_nowait(scheduled)
            await asyncio.sleep(min(interval, 0.005))
        for _ in workers:
            queue.put_nowait(None)
        await asyncio.gather(*workers)


# -- processes ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout_s: float, ok: tuple[int, ...] = (200,)) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status in ok:
                    return
        except Exception:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout_s:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def load1() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError):
        return float("nan")


def rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@dataclass
class Servers:
    upstream_url: str = ""
    proxy: subprocess.Popen[bytes] | None = None
    proxy_port: int = 0
    admin_port: int = 0
    upstream_proc: subprocess.Popen[bytes] | None = None
    anchor_run: str | None = None
    log: Any = None
    notes: list[str] = field(default_factory=list)

    def start_upstream(self) -> None:
        port = free_port()
        if (ANCHOR / "start.sh").exists() and Path("/usr/sbin/nginx").exists():
            env = dict(os.environ, MODSEC_UPSTREAM_PORT=str(port), MODSEC_PROXY_PORT=str(free_port()),
                       MODSEC_PL1_PORT=str(free_port()), MODSEC_PL2_PORT=str(free_port()))
            out = subprocess.run([str(ANCHOR / "start.sh"), "upstream"], env=env, capture_output=True,
                                 text=True, timeout=60)
            if out.returncode == 0 and out.stdout.strip():
                self.anchor_run = out.stdout.strip().splitlines()[-1]
                self.upstream_url = f"http://127.0.0.1:{port}"
                self.notes.append("upstream: nginx origin from the ModSecurity anchor (1 worker)")
                wait_http(self.upstream_url + "/", 10)
                return
            self.notes.append(f"nginx anchor failed ({out.stderr.strip()[-200:]}); using uvicorn upstream")
        code = ("import uvicorn\n"
                "async def app(scope, receive, send):\n"
                "    if scope['type'] != 'http': return\n"
                "    while (await receive()).get('more_body'): pass\n"
                "    await send({'type': 'http.response.start', 'status': 200,"
                " 'headers': [(b'content-length', b'3')]})\n"
                "    await send({'type': 'http.response.body', 'body': b'ok\\n'})\n"
                f"uvicorn.run(app, host='127.0.0.1', port={port}, log_level='warning', access_log=False,"
                " http='httptools', loop='uvloop', lifespan='off')\n")
        self.upstream_proc = subprocess.Popen([sys.executable, "-c", code])
        self.upstream_url = f"http://127.0.0.1:{port}"
        self.notes.append("upstream: tiny uvicorn app")
        wait_http(self.upstream_url + "/", 30)

    def start_proxy(self, args: argparse.Namespace) -> None:
        self.proxy_port, self.admin_port = free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("WAF_")}
        env.update({
            "WAF_ADMIN__ENABLED": "true", "WAF_ADMIN__HOST": "127.0.0.1", "WAF_ADMIN__PORT": str(self.admin_port),
            "WAF_FAIL_MODE": args.fail_mode, "WAF_LOG__LEVEL": "warning",
        })
        if args.rate_limit:
            env.update({"WAF_RATELIMIT__ENABLED": "true", "WAF_RATELIMIT__LIMIT": args.rate_limit})
        cmd = [sys.executable, "-m", "waf_proxy", "serve", "--upstream", self.upstream_url,
               "--host", "127.0.0.1", "--port", str(self.proxy_port), "--mode", args.mode]
        if args.model:
            cmd += ["--model", args.model]
        self.log = tempfile.NamedTemporaryFile(prefix="soak-proxy-", suffix=".log", delete=False)
        self.proxy = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            wait_http(f"http://127.0.0.1:{self.proxy_port}/", 120, ok=(200, 404))
        except RuntimeError:
            self.stop()
            raise RuntimeError(f"proxy did not start; see {self.log.name}") from None

    def outcome_counts(self) -> dict[str, float]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.admin_port}/metrics", timeout=5) as resp:
                text = resp.read().decode()
        except Exception:
            return {}
        return {name: float(value) for name, value in OUTCOME_RE.findall(text)}

    def stop(self) -> None:
        for proc in (self.proxy, self.upstream_proc):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=5)
        if self.anchor_run:
            subprocess.run([str(ANCHOR / "stop.sh"), self.anchor_run], capture_output=True, timeout=30)
            self.anchor_run = None


# -- the run -----------------------------------------------------------------------------------

def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def slope_per_min(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value) points, per minute."""
    if len(points) < 3:
        return 0.0
    n = len(points)
    mx = sum(t for t, _ in points) / n
    my = sum(v for _, v in points) / n
    var = sum((t - mx) ** 2 for t, _ in points)
    return 60 * sum((t - mx) * (v - my) for t, v in points) / var if var else 0.0


async def run(args: argparse.Namespace, servers: Servers) -> dict[str, Any]:
    mix = build_mix(args.mix, args.attack_share, args.seed)
    t0 = time.monotonic()
    load = Load(servers.proxy_port, mix, args.timeout_s, args.connections, args.max_backlog, t0)
    assert servers.proxy is not None
    pid = servers.proxy.pid
    rss: list[tuple[float, str, int]] = []
    cpu: list[tuple[float, float, float, float]] = []  # (t, proxy cpu s, machine load, generator cpu s)
    phase = ["warmup"]
    stop_sampling = asyncio.Event()

    async def sample_rss() -> None:
        while not stop_sampling.is_set():
            rss.append((time.monotonic() - t0, phase[0], rss_bytes(pid)))
            own = os.times()
            cpu.append((time.monotonic() - t0, cpu_seconds(pid), load1(), own.user + own.system))
            try:
                await asyncio.wait_for(stop_sampling.wait(), 1.0)
            except TimeoutError:
                pass

    sampler = asyncio.create_task(sample_rss())
    counts: dict[str, dict[str, float]] = {}
    marks: dict[str, tuple[float, float]] = {}

    async def phase_run(name: str, coro: Any) -> Any:
        phase[0] = name
        before = servers.outcome_counts()
        start = time.monotonic() - t0
        result = await coro
        after = servers.outcome_counts()
        marks[name] = (start, time.monotonic() - t0)
        counts[name] = {k: after.get(k, 0) - before.get(k, 0) for k in set(before) | set(after)
                        if after.get(k, 0) - before.get(k, 0)}
        return result

    await phase_run("warmup", load.closed_loop("warmup", 8, args.warmup_s))
    capacity = args.capacity or await phase_run(
        "capacity", load.closed_loop("capacity", args.concurrency, args.capacity_s))
    soak_rate, burst_rate = capacity * args.soak_load, capacity * args.burst_load
    print(f"capacity {capacity:.0f} req/s -> soak {soak_rate:.0f} req/s for {args.minutes} min, "
          f"burst {burst_rate:.0f} req/s for {args.burst_s} s", file=sys.stderr, flush=True)
    await phase_run("soak", load.open_loop("soak", soak_rate, args.minutes * 60))
    await phase_run("burst", load.open_loop("burst", burst_rate, args.burst_s))
    await phase_run("recovery", load.open_loop("recovery", soak_rate, args.recover_s))
    stop_sampling.set()
    await sampler
    alive = servers.proxy.poll() is None
    return summarise(args, load, rss, cpu, counts, marks, capacity, soak_rate, burst_rate, alive, servers.notes)


def summarise(args: argparse.Namespace, load: Load, rss: list[tuple[float, str, int]],
              cpu: list[tuple[float, float, float, float]], counts: dict[str, dict[str, float]], marks: dict[str, tuple[float, float]], capacity: float,
              soak_rate: float, burst_rate: float, alive: bool, notes: list[str]) -> dict[str, Any]:
    phases = {}
    for name in ("warmup", "capacity", "soak", "burst", "recovery"):
        got = [s for s in load.samples if s.phase == name]
        if not got:
            continue
        lat = [s.latency_s * 1000 for s in got if not s.outcome.startswith("lost")]
        svc = [s.service_s * 1000 for s in got if not s.outcome.startswith("lost")]
        start, end = marks[name]
        phases[name] = {
            "seconds": round(end - start, 1),
            "sent": len(got),
            "not_sent_generator_backlog": load.not_sent.get(name, 0),
            "answered_per_s": round(len(lat) / max(end - start, 1e-9), 1),
            "client_outcomes": dict(Counter(s.outcome for s in got).most_common()),
            "proxy_outcomes": counts.get(name, {}),
            "p50_ms": round(percentile(lat, 50), 1),
            "p99_ms": round(percentile(lat, 99), 1),
            "max_ms": round(max(lat), 1) if lat else None,
            "service_p50_ms": round(percentile(svc, 50), 1),
            "service_p99_ms": round(percentile(svc, 99), 1),
        }
    windows = []
    end_t = max((s.t for s in load.samples), default=0)
    w = 0.0
    while w <= end_t:
        got = [s for s in load.samples if w <= s.t < w + args.window_s]
        lat = [s.latency_s * 1000 for s in got if not s.outcome.startswith("lost")]
        svc = [s.service_s * 1000 for s in got if not s.outcome.startswith("lost")]
        mem = [b for t, _, b in rss if w <= t < w + args.window_s]
        use = [u for u in cpu if w <= u[0] < w + args.window_s]
        if got:
            windows.append({
                "t_s": round(w), "phase": Counter(s.phase for s in got).most_common(1)[0][0], "sent": len(got),
                "p50_ms": round(percentile(lat, 50), 1), "p99_ms": round(percentile(lat, 99), 1),
                "service_p99_ms": round(percentile(svc, 99), 1),
                "5xx": sum(1 for s in got if s.outcome.startswith("5xx")),
                "lost": sum(1 for s in got if s.outcome.startswith("lost")),
                "rss_mb": round(max(mem) / 2**20, 1) if mem else None,
                "proxy_cpu_pct": round(100 * (use[-1][1] - use[0][1]) / (use[-1][0] - use[0][0]))
                if len(use) > 1 and use[-1][0] > use[0][0] else None,
                "load1": use[-1][2] if use else None,
                "generator_cpu_pct": round(100 * (use[-1][3] - use[0][3]) / (use[-1][0] - use[0][0]))
                if len(use) > 1 and use[-1][0] > use[0][0] else None,
            })
        w += args.window_s
    soak_rss = [(t, b / 2**20) for t, p, b in rss if p == "soak"]
    skip = len(soak_rss) // 5  # the first fifth of the soak: allocator warm-up, not a leak
    steady = soak_rss[skip:]
    mem = {
        "rss_mb_start_soak": round(soak_rss[0][1], 1) if soak_rss else None,
        "rss_mb_end_soak": round(soak_rss[-1][1], 1) if soak_rss else None,
        "rss_mb_max": round(max(b for _, _, b in rss) / 2**20, 1) if rss else None,
        "rss_mb_end": round(rss[-1][2] / 2**20, 1) if rss else None,
        "soak_slope_mb_per_min": round(slope_per_min(steady), 2),
    }
    lost = sum(1 for s in load.samples if s.outcome.startswith("lost"))
    return {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "settings": {k: v for k, v in vars(args).items() if k != "out"},
        "notes": notes,
        "capacity_req_s": round(capacity, 1),
        "soak_rate_req_s": round(soak_rate, 1),
        "burst_rate_req_s": round(burst_rate, 1),
        "total_sent": load.sent,
        "lost": lost,
        "proxy_alive_at_end": alive,
        "phases": phases,
        "memory": mem,
        "windows": windows,
    }


def markdown(report: dict[str, Any]) -> str:
    out = [f"# Soak report\n\n`{report['command']}`\n"]
    out += [f"- {n}" for n in report["notes"]]
    out.append(f"- capacity (closed loop, {report['settings']['concurrency']} clients): "
               f"**{report['capacity_req_s']} req/s**; soak {report['soak_rate_req_s']} req/s, "
               f"burst {report['burst_rate_req_s']} req/s")
    out.append(f"- requests sent: {report['total_sent']}, **lost (no HTTP answer): {report['lost']}**, "
               f"proxy alive at end: {report['proxy_alive_at_end']}")
    m = report["memory"]
    out.append(f"- proxy RSS: soak start {m['rss_mb_start_soak']} MB -> soak end {m['rss_mb_end_soak']} MB, "
               f"max {m['rss_mb_max']} MB, end {m['rss_mb_end']} MB; steady-soak slope "
               f"{m['soak_slope_mb_per_min']} MB/min\n")
    out.append("Latency runs from each request's scheduled send time (client-side queueing included); "
               "service = from the moment it was written to the proxy.\n")
    out.append("| phase | s | sent | not sent (gen. backlog) | answered/s | p50 ms | p99 ms | max ms | service p50/p99 ms "
               "| client outcomes | proxy outcomes (/metrics) |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, p in report["phases"].items():
        client = ", ".join(f"{k} {v}" for k, v in p["client_outcomes"].items())
        proxy = ", ".join(f"{k} {int(v)}" for k, v in sorted(p["proxy_outcomes"].items()))
        out.append(f"| {name} | {p['seconds']} | {p['sent']} | {p['not_sent_generator_backlog']} | "
                   f"{p['answered_per_s']} | {p['p50_ms']} | {p['p99_ms']} | {p['max_ms']} | "
                   f"{p['service_p50_ms']}/{p['service_p99_ms']} | {client} | {proxy} |")
    out.append("\n| t (s) | phase | sent | p50 ms | p99 ms | service p99 ms | 5xx | lost | RSS MB | proxy CPU % "
               "| load generator CPU % | machine load |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for w in report["windows"]:
        out.append(f"| {w['t_s']} | {w['phase']} | {w['sent']} | {w['p50_ms']} | {w['p99_ms']} | "
                   f"{w['service_p99_ms']} | {w['5xx']} | "
                   f"{w['lost']} | {w['rss_mb']} | {w['proxy_cpu_pct']} | {w['generator_cpu_pct']} | {w['load1']} |")
    return "\n".join(out)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=2.0, help="soak duration at the soak load")
    p.add_argument("--burst-s", type=float, default=20.0)
    p.add_argument("--recover-s", type=float, default=15.0)
    p.add_argument("--warmup-s", type=float, default=5.0)
    p.add_argument("--capacity-s", type=float, default=10.0)
    p.add_argument("--capacity", type=float, default=None, help="skip measuring; use this req/s")
    p.add_argument("--soak-load", type=float, default=0.7)
    p.add_argument("--burst-load", type=float, default=3.0)
    p.add_argument("--concurrency", type=int, default=64, help="clients for the capacity measurement")
    p.add_argument("--connections", type=int, default=256, help="keep-alive connections of the open loop")
    p.add_argument("--max-backlog", type=int, default=20000,
                   help="scheduled requests waiting for a free connection before the generator drops them")
    p.add_argument("--timeout-s", type=float, default=30.0, help="a request with no answer by then is lost")
    p.add_argument("--window-s", type=float, default=10.0)
    p.add_argument("--mix", type=int, default=2000, help="distinct requests in the mix")
    p.add_argument("--attack-share", type=float, default=0.05)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--mode", default="block", choices=["block", "monitor", "learn", "off"])
    p.add_argument("--fail-mode", default="open", choices=["open", "closed"])
    p.add_argument("--rate-limit", default=None, help='e.g. "100000/second" to include the limiter')
    p.add_argument("--model", default=None, help="model directory (default: the configured models/default)")
    p.add_argument("--out", default="benchmarks/results/soak.json")
    p.add_argument("--max-total-s", type=float, default=1800, help="hard stop for the whole run")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    planned = args.warmup_s + args.capacity_s + args.minutes * 60 + args.burst_s + args.recover_s + 60
    if planned > args.max_total_s:
        print(f"planned {planned:.0f} s exceeds --max-total-s {args.max_total_s:.0f}", file=sys.stderr)
        return 2
    servers = Servers()
    try:
        servers.start_upstream()
        servers.start_proxy(args)
        report = asyncio.run(asyncio.wait_for(run(args, servers), args.max_total_s))
    finally:
        servers.stop()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    out.with_suffix(".md").write_text(markdown(report) + "\n")
    print(markdown(report))
    ok = report["lost"] == 0 and report["proxy_alive_at_end"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
