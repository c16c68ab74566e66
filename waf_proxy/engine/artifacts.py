"""The model directory: weights (safetensors), config.json, tokenizer.json.

Nothing here unpickles: weights are safetensors, everything else is JSON, and a
directory whose `format_version` this code does not know is refused with a clear
error rather than half-loaded.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from waf_proxy.engine.scorer import ScoreParams, TransformerScorer

FORMAT_VERSION = 1
CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"


class ModelDirError(ValueError):
    """The model directory is missing, incomplete or of an unknown format."""


def read_config(model_dir: str | Path) -> dict[str, Any]:
    path = Path(model_dir) / CONFIG_FILE
    if not path.is_file():
        raise ModelDirError(f"{model_dir}: no {CONFIG_FILE}; is this a waf-proxy model directory?")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelDirError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(config, dict):
        raise ModelDirError(f"{path}: expected a JSON object")
    version = config.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelDirError(f"{path}: format_version {version!r} is not supported (this code reads {FORMAT_VERSION})")
    for key in ("model", "score", "version"):
        if key not in config:
            raise ModelDirError(f"{path}: missing {key!r}")
    return config


def write_config(model_dir: str | Path, config: dict[str, Any]) -> None:
    config = {"format_version": FORMAT_VERSION, **config}
    path = Path(model_dir) / CONFIG_FILE
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(config, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def params_from_config(config: dict[str, Any]) -> ScoreParams:
    known = {f.name for f in fields(ScoreParams)}
    values = {k: v for k, v in config["score"].items() if k in known}
    if values.get("headers") is not None:
        values["headers"] = tuple(values["headers"])
    return ScoreParams(**values)


def save_model(model_dir: str | Path, model: Any, tokenizer: Any, params: ScoreParams, **meta: Any) -> None:
    """Write weights, tokenizer and config (meta: version, target_fpr, training_command, ...)."""
    from safetensors.torch import save_file

    out = Path(model_dir)
    out.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    save_file(state, str(out / WEIGHTS_FILE), metadata={"format_version": str(FORMAT_VERSION)})
    tokenizer.save(out)
    score = asdict(params)
    if score.get("headers") is not None:
        score["headers"] = list(score["headers"])
    meta.setdefault("version", "waf-model")
    write_config(out, {**meta, "model": model.cfg.to_dict(), "score": score})


def load_model(model_dir: str | Path) -> tuple[Any, Any, dict[str, Any]]:
    """(WafTransformer in eval mode, RequestTokenizer, config dict)."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    from waf_proxy.engine.model import ModelConfig, WafTransformer
    from waf_proxy.engine.tokenizer import TOKENIZER_FILE, RequestTokenizer

    directory = Path(model_dir)
    if not directory.is_dir():
        raise ModelDirError(f"{model_dir}: model directory does not exist")
    config = read_config(directory)
    for name in (WEIGHTS_FILE, TOKENIZER_FILE):
        if not (directory / name).is_file():
            raise ModelDirError(f"{model_dir}: missing {name}")
    try:
        cfg = ModelConfig(**config["model"])
    except TypeError as exc:
        raise ModelDirError(f"{model_dir}: bad model hyper-parameters ({exc})") from exc
    model = WafTransformer(cfg)
    try:
        state = load_file(str(directory / WEIGHTS_FILE))
        model.load_state_dict(state, strict=True)
    except (SafetensorError, RuntimeError, OSError) as exc:
        raise ModelDirError(f"{model_dir}: cannot load {WEIGHTS_FILE} ({exc})") from exc
    try:
        tokenizer = RequestTokenizer.load(directory, max_len=cfg.max_len)
    except Exception as exc:  # tokenizers raises plain Exception on a bad file
        raise ModelDirError(f"{model_dir}: cannot load {TOKENIZER_FILE} ({exc})") from exc
    if tokenizer.vocab_size != cfg.vocab_size:
        raise ModelDirError(f"{model_dir}: tokenizer has {tokenizer.vocab_size} ids, model expects {cfg.vocab_size}")
    return model.eval(), tokenizer, config


def quantize(model: Any) -> Any:
    """int8 dynamic quantisation of the Linear layers (CPU)."""
    import warnings

    import torch

    with warnings.catch_warnings():  # torch marks torch.ao.quantization deprecated; it still works
        warnings.simplefilter("ignore")
        from torch.ao.quantization import quantize_dynamic

        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def load_scorer(
    model_dir: str | Path, *, quantize_int8: bool = False, device: str = "cpu", threads: int | None = None
) -> TransformerScorer:
    """Load a model directory as a ready `Scorer` (threshold and version from config.json)."""
    if device != "cpu" and quantize_int8:
        raise ModelDirError("int8 quantisation is CPU-only")
    model, tokenizer, config = load_model(model_dir)
    if quantize_int8:
        model = quantize(model)
    elif device != "cpu":
        model = model.to(device)
    version = str(config["version"]) + ("+int8" if quantize_int8 else "")
    return TransformerScorer(model, tokenizer, params_from_config(config), version, threads=threads, device=device)
