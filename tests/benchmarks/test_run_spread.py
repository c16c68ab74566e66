"""benchmarks/run_spread.py: models alone and averaged, per held-out set and pooled."""

from __future__ import annotations

import numpy as np

from benchmarks import run_spread as rs


def _row(table: str, name: str) -> list[str]:
    line = next(ln for ln in table.splitlines() if ln.startswith(f"| {name} |"))
    return [c.strip() for c in line.strip("|").split("|")][1:]


def test_combinations_are_each_model_every_pair_and_all() -> None:
    logits = {"a": np.array([0.0, 2.0]), "b": np.array([2.0, 0.0]), "c": np.array([4.0, 4.0])}
    out = rs.combinations(logits)
    assert list(out) == ["a", "b", "c", "mean of a + b", "mean of a + c", "mean of b + c", "mean of all 3"]
    assert out["mean of a + b"].tolist() == [1.0, 1.0]
    assert out["mean of all 3"].tolist() == [2.0, 2.0]
    assert list(rs.combinations({"a": logits["a"], "b": logits["b"]})) == ["a", "b", "mean of a + b"]  # no "all" for two


def test_averaging_two_runs_that_err_on_different_benign_rows_ranks_better_than_either() -> None:
    """Each run scores two different benign rows above every attack; their mean scores none above them."""
    benign, attacks = 200, 10
    labels = np.array([0] * benign + [1] * attacks)
    a = np.zeros(benign + attacks)
    a[benign:] = 3.0
    b = a.copy()
    a[[0, 1]] = 5.0  # run a's false positives
    b[[2, 3]] = 5.0  # run b's, on other requests
    perfect = np.r_[np.zeros(benign), np.full(attacks, 9.0)]
    labels_by_set = {"calibration-only apps": labels, "synth/holdout-5": labels}
    logits = {"a": {"calibration-only apps": perfect, "synth/holdout-5": a},
              "b": {"calibration-only apps": perfect, "synth/holdout-5": b}}
    table = rs.spread_table(labels_by_set, logits)
    header = table.splitlines()[0]
    assert "calibration-only apps at 0.5 / 1 % FP" in header and f"{rs.POOLED} at 0.5 / 1 % FP" in header
    # columns: calibration-only apps, holdout-5, pooled (held-out sets only, so = holdout-5)
    assert _row(table, "a") == ["100.0 / 100.0", "0.0 / 0.0", "0.0 / 0.0"]
    assert _row(table, "b") == ["100.0 / 100.0", "0.0 / 0.0", "0.0 / 0.0"]
    assert _row(table, "mean of a + b")[1:] == ["100.0 / 100.0", "100.0 / 100.0"]  # its four rows at 2.5 stay under the attacks


def test_sets_without_held_out_templates_have_no_pooled_column() -> None:
    labels = {"calibration-only apps": np.array([0, 0, 1])}
    table = rs.spread_table(labels, {"a": {"calibration-only apps": np.array([0.0, 1.0, 2.0])}})
    assert rs.POOLED not in table.splitlines()[0]
    assert _row(table, "a") == ["100.0 / 100.0"]
