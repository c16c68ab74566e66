"""The `waf-proxy` command: one subcommand per job, each implemented where its concept lives.

Subcommand handlers are imported lazily so that `waf-proxy --help` and light
commands do not pay for importing torch.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Callable, Sequence

from waf_proxy.config import ConfigError

# subcommand -> "module:function"; each function takes the parsed argparse.Namespace
# and returns a process exit code.
HANDLERS: dict[str, str] = {
    "serve": "waf_proxy.serve:run_serve",
    "demo": "waf_proxy.demo:run_demo",
    "check-server": "waf_proxy.check:run_check_server",
    "train": "waf_proxy.training.train:run_train",
    "calibrate": "waf_proxy.training.calibrate:run_calibrate",
    "evaluate": "waf_proxy.training.evaluate:run_evaluate",
    "synth": "waf_proxy.training.synth:run_synth",
    "profile": "waf_proxy.training.app_profile:run_profile",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="waf-proxy", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the reverse proxy in front of an upstream")
    serve.add_argument("--upstream", help="upstream base URL, e.g. http://app:8000")
    serve.add_argument("--host", help="listen address (default from config)")
    serve.add_argument("--port", type=int, help="listen port (default from config)")
    serve.add_argument("--config", help="path to config.toml (or WAF_CONFIG)")
    serve.add_argument("--model", help="model directory (default models/default)")
    serve.add_argument("--mode", choices=["block", "monitor", "learn", "off"])
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")

    demo = sub.add_parser("demo", help="start a demo app with the proxy in front of it")
    demo.add_argument("--port", type=int, default=8080, help="proxy port")
    demo.add_argument("--app-port", type=int, default=8000, help="demo app port")
    demo.add_argument("--config", help="path to config.toml")

    check = sub.add_parser("check-server", help="run the decision API (/check, edge adapters)")
    check.add_argument("--host", help="listen address")
    check.add_argument("--port", type=int, help="listen port")
    check.add_argument("--config", help="path to config.toml")
    check.add_argument("--model", help="model directory")

    train = sub.add_parser("train", help="train or adapt a model")
    train.add_argument("--benign", nargs="+", required=True, help="benign JSONL corpora or access logs")
    train.add_argument("--attacks", nargs="*", default=[], help="attack JSONL corpora")
    train.add_argument("--init", help="start from this model directory (adapt to your app)")
    train.add_argument("--out", required=True, help="output model directory")
    train.add_argument("--epochs", type=float, default=None)
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--max-minutes", type=float, default=None, help="stop training after this long")
    train.add_argument("--target-fpr", type=float, default=0.005)
    train.add_argument("--app-attacks", type=int, default=-1,
                       help="with --init: attack twins of your app's requests, a replayed payload in one of their "
                            "values (default -1: one per request; 0: none)")
    train.add_argument("--synth-benign", type=int, default=0, help="generated benign requests to add")
    train.add_argument("--synth-attacks", type=int, default=0, help="generated in-context attacks to add")
    train.add_argument("--holdout-frac", type=float, default=0.2, help="rows held out for testing (PATH@FRAC per file)")
    train.add_argument("--calib-frac", type=float, default=0.1, help="rows kept for fitting the threshold")
    train.add_argument("--vocab-size", type=int, default=2048)
    train.add_argument("--max-len", type=int, default=128, help="tokens per request (head + tail kept)")
    train.add_argument("--d-model", type=int, default=64)
    train.add_argument("--layers", type=int, default=2)
    train.add_argument("--heads", type=int, default=4)
    train.add_argument("--d-ff", type=int, default=128, help="MLP width")
    train.add_argument("--attn-dropout", type=float, default=None,
                       help="dropout on attention weights (default: as the other dropouts, 0.1); 0 trains "
                            "1.1-1.25x faster on CPU but ranked unseen apps far worse (TRAINING.md, trials 41, 44)")
    train.add_argument("--batch-size", type=int, default=64)
    train.add_argument("--lr", type=float, default=None)
    train.add_argument("--lm-weight", type=float, default=0.3, help="weight of the benign next-token loss")
    train.add_argument("--anomaly-weight", type=float, default=None,
                       help="weight of the anomaly score in the final score (default 0, or the --init model's)")
    train.add_argument("--threads", type=int, default=None, help="torch threads")
    train.add_argument("--max-per-source", type=int, default=None, help="cap training rows per source and label")
    train.add_argument("--corpus-twins", type=int, default=0,
                       help="benign twins of the corpus attack rows: user text in the payload's place")
    train.add_argument("--context-pairs", type=int, default=0,
                       help="short training payloads and benign twins in random endpoints and fields (2 rows each)")
    train.add_argument("--grammar-pairs", type=int, default=0,
                       help="short payloads built from their grammar (shell, SQL, traversal, XSS, SSTI, SSRF) and "
                            "benign twins in random endpoints and fields (2 rows each)")
    train.add_argument("--grammar-attacks", type=int, default=0,
                       help="grammar payloads (as --grammar-pairs builds them) placed in generated train-template "
                            "requests, beside the corpus payloads --synth-attacks places there")
    train.add_argument("--chat-text", type=float, default=0.0,
                       help="share of the generated prose rewritten as chats and forums write it "
                            "(ellipses, @names, [links](...), arrows)")
    train.add_argument("--header-dropout", type=float, default=0.0,
                       help="fraction of training rows whose client headers (User-Agent, Cookie, ...) are removed")
    train.add_argument("--ema-decay", type=float, default=0.0,
                       help="keep an exponential moving average of the weights (e.g. 0.9995) and save it")
    train.add_argument("--focal-gamma", type=float, default=0.0,
                       help="focal weighting of the attack loss (e.g. 1): rows near the boundary count more")
    train.add_argument("--synth-benign-weight", type=float, default=1.0, help="loss weight of generated benign rows")
    train.add_argument("--pool-temperature", type=float, default=None,
                       help="pool per-token attack logits with T*logsumexp(x/T) in training and serving "
                            "(default 0: the max; with --init: the init model's)")
    train.add_argument("--field-weight", type=float, default=None,
                       help="blend each request's logit with its fields read one at a time: (1-w) whole + w best field "
                            "(default 0: the whole request only; with --init: the init model's)")
    train.add_argument("--field-floor", type=float, default=None,
                       help="read fields only for requests whose whole-request logit is at least this (default: all)")
    train.add_argument("--calib-apps", type=int, default=0,
                       help="benign requests of calibration-only generated apps (never trained on) the threshold "
                            "must also hold its target on, as apps the model has not seen")
    train.add_argument("--version", default=None, help="model version string")
    train.add_argument("--window-margin", type=float, default=None,
                       help="logits a long request's later window must add to count (default: chosen at calibration)")
    train.add_argument("--profile", nargs="+", default=[], metavar="FILE",
                       help="the app's own benign traffic: learn its parameter profile into the model (see `profile`)")
    train.add_argument("--no-windows", dest="windows", action="store_false",
                       help="train on head+tail views only (no serving-window examples)")

    cal = sub.add_parser("calibrate", help="set the threshold for a target false-positive rate")
    cal.add_argument("--model", default=None, help="model directory (default models/default)")
    cal.add_argument("--benign", nargs="+", help="held-out benign corpora to calibrate on")
    cal.add_argument("--target-fpr", type=float, default=0.005)
    cal.add_argument("--head-tail-only", action="store_true",
                     help="score only the head+tail window (older models; serving reads every window)")
    cal.add_argument("--training-rows", action="store_true",
                     help="fit threshold and window margin on the calibration rows of the model's own training "
                          "command (rebuilt; run from where it ran), as `train` fits them")
    cal.add_argument("--pool-temperature", type=float, default=None,
                     help="pool per-token logits with T*logsumexp(x/T) instead of the max (0: max), then calibrate")
    cal.add_argument("--field-weight", type=float, default=None,
                     help="blend the whole request's logit with its best field's, read alone: (1-w) whole + w field "
                          "(0: whole only), then calibrate")
    cal.add_argument("--field-floor", type=float, default=None,
                     help="read fields only for requests whose whole-request logit is at least this, then calibrate")
    cal.add_argument("--calib-apps", type=int, default=None,
                     help="with --training-rows: this many requests of the calibration-only apps instead of what "
                          "the training command had (see train --calib-apps)")

    ev = sub.add_parser("evaluate", help="per-category detection and false-positive report")
    ev.add_argument("--model", default=None, help="model directory (default models/default)")
    ev.add_argument("--corpus", nargs="+", required=True, help="labelled JSONL corpora")
    ev.add_argument("--report", default=None, help="write a Markdown report (and PNG plots) here")
    ev.add_argument("--int8", action="store_true", help="evaluate the int8 quantised model")
    ev.add_argument("--limit", type=int, default=None, help="at most this many rows per file")
    ev.add_argument("--synth-holdout", type=int, default=0,
                    help="also score N generated benign and N attack requests from held-out templates")
    ev.add_argument("--seed", type=int, default=1001, help="seed of the generated held-out traffic")
    ev.add_argument("--head-tail-only", action="store_true",
                    help="score only the head+tail window instead of every window as serving does")

    prof = sub.add_parser("profile", help="learn the app's parameter profile (names, characters, shapes) into a model")
    prof.add_argument("--model", default=None, help="model directory to write profile.json into (default models/default)")
    prof.add_argument("--benign", nargs="+", required=True, help="the app's own benign JSONL corpora or access logs")
    prof.add_argument("--holdout-frac", type=float, default=0.2, help="rows held out for testing (PATH@FRAC per file)")
    prof.add_argument("--calib-frac", type=float, default=0.1, help="rows that relax the profile where they disagree")

    syn = sub.add_parser("synth", help="generate realistic benign (and in-context attack) traffic")
    syn.add_argument("--benign", type=int, default=0, help="number of benign requests")
    syn.add_argument("--attacks", type=int, default=0, help="number of in-context attack requests")
    syn.add_argument("--payloads", nargs="*", default=[], help="attack corpora to draw payloads from")
    syn.add_argument("--templates", choices=["train", "holdout", "holdout3", "holdout4", "holdout5", "calib", "all"], default="train")
    syn.add_argument("--seed", type=int, default=0)
    syn.add_argument("--out", required=True)
    return parser


def _handler(command: str) -> Callable[[argparse.Namespace], int]:
    module_name, func_name = HANDLERS[command].split(":")
    return getattr(importlib.import_module(module_name), func_name)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.argv = argv  # the command line as given, recorded by `train` in the model's config
    try:
        return int(_handler(args.command)(args) or 0)
    except ConfigError as exc:  # a wrong setting: say which, no traceback
        print(f"waf-proxy: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
