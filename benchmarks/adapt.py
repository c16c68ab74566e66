"""Adapting to an app the model never saw: shipped vs benign-only vs attack-twin adapting.

Generates an app's benign traffic from the held-out templates (`holdout`: the apps of
holdout-1 and holdout-2), adapts the model on 67 % of it twice (`--app-attacks 0`, and
the default attack twins), and scores all three models on the same rows: the app's
hash-held-out 33 %, the same apps' requests drawn with the evaluation seed and held-out
payloads placed in them (no request or payload of those was used to adapt), other apps
(`holdout-3`), and the shared corpora's held-out rows. This is REPORT.md's "Adapting" table.

    .venv/bin/python benchmarks/adapt.py [--model models/default] [--out benchmarks/results/adapt]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from waf_proxy.training.evaluate import detection_at_fpr, holdout_set, holdout_synth, load_eval_rows

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets"
CORPORA = ("csic2010/test_benign.jsonl", "csic2010/test_attack.jsonl@0.5", "fwaf/benign.jsonl@0.2",
           "fwaf/attack.jsonl@0.2", "httpparams/test.jsonl", "httpparams/test_lexical.jsonl",
           "payloadsallthethings/attack.jsonl@0.2")
APP_SETS = ("synth/holdout-1", "synth/holdout-2")  # the adapted app's templates, another seed


def write_app(path: Path, n: int, seed: int) -> None:
    from waf_proxy.training.synth import generate_benign

    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in generate_benign(n, seed, "holdout")))


def adapt(model: Path, app: Path, out: Path, extra: list[str], threads: int) -> None:
    cmd = [sys.executable, "-m", "waf_proxy", "train", "--init", str(model), "--benign", f"{app}@0.33",
           "--out", str(out), "--threads", str(threads), *extra]
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def summary(groups: np.ndarray, labels: np.ndarray, flagged: np.ndarray, scores: np.ndarray) -> dict[str, str]:
    """The table's cells for one model: rates at its threshold and detection at 0.5 % FP."""

    def at(mask: np.ndarray) -> str:
        b, a = mask & ~labels, mask & labels
        fp = f"{100 * flagged[b].mean():.2f} %" if b.any() else "-"
        det = f"{100 * flagged[a].mean():.1f} %" if a.any() else "-"
        return f"{fp} / {det}"

    def member(name: str) -> np.ndarray:  # a corpus, or every corpus of a dataset
        return (groups == name) | np.char.startswith(groups.astype(str), name + "/")

    cells = {"app.jsonl@0.33 (benign): FP": at(groups == "app"),
             "the app, another seed (holdout-1 + -2): FP / det": at(np.isin(groups, APP_SETS))}
    for name in APP_SETS + ("synth/holdout-3",):
        m = groups == name
        d = detection_at_fpr(labels[m], scores[m], 0.005)
        cells[f"{name}: det at 0.5 % FP"] = "-" if d is None else f"{100 * d:.1f} %"
    for name in ("csic2010", "fwaf", "httpparams/test", "payloadsallthethings", "synth/holdout-3"):
        cells[f"{name}: FP / det"] = at(member(name))
    return cells


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(ROOT / "models" / "default"))
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "adapt"))
    ap.add_argument("--app-rows", type=int, default=6000)
    ap.add_argument("--app-seed", type=int, default=2001)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    from waf_proxy.engine.artifacts import load_scorer
    from waf_proxy.engine.scorer import sigmoid
    from waf_proxy.training.calibrate import served_row_logits

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = out / "app.jsonl"
    write_app(app, args.app_rows, args.app_seed)
    models = {"shipped": Path(args.model), "benign only": out / "benign-only", "attack twins": out / "twins"}
    adapt(models["shipped"], app, models["benign only"], ["--app-attacks", "0"], args.threads)
    adapt(models["shipped"], app, models["attack twins"], [], args.threads)

    rows, names = load_eval_rows([f"{app}@0.33"] + [str(DATA / c) for c in CORPORA], None)
    names = ["app" if n.endswith("app@0.33") else n for n in names]
    generated = holdout_synth(rows, 4000, 1001)
    rows += generated
    names += [holdout_set(r) for r in generated]
    groups, labels = np.array(names), np.array([r.get("label") == "attack" for r in rows])
    table: dict[str, dict[str, str]] = {}
    for label, path in models.items():
        scorer = load_scorer(path)
        scores = sigmoid(served_row_logits(scorer, rows).astype(np.float64))
        table[f"{label} (threshold {scorer.threshold:.3f})"] = summary(groups, labels, scores >= scorer.threshold, scores)
    heads = list(table)
    lines = ["| | " + " | ".join(heads) + " |", "|---|" + "---:|" * len(heads)]
    for key in table[heads[0]]:
        lines.append(f"| {key} | " + " | ".join(table[h][key] for h in heads) + " |")
    print("\n".join(lines))
    (out / "adapt.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
