"""Industry / field-operations train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth import _strings
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth_templates_industry
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_industry import INDUSTRY

MINE = [REGISTRY[name] for name in INDUSTRY]
SEEDS = range(30)
KEY = "industry:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# domain text bodies the apps read as they are (receipt templates, sliced G-code, ASCII STL)
RAW_TEXT = ("text/plain", "text/x-gcode", "model/stl")
GCODE_LINE = re.compile(r"^(;.*|[GM]\d+( [A-Z]-?\d+(\.\d+)?)*( ;.*)?)$")


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "i")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


def _mine(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def test_industry_templates_are_registered_as_train() -> None:
    assert 10 <= len(INDUSTRY) <= 14
    assert isinstance(INDUSTRY, tuple)
    checks.check_registered(INDUSTRY, synth_templates_industry, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, INDUSTRY, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.8)  # realistic sizes
    assert any(len(r["body"]) > 3000 for r in records)  # and some larger documents (G-code, STL, meter data)


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv", "application/xml", "text/xml"} <= set(ctypes)
    assert {"text/x-gcode", "model/stl", "application/atom+xml", "application/vnd.cip4-jdf+xml"} <= set(ctypes)  # the domains' own formats
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every template is used with several methods and formats
        mine = _mine(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match", "x-register-name"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    assert {"x-fieldops-signature", "x-preflight-signature", "x-pos-batch-signature"} <= header_names  # signed hooks and offline batches
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: brackets, arrays, dotted in forms and queries; kebab-case multipart fields; camelCase and snake_case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"\w+\[\w+\](\[\w+\])?", n) for n in names)
    assert any(re.fullmatch(r"\w+\[\w+\]\[\]", n) for n in names) and any(re.fullmatch(r"[a-z_]+\[\]", n) for n in names)
    assert any(re.fullmatch(r"[a-z]+\.[a-z]+", n) for n in names)
    part_names = {n for r in records if "multipart" in _ctype(r) for n in _parse_body(r)}
    assert any(re.fullmatch(r"[a-z]+-[a-z]+(-[a-z]+)*", n) for n in part_names)
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any("_" in k for k in keys)
    assert sum(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies) >= 5  # offline queues and bulk edits as top-level arrays
    # JSON documents inside query parameters (`where`, `filter`), next to Haystack filter expressions
    queries = [(r["path"], k, v) for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True)]
    wheres = [v for path, k, v in queries if k == "where" and path.startswith("/labtrack/")]  # elsewhere `where` is a keyword-named plain value
    assert wheres and all(isinstance(json.loads(v), dict) for v in wheres)
    assert any(k in ("order", "select", "selected[]", "cmd", "table", "where", "exec", "union_id") for _, k, _ in queries)  # SQL/shell words as names
    filters = [v for _, k, v in queries if k == "filter"]
    assert any(v.startswith("{") and isinstance(json.loads(v), dict) for v in filters)
    assert any(re.search(r"\b(and|or|not)\b", v) and not v.startswith("{") for v in filters)


def test_domain_bodies_are_well_formed(records) -> None:
    """G-code moves, STL solids, XML documents with their real roots, and a PNG inside each signature data URI."""
    gcode = [r["body"] for r in records if _ctype(r).startswith("text/x-gcode")]
    assert gcode and all(all(GCODE_LINE.match(line) for line in body.splitlines()) for body in gcode)
    assert all(re.search(r"^G28\b", body, re.M) and re.search(r"^M104 S\d+", body, re.M) for body in gcode)
    stl = [r["body"] for r in records if _ctype(r).startswith("model/stl")]
    assert stl and all(body.startswith("solid ") and body.rstrip().endswith("endsolid") and body.count("facet normal") == body.count("endfacet") > 0 for body in stl)
    roots = {ET.fromstring(r["body"].encode()).tag.split("}")[-1] for r in records if "xml" in _ctype(r) and "multipart" not in _ctype(r)}
    assert {"ProductionSchedule", "ISO11783_TaskData", "Markup", "InstrumentRun", "cXML", "feed", "JDF"} <= roots
    signatures = [s for r in records if "json" in _ctype(r) for s in _strings(json.loads(r["body"])) if s.startswith("data:image/png;base64,")]
    assert signatures and all(s.split(",", 1)[1].startswith("iVBORw0KGgo") for s in signatures)  # the PNG magic number, base64


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    blob = "\n".join(t for r in records for t in _texts(r))
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob)  # SQL words in prose
    assert " -- " in blob and "```" in blob and "`" in blob  # dashes, markdown code
    assert "<p>" in blob and "<strong>" in blob and "<i>purple</i>" in blob  # harmless HTML (rich-text answers, notes)
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    # the domains' own notation
    assert re.search(r"\bP0\d{3}\b", blob) and re.search(r"\bU0100\b|\bC1201\b|\bB1318\b", blob)  # OBD trouble codes
    assert re.search(r"\d+(\.\d)? (L|kg|mL)/ha\b", blob)  # application rates
    assert re.search(r"\b[A-Z]{1,2}-\d{3}(\.1|A)? rev [A-F]\b", blob)  # drawing references
    assert "<LOQ" in blob and ">ULOQ" in blob and re.search(r"(?<![\w.])<0\.\d+", blob)  # QC flags and censored results
    assert re.search(r"\bG1 X\d+(\.\d+)? Y\d+(\.\d+)? E\d", blob) and "M84 ; disable motors" in blob  # G-code
    assert re.search(r"\b(FOB|EXW|CIF|DAP|DDP|FCA|CPT) [A-Z][a-z]+", blob)  # incoterms
    assert re.search(r"Why 3\? ", blob) and "Root cause: " in blob  # 5 Whys
    assert re.search(r"\b(AHU|FCU|VAV|CHW|BLR|MTR|RTU)-\d+/[A-Z]\w+", blob)  # BACnet-style point names
    assert len(re.findall(r"siteRef==@|->navName == \"|kind==\"Number\"|curVal > \d|\band not\b", blob)) >= 3  # Haystack filters
    assert re.search(r"\b\d{2,3}gsm\b", blob) and re.search(r"\b[14]/[04] ", blob)  # paper stocks, colours
    assert "{% for line in lines %}" in blob and "| money }}" in blob  # receipt templates
    assert re.search(r"±0\.\d+ mm|Ø", blob) and "°C" in blob  # tolerances and units
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.15


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_industry_templates() -> None:
    checks.check_module_attacks(INDUSTRY, _parse_body, PAYLOADS, 400, 6)
