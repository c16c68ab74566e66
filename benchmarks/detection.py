"""Detection and false positives: our model vs ModSecurity + OWASP CRS, side by side, in one run.

The same seeded sample of held-out records is (a) scored by our engine in-process
(`load_scorer`, `RequestView.from_record`, the model's own threshold) and (b)
replayed over HTTP/1.1 to nginx + ModSecurity + CRS 3.3.4 at paranoia levels 1
and 2 (the shared anchor, started here on free loopback ports). Results per
source and per attack category go to benchmarks/results/detection.{md,json}.

    .venv/bin/python benchmarks/detection.py                 # ~5-10 min on 2 cores
    .venv/bin/python benchmarks/detection.py --per-group 200 # quick look

CRS 3.3.4 blocks every `Accept-Charset` header (rule 920450) and PUT/PATCH/DELETE
at PL1 (911100); sources whose records carry Accept-Charset are reported as is and
with that header dropped, and benign false positives are also given over
GET/HEAD/POST/OPTIONS requests only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `waf_proxy` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.heldout import Group, heldout_groups  # noqa: E402
from benchmarks.replay import Record, ReplayResult, drop_headers, replay  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# Held-out sets kept blind: their figures are reported, never the requests a model got wrong.
BLIND_GROUPS = ("synth/holdout3-", "synth/holdout4-", "synth/holdout5-")
ANCHOR = Path(os.environ.get("MODSEC_ANCHOR", "/work/shared/anchors/modsec"))
CRS_METHODS = frozenset({"GET", "HEAD", "POST", "OPTIONS"})  # CRS 3.3.4 tx.allowed_methods
# Correlation / scoring rules that fire on every blocked request: not the cause.
_SCORING_RULES = re.compile(r"^(949|959|980)\d{3}$")
_LOG_RULE = re.compile(r'\[id "(\d+)"\].*?\[msg "([^"]*)"\].*?\[unique_id "([^"]+)"\]')


@dataclass
class Row:
    """One record's outcome under each engine."""

    group: str
    variant: str  # "as is" or "no Accept-Charset"
    record: Record
    ours: float | None = None  # score
    crs: dict[str, ReplayResult] = field(default_factory=dict)  # "pl1"/"pl2" -> result


# ---------------------------------------------------------------- our engine


def score_ours(records: Sequence[Record], model_dir: Path, batch: int = 256) -> tuple[list[float], float, dict]:
    """Scores for every record with the model in model_dir, its threshold and info."""
    from waf_proxy.engine.artifacts import load_scorer
    from waf_proxy.inspect import RequestView

    scorer = load_scorer(str(model_dir), threads=1)  # 1 thread: several times faster on a shared 2-core box
    views = [RequestView.from_record(r) for r in records]
    scores: list[float] = []
    start = time.perf_counter()
    for i in range(0, len(views), batch):
        scores += [res.score for res in scorer.score_batch(views[i:i + batch])]
    secs = time.perf_counter() - start
    info = {"version": scorer.version, "threshold": scorer.threshold, "seconds": round(secs, 2),
            "requests_per_s": round(len(views) / max(secs, 1e-9))}
    return scores, float(scorer.threshold), info


# ---------------------------------------------------------------- CRS anchor


def free_ports(n: int) -> list[int]:
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


class Anchor:
    """nginx + ModSecurity + CRS PL1/PL2 in front of the anchor's own origin."""

    def __init__(self) -> None:
        up, pl1, pl2, proxy = free_ports(4)
        self.ports = {"pl1": pl1, "pl2": pl2}
        self.env = {**os.environ, "MODSEC_UPSTREAM_PORT": str(up), "MODSEC_PL1_PORT": str(pl1),
                    "MODSEC_PL2_PORT": str(pl2), "MODSEC_PROXY_PORT": str(proxy)}
        self.run_dir: Path | None = None

    def start(self) -> None:
        out = subprocess.run([str(ANCHOR / "start.sh"), "upstream", "pl1", "pl2"], env=self.env,
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            raise RuntimeError(f"anchor start.sh failed: {out.stderr.strip()}")
        self.run_dir = Path(out.stdout.strip().splitlines()[-1])

    def stop(self, keep_logs: bool = False) -> None:
        if self.run_dir is None:
            return
        subprocess.run([str(ANCHOR / "stop.sh"), str(self.run_dir)], env=self.env,
                       capture_output=True, text=True, timeout=60)
        if not keep_logs:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def rules_by_request(self, pl: str) -> tuple[dict[str, set[str]], dict[str, str]]:
        """unique_id -> rule ids that matched, and rule id -> message, from the error log."""
        assert self.run_dir is not None
        hits: dict[str, set[str]] = defaultdict(set)
        msgs: dict[str, str] = {}
        path = self.run_dir / "logs" / f"modsec-{pl}.error.log"
        if not path.exists():
            return hits, msgs
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if "ModSecurity: " not in line:
                    continue
                m = _LOG_RULE.search(line)
                if m and not _SCORING_RULES.match(m.group(1)):
                    hits[m.group(3)].add(m.group(1))
                    msgs.setdefault(m.group(1), m.group(2)[:80])
        return hits, msgs


async def replay_crs(rows: Sequence[Row], anchor: Anchor, concurrency: int) -> dict[str, float]:
    """Replay every row to PL1 and PL2 at once (one nginx worker each)."""
    records = [r.record for r in rows]

    async def one(pl: str) -> float:
        start = time.perf_counter()
        results = await replay(records, anchor.ports[pl], concurrency=concurrency)
        for row, res in zip(rows, results):
            row.crs[pl] = res
        return time.perf_counter() - start

    secs = await asyncio.gather(*(one(pl) for pl in ("pl1", "pl2")))
    return {"pl1": round(secs[0], 1), "pl2": round(secs[1], 1)}


# ---------------------------------------------------------------- tables


def rate(hits: int, n: int) -> float | None:
    return round(100.0 * hits / n, 1) if n else None


def summarize(rows: Sequence[Row], threshold: float | None) -> dict[str, Any]:
    """Detection (attacks) or false-positive (benign) rate per engine, with counts."""
    n = len(rows)
    out: dict[str, Any] = {"n": n}
    if threshold is not None and rows and rows[0].ours is not None:
        out["ours"] = rate(sum(r.ours >= threshold for r in rows if r.ours is not None), n)
    for pl in ("pl1", "pl2"):
        res = [r.crs[pl] for r in rows if pl in r.crs]
        if res:
            out[pl] = rate(sum(x.outcome == "blocked" for x in res), n)
            out[f"{pl}_rejected"] = sum(x.outcome == "rejected" for x in res)
            out[f"{pl}_error"] = sum(x.outcome == "error" for x in res)
    return out


def fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.1f}"


def build_report(rows: list[Row], threshold: float | None, meta: dict[str, Any],
                 rules: dict[str, tuple[dict[str, set[str]], dict[str, str]]]) -> tuple[str, dict[str, Any]]:
    by_group: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    for r in rows:
        by_group[(r.group, r.variant, r.record["label"])].append(r)

    sources = []
    for (group, variant, label), grp in by_group.items():
        s = summarize(grp, threshold)
        s.update(group=group, variant=variant, label=label)
        if label == "benign":
            allowed = [r for r in grp if r.record["method"].upper() in CRS_METHODS]
            if len(allowed) != len(grp):
                s["allowed_methods"] = summarize(allowed, threshold)
        sources.append(s)

    categories = []
    for (group, variant, label), grp in by_group.items():
        if label != "attack":
            continue
        cats: dict[str, list[Row]] = defaultdict(list)
        for r in grp:
            cats[r.record["category"]].append(r)
        for cat, crow in sorted(cats.items(), key=lambda kv: -len(kv[1])):
            categories.append({"group": group, "variant": variant, "category": cat, **summarize(crow, threshold)})

    dropped = {r.group for r in rows if r.variant == "no Accept-Charset"}
    totals = {}
    for label in ("attack", "benign"):
        for variant_set in ("as is", "no Accept-Charset"):
            sel = [r for r in rows if r.record["label"] == label and _in_variant_set(r, dropped, variant_set)]
            totals[f"{label} ({variant_set})"] = summarize(sel, threshold)

    fp_rules = {}
    for pl, (hits, msgs) in rules.items():
        for (group, variant, label), grp in by_group.items():
            if label != "benign":
                continue
            c: Counter[str] = Counter()
            for r in grp:
                res = r.crs.get(pl)
                if res is not None and res.outcome == "blocked":
                    c.update(hits.get(res.request_id, ()))
            if c:
                fp_rules.setdefault(f"{group} [{variant}]", {})[pl] = [
                    {"rule": rid, "requests": k, "msg": msgs.get(rid, "")} for rid, k in c.most_common(5)]

    ours_fp_examples = {}
    ours_miss_examples = {}
    if threshold is not None:
        for (group, variant, label), grp in by_group.items():
            if variant != "as is" or group.startswith(BLIND_GROUPS):
                continue
            if label == "benign":
                bad = sorted((r for r in grp if r.ours is not None and r.ours >= threshold), key=lambda r: -r.ours)
                ours_fp_examples[group] = [_example(r) for r in bad[:5]]
            else:
                bad = sorted((r for r in grp if r.ours is not None and r.ours < threshold), key=lambda r: r.ours)
                ours_miss_examples[group] = [_example(r) for r in bad[:3]]

    data = {"meta": meta, "sources": sources, "categories": categories, "totals": totals,
            "crs_fp_rules": fp_rules, "ours_fp_examples": ours_fp_examples,
            "ours_miss_examples": ours_miss_examples}
    return render_markdown(data), data


def _in_variant_set(row: Row, dropped_groups: set[str], variant_set: str) -> bool:
    """'as is' = every group as sent; 'no Accept-Charset' = the dropped variant where one exists."""
    if variant_set == "no Accept-Charset" and row.group in dropped_groups:
        return row.variant == "no Accept-Charset"
    return row.variant == "as is"


def _example(r: Row) -> dict[str, Any]:
    rec = r.record
    target = rec["path"] + ("?" + rec["query"] if rec["query"] else "")
    return {"id": rec["id"], "score": round(r.ours or 0.0, 3), "category": rec["category"],
            "request": f"{rec['method']} {target[:160]}", "body": (rec.get("body") or "")[:160]}


def render_markdown(d: dict[str, Any]) -> str:
    m = d["meta"]
    out = [
        "# Detection and false positives: waf-proxy vs ModSecurity + OWASP CRS",
        "",
        f"Run {m['started']} UTC, {m['seconds']:.0f} s. Command: `{m['command']}`",
        "",
        f"- ours: {m.get('ours', {}).get('version', 'not run')} (threshold "
        f"{m.get('ours', {}).get('threshold', float('nan')):.4f}, in-process, "
        f"{m.get('ours', {}).get('requests_per_s', '-')} req/s)",
        f"- CRS: {m.get('crs', 'not run')}",
        f"- sample: up to {m['per_group']} records per source and label, seed {m['seed']}; "
        "held-out splits: " + m["split_note"],
        "",
        "Attack rows give the detection rate (% blocked), benign rows the false-positive rate "
        "(% blocked). CRS: blocked = HTTP 403; nginx 400/405/413/414 answers are counted as "
        "`rejected` (not blocks).",
        "",
        "Notes on CRS 3.3.4 as shipped: rule 920450 blocks any `Accept-Charset` header, which every "
        "CSIC 2010 request carries, so CSIC is shown as is (CRS blocks 100 % of it, benign and attack "
        "alike) and with that header dropped (the fair comparison; totals are given both ways). "
        "PUT/PATCH/DELETE are not in CRS's allowed methods (911100), so benign false positives are "
        "also given over GET/HEAD/POST/OPTIONS requests only. Our engine does not inspect "
        "Accept-Charset, so its figures are the same in both variants.",
        "",
        "## Totals",
        "",
        "| set | n | ours % | CRS PL1 % | CRS PL2 % |",
        "|---|---|---|---|---|",
    ]
    for name, s in d["totals"].items():
        out.append(f"| {name} | {s['n']} | {fmt(s.get('ours'))} | {fmt(s.get('pl1'))} | {fmt(s.get('pl2'))} |")
    out += ["", "## Per source", "",
            "| source | variant | label | n | ours % | CRS PL1 % | CRS PL2 % | PL1/PL2 rejected | PL1/PL2 errors |",
            "|---|---|---|---|---|---|---|---|---|"]
    for s in d["sources"]:
        out.append(f"| {s['group']} | {s['variant']} | {s['label']} | {s['n']} | {fmt(s.get('ours'))} | "
                   f"{fmt(s.get('pl1'))} | {fmt(s.get('pl2'))} | {s.get('pl1_rejected', '-')}/"
                   f"{s.get('pl2_rejected', '-')} | {s.get('pl1_error', '-')}/{s.get('pl2_error', '-')} |")
    allowed = [s for s in d["sources"] if "allowed_methods" in s]
    if allowed:
        out += ["", "Benign false positives over GET/HEAD/POST/OPTIONS requests only (CRS PL1 blocks "
                "PUT/PATCH/DELETE by method, rule 911100):", "",
                "| source | n | ours % | CRS PL1 % | CRS PL2 % |", "|---|---|---|---|---|"]
        for s in allowed:
            a = s["allowed_methods"]
            out.append(f"| {s['group']} ({s['variant']}) | {a['n']} | {fmt(a.get('ours'))} | "
                       f"{fmt(a.get('pl1'))} | {fmt(a.get('pl2'))} |")
    out += ["", "## Per attack category", "",
            "| source | category | n | ours % | CRS PL1 % | CRS PL2 % |", "|---|---|---|---|---|---|"]
    for c in d["categories"]:
        if c["variant"] != "as is" and c["group"] not in {x["group"] for x in d["categories"] if x["variant"] == "as is"}:
            continue
        name = c["group"] + ("" if c["variant"] == "as is" else f" ({c['variant']})")
        out.append(f"| {name} | {c['category']} | {c['n']} | {fmt(c.get('ours'))} | "
                   f"{fmt(c.get('pl1'))} | {fmt(c.get('pl2'))} |")
    if d["crs_fp_rules"]:
        out += ["", "## CRS rules behind its false positives (top 5, requests)", ""]
        for name, per_pl in d["crs_fp_rules"].items():
            for pl, rules in per_pl.items():
                out.append(f"- {name} {pl.upper()}: " + "; ".join(
                    f"{x['rule']} ×{x['requests']} ({x['msg']})" for x in rules))
    if d["ours_fp_examples"] and any(d["ours_fp_examples"].values()):
        out += ["", "## Our highest-scoring false positives (up to 5 per source)", ""]
        for group, exs in d["ours_fp_examples"].items():
            for e in exs:
                out.append(f"- {group} `{e['id']}` score {e['score']}: `{e['request']}`"
                           + (f" body `{e['body']}`" if e["body"] else ""))
    if d["ours_miss_examples"] and any(d["ours_miss_examples"].values()):
        out += ["", "## Our lowest-scoring missed attacks (up to 3 per source)", ""]
        for group, exs in d["ours_miss_examples"].items():
            for e in exs:
                out.append(f"- {group} `{e['id']}` ({e['category']}) score {e['score']}: `{e['request']}`"
                           + (f" body `{e['body']}`" if e["body"] else ""))
    out.append("")
    return "\n".join(out).replace("\r", "\\r")


# ---------------------------------------------------------------- main


def build_rows(groups: Iterable[Group]) -> list[Row]:
    """One row per record, plus a no-Accept-Charset copy for groups whose records carry it."""
    rows: list[Row] = []
    for g in groups:
        rows += [Row(g.name, "as is", r) for r in g.records]
        if any(k.lower() == "accept-charset" for r in g.records for k, _ in r["headers"]):
            rows += [Row(g.name, "no Accept-Charset", drop_headers(r, ["Accept-Charset"])) for r in g.records]
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-group", type=int, default=1000, help="records per source and label")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--datasets", default="/work/shared/datasets")
    ap.add_argument("--model", default=str(ROOT / "models" / "default"))
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    ap.add_argument("--concurrency", type=int, default=16, help="connections per CRS instance")
    ap.add_argument("--no-crs", action="store_true", help="score ours only")
    ap.add_argument("--no-ours", action="store_true", help="replay to CRS only")
    ap.add_argument("--no-synth", action="store_true", help="skip generated held-out-template traffic")
    ap.add_argument("--keep-logs", action="store_true", help="keep the anchor's runtime folder and logs")
    args = ap.parse_args(argv)
    started = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    t0 = time.perf_counter()
    command = ".venv/bin/python benchmarks/detection.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))

    groups, split_note = heldout_groups(Path(args.datasets), args.per_group, args.seed, Path(args.model),
                                       synth=not args.no_synth)
    rows = build_rows(groups)
    print(f"{len(rows)} rows from {len(groups)} groups ({split_note})", file=sys.stderr)
    meta: dict[str, Any] = {"started": started, "command": command.strip(), "per_group": args.per_group,
                            "seed": args.seed, "split_note": split_note}

    threshold = None
    model_dir = Path(args.model)
    if not args.no_ours and (model_dir / "config.json").exists():
        scores, threshold, info = score_ours([r.record for r in rows], model_dir)
        for row, s in zip(rows, scores):
            row.ours = s
        meta["ours"] = info
        print(f"ours: {info}", file=sys.stderr)
    elif not args.no_ours:
        print(f"ours: no model at {model_dir}, column left empty", file=sys.stderr)

    rules: dict[str, tuple[dict[str, set[str]], dict[str, str]]] = {}
    if not args.no_crs:
        anchor = Anchor()
        anchor.start()
        try:
            secs = asyncio.run(replay_crs(rows, anchor, args.concurrency))
            rules = {pl: anchor.rules_by_request(pl) for pl in ("pl1", "pl2")}
        finally:
            anchor.stop(keep_logs=args.keep_logs)
        meta["crs"] = (f"nginx + ModSecurity 3 + OWASP CRS 3.3.4 (shared anchor, PL1 and PL2, anomaly "
                       f"threshold 5), replayed at concurrency {args.concurrency}; {secs['pl1']} s / {secs['pl2']} s")
        print(f"crs: {secs}", file=sys.stderr)

    meta["seconds"] = time.perf_counter() - t0
    md, data = build_report(rows, threshold, meta, rules)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "detection.md").write_text(md, encoding="utf-8")
    (out / "detection.json").write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    with open(out / "detection_records.jsonl", "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({"group": r.group, "variant": r.variant, "id": r.record["id"],
                                 "label": r.record["label"], "category": r.record["category"],
                                 "method": r.record["method"], "ours": r.ours,
                                 **{pl: res.status for pl, res in r.crs.items()}}) + "\n")
    print(md)
    print(f"wrote {out / 'detection.md'} and {out / 'detection.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
