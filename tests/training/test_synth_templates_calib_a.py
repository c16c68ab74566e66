"""Calibration-only templates, set A: registered as "calib", own routes, seeded, well-formed, benign, injectable, varied."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections import Counter
from typing import Any

import pytest

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth import _strings
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth, synth_templates_calib_a
from waf_proxy.training.synth_templates import REGISTRY, Template, templates_for
from waf_proxy.training.synth_templates_calib_a import CALIB_A

MINE = [REGISTRY[name] for name in CALIB_A]
SEEDS = range(30)
KEY = "calib-a:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
RAW_TEXT = ("text/plain",)  # sendBeacon JSON and code posted as it is


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "ca")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


def _mine(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def _fields(records: list[dict[str, Any]], name: str, key: str) -> list[str]:
    """Values of JSON members or form fields called `key` in a template's requests."""
    out: list[str] = []
    for r in _mine(records, name):
        ctype = _ctype(r)
        if "json" in ctype:
            stack = [json.loads(r["body"])]
            while stack:
                node = stack.pop()
                if isinstance(node, dict):
                    out += [val for k, val in node.items() if k == key and isinstance(val, str)]
                    stack += list(node.values())
                elif isinstance(node, list):
                    stack += node
        elif "urlencoded" in ctype:
            out += [val for k, val in checks.parse_form(r["body"]) if k == key]
    return out


def test_calib_a_templates_are_registered_as_calib() -> None:
    assert len(CALIB_A) == 8 and isinstance(CALIB_A, tuple)
    assert synth_templates_calib_a.GROUP == "calib"
    checks.check_registered(CALIB_A, synth_templates_calib_a, "calib")
    assert not set(CALIB_A) & {t.name for g in ("train", "holdout", "holdout3") for t in templates_for(g)}


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, CALIB_A, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.8)
    assert MARK not in json.dumps(records)


def test_calib_pool_renders_these_apps() -> None:
    sources = {r["source"] for r in synth.iter_benign(120, seed=3, templates="calib")}
    assert len({s for s in sources if s.split(":")[1] in CALIB_A}) >= 6


def test_module_covers_methods_formats_and_clients(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv", "application/json-patch+json"} <= set(ctypes)
    assert {"application/xml", "text/xml"} & set(ctypes)
    assert ctypes["application/json"] > len(records) / 3
    for tpl in MINE:  # every app is used with several methods and formats
        mine = _mine(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    uas = {val for r in records for k, val in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match", "x-parkpay-sdk", "x-signature"} <= header_names
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    assert sum(isinstance(b, list) and bool(b) and isinstance(b[0], dict) for b in bodies) >= 5  # access events, progress sync, JSON patches


def test_museum_speaks_iiif_and_facets(records) -> None:
    paths = [r["path"] for r in _mine(records, "museum_collection")]
    assert any(re.search(r"/full/!\d+,\d+/0/default\.jpg$", p) for p in paths)
    assert all(re.fullmatch(r"/collection/iiif/3/[^/]+/(full|square|\d+,\d+,\d+,\d+)/[^/]+/!?\d+/\w+\.(jpg|webp|png)", p) for p in paths if p.startswith("/collection/iiif/3/"))
    names = {k for r in _mine(records, "museum_collection") for k, _ in urllib.parse.parse_qsl(r["query"])}
    assert {"f[culture][]", "filter"} <= names


def test_sql_console_content_is_real_analyst_sql_and_never_an_attack(records) -> None:
    sqls = _fields(records, "sql_console", "sql")
    assert len(sqls) >= 15 and len(set(sqls)) == len(sqls)  # built from parts: every query differs
    blob = "\n".join(sqls)
    for feature in (r"\bJOIN\b", r"\bGROUP BY\b", r"^WITH \w+ AS \(", r"\bOVER \(PARTITION BY", r"^-- ", r"'[^']*''[^']*'", r"\bLEFT JOIN\b", r"\bCASE WHEN\b"):
        assert re.search(feature, blob, re.M), feature
    for sql in sqls:
        code = re.sub(r"--[^\n]*|/\*.*?\*/", "", sql, flags=re.S)  # comments may hold any prose ("Siobhán's numbers")
        assert code.count("'") % 2 == 0 and sql.count("(") == sql.count(")"), sql  # quotes and brackets balanced
        assert ";" not in code.rstrip().rstrip(";"), sql  # one statement: nothing stacked after a quote or a semicolon
        low = code.lower()
        assert not re.search(r"\bor\s+(\d+)\s*=\s*\1\b|'(\w*)'\s*=\s*'\2'|\bor\s+'[^']*'\s*=", low), sql  # no tautologies
        assert not re.search(r"union\s+(all\s+)?select|sleep\(|benchmark\(|information_schema|xp_cmdshell|load_file|into\s+outfile", low), sql
    notes = _fields(records, "sql_console", "body")
    assert any(re.search(r"```sql\n(ALTER TABLE|CREATE (TABLE|OR REPLACE VIEW)|DROP TABLE IF EXISTS)", n) for n in notes)  # DDL in migration notes


def test_code_playground_content_is_real_small_programs(records) -> None:
    mine = _mine(records, "code_playground")
    code = [c for r in mine if "json" in _ctype(r) for f in (json.loads(r["body"]).get("files") or []) for c in [f["content"]]]
    code += _fields(records, "code_playground", "body") + [r["body"] for r in mine if _ctype(r).startswith("text/plain")]
    blob = "\n".join(code)
    assert len(set(code)) >= 20
    assert "console.log(" in blob and "await fetch('https://" in blob and "document.querySelector(" in blob  # JavaScript
    assert "print(f\"" in blob and re.search(r"^def \w+\(", blob, re.M)  # Python
    assert "package main" in blob and "fmt.Println(" in blob  # Go
    assert '<main class="card">' in blob and "border-radius:" in blob  # HTML and CSS
    assert not re.search(r"\beval\(|\bexec\(|os\.system|subprocess|child_process|document\.cookie|alert\(|javascript:|onerror=|/etc/passwd", blob)


def test_benign_free_text_is_varied_and_multilingual(records) -> None:
    blob = "\n".join(t for r in records for t in _texts(r))
    assert re.search(r"\b(O|D)['’][A-Z]", blob)  # names with apostrophes
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob)  # SQL words in prose
    assert " -- " in blob and "`" in blob
    for script in (r"[\u3040-\u30ff]", r"[\u0600-\u06ff]", r"[\u0400-\u04ff]", r"[\u0370-\u03ff]", r"[\u4e00-\u9fff]", r"[\uac00-\ud7af]", r"[\u0590-\u05ff]"):
        assert re.search(script, blob), script  # Japanese, Arabic, Cyrillic, Greek, Chinese, Korean, Hebrew
    assert "¿" in blob and re.search(r"[áéíóúñ]", blob)  # Spanish with accents
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    answers = _fields(records, "language_lessons", "answer")
    assert len({a for a in answers if not a.isascii()}) >= 5
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.15


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(40))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_sql_and_code_are_slots(records) -> None:
    """The code itself is user content: a payload can be put in place of a query or a program."""
    names = {s.name for seed in range(20) for tpl in (REGISTRY["sql_console"], REGISTRY["code_playground"]) for s in synth.render(tpl, f"s:{seed}")[1].slots}
    assert {"sql", "files[0].content", "body"} <= names
