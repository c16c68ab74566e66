"""`waf-proxy profile` (and `train --profile`): learn the app's parameter profile into a model dir.

Give it the protected app's own benign traffic (its JSONL or access logs, or what
learning mode recorded), never a mix of unrelated sites: the profile says what *this*
app's parameters look like. The files split as `train` splits them (`PATH@FRAC`
holds rows out for testing): the train rows teach the profile, the calibration
rows relax it where they disagree, and the held-out rows stay unseen for `evaluate`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from waf_proxy.engine.profile import ParamProfile, learn_profile
from waf_proxy.inspect import RequestView
from waf_proxy.training.corpus import DEFAULT_CALIB_FRAC


def build_profile(files: list[str], holdout: float = 0.0, calib: float = DEFAULT_CALIB_FRAC) -> tuple[ParamProfile, dict[str, Any]]:
    """(profile, summary for config.json) from the benign rows of `files`."""
    from waf_proxy.training.train import load_corpora

    rows, cal_rows = load_corpora(files, "benign", holdout, calib)
    train = [RequestView.from_record(r) for r in rows if r.get("label") != "attack"]
    cal = [RequestView.from_record(r) for r in cal_rows if r.get("label") != "attack"]
    profile, relaxed = learn_profile(train, cal)
    summary = {
        "files": list(files),
        "train_rows": len(train),
        "calib_rows": len(cal),
        "calib_rows_relaxed": relaxed,
        "endpoints": profile.judged_endpoints,
    }
    return profile, summary


def save_profile(model_dir: str | Path, profile: ParamProfile, summary: dict[str, Any]) -> None:
    """Write profile.json and record how it was learned in config.json."""
    from waf_proxy.engine.artifacts import read_config, write_config

    profile.save(model_dir)
    config = read_config(model_dir)
    config.pop("format_version", None)
    config["profile"] = summary
    write_config(model_dir, config)


def run_profile(args: argparse.Namespace) -> int:
    from waf_proxy.config import DEFAULT_MODEL_DIR

    model_dir = Path(args.model or DEFAULT_MODEL_DIR)
    profile, summary = build_profile(args.benign, args.holdout_frac, args.calib_frac)
    if not summary["train_rows"]:
        print("profile: no benign rows found", file=sys.stderr)
        return 2
    save_profile(model_dir, profile, summary)
    print(
        f"profile: {summary['endpoints']} endpoints judged, learned from {summary['train_rows']} rows; "
        f"{summary['calib_rows_relaxed']} of {summary['calib_rows']} calibration rows relaxed it; "
        f"written to {model_dir}",
        file=sys.stderr,
    )
    return 0
