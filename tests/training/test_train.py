"""A tiny end-to-end run: train on a generated fixture, calibrate, evaluate, adapt with --init."""

from __future__ import annotations

import json
import random

import numpy as np
from pathlib import Path

import pytest

from waf_proxy.cli import main
from waf_proxy.engine.artifacts import load_scorer, read_config
from waf_proxy.inspect import RequestView

WORDS = ["shoes", "red", "blue", "garden", "chair", "lamp", "book", "music", "coffee", "table", "o'brien", "select a size"]
ATTACKS = ["' or 1=1--", "1 union select password from users", "<script>alert(1)</script>", "../../../../etc/passwd",
           "; cat /etc/passwd", "\" onmouseover=alert(document.cookie) x=\"", "1' and sleep(5)#", "|| ping -c 10 127.0.0.1"]


def _record(i: int, label: str, value: str) -> dict:
    from urllib.parse import quote

    path = random.Random(i).choice(["/search", "/shop/item", "/api/v1/products"])
    return {"id": f"{label}-{i}", "method": "GET", "path": path, "query": f"q={quote(value)}&page={i % 9}",
            "headers": [["User-Agent", "Mozilla/5.0"]], "body": "", "label": label,
            "category": "normal" if label == "benign" else "mixed", "source": f"fixture:{label}"}


def _write(path: Path, rows: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, str]:
    rng = random.Random(0)
    d = tmp_path_factory.mktemp("corpora")
    benign = [_record(i, "benign", " ".join(rng.sample(WORDS, 2))) for i in range(700)]
    attacks = [_record(i, "attack", rng.choice(WORDS) + rng.choice(ATTACKS)) for i in range(500)]
    return {"benign": _write(d / "benign.jsonl", benign), "attacks": _write(d / "attacks.jsonl", attacks)}


@pytest.mark.slow
def test_train_calibrate_evaluate_adapt(tmp_path: Path, corpora: dict[str, str], capsys) -> None:
    out = tmp_path / "model"
    small = ["--vocab-size", "300", "--max-len", "48", "--d-model", "32", "--layers", "1", "--heads", "2",
             "--batch-size", "32", "--threads", "1", "--seed", "1"]
    assert main(["train", "--benign", corpora["benign"], "--attacks", corpora["attacks"], "--out", str(out),
                 "--epochs", "3", "--lr", "3e-3", "--target-fpr", "0.02", "--attn-dropout", "0", *small]) == 0
    config = read_config(out)
    assert config["training"]["seed"] == 1 and "train" in config["training_command"]
    assert config["model"]["attn_dropout"] == 0 and config["model"]["dropout"] == 0.1
    scorer = load_scorer(out, threads=1)
    benign = [RequestView("GET", "/search", "q=blue+lamp&page=3"), RequestView("GET", "/shop/item", "q=coffee+table&page=1")]
    attacks = [RequestView("GET", "/search", "q=%27+or+1%3D1--&page=2"),
               RequestView("GET", "/search", "q=%3Cscript%3Ealert(1)%3C/script%3E&page=1")]
    b = [r.score for r in scorer.score_batch(benign)]
    a = [r.score for r in scorer.score_batch(attacks)]
    assert max(b) < scorer.threshold <= min(a), (b, a, scorer.threshold)

    assert main(["calibrate", "--model", str(out), "--benign", corpora["benign"] + "@0.2", "--target-fpr", "0.01"]) == 0
    assert read_config(out)["target_fpr"] == 0.01

    report = tmp_path / "report" / "REPORT.md"
    assert main(["evaluate", "--model", str(out), "--corpus", corpora["benign"] + "@0.2",
                 corpora["attacks"] + "@0.2", "--report", str(report)]) == 0
    text = report.read_text()
    assert "ROC AUC" in text and (report.parent / "roc.png").stat().st_size > 1000
    printed = capsys.readouterr().out
    assert "| all |" in printed

    adapted = tmp_path / "adapted"
    assert main(["train", "--init", str(out), "--benign", corpora["benign"], "--out", str(adapted), "--app-attacks", "0",
                 "--epochs", "0.5", "--batch-size", "32", "--threads", "1", "--profile", corpora["benign"]]) == 0
    cfg = read_config(adapted)
    assert cfg["init"] == str(out) and cfg["model"] == config["model"]
    # benign-only adaptation has no attack rows to choose a window margin by: the init model's is kept
    assert cfg["score"]["window_margin"] == read_config(out)["score"]["window_margin"]
    again = load_scorer(adapted, threads=1)
    assert max(r.score for r in again.score_batch(benign)) < again.threshold <= min(r.score for r in again.score_batch(attacks))

    # by default adapting adds attack twins of the app's own requests, in calibration too
    twinned = tmp_path / "twinned"
    assert main(["train", "--init", str(out), "--benign", corpora["benign"], "--out", str(twinned),
                 "--epochs", "0.2", "--batch-size", "32", "--threads", "1"]) == 0
    assert read_config(twinned)["calibration"]["attack_rows"] > 0 == cfg["calibration"]["attack_rows"]

    # --profile learned the app's parameters: tampering the generic model cannot see is caught
    assert cfg["profile"]["endpoints"] == 3 and cfg["profile"]["calib_rows"] > 0
    tampered = [RequestView("GET", "/search", "q=blue+lamp&page=3&debug=1"), RequestView("GET", "/search", "q=blue+lamp&page=x")]
    assert [r.score for r in again.score_batch(tampered)] == [0.99, 0.99]
    from waf_proxy.training.calibrate import served_row_logits

    rows = [{"method": "GET", "path": v.path, "query": v.query, "headers": [], "body": ""} for v in benign + tampered]
    logits = served_row_logits(again, rows)
    assert (logits[2:] >= 4.59).all() and (logits[:2] < 4.59).all()  # logit(0.99) = 4.595


def test_cap_sources_keeps_small_sources_whole() -> None:
    from waf_proxy.training.train import cap_sources

    rows = [{"id": f"a{i}", "source": "big:x", "label": "benign"} for i in range(100)]
    rows += [{"id": f"b{i}", "source": "small", "label": "attack"} for i in range(10)]
    capped = cap_sources(rows, 30)
    assert sum(r["source"] == "big:x" for r in capped) == 30
    assert sum(r["source"] == "small" for r in capped) == 10
    assert [r["id"] for r in cap_sources(rows, 30)] == [r["id"] for r in capped]  # deterministic


def test_replay_round_trip(tmp_path: Path) -> None:
    from waf_proxy.training.train import read_replay, write_replay

    rows = [_record(i, "benign", "x") for i in range(5)] + [_record(i, "attack", "' or 1=1--") for i in range(5)]
    write_replay(tmp_path, rows, seed=0)
    back = read_replay(tmp_path)
    assert len(back) == 10 and {r["label"] for r in back} == {"benign", "attack"}
    assert read_replay(tmp_path / "missing") == []


def test_profile_command_writes_and_records(tmp_path: Path, corpora: dict[str, str]) -> None:
    from tests.engine.conftest import TEXTS
    from waf_proxy.engine.artifacts import save_model
    from waf_proxy.engine.model import ModelConfig, WafTransformer
    from waf_proxy.engine.profile import load_profile
    from waf_proxy.engine.scorer import ScoreParams
    from waf_proxy.engine.tokenizer import RequestTokenizer

    tok = RequestTokenizer.train(TEXTS, vocab_size=300, max_len=32, min_frequency=2)
    cfg = ModelConfig(vocab_size=tok.vocab_size, max_len=32, d_model=16, n_layers=1, n_heads=2, d_ff=32)
    save_model(tmp_path, WafTransformer(cfg), tok, ScoreParams(threshold=0.7), version="tiny")
    assert main(["profile", "--model", str(tmp_path), "--benign", corpora["benign"] + "@0.2"]) == 0
    summary = read_config(tmp_path)["profile"]
    # @0.2 holds a fifth of the rows out: the profile learned from the rest only
    assert summary["files"] == [corpora["benign"] + "@0.2"] and 500 < summary["train_rows"] + summary["calib_rows"] < 620
    profile = load_profile(tmp_path)
    assert profile is not None and set(profile.endpoints) == {"/search", "/shop/item", "/api/v1/products"}
    assert profile.violations(RequestView("GET", "/shop/item", "q=red&page=1&admin=1")) == ["unknown parameter 'admin'"]


def test_drop_headers_strips_client_headers_from_a_fraction_and_their_twins() -> None:
    from waf_proxy.training.train import TWIN_KEY, drop_headers

    def row(i: int) -> dict:
        headers = [["User-Agent", "Mozilla/5.0"], ["Cookie", "sid=1"], ["Content-Type", "application/json"]]
        twin = {"id": f"t{i}", "headers": [list(h) for h in headers]}
        return {"id": f"r{i}", "headers": [list(h) for h in headers], TWIN_KEY: twin}

    rows = [row(i) for i in range(400)]
    assert drop_headers(rows, 0.0, seed=1) == 0
    n = drop_headers(rows, 0.25, seed=1)
    assert 60 < n < 140
    stripped = [r for r in rows if len(r["headers"]) == 1]
    assert len(stripped) == n
    for r in rows:
        assert r["headers"] == r[TWIN_KEY]["headers"]  # the pair still differs only in the payload
        assert ["Content-Type", "application/json"] in r["headers"]  # the body still parses as it did
    again = [row(i) for i in range(400)]
    assert drop_headers(again, 0.25, seed=1) == n  # seeded


def test_ema_decay_saves_the_averaged_weights_not_the_last_steps() -> None:
    """With a decay near 1 the saved weights stay near where averaging began (the first step,
    a small warm-up step from the initial weights), while the plain run's weights move on."""
    import torch

    from waf_proxy.engine.model import ModelConfig, WafTransformer
    from waf_proxy.training.train import train_model

    rng = np.random.default_rng(0)
    encoded = [[int(t) for t in rng.integers(4, 60, size=int(rng.integers(5, 20)))] for _ in range(64)]
    labels = np.array([i % 2 for i in range(64)])

    def trained(epochs: float, ema_decay: float) -> torch.Tensor:
        torch.manual_seed(0)
        model = WafTransformer(ModelConfig(vocab_size=64, d_model=16, n_layers=1, n_heads=2, d_ff=32, max_len=32))
        if not epochs:
            return torch.cat([p.detach().flatten() for p in model.parameters()])
        summary = train_model(model, encoded, labels, epochs=epochs, batch_size=8, lr=1e-2, lm_weight=0.3,
                              max_minutes=None, seed=0, ema_decay=ema_decay)
        assert summary["steps"] == max(1, int(8 * epochs))
        return torch.cat([p.detach().flatten() for p in model.parameters()])

    initial, plain, averaged = trained(0, 0.0), trained(4, 0.0), trained(4, 0.99999)
    assert torch.dist(plain, initial) > 5 * torch.dist(averaged, initial)
    assert torch.equal(trained(4, 0.0), plain)  # deterministic, so the comparison above means something


def test_attack_loss_without_focus_is_the_weighted_bce() -> None:
    import torch
    import torch.nn.functional as F

    from waf_proxy.training.train import attack_loss

    logits, y = torch.tensor([3.0, -2.0, 0.5, -0.1]), torch.tensor([1.0, 0.0, 0.0, 1.0])
    w = torch.tensor([1.0, 2.0, 1.0, 0.5])
    expected = F.binary_cross_entropy_with_logits(logits, y, weight=w)
    assert torch.allclose(attack_loss(logits, y, w), expected)
    assert torch.allclose(attack_loss(logits, y, None), F.binary_cross_entropy_with_logits(logits, y))


def test_focal_gamma_moves_the_gradient_to_rows_near_the_boundary() -> None:
    """An easy row (right by a wide margin) gets a smaller share of the gradient, a hard
    row a larger one."""
    import torch

    from waf_proxy.training.train import attack_loss

    y = torch.tensor([1.0, 0.0, 0.0, 1.0])

    def grads(gamma: float) -> torch.Tensor:
        logits = torch.tensor([6.0, -5.0, 1.5, -0.5], requires_grad=True)  # two easy, two wrong
        attack_loss(logits, y, None, gamma).backward()
        return logits.grad.abs()

    plain, focused = grads(0.0), grads(2.0)
    assert focused[0] / focused[2] < plain[0] / plain[2] / 10
    assert focused[2] > plain[2] and focused[3] > plain[3]
    assert focused[0] < plain[0] and focused[1] < plain[1]


@pytest.mark.slow
def test_calibrate_training_rows_rebuilds_what_train_fitted(tmp_path: Path, corpora: dict[str, str]) -> None:
    out = tmp_path / "model"
    small = ["--vocab-size", "300", "--max-len", "48", "--d-model", "32", "--layers", "1", "--heads", "2",
             "--batch-size", "32", "--threads", "1", "--seed", "2", "--epochs", "1", "--target-fpr", "0.02"]
    assert main(["train", "--benign", corpora["benign"], "--attacks", corpora["attacks"], "--out", str(out),
                 "--synth-benign", "80", "--synth-attacks", "40", "--pool-temperature", "1.5", "--field-weight", "0.3",
                 *small]) == 0
    fitted = read_config(out)
    assert fitted["score"]["pool_temperature"] == 1.5 and fitted["calibration"]["attack_rows"] > 0
    assert fitted["score"]["field_weight"] == 0.3
    report = tmp_path / "report.md"
    assert main(["evaluate", "--model", str(out), "--corpus", corpora["benign"] + "@0.2", corpora["attacks"] + "@0.2",
                 "--report", str(report)]) == 0
    assert "each field also read on its own (field_weight 0.3)" in report.read_text()
    config = read_config(out)
    config["score"].update(threshold=0.5, window_margin=0.0)
    (out / "config.json").write_text(json.dumps(config))
    assert main(["calibrate", "--model", str(out), "--training-rows", "--target-fpr", "0.02"]) == 0
    again = read_config(out)["score"]
    # the same rows, scored the same way: the very threshold and margin training chose
    assert again["threshold"] == fitted["score"]["threshold"] and again["window_margin"] == fitted["score"]["window_margin"]
    assert main(["calibrate", "--model", str(out), "--training-rows", "--pool-temperature", "0", "--target-fpr", "0.02"]) == 0
    maxed = read_config(out)
    assert maxed["score"]["pool_temperature"] == 0 and maxed["score"]["threshold"] != fitted["score"]["threshold"]
    assert maxed["calibration"]["benign_rows"] == fitted["calibration"]["benign_rows"]
    # unseen apps' requests as a source of their own, and the whole request only
    assert main(["calibrate", "--model", str(out), "--training-rows", "--calib-apps", "40", "--field-weight", "0",
                 "--field-floor", "-1", "--target-fpr", "0.02"]) == 0
    wider = read_config(out)
    assert wider["score"]["field_weight"] == 0 and "synth-calib" in wider["calibration"]["sources"]
    assert wider["score"]["field_floor"] == -1.0
    assert wider["calibration"]["benign_rows"] == fitted["calibration"]["benign_rows"] + 40


def test_calibrate_training_rows_needs_a_training_command(tmp_path: Path, capsys) -> None:
    from tests.engine.conftest import TEXTS
    from waf_proxy.engine.artifacts import save_model
    from waf_proxy.engine.model import ModelConfig, WafTransformer
    from waf_proxy.engine.scorer import ScoreParams
    from waf_proxy.engine.tokenizer import RequestTokenizer

    tok = RequestTokenizer.train(TEXTS, vocab_size=300, max_len=32, min_frequency=2)
    cfg = ModelConfig(vocab_size=tok.vocab_size, max_len=32, d_model=16, n_layers=1, n_heads=2, d_ff=32)
    save_model(tmp_path / "m", WafTransformer(cfg), tok, ScoreParams(threshold=0.7), version="no-command")
    assert main(["calibrate", "--model", str(tmp_path / "m"), "--training-rows"]) == 2
    assert "no `waf-proxy train` command" in capsys.readouterr().err
