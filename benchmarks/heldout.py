"""The held-out evaluation records that every comparison samples from.

Which rows the default model never trained on is decided by the training code
(`waf_proxy.training.corpus`), not here: this module asks it, so a benchmark can
never score rows the model has seen. Generated traffic comes from the held-out
templates of `waf_proxy.training.synth`, with attack payloads taken only from
held-out attack rows.
"""

from __future__ import annotations

import importlib
import json
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from benchmarks.replay import Record, read_jsonl, sample

# Evaluation files. Whatever part of one the model trained on is taken out by
# `heldout_filter` (CSIC's test_attack may be partly trained on; fwaf and
# PayloadsAllTheThings have no publisher split).
EVAL_FILES: tuple[str, ...] = (
    "csic2010/test_benign.jsonl",
    "csic2010/test_attack.jsonl",
    "httpparams/test.jsonl",
    "httpparams/test_lexical.jsonl",
    "fwaf/benign.jsonl",
    "fwaf/attack.jsonl",
    "payloadsallthethings/attack.jsonl",
)
SYNTH_SEED_OFFSET = 7919  # generated evaluation traffic never shares a seed with training's


@dataclass
class Group:
    """A named set of records (both labels may be present)."""

    name: str
    records: list[Record]


def _corpus_key(path: str | Path) -> str:
    """'dataset/file.jsonl': how a training argument and a shared file are matched."""
    parts = Path(path).parts
    return "/".join(parts[-2:])


def training_specs(model_dir: Path) -> tuple[dict[str, Any], float, float, str] | None:
    """The corpus specs the model was trained with, read from its config's training command."""
    from waf_proxy.cli import build_parser
    from waf_proxy.training.corpus import DEFAULT_CALIB_FRAC, CorpusSpec

    cfg_path = model_dir / "config.json"
    if not cfg_path.is_file():
        return None
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    command = str(cfg.get("training_command") or "")
    argv = shlex.split(command)
    if argv[:1] and argv[0].endswith("waf-proxy"):
        argv = argv[1:]
    try:
        args = build_parser().parse_args(argv)
    except SystemExit:
        return None
    training = cfg.get("training") or {}
    holdout = float(training.get("holdout_frac", getattr(args, "holdout_frac", 0.2)))
    calib = float(training.get("calib_frac", getattr(args, "calib_frac", DEFAULT_CALIB_FRAC)))
    specs = {}
    for text in list(args.benign or []) + list(args.attacks or []):
        spec = CorpusSpec.parse(text, holdout)
        specs[_corpus_key(spec.path)] = spec
    return specs, holdout, calib, f"{model_dir.name}/config.json training_command"


def heldout_filter(model_dir: Path) -> tuple[Callable[[str, Record], bool], str]:
    """keep(file_key, record): True when the model never trained on (or calibrated with) the row.

    A file named in the model's training command is held out by
    `waf_proxy.training.corpus.split_of(id, holdout) == "test"` (the same hash the
    training used); a file it never named is held out whole. Without a model config,
    the training CLI's default hold-out fraction is assumed for every file.
    """
    from waf_proxy.training.corpus import DEFAULT_CALIB_FRAC, split_of

    found = training_specs(model_dir)
    if found is None:
        default = 0.2
        return (lambda key, rec: key.startswith(("csic2010/test_", "httpparams/test"))
                or split_of(str(rec["id"]), default, DEFAULT_CALIB_FRAC) == "test"), (
            f"no model config: publisher test files whole, others split_of(id, {default}) == 'test'")
    specs, _holdout, calib, where = found

    def keep(key: str, rec: Record) -> bool:
        spec = specs.get(key)
        return spec is None or split_of(str(rec["id"]), spec.holdout, calib) == "test"

    trained = ", ".join(f"{k}@{v.holdout:g}" for k, v in sorted(specs.items()))
    return keep, f"split_of(id, holdout) == 'test' for files in {where} ({trained}); other files whole"


def file_groups(datasets: Path, per_group: int, seed: int, model_dir: Path) -> tuple[list[Group], str]:
    """Held-out rows of the shared corpora, at most per_group per file and label."""
    keep, how = heldout_filter(model_dir)
    groups: list[Group] = []
    skipped: list[str] = []
    for rel in EVAL_FILES:
        path = datasets / rel
        if not path.exists():
            skipped.append(f"{rel} (missing)")
            continue
        rows = [r for r in read_jsonl(path) if keep(rel, r)]
        picked: list[Record] = []
        for label in ("benign", "attack"):
            picked += sample([r for r in rows if r["label"] == label], per_group, seed)
        groups.append(Group(rel.removesuffix(".jsonl"), picked))
    note = how
    if skipped:
        note += "; skipped: " + ", ".join(skipped)
    return groups, note


def synth_groups(groups: list[Group], per_group: int, seed: int) -> tuple[list[Group], str]:
    """Benign traffic and held-out attack payloads in the generator's held-out templates."""
    try:
        synth = importlib.import_module("waf_proxy.training.synth")
    except ImportError as exc:
        return [], f"synth skipped (waf_proxy.training.synth not importable: {exc})"
    s = seed + SYNTH_SEED_OFFSET
    # CSIC's "anomalous" rows are tampered values of its own shop, not payloads (as in training).
    attacks_src = [r for g in groups if not g.name.startswith("csic") for r in g.records if r["label"] == "attack"]
    payloads: Any = attacks_src
    if hasattr(synth, "extract_payloads"):
        payloads = synth.extract_payloads(attacks_src)
    out: list[Group] = []
    groups_made: list[str] = []
    for offset, templates in enumerate(("holdout", "holdout3", "holdout4", "holdout5")):
        try:
            benign = synth.generate_benign(per_group, s + offset, templates=templates)
        except ValueError:  # an older generator without this template group
            continue
        attacks = synth.generate_attacks(per_group, payloads, s + offset, templates=templates) if payloads else []
        out += [Group(f"synth/{templates}-benign", list(benign)), Group(f"synth/{templates}-attacks", list(attacks))]
        groups_made.append(f"{templates} (seed {s + offset})")
    return out, f"synth templates {', '.join(groups_made)}, payloads from {len(attacks_src)} held-out attack rows"


def heldout_groups(datasets: Path, per_group: int, seed: int, model_dir: Path, *,
                   synth: bool = True) -> tuple[list[Group], str]:
    groups, note = file_groups(datasets, per_group, seed, model_dir)
    if synth:
        extra, snote = synth_groups(groups, per_group, seed)
        groups += extra
        note += "; " + snote
    return groups, note


def payload_records(datasets: Path, n: int | None, seed: int, model_dir: Path) -> tuple[list[Record], str]:
    """Held-out attack rows of the payload corpora (HttpParams test, PayloadsAllTheThings)."""
    keep, how = heldout_filter(model_dir)
    rows: list[Record] = []
    for rel in ("httpparams/test.jsonl", "payloadsallthethings/attack.jsonl"):
        rows += [r for r in read_jsonl(datasets / rel) if r["label"] == "attack" and keep(rel, r)]
    return sample(rows, n, seed), how
