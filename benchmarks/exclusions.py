"""Parameter exclusions on apps the model never saw: what they buy and what they cost.

An operator running in monitor mode sees which fields of their own app carry the
flagged benign requests (code answers in a quiz, a CI API's YAML) and excludes them
(`exclude` in config.toml). This scores the held-out templates' traffic (`holdout-1`
and `holdout-2`; `holdout-3` stays blind) with and without such rules, on requests
drawn with another seed than the draw whose flagged requests the rules were written
from (`evaluate`'s 1001), and payloads only from the corpora's held-out attack rows.
Attacks placed in an excluded field count as missed unless the rest of the request
gives them away: that is the blind spot an exclusion opens.

    .venv/bin/python benchmarks/exclusions.py [--model models/default] [--rules benchmarks/exclusions_holdout.toml]
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets"
ATTACK_CORPORA = ("csic2010/test_attack.jsonl@0.5", "fwaf/attack.jsonl@0.2", "httpparams/test.jsonl",
                  "httpparams/test_lexical.jsonl", "payloadsallthethings/attack.jsonl@0.2")
TARGET_FPR = 0.005


def read_rules(path: Path):  # noqa: ANN201 - Exclusions
    """The `exclude` list of a TOML file, checked as config.toml's is."""
    from waf_proxy.config import Settings
    from waf_proxy.exclusions import Exclusions

    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("exclude", [])
    return Exclusions.from_settings(Settings(exclude=entries).exclude)


def model_texts(records: list[dict], text_of=None, rules=None) -> tuple[list[str], np.ndarray]:  # noqa: ANN001
    """The texts the model reads (`text_of`: the scorer's, fields included where it reads
    them; default the whole request), with `rules` applied as the decision engine applies
    them, and which records a rule touched."""
    from waf_proxy.decision import canonical_path
    from waf_proxy.engine.normalize import normalize_view
    from waf_proxy.exclusions import SKIP_KEY
    from waf_proxy.inspect import RequestView

    if text_of is None:
        def text_of(view: RequestView) -> str:
            return normalize_view(view, None, view.extra.get(SKIP_KEY))
    texts, touched = [], []
    for record in records:
        view = RequestView.from_record(record)
        skip = rules.skip_for(view.method, canonical_path(view.path)) if rules else None
        if skip is not None:
            view.extra[SKIP_KEY] = skip
        texts.append(text_of(view))
        touched.append(skip is not None)
    return texts, np.array(touched)


def rates(labels: np.ndarray, logits: np.ndarray, threshold_logit: float) -> tuple[float, float, float]:
    """(FP at the threshold, detection at the threshold, detection at 0.5 % FP on these rows)."""
    from waf_proxy.training.evaluate import detection_at_fpr

    flagged = logits >= threshold_logit
    at_fpr = detection_at_fpr(labels, logits, TARGET_FPR)
    return float(flagged[~labels].mean()), float(flagged[labels].mean()), float("nan") if at_fpr is None else at_fpr


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(ROOT / "models" / "default"))
    ap.add_argument("--rules", default=str(ROOT / "benchmarks" / "exclusions_holdout.toml"))
    ap.add_argument("--n", type=int, default=4000, help="benign and attack requests each")
    ap.add_argument("--seed", type=int, default=3001)
    args = ap.parse_args(argv)

    from waf_proxy.engine.artifacts import load_scorer
    from waf_proxy.engine.scorer import logit
    from waf_proxy.training import synth
    from waf_proxy.training.evaluate import load_eval_rows

    rules = read_rules(Path(args.rules))
    corpus, _ = load_eval_rows([str(DATA / c) for c in ATTACK_CORPORA], None)
    payloads = [r for r in corpus if r.get("label") == "attack" and not str(r.get("source", "")).startswith("csic")]
    rows = synth.generate_benign(args.n, seed=args.seed, templates="holdout")
    rows += synth.generate_attacks(args.n, payloads=payloads, seed=args.seed + 1, templates="holdout")
    labels = np.array([r.get("label") == "attack" for r in rows])
    apps = np.array([str(r.get("source", "")).split(":")[1] for r in rows])

    scorer = load_scorer(Path(args.model))
    threshold = logit(scorer.threshold)
    plain_texts, _ = model_texts(rows, scorer.text_of)
    ruled_texts, touched = model_texts(rows, scorer.text_of, rules)
    plain, ruled = scorer.window_logits(plain_texts), scorer.window_logits(ruled_texts)
    covered = np.isin(apps, np.unique(apps[touched]))  # apps with at least one rule

    lines = [f"model {scorer.version}, threshold {scorer.threshold:.3f}; {len(rules.rules)} rules on "
             f"{len(np.unique(apps[covered]))} of {len(np.unique(apps))} apps; rows drawn with seed {args.seed}", "",
             "| rows | rules | FP at the threshold | detection at the threshold | detection at 0.5 % FP |",
             "|---|---|---:|---:|---:|"]
    for name, mask in (("all apps", np.ones(len(rows), bool)), ("apps with rules", covered), ("other apps", ~covered)):
        for label, logits in (("none", plain), ("exclusions", ruled)):
            fp, det, det_fpr = rates(labels[mask], logits[mask], threshold)
            lines.append(f"| {name} ({int((~labels[mask]).sum())} benign / {int(labels[mask].sum())} attacks) | {label} "
                         f"| {100 * fp:.2f} % | {100 * det:.1f} % | {100 * det_fpr:.1f} % |")
    hidden = labels & touched & (np.array(plain_texts) != np.array(ruled_texts))
    lines += ["", f"attacks with an excluded field left out of their text: {int(hidden.sum())} "
              f"({100 * hidden.sum() / labels.sum():.1f} % of all attacks); of them caught with the rules "
              f"{100 * float((ruled[hidden] >= threshold).mean()) if hidden.any() else 0:.1f} %, without "
              f"{100 * float((plain[hidden] >= threshold).mean()) if hidden.any() else 0:.1f} %"]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
