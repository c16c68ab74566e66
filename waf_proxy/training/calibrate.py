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
    if head_tail_only:  # the whole request only, as such models were calibrated
        from waf_proxy.engine.scorer import FIELD_SEP

        return scorer.raw_texts([t.split(FIELD_SEP, 1)[0] for t in texts], explain=False).logit
    return scorer.window_logits(texts)


def served_row_logits(scorer: Any, rows: list[dict], head_tail_only: bool = False) -> np.ndarray:
    """`served_logits` of corpus rows, raised to the profile's score where a row departs
    from the app's parameter profile, as serving does (engine/profile.py)."""
    from waf_proxy.engine.scorer import logit
    from waf_proxy.inspect import RequestView
    from waf_proxy.training.train import scorer_texts

    logits = served_logits(scorer, scorer_texts(scorer, rows), head_tail_only)
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


def training_calibration_rows(config: dict[str, Any], calib_apps: int | None = None) -> list[dict]:
    """The calibration rows of the run that trained a model, rebuilt from the
    `training_command` in its config (run from where that command ran, with the code
    that trained it: generated rows depend on the generator)."""
    import random
    import shlex

    from waf_proxy.cli import build_parser
    from waf_proxy.training.train import prepare_rows

    argv = shlex.split(str(config.get("training_command") or ""))[1:]
    if not argv or argv[0] != "train" or "--init" in argv:
        raise ValueError("the model's config has no `waf-proxy train` command of a model trained from scratch")
    args = build_parser().parse_args(argv)
    if calib_apps is not None:
        args.calib_apps = calib_apps
    seed = int(args.seed)
    random.seed(seed)  # as `train` seeds before it reads and generates
    np.random.seed(seed)
    return prepare_rows(args, seed)[1]


def calibrate_on_training_rows(
    scorer: Any, config: dict[str, Any], target_fpr: float, calib_apps: int | None = None
) -> dict[str, Any]:
    """Threshold and window margin fitted as `train` fits them, on its own calibration rows
    (benign and attack), with the scorer's current parameters (e.g. a new pooling) and,
    if given, another number of calibration-app rows."""
    from waf_proxy.training.train import fit_window_threshold

    rows = training_calibration_rows(config, calib_apps)
    benign = [r for r in rows if r.get("label") != "attack"]
    attacks = [r for r in rows if r.get("label") == "attack"]
    threshold, margin, margins = fit_window_threshold(scorer, benign, attacks, target_fpr)
    return {"threshold": threshold, "window_margin": margin, "benign_rows": len(benign), "attack_rows": len(attacks),
            "sources": sorted({source_name(r) for r in benign}), "detection_by_window_margin": margins}


def warn_profile_below(model_dir: Path, threshold: float) -> None:
    """Say so when the app's parameter profile can no longer block: it raises a request out of
    profile to its own score, and a threshold above that score lets such requests through."""
    from waf_proxy.engine.profile import load_profile

    profile = load_profile(model_dir)
    if profile is not None and threshold > profile.score:
        print(f"calibrate: warning: the threshold {threshold:.4f} is above the parameter profile's score "
              f"{profile.score:g}; requests out of profile are no longer blocked for that alone", file=sys.stderr)


def run_calibrate(args: argparse.Namespace) -> int:
    from waf_proxy.config import DEFAULT_MODEL_DIR
    from waf_proxy.engine.artifacts import read_config, write_config
    from waf_proxy.engine.artifacts import load_scorer
    from waf_proxy.training.train import SCORE_FLAGS, apply_score_flags

    model_dir = Path(args.model or DEFAULT_MODEL_DIR)
    training_rows = getattr(args, "training_rows", False)
    if not args.benign and not training_rows:
        print("calibrate: give --benign FILE... (held-out benign requests) or --training-rows", file=sys.stderr)
        return 2
    scorer = load_scorer(model_dir, profile=False) if training_rows else load_scorer(model_dir)
    apply_score_flags(scorer.params, args)
    scoring = {name: getattr(scorer.params, name) for name in SCORE_FLAGS}  # written back with the threshold
    config = read_config(model_dir)
    if training_rows:
        try:
            fitted = calibrate_on_training_rows(scorer, config, args.target_fpr, getattr(args, "calib_apps", None))
        except (ValueError, OSError) as exc:
            print(f"calibrate: {exc}", file=sys.stderr)
            return 2
        old = config["score"].get("threshold")
        config["score"].update(threshold=fitted.pop("threshold"), window_margin=fitted["window_margin"], **scoring)
        config["target_fpr"] = args.target_fpr
        config["calibration"] = {**fitted, "rows": "the training command's calibration rows"}
        config.pop("format_version", None)
        write_config(model_dir, config)
        warn_profile_below(model_dir, config["score"]["threshold"])
        print(f"threshold {old} -> {config['score']['threshold']:.6f}, window margin {fitted['window_margin']:g}, "
              f"pool temperature {scorer.params.pool_temperature:g}, field weight {scorer.params.field_weight:g} "
              f"(target FPR {args.target_fpr} on {fitted['benign_rows']} benign calibration rows of the training command)")
        return 0
    rows = benign_rows(args.benign)
    if not rows:
        print("calibrate: no benign rows found", file=sys.stderr)
        return 2
    logits = served_row_logits(scorer, rows, getattr(args, "head_tail_only", False))
    by_source: dict[str, list[float]] = {}
    for r, z in zip(rows, logits.tolist()):
        by_source.setdefault(source_name(r), []).append(z)
    threshold = fit_threshold({k: np.array(v) for k, v in by_source.items()}, args.target_fpr)
    old = config["score"].get("threshold")
    config["score"].update(threshold=threshold, **scoring)
    config["target_fpr"] = args.target_fpr
    config["calibration"] = {"benign_rows": len(rows), "sources": sorted(by_source), "files": list(args.benign)}
    config.pop("format_version", None)
    write_config(model_dir, config)
    warn_profile_below(model_dir, threshold)
    print(f"threshold {old} -> {threshold:.6f} (target FPR {args.target_fpr} on {len(rows)} benign rows)")
    return 0
