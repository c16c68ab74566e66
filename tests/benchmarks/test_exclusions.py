"""benchmarks/exclusions.py: rules applied as the decision engine applies them, rates per group."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from benchmarks import exclusions as ex
from waf_proxy.config import ConfigError

RULES = Path(__file__).resolve().parents[2] / "benchmarks" / "exclusions_holdout.toml"


def record(method: str, path: str, body: str, ctype: str = "application/json") -> dict:
    return {"method": method, "path": path, "query": "", "headers": [["Content-Type", ctype]], "body": body}


def test_shipped_rules_load_and_name_real_fields() -> None:
    rules = ex.read_rules(RULES)
    quiz = rules.skip_for("POST", "/learn/courses/sql-101/quizzes/77/attempts")
    assert quiz is not None and quiz("answers[].source") and not quiz("attemptNo")
    assert rules.skip_for("GET", "/learn/courses/sql-101/quizzes/77/attempts") is None


def test_bad_rules_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "r.toml"
    bad.write_text('exclude = [{ path = "no-slash", params = ["a"] }]\n')
    with pytest.raises((ConfigError, ValueError)):
        ex.read_rules(bad)


def test_rules_change_only_the_requests_they_match(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text('exclude = [{ path = "/quiz/*", params = ["code"] }]\n')
    rules = ex.read_rules(path)
    rows = [record("POST", "/quiz/1", '{"code": "SELECT 1", "n": 2}'), record("POST", "/other", '{"code": "SELECT 1"}'),
            record("POST", "/quiz/x/../../admin", '{"code": "SELECT 1"}')]
    plain, untouched = ex.model_texts(rows, None)
    ruled, touched = ex.model_texts(rows, None, rules)
    assert list(untouched) == [False, False, False] and list(touched) == [True, False, False]
    assert "select" in plain[0] and "select" not in ruled[0] and "n=<num>" in ruled[0]
    assert ruled[1:] == plain[1:]  # another path, and a dotted path that only looks like /quiz/


def test_rates_at_the_threshold_and_at_half_a_percent() -> None:
    labels = np.array([False] * 200 + [True] * 4)
    logits = np.concatenate([np.linspace(-5, 0, 200), [1.0, 2.0, -10.0, 3.0]])
    fp, det, det_fpr = ex.rates(labels, logits, threshold_logit=-0.01)
    assert fp == pytest.approx(1 / 200) and det == pytest.approx(0.75) and det_fpr == pytest.approx(0.75)
    fp, det, _ = ex.rates(labels, logits, threshold_logit=2.5)
    assert fp == 0.0 and det == pytest.approx(0.25)
