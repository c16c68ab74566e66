"""Evaluation figures on a hand-checked fixture."""

from __future__ import annotations

import numpy as np

from waf_proxy.training.evaluate import rates, rates_table, roc_auc, roc_curve


def test_rates_on_fixture() -> None:
    labels = np.array([0, 0, 0, 0, 1, 1, 1])
    scores = np.array([0.1, 0.2, 0.6, 0.3, 0.9, 0.4, 0.7])
    r = rates("x", labels, scores, threshold=0.5)
    assert (r.benign, r.false_positives, r.attacks, r.detected) == (4, 1, 3, 2)
    assert r.fpr == 0.25 and abs(r.detection - 2 / 3) < 1e-12
    # AUC by counting pairs: attacks 0.9, 0.4, 0.7 vs benign 0.1, 0.2, 0.6, 0.3 -> 4 + 3 + 4 = 11 of 12
    assert abs(r.auc - 11 / 12) < 1e-12
    assert "| x | 4 | 25.00 % | 3 | 66.67 % | 0.9167 |" in rates_table([r], "corpus")


def test_auc_edges_and_ties() -> None:
    assert roc_auc(np.array([0, 1]), np.array([0.1, 0.9])) == 1.0
    assert roc_auc(np.array([0, 1]), np.array([0.5, 0.5])) == 0.5
    assert roc_auc(np.array([1, 1]), np.array([0.5, 0.6])) is None


def test_roc_curve_ends() -> None:
    fpr, tpr = roc_curve(np.array([0, 1, 0, 1]), np.array([0.1, 0.8, 0.3, 0.9]))
    assert fpr[0] == 0 and tpr[0] == 0 and fpr[-1] == 1 and tpr[-1] == 1
    assert tpr[2] == 1.0 and fpr[2] == 0.0  # both attacks first


def test_holdout_set_tells_the_held_out_template_sets_apart() -> None:
    from waf_proxy.training.evaluate import holdout_set
    from waf_proxy.training.synth_templates import templates_for
    from waf_proxy.training.synth_templates_holdout import HOLDOUT2

    names = {t.name for t in templates_for("holdout")}
    assert set(HOLDOUT2) < names
    first = sorted(names - set(HOLDOUT2))[0]
    assert holdout_set({"source": f"synth:{HOLDOUT2[0]}:json:plain"}) == "synth/holdout-2"
    assert holdout_set({"source": f"synth:{first}"}) == "synth/holdout-1"
    from waf_proxy.training.synth_templates_holdout3 import HOLDOUT3

    assert holdout_set({"source": f"synth:{HOLDOUT3[0]}:json:plain"}) == "synth/holdout-3"
    from waf_proxy.training.synth_templates_holdout4_a import HOLDOUT4_A
    from waf_proxy.training.synth_templates_holdout4_b import HOLDOUT4_B

    assert holdout_set({"source": f"synth:{HOLDOUT4_A[0]}:query:plain"}) == "synth/holdout-4"
    assert holdout_set({"source": f"synth:{HOLDOUT4_B[-1]}"}) == "synth/holdout-4"
    from waf_proxy.training.synth_templates_holdout5_a import HOLDOUT5_A
    from waf_proxy.training.synth_templates_holdout5_b import HOLDOUT5_B

    assert holdout_set({"source": f"synth:{HOLDOUT5_A[0]}:json:plain"}) == "synth/holdout-5"
    assert holdout_set({"source": f"synth:{HOLDOUT5_B[-1]}"}) == "synth/holdout-5"


def test_holdout_synth_draws_every_held_out_set_with_held_out_payloads_only() -> None:
    from collections import Counter

    from waf_proxy.training.evaluate import holdout_set, holdout_synth

    rows = [{"id": f"a{i}", "label": "attack", "source": "fwaf", "category": "sqli-rare", "method": "GET", "path": "/",
             "query": f"q=<script>alert({i})</script>", "headers": [], "body": ""} for i in range(20)]
    generated = holdout_synth(rows, 30, seed=5)
    counts = Counter((holdout_set(r), r["label"]) for r in generated)
    assert {s for s, _ in counts} == {"synth/holdout-1", "synth/holdout-2", "synth/holdout-3", "synth/holdout-4",
                                      "synth/holdout-5"}
    assert sum(n for (s, label), n in counts.items() if s == "synth/holdout-3" and label == "attack") > 0
    attacks = [r for r in generated if r["label"] == "attack"]
    assert attacks and {r["category"] for r in attacks} == {"sqli-rare"}  # only the rows given


def test_holdout_4_is_the_draw_trial_62_was_judged_on() -> None:
    """evaluate's default seed gives holdout-4 the seeds (7001 benign, 7002 attacks) that the
    confirmatory comparison of trial 62 used, so REPORT.md's holdout-4 rows are those rows."""
    from waf_proxy.training import synth
    from waf_proxy.training.evaluate import holdout_set, holdout_synth

    rows = [{"id": f"a{i}", "label": "attack", "source": "fwaf", "category": "xss", "method": "GET", "path": "/",
             "query": f"q=<svg onload=alert({i})>", "headers": [], "body": ""} for i in range(12)]
    fourth = [r for r in holdout_synth(rows, 12, seed=1001) if holdout_set(r) == "synth/holdout-4"]
    assert fourth == synth.generate_benign(12, seed=7001, templates="holdout4") + synth.generate_attacks(
        12, payloads=rows, seed=7002, templates="holdout4")


def test_holdout_5_is_the_draw_trial_64_was_judged_on() -> None:
    """evaluate's default seed gives holdout-5 the seeds (9001 benign, 9002 attacks) that trial
    64's pre-registered comparison used (TRAINING.md)."""
    from waf_proxy.training import synth
    from waf_proxy.training.evaluate import holdout_set, holdout_synth

    rows = [{"id": f"a{i}", "label": "attack", "source": "fwaf", "category": "xss", "method": "GET", "path": "/",
             "query": f"q=<svg onload=alert({i})>", "headers": [], "body": ""} for i in range(12)]
    fifth = [r for r in holdout_synth(rows, 12, seed=1001) if holdout_set(r) == "synth/holdout-5"]
    assert fifth == synth.generate_benign(12, seed=9001, templates="holdout5") + synth.generate_attacks(
        12, payloads=rows, seed=9002, templates="holdout5")


def test_detection_at_fpr_sets_the_threshold_on_the_benign_rows() -> None:
    from waf_proxy.training.evaluate import detection_at_fpr, operating_table

    benign = np.linspace(0.0, 0.99, 100)  # 0.00, 0.01, ..., 0.99
    attacks = np.array([0.5, 0.96, 0.975, 0.985, 0.995, 1.0])
    labels = np.array([0] * 100 + [1] * 6)
    scores = np.concatenate([benign, attacks])
    # at 1 % FP only the top benign row (0.99) may be flagged: attacks above it are 0.995 and 1.0
    assert detection_at_fpr(labels, scores, 0.01) == 2 / 6
    # at 5 %, the threshold is the 95th benign score (0.95): five attacks are above it
    assert detection_at_fpr(labels, scores, 0.05) == 5 / 6
    assert detection_at_fpr(labels[:100], scores[:100], 0.01) is None  # no attacks
    table = operating_table(["a"] * 106 + ["attacks-only"] * 2, np.concatenate([labels, [1, 1]]), np.concatenate([scores, [1.0, 1.0]]), fprs=(0.01, 0.05))
    assert "| a | 33.33 % | 83.33 % |" in table and "attacks-only" not in table
