"""The held-out evaluation records that every comparison samples from.

Which rows the default model never trained on is decided by the training code
(`waf_proxy.training.corpus`), not here: this module asks it, so a benchmark can
never score rows the model has seen. Generated traffic comes from the held-out
templates of `waf_proxy.training.synth`, with attack payloads taken only from
held-out attack rows.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from benchmarks.replay import Record, read_jsonl, sample

# Evaluation files: (relative path, needs the training code's hold-out filter).
# The *test* files of CSIC and HttpParams are held out by their publishers; CSIC's
# test_attack may be partly used in training, and fwaf / PayloadsAllTheThings have no
# split, so those rows go through the training code's filter.
EVAL_FILES: tuple[tuple[str, bool], ...] = (
    ("csic2010/test_benign.jsonl", True),
    ("csic2010/test_attack.jsonl", True),
    ("httpparams/test.jsonl", True),
    ("httpparams/test_lexical.jsonl", True),
    ("fwaf/benign.jsonl", True),
    ("fwaf/attack.jsonl", True),
    ("payloadsallthethings/attack.jsonl", True),
)
SYNTH_SEED_OFFSET = 7919  # generated evaluation traffic never shares a seed with training's


@dataclass
class Group:
    """A named set of records (both labels may be present)."""

    name: str
    records: list[Record]


def heldout_filter() -> tuple[Callable[[Record], bool] | None, str]:
    """The training code's "is this row held out?" predicate, if it offers one."""
    try:
        corpus = importlib.import_module("waf_proxy.training.corpus")
    except ImportError as exc:
        return None, f"waf_proxy.training.corpus not importable ({exc})"
    for name in ("is_heldout", "is_held_out"):
        fn = getattr(corpus, name, None)
        if callable(fn):
            return fn, f"waf_proxy.training.corpus.{name}"
    split = getattr(corpus, "split_of", None)
    if callable(split):
        return (lambda rec: split(rec) != "train"), "waf_proxy.training.corpus.split_of != 'train'"
    return None, "waf_proxy.training.corpus has no hold-out predicate"


def file_groups(datasets: Path, per_group: int, seed: int) -> tuple[list[Group], str]:
    """Held-out rows of the shared corpora, at most per_group per file and label."""
    keep, how = heldout_filter()
    groups: list[Group] = []
    skipped: list[str] = []
    for rel, needs_filter in EVAL_FILES:
        path = datasets / rel
        if not path.exists():
            skipped.append(f"{rel} (missing)")
            continue
        if needs_filter and keep is None and not rel.startswith(("httpparams/", "csic2010/test_benign")):
            skipped.append(f"{rel} (no hold-out split available)")
            continue
        rows = [r for r in read_jsonl(path) if keep is None or keep(r)]
        picked: list[Record] = []
        for label in ("benign", "attack"):
            picked += sample([r for r in rows if r["label"] == label], per_group, seed)
        groups.append(Group(rel.removesuffix(".jsonl"), picked))
    note = f"rows held out per {how}"
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
    benign = synth.generate_benign(per_group, s, templates="holdout")
    attacks_src = [r for g in groups for r in g.records if r["label"] == "attack"]
    payloads: Any = attacks_src
    if hasattr(synth, "extract_payloads"):
        payloads = synth.extract_payloads(attacks_src)
    attacks = synth.generate_attacks(per_group, payloads, s, templates="holdout") if payloads else []
    out = [Group("synth/holdout-benign", list(benign)), Group("synth/holdout-attacks", list(attacks))]
    return out, f"synth holdout templates, seed {s}, payloads from {len(attacks_src)} held-out attack rows"


def heldout_groups(datasets: Path, per_group: int, seed: int, *, synth: bool = True) -> tuple[list[Group], str]:
    groups, note = file_groups(datasets, per_group, seed)
    if synth:
        extra, snote = synth_groups(groups, per_group, seed)
        groups += extra
        note += "; " + snote
    return groups, note


def payload_records(datasets: Path, n: int, seed: int) -> tuple[list[Record], str]:
    """Held-out attack rows of the payload corpora (HttpParams test, PayloadsAllTheThings)."""
    keep, how = heldout_filter()
    rows: list[Record] = []
    for rel in ("httpparams/test.jsonl", "payloadsallthethings/attack.jsonl"):
        if rel.startswith("payloadsallthethings") and keep is None:
            continue
        rows += [r for r in read_jsonl(datasets / rel) if r["label"] == "attack" and (keep is None or keep(r))]
    return sample(rows, n, seed), f"held-out attack rows per {how}"
