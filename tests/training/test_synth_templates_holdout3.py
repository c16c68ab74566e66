"""Holdout-3 templates: a group of their own, on routes of their own, seeded, well-formed, injectable."""

from __future__ import annotations

import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any

import pytest

from waf_proxy import cli
from waf_proxy.training import (
    synth,
    synth_templates,
    synth_templates_business,
    synth_templates_consumer,
    synth_templates_holdout,
    synth_templates_holdout3,
    synth_templates_platform,
)
from waf_proxy.training.synth_templates import REGISTRY, Template, templates_for
from waf_proxy.training.synth_templates_holdout3 import HOLDOUT3
from waf_proxy.training.synth_values import SENTINEL, encode_for_slot
from tests.training.test_synth import _strings, problems
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS, _ctype, _on, _overlap

MINE = [REGISTRY[name] for name in HOLDOUT3]
SEEDS = range(40)

def _ics(body: str) -> list[tuple[str, str]]:
    """(name with parameters, value) per unfolded iCalendar content line; checks the component nesting."""
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    lines = body.replace("\r\n ", "").split("\r\n")[:-1]
    props = [tuple(line.split(":", 1)) for line in lines]
    assert all(len(p) == 2 for p in props), lines
    stack = []
    for name, value in props:
        if name == "BEGIN":
            stack.append(value)
        elif name == "END":
            assert stack.pop() == value
    assert not stack and props[0] == ("BEGIN", "VCALENDAR")
    for line in body.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line
    return props  # type: ignore[return-value]


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    ctype, body = _ctype(record).lower(), record["body"]
    if "json" in ctype:
        return json.loads(body)
    if "xml" in ctype:
        return ET.fromstring(body.encode("utf-8"))
    if "text/calendar" in ctype:
        return _ics(body)
    if "urlencoded" in ctype:
        return urllib.parse.parse_qsl(body, keep_blank_values=True, strict_parsing=True)
    if "multipart" in ctype:
        raw = f"Content-Type: {_ctype(record)}\r\n\r\n".encode() + body.encode("utf-8")
        msg = BytesParser(policy=HTTP).parsebytes(raw)
        assert msg.is_multipart() and not msg.defects
        parts = {p.get_param("name", header="content-disposition"): p.get_content() for p in msg.iter_parts()}
        assert parts and all(name for name in parts)
        return parts
    assert ctype == "", ctype
    assert body == ""
    return body


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return [synth.render(tpl, f"h3:{tpl.name}:{s}")[0] for s in SEEDS]


def test_holdout3_templates_are_a_group_of_their_own() -> None:
    assert len(HOLDOUT3) == 12 and len(set(HOLDOUT3)) == len(HOLDOUT3)
    defined_here = {t.name for t in REGISTRY.values() if t.build.__module__ == synth_templates_holdout3.__name__}
    assert defined_here == set(HOLDOUT3)
    assert [t.name for t in templates_for("holdout3")] == list(HOLDOUT3)
    assert all(REGISTRY[name].group == "holdout3" for name in HOLDOUT3)
    train, holdout = templates_for("train"), templates_for("holdout")
    assert not set(HOLDOUT3) & {t.name for t in train + holdout}
    # the other groups are exactly the templates of the other modules, in registration order
    others = (synth_templates, synth_templates_holdout, synth_templates_business, synth_templates_consumer, synth_templates_platform)
    older = [t for t in REGISTRY.values() if t.build.__module__ in {m.__name__ for m in others}]
    assert train == [t for t in older if t.group == "train"] and holdout == [t for t in older if t.group == "holdout"]
    assert len(templates_for("all")) == len(REGISTRY) == len(train) + len(holdout) + len(HOLDOUT3)
    with pytest.raises(ValueError):
        templates_for("holdout4")


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
    other_routes = [r for t in REGISTRY.values() if t.name not in HOLDOUT3 for r in t.routes]
    for tpl in MINE:
        for i, request in enumerate(_render_all(tpl)):
            record = synth._finish(request, f"t-{tpl.name}-{i}", "benign", "normal", f"synth:{tpl.name}")
            assert problems(record) == [], (tpl.name, i, problems(record))
            assert _on(record["path"], tpl.routes) and not _on(record["path"], tuple(other_routes)), (tpl.name, record["path"])
            assert SENTINEL not in json.dumps(record)
            if record["method"] in ("GET", "HEAD", "DELETE", "OPTIONS"):
                assert record["body"] == "", (tpl.name, record["method"])
            _parse_body(record)


def test_every_template_uses_several_methods_and_slot_kinds() -> None:
    for tpl in MINE:
        methods: set[str] = set()
        kinds: set[str] = set()
        for s in SEEDS:
            request, ctx = synth.render(tpl, f"h3:{tpl.name}:{s}")
            methods.add(request["method"])
            kinds |= {slot.kind for slot in ctx.slots}
            assert ctx.slots, tpl.name
        assert len(methods) >= 2, (tpl.name, methods)
        assert "header" in kinds and len(kinds) >= 3, (tpl.name, kinds)


def test_holdout3_covers_methods_formats_clients_and_languages() -> None:
    records = [r for tpl in MINE for r in _render_all(tpl)]
    methods = Counter(r["method"] for r in records)
    assert {"GET", "POST", "PUT", "PATCH", "DELETE", "REPORT"} <= set(methods)
    ctypes = {_ctype(r).split(";")[0] for r in records}
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "application/json-patch+json",
            "application/merge-patch+json", "text/calendar", "application/xml", "application/gpx+xml"} <= ctypes
    header_names = Counter(k.lower() for r in records for k, _ in r["headers"])
    assert {"cookie", "authorization", "origin", "referer", "x-device-id", "x-csrf-token"} <= set(header_names)
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k.lower() == "authorization"}
    assert {"Bearer", "Basic"} <= auth
    assert any(k.lower() in ("x-api-key", "api-key", "x-api-token") for r in records for k, _ in r["headers"])
    # free text in many languages: decoded queries and bodies with non-ASCII characters (many requests carry ids only)
    decoded = [urllib.parse.unquote_plus(r["query"]) + urllib.parse.unquote_plus(
        json.dumps(_parse_body(r), ensure_ascii=False) if "json" in _ctype(r) else r["body"]) for r in records]
    assert sum(not d.isascii() for d in decoded) / len(decoded) > 0.2
    blob = "\n".join(decoded)
    for needle in ("```", "SELECT", "{count", "%s", "=SUM(", "v=spf1", "RRULE:", "'", "2>&1"):
        assert needle in blob, needle


def test_every_slot_kind_appears_across_the_set() -> None:
    kinds = Counter(slot.kind for tpl in MINE for s in SEEDS for slot in synth.render(tpl, f"h3:{tpl.name}:{s}")[1].slots)
    assert {"json", "json_query", "query", "form", "multipart", "path", "header", "cookie", "xml"} <= set(kinds), kinds


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
        return "\n".join([*root.itertext(), *(v for el in root.iter() for v in el.attrib.values())])
    return record["body"]  # multipart parts and raw text bodies (CSV, gettext, iCalendar) carry the payload as is


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_and_only_there(tpl: Template) -> None:
    for seed in range(16):
        benign, ctx = synth.render(tpl, f"slot:{seed}")
        assert ctx.slots, tpl.name
        for at, slot in enumerate(ctx.slots):
            payload = PAYLOADS[(seed + at) % len(PAYLOADS)][0]
            attack, actx = synth.render(tpl, f"slot:{seed}", inject_at=at)
            encoded = encode_for_slot(actx, slot.kind, payload)
            fields = {k: attack[k] for k in ("path", "query", "body")} | {f"header:{k}": v for k, v in attack["headers"]}
            holding = [k for k, value in fields.items() if SENTINEL in value]
            assert len(holding) == 1 and fields[holding[0]].count(SENTINEL) == 1, (tpl.name, slot)
            field = holding[0]
            if field.startswith("header:"):
                attack["headers"] = [[k, v.replace(SENTINEL, encoded)] for k, v in attack["headers"]]
            else:
                attack[field] = attack[field].replace(SENTINEL, encoded)
            for key in ("method", "path", "query", "body"):
                if key != field:
                    assert attack[key] == benign[key], (tpl.name, slot, key)
            assert [k for k, _ in attack["headers"]] == [k for k, _ in benign["headers"]]
            record = synth._finish(attack, "a", "attack", "sqli", "s")
            assert problems(record) == [], (tpl.name, slot, problems(record))
            if slot.kind not in ("cookie", "header"):
                assert payload in _decoded(attack, field, slot.kind), (tpl.name, slot)
            else:
                assert MARK in _decoded(attack, field, slot.kind), (tpl.name, slot)


def test_generated_holdout3_benign_traffic_uses_every_template() -> None:
    records = synth.generate_benign(600, seed=1001, templates="holdout3")
    assert synth.generate_benign(600, seed=1001, templates="holdout3") == records
    names = Counter(r["source"].split(":")[1] for r in records)
    assert set(names) == set(HOLDOUT3)
    assert all(r["id"].startswith("synth-holdout3-1001-b") and r["label"] == "benign" for r in records)
    assert not [problems(r) for r in records if problems(r)]


def test_generated_holdout3_attacks_reach_every_template() -> None:
    pairs = synth.generate_attack_pairs(900, PAYLOADS, seed=17, templates="holdout3", evasion_rate=0)
    assert {info["template"] for _, _, info in pairs} == set(HOLDOUT3)
    assert {"json", "json_query", "query", "form", "multipart", "path", "xml"} <= {info["slot"] for _, _, info in pairs}
    attacks = synth.generate_attacks(900, PAYLOADS, seed=17, templates="holdout3", evasion_rate=0)
    assert attacks == [a for _, a, _ in pairs]
    for benign, attack, info in pairs:
        assert attack["label"] == "attack" and problems(attack) == [] and benign["label"] == "benign"
        text = urllib.parse.unquote_plus(attack["path"] + "?" + attack["query"]) + attack["body"] + json.dumps(attack["headers"])
        assert MARK in text.replace("\\u", "").replace("\\", ""), attack["id"]
        if info["slot"] == "json":
            _parse_body(attack)  # a payload in a JSON field keeps the body valid JSON
        if info["slot"] not in ("header", "cookie"):
            assert info["payload"] in _decoded(attack, info["field"], info["slot"]), info


def test_cli_synth_writes_holdout3_traffic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "h3.jsonl"
    assert cli.main(["synth", "--benign", "300", "--templates", "holdout3", "--seed", "4", "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 300 and all(r["label"] == "benign" for r in records)
    names = Counter(r["source"].split(":")[1] for r in records)
    assert set(names) == set(HOLDOUT3)
    assert "wrote 300 records" in capsys.readouterr().err
