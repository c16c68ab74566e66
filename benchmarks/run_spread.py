"""How much of a model's ranking of unseen apps is its run's luck, and what averaging runs buys.

One training run ranks a held-out app set well or badly at 0.5 % false positives partly by
chance: two runs of one command, or of two commands that differ a little, disagree on a set by
5-25 points (TRAINING.md, "Trials 64-65"). This scores evaluate's held-out template sets and the
calibration-only apps with every model given and prints, per set, the detection at 0.5 and 1 %
false positives (the threshold set on that set's own benign rows) of each model alone and of the
mean logit of every pair and of all of them, so that a data or recipe change can be judged against
the spread of runs, and a two-model default against its members.

    .venv/bin/python benchmarks/run_spread.py models/default DIR [DIR ...] [--n 4000]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets"
# REPORT.md's evaluate corpora: their held-out attack rows are the payloads placed in the apps.
CORPORA = ("csic2010/test_benign.jsonl", "csic2010/test_attack.jsonl@0.5", "fwaf/benign.jsonl@0.2",
           "fwaf/attack.jsonl@0.2", "httpparams/test.jsonl", "httpparams/test_lexical.jsonl",
           "payloadsallthethings/attack.jsonl@0.2")
CALIB_SEED = 5001  # the calibration-only apps' draw in REPORT.md (attacks: the next seed)
POOLED = "all held-out sets"


def app_sets(n: int, seed: int) -> dict[str, list[dict]]:
    """evaluate's held-out template sets (its draw at `seed`) and the calibration-only apps."""
    from waf_proxy.training import synth
    from waf_proxy.training.evaluate import holdout_set, holdout_synth, load_eval_rows

    present = [c for c in CORPORA if (DATA / c.split("@")[0]).is_file()]
    rows = load_eval_rows([str(DATA / c) for c in present], None)[0]
    sets: dict[str, list[dict]] = {}
    for record in holdout_synth(rows, n, seed):
        sets.setdefault(holdout_set(record), []).append(record)
    payloads = [r for r in rows if r.get("label") == "attack" and not str(r.get("source", "")).startswith("csic")]
    sets["calibration-only apps"] = synth.generate_benign(n, CALIB_SEED, "calib") + (
        synth.generate_attacks(n, payloads, CALIB_SEED + 1, "calib") if payloads else [])
    return dict(sorted(sets.items()))


def combinations(logits: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each model alone, the mean logit of every pair and, for three or more, of all of them."""
    names = list(logits)
    out = {name: logits[name] for name in names}
    for a, b in itertools.combinations(names, 2):
        out[f"mean of {a} + {b}"] = (logits[a] + logits[b]) / 2
    if len(names) > 2:
        out[f"mean of all {len(names)}"] = sum(logits[n] for n in names) / len(names)
    return out


def spread_table(labels: Mapping[str, np.ndarray], logits: Mapping[str, Mapping[str, np.ndarray]],
                 fprs: Sequence[float] = (0.005, 0.01)) -> str:
    """Markdown: one row per model or mean, one column per set and false-positive rate; the
    held-out sets (not the calibration-only apps) are also pooled."""
    from waf_proxy.training.evaluate import detection_at_fpr

    held_out = [s for s in labels if s.startswith("synth/")]
    columns = [*labels, POOLED] if held_out else list(labels)
    rows = {}
    for set_name in labels:
        for combo, values in combinations({m: v[set_name] for m, v in logits.items()}).items():
            rows.setdefault(combo, {})[set_name] = values
    head = " | ".join(f"{c} at {' / '.join(f'{100 * f:g}' for f in fprs)} % FP" for c in columns)
    lines = [f"| model | {head} |", "|---|" + "---:|" * len(columns)]
    for combo, by_set in rows.items():
        cells = []
        for column in columns:
            sets = held_out if column == POOLED else [column]
            y = np.concatenate([labels[s] for s in sets]).astype(bool)
            x = np.concatenate([by_set[s] for s in sets])
            found = [detection_at_fpr(y, x, f) for f in fprs]
            cells.append(" / ".join("-" if d is None else f"{100 * d:.1f}" for d in found))
        lines.append(f"| {combo} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="+", help="model directories (two or more to see averaging)")
    parser.add_argument("--n", type=int, default=4000, help="benign and attack requests per set")
    parser.add_argument("--seed", type=int, default=1001, help="evaluate's held-out draw (its default)")
    args = parser.parse_args(argv)

    from waf_proxy.engine.artifacts import load_scorer
    from waf_proxy.training.calibrate import served_row_logits

    sets = app_sets(args.n, args.seed)
    labels = {s: np.array([r.get("label") == "attack" for r in rows]) for s, rows in sets.items()}
    logits: dict[str, dict[str, np.ndarray]] = {}
    for directory in args.models:
        scorer = load_scorer(directory)
        name = f"{Path(directory).name} ({scorer.version})"
        logits[name] = {s: served_row_logits(scorer, rows).astype(np.float64) for s, rows in sets.items()}
        scorer.close()
    print(f"{args.n} benign + {args.n} attacks per set, evaluate's draw at seed {args.seed}; "
          "detection with the threshold set on each set's own benign rows\n")
    print(spread_table(labels, logits))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
