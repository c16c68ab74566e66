"""Holdout-2 templates: registered as held-out, on routes of their own, seeded, well-formed, injectable."""

from __future__ import annotations

import json
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from waf_proxy import cli
from waf_proxy.training import synth, synth_templates_holdout
from waf_proxy.training.synth_templates import REGISTRY, Template, templates_for
from waf_proxy.training.synth_templates_holdout import HOLDOUT2
from tests.training import template_checks as checks
from tests.training.template_checks import _ctype

MINE = [REGISTRY[name] for name in HOLDOUT2]
SEEDS = range(30)

# Each payload carries a marker that no benign value contains, so we can find it after encoding.
MARK = "zqmark7"
PAYLOADS = checks.payloads(MARK)


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    ctype, body = _ctype(record).lower(), record["body"]
    if "ndjson" in ctype:
        return [json.loads(line) for line in body.splitlines()]
    if "json" in ctype:
        return json.loads(body)
    if "yaml" in ctype:
        doc = yaml.safe_load(body)
        assert isinstance(doc, dict)
        return doc
    if "urlencoded" in ctype:
        return checks.parse_form(body)
    if "multipart" in ctype:
        return checks.parse_multipart(record)
    assert ctype in ("", "text/plain"), ctype
    return body


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, "h2:{name}:{seed}", SEEDS)


def test_holdout2_templates_are_registered_as_held_out() -> None:
    assert 10 <= len(HOLDOUT2) <= 14
    checks.check_registered(HOLDOUT2, synth_templates_holdout, "holdout")
    assert not set(HOLDOUT2) & {t.name for t in templates_for("train")}


def test_routes_are_disjoint_from_every_other_template() -> None:
    checks.check_routes_disjoint(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 0.9)


def test_benign_requests_are_valid_parse_and_stay_on_their_routes() -> None:
    # a DELETE may carry a body here
    checks.check_benign(checks.finish_all(MINE, "h2:{name}:{seed}", SEEDS, "t"), HOLDOUT2, _parse_body, ("GET", "HEAD", "OPTIONS"))


def test_holdout2_covers_methods_formats_clients_and_languages() -> None:
    records = [r for tpl in MINE for r in _render_all(tpl)]
    methods = Counter(r["method"] for r in records)
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= set(methods)
    ctypes = {_ctype(r).split(";")[0] for r in records}
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "application/x-ndjson", "text/plain"} <= ctypes
    assert ctypes & {"application/yaml", "application/x-yaml", "text/yaml"}
    header_names = Counter(k.lower() for r in records for k, _ in r["headers"])
    assert {"cookie", "authorization", "origin", "referer", "x-device-id"} <= set(header_names)
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k.lower() == "authorization"}
    assert {"Bearer", "Basic"} <= auth
    assert any(k.lower() in ("x-api-key", "api-key", "x-api-token") for r in records for k, _ in r["headers"])
    # free text in many languages: decoded bodies and queries with non-ASCII characters
    decoded = [urllib.parse.unquote_plus(r["query"]) + json.dumps(_parse_body(r), ensure_ascii=False, default=str) for r in records]
    assert sum(not d.isascii() for d in decoded) / len(decoded) > 0.3


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_and_only_there(tpl: Template) -> None:
    checks.check_slot_injection(tpl, 8, _parse_body, PAYLOADS, MARK)


def test_generated_holdout_attacks_reach_every_holdout2_template() -> None:
    attacks = synth.generate_attacks(900, PAYLOADS, seed=17, templates="holdout", evasion_rate=0)
    mine = [a for a in attacks if a["source"].split(":")[1] in HOLDOUT2]
    assert {a["source"].split(":")[1] for a in mine} == set(HOLDOUT2)
    for attack in mine:
        checks.check_attack(attack, attack["source"].split(":")[2], _parse_body, MARK)


def test_cli_synth_writes_holdout_traffic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "h.jsonl"
    assert cli.main(["synth", "--benign", "500", "--templates", "holdout", "--seed", "4", "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 500 and all(r["label"] == "benign" for r in records)
    names = Counter(r["source"].split(":")[1] for r in records)
    assert all(REGISTRY[name].group == "holdout" for name in names)
    assert set(HOLDOUT2) <= set(names)
    assert "wrote 500 records" in capsys.readouterr().err
