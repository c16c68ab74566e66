"""Threshold fitting: the threshold means the target false-positive rate."""

from __future__ import annotations

import math

import numpy as np
import pytest

from waf_proxy.training.calibrate import anomaly_stats, fit_threshold, threshold_for


def test_threshold_gives_target_fpr() -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(size=10_000)
    for target in (0.001, 0.005, 0.01, 0.1):
        t = threshold_for(logits, target)
        fpr = float(np.mean(logits >= t))
        assert fpr <= target
        assert fpr > target - 2 / len(logits)  # and not needlessly stricter


def test_threshold_with_ties_and_tiny_sets() -> None:
    assert np.mean(np.array([1.0] * 10) >= threshold_for(np.array([1.0] * 10), 0.05)) == 0
    assert threshold_for(np.array([0.5]), 1.0) == 0.5
    with pytest.raises(ValueError):
        threshold_for(np.array([]), 0.01)


def test_fit_threshold_takes_the_strictest_source() -> None:
    a = np.linspace(-5, 0, 1000)
    b = np.linspace(-5, 3, 1000)
    p = fit_threshold({"a": a, "b": b}, 0.01)
    t = math.log(p / (1 - p))
    assert np.mean(a >= t) <= 0.01 and np.mean(b >= t) <= 0.01
    assert np.mean(b >= t) > 0.008


def test_anomaly_stats_robust() -> None:
    center, scale = anomaly_stats(np.array([1.0, 2.0, 3.0, 4.0, 1000.0]))
    assert center == 3.0 and 0 < scale < 5
    assert anomaly_stats(None) == (0.0, 1.0)


def test_a_threshold_above_the_profiles_score_is_called_out(tmp_path, capsys) -> None:
    from waf_proxy.engine.profile import learn_profile
    from waf_proxy.inspect import RequestView
    from waf_proxy.training.calibrate import warn_profile_below

    views = [RequestView("GET", "/item", f"id={i}") for i in range(120)]
    profile, _ = learn_profile(views, [])
    profile.save(tmp_path)
    warn_profile_below(tmp_path, profile.score - 0.01)
    assert capsys.readouterr().err == ""
    warn_profile_below(tmp_path, 0.995)
    assert "no longer blocked" in capsys.readouterr().err
    warn_profile_below(tmp_path / "none", 0.995)  # no profile: nothing to say
    assert capsys.readouterr().err == ""
