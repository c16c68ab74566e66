"""Markup-content train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

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
from waf_proxy.training import synth, synth_templates_markup
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_markup import MARKUP

MINE = [REGISTRY[name] for name in MARKUP]
SEEDS = range(30)
KEY = "markup:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# domain text bodies the apps read as they are (MDX files, reST/AsciiDoc pages, build configs, WebVTT tracks)
RAW_TEXT = ("text/markdown", "text/x-rst", "text/asciidoc", "text/x-asciidoc", "application/yaml", "text/yaml", "text/vtt")


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(80), "m")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


def _of(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def test_markup_templates_are_registered_as_train() -> None:
    assert len(MARKUP) == 8
    assert isinstance(MARKUP, tuple)
    checks.check_registered(MARKUP, synth_templates_markup, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, MARKUP, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.6)  # documents are larger than most traffic, but most requests stay small
    assert any(len(r["body"]) > 4000 for r in records)  # whole e-mail templates, articles and tracks


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "application/xml", "text/xml", "application/ttml+xml"} <= set(ctypes)
    assert {"text/markdown", "text/x-rst", "text/vtt", "application/yaml"} <= set(ctypes)
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every app is used with several methods and formats
        mine = _of(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match", "x-commit-message"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: brackets in Rails forms, MediaWiki's run-together names, snake_case and camelCase JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert {"comment[body]", "formatversion", "srsearch", "response_url"} <= names
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any("_" in k for k in keys)
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies)  # batched cue edits
    # GraphQL over GET carries its variables as a JSON document in the query string
    variables = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k == "variables"]
    assert variables and all(isinstance(json.loads(v), dict) for v in variables)
    roots = {_parse_body(r).tag.split("}")[-1] for r in records if "xml" in _ctype(r)}
    assert {"document", "tt"} <= roots


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    blob = "\n".join(t for r in records for t in _texts(r))
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    assert " -- " in blob and "```" in blob
    # legitimate HTML: images, links, video embeds, styles, inline-styled tables, beginner pages
    assert re.search(r'<iframe [^>]*src="https://(www\.youtube(-nocookie)?\.com/embed/|player\.vimeo\.com/video/)', blob)
    assert '<img src="https://' in blob and '<a href="' in blob and "<style>" in blob
    assert re.search(r'<td [^>]*style="[^"]*padding', blob) and "<!--[if mso]>" in blob
    assert re.search(r'<script src="[\w/.]+\.js"></script>', blob) and re.search(r'onclick="\w+\(\)"', blob)
    assert re.search(r"\bon(click|load|error|mouseover|submit|change)\b[^\n]*\b(handler|attribute|event|fires)", blob)  # handlers named in prose
    # code and queries in code blocks, errors pasted with their file paths
    assert re.search(r"\bSELECT [\w., ()*]+ FROM \w+", blob) and re.search(r"\b(INSERT INTO|UPDATE \w+ SET|DELETE FROM|DROP TABLE)\b", blob)
    assert re.search(r"(&&|\|) ?\w", blob) and re.search(r"\b(npm|pip|git|docker|kubectl) \w", blob)
    assert re.search(r"=> \{|addEventListener\('", blob) and "${" in blob
    assert "Traceback (most recent call last):" in blob and re.search(r'File "/home/\w+/\w+/\w+\.py", line \d+', blob)
    assert re.search(r"\n    at \w+ \(", blob) and re.search(r"(/var/www/html/|C:\\xampp\\htdocs\\|/home/\w+/go/src/)\w+", blob)
    assert re.search(r"You have an error in your SQL syntax|column \"\w+\" does not exist", blob)
    # templates and merge tags
    assert re.search(r"\{\{ ?[\w.]+ ?\}\}", blob) and "{% if" in blob and "{{#if" in blob and "{{/each}}" in blob
    assert "*|FNAME|*" in blob and "«LastName»" in blob
    # each app's own markup
    assert "{{cite " in blob and "[[Category:" in blob and '{| class="wikitable' in blob and "{{{" in blob and "{{#invoke:" in blob  # wikitext
    assert "local p = {}" in blob  # Lua modules
    assert re.search(r"@(here|channel|all)\b", blob) and re.search(r"^/(remind|poll|giphy|jira|deploy) ", blob, re.M) and ":tada:" in blob  # chat
    assert re.search(r"^---\ntitle: ", blob, re.M) and re.search(r"^import \{ [\w, ]+ \} from '", blob, re.M) and re.search(r"<(Callout|YouTube|Tabs)\b", blob)  # MDX
    assert "<mjml>" in blob and "<mj-button" in blob  # MJML
    assert ".. code-block::" in blob and ".. toctree::" in blob and "[source," in blob and "include::" in blob  # reST and AsciiDoc
    assert re.search(r"\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}", blob) and "WEBVTT" in blob  # SRT and WebVTT
    assert "{\\an8}" in blob and "<i>" in blob and re.search(r"<v \w+>", blob) and "♪" in blob
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.15  # raw bytes; a third of JSON bodies escape non-ASCII as \\uXXXX


def test_content_is_legitimate_markup_not_attacks(records) -> None:
    """The code the apps carry is content: no script blocks with inline code, no javascript: URLs,
    no event handlers on images, no traversal into system files."""
    blob = "\n".join(t for r in records for t in _texts(r))
    assert not re.search(r"<script>|<script [^>]*>[^<]", blob)
    assert not re.search(r"(?i)javascript:|<img [^>]*onerror|<svg[^>]*onload", blob)
    assert "/etc/passwd" not in blob and "../../" not in blob
    assert not re.search(r"' OR '?1'?='?1", blob)


def test_apps_produce_many_distinct_documents() -> None:
    for tpl in MINE:
        texts = set()
        for seed in range(60):
            _, ctx = synth.render(tpl, f"distinct:{seed}")
            texts |= {s.benign for s in ctx.slots if len(s.benign) > 40}
        assert len(texts) >= 40, tpl.name


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_markup_templates() -> None:
    checks.check_module_attacks(MARKUP, _parse_body, PAYLOADS, 400, 4)
