"""Held-out rows are exactly those the model's training command left out."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import heldout
from waf_proxy.training.corpus import split_of


def write_model(tmp_path: Path, command: str, holdout: float = 0.2) -> Path:
    d = tmp_path / "model"
    d.mkdir()
    (d / "config.json").write_text(json.dumps({
        "format_version": 1, "training_command": command,
        "training": {"holdout_frac": holdout, "calib_frac": 0.1}}))
    return d


def rec(rid: str, label: str = "attack") -> dict:
    return {"id": rid, "method": "GET", "path": "/", "query": "", "headers": [], "body": "",
            "label": label, "category": "sqli" if label == "attack" else "normal", "source": "t"}


def test_files_in_the_training_command_keep_only_their_test_split(tmp_path: Path) -> None:
    model = write_model(tmp_path, "waf-proxy train --benign ../shared/datasets/fwaf/benign.jsonl "
                                  "--attacks /x/csic2010/test_attack.jsonl@0.6 --out models/default")
    keep, note = heldout.heldout_filter(model)
    ids = [f"id-{i}" for i in range(2000)]
    kept = [i for i in ids if keep("csic2010/test_attack.jsonl", rec(i))]
    assert kept == [i for i in ids if split_of(i, 0.6) == "test"]
    assert 0.5 < len(kept) / len(ids) < 0.7
    kept_fwaf = [i for i in ids if keep("fwaf/benign.jsonl", rec(i, "benign"))]
    assert kept_fwaf == [i for i in ids if split_of(i, 0.2) == "test"]
    # a file the model never trained on is held out whole
    assert all(keep("httpparams/test.jsonl", rec(i)) for i in ids)
    assert "csic2010/test_attack.jsonl@0.6" in note


def test_paired_rows_share_a_side(tmp_path: Path) -> None:
    model = write_model(tmp_path, "waf-proxy train --benign a/fwaf/benign.jsonl "
                                  "--attacks a/payloadsallthethings/attack.jsonl --out m")
    keep, _ = heldout.heldout_filter(model)
    for i in range(300):
        sides = {keep("payloadsallthethings/attack.jsonl", rec(f"patt-xss-{i:05d}-{s}")) for s in "qfj"}
        assert len(sides) == 1


def test_without_a_model_config_publisher_test_files_are_whole(tmp_path: Path) -> None:
    keep, note = heldout.heldout_filter(tmp_path / "missing")
    assert keep("httpparams/test.jsonl", rec("x"))
    ids = [f"id-{i}" for i in range(1000)]
    share = sum(keep("fwaf/attack.jsonl", rec(i)) for i in ids) / len(ids)
    assert 0.15 < share < 0.25
    assert "no model config" in note


def test_file_groups_sample_per_label(tmp_path: Path) -> None:
    data = tmp_path / "data" / "httpparams"
    data.mkdir(parents=True)
    rows = [rec(f"hp-{i}", "attack" if i % 3 == 0 else "benign") for i in range(300)]
    (data / "test.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    groups, note = heldout.file_groups(tmp_path / "data", 50, 1, tmp_path / "missing")
    assert [g.name for g in groups] == ["httpparams/test"]
    labels = [r["label"] for r in groups[0].records]
    assert labels.count("benign") == 50 and labels.count("attack") == 50
    assert "missing" in note  # the other shared files are named as skipped


def test_synth_groups_cover_every_held_out_template_group() -> None:
    from benchmarks.heldout import Group, synth_groups

    attacks = [{"id": f"x{i}", "label": "attack", "source": "fwaf", "category": "xss", "method": "GET", "path": "/",
                "query": f"q=<script>alert({i})</script>", "headers": [], "body": ""} for i in range(10)]
    out, note = synth_groups([Group("fwaf/attack", attacks)], per_group=20, seed=0)
    names = [g.name for g in out]
    assert names == ["synth/holdout-benign", "synth/holdout-attacks", "synth/holdout3-benign", "synth/holdout3-attacks",
                     "synth/holdout4-benign", "synth/holdout4-attacks", "synth/holdout5-benign", "synth/holdout5-attacks"]
    from waf_proxy.training.synth_templates_holdout3 import HOLDOUT3
    from waf_proxy.training.synth_templates_holdout4_a import HOLDOUT4_A
    from waf_proxy.training.synth_templates_holdout4_b import HOLDOUT4_B

    assert all(r["source"].split(":")[1] in HOLDOUT3 for g in out[2:4] for r in g.records)
    from waf_proxy.training.synth_templates_holdout5_a import HOLDOUT5_A
    from waf_proxy.training.synth_templates_holdout5_b import HOLDOUT5_B

    assert all(r["source"].split(":")[1] in HOLDOUT4_A + HOLDOUT4_B for g in out[4:6] for r in g.records)
    assert all(r["source"].split(":")[1] in HOLDOUT5_A + HOLDOUT5_B for g in out[6:] for r in g.records)
    assert all(r["label"] == "attack" for r in out[3].records + out[5].records + out[7].records)
    assert "holdout4" in note and "holdout5" in note
