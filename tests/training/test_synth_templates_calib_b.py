"""Calibration-only templates, set B: registered as calib, own routes, seeded, well-formed, benign, injectable, varied."""

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
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth_templates_calib_b
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_calib_b import CALIB_B

MINE = [REGISTRY[name] for name in CALIB_B]
SEEDS = range(30)
KEY = "calib_b:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# text bodies the apps read as they are: forwarded e-mails, patches and mboxes, YAML
RAW_TEXT = ("text/plain", "text/x-patch", "application/mbox", "application/yaml", "text/yaml")
HUNK = re.compile(r"^@@ -\d+,(\d+) \+\d+,(\d+) @@")


def _parse_body(record: dict[str, Any]) -> Any:
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "cb")


def _mine(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


def test_calib_b_templates_are_registered_as_calib() -> None:
    assert len(CALIB_B) == 8 and isinstance(CALIB_B, tuple)
    assert synth_templates_calib_b.GROUP == "calib"
    checks.check_registered(CALIB_B, synth_templates_calib_b, "calib")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, CALIB_B, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.6)


def test_benign_requests_carry_no_attack(records) -> None:
    blob = json.dumps(records, ensure_ascii=False)
    assert MARK not in blob
    for payload, _ in PAYLOADS:
        assert payload not in blob
    # operator content, never an injection appended to it
    bad = re.compile(r"/etc/passwd|/etc/shadow|/dev/tcp/|\bnc -e\b|bash -i|<script|onerror=|' OR '|UNION SELECT|;\s*cat /etc|\$\(curl|wget http")
    for r in records:
        text = "\n".join(_texts(r)) + r["body"]
        assert not bad.search(text), (r["source"], bad.search(text))


def test_module_covers_methods_formats_and_clients(records) -> None:
    assert {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "application/json-patch+json"} <= set(ctypes)
    assert set(ctypes) & {"application/yaml", "text/yaml"} and set(ctypes) & {"application/xml", "text/xml"} and set(ctypes) & {"text/x-patch", "application/mbox"}
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:
        mine = _mine(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match"} <= header_names
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies)


def test_code_as_content_bodies_are_well_formed(records) -> None:
    yaml = pytest.importorskip("yaml")
    ha = _mine(records, "home_automation")
    docs = [yaml.safe_load(r["body"]) for r in ha if "yaml" in _ctype(r)]
    assert docs and all(isinstance(d, list) and all("trigger" in a and "action" in a for a in d) for d in docs)
    jobs = [yaml.safe_load(r["body"]) for r in _mine(records, "job_runner") if "yaml" in _ctype(r)]
    assert jobs and all(isinstance(d, list) and d[0]["sequence"]["commands"] for d in jobs)
    for r in _mine(records, "job_runner"):  # extra vars are YAML or JSON documents
        if r["method"] == "POST" and r["path"].endswith("/run"):
            assert isinstance(yaml.safe_load(json.loads(r["body"])["extra_vars"]), dict)
    blob = "\n".join(t for r in ha for t in _texts(r)) + "\n".join(r["body"] for r in ha)
    assert "{{ states('sensor." in blob and "{% if is_state('binary_sensor." in blob and "| float" in blob
    patches = [r["body"] for r in _mine(records, "mailing_list_archive") if _ctype(r).startswith(("text/x-patch", "application/mbox", "text/plain"))]
    assert patches
    for body in patches:  # every hunk's counts match its lines, as `git am` checks
        assert "diff --git a/" in body and "\n+++ b/" in body
        lines = body.split("\n")
        for i, line in enumerate(lines):
            m = HUNK.match(line)
            if m:
                hunk = []
                for x in lines[i + 1:]:
                    if x[:1] not in (" ", "-", "+") or x.startswith(("--- a/", "diff --git")) or x == "--":
                        break
                    hunk.append(x)
                assert sum(x[0] in " -" for x in hunk) == int(m[1]) and sum(x[0] in " +" for x in hunk) == int(m[2]), body
    roots = {ET.fromstring(r["body"].encode()).tag.split("}")[-1] for r in records if "xml" in _ctype(r) and "multipart" not in _ctype(r)}
    assert roots == {"HighSchoolTranscript"}


def test_benign_free_text_is_varied(records) -> None:
    blob = "\n".join(t for r in records for t in _texts(r)) + "\n".join(r["body"] for r in records)
    assert re.search(r"\b(O|D)'[A-Z]", blob)
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob)
    assert " -- " in blob and "don't" in blob.lower()
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob) and re.search(r"[\U0001F300-\U0001FAFF]", blob)
    assert "„" in blob or "«" in blob or "「" in blob  # essays quote in their own language
    assert "> " in blob and "@@ -" in blob and "Signed-off-by:" in blob  # quoted replies and patches
    assert "pg_dump -Fc" in blob and "&& curl -fsS http://localhost" in blob and re.search(r"\*/15 \* \* \* \*|@daily|\d+ \d+ \* \* \*", blob)
    assert re.search(r"\b[A-Z]{2}\d{2}( ?[A-Z0-9]{4})+", blob)  # IBANs
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.15


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 8, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(60))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds
