"""Where the proxy's time goes: py-spy samples one `waf-proxy serve` while wrk loads it.

Starts the anchor's nginx origin and one proxy configuration, runs wrk at a fixed
concurrency with the load mix, records py-spy samples of every thread (GIL idle
excluded), and prints the functions with the most self and inclusive samples,
plus the raw collapsed stacks (flame-graph input) under --out.

    .venv/bin/python benchmarks/profile_proxy.py --config waf-on --seconds 15 --concurrency 64
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.load import PROXY_CONFIGS, parse_extra, parse_wrk, wrk_command
from benchmarks.mix import build_mix, to_lua
from benchmarks.servers import Anchor, ProxyServer


def summarise(collapsed: str, top: int = 25) -> tuple[list[tuple[str, int]], list[tuple[str, int]], int]:
    """(self samples per frame, inclusive samples per frame, total) from py-spy's raw format."""
    self_count: Counter = Counter()
    incl: Counter = Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        total += n
        self_count[_short(frames[-1])] += n
        for frame in set(_short(f) for f in frames):
            incl[frame] += n
    return self_count.most_common(top), incl.most_common(top), total


def _short(frame: str) -> str:
    """`func (path/to/module.py:12)` -> `func (module.py)`: lines vary, files matter."""
    name, _, where = frame.partition(" (")
    file = where.rstrip(")").rsplit(":", 1)[0]
    parts = file.split("/")
    tail = "/".join(parts[-2:]) if len(parts) > 1 else file
    return f"{name} ({tail})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", default="waf-on", help=f"one of {list(PROXY_CONFIGS)} or an --add name")
    ap.add_argument("--add", action="append", default=[])
    ap.add_argument("--env", action="append", default=[], help="WAF_K=V for the proxy")
    ap.add_argument("--model", default=None)
    ap.add_argument("--fake-model", action="store_true")
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    ap.add_argument("--anchor-port", type=int, default=28180)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--gil", action="store_true", help="sample only the thread holding the GIL")
    # The load benchmark's mix size: a few hundred requests on repeat would profile the
    # scorer's result cache instead of the model.
    ap.add_argument("--benign", type=int, default=19000)
    ap.add_argument("--attack", type=int, default=1000)
    ap.add_argument("--out", default="benchmarks/results/")
    args = ap.parse_args(argv)
    pyspy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(pyspy).exists():
        ap.error("py-spy is not installed (pip install py-spy)")

    configs = PROXY_CONFIGS | parse_extra(args.add)
    env = configs[args.config] | dict(pair.split("=", 1) for pair in args.env)
    tmp = None
    if args.fake_model:
        from benchmarks.engine import load_views, make_fake_model

        tmp = tempfile.TemporaryDirectory(prefix="waf-fake-model-")
        args.model = str(make_fake_model(Path(tmp.name), load_views(2000)))
    if args.model:
        env["WAF_MODEL__PATH"] = str(Path(args.model).resolve())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    script = out / "profile-mix.lua"
    script.write_text(to_lua(build_mix(args.benign, args.attack)))
    anchor = Anchor(names=["upstream"], base_port=args.anchor_port)
    proxy = ProxyServer(args.config, f"http://127.0.0.1:{args.anchor_port}", env=env, log_dir=out)
    raw = out / f"profile-{args.config}.txt"
    try:
        anchor.start()
        proxy.start()
        proxy.wait_ready()
        subprocess.run(wrk_command(proxy.port, 16, 2, script), capture_output=True)  # warm-up
        spy = subprocess.Popen(
            [pyspy, "record", "--pid", str(proxy.proc.pid), "--rate", str(args.rate), "--format", "raw",
             "--duration", str(args.seconds), "--threads", "--nonblocking", "-o", str(raw),
             *(["--gil"] if args.gil else [])],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        time.sleep(0.5)
        wrk = subprocess.run(wrk_command(proxy.port, args.concurrency, args.seconds, script), capture_output=True, text=True)
        spy.wait(timeout=args.seconds + 30)
    finally:
        proxy.stop()
        anchor.stop()
        if tmp is not None:
            tmp.cleanup()
    row = parse_wrk(wrk.stdout)
    selfs, incl, total = summarise(raw.read_text() if raw.exists() else "", args.top)
    print(f"{args.config} at c={args.concurrency}: {row['rps']:.0f} req/s, p99 {row['p99_ms']:.1f} ms; {total} samples")
    print("\nself samples (where the CPU is):")
    for frame, n in selfs:
        print(f"  {100 * n / max(total, 1):5.1f}%  {frame}")
    print("\ninclusive samples:")
    for frame, n in incl:
        print(f"  {100 * n / max(total, 1):5.1f}%  {frame}")
    print(f"\ncollapsed stacks: {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
