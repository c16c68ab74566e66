"""`waf-proxy calibrate`: make the threshold mean a known false-positive rate.

The threshold is chosen on held-out benign requests so that at most `target_fpr`
of them score at or above it, on *every* source given (the strictest source sets
it): an operator's promise should not hold only on average over corpora.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

from waf_proxy.training.corpus import CorpusSpec, read_split, source_name


def anomaly_stats(anomaly: np.ndarray | None) -> tuple[float, float]:
    """Benign mean and spread of the per-request NLL (robust: median and IQR/1.35)."""
    if anomaly is None or len(anomaly) == 0:
        return 0.0, 1.0
    q25, q50, q75 = np.percentile(anomaly, [25, 50, 75])
    return float(q50), float(max((q75 - q25) / 1.35, 1e-3))


def threshold_for(logits: np.ndarray, target_fpr: float) -> float:
    """Smallest logit t such that the share of `logits >= t` is at most target_fpr."""
    if len(logits) == 0:
        raise ValueError("no benign rows to calibrate on")
    ordered = np.sort(np.asarray(logits, dtype=np.float64))[::-1]
    allowed = int(math.floor(target_fpr * len(ordered)))  # this many may score at/above
    if allowed >= len(ordered):
        return float(ordered[-1])
    # strictly above the (allowed+1)-th highest score: it and everything below pass
    return float(np.nextafter(ordered[allowed], np.inf))


def fit_threshold(logits_by_source: dict[str, np.ndarray], target_fpr: float) -> float:
    """Probability threshold meeting the target FPR on each source."""
    t = max(threshold_for(v, target_fpr) for v in logits_by_source.values() if len(v))
    return float(1.0 / (1.0 + math.exp(-min(max(t, -30.0), 30.0))))


def served_logits(scorer: Any, texts: list[str], head_tail_only: bool = False) -> np.ndarray:
    """Final logits as serving scores them: every window of a long request, later ones
    minus `window_margin` (or, for older models, the head+tail window only)."""
    if head_tail_only:
        return scorer.raw_texts(texts, explain=False).logit
    return scorer.window_logits(texts)


def served_row_logits(scorer: Any, rows: list[dict], head_tail_only: bool = False) -> np.ndarray:
    """`served_logits` of corpus rows, raised to the profile's score where a row departs
    from the app's parameter profile, as serving does (engine/profile.py)."""
    from waf_proxy.engine.scorer import logit
    from waf_proxy.inspect import RequestView
    from waf_proxy.training.train import texts_for

    logits = served_logits(scorer, texts_for(rows, scorer.params.headers), head_tail_only)
    profile = getattr(scorer, "profile", None)
    if profile is None:
        return logits
    out = np.array([bool(profile.violations(RequestView.from_record(r))) for r in rows], dtype=bool)
    return np.where(out, np.maximum(logits, np.float32(logit(profile.score))), logits)


def benign_rows(files: list[str]) -> list[dict]:
    """Benign rows of the calibration/held-out part of each file (`PATH@FRAC` as in train)."""
    rows = []
    for text in files:
        spec = CorpusSpec.parse(text, 0.0)
        split = ("test",) if spec.holdout > 0 else ("train", "calib", "test")
        rows += [r for r in read_split(spec, split) if r.get("label") != "attack"]
    return rows


def run_calibrate(args: argparse.Namespace) -> int:
    from waf_proxy.config import DEFAULT_MODEL_DIR
    from waf_proxy.engine.artifacts import read_config, write_config
    from waf_proxy.engine.artifacts import load_scorer

    model_dir = Path(args.model or DEFAULT_MODEL_DIR)
    if not args.benign:
        print("calibrate: give --benign FILE... (held-out benign requests)", file=sys.stderr)
        return 2
    scorer = load_scorer(model_dir)
    rows = benign_rows(args.benign)
    if not rows:
        print("calibrate: no benign rows found", file=sys.stderr)
        return 2
    logits = served_row_logits(scorer, rows, getattr(args, "head_tail_only", False))
    by_source: dict[str, list[float]] = {}
    for r, z in zip(rows, logits.tolist()):
        by_source.setdefault(source_name(r), []).append(z)
    threshold = fit_threshold({k: np.array(v) for k, v in by_source.items()}, args.target_fpr)
    config = read_config(model_dir)
    old = config["score"].get("threshold")
    config["score"]["threshold"] = threshold
    config["target_fpr"] = args.target_fpr
    config["calibration"] = {"benign_rows": len(rows), "sources": sorted(by_source), "files": list(args.benign)}
    config.pop("format_version", None)
    write_config(model_dir, config)
    print(f"threshold {old} -> {threshold:.6f} (target FPR {args.target_fpr} on {len(rows)} benign rows)")
    return 0
