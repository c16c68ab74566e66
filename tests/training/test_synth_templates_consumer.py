"""Consumer-app train templates: registered as train, on routes of their own, seeded, well-formed, injectable."""

from __future__ import annotations

import base64
import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from waf_proxy.training import synth, synth_templates_consumer
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_consumer import CONSUMER

MINE = [REGISTRY[name] for name in CONSUMER]
SEEDS = range(40)
KEY = "consumer:{name}:{seed}"

# Each payload carries a marker that no benign value contains, so it can be found after encoding.
MARK = "zqmark9"
PAYLOADS = checks.payloads(MARK)


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    ctype, body = _ctype(record).lower(), record["body"]
    if "json" in ctype or (ctype.startswith("text/plain") and body.startswith("{")):
        return json.loads(body)
    if "urlencoded" in ctype:
        return checks.parse_form(body)
    if "multipart" in ctype:
        return checks.parse_multipart(record)
    if "xml" in ctype or "opml" in ctype:
        return ET.fromstring(body.encode("utf-8"))
    if ctype.startswith("text/csv"):
        return checks.parse_csv(body, min_rows=3)
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
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict[str, Any]]]:
    return {tpl.name: _render_all(tpl) for tpl in MINE}


def test_consumer_templates_are_registered_as_train() -> None:
    assert 10 <= len(CONSUMER) <= 14
    checks.check_registered(CONSUMER, synth_templates_consumer, "train")


def test_routes_are_disjoint_from_every_other_template() -> None:
    for mine in MINE:
        assert mine.routes and all(r.startswith("/") and r.endswith("/") and r.count("/") >= 2 for r in mine.routes), mine.routes
    checks.check_routes_disjoint(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 0.9)


def test_benign_requests_are_valid_parse_and_stay_on_their_routes() -> None:
    records = checks.finish_all(MINE, KEY, SEEDS, "t")
    checks.check_benign(records, CONSUMER, _parse_body)
    for record in records:
        if record["body"]:
            assert _ctype(record), record["id"]
        assert len(record["body"]) < 12_000, (record["id"], len(record["body"]))


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


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_and_only_there(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    kinds = {slot.kind for _, ctx in renders for slot in ctx.slots}
    assert kinds - {"header", "cookie"}, (tpl.name, kinds)  # user values, not only client headers


def test_module_as_a_whole_uses_many_slot_kinds() -> None:
    kinds = checks.slot_kinds(MINE, "kinds:{seed}", range(15))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_attacks_reach_every_consumer_template(monkeypatch: pytest.MonkeyPatch) -> None:
    """The attack pipeline, run over this module's templates only (siblings are tested on their own)."""
    monkeypatch.setattr(synth, "templates_for", lambda group: list(MINE))
    mine = synth.generate_attack_pairs(400, PAYLOADS, seed=31, templates="train", evasion_rate=0.25)
    assert {i["template"] for _, _, i in mine} == set(CONSUMER)
    checks.check_attack_pairs(mine, _parse_body)
