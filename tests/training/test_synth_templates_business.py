"""Business / back-office train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest

from waf_proxy.training import synth, synth_templates_business
from waf_proxy.training.synth_templates import REGISTRY, Template, templates_for
from waf_proxy.training.synth_templates_business import BUSINESS
from waf_proxy.training.synth_values import SENTINEL, encode_for_slot
from tests.training.test_synth import _strings, problems
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS, _ctype, _on, _overlap
from tests.training.test_synth_templates_holdout import _parse_body as _parse_common

MINE = [REGISTRY[name] for name in BUSINESS]
SEEDS = range(30)


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type (XML and CSV too); raises if malformed."""
    ctype = _ctype(record).lower()
    if "xml" in ctype:
        return ET.fromstring(record["body"].split("?>", 1)[-1])
    if "csv" in ctype:
        rows = list(csv.reader(io.StringIO(record["body"])))
        assert len(rows) >= 2 and len({len(r) for r in rows}) == 1, rows
        return rows
    if ctype.split(";")[0] == "text/plain":
        return record["body"]
    return _parse_common(record)


def _render_all(tpl: Template, seeds: range = SEEDS) -> list[dict[str, Any]]:
    return [synth.render(tpl, f"biz:{tpl.name}:{s}")[0] for s in seeds]


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    out = []
    for tpl in MINE:
        for i, request in enumerate(_render_all(tpl, range(60))):
            out.append(synth._finish(request, f"b-{tpl.name}-{i}", "benign", "normal", f"synth:{tpl.name}"))
    return out


def test_business_templates_are_registered_as_train() -> None:
    assert 10 <= len(BUSINESS) <= 14 and len(set(BUSINESS)) == len(BUSINESS)
    defined_here = {t.name for t in REGISTRY.values() if t.build.__module__ == synth_templates_business.__name__}
    assert defined_here == set(BUSINESS)
    assert set(BUSINESS) <= {t.name for t in templates_for("train")}
    assert all(REGISTRY[name].group == "train" and REGISTRY[name].weight > 0 for name in BUSINESS)


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    for mine in MINE:
        for route in mine.routes:
            assert route.startswith("/") and route.endswith("/") and route.count("/") == 2, route  # one app-specific prefix
            assert not route.startswith(("/api/", "/v1/", "/v2/")), route
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
        assert len(distinct) == len(first), tpl.name


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    other_routes = tuple(r for t in REGISTRY.values() if t.name not in BUSINESS for r in t.routes)
    for record in records:
        tpl = REGISTRY[record["source"].split(":")[1]]
        assert problems(record) == [], (tpl.name, problems(record))
        assert _on(record["path"], tpl.routes) and not _on(record["path"], other_routes), (tpl.name, record["path"])
        assert SENTINEL not in json.dumps(record)
        if record["method"] in ("GET", "HEAD", "DELETE", "OPTIONS"):
            assert record["body"] == "" and not _ctype(record), (tpl.name, record["method"])
        else:
            assert record["body"] and _ctype(record), tpl.name
        _parse_body(record)
        assert len(record["body"]) < 12000, tpl.name
    assert sum(len(r["body"]) < 2048 for r in records) / len(records) > 0.8  # realistic sizes


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv"} <= set(ctypes)
    assert {"application/xml", "text/xml"} & set(ctypes)
    # every template is used by more than one kind of client or method
    for tpl in MINE:
        mine = [r for r in records if r["source"] == f"synth:{tpl.name}"]
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 2, tpl.name
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    assert any(k.startswith("X-Esign-Signature") for r in records for k, _ in r["headers"])  # signed webhooks
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: brackets, arrays, dotted, kebab-case, camelCase and snake_case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"\w+\[\w+\](\[\w+\])?", n) for n in names)
    assert any(n.endswith("[]") for n in names)
    assert any(re.fullmatch(r"[a-z]+\.[a-z]+(\.[a-z]+)?", n) for n in names)
    assert any(re.fullmatch(r"[a-z]+-[a-z]+(-[a-z]+)*", n) for n in names)
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any("_" in k for k in keys)
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies)  # top-level arrays
    assert any(isinstance(b, dict) and b.get("jsonrpc") == "2.0" for b in bodies)  # JSON-RPC


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    texts = []
    for r in records:
        texts += [v for _, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True)]
        parsed = _parse_body(r) if r["body"] else None
        if isinstance(parsed, (dict, list)) and "json" in _ctype(r):
            texts += _strings(parsed)
        elif isinstance(parsed, list):
            texts += [str(x) for x in parsed]
        elif isinstance(parsed, dict):
            texts += [str(x) for x in parsed.values()]
        else:
            texts.append(r["body"])
    blob = "\n".join(texts)
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob)  # SQL words in prose
    assert " -- " in blob and "```" in blob and "`" in blob  # dashes, markdown code
    assert "<p>" in blob or "<table" in blob  # harmless HTML
    assert "{{ " in blob  # merge tags
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.15  # raw bytes; a third of JSON bodies escape non-ASCII as \\uXXXX


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
        return "\n".join([t for t in root.itertext()] + [a for el in root.iter() for a in el.attrib.values()])
    return record["body"]  # multipart parts, CSV cells and raw text bodies carry the payload as is


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    kinds: Counter[str] = Counter()
    for seed in range(10):
        benign, ctx = synth.render(tpl, f"slot:{seed}")
        assert ctx.slots, tpl.name
        for at, slot in enumerate(ctx.slots):
            kinds[slot.kind] += 1
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
                assert payload in _decoded(record, field, slot.kind), (tpl.name, slot)
            else:
                assert MARK in _decoded(record, field, slot.kind), (tpl.name, slot)
    # user text goes into the body and the URL, not only into headers
    assert sum(n for k, n in kinds.items() if k not in ("header", "cookie")) > sum(n for k, n in kinds.items() if k in ("header", "cookie")), kinds


def test_slot_kinds_across_the_module() -> None:
    kinds = Counter(s.kind for tpl in MINE for seed in range(20) for s in synth.render(tpl, f"k:{seed}")[1].slots)
    assert {"json", "query", "form", "path", "multipart", "xml", "json_query", "header", "cookie"} <= set(kinds), kinds


def test_generated_train_attacks_reach_business_templates() -> None:
    pairs = synth.generate_attack_pairs(400, PAYLOADS, seed=31, templates="train", evasion_rate=0)
    mine = [(b, a, i) for b, a, i in pairs if i["template"] in BUSINESS]
    assert len({i["template"] for _, _, i in mine}) >= 6
    for benign, attack, info in mine:
        assert problems(attack) == [] and problems(benign) == []
        if info["slot"] == "json":
            _parse_body(attack)  # a payload in a JSON field keeps the body valid JSON
