"""Benign values made of the words attacks are made of: `Sleep / Schlaf`, `Union Jack`, `cat food`.

A short attack often opens its value with a keyword (`sleep(5)#`, `union select ...`,
`cat /etc/passwd`), so a model can learn "a value that starts with `sleep` is an
attack" instead of the call, the quote or the separator that makes it one. Real
values start with those words all the time: a playlist called "Sleep", a product
search for "select comfort", a pet shop's "cat food". These phrases put the family's
words where the payload had them, as titles, names and searches use them, with
nothing that executes; `random_contexts.context_pairs` offers them as the benign
twin of a payload of the same family.
"""

from __future__ import annotations

import re

from waf_proxy.training import synth_values as V

# The words of each family, as ordinary English uses them.
_SQL = ("select", "union", "drop", "delete", "insert", "update", "order", "group", "having", "where", "sleep",
        "benchmark", "wait", "delay", "truncate", "table", "null", "exec", "execute", "shutdown", "version",
        "user", "database", "char", "like", "not", "true", "load", "procedure", "grant", "join", "create", "alter",
        "case", "limit", "count", "from", "into", "values", "set")
_SHELL = ("cat", "id", "ping", "echo", "sleep", "find", "head", "tail", "more", "less", "touch", "kill", "env",
          "type", "net", "run", "system", "shell", "bash", "python", "curl", "root", "dir", "set", "time", "host")
_WEB = ("script", "alert", "prompt", "confirm", "print", "document", "cookie", "window", "location", "image",
        "frame", "body", "style", "source", "link", "object", "embed", "form", "input", "onload")
_PATH = ("etc", "windows", "system", "boot", "proc", "self", "home", "var", "log", "temp", "config", "passwd")
FAMILY_WORDS = {"sqli": _SQL, "sql-syntax": _SQL, "rce": _SHELL, "cmdi": _SHELL, "command-injection": _SHELL,
                 "xss": _WEB, "js-syntax": _WEB, "path-traversal": _PATH, "lfi": _PATH}
ALL_WORDS = tuple(dict.fromkeys(_SQL + _SHELL + _WEB + _PATH))

# Shapes of titles, names and searches; {k} is the family's word, {w} a filler word.
_SHAPES = (
    "{K} {w}", "{K} {w}", "{K} {w} {w}", "{w} {k}", "{w} {k} {w}", "the {k} {w}", "{K} / {W} / {w}",
    "{K}; {W}; {W}", "{K} & {W}", "{K} & {K2}", "{K} ({w} {w})", "{K} - {W} {w}", "{K}: {sentence}",
    "{K} #{n}", "{K} {n} {w}", "{K} {w}!", "{K}, {w} and {w}", "\"{K}\" by {name}",
    "{name}'s {k} {w}", "{K} {w} ({n})", "{K} {w}? {sentence}",
)
_FILLER = re.compile(r"\{[wW]\}")


def _case(word: str, ctx: V.Ctx) -> str:
    r = ctx.rng.random()
    return word.capitalize() if r < 0.55 else word.upper() if r < 0.65 else word


def near_miss(ctx: V.Ctx, family: str | None = None) -> str:
    """A benign value whose first or main word belongs to `family` (any family when unknown)."""
    words = FAMILY_WORDS.get(family or "", ALL_WORDS)
    k, k2 = ctx.pick(words), ctx.pick(words)
    first, last = V.person_name(ctx)

    def filler(m: re.Match[str]) -> str:  # a new word at each {w}; the locale's now and then
        word = ctx.fake.word() if ctx.chance(0.3) else ctx.en.word()
        return word.capitalize() if m.group(0) == "{W}" else word

    shape = _FILLER.sub(filler, ctx.pick(_SHAPES))
    return shape.format(K=_case(k, ctx), k=k, K2=_case(k2, ctx), k2=k2, n=ctx.rng.randint(1, 99),
                        sentence=V.sentence(ctx), name=f"{first} {last}")
