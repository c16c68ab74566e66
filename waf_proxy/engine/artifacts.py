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

from waf_proxy.engine.profile import load_profile
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


# Shapes the traced graph is checked on against eager (batch, length): one token, odd
# sizes, a full-length window; a trace that baked in its example shape fails here.
CHECK_SHAPES = ((1, 1), (1, 7), (5, 33), (3, 128), (64, 16))
JIT_TOLERANCE = 1e-5


class JitError(RuntimeError):
    """Tracing the model failed or the traced graph disagrees with eager."""


def trace_attack(model: Any, device: str = "cpu") -> Any:
    """TorchScript (traced + frozen) attack-logits forward: ids (B, T) -> logits (B, T).

    Only the serving path (`with_lm=False`) is traced; the LM head and explain paths
    stay eager. Sequence and batch sizes stay dynamic (sizes are traced as ops); this is
    checked against eager on CHECK_SHAPES and JitError is raised on any disagreement.
    Works on the int8 model too (traced after quantising).
    """
    import warnings

    import torch

    class AttackOnly(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, ids: torch.Tensor) -> torch.Tensor:
            return self.inner(ids, with_lm=False)[0]

    wrapped = AttackOnly(model).eval()
    vocab, max_len = model.cfg.vocab_size, model.cfg.max_len
    gen = torch.Generator().manual_seed(0)

    def ids_of(b: int, t: int) -> torch.Tensor:
        return torch.randint(1, vocab, (b, min(t, max_len)), generator=gen).to(device)

    try:
        with torch.inference_mode(False), torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch.jit is marked deprecated; it still works
            traced = torch.jit.freeze(torch.jit.trace(wrapped, ids_of(4, 37), check_trace=False).eval())
    except Exception as exc:  # tracing raises a variety of errors
        raise JitError(f"cannot trace the model ({exc})") from exc
    with torch.inference_mode():
        for b, t in CHECK_SHAPES:
            ids = ids_of(b, t)
            delta = (traced(ids).float() - wrapped(ids).float()).abs().max().item()
            if not delta <= JIT_TOLERANCE:
                raise JitError(f"traced model disagrees with eager at shape {(b, t)} (max delta {delta:g})")
    return traced


def load_scorer(
    model_dir: str | Path,
    *,
    quantize_int8: bool = False,
    device: str = "cpu",
    threads: int | None = None,
    jit: bool = False,
    profile: bool = True,
    process: bool = False,
) -> TransformerScorer:
    """Load a model directory as a ready `Scorer` (threshold and version from config.json).

    jit: score through a TorchScript-traced forward (`trace_attack`); falls back to
    eager, with a warning, when tracing fails or disagrees with eager.
    profile: judge requests against the app's parameter profile (profile.json) when the
    directory has one.
    process: tokenise and run the model in a child process (`engine.model_process`);
    this process keeps normalisation, the score cache and the profile.
    """
    import logging

    if process:
        return _process_scorer(model_dir, quantize_int8=quantize_int8, device=device, threads=threads, jit=jit,
                               profile=profile)

    if device != "cpu" and quantize_int8:
        raise ModelDirError("int8 quantisation is CPU-only")
    model, tokenizer, config = load_model(model_dir)
    if quantize_int8:
        model = quantize(model)
    elif device != "cpu":
        model = model.to(device)
    attack_fn = None
    if jit:
        try:
            attack_fn = trace_attack(model, device)
        except JitError as exc:
            logging.getLogger(__name__).warning("model.jit: %s; scoring with eager torch", exc)
    version = str(config["version"]) + ("+int8" if quantize_int8 else "")
    params = params_from_config(config)
    try:
        app_profile = load_profile(model_dir) if profile else None
    except ValueError as exc:
        raise ModelDirError(str(exc)) from exc
    return TransformerScorer(
        model, tokenizer, params, version, threads=threads, device=device, attack_fn=attack_fn, profile=app_profile
    )


def _process_scorer(model_dir: str | Path, *, profile: bool, **options: Any) -> TransformerScorer:
    """A ProcessScorer: the child loads the model with `options`; this side keeps an eager
    copy only for its parameters, tokenizer and profile (it never runs it)."""
    from waf_proxy.engine.model_process import ModelProcess, ModelProcessError, ProcessScorer

    local = load_scorer(model_dir, threads=1, profile=profile)
    try:
        child = ModelProcess(model_dir, options)
    except ModelProcessError as exc:
        raise ModelDirError(str(exc)) from exc
    version = local.version + ("+int8" if options.get("quantize_int8") else "")
    if child.version != version:  # the directory changed between the two loads
        child.close()
        raise ModelDirError(f"model process loaded {child.version!r}, expected {version!r}")
    return ProcessScorer(
        local.model, local.tokenizer, local.params, version, device="cpu", profile=local.profile, process=child
    )
