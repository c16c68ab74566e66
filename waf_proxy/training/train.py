"""`waf-proxy train`: learn (or adapt) a model directory from corpora.

One run: read corpora (hash splits: `test` rows never trained on, `calib` rows fit
the threshold), add generated traffic, normalise, learn the tokenizer (or reuse
the `--init` one), train the transformer with two losses on the same batches:
binary cross-entropy of the max-pooled attack logit on every row, and next-token
NLL on benign rows only (the anomaly model). Then fit the anomaly statistics and
the threshold on the calibration rows and write the directory.

With `--init DIR` the run adapts an existing model to an app's benign traffic: its
tokenizer is kept, the weights are fine-tuned on the new benign rows mixed with
the replay sample stored in DIR (attacks and general benign traffic), so the
attack head keeps detecting while the new app's normal stops looking odd; attack
twins of the app's own requests (`app_twins`) show it attacks in the app's formats.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import shlex
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from waf_proxy.inspect import RequestView
from waf_proxy.training.corpus import DEFAULT_CALIB_FRAC, CorpusSpec, read_split, source_name

REPLAY_FILE = "replay.jsonl.gz"
REPLAY_PER_LABEL = 3000
LM_ROWS = 24  # benign rows per batch that train the LM head (its vocabulary-wide softmax is the costly part)
TWIN_KEY = "_twin"  # a generated attack's benign twin (in memory only, never written)
MARGINS = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0)  # window margins tried at calibration
MARGIN_TOLERANCE = 0.005  # calibration detection a larger (safer) window margin may give up


def texts_for(records: list[dict[str, Any]], headers: tuple[str, ...] | None = None) -> list[str]:
    """Normalised request strings for corpus records."""
    from waf_proxy.engine.normalize import normalize_view

    return [normalize_view(RequestView.from_record(r), headers) for r in records]


# Scoring parameters a command line may set (`train`, `calibrate`); None keeps the model's own.
SCORE_FLAGS = ("anomaly_weight", "pool_temperature", "field_weight", "field_floor")


def apply_score_flags(params: Any, args: argparse.Namespace) -> None:
    """Set on `params` (a ScoreParams) the scoring parameters given on the command line."""
    for name in SCORE_FLAGS:
        value = getattr(args, name, None)
        if value is not None:
            setattr(params, name, float(value))


def scorer_texts(scorer: Any, records: list[dict[str, Any]]) -> list[str]:
    """What `scorer` reads of each corpus record (`TransformerScorer.text_of`: fields too, when it reads them)."""
    text_of = getattr(scorer, "text_of", None)
    if text_of is None:  # a stand-in scorer (tests): the whole request only
        return texts_for(records, scorer.params.headers)
    return [text_of(RequestView.from_record(r)) for r in records]


def load_corpora(
    files: list[str], default_label: str, holdout: float, calib: float
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(train rows, calibration rows) of every file; held-out test rows are skipped."""
    train: list[dict[str, Any]] = []
    cal: list[dict[str, Any]] = []
    for text in files:
        spec = CorpusSpec.parse(text, holdout)
        for record in read_split(spec, ("train", "calib"), default_label, calib):
            from waf_proxy.training.corpus import split_of

            (cal if split_of(str(record["id"]), spec.holdout, calib) == "calib" else train).append(record)
    return train, cal


def synth_records(
    n_benign: int,
    n_attacks: int,
    payload_rows: list[dict[str, Any]],
    seed: int,
    n_twins: int = 0,
    n_contexts: int = 0,
    n_grammar: int = 0,
    chat_rate: float = 0.0,
    n_grammar_attacks: int = 0,
) -> list[dict[str, Any]]:
    """Generated train-template traffic (H2's generator), payloads only from training rows;
    benign twins of the corpus attack rows (`corpus_twins`); short payloads and their benign
    twins in random contexts (`random_contexts`), from the corpora or from their grammar
    (`payload_grammar`); grammar payloads in train-template requests too (n_grammar_attacks).
    chat_rate: share of the generated prose in a chat register."""
    if not any((n_benign, n_attacks, n_twins, n_contexts, n_grammar, n_grammar_attacks)):
        return []
    try:
        from waf_proxy.training import synth
    except ImportError as exc:
        raise SystemExit(f"--synth-benign/--synth-attacks need waf_proxy.training.synth ({exc})") from exc

    def in_templates(n: int, payloads: Any, at_seed: int) -> list[dict[str, Any]]:
        # each attack keeps its benign twin (the same request without the payload):
        # `window_examples` uses the pair to find where the payload lies in a long request
        out = []
        for twin, attack, _ in synth.iter_attack_pairs(n, payloads, seed=at_seed, templates="train", chat_rate=chat_rate):
            attack[TWIN_KEY] = twin
            out.append(attack)
        return out

    rows: list[dict[str, Any]] = []
    if n_benign:
        rows += synth.generate_benign(n_benign, seed=seed, templates="train", chat_rate=chat_rate)
    if n_attacks:
        rows += in_templates(n_attacks, payload_rows, seed + 1)
    if n_grammar_attacks:
        # short commands and statements inside rich requests (long JSON, browser headers),
        # not only in the bare random contexts: held-out apps hid `; sleep 5` there
        from waf_proxy.training.payload_grammar import grammar_payloads

        for attack in in_templates(n_grammar_attacks, grammar_payloads(n_grammar_attacks, seed + 5), seed + 5):
            attack["id"] = attack["id"].replace("-a", "-g", 1)  # named apart from the corpus-payload attacks
            rows.append(attack)
    if n_twins:
        from waf_proxy.training.corpus_twins import corpus_twins

        rows += corpus_twins(payload_rows, n_twins, seed + 2)
    if n_contexts:
        from waf_proxy.training.random_contexts import context_pairs

        # payload-per-field corpora only: fwaf's "payloads" are whole scanner URLs
        fielded = [r for r in payload_rows if not str(r.get("source", "")).startswith("fwaf")]
        rows += context_pairs(synth.extract_payloads(fielded), n_contexts, seed + 3)
    if n_grammar:
        from waf_proxy.training.payload_grammar import grammar_payloads
        from waf_proxy.training.random_contexts import context_pairs

        rows += context_pairs(grammar_payloads(n_grammar, seed + 4), n_grammar, seed + 4, "synth:grammar", "gram")
    return rows


def add_app_twins(
    train_rows: list[dict[str, Any]],
    cal_rows: list[dict[str, Any]],
    app_train: list[dict[str, Any]],
    app_cal: list[dict[str, Any]],
    replay: list[dict[str, Any]],
    n: int,
    seed: int,
) -> None:
    """When adapting: attack twins of the app's own requests (`app_twins`), so the model
    learns what an attack looks like in the app's formats, not only that they are normal.
    n < 0: one per app request (and per calibration request: calibration then reports
    detection in the app's own contexts); 0: none."""
    from waf_proxy.training.app_twins import app_twins, replay_payloads

    if n == 0:
        return
    payloads = replay_payloads(replay)
    n_cal = len(app_cal) if n < 0 else round(n * len(app_cal) / max(1, len(app_train)))
    train_twins = app_twins(app_train, payloads, len(app_train) if n < 0 else n, seed + 5, twin_key=TWIN_KEY)
    cal_twins = app_twins(app_cal, payloads, n_cal, seed + 6)
    train_rows += train_twins
    cal_rows += cal_twins
    print(f"app attack twins: {len(train_twins)} train, {len(cal_twins)} calibration ({len(payloads)} payloads)",
          file=sys.stderr)


KEPT_HEADERS = frozenset({"content-type", "content-length"})  # how the body parses: never dropped


def drop_headers(rows: list[dict[str, Any]], fraction: float, seed: int) -> int:
    """Strip the client headers (User-Agent, Cookie, Referer, ...) from `fraction` of the rows,
    and from their twins alike; returns how many.

    The attack head max-pools a causal model's per-token logits, and the headers come
    last in a request's text: trained on attacks that nearly always end with a
    User-Agent, a model can learn to fire on the User-Agent after the payload instead of
    on the payload. A trial model did: without any header `username=admin'--` scored
    0.13, with one 1.0. Scripts and scanners send no headers, so that is an evasion.
    """
    if fraction <= 0:
        return 0
    rng = random.Random(f"{seed}:drop-headers")
    dropped = 0
    for row in rows:
        if rng.random() >= fraction:
            continue
        for target in (row, row.get(TWIN_KEY)):
            if target is not None and target.get("headers"):
                target["headers"] = [h for h in target["headers"] if str(h[0]).lower() in KEPT_HEADERS]
        dropped += 1
    return dropped


def _payload_span(ids: list[int], twin: list[int]) -> tuple[int, int] | None:
    """[start, end) of the ids that differ from the benign twin's (None when identical)."""
    n = min(len(ids), len(twin))
    start = next((k for k in range(n) if ids[k] != twin[k]), n)
    if start == len(ids) and len(ids) == len(twin):
        return None
    same_tail = 0
    while same_tail < n - start and ids[-1 - same_tail] == twin[-1 - same_tail]:
        same_tail += 1
    return start, max(start + 1, len(ids) - same_tail)


def window_examples(
    tokenizer: Any, rows: list[dict[str, Any]], texts: list[str], encoded: list[list[int]], seed: int,
    benign_per_row: int = 2,
) -> tuple[list[list[int]], list[int], list[int]]:
    """Training sequences cut the way serving cuts long requests (see `request_windows`).

    Serving reads a long request as windows: the head+tail view plus slices that repeat
    the method and path. Without these examples the model never sees a slice and scores
    benign prose in one high (hence `window_margin`), and a generated attack whose payload
    sits in the middle of a long request is trained as its head+tail view, which does not
    contain the payload: a benign-looking example labelled attack. Here:

    * a long benign row adds `benign_per_row` random serving windows, labelled benign;
    * a long generated attack with a benign twin adds a window holding its payload (at a
      random offset) and the twin's same window, labelled benign; when its head+tail view
      misses the payload, that view is replaced by the payload window in `encoded`.

    Returns (extra sequences, their labels, the row each came from).
    """
    from waf_proxy.engine.normalize import normalize_view
    from waf_proxy.engine.scorer import MAX_WINDOWS, request_head_len

    rng = random.Random(f"{seed}:windows")
    budget = tokenizer.budget
    head_keep = (budget - 1) // 2  # what `tokenizer.truncate` keeps of a long request: head, then tail
    tail_keep = budget - 1 - head_keep
    extra: list[list[int]] = []
    labels: list[int] = []
    owners: list[int] = []
    for i, (row, text) in enumerate(zip(rows, texts)):
        if len(encoded[i]) < tokenizer.max_len:
            continue  # fits whole: serving reads exactly what training reads
        ids = tokenizer.encode_ids(text)
        head_len = request_head_len(tokenizer, text)
        if row.get("label") != "attack":
            windows, _ = tokenizer.windows(ids, head_len, MAX_WINDOWS)  # as `request_windows` cuts them
            for w in rng.sample(windows[1:], min(benign_per_row, len(windows) - 1)):
                extra.append(w), labels.append(0), owners.append(i)
            continue
        twin = row.get(TWIN_KEY)
        if twin is None:
            continue
        twin_ids = tokenizer.encode_ids(normalize_view(RequestView.from_record(twin)))
        span = _payload_span(ids, twin_ids)
        if span is None:
            continue
        start, end = span
        head, width = tokenizer.window_head(ids, head_len)
        lo = max(len(head), start - rng.randint(0, width // 2))
        window = tokenizer.window(head, ids[lo : lo + width], lo + width >= len(ids))
        twin_window = tokenizer.window(head, twin_ids[lo : lo + width], lo + width >= len(twin_ids))
        if start >= head_keep and end <= len(ids) - tail_keep:
            encoded[i] = window  # the head+tail view holds none of the payload
        else:
            extra.append(window), labels.append(1), owners.append(i)
        if twin_window != window:
            extra.append(twin_window), labels.append(0), owners.append(i)
    return extra, labels, owners


def cap_sources(rows: list[dict[str, Any]], cap: int) -> list[dict[str, Any]]:
    """At most `cap` rows per (source, label), chosen by hash: big easy corpora do not drown small hard ones."""
    from waf_proxy.training.corpus import split_hash

    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((source_name(r), str(r.get("label"))), []).append(r)
    out: list[dict[str, Any]] = []
    for group in groups.values():
        if len(group) > cap:
            group = sorted(group, key=lambda r: split_hash("cap:" + str(r["id"])))[:cap]
        out += group
    return out


def _batches(lengths: np.ndarray, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Length-bucketed batches in random order (little padding, still shuffled)."""
    order = rng.permutation(len(lengths))
    chunk = batch_size * 50
    batches = []
    for start in range(0, len(order), chunk):
        part = order[start : start + chunk]
        part = part[np.argsort(lengths[part], kind="stable")]
        batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def attack_loss(logits: Any, y: Any, weights: Any | None, focal_gamma: float = 0.0) -> Any:
    """Weighted BCE of the pooled attack logits; with focal_gamma > 0 each row's weight is
    scaled by (1 - p_true) ** gamma, renormalised to the batch's mean, so that the rows the
    model already gets right (most of them) give way to the few that sit near the boundary,
    where ranking at a low false-positive rate is decided, while the loss keeps its size
    beside the next-token loss."""
    import torch
    import torch.nn.functional as F

    per_row = F.binary_cross_entropy_with_logits(logits, y, reduction="none")
    w = weights if weights is not None else torch.ones_like(per_row)
    if focal_gamma > 0:
        with torch.no_grad():
            p_true = torch.exp(-per_row)
            focus = (1 - p_true).pow(focal_gamma)
            w = w * focus / focus.mean().clamp(min=1e-12)
    return (per_row * w).mean()


def train_model(
    model: Any,
    encoded: list[list[int]],
    labels: np.ndarray,
    *,
    epochs: float,
    batch_size: int,
    lr: float,
    lm_weight: float,
    max_minutes: float | None,
    seed: int,
    weights: np.ndarray | None = None,
    ema_decay: float = 0.0,
    pool_temperature: float = 0.0,
    focal_gamma: float = 0.0,
) -> dict[str, float]:
    """The training loop; returns summary figures for the config.

    With ema_decay > 0 the model ends with an exponential moving average of its weights
    over the last ~1/(1 - ema_decay) steps instead of the last step's: one run's weights
    then depend less on where the last few batches happened to push them."""
    import torch
    from tqdm import tqdm

    from waf_proxy.engine.model import pool_scores, token_nll
    from waf_proxy.engine.scorer import pad_batch

    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    lengths = np.array([len(s) for s in encoded])
    steps_per_epoch = math.ceil(len(encoded) / batch_size)
    total_steps = max(1, int(steps_per_epoch * epochs))
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01, betas=(0.9, 0.98))
    warmup = min(200, total_steps // 10 + 1)
    deadline = time.monotonic() + max_minutes * 60 if max_minutes else None
    start = time.monotonic()
    model.train()
    averaged = None
    if ema_decay > 0:
        from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

        averaged = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(ema_decay))
    step = 0
    ema_bce = ema_lm = None
    bar = tqdm(total=total_steps, desc="train", unit="step", file=sys.stderr, mininterval=2.0)
    done = False
    while not done:
        for idx in _batches(lengths, batch_size, rng):
            # progress: by steps, or by time when a time budget ends first
            frac = step / total_steps
            if deadline is not None:
                frac = max(frac, (time.monotonic() - start) / (deadline - start))
            if frac >= 1.0:
                done = True
                break
            for group in opt.param_groups:
                group["lr"] = lr * min(1.0, (step + 1) / warmup) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * frac)))
            np_ids, np_len = pad_batch([encoded[i] for i in idx])
            ids, lens = torch.from_numpy(np_ids), torch.from_numpy(np_len)
            y = torch.from_numpy(labels[idx].astype(np.float32))
            h = model.hidden(ids)
            pooled, _ = pool_scores(model.attack_head(h).squeeze(-1), None, lens, pool_temperature)
            w = torch.from_numpy(weights[idx].astype(np.float32)) if weights is not None else None
            bce = attack_loss(pooled, y, w, focal_gamma)
            loss = bce
            benign = (y < 0.5).nonzero().squeeze(1)[:LM_ROWS]
            if lm_weight > 0 and len(benign):
                # next-token loss on benign rows only: the LM head is the costly part
                hb, tb, lb = h[benign, :-1], ids[benign, 1:], lens[benign]
                nll = token_nll(model.lm_logits(hb), tb)
                mask = torch.arange(1, ids.shape[1])[None, :] < lb[:, None]
                lm = (nll * mask).sum() / mask.sum().clamp(min=1)
                loss = loss + lm_weight * lm
                ema_lm = lm.item() if ema_lm is None else 0.98 * ema_lm + 0.02 * lm.item()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            if averaged is not None:
                averaged.update_parameters(model)
            ema_bce = bce.item() if ema_bce is None else 0.98 * ema_bce + 0.02 * bce.item()
            step += 1
            bar.update(1)
            if step % 20 == 0:
                bar.set_postfix(bce=f"{ema_bce:.4f}", lm=f"{ema_lm or 0:.3f}")
    bar.close()
    if averaged is not None and step:
        with torch.no_grad():
            for mine, avg in zip(model.parameters(), averaged.module.parameters()):
                mine.copy_(avg)
    model.eval()
    return {"steps": step, "minutes": round((time.monotonic() - start) / 60, 2), "bce": ema_bce or 0.0, "lm": ema_lm or 0.0}


def fit_window_threshold(
    scorer: Any, benign: list[dict[str, Any]], attacks: list[dict[str, Any]], target_fpr: float,
    margins: tuple[float, ...] = MARGINS,
) -> tuple[float, float, dict[str, float]]:
    """(threshold, window margin, calibration detection per margin), scored as serving scores.

    For each margin the threshold meets `target_fpr` on every benign source's
    calibration rows (windows included). The largest margin whose calibration detection
    is within `MARGIN_TOLERANCE` of the best wins: calibration rows come from the
    training templates, and on request formats the model never saw a later window of
    benign prose is what scores high, so a window should not count for nothing.
    """
    from waf_proxy.engine.scorer import sigmoid
    from waf_proxy.training.calibrate import fit_threshold

    parts = scorer.window_parts(scorer_texts(scorer, benign))
    a_parts = scorer.window_parts(scorer_texts(scorer, attacks)) if attacks else None
    sources = np.array([source_name(r) for r in benign])
    fits: list[tuple[float, float, float]] = []  # (margin, detection, threshold), largest margin first
    for m in sorted(margins, reverse=True):
        z = parts.at(m)
        threshold = fit_threshold({k: z[sources == k] for k in set(sources.tolist())}, target_fpr)
        det = float(np.mean(sigmoid(a_parts.at(m)) >= threshold)) if a_parts is not None else 0.0
        fits.append((m, det, threshold))
    best = max(det for _, det, _ in fits)
    margin, _, threshold = next(f for f in fits if f[1] >= best - MARGIN_TOLERANCE)
    return threshold, margin, {f"{m:g}": round(det, 4) for m, det, _ in fits}


def write_replay(out: Path, records: list[dict[str, Any]], seed: int) -> None:
    """A small sample of training rows, for adapting with `--init` later."""
    rng = random.Random(seed)
    sample: list[dict[str, Any]] = []
    for label in ("attack", "benign"):
        rows = [r for r in records if r.get("label") == label]
        sample += rng.sample(rows, min(REPLAY_PER_LABEL, len(rows)))
    keep = ("id", "method", "path", "query", "headers", "body", "label", "category", "source")
    with gzip.open(out / REPLAY_FILE, "wt", encoding="utf-8") as fh:
        for r in sample:
            fh.write(json.dumps({k: r.get(k) for k in keep}, ensure_ascii=False) + "\n")


def read_replay(model_dir: Path) -> list[dict[str, Any]]:
    path = model_dir / REPLAY_FILE
    if not path.is_file():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def prepare_rows(
    args: argparse.Namespace, seed: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Path | None]:
    """(training rows, calibration rows, the --init model) of a `train` command line:
    corpora split by hash, the replay sample, generated traffic and app twins.

    Deterministic for a given command, seed and code, so that `calibrate
    --training-rows` can rebuild the very calibration rows a model was trained with.
    """
    holdout = getattr(args, "holdout_frac", 0.2)
    calib = getattr(args, "calib_frac", DEFAULT_CALIB_FRAC)
    benign_train, benign_cal = load_corpora(args.benign, "benign", holdout, calib)
    attack_train, attack_cal = load_corpora(args.attacks or [], "attack", holdout, calib)
    train_rows = benign_train + attack_train
    cal_rows = benign_cal + attack_cal
    init_dir = Path(args.init) if args.init else None
    if init_dir is not None:
        replay = read_replay(init_dir)
        train_rows += replay
        print(f"init from {init_dir}: {len(replay)} replay rows", file=sys.stderr)
    cap = getattr(args, "max_per_source", None)
    if cap:  # corpora only: generated traffic is sized by its own flags
        train_rows = cap_sources(train_rows, cap)
    payloads = [r for r in train_rows if r.get("label") == "attack" and not str(r.get("source", "")).startswith("csic")]
    synth = synth_records(
        args.synth_benign, args.synth_attacks, payloads, seed,
        getattr(args, "corpus_twins", 0), getattr(args, "context_pairs", 0), getattr(args, "grammar_pairs", 0),
        getattr(args, "chat_text", 0.0), getattr(args, "grammar_attacks", 0),
    )
    if synth:
        from waf_proxy.training.corpus import split_of

        for r in synth:
            r.setdefault("source", "synth")
            (cal_rows if split_of("synth:" + str(r["id"]), 0.0, calib) == "calib" else train_rows).append(r)
    if init_dir is not None:
        add_app_twins(train_rows, cal_rows, benign_train, benign_cal, replay, getattr(args, "app_attacks", -1), seed)
    if getattr(args, "calib_apps", 0):
        from waf_proxy.training.synth import calibration_app_rows

        cal_rows += calibration_app_rows(args.calib_apps, seed)
    return train_rows, cal_rows, init_dir


def run_train(args: argparse.Namespace) -> int:
    import torch

    from waf_proxy.engine.artifacts import load_model, params_from_config, save_model
    from waf_proxy.engine.model import ModelConfig, WafTransformer
    from waf_proxy.engine.scorer import ScoreParams, TransformerScorer
    from waf_proxy.engine.tokenizer import RequestTokenizer
    from waf_proxy.training.calibrate import anomaly_stats

    t0 = time.monotonic()
    seed = int(args.seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    threads = getattr(args, "threads", None)
    if threads:
        torch.set_num_threads(threads)
    holdout = getattr(args, "holdout_frac", 0.2)
    calib = getattr(args, "calib_frac", DEFAULT_CALIB_FRAC)
    out = Path(args.out)
    train_rows, cal_rows, init_dir = prepare_rows(args, seed)
    n_dropped = drop_headers(train_rows, getattr(args, "header_dropout", 0.0), seed)
    if n_dropped:
        print(f"client headers dropped from {n_dropped} training rows", file=sys.stderr)
    labels = np.array([1 if r.get("label") == "attack" else 0 for r in train_rows], dtype=np.int64)
    counts = Counter((source_name(r), r.get("label")) for r in train_rows)
    print(f"train rows {len(train_rows)} ({int(labels.sum())} attacks), calib rows {len(cal_rows)}", file=sys.stderr)
    for (src, lab), n in sorted(counts.items()):
        print(f"  {src:24s} {lab:7s} {n}", file=sys.stderr)
    if labels.sum() == 0 and init_dir is None:
        print("warning: no attack rows; the attack head learns nothing", file=sys.stderr)

    texts = texts_for(train_rows)
    if init_dir is not None:
        model, tokenizer, base_config = load_model(init_dir)
        params = params_from_config(base_config)
    else:
        rng = random.Random(seed)
        sample = texts if len(texts) <= 60000 else rng.sample(texts, 60000)
        tokenizer = RequestTokenizer.train(sample, vocab_size=args.vocab_size, max_len=args.max_len)
        cfg = ModelConfig(
            vocab_size=tokenizer.vocab_size, max_len=args.max_len, d_model=args.d_model,
            n_layers=args.layers, n_heads=args.heads, d_ff=args.d_ff, dropout=0.1,
            attn_dropout=getattr(args, "attn_dropout", None),
        )
        model = WafTransformer(cfg)
        params = ScoreParams()
        base_config = {}
    apply_score_flags(params, args)
    encoded = tokenizer.encode_batch(texts)
    print(
        f"prepared in {time.monotonic() - t0:.0f}s; tokens/request mean {np.mean([len(e) for e in encoded]):.1f},"
        f" truncated {np.mean([len(e) >= tokenizer.max_len for e in encoded]):.1%}",
        file=sys.stderr,
    )
    row_of = list(range(len(train_rows)))  # the corpus row behind each training sequence
    if getattr(args, "windows", True):
        extra, extra_labels, owners = window_examples(tokenizer, train_rows, texts, encoded, seed)
        print(f"window examples: {len(extra)} ({sum(extra_labels)} attack)", file=sys.stderr)
        encoded += extra
        labels = np.concatenate([labels, np.array(extra_labels, dtype=np.int64)])
        row_of += owners
    # Balance the loss between classes so neither dominates whatever the corpus mix.
    pos = max(1, int(labels.sum()))
    neg = max(1, len(labels) - pos)
    weights = np.where(labels == 1, len(labels) / (2 * pos), len(labels) / (2 * neg))
    synth_weight = getattr(args, "synth_benign_weight", 1.0)
    if synth_weight != 1.0:  # false positives on modern traffic cost most (issue 8)
        synth_rows = np.array([source_name(r) == "synth" for r in train_rows])[row_of]
        is_synth_benign = synth_rows & (labels == 0)
        weights = np.where(is_synth_benign, weights * synth_weight, weights)
    epochs = args.epochs if args.epochs is not None else (2.0 if init_dir is not None else 3.0)
    lr = args.lr if args.lr is not None else (5e-4 if init_dir is not None else 2e-3)
    ema_decay, focal_gamma = getattr(args, "ema_decay", 0.0), getattr(args, "focal_gamma", 0.0)
    summary = train_model(
        model, encoded, labels, epochs=epochs, batch_size=args.batch_size, lr=lr,
        lm_weight=args.lm_weight, max_minutes=args.max_minutes, seed=seed, weights=weights,
        ema_decay=ema_decay, focal_gamma=focal_gamma, pool_temperature=params.pool_temperature,
    )

    scorer = TransformerScorer(model, tokenizer, params, "training")
    cal_benign = [r for r in cal_rows if r.get("label") != "attack"]
    cal_texts = texts_for(cal_benign)
    raw = scorer.raw_texts(cal_texts, with_lm=True, explain=False)
    params.anomaly_center, params.anomaly_scale = anomaly_stats(raw.anomaly)
    cal_attacks = [r for r in cal_rows if r.get("label") == "attack"]
    fixed = getattr(args, "window_margin", None)
    if fixed is None and not cal_attacks:  # adapting on benign traffic only: nothing to choose a margin by
        fixed = params.window_margin
    params.threshold, params.window_margin, margins = fit_window_threshold(
        scorer, cal_benign, cal_attacks, args.target_fpr, MARGINS if fixed is None else (fixed,)
    )
    print(f"window margin {params.window_margin:g} (calibration detection by margin: {margins})", file=sys.stderr)
    by_source = {source_name(r) for r in cal_benign}
    version = getattr(args, "version", None) or f"waf-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}"
    command = "waf-proxy " + " ".join(shlex.quote(a) for a in getattr(args, "argv", sys.argv[1:]))
    save_model(
        out, model, tokenizer, params,
        version=version, target_fpr=args.target_fpr, training_command=command,
        init=str(init_dir) if init_dir else None, parent_version=base_config.get("version"),
        training={**summary, "rows": len(train_rows), "attack_rows": int(labels.sum()), "seed": seed,
                  "epochs": epochs, "lr": lr, "lm_weight": args.lm_weight,
                  "ema_decay": ema_decay, "focal_gamma": focal_gamma, "holdout_frac": holdout, "calib_frac": calib},
        calibration={"benign_rows": len(cal_benign), "attack_rows": len(cal_attacks), "sources": sorted(by_source),
                     "detection_by_window_margin": margins},
    )
    write_replay(out, train_rows, seed)
    if getattr(args, "profile", None):
        from waf_proxy.training.app_profile import build_profile, save_profile

        profile, profile_summary = build_profile(args.profile, holdout, calib)
        save_profile(out, profile, profile_summary)
        print(f"profile: {profile_summary['endpoints']} endpoints judged", file=sys.stderr)
    else:  # a profile from an earlier run into this directory would describe another app
        from waf_proxy.engine.profile import PROFILE_FILE

        (out / PROFILE_FILE).unlink(missing_ok=True)
    print(
        f"saved {out} (threshold {params.threshold:.4f} at target FPR {args.target_fpr}; "
        f"{summary['steps']} steps in {summary['minutes']} min; total {(time.monotonic() - t0) / 60:.1f} min)",
        file=sys.stderr,
    )
    return 0
