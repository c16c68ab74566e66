"""Attack twins of an app's own requests, for adapting a model to that app (`train --init`).

Adapting on an app's benign traffic alone teaches the model that the app's formats are
normal, but never shows it an attack inside them, so detection there stays whatever the
default model had. A twin is one of the app's own requests, byte for byte, with one value
(a query or form value, a JSON leaf, a path segment, a cookie value) replaced by an attack
payload from the model's replay sample, encoded as that place encodes values and, for a
quarter of them, with an evasion encoding too: the payload is the only difference.
"""

from __future__ import annotations

import json
import random
import urllib.parse
from typing import Any, Iterable, Iterator, Sequence

from waf_proxy.training import augment
from waf_proxy.training.corpus_twins import fill_cycled
from waf_proxy.training.synth import extract_payloads, record_header
from waf_proxy.training.synth_values import enc_cookie, enc_path

# How likely each kind of place is to receive the payload (per place of that kind), as
# the generated traffic weighs them (synth.SLOT_WEIGHTS).
WEIGHTS = {"json": 3.0, "query": 3.0, "form": 3.0, "path": 2.0, "cookie": 0.5}
EVASION_RATE = 0.25
# Encodings whose output is a raw JSON escape, not a value: this module re-serialises JSON.
_ENCODINGS = tuple(name for name in augment.ENCODINGS if name not in augment.JSON_ONLY)

Slot = tuple[str, Any]  # (kind, where): a pair index, a JSON leaf path, a segment index


def _json_style(body: str) -> tuple[Any, dict[str, Any]] | None:
    """The parsed body and the `json.dumps` options that write it back byte for byte, or
    None: a body re-serialised differently would tell the model apart by its spacing."""
    try:
        obj = json.loads(body)
    except ValueError:
        return None
    for separators in ((", ", ": "), (",", ":")):
        for ensure_ascii in (False, True):
            options = {"separators": separators, "ensure_ascii": ensure_ascii}
            if json.dumps(obj, **options) == body:
                return obj, options
    return None


def _leaves(obj: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from _leaves(value, at + (key,))
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from _leaves(value, at + (i,))
    elif isinstance(obj, (str, int, float)) and not isinstance(obj, bool):
        yield at


def _pairs(text: str) -> list[str]:
    return text.split("&") if text else []


def slots(record: dict[str, Any]) -> list[Slot]:
    """Every place of the request that carries a value an attacker controls."""
    out: list[Slot] = [("query", i) for i, p in enumerate(_pairs(str(record.get("query") or ""))) if "=" in p]
    body = str(record.get("body") or "")
    ctype = record_header(record, "content-type").lower()
    if body and "urlencoded" in ctype:
        out += [("form", i) for i, p in enumerate(_pairs(body)) if "=" in p]
    elif body and "json" in ctype:
        parsed = _json_style(body)
        out += [("json", at) for at in _leaves(parsed[0]) if at] if parsed else []
    segments = str(record.get("path") or "").split("/")
    out += [("path", i) for i, s in enumerate(segments) if i >= 2 and s]
    out += [("cookie", i) for i, p in enumerate(record_header(record, "cookie").split(";")) if "=" in p]
    return out


def _set_pair(text: str, index: int, encoded: str, sep: str = "&") -> str:
    parts = text.split(sep)
    key = parts[index].split("=", 1)[0]
    parts[index] = f"{key}={encoded}"
    return sep.join(parts)


def _set_leaf(obj: Any, at: tuple[Any, ...], value: str) -> None:
    for step in at[:-1]:
        obj = obj[step]
    obj[at[-1]] = value


def with_payload(record: dict[str, Any], slot: Slot, payload: str) -> dict[str, Any]:
    """A copy of `record` with `payload` in `slot`, encoded as that place encodes values."""
    kind, where = slot
    out = dict(record, headers=[list(h) for h in record.get("headers") or []])
    if kind == "query":
        out["query"] = _set_pair(str(record["query"]), where, urllib.parse.quote_plus(payload))
    elif kind == "form":
        out["body"] = _set_pair(str(record["body"]), where, urllib.parse.quote_plus(payload))
    elif kind == "json":
        obj, options = _json_style(str(record["body"]))  # type: ignore[misc]
        _set_leaf(obj, where, payload)
        out["body"] = json.dumps(obj, **options)
    elif kind == "path":
        segments = str(record["path"]).split("/")
        segments[where] = enc_path(payload)
        out["path"] = "/".join(segments)
    elif kind == "cookie":
        for header in out["headers"]:
            if str(header[0]).lower() == "cookie":  # " name=value" keeps its leading space
                header[1] = _set_pair(str(header[1]), where, enc_cookie(payload), ";")
                break
    else:
        raise ValueError(f"unknown slot kind {kind!r}")
    return out


def replay_payloads(replay: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    """(payload, category) of the replay sample's corpus attacks, as the generated training
    attacks take them (CSIC's whole-request labels and generated rows left out)."""
    rows = [r for r in replay if not str(r.get("source", "")).startswith(("csic", "synth"))]
    return extract_payloads(rows)


def app_twins(
    records: Sequence[dict[str, Any]],
    payloads: Sequence[tuple[str, str]],
    n: int,
    seed: int,
    evasion_rate: float = EVASION_RATE,
    twin_key: str | None = None,
) -> list[dict[str, Any]]:
    """`n` attack twins of the benign `records` (cycled in a seeded order); each keeps its
    benign original under `twin_key` when one is given (for locating the payload)."""
    rows = [r for r in records if r.get("label", "benign") == "benign"]
    if not n or not rows or not payloads:
        return []
    rng = random.Random(f"{seed}:app-twins")

    def make(record: dict[str, Any], attempt: int, made: int) -> dict[str, Any] | None:
        places = slots(record)
        if not places:
            return None
        slot = rng.choices(places, weights=[WEIGHTS[kind] for kind, _ in places])[0]
        payload, category = payloads[rng.randrange(len(payloads))]
        if rng.random() < evasion_rate:
            names = [name for name in _ENCODINGS if augment.applicable(name, payload)]
            payload = augment.apply(payload, rng.choice(names), rng) if names else payload
        attack = with_payload(record, slot, payload)
        attack.update(id=f"app-twin-{seed}-{made:07d}", label="attack", category=category,
                      source=f"synth:app-twin:{slot[0]}")
        if twin_key:
            attack[twin_key] = record
        return attack

    return fill_cycled(rows, n, rng, make)
