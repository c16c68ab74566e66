"""Evasion table: is each re-encoded attack caught as often as its plain form?

Held-out attack payloads (HttpParams test, PayloadsAllTheThings hold-out) are put
into the same request twice, plain and re-encoded with each of the evasion
encoders of `waf_proxy.training.augment` (double URL encoding, mixed case,
unicode escapes, HTML entities, SQL comments as spaces, JSON unicode escapes),
and scored by the default model. Per encoding: detection plain vs encoded, the
gap in points, and how often the normaliser turns both into the same text (when
it does not, the normaliser is where an evasion gets through).

    .venv/bin/python benchmarks/evasion.py                  # 1,000 payloads, ~1 min
    .venv/bin/python benchmarks/evasion.py --crs            # also CRS PL1/PL2 over HTTP
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import shlex
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import parse_qsl, unquote_plus

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `waf_proxy` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.heldout import payload_records  # noqa: E402
from benchmarks.replay import Record  # noqa: E402
from waf_proxy.training import augment  # noqa: E402
from waf_proxy.training.synth import COMPANIONS  # noqa: E402  (the corpora's harmless companions)

ROOT = Path(__file__).resolve().parent.parent
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Encodings whose output is already the wire form of a query value.
_WIRE_ENCODINGS = frozenset({"url", "double_url"})
# Which (context, encoding) pairs the evasion test holds to "within a few points of plain".
ASSERTED: tuple[tuple[str, str], ...] = tuple(
    ("query", e) for e in ("url", "double_url", "unicode_escape", "html_entities", "mixed_case", "sql_comments")
) + (("json", "json_unicode"),)

_BROWSER_HEADERS = [
    ["User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "Chrome/126.0.0.0 Safari/537.36"],
    ["Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"],
    ["Accept-Language", "en-US,en;q=0.9"],
]
# (path, parameter) for query placement and (path, field) for JSON placement; one picked per payload.
QUERY_SLOTS = (("/search", "q"), ("/shop/products", "filter"), ("/account/profile", "display_name"),
               ("/blog/posts", "tag"))
JSON_SLOTS = (("/api/v1/comments", "text"), ("/api/v2/users/42", "bio"), ("/graphql/search", "term"))


@dataclass(frozen=True, slots=True)
class Payload:
    text: str
    category: str
    source_id: str


@dataclass
class Case:
    """One payload in one context, plain or re-encoded."""

    payload: Payload
    context: str  # "query" or "json"
    encoding: str  # "plain" or an augment.ENCODINGS name
    record: Record
    score: float | None = None
    normalized: str = ""
    crs: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- payloads


def payload_of(record: Record) -> str | None:
    """The attack payload inside a corpus record (JSON string field, or query/form value)."""
    body = record.get("body") or ""
    if "json" in dict((k.lower(), v.lower()) for k, v in record["headers"]).get("content-type", ""):
        try:
            obj = json.loads(body)
        except ValueError:
            return None
        values = [v for k, v in obj.items() if isinstance(v, str) and (k, v) not in COMPANIONS] \
            if isinstance(obj, dict) else []
        return max(values, key=len) if values else None
    raw = record.get("query") or (body if record["method"] == "POST" else "")
    values = [v for k, v in parse_qsl(raw, keep_blank_values=True) if (k, v) not in COMPANIONS]
    return max(values, key=len) if values else None


def extract_payloads(records: Iterable[Record]) -> list[Payload]:
    """Distinct payloads, one per text, from JSON-placed or query-placed attack rows.

    PayloadsAllTheThings query rows keep the list's own %XX escapes on the wire, so
    only its JSON rows give the payload text exactly; HttpParams rows are fully
    form-encoded, so their query value decodes back to the payload.
    """
    seen: set[str] = set()
    out: list[Payload] = []
    for rec in records:
        rid = rec["id"]
        if rid.startswith("patt-") and not rid.endswith("-j"):
            continue
        if rid.startswith("hp-") and not rid.endswith("-q"):
            continue
        text = payload_of(rec)
        if text and len(text) >= 3 and text not in seen:
            seen.add(text)
            out.append(Payload(text, rec["category"], rid))
    return out


# ---------------------------------------------------------------- placement


def form_encode(value: str) -> str:
    """What a browser sends for a form/query value: all but unreserved escaped, space as '+'."""
    return "".join(ch if ch in _UNRESERVED else "+" if ch == " " else
                   "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")) for ch in value)


def _slot(slots: Sequence[tuple[str, str]], text: str) -> tuple[str, str]:
    h = int.from_bytes(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:4], "big")
    return slots[h % len(slots)]


def _rng(text: str, encoding: str, seed: int) -> random.Random:
    return random.Random(f"{seed}\x1f{encoding}\x1f{text}")


def query_value(text: str, encoding: str, seed: int) -> str:
    """The wire form of the query value carrying the payload (plain = browser encoding)."""
    if encoding == "plain":
        return form_encode(text)
    encoded = augment.apply(text, encoding, _rng(text, encoding, seed))
    return encoded if encoding in _WIRE_ENCODINGS else form_encode(encoded)


def json_literal(text: str, encoding: str, seed: int) -> str:
    """The JSON string literal (with quotes) carrying the payload."""
    if encoding == "plain":
        return json.dumps(text)
    encoded = augment.apply(text, encoding, _rng(text, encoding, seed))
    return f'"{encoded}"' if encoding in augment.JSON_ONLY else json.dumps(encoded)


def make_record(p: Payload, context: str, encoding: str, seed: int) -> Record:
    rid = f"ev-{context}-{encoding}-{p.source_id}"
    if context == "query":
        path, name = _slot(QUERY_SLOTS, p.text)
        return {"id": rid, "method": "GET", "path": path, "query": f"{name}={query_value(p.text, encoding, seed)}&page=2",
                "headers": [list(h) for h in _BROWSER_HEADERS], "body": "", "label": "attack",
                "category": p.category, "source": f"evasion:{encoding}"}
    path, name = _slot(JSON_SLOTS, p.text)
    body = f'{{"{name}": {json_literal(p.text, encoding, seed)}, "draft": false}}'
    return {"id": rid, "method": "POST", "path": path, "query": "",
            "headers": [list(h) for h in _BROWSER_HEADERS] + [["Content-Type", "application/json"]],
            "body": body, "label": "attack", "category": p.category, "source": f"evasion:{encoding}"}


def build_cases(payloads: Sequence[Payload], seed: int,
                only: Iterable[tuple[str, str]] | None = None) -> list[Case]:
    """Plain and every applicable encoding of each payload, in query and JSON context.

    `only` limits the (context, encoding) pairs (plain is always included).
    """
    wanted = set(only) if only is not None else None
    cases: list[Case] = []
    for p in payloads:
        for context in ("query", "json"):
            encs = [e for e in augment.ENCODINGS if wanted is None or (context, e) in wanted]
            if not encs:
                continue
            cases.append(Case(p, context, "plain", make_record(p, context, "plain", seed)))
            for enc in encs:
                if augment.applicable(enc, p.text, in_json=context == "json"):
                    cases.append(Case(p, context, enc, make_record(p, context, enc, seed)))
    return cases


# ---------------------------------------------------------------- scoring and table


def score_cases(cases: Sequence[Case], scorer: Any, batch: int = 256) -> dict[str, Any]:
    """Score every case with `scorer` (a waf_proxy Scorer) and keep its normalised text."""
    from waf_proxy.inspect import RequestView

    views = [RequestView.from_record(c.record) for c in cases]
    start = time.perf_counter()
    for i in range(0, len(views), batch):
        for c, res in zip(cases[i:i + batch], scorer.score_batch(views[i:i + batch])):
            c.score = res.score
    try:
        from waf_proxy.engine.normalize import normalize_view
    except ImportError:
        normalize_view = None  # type: ignore[assignment]
    if normalize_view is not None:
        for c, v in zip(cases, views):
            c.normalized = normalize_view(v)
    return {"version": scorer.version, "threshold": float(scorer.threshold),
            "seconds": round(time.perf_counter() - start, 2)}


def evasion_table(cases: Sequence[Case], threshold: float, engine: str = "ours") -> list[dict[str, Any]]:
    """Per (context, encoding): detection plain vs encoded on the same payloads, gap in points."""
    plain: dict[tuple[str, str], Case] = {(c.context, c.payload.text): c for c in cases if c.encoding == "plain"}
    groups: dict[tuple[str, str], list[tuple[Case, Case]]] = defaultdict(list)
    for c in cases:
        if c.encoding != "plain":
            groups[(c.context, c.encoding)].append((plain[(c.context, c.payload.text)], c))

    def hit(c: Case) -> bool:
        if engine == "ours":
            return c.score is not None and c.score >= threshold
        return c.crs.get(engine) == 403

    rows = []
    for (context, enc), pairs in sorted(groups.items()):
        n = len(pairs)
        p_hits = sum(hit(p) for p, _ in pairs)
        e_hits = sum(hit(e) for _, e in pairs)
        row: dict[str, Any] = {
            "context": context, "encoding": enc, "engine": engine, "n": n,
            "plain": round(100 * p_hits / n, 1), "encoded": round(100 * e_hits / n, 1),
            "gap": round(100 * (e_hits - p_hits) / n, 1),
            "lost": sum(hit(p) and not hit(e) for p, e in pairs),
            "asserted": (context, enc) in ASSERTED,
        }
        if engine == "ours" and pairs[0][0].normalized:
            row["same_normalized"] = round(100 * sum(p.normalized == e.normalized for p, e in pairs) / n, 1)
        rows.append(row)
    return rows


def lost_examples(cases: Sequence[Case], threshold: float, per_encoding: int = 3) -> dict[str, list[dict[str, Any]]]:
    """Payloads caught plain but missed encoded, with both normalised forms (for the engine owner)."""
    plain = {(c.context, c.payload.text): c for c in cases if c.encoding == "plain"}
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in cases:
        if c.encoding == "plain" or c.score is None:
            continue
        p = plain[(c.context, c.payload.text)]
        key = f"{c.context}/{c.encoding}"
        if p.score is not None and p.score >= threshold > c.score and len(out[key]) < per_encoding:
            out[key].append({"payload": c.payload.text[:120], "plain_score": round(p.score, 3),
                             "encoded_score": round(c.score, 3), "wire": (c.record["query"] or c.record["body"])[:160],
                             "plain_normalized": p.normalized[:200], "encoded_normalized": c.normalized[:200]})
    return dict(out)


def render_markdown(meta: dict[str, Any], tables: dict[str, list[dict[str, Any]]],
                    examples: dict[str, list[dict[str, Any]]]) -> str:
    out = ["# Evasion table: detection of re-encoded attacks vs their plain form", "",
           f"Run {meta['started']} UTC. Command: `{meta['command']}`", "",
           f"- model: {meta.get('ours', {}).get('version', '-')} at threshold "
           f"{meta.get('ours', {}).get('threshold', float('nan')):.4f}",
           f"- payloads: {meta['payloads']} distinct held-out attack payloads ({meta['payload_note']}), seed {meta['seed']}",
           "- each payload is placed plain and encoded into the same request: a query value of a GET "
           "(browser encoding) and a string field of a JSON POST; an encoding is counted only on payloads it "
           "applies to (sql_comments: SQL-looking payloads; json_unicode: JSON context only)",
           "- gap = encoded − plain detection, in points; `same norm %` = normalised text identical "
           "for plain and encoded; rows marked * are held to within 5 points by tests/test_evasion.py", ""]
    for engine, rows in tables.items():
        label = {"ours": "waf-proxy (ours)", "pl1": "ModSecurity CRS PL1", "pl2": "ModSecurity CRS PL2"}[engine]
        out += [f"## {label}", "", "| context | encoding | n | plain % | encoded % | gap (pts) | lost |"
                + (" same norm % |" if engine == "ours" else ""),
                "|---|---|---|---|---|---|---|" + ("---|" if engine == "ours" else "")]
        for r in rows:
            star = "*" if r["asserted"] else ""
            out.append(f"| {r['context']} | {r['encoding']}{star} | {r['n']} | {r['plain']:.1f} | "
                       f"{r['encoded']:.1f} | {r['gap']:+.1f} | {r['lost']} |"
                       + (f" {r.get('same_normalized', '-')} |" if engine == "ours" else ""))
        out.append("")
    if examples:
        out += ["## Caught plain, missed encoded (up to 3 per encoding)", ""]
        for key, exs in examples.items():
            for e in exs:
                out.append(f"- {key}: `{e['payload']}` {e['plain_score']} -> {e['encoded_score']}; "
                           f"normalised `{e['encoded_normalized']}`")
        out.append("")
    return "\n".join(out)


def load_payloads(payload_count: int, seed: int, datasets: Path, model_dir: Path) -> tuple[list[Payload], str]:
    """A seeded sample of distinct payloads from rows the model in model_dir never trained on."""
    records, note = payload_records(datasets, None, seed, model_dir)
    payloads = sorted(extract_payloads(records),
                      key=lambda p: hashlib.sha256(f"{seed}:{p.text}".encode("utf-8", "surrogatepass")).digest())
    return payloads[:payload_count], note


def run(payload_count: int, seed: int, datasets: Path, scorer: Any, model_dir: Path,
        crs: bool = False, concurrency: int = 16) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]], list[Case]]:
    """Build, score (and optionally replay to CRS) the cases; return meta, tables and cases."""
    payloads, note = load_payloads(payload_count, seed, datasets, model_dir)
    cases = build_cases(payloads, seed)
    meta: dict[str, Any] = {"payloads": len(payloads), "payload_note": note, "seed": seed, "cases": len(cases)}
    meta["ours"] = score_cases(cases, scorer)
    threshold = meta["ours"]["threshold"]
    tables = {"ours": evasion_table(cases, threshold)}
    if crs:
        from benchmarks.detection import Anchor
        from benchmarks.replay import replay

        anchor = Anchor()
        anchor.start()
        try:
            async def both() -> None:
                async def one(pl: str) -> None:
                    res = await replay([c.record for c in cases], anchor.ports[pl], concurrency=concurrency)
                    for c, r in zip(cases, res):
                        c.crs[pl] = r.status
                await asyncio.gather(one("pl1"), one("pl2"))
            asyncio.run(both())
        finally:
            anchor.stop()
        tables["pl1"] = evasion_table(cases, threshold, "pl1")
        tables["pl2"] = evasion_table(cases, threshold, "pl2")
    return meta, tables, cases


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--payloads", type=int, default=1000, help="distinct held-out payloads")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--datasets", default="/work/shared/datasets")
    ap.add_argument("--model", default=str(ROOT / "models" / "default"))
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    ap.add_argument("--crs", action="store_true", help="also replay every case to CRS PL1/PL2")
    args = ap.parse_args(argv)
    started = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    from waf_proxy.engine.artifacts import load_scorer

    scorer = load_scorer(args.model, threads=1)
    meta, tables, cases = run(args.payloads, args.seed, Path(args.datasets), scorer, Path(args.model), crs=args.crs)
    meta["started"] = started
    meta["command"] = ".venv/bin/python benchmarks/evasion.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    meta["command"] = meta["command"].strip()
    examples = lost_examples(cases, meta["ours"]["threshold"])
    md = render_markdown(meta, tables, examples)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "evasion.md").write_text(md, encoding="utf-8")
    (out / "evasion.json").write_text(json.dumps({"meta": meta, "tables": tables, "lost_examples": examples},
                                                 indent=1, ensure_ascii=False), encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
