"""Platform train templates: registered as train, on routes of their own, seeded, well-formed, injectable, varied."""

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
from waf_proxy.training import synth, synth_templates_platform
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_platform import PLATFORM_TRAIN

MINE = [REGISTRY[name] for name in PLATFORM_TRAIN]
SEEDS = range(40)
KEY = "plat:{name}:{seed}"


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, ("text/plain",), csv_rows=1)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, SEEDS, "p")


def test_platform_templates_are_registered_as_train() -> None:
    assert 10 <= len(PLATFORM_TRAIN) <= 14
    checks.check_registered(PLATFORM_TRAIN, synth_templates_platform, "train")
    for tpl in MINE:
        for route in tpl.routes:  # specific prefixes, never a bare generic one
            assert route.count("/") >= 2 and route not in ("/api/", "/api/v1/", "/v1/"), route


def test_routes_are_disjoint_from_every_other_template() -> None:
    checks.check_routes_disjoint(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 0.9)


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, PLATFORM_TRAIN, _parse_body)
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


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_and_only_there(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK, xml_attributes=False)
    for benign, ctx in renders:
        # (a Slack-style interactive callback is JSON inside one form field: no slot kind encodes its leaves)
        assert len(ctx.slots) >= 2 or benign["method"] in ("GET", "HEAD", "DELETE", "OPTIONS") or benign["path"] == "/chatops/slack/interactive", (tpl.name, ctx.slots)
    # every template offers more than the User-Agent: body, query or path slots
    kinds = {slot.kind for _, ctx in renders for slot in ctx.slots}
    assert kinds - {"header", "cookie"}, (tpl.name, kinds)


def test_generated_train_attacks_reach_the_platform_templates() -> None:
    pairs = synth.generate_attack_pairs(1200, PAYLOADS, seed=31, templates="train", evasion_rate=0)
    mine = [(b, a, i) for b, a, i in pairs if i["template"] in PLATFORM_TRAIN]
    assert len({i["template"] for _, _, i in mine}) >= len(PLATFORM_TRAIN) - 2
    checks.check_attack_pairs(mine, _parse_body)
