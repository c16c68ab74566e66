"""Creative / productivity train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections import Counter
from typing import Any

import pytest

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth_templates_studio
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_studio import STUDIO

MINE = [REGISTRY[name] for name in STUDIO]
SEEDS = range(30)
KEY = "studio:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# domain text bodies the apps read as they are (LaTeX, ABC tunes, front matter + markdown, themes, configs, Sieve, robots.txt)
RAW_TEXT = ("text/plain", "text/markdown", "text/css", "text/x-tex", "text/vnd.abc", "text/yaml")


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "s")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


def test_studio_templates_are_registered_as_train() -> None:
    assert 10 <= len(STUDIO) <= 14
    assert isinstance(STUDIO, tuple)
    checks.check_registered(STUDIO, synth_templates_studio, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, STUDIO, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.8)  # realistic sizes
    assert any(len(r["body"]) > 3000 for r in records)  # and some larger documents


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv"} <= set(ctypes)
    assert {"application/xml", "text/xml"} & set(ctypes)
    assert {"image/svg+xml", "application/vnd.recordare.musicxml+xml", "text/markdown", "text/css", "text/x-tex", "text/vnd.abc", "text/yaml"} <= set(ctypes)
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every template is used with several methods and formats
        mine = [r for r in records if r["source"] == f"synth:{tpl.name}"]
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    assert {"x-crawlkit-signature", "x-sitegen-signature-256"} <= header_names  # signed callbacks and hooks
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: brackets, arrays, dotted, kebab-case in forms and queries; camelCase and snake_case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"\w+\[\w+\](\[\w+\])?", n) for n in names)
    assert any(n.endswith("[]") for n in names)
    assert any(re.fullmatch(r"[a-z]+\.[a-z]+", n) for n in names)
    assert any(re.fullmatch(r"[a-z]+-[a-z]+(-[a-z]+)*", n) for n in names)
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any("_" in k for k in keys)
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies)  # top-level arrays
    assert any(isinstance(b, dict) and b.get("jsonrpc") == "2.0" for b in bodies)  # JSON-RPC
    # JSON documents inside query parameters, and JSON sent as text/plain by sendBeacon
    values = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k in ("filter", "where")]
    assert values and all(isinstance(json.loads(v), dict) for v in values)
    assert any("text/plain" in _ctype(r) and isinstance(json.loads(r["body"]), dict) for r in records if r["body"].startswith("{"))


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    blob = "\n".join(t for r in records for t in _texts(r))
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob)  # SQL words in prose
    assert " -- " in blob and "```" in blob and "`" in blob  # dashes, markdown code
    assert "<div" in blob and "<blockquote" in blob and "<details>" in blob  # harmless HTML
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    # the apps' own formats
    assert re.search(r"wrote:\n> ", blob) and "\n>> " in blob  # quoted replies, nested
    assert re.search(r"\b(from|to):\S+ .*|has:attachment", blob)  # mail search operators
    assert re.search(r"\{\{q_\d+\}\} (>=|==|<|in) ", blob) and "&&" in blob  # form logic
    assert re.search(r"\^\[?.*\$", blob) and "\\d" in blob  # validation regexes
    assert "\\frac{" in blob and "$$" in blob and "\\begin{" in blob and "\\input{" in blob  # LaTeX
    assert "//div[@class='price']" in blob or "//h1[@itemprop='name']/text()" in blob  # XPath
    assert re.search(r":not\(|:nth-child\(|\[href\^=", blob)  # CSS selectors
    assert "Disallow: /" in blob and "User-agent:" in blob  # robots.txt
    assert re.search(r"\bM\d+(\.\d+)? \d+(\.\d+)? [LCQHVAl]", blob)  # SVG path data
    assert re.search(r"\[[A-G][#b]?(m|maj|sus|dim|add)?\d*(/[A-G]#?)?\][^\s\[]", blob) and "{title: " in blob  # ChordPro
    assert re.search(r"\nK:[A-G]", blob) and "|:" in blob  # ABC notation
    assert re.search(r"1\. (e4|d4|c4) ", blob) and '[White "' in blob  # PGN
    assert re.search(r"[rnbqkp1-8]+/[rnbqkpRNBQKP1-8/]+ [wb] ", blob)  # FEN
    assert "-->" in blob  # diagrams on sticky notes
    assert re.search(r"https://\S+\?\S+=\S+&\S+", blob) and "#:~:text=" in blob  # URLs with their own queries inside values
    assert re.search(r"^---\ntitle: \"", blob, re.M) and "{{< figure" in blob  # front matter, shortcodes
    assert "require [\"fileinto\"" in blob  # Sieve
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.15


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_studio_templates() -> None:
    checks.check_module_attacks(STUDIO, _parse_body, PAYLOADS, 400, 6)
