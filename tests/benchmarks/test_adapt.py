"""benchmarks/adapt.py: the table's cells from scores, groups and a threshold."""

from __future__ import annotations

import json

import numpy as np

from benchmarks import adapt


def test_summary_cells() -> None:
    groups = np.array(["app"] * 4 + ["synth/holdout-1"] * 4 + ["synth/holdout-2"] * 2 + ["httpparams/test"] * 2
                      + ["httpparams/test_lexical"] * 2 + ["csic2010/test_benign", "csic2010/test_attack@0.5"])
    labels = np.array([0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1], dtype=bool)
    scores = np.array([.1, .2, .9, .1, .1, .2, .9, .3, .1, .8, .1, .9, .9, .1, .6, .7])
    cells = adapt.summary(groups, labels, scores >= 0.5, scores)
    assert cells["app.jsonl@0.33 (benign): FP"] == "25.00 % / -"
    # holdout-1 and -2 together: 0 of 3 benign flagged, 2 of 3 attacks caught
    assert cells["the app, another seed (holdout-1 + -2): FP / det"] == "0.00 % / 66.7 %"
    assert cells["synth/holdout-1: det at 0.5 % FP"] == "100.0 %" and cells["synth/holdout-3: det at 0.5 % FP"] == "-"
    # httpparams/test is its own corpus, not test_lexical too; csic2010 is the whole dataset
    assert cells["httpparams/test: FP / det"] == "0.00 % / 100.0 %"
    assert cells["csic2010: FP / det"] == "100.00 % / 100.0 %"


def test_write_app_is_seeded_generated_benign(tmp_path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    adapt.write_app(a, 20, 5)
    adapt.write_app(b, 20, 5)
    rows = [json.loads(line) for line in a.read_text().splitlines()]
    assert a.read_text() == b.read_text() and len(rows) == 20 and {r["label"] for r in rows} == {"benign"}
