"""Holdout-3 templates: a group of their own, on routes of their own, seeded, well-formed, injectable."""

from __future__ import annotations

import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from waf_proxy import cli
from waf_proxy.training import (
    synth,
    synth_templates,
    synth_templates_business,
    synth_templates_community,
    synth_templates_consumer,
    synth_templates_dataworks,
    synth_templates_devices,
    synth_templates_devtools,
    synth_templates_enterprise,
    synth_templates_everyday,
    synth_templates_holdout,
    synth_templates_holdout3,
    synth_templates_industry,
    synth_templates_localized,
    synth_templates_markup,
    synth_templates_media,
    synth_templates_opsconsole,
    synth_templates_platform,
    synth_templates_playcode,
    synth_templates_science,
    synth_templates_secops,
    synth_templates_services,
    synth_templates_studio,
)
from waf_proxy.training.synth_templates import REGISTRY, Template, templates_for
from waf_proxy.training.synth_templates_holdout3 import HOLDOUT3
from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth import problems
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS

MINE = [REGISTRY[name] for name in HOLDOUT3]
SEEDS = range(40)
KEY = "h3:{name}:{seed}"

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
        return checks.parse_form(body)
    if "multipart" in ctype:
        return checks.parse_multipart(record)
    assert ctype == "", ctype
    assert body == ""
    return body


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


def test_holdout3_templates_are_a_group_of_their_own() -> None:
    assert len(HOLDOUT3) == 12
    checks.check_registered(HOLDOUT3, synth_templates_holdout3, "holdout3")
    assert [t.name for t in templates_for("holdout3")] == list(HOLDOUT3)
    train, holdout = templates_for("train"), templates_for("holdout")
    assert not set(HOLDOUT3) & {t.name for t in train + holdout}
    # the other groups are exactly the templates of the other modules, in registration order
    others = (synth_templates, synth_templates_holdout, synth_templates_business, synth_templates_consumer, synth_templates_platform,
              synth_templates_devtools, synth_templates_services, synth_templates_studio, synth_templates_community,
              synth_templates_industry, synth_templates_media, synth_templates_dataworks, synth_templates_opsconsole,
              synth_templates_markup, synth_templates_everyday, synth_templates_science, synth_templates_secops,
              synth_templates_playcode, synth_templates_enterprise, synth_templates_localized, synth_templates_devices)
    older = [t for t in REGISTRY.values() if t.build.__module__ in {m.__name__ for m in others}]
    assert train == [t for t in older if t.group == "train"] and holdout == [t for t in older if t.group == "holdout"]
    assert len(templates_for("all")) == len(REGISTRY) == (
        len(train) + len(holdout) + len(HOLDOUT3) + len(templates_for("calib")) + len(templates_for("holdout4"))
        + len(templates_for("holdout5")))
    with pytest.raises(ValueError):
        templates_for("holdout6")


def test_routes_are_disjoint_from_every_other_template() -> None:
    checks.check_routes_disjoint(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 0.9)


def test_benign_requests_are_valid_parse_and_stay_on_their_routes() -> None:
    checks.check_benign(checks.finish_all(MINE, KEY, SEEDS, "t"), HOLDOUT3, _parse_body, ("GET", "HEAD", "DELETE", "OPTIONS"))


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
    kinds = checks.slot_kinds(MINE, KEY, SEEDS)
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def _decoded(record: dict[str, Any], field: str, kind: str) -> str:
    """The field holding a payload, decoded the way the receiving app would (raw text bodies: CSV, gettext, iCalendar)."""
    return checks.decoded(record, field, kind, _parse_body)


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_and_only_there(tpl: Template) -> None:
    checks.check_slot_injection(tpl, 16, _parse_body, PAYLOADS, MARK)


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
    checks.check_attack_pairs(pairs, _parse_body, MARK)
    for _, attack, info in pairs:
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
