"""Re-encoded attacks are caught as often as their plain form (issue 6 part 5).

Held-out payloads from the shared attack corpora are scored plain and re-encoded
(benchmarks/evasion.py). Two detectors are held to "within a few points of plain"
on every encoding: the default model, and a fixed signature list run on the
normaliser's output (model-independent, so it fails as soon as the normaliser
stops undoing an encoding, whatever the model learned).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Sequence
from urllib.parse import unquote_plus

import pytest

from benchmarks import evasion as ev
from waf_proxy.engine.normalize import normalize_view
from waf_proxy.engine.scorer import ScoreResult
from waf_proxy.inspect import RequestView

ROOT = Path(__file__).resolve().parent.parent
DATASETS = Path("/work/shared/datasets")
MODEL = Path(os.environ.get("WAF_EVASION_MODEL", ROOT / "models" / "default"))
MAX_GAP = 5.0  # points
N_PAYLOADS = 300

pytestmark = pytest.mark.skipif(not (DATASETS / "httpparams" / "test.jsonl").exists(),
                                reason="shared attack corpora not available")

# Classic attack signatures, matched on lower-cased text: what a rule WAF would look for.
SIGNATURES = re.compile(
    r"union\s+(all\s+)?select|select\s.{0,60}\bfrom\b|'\s*(or|and)\s|\b(sleep|benchmark)\s*\(|waitfor\s+delay"
    r"|<script|<svg|<img|\bon(error|load|mouseover|focus)\s*=|javascript:|alert\s*\("
    r"|\.\./|\.\.\\|/etc/(passwd|shadow|hosts|issue)|win\.ini|boot\.ini"
    r"|;\s*(ls|cat|id|whoami|uname)\b|\|\s*(ls|cat|id|whoami)\b|\$\(|<!entity|\{\{.{0,40}\}\}|\$\{"
)


class SignatureScorer:
    """1.0 when a classic signature matches the text `to_text` makes of the request."""

    threshold = 0.5
    version = "signatures"

    def __init__(self, to_text=normalize_view) -> None:
        self.to_text = to_text

    def score_batch(self, views: Sequence[RequestView]) -> list[ScoreResult]:
        return [ScoreResult(1.0 if SIGNATURES.search(self.to_text(v).lower()) else 0.0) for v in views]


def decode_once(view: RequestView) -> str:
    """A naive 'normaliser' that only URL-decodes once: what the test must catch."""
    return unquote_plus(view.query) + " " + view.body.decode("utf-8", "replace")


def failures(rows: list[dict]) -> list[str]:
    return [f"{r['context']}/{r['encoding']}: plain {r['plain']}% encoded {r['encoded']}% (n={r['n']})"
            for r in rows if r["asserted"] and r["plain"] - r["encoded"] > MAX_GAP]


@pytest.fixture(scope="module")
def payloads() -> list[ev.Payload]:
    found, _ = ev.load_payloads(N_PAYLOADS, seed=1, datasets=DATASETS, model_dir=MODEL)
    assert len(found) == N_PAYLOADS
    return found


def test_every_asserted_encoding_changes_the_wire(payloads: list[ev.Payload]) -> None:
    cases = ev.build_cases(payloads[:50], seed=1)
    plain = {(c.context, c.payload.text): c.record for c in cases if c.encoding == "plain"}
    seen = {(c.context, c.encoding) for c in cases}
    assert set(ev.ASSERTED) <= seen
    changed: dict[tuple[str, str], list[bool]] = {}
    for c in cases:
        if c.encoding != "plain":
            p = plain[(c.context, c.payload.text)]
            changed.setdefault((c.context, c.encoding), []).append(
                c.record["query"] + c.record["body"] != p["query"] + p["body"])
    for key in ev.ASSERTED:  # `url` leaves some payloads as a browser would send them
        assert sum(changed[key]) >= len(changed[key]) // 3, key


def test_normaliser_undoes_every_encoding(payloads: list[ev.Payload]) -> None:
    cases = ev.build_cases(payloads, seed=1, only=ev.ASSERTED)
    ev.score_cases(cases, SignatureScorer())
    rows = ev.evasion_table(cases, SignatureScorer.threshold)
    assert min(r["plain"] for r in rows if r["asserted"]) > 20  # the signatures do see the plain payloads
    assert failures(rows) == []


def test_the_check_fails_without_a_normaliser(payloads: list[ev.Payload]) -> None:
    cases = ev.build_cases(payloads, seed=1, only=ev.ASSERTED)
    ev.score_cases(cases, SignatureScorer(decode_once))
    failed = " ".join(failures(ev.evasion_table(cases, SignatureScorer.threshold)))
    for enc in ("double_url", "html_entities", "unicode_escape", "sql_comments", "json_unicode"):
        assert enc in failed


@pytest.mark.slow
@pytest.mark.skipif(not (MODEL / "config.json").exists(), reason="no default model yet")
def test_default_model_catches_encoded_attacks_as_often_as_plain(payloads: list[ev.Payload]) -> None:
    from waf_proxy.engine.artifacts import load_scorer

    scorer = load_scorer(str(MODEL), threads=1)
    cases = ev.build_cases(payloads, seed=1, only=ev.ASSERTED)
    ev.score_cases(cases, scorer)
    rows = ev.evasion_table(cases, scorer.threshold)
    assert failures(rows) == [], ev.render_markdown(
        {"started": "-", "command": "pytest", "payloads": len(payloads), "payload_note": "", "seed": 1},
        {"ours": rows}, ev.lost_examples(cases, scorer.threshold))


def test_placement_round_trips_plain_and_json_unicode() -> None:
    import json
    from urllib.parse import parse_qs

    p = ev.Payload("' or 1=1 -- <script>é", "sqli", "x")
    q = ev.make_record(p, "query", "plain", seed=1)
    name = q["query"].split("=", 1)[0]
    assert parse_qs(q["query"])[name] == [p.text]
    j = ev.make_record(p, "json", "json_unicode", seed=1)
    assert p.text in json.loads(j["body"]).values()
    assert "\\u00" in j["body"]
    d = ev.make_record(p, "query", "double_url", seed=1)
    assert "%2527" in d["query"]  # the quote, encoded twice on the wire


def test_payload_of_skips_companions() -> None:
    rec = {"method": "POST", "query": "", "headers": [["Content-Type", "application/json"]],
           "body": '{"page": "1", "q": "<svg onload=alert(1)>"}'}
    assert ev.payload_of(rec) == "<svg onload=alert(1)>"
    rec = {"method": "GET", "query": "ref=home&id=1%27+or+%271", "headers": [], "body": ""}
    assert ev.payload_of(rec) == "1' or '1"
