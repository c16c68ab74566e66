"""Load benchmark: our proxy (WAF off / on / unbatched / int8) against nginx + ModSecurity + CRS.

All targets run at once on loopback, each on its own port, and are driven in turn by
one load generator in its own process (wrk, or benchmarks/drive.py without wrk), at
fixed concurrencies, with the same request mix. Repeats are interleaved (the target
order is reversed on every other repeat) and the table gives medians, because the
machine is shared and noisy: only ratios measured side by side mean much.

    .venv/bin/python benchmarks/load.py --duration 10 --concurrency 1,16,64,256 \
        --out benchmarks/results/
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.mix import MixRequest, build_mix, to_lua
from benchmarks.report import added_latency, half_load_markdown, markdown, median_table, ratios
from benchmarks.servers import REPO, Anchor, ProxyServer, port_is_free, tree_cpu_seconds

# Our proxy's configurations: WAF_* overrides on top of the defaults.
PROXY_CONFIGS: dict[str, dict[str, str]] = {
    "waf-off": {"WAF_MODE": "off"},
    "waf-on": {"WAF_MODE": "block"},
    "waf-nobatch": {"WAF_MODE": "block", "WAF_BATCHER__MAX_BATCH_SIZE": "1"},
    "waf-int8": {"WAF_MODE": "block", "WAF_MODEL__QUANTIZE_INT8": "true"},
    "waf-inproc": {"WAF_MODE": "block", "WAF_MODEL__PROCESS": "false"},
    "waf-inproc-nobatch": {"WAF_MODE": "block", "WAF_MODEL__PROCESS": "false", "WAF_BATCHER__MAX_BATCH_SIZE": "1"},
}
# The shared anchor's nginx instances (one worker each).
ANCHOR_TARGETS = {"upstream": "upstream", "nginx-proxy": "proxy", "modsec-pl1": "pl1", "modsec-pl2": "pl2"}
DEFAULT_TARGETS = "waf-off,waf-on,waf-nobatch,waf-int8,modsec-pl1,modsec-pl2"
WRK = shutil.which("wrk")
RATE_CONNECTIONS = 256  # connections sharing the fixed-rate schedule: enough that a slot rarely finds none free


def parse_extra(specs: list[str]) -> dict[str, dict[str, str]]:
    """`name:K=V,K=V` -> {name: {K: V}}: extra proxy configurations for A/B experiments."""
    out = {}
    for spec in specs:
        name, _, rest = spec.partition(":")
        if not name or not rest:
            raise ValueError(f"bad --add {spec!r}: want NAME:KEY=VALUE[,KEY=VALUE]")
        env = {}
        for pair in rest.split(","):
            key, eq, value = pair.partition("=")
            if not eq or not key.startswith(("WAF_", "BENCH_")):
                raise ValueError(f"bad --add {spec!r}: {pair!r} is not WAF_KEY=VALUE")
            env[key] = value
        out[name] = env
    return out


def wrk_command(port: int, concurrency: int, duration: float, script: Path) -> list[str]:
    """One wrk thread (the cores are for the servers); wrk takes whole seconds only."""
    seconds = max(1, round(duration))
    return [
        WRK or "wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "5s",
        "-s", str(script), f"http://127.0.0.1:{port}/",
    ]  # fmt: skip


def parse_wrk(stdout: str) -> dict:
    """The JSON line our Lua `done()` prints, as the row fields load.py reports.

    A paced script (fixed rate) also prints its schedule: slots sent more than 1 ms
    late, because no connection was free, are reported as `late_pct` (their wait is
    not in wrk's latency, so a high share means the latency is understated).
    """
    sched: dict = {}
    for line in stdout.splitlines():
        if line.startswith("WRKSCHED "):
            raw = json.loads(line[len("WRKSCHED ") :])
            sched = {
                "late_pct": round(100 * raw["late"] / max(raw["slots"], 1), 2),
                "late_max_ms": raw["late_max_ms"],
            }
    for line in stdout.splitlines():
        if line.startswith("WRKJSON "):
            raw = json.loads(line[len("WRKJSON ") :])
            lat, err = raw["latency_us"], raw["errors"]
            seconds = raw["duration_us"] / 1e6
            return {
                "requests": raw["requests"],
                "rps": raw["requests"] / seconds if seconds else 0.0,
                "p50_ms": lat["p50"] / 1000,
                "p90_ms": lat["p90"] / 1000,
                "p95_ms": lat["p95"] / 1000,
                "p99_ms": lat["p99"] / 1000,
                "max_ms": lat["max"] / 1000,
                "non2xx": err["status"],
                "errors": err["connect"] + err["read"] + err["write"] + err["timeout"],
            } | sched
    raise ValueError("no WRKJSON line in wrk output:\n" + stdout[-2000:])


def drive_row(summary: dict) -> dict:
    lat = summary["latency_ms"]
    return {
        "requests": summary["requests"],
        "rps": summary["rps"],
        "p50_ms": lat["p50"],
        "p90_ms": lat["p90"],
        "p95_ms": lat["p95"],
        "p99_ms": lat["p99"],
        "max_ms": lat["max"],
        "non2xx": summary["non2xx"],
        "errors": summary["errors"],
    }


def run_drive(
    port: int, args: argparse.Namespace, *, duration: float, connections: int, rate: float = 0, warmup: float = 0
) -> dict:
    cmd = [
        sys.executable, "-m", "benchmarks.drive", "--port", str(port), "--duration", str(duration),
        "--connections", str(connections), "--rate", str(rate), "--warmup", str(warmup),
        "--benign", str(args.benign), "--attack", str(args.attack), "--seed", str(args.seed),
    ]  # fmt: skip
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=duration + 120)
    if out.returncode != 0:
        raise RuntimeError(f"drive failed: {out.stderr[-2000:]}")
    return drive_row(json.loads(out.stdout.strip().splitlines()[-1]))


def measure(
    target: str, port: int, pid: int | None, conc: int, duration: float, script: Path, args, proxy: ProxyServer | None = None
) -> dict:
    """One closed-loop run at `conc` connections, with the target's CPU time and metrics around it."""
    cpu0 = tree_cpu_seconds(pid) if pid else None
    m0 = metric_totals(proxy.metrics()) if proxy else {}
    if WRK and not args.no_wrk:
        out = subprocess.run(
            wrk_command(port, conc, duration, script), capture_output=True, text=True, timeout=duration + 60
        )
        row = parse_wrk(out.stdout)
    else:
        row = run_drive(port, args, duration=duration, connections=conc)
    if pid:
        cpu = tree_cpu_seconds(pid) - cpu0
        row["cpu_us_per_req"] = cpu * 1e6 / max(row["requests"], 1)
    if proxy:
        row |= run_metrics(m0, metric_totals(proxy.metrics()))
    return {"target": target, "concurrency": conc} | row


def check_mix(port: int, mix: list[MixRequest]) -> dict:
    """Send every request of the mix once: status counts per label (and a warm-up)."""
    counts: dict[str, Counter] = {"benign": Counter(), "attack": Counter()}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for req in mix:
        try:
            conn.request(req.method, req.target, body=req.body or None, headers=dict(req.headers) | {"Host": "localhost"})
            resp = conn.getresponse()
            resp.read()
            counts[req.label][str(resp.status)] += 1
        except (OSError, http.client.HTTPException):
            counts[req.label]["error"] += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.close()
    return {label: dict(sorted(c.items())) for label, c in counts.items()}


_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? ([0-9.eE+-]+|NaN)$")


def metric_totals(metrics_text: str) -> dict[str, float]:
    """Prometheus text -> {name: value} summed over labels, plus {name{labels}: value} (no buckets)."""
    totals: dict[str, float] = {}
    for line in metrics_text.splitlines():
        m = _SAMPLE.match(line)
        if m and not m.group(1).endswith("_bucket") and m.group(3) != "NaN":
            totals[m.group(1)] = totals.get(m.group(1), 0.0) + float(m.group(3))
            if m.group(2):
                totals[m.group(1) + m.group(2)] = float(m.group(3))
    return totals


def run_metrics(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """What one run did inside the proxy: mean batch size, model ms per batch, fail-opens."""
    def delta(name: str) -> float:
        return after.get(name, 0.0) - before.get(name, 0.0)

    out: dict[str, float] = {}
    batches = delta("waf_batch_size_count")
    if batches > 0:
        out["batch_mean"] = round(delta("waf_batch_size_sum") / batches, 2)
        out["infer_ms_per_batch"] = round(1000 * delta("waf_inference_seconds_sum") / batches, 2)
        queued = delta("waf_queue_wait_seconds_count")
        if queued > 0:
            out["queue_ms_mean"] = round(1000 * delta("waf_queue_wait_seconds_sum") / queued, 2)
    requests = delta("waf_requests_total")
    if requests > 0:
        # Requests that were forwarded unscored (deadline, full queue, model error): a WAF
        # that "keeps up" by not inspecting is not keeping up, so the table shows them.
        unscored = delta('waf_requests_total{outcome="fail_open"}') + delta('waf_requests_total{outcome="fail_closed"}')
        out["unscored_pct"] = round(100 * unscored / requests, 2)
    return out


def batch_stats(metrics_text: str) -> dict[str, float]:
    """Mean batch size over the proxy's life, from the waf_batch_size histogram."""
    totals = metric_totals(metrics_text)
    count = totals.get("waf_batch_size_count", 0.0)
    return {"waf_batch_size": round(totals["waf_batch_size_sum"] / count, 2)} if count else {}


def lru_hit_rate(keys: list[str], size: int, passes: int = 3) -> float:
    """Hit rate of an LRU cache of `size` entries when `keys` are cycled (after the first pass)."""
    from collections import OrderedDict

    cache: OrderedDict[str, None] = OrderedDict()
    hits = total = 0
    for p in range(passes):
        for key in keys:
            hit = key in cache
            if hit:
                cache.move_to_end(key)
            else:
                cache[key] = None
                if len(cache) > size:
                    cache.popitem(last=False)
            if p:
                hits += hit
                total += 1
    return hits / total if total else 0.0


def cache_hit_rate(mix: list[MixRequest], size: int = 4096) -> dict:
    """What a normalised-request cache can save on this mix when wrk cycles through it."""
    from waf_proxy.engine.normalize import normalize_view
    from waf_proxy.inspect import RequestView

    texts = [
        normalize_view(RequestView.from_record({"method": r.method, "path": r.target.split("?", 1)[0],
                       "query": r.target.partition("?")[2], "headers": list(r.headers), "body": r.body.decode()}))
        for r in mix
    ]  # fmt: skip
    return {
        "requests": len(texts),
        "distinct_normalised": len(set(texts)),
        "lru_size": size,
        "steady_hit_rate": round(lru_hit_rate(texts, size), 3),
    }


def machine_info() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    return {
        "cpu": model,
        "cpus": os.cpu_count(),
        "loadavg_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "commit": commit.stdout.strip(),
        "wrk": bool(WRK),
        "date_utc": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"),
    }


def targets_met(table: dict, rates: list[dict], ref_conc: int) -> list[str]:
    """The issue's serving targets, each with the figure that decides it."""
    rat = ratios(table)
    lines = []

    def ratio(label: str) -> float | None:
        return rat.get(label, {}).get(ref_conc)

    checks = [
        ("batched serving >= 3x per-request inference", ratio("batching on / off"), 3.0),
        ("WAF on >= 50 % of WAF off", ratio("WAF on / WAF off"), 0.5),
        ("WAF on >= ModSecurity PL1 (aim 2x)", ratio("ours / ModSecurity PL1"), 1.0),
    ]
    for text, value, need in checks:
        if value is not None:
            lines.append(f"- {text} at c={ref_conc}: {value:.2f} -> {'met' if value >= need else 'NOT met'}")
    added = added_latency(rates)
    if added is not None:
        ok = added["added_p99_ms"] <= 25
        lines.append(f"- p99 added at half the WAF-off load <= 25 ms: {added['added_p99_ms']:.1f} ms -> {'met' if ok else 'NOT met'}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    ap.add_argument("--concurrency", default="1,16,64,256")
    ap.add_argument("--targets", default=DEFAULT_TARGETS, help=f"comma list from {list(PROXY_CONFIGS) + list(ANCHOR_TARGETS)}")
    ap.add_argument("--add", action="append", default=[], help="extra proxy config NAME:WAF_K=V[,WAF_K=V]")
    ap.add_argument("--env", action="append", default=[], help="WAF_K=V applied to every proxy config")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--warmup", type=float, default=2.0, help="seconds of c=16 load per target per repeat")
    ap.add_argument("--rate-duration", type=float, default=10.0, help="seconds per fixed-rate run (0: skip)")
    ap.add_argument("--rate-conc", type=int, default=64, help="concurrency whose WAF-off req/s sets the half load")
    ap.add_argument("--rate-targets", default="waf-off,waf-on", help="targets driven at the half load (waf-off first)")
    # Thousands of distinct requests, not a few hundred on repeat: the scorer caches
    # results per normalised request, and a short cycle would measure only that cache.
    ap.add_argument("--benign", type=int, default=19000)
    ap.add_argument("--attack", type=int, default=1000)
    ap.add_argument("--check", type=int, default=400, help="requests of the mix sent once per target first")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--anchor-port", type=int, default=28080, help="base port for the nginx anchor (+0..+3)")
    ap.add_argument("--no-wrk", action="store_true", help="use the asyncio generator even if wrk exists")
    ap.add_argument("--model", default=None, help="model directory for every proxy config (default: the config's)")
    ap.add_argument("--fake-model", action="store_true", help="random weights in the default shape (harness check)")
    ap.add_argument("--out", default="benchmarks/results/")
    args = ap.parse_args(argv)

    configs = PROXY_CONFIGS | parse_extra(args.add)
    extra_env = dict(pair.split("=", 1) for pair in args.env)
    fake_dir = None
    if args.fake_model:
        from benchmarks.engine import load_views, make_fake_model

        fake_dir = tempfile.TemporaryDirectory(prefix="waf-fake-model-")
        args.model = str(make_fake_model(Path(fake_dir.name), load_views(2000)))
    if args.model:
        extra_env["WAF_MODEL__PATH"] = str(Path(args.model).resolve())
    targets = [t for t in args.targets.split(",") if t]
    targets += [n for n in parse_extra(args.add) if n not in targets]
    unknown = [t for t in targets if t not in configs and t not in ANCHOR_TARGETS]
    if unknown:
        ap.error(f"unknown targets {unknown}")
    concs = [int(c) for c in args.concurrency.split(",")]
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")

    mix = build_mix(args.benign, args.attack, seed=args.seed)
    script = out_dir / f"mix-{stamp}.lua"
    script.write_text(to_lua(mix))
    cache = cache_hit_rate(mix)

    anchor_names = ["upstream"] + [ANCHOR_TARGETS[t] for t in targets if t in ANCHOR_TARGETS and t != "upstream"]
    anchor = Anchor(names=anchor_names, base_port=args.anchor_port)
    busy = [anchor.port(n) for n in anchor_names if not port_is_free(anchor.port(n))]
    if busy:
        ap.error(f"ports {busy} are in use; pick another --anchor-port")
    proxies: dict[str, ProxyServer] = {}
    info = machine_info()
    rows: list[dict] = []
    rate_rows: list[dict] = []
    checks: dict[str, dict] = {}
    batches: dict[str, dict] = {}
    try:
        anchor.start()
        upstream = f"http://127.0.0.1:{anchor.port('upstream')}"
        for t in targets:
            if t in configs:
                proxies[t] = ProxyServer(t, upstream, env=extra_env | configs[t], log_dir=out_dir)
                proxies[t].start()
        for p in proxies.values():
            p.wait_ready()

        def endpoint(t: str) -> tuple[int, int | None]:
            if t in proxies:
                return proxies[t].port, proxies[t].proc.pid
            name = ANCHOR_TARGETS[t]
            return anchor.port(name), anchor.master_pid(name)

        def run_one(t: str, conc: int, duration: float) -> dict:
            return measure(t, *endpoint(t), conc, duration, script, args, proxies.get(t))

        for t in targets:
            checks[t] = check_mix(endpoint(t)[0], mix[: args.check])
            print(f"[check] {t}: {checks[t]}", file=sys.stderr)

        for rep in range(args.repeats):
            order = targets if rep % 2 == 0 else list(reversed(targets))
            if args.warmup > 0:
                for t in order:
                    run_one(t, 16, args.warmup)
            for conc in concs:
                for t in order:
                    row = run_one(t, conc, args.duration) | {"rep": rep}
                    rows.append(row)
                    extra = f" batch {row['batch_mean']}" if "batch_mean" in row else ""
                    print(f"[load] rep={rep} c={conc} {t}: {row['rps']:.0f} req/s p99 {row['p99_ms']:.1f} ms{extra}", file=sys.stderr)

        table = median_table(rows)
        off_concs = [c for t, c in table if t == "waf-off"]
        ref = args.rate_conc if args.rate_conc in off_concs else max(off_concs, default=None)
        if args.rate_duration > 0 and ref is not None and "waf-on" in proxies:
            rate = round(table[("waf-off", ref)]["rps"] / 2)
            paced = out_dir / f"mix-{stamp}-paced.lua"
            paced.write_text(to_lua(mix, rate=rate))
            rate_targets = [t for t in args.rate_targets.split(",") if t in proxies]
            for rep in range(args.repeats):
                for t in (rate_targets if rep % 2 == 0 else list(reversed(rate_targets))):
                    if WRK and not args.no_wrk:
                        r = measure(t, *endpoint(t), RATE_CONNECTIONS, args.rate_duration, paced, args, proxies.get(t))
                    else:
                        r = run_drive(endpoint(t)[0], args, duration=args.rate_duration, connections=256, rate=rate, warmup=2)
                    rate_rows.append({"target": t, "rate": rate, "rep": rep} | r)
                    print(f"[rate] rep={rep} {t} @ {rate}/s: {r['rps']:.0f} req/s, p99 {r['p99_ms']:.1f} ms", file=sys.stderr)
        for t, p in proxies.items():
            text = p.metrics()
            if text:
                (out_dir / f"metrics-{t}-{stamp}.txt").write_text(text)
                batches[t] = batch_stats(text)
    finally:
        for p in proxies.values():
            p.stop()
        anchor.stop()
        if fake_dir is not None:
            fake_dir.cleanup()

    table = median_table(rows)
    md = [
        f"## Load benchmark ({info['date_utc']} UTC, commit {info['commit']})",
        "",
        f"Machine: {info['cpu']}, {info['cpus']} CPUs (shared: the load generator, the upstream and the target run on the same cores); "
        f"load average at start {', '.join(f'{x:.2f}' for x in info['loadavg_at_start'])}. Generator: {'wrk -t1' if WRK and not args.no_wrk else 'benchmarks/drive.py'}, "
        f"{args.duration:g} s per run, {args.repeats} interleaved repeats (medians), mix of {args.benign} benign + {args.attack} attack requests (GET/POST, seed {args.seed}).",
        "",
        markdown(table, targets),
    ]
    if rate_rows:
        added = added_latency(rate_rows)
        how = (
            f"wrk -t1 -c{RATE_CONNECTIONS}, constant rate: one schedule of a request every "
            f"{1000 / rate_rows[0]['rate']:.2f} ms shared by the connections"
            if WRK and not args.no_wrk
            else "open loop, asyncio generator"
        )
        on_cap = table.get(("waf-on", ref), {}).get("rps")
        share = f"; that is {100 * rate_rows[0]['rate'] / on_cap:.0f} % of WAF-on's req/s at c={ref}" if on_cap else ""
        md += ["", f"Half load ({how}): half of the WAF-off req/s at c={ref}{share}. WAF off and WAF on are driven "
               "at the same rate, interleaved:", "", half_load_markdown(rate_rows)]
        if added:
            md.append(f"\nLatency added by the WAF at that load: p50 {added['added_p50_ms']:+.2f} ms, p99 {added['added_p99_ms']:+.2f} ms (medians of on minus off).")
        for t in sorted({r["target"] for r in rate_rows} - {"waf-off", "waf-on"}):
            other = added_latency(rate_rows, on=t)
            if other:
                md.append(f"Added by {t}: p50 {other['added_p50_ms']:+.2f} ms, p99 {other['added_p99_ms']:+.2f} ms.")
    if batches:
        md += ["", "Mean batch size (from /metrics): " + "; ".join(f"{t}: {v}" for t, v in batches.items() if v)]
    md += ["", f"Mix: {cache['requests']} requests, {cache['distinct_normalised']} distinct after normalisation; "
           f"an LRU cache of {cache['lru_size']} normalised requests would hit {100 * cache['steady_hit_rate']:.0f} % "
           "while wrk cycles through the mix."]
    md += ["", f"Mix check (first {args.check} requests once each; status counts):", ""]
    md += [f"- {t}: benign {c['benign']}, attack {c['attack']}" for t, c in checks.items()]
    ref_conc = 64 if 64 in concs else max(concs)
    md += ["", "Targets:", *targets_met(table, rate_rows, ref_conc)]
    text = "\n".join(md)
    (out_dir / f"load-{stamp}.md").write_text(text + "\n")
    (out_dir / f"load-{stamp}.json").write_text(
        json.dumps(
            {
                "machine": info,
                "args": vars(args),
                "configs": {t: configs[t] | extra_env for t in targets if t in configs},
                "rows": rows,
                "medians": [{"target": t, "concurrency": c} | v for (t, c), v in sorted(table.items())],
                "ratios": {k: {str(c): v for c, v in per.items()} for k, per in ratios(table).items()},
                "fixed_rate": rate_rows,
                "added_latency": added_latency(rate_rows),
                "mix_check": checks,
                "mix_cache": cache,
                "batch_size": batches,
            },
            indent=1,
        )
    )
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
