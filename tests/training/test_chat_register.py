"""Prose in a chat register: seeded, each habit shows up, nothing that executes is added."""

from __future__ import annotations

import random
import re

from waf_proxy.training import synth, synth_values as V
from waf_proxy.training.chat_register import chat_hook, chat_register

# What a rewrite must never add: a climb, a backtick, a tag, a call, a quote closed before a query word.
EXECUTES = re.compile(r"\.\.[/\\]|`|<\w|(?<!\])\(|['\"]\s*(?:or|and|union|select)\b|\$\(|\|\||&&", re.I)
LINK = re.compile(r"\]\(https?://[^)\s]+\)")


def _pairs(n: int, seed: int = 0) -> list[tuple[str, str]]:
    out = []
    for i in range(n):
        ctx = V.Ctx.new(random.Random(f"{seed}:{i}"))
        text = V.prose(ctx, 1, 3, trap_rate=0.0)
        out.append((text, chat_register(ctx, text)))
    return out


def test_seeded_and_rewritten() -> None:
    pairs = _pairs(300)
    assert pairs == _pairs(300)
    assert pairs != _pairs(300, seed=1)
    assert sum(a != b for a, b in pairs) > 0.95 * len(pairs)


def test_each_habit_shows_up() -> None:
    out = [b for _, b in _pairs(600)]
    habits = {
        "ellipsis": r"\w\.{2,}|\u2026", "mention": r"@\w", "markdown link": r"\]\(https?://",
        "arrow": r"->|=>|>>", "emphasis": r"\*\w|_\w+_|~~", "shout": r"[?!]{2,}", "semicolon": ";",
        "opening quote": r"^[\"']", "lowercase": r"^[^A-Z]+$",
    }
    for name, pattern in habits.items():
        share = sum(bool(re.search(pattern, t)) for t in out) / len(out)
        assert share > 0.03, (name, share)


def test_adds_nothing_that_executes() -> None:
    for before, after in _pairs(800):
        if EXECUTES.search(before):  # the prose's own traps are not the rewrite's doing
            continue
        assert not EXECUTES.search(LINK.sub("]", after)), after


def test_hook_rewrites_its_share_and_is_off_at_zero() -> None:
    assert chat_hook(0.0) is None
    hook = chat_hook(0.5)
    assert hook is not None
    changed = 0
    for i in range(400):
        ctx = V.Ctx.new(random.Random(f"hook:{i}"))
        text = V.sentence(ctx)
        changed += hook(ctx, text) != text
    assert 150 < changed < 250


def test_train_traffic_carries_chat_prose_in_the_same_templates() -> None:
    plain = synth.generate_benign(300, seed=3)
    chatty = synth.generate_benign(300, seed=3, chat_rate=1.0)
    assert [r["source"] for r in plain] == [r["source"] for r in chatty]  # the same templates, in order
    assert sum(a != b for a, b in zip(plain, chatty)) > 0.2 * len(plain)


def test_attacks_keep_their_benign_twin_with_chat_prose() -> None:
    payloads = [("' or 1=1--", "sqli"), ("<script>alert(1)</script>", "xss"), ("; cat /etc/passwd", "rce")]
    for twin, attack, info in synth.iter_attack_pairs(200, payloads, seed=9, chat_rate=1.0):
        field = info["field"]
        for key in ("method", "path", "query", "body"):
            if key != field:
                assert attack[key] == twin[key], (key, info)
