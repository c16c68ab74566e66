"""`waf-proxy evaluate`: detection and false-positive rates per source and category.

Each `--corpus` is `PATH` (every row) or `PATH@FRAC` (only the rows that
`waf-proxy train` held out with the same FRAC), so a report never counts rows
the model trained on. Rates are at the model's own threshold; ROC AUC says how
well scores rank attacks above benign requests regardless of the threshold, and
detection at fixed false-positive rates (the threshold set on each corpus's own benign
rows) compares two models at equal false positives.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from waf_proxy.training.corpus import CorpusSpec, read_split


@dataclass
class Rates:
    name: str
    benign: int
    attacks: int
    false_positives: int
    detected: int
    auc: float | None

    @property
    def fpr(self) -> float | None:
        return self.false_positives / self.benign if self.benign else None

    @property
    def detection(self) -> float | None:
        return self.detected / self.attacks if self.attacks else None


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float | None:
    """Probability that a random attack outscores a random benign row (ties count half)."""
    labels = np.asarray(labels).astype(bool)
    n_pos, n_neg = int(labels.sum()), int((~labels).sum())
    if not n_pos or not n_neg:
        return None
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = np.asarray(scores)[order]
    ranks = np.empty(len(scores), dtype=np.float64)
    # average ranks over ties
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    avg = first + (counts - 1) / 2.0 + 1.0
    ranks[order] = np.repeat(avg, counts)
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def roc_curve(labels: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(false-positive rates, true-positive rates) at every distinct score."""
    labels = np.asarray(labels).astype(bool)
    order = np.argsort(-np.asarray(scores), kind="mergesort")
    tp = np.cumsum(labels[order])
    fp = np.cumsum(~labels[order])
    return np.concatenate([[0.0], fp / max(1, (~labels).sum())]), np.concatenate([[0.0], tp / max(1, labels.sum())])


def rates(name: str, labels: np.ndarray, scores: np.ndarray, threshold: float) -> Rates:
    labels = np.asarray(labels).astype(bool)
    flagged = np.asarray(scores) >= threshold
    return Rates(
        name=name,
        benign=int((~labels).sum()),
        attacks=int(labels.sum()),
        false_positives=int((flagged & ~labels).sum()),
        detected=int((flagged & labels).sum()),
        auc=roc_auc(labels, scores),
    )


def group_rates(groups: list[str], labels: np.ndarray, scores: np.ndarray, threshold: float) -> list[Rates]:
    keys = np.asarray(groups)
    return [rates(g, labels[keys == g], scores[keys == g], threshold) for g in sorted(set(groups))]


# False-positive rates at which `operating_table` reports detection.
OPERATING_FPRS = (0.005, 0.01, 0.02, 0.05)


def detection_at_fpr(labels: np.ndarray, scores: np.ndarray, fpr: float) -> float | None:
    """Detection at the threshold that flags at most `fpr` of these benign rows.

    The rates at the shipped threshold mix two things: how well a model ranks requests and
    where its calibration put the threshold. This is the first alone: what the model detects
    if an operator calibrated it on this traffic to that false-positive rate, so two models
    compare at equal false positives."""
    labels = np.asarray(labels).astype(bool)
    benign, attacks = np.asarray(scores)[~labels], np.asarray(scores)[labels]
    if not len(benign) or not len(attacks):
        return None
    threshold = np.quantile(benign, 1.0 - fpr, method="higher")
    return float((attacks > threshold).mean())


def operating_table(groups: list[str], labels: np.ndarray, scores: np.ndarray, title: str = "corpus",
                    fprs: tuple[float, ...] = OPERATING_FPRS) -> str:
    """Detection at fixed false-positive rates, per group that has both benign rows and attacks."""
    keys, labels = np.asarray(groups), np.asarray(labels).astype(bool)
    head = " | ".join(f"det. at {100 * f:g} % FP" for f in fprs)
    lines = [f"| {title} (threshold set on its own benign rows) | {head} |", "|---|" + "---:|" * len(fprs)]
    for g in sorted(set(groups)):
        mask = keys == g
        if labels[mask].all() or not labels[mask].any():
            continue
        cells = " | ".join(_pct(detection_at_fpr(labels[mask], scores[mask], f)) for f in fprs)
        lines.append(f"| {g} | {cells} |")
    return "\n".join(lines)


def _pct(x: float | None) -> str:
    return "" if x is None else f"{100 * x:.2f} %"


def rates_table(rows: list[Rates], title: str) -> str:
    lines = [f"| {title} | benign | FP rate | attacks | detection | ROC AUC |", "|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        auc = "" if r.auc is None else f"{r.auc:.4f}"
        lines.append(f"| {r.name} | {r.benign} | {_pct(r.fpr)} | {r.attacks} | {_pct(r.detection)} | {auc} |")
    return "\n".join(lines)


def load_eval_rows(corpora: list[str], limit: int | None) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows to evaluate and the corpus name of each (held-out split when PATH@FRAC)."""
    rows: list[dict[str, Any]] = []
    names: list[str] = []
    for text in corpora:
        spec = CorpusSpec.parse(text, 0.0)
        split = ("test",) if spec.holdout > 0 else ("train", "calib", "test")
        part = read_split(spec, split, "benign")
        if limit is not None and len(part) > limit:
            rng = np.random.default_rng(0)
            part = [part[i] for i in sorted(rng.choice(len(part), limit, replace=False))]
        name = f"{spec.path.parent.name}/{spec.path.stem}" + (f"@{spec.holdout:g}" if spec.holdout else "")
        rows += part
        names += [name] * len(part)
    return rows, names


# Held-out template groups and the offset of each one's seed (benign; attacks take the next):
# holdout-4 was first drawn with seeds 7001 / 7002 to judge trial 62 and holdout-5 with seeds
# 9001 / 9002 to judge trial 64 (TRAINING.md), which evaluate's default seed, 1001, reproduces.
HOLDOUT_DRAWS: tuple[tuple[str, int], ...] = (("holdout", 0), ("holdout3", 2), ("holdout4", 6000), ("holdout5", 8000))


def holdout_synth(rows: list[dict[str, Any]], n: int, seed: int) -> list[dict[str, Any]]:
    """Generated traffic from templates training never used; attack payloads come only
    from the (held-out) attack rows being evaluated, so neither context nor payload was seen."""
    from waf_proxy.training import synth

    payloads = [r for r in rows if r.get("label") == "attack" and not str(r.get("source", "")).startswith("csic")]
    generated = []
    for group, offset in HOLDOUT_DRAWS:
        group_seed = seed + offset
        generated += synth.generate_benign(n, seed=group_seed, templates=group)
        if payloads:
            generated += synth.generate_attacks(n, payloads=payloads, seed=group_seed + 1, templates=group)
    return generated


def holdout_set(record: dict[str, Any]) -> str:
    """Which held-out template set a generated record came from: the first (written with the
    train templates), the second (written later, blind to the model's errors), the third
    (written blind again, after the second's errors had been studied), the fourth (written
    blind on 12-06, while 32 more train apps were written) or the fifth (likewise, beside 48 more)."""
    from waf_proxy.training.synth_templates import REGISTRY
    from waf_proxy.training.synth_templates_holdout import HOLDOUT2

    name = (str(record.get("source", "")).split(":")[1:2] or [""])[0]
    group = REGISTRY[name].group if name in REGISTRY else "holdout"
    if group in ("holdout3", "holdout4", "holdout5"):
        return f"synth/holdout-{group[-1]}"
    return "synth/holdout-2" if name in HOLDOUT2 else "synth/holdout-1"


def plot(report_dir: Path, labels: np.ndarray, scores: np.ndarray, threshold: float, names: list[str]) -> list[str]:
    """Score histogram and ROC curves as PNG; returns the file names."""
    try:
        import matplotlib
    except ImportError as exc:  # plots are optional: keep serving images free of matplotlib
        raise SystemExit("evaluate --report needs matplotlib: pip install 'waf-proxy[report]'") from exc

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    files = []
    fig, ax = plt.subplots(figsize=(7, 4))
    bins = np.linspace(0, 1, 51)
    ax.hist(scores[labels == 0], bins=bins, alpha=0.6, label="benign", log=True)
    ax.hist(scores[labels == 1], bins=bins, alpha=0.6, label="attack", log=True)
    ax.axvline(threshold, color="k", linestyle="--", label=f"threshold {threshold:.3f}")
    ax.set_xlabel("score")
    ax.set_ylabel("requests (log)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(report_dir / "scores.png", dpi=80)
    plt.close(fig)
    files.append("scores.png")

    fig, ax = plt.subplots(figsize=(6, 5))
    keys = np.asarray(names)
    for name in sorted(set(names)):
        sel = keys == name
        if labels[sel].min() != labels[sel].max():
            fpr, tpr = roc_curve(labels[sel], scores[sel])
            ax.plot(fpr, tpr, label=name)
    fpr, tpr = roc_curve(labels, scores)
    ax.plot(fpr, tpr, "k", label="all")
    ax.set_xscale("log")
    ax.set_xlim(1e-4, 1)
    ax.set_xlabel("false-positive rate (log)")
    ax.set_ylabel("detection rate")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(report_dir / "roc.png", dpi=80)
    plt.close(fig)
    files.append("roc.png")
    return files


def run_evaluate(args: argparse.Namespace) -> int:
    from waf_proxy.config import DEFAULT_MODEL_DIR
    from waf_proxy.engine.artifacts import load_scorer
    from waf_proxy.engine.scorer import sigmoid
    from waf_proxy.training.calibrate import served_row_logits

    model_dir = Path(args.model or DEFAULT_MODEL_DIR)
    scorer = load_scorer(model_dir, quantize_int8=bool(getattr(args, "int8", False)))
    rows, names = load_eval_rows(args.corpus, args.limit)
    n_synth = getattr(args, "synth_holdout", 0)
    if n_synth:
        generated = holdout_synth(rows, n_synth, getattr(args, "seed", 1001))
        rows += generated
        names += [holdout_set(r) for r in generated]
    if not rows:
        print("evaluate: no rows", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    logits = served_row_logits(scorer, rows, getattr(args, "head_tail_only", False))
    elapsed = time.perf_counter() - t0
    scores = sigmoid(logits.astype(np.float64))
    labels = np.array([1 if r.get("label") == "attack" else 0 for r in rows])
    threshold = scorer.threshold
    categories = [str(r.get("category", "unknown")) for r in rows]
    by_corpus = group_rates(names, labels, scores, threshold)
    datasets = [n.split("/", 1)[0] for n in names]  # benign and attack files of one dataset together
    by_dataset = group_rates(datasets, labels, scores, threshold)
    attack_idx = labels == 1
    by_category = group_rates(
        [c for c, a in zip(categories, attack_idx) if a], labels[attack_idx], scores[attack_idx], threshold
    )
    overall = rates("all", labels, scores, threshold)
    text = [
        f"# Evaluation of `{model_dir}` ({scorer.version})",
        "",
        f"Threshold {threshold:.6f}; {len(rows)} requests scored in {elapsed:.1f} s"
        f" ({len(rows) / max(elapsed, 1e-9):.0f} requests/s, normalise + tokenise + model);"
        + (" head+tail window only." if getattr(args, "head_tail_only", False) else
           f" long requests read as serving reads them (every window, later ones minus window_margin"
           f" {scorer.params.window_margin:g})"
           + (f"; each field also read on its own (field_weight {scorer.params.field_weight:g}"
              + ("" if scorer.params.field_floor is None else f", from whole-request logit {scorer.params.field_floor:g}")
              + ")." if scorer.params.field_weight else ".")),
        "",
        rates_table(by_corpus + [overall], "corpus"),
        "",
        rates_table(by_dataset, "dataset"),
        "",
        rates_table(by_category, "attack category"),
        "",
        operating_table(names, labels, scores),
        "",
        operating_table(datasets, labels, scores, "dataset"),
        "",
    ]
    print("\n".join(text))
    if args.report:
        report = Path(args.report)
        report_dir = report.parent if report.suffix == ".md" else report
        report_path = report if report.suffix == ".md" else report / "REPORT.md"
        report_dir.mkdir(parents=True, exist_ok=True)
        pngs = plot(report_dir, labels, scores, threshold, datasets)
        text += [f"![{p}]({p})" for p in pngs] + [""]
        report_path.write_text("\n".join(text), encoding="utf-8")
        print(f"report written to {report_path}", file=sys.stderr)
    return 0
