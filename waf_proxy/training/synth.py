"""Synthetic training traffic that looks like real traffic (`waf-proxy synth`).

The shared corpora teach a model that "unfamiliar context means attack": their
benign requests are an old shop, bare paths and single parameters, and their
attacks sit in contexts of their own. This module generates modern benign
requests from templates (see `synth_templates`) and places attack payloads
from the corpora into the *same* generated requests, so that an attack and its
benign twin differ only in the payload. Everything is seeded: the same
arguments give byte-identical output.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from waf_proxy.training import augment
from waf_proxy.training.chat_register import chat_hook
from waf_proxy.training.synth_templates import Template, templates_for
from waf_proxy.training.synth_values import SENTINEL, Ctx, enc_minimal, encode_for_slot

# How likely each kind of place is to receive a payload (per slot of that kind).
SLOT_WEIGHTS: dict[str, float] = {
    "json": 3.0, "query": 3.0, "form": 3.0, "multipart": 2.0, "gql": 2.0, "xml": 2.0,
    "json_query": 2.0, "path": 2.0, "header": 0.35, "cookie": 0.5,
}
# Fraction of attacks re-encoded with an evasion encoding from `augment`.
DEFAULT_EVASION_RATE = 0.25


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def _pick_template(rng: random.Random, pool: Sequence[Template]) -> Template:
    return rng.choices(pool, weights=[t.weight for t in pool])[0]


def render(
    tpl: Template, record_seed: str, inject_at: int | None = None, chat_rate: float = 0.0
) -> tuple[dict[str, Any], Ctx]:
    """Build one request from a template; the same seed always gives the same request.

    chat_rate: share of its prose rewritten in a chat register (`chat_register`)."""
    ctx = Ctx.new(random.Random(record_seed), inject_at=inject_at)
    ctx.chat = chat_hook(chat_rate)
    return tpl.build(ctx), ctx


def _finish(request: dict[str, Any], rid: str, label: str, category: str, source: str) -> dict[str, Any]:
    return {
        "id": rid,
        "method": request["method"],
        "path": request["path"],
        "query": request["query"],
        "headers": request["headers"],
        "body": request["body"],
        "label": label,
        "category": category,
        "source": source,
    }


def _pool(templates: str) -> list[Template]:
    pool = templates_for(templates)
    if not pool:
        raise ValueError(f"no templates in group {templates!r}")
    return pool


def iter_benign(n: int, seed: int, templates: str = "train", chat_rate: float = 0.0) -> Iterator[dict[str, Any]]:
    pool = _pool(templates)
    for i in range(n):
        rng = random.Random(f"{seed}:{templates}:pick:{i}")
        tpl = _pick_template(rng, pool)
        request, _ = render(tpl, f"{seed}:{templates}:req:{i}", chat_rate=chat_rate)
        yield _finish(request, f"synth-{templates}-{seed}-b{i:07d}", "benign", "normal", f"synth:{tpl.name}")


def generate_benign(n: int, seed: int, templates: str = "train", chat_rate: float = 0.0) -> list[dict[str, Any]]:
    """`n` benign requests in the shared corpus format, drawn from a template group."""
    return list(iter_benign(n, seed, templates, chat_rate))


CALIB_SOURCE = "synth-calib"


def calibration_app_rows(n: int, seed: int) -> list[dict[str, Any]]:
    """`n` benign requests of the calibration-only apps (the "calib" template group).

    Calibration rows drawn from the training templates score lower than an unseen
    app's requests do (the model learned those apps), so a threshold fitted on them
    alone blocks more than its target on a new app. These apps are never trained on;
    as a source of their own (`synth-calib`) the threshold must hold on them too."""
    rows = generate_benign(n, seed, templates="calib")
    for r in rows:
        r["source"] = CALIB_SOURCE + ":" + str(r["source"]).split(":", 1)[1]
    return rows


# --------------------------------------------------------------------------
# Attack payloads
# --------------------------------------------------------------------------

# The harmless companion parameters the corpora put beside a payload (reqlib.py).
COMPANIONS = {("page", "1"), ("lang", "en"), ("sort", "asc"), ("limit", "20"), ("ref", "home")}
# CSIC marks whole requests anomalous; only values that look like an attack are taken.
_CSIC_SUSPICIOUS = re.compile(
    r"[<>'\"`;|${}\\]|--|\.\./|%0[ad]|%3c|%27|%25|\b(select|union|script|exec|drop|insert|alert|passwd|cmd|or|and)\b",
    re.IGNORECASE,
)


def record_header(record: dict[str, Any], name: str) -> str:
    for key, value in record.get("headers", []):
        if str(key).lower() == name:
            return str(value)
    return ""


def _single_value(pairs: list[tuple[str, str]]) -> str | None:
    values = [v for k, v in pairs if (k, v) not in COMPANIONS]
    return values[0] if len(values) == 1 else None


def _payload_of(record: dict[str, Any]) -> str | None:
    source = str(record.get("source", ""))
    path, query, body = str(record.get("path", "")), str(record.get("query", "")), str(record.get("body", ""))
    ctype = record_header(record, "content-type").lower()
    if source.startswith("csic"):
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True, encoding="latin-1")
        if "urlencoded" in ctype:
            pairs += urllib.parse.parse_qsl(body, keep_blank_values=True, encoding="latin-1")
        hits = [v for _, v in pairs if _CSIC_SUSPICIOUS.search(v)]
        return max(hits, key=len) if hits else None
    if source.startswith("fwaf"):
        target = urllib.parse.unquote(path)
        return target + ("?" + urllib.parse.unquote_plus(query) if query else "")
    if body and "json" in ctype:
        try:
            obj = json.loads(body)
        except ValueError:
            return None
        if isinstance(obj, dict):
            return _single_value([(str(k), v) for k, v in obj.items() if isinstance(v, str)])
        return None
    if body and "xml" in ctype:
        return body
    if body and "urlencoded" in ctype:
        return _single_value(urllib.parse.parse_qsl(body, keep_blank_values=True))
    if query:
        return _single_value(urllib.parse.parse_qsl(query, keep_blank_values=True))
    if path not in ("", "/"):
        return urllib.parse.unquote(path)
    return None


def extract_payloads(records: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    """(payload, category) for each distinct attack payload in shared-corpus records.

    httpparams / payloadsallthethings: the one non-companion value (decoded);
    fwaf: the decoded path and query; csic: the parameter value that looks like
    an attack (records where none does are skipped). Benign records are skipped.
    """
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
    for record in records:
        if record.get("label") != "attack":
            continue
        payload = _payload_of(record)
        if not payload or not payload.strip():
            continue
        item = (payload, str(record.get("category") or "attack"))
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def read_jsonl(paths: Iterable[str | Path]) -> Iterator[dict[str, Any]]:
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def _normalise_payloads(payloads: Sequence[Any]) -> list[tuple[str, str]]:
    """Accept (payload, category) tuples, {"payload", "category"} dicts or corpus records."""
    out: list[tuple[str, str]] = []
    records = []
    for item in payloads:
        if isinstance(item, dict) and "label" in item:
            records.append(item)
        elif isinstance(item, dict):
            out.append((str(item["payload"]), str(item.get("category") or "attack")))
        else:
            out.append((str(item[0]), str(item[1])))
    out += extract_payloads(records)
    return [(p, c if c not in ("", "normal") else "attack") for p, c in out if p]


# --------------------------------------------------------------------------
# Attacks in context
# --------------------------------------------------------------------------


def payload_order(items: Sequence[tuple[str, str]], seed: int) -> list[int]:
    """A seeded order of payload indices in which each category's share grows with sqrt(its size).

    The corpora are lopsided (fwaf scanner URLs outnumber XXE payloads 800:1);
    square-root weighting keeps small families visible without repeating them
    endlessly. Weighted sampling without replacement (Efraimidis-Spirakis).
    """
    counts = Counter(category for _, category in items)
    rng = random.Random(f"{seed}:payload-order")
    keys = [rng.random() ** (counts[category] ** 0.5) for _, category in items]
    return sorted(range(len(items)), key=lambda i: keys[i], reverse=True)


def _encode_payload(ctx: Ctx, kind: str, payload: str, encoding: str | None, rng: random.Random) -> str:
    if encoding == "json_unicode":
        text = augment.json_unicode(payload, rng)
        return ctx.qenc(text) if kind == "json_query" else text
    if encoding:
        payload = augment.apply(payload, encoding, rng)
    return encode_for_slot(ctx, kind, payload)


def _choose_encoding(rng: random.Random, payload: str, kind: str, rate: float, allowed: Sequence[str] | None) -> str | None:
    if rng.random() >= rate:
        return None
    in_json = kind in ("json", "json_query")
    names = [n for n in (allowed or augment.ENCODINGS) if augment.applicable(n, payload, in_json=in_json)]
    return rng.choice(names) if names else None


def _replace_sentinel(request: dict[str, Any], encoded: str) -> str:
    """Put the encoded payload where the sentinel is; returns the field it went into."""
    for key in ("path", "query", "body"):
        if SENTINEL in request[key]:
            request[key] = request[key].replace(SENTINEL, encoded)
            return key
    for header in request["headers"]:
        if SENTINEL in header[1]:
            header[1] = header[1].replace(SENTINEL, encoded)
            return "header:" + header[0]
    raise RuntimeError("payload slot not found in rendered request")


def iter_attack_pairs(
    n: int,
    payloads: Sequence[Any],
    seed: int,
    templates: str = "train",
    evasion_rate: float = DEFAULT_EVASION_RATE,
    encodings: Sequence[str] | None = None,
    chat_rate: float = 0.0,
) -> Iterator[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]:
    """Yield (benign twin, attack, info) triples; see `generate_attack_pairs`."""
    for name in encodings or ():
        if name not in augment.ENCODINGS:
            raise ValueError(f"unknown encoding {name!r}; known: {', '.join(augment.ENCODINGS)}")
    items = _normalise_payloads(payloads)
    if n and not items:
        raise ValueError("no attack payloads given")
    pool = _pool(templates)
    order = payload_order(items, seed)
    for i in range(n):
        rng = random.Random(f"{seed}:{templates}:attack-pick:{i}")
        tpl = _pick_template(rng, pool)
        record_seed = f"{seed}:{templates}:attack:{i}"
        benign_req, ctx = render(tpl, record_seed, chat_rate=chat_rate)
        weights = [SLOT_WEIGHTS.get(s.kind, 1.0) for s in ctx.slots]
        at = rng.choices(range(len(ctx.slots)), weights=weights)[0]
        slot = ctx.slots[at]
        payload, category = items[order[i % len(items)]]
        encoding = _choose_encoding(rng, payload, slot.kind, evasion_rate, encodings)
        attack_req, actx = render(tpl, record_seed, inject_at=at, chat_rate=chat_rate)
        encoded = _encode_payload(actx, slot.kind, payload, encoding, rng)
        field = _replace_sentinel(attack_req, encoded)
        source = f"synth:{tpl.name}:{slot.kind}:{encoding or 'plain'}"
        benign = _finish(benign_req, f"synth-{templates}-{seed}-t{i:07d}", "benign", "normal", f"synth:{tpl.name}")
        attack = _finish(attack_req, f"synth-{templates}-{seed}-a{i:07d}", "attack", category, source)
        info = {"template": tpl.name, "slot": slot.kind, "slot_name": slot.name, "field": field,
                "benign_value": slot.benign, "payload": payload, "encoding": encoding, "encoded": encoded}
        yield benign, attack, info


def generate_attack_pairs(
    n: int,
    payloads: Sequence[Any],
    seed: int,
    templates: str = "train",
    evasion_rate: float = DEFAULT_EVASION_RATE,
    encodings: Sequence[str] | None = None,
) -> list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]:
    """`n` (benign twin, attack, info) triples: the same generated request without and with a payload.

    info says where the payload went (template, slot kind and name, record
    field) and how it was encoded. Useful for paired evaluation: the same
    seed with evasion_rate=0 and with evasion_rate=1, encodings=[name] gives
    the same payloads in the same places, plain and encoded.
    """
    return list(iter_attack_pairs(n, payloads, seed, templates, evasion_rate, encodings))


def generate_attacks(
    n: int,
    payloads: Sequence[Any],
    seed: int,
    templates: str = "train",
    evasion_rate: float = DEFAULT_EVASION_RATE,
    encodings: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """`n` attack requests: corpus payloads placed into generated requests.

    payloads: (payload, category) tuples, {"payload", "category"} dicts, or
    shared-corpus records (their payloads are extracted). A fraction
    `evasion_rate` of them is re-encoded with an evasion encoding, drawn from
    `encodings` (default: all of augment.ENCODINGS that apply).
    """
    return [attack for _, attack, _ in iter_attack_pairs(n, payloads, seed, templates, evasion_rate, encodings)]


def reencode_record(record: dict[str, Any], encoding: str | None, rng: random.Random) -> dict[str, Any] | None:
    """A shared-corpus attack record with its payload re-encoded (None: not applicable).

    Handles records whose payload is one query, form or JSON value
    (httpparams, payloadsallthethings). encoding=None re-serialises the plain
    payload the same way, for a like-for-like plain vs encoded comparison.
    """
    if record.get("label") != "attack" or str(record.get("source", "")).startswith(("csic", "fwaf")):
        return None
    if encoding is not None and encoding not in augment.ENCODINGS:
        raise ValueError(f"unknown encoding {encoding!r}")
    body, query = str(record.get("body", "")), str(record.get("query", ""))
    ctype = record_header(record, "content-type").lower()
    out = dict(record, headers=[list(h) for h in record.get("headers", [])])
    if body and "json" in ctype:
        try:
            obj = json.loads(body)
        except ValueError:
            return None
        keys = [k for k, v in obj.items() if isinstance(v, str) and (k, v) not in COMPANIONS] if isinstance(obj, dict) else []
        if len(keys) != 1:
            return None
        payload = obj[keys[0]]
        if encoding and not augment.applicable(encoding, payload, in_json=True):
            return None
        obj[keys[0]] = SENTINEL
        text = json.dumps(obj, ensure_ascii=False)
        if encoding == "json_unicode":
            encoded = augment.json_unicode(payload, rng)
        else:
            encoded = json.dumps(augment.apply(payload, encoding, rng) if encoding else payload, ensure_ascii=False)[1:-1]
        out["body"] = text.replace(SENTINEL, encoded)
    elif (body and "urlencoded" in ctype) or (query and not body):
        field = "body" if body else "query"
        pairs = urllib.parse.parse_qsl(out[field], keep_blank_values=True)
        spots = [i for i, kv in enumerate(pairs) if kv not in COMPANIONS]
        if len(spots) != 1:
            return None
        name, payload = pairs[spots[0]]
        if encoding and not augment.applicable(encoding, payload):
            return None
        value = augment.apply(payload, encoding, rng) if encoding else payload
        pairs[spots[0]] = (name, value)
        out[field] = "&".join(f"{enc_minimal(k)}={enc_minimal(v)}" for k, v in pairs)
    else:
        return None
    tag = encoding or "plain"
    out["id"] = f"{record['id']}~{tag}"
    out["source"] = f"{record.get('source', '')}+{tag}"
    return out


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def summarize(records: Iterable[dict[str, Any]]) -> dict[str, Counter[str]]:
    """Counts per template, method, content type and label, for reports."""
    out: dict[str, Counter[str]] = {"template": Counter(), "method": Counter(), "content_type": Counter(), "label": Counter()}
    for r in records:
        out["template"][r["source"].split(":")[1] if r["source"].startswith("synth:") else r["source"]] += 1
        out["method"][r["method"]] += 1
        ctype = next((v for k, v in r["headers"] if k.lower() == "content-type"), "")
        out["content_type"][ctype.split(";")[0].strip() or "(none)"] += 1
        out["label"][r["label"]] += 1
    return out


def run_synth(args: argparse.Namespace) -> int:
    """`waf-proxy synth`: write generated benign and attack requests as JSONL."""
    if args.benign < 0 or args.attacks < 0:
        print("synth: --benign and --attacks must be >= 0", file=sys.stderr)
        return 2
    payloads: list[tuple[str, str]] = []
    if args.attacks:
        if not args.payloads:
            print("synth: --attacks needs --payloads FILE...", file=sys.stderr)
            return 2
        payloads = extract_payloads(read_jsonl(args.payloads))
        if not payloads:
            print("synth: no attack payloads found in --payloads files", file=sys.stderr)
            return 2
    start = time.perf_counter()
    written: list[dict[str, Any]] = []
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        records: Iterable[dict[str, Any]] = iter_benign(args.benign, args.seed, args.templates)
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
            written.append(record)
        for _, attack, _ in iter_attack_pairs(args.attacks, payloads, args.seed, args.templates):
            fh.write(json.dumps(attack, ensure_ascii=False, separators=(",", ":")) + "\n")
            written.append(attack)
    elapsed = time.perf_counter() - start
    rate = len(written) / elapsed if elapsed > 0 else float("inf")
    summary = summarize(written)
    print(f"wrote {len(written)} records to {out} in {elapsed:.1f}s ({rate:.0f} records/s)", file=sys.stderr)
    if payloads:
        print(f"payloads: {len(payloads)} distinct from {len(args.payloads)} file(s)", file=sys.stderr)
    for key, counts in summary.items():
        print(f"{key}: " + ", ".join(f"{k}={v}" for k, v in counts.most_common()), file=sys.stderr)
    return 0
