"""Platform train templates: registered as train, on routes of their own, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import pytest

from tests.training.test_synth import _strings, problems
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS, _overlap
from waf_proxy.training import synth, synth_templates_platform
from waf_proxy.training.synth_templates import REGISTRY, Template, templates_for
from waf_proxy.training.synth_templates_platform import PLATFORM_TRAIN
from waf_proxy.training.synth_values import SENTINEL, encode_for_slot

MINE = [REGISTRY[name] for name in PLATFORM_TRAIN]
SEEDS = range(40)


def _on(path: str, routes: tuple[str, ...]) -> bool:
    return any(path == r if r == "/" else path.startswith(r) for r in routes)


def _ctype(record: dict[str, Any]) -> str:
    return next((v for k, v in record["headers"] if k.lower() == "content-type"), "")


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    ctype, body = _ctype(record).lower(), record["body"]
    if not ctype:
        assert body == "", record["path"]
        return body
    if "json" in ctype:
        return json.loads(body)
    if "urlencoded" in ctype:
        return urllib.parse.parse_qsl(body, keep_blank_values=True, strict_parsing=True)
    if "multipart" in ctype:
        raw = f"Content-Type: {_ctype(record)}\r\n\r\n".encode() + body.encode("utf-8")
        msg = BytesParser(policy=HTTP).parsebytes(raw)
        assert msg.is_multipart() and not msg.defects
        parts = {p.get_param("name", header="content-disposition"): p.get_content() for p in msg.iter_parts()}
        assert parts and all(name for name in parts)
        return parts
    if "xml" in ctype:  # application/xml and image/svg+xml
        return ET.fromstring(body.encode("utf-8"))
    if ctype.startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(body)))
        assert rows and all(len(row) == len(rows[0]) for row in rows), body
        return rows
    assert ctype.startswith("text/plain"), ctype
    return body


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return [synth.render(tpl, f"plat:{tpl.name}:{s}")[0] for s in SEEDS]


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    out = []
    for tpl in MINE:
        for i, request in enumerate(_render_all(tpl)):
            out.append(synth._finish(request, f"p-{tpl.name}-{i}", "benign", "normal", f"synth:{tpl.name}"))
    return out


def test_platform_templates_are_registered_as_train() -> None:
    assert 10 <= len(PLATFORM_TRAIN) <= 14 and len(set(PLATFORM_TRAIN)) == len(PLATFORM_TRAIN)
    defined_here = {t.name for t in REGISTRY.values() if t.build.__module__ == synth_templates_platform.__name__}
    assert defined_here == set(PLATFORM_TRAIN)
    assert set(PLATFORM_TRAIN) <= {t.name for t in templates_for("train")}
    for tpl in MINE:
        assert tpl.group == "train" and tpl.weight > 0
        for route in tpl.routes:  # specific prefixes, never a bare generic one
            assert route.count("/") >= 2 and route not in ("/api/", "/api/v1/", "/v1/"), route


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


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    other_routes = tuple(r for t in REGISTRY.values() if t.name not in PLATFORM_TRAIN for r in t.routes)
    for record in records:
        tpl = REGISTRY[record["source"].split(":")[1]]
        assert problems(record) == [], (tpl.name, record["id"], problems(record))
        assert _on(record["path"], tpl.routes) and not _on(record["path"], other_routes), (tpl.name, record["path"])
        assert SENTINEL not in json.dumps(record)
        if record["method"] in ("GET", "HEAD", "OPTIONS"):
            assert record["body"] == "", (tpl.name, record["method"])
        _parse_body(record)
    sizes = sorted(len(r["body"]) + len(r["query"]) for r in records)
    assert sizes[len(sizes) // 2] < 2048 and sizes[-1] < 12_000  # realistic sizes


def test_module_covers_methods_formats_clients_and_auth(records) -> None:
    methods = Counter(r["method"] for r in records)
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= set(methods)
    ctypes = Counter(_ctype(r).split(";")[0].strip() for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "application/xml", "text/plain", "text/csv"} <= set(ctypes)
    assert ctypes["application/json"] > 100
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "x-device-id", "x-hub-signature-256", "x-amz-date", "x-xsrftoken", "x-slack-signature"} <= header_names
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k.lower() == "authorization"}
    assert {"Bearer", "Basic", "ApiKey", "AWS4-HMAC-SHA256"} <= auth
    uas = [v for r in records for k, v in r["headers"] if k == "User-Agent"]
    assert any(ua.startswith("Mozilla/") for ua in uas) and any("python-requests" in ua or "axios" in ua for ua in uas)
    assert any(ua.startswith(("okhttp/", "Dart/")) or "CFNetwork" in ua or "iPhone" in ua for ua in uas)
    # parameter naming styles: kebab-case, dotted, bracketed, operators in brackets, arrays
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"], keep_blank_values=True)}
    assert {"list-type", "max-keys", "fields.title[match]", "sys.createdAt[gte]", "tag[]", "code_challenge", "X-Amz-Signature"} & names
    assert any("-" in n for n in names) and any("." in n for n in names) and any("[" in n for n in names)
    # JSON queries in query strings and JSON inside a form field
    values = [v for r in records for _, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True)]
    assert any(v.startswith("{") and json.loads(v) for v in values)
    assert any(r["body"].startswith("payload=") for r in records)


def test_free_text_carries_the_false_positive_traps(records) -> None:
    decoded = []
    for r in records:
        body = _parse_body(r)
        if isinstance(body, (dict, list)) and not (isinstance(body, list) and body and isinstance(body[0], tuple)):
            text = "\n".join(_strings(body))
        elif isinstance(body, list):
            text = "\n".join(str(x) for row in body for x in row)
        else:
            text = r["body"]
        decoded.append(urllib.parse.unquote_plus(r["query"]) + "\n" + text)
    blob = "\n".join(decoded)
    assert re.search(r"\bSELECT\b .* FROM \w+", blob) and re.search(r"\bGROUP BY\b|\bORDER BY\b", blob)  # SQL in prompts, spans, cells
    assert "```" in blob and "!pip install" in blob and "%%sql" in blob
    assert re.search(r"(&&|\| ?grep|2>&1)", blob)  # shell in prompts and commit messages
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert "-- " in blob and "https://" in blob and "utm_source" in blob
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # CJK or Cyrillic text
    assert sum(not d.isascii() for d in decoded) / len(decoded) > 0.2


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
    if kind == "json":  # JSON bodies, also those sent as text/plain (sendBeacon)
        return "\n".join(_strings(json.loads(record["body"])))
    if kind == "form":
        return "\n".join(v for _, v in _parse_body(record))
    if kind == "xml":
        return "\n".join(_parse_body(record).itertext())
    return record["body"]  # multipart parts and raw text bodies carry the payload as is


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_and_only_there(tpl: Template) -> None:
    kinds: Counter[str] = Counter()
    for seed in range(10):
        benign, ctx = synth.render(tpl, f"slot:{seed}")
        assert ctx.slots, tpl.name
        # (a Slack-style interactive callback is JSON inside one form field: no slot kind encodes its leaves)
        assert len(ctx.slots) >= 2 or benign["method"] in ("GET", "HEAD", "DELETE", "OPTIONS") or benign["path"] == "/chatops/slack/interactive", (tpl.name, ctx.slots)
        for at, slot in enumerate(ctx.slots):
            kinds[slot.kind] += 1
            payload = PAYLOADS[(seed + at) % len(PAYLOADS)][0]
            attack, actx = synth.render(tpl, f"slot:{seed}", inject_at=at)
            encoded = encode_for_slot(actx, slot.kind, payload)
            fields = {k: attack[k] for k in ("path", "query", "body")} | {f"header:{k}": v for k, v in attack["headers"]}
            holding = [k for k, value in fields.items() if value.count(SENTINEL)]
            assert len(holding) == 1 and fields[holding[0]].count(SENTINEL) == 1, (tpl.name, slot)
            field = synth._replace_sentinel(attack, encoded)
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
    # every template offers more than the User-Agent: body, query or path slots
    assert set(kinds) - {"header", "cookie"}, (tpl.name, kinds)


def test_generated_train_attacks_reach_the_platform_templates() -> None:
    pairs = synth.generate_attack_pairs(1200, PAYLOADS, seed=31, templates="train", evasion_rate=0)
    mine = [(b, a, i) for b, a, i in pairs if i["template"] in PLATFORM_TRAIN]
    assert len({i["template"] for _, _, i in mine}) >= len(PLATFORM_TRAIN) - 2
    for _, attack, info in mine:
        assert problems(attack) == [], info
        if info["slot"] == "json":
            _parse_body(attack)  # a payload in a JSON field keeps the body valid JSON
