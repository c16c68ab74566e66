"""Generated prose rewritten as people type in comments, chats and support forums.

The generator's prose is tidy sentences. Replies on a forum are not: `well... unity 2d is
gone.`, `@alvar: maybe`, `go to system settings -->power`, `did you read [this](https://...)?`,
`windows doesn't overwrite grub`. Measured on waf-default-6 with no other sign of an
attack: `well, unity 2d is gone.` 0.002 and `well... unity 2d is gone.` 0.85; a URL 0.45 and
the same URL as a markdown link 0.999; `windows does not randomly overwrite grub` 0.97. The
only `..`, `[..](` and `windows` the model had seen were in payloads. `chat_register` rewrites a share of the training prose in that register
(`train --chat-text F`), and never adds what makes a payload execute: no dot run is
followed by a slash or backslash, no backtick, no tag, no quote closed before a query
word, no call.
"""

from __future__ import annotations

import re
from typing import Callable

from waf_proxy.training import synth_values as V
from waf_proxy.training.near_miss import ALL_WORDS

_WORD = re.compile(r"[^\W\d_]{3,}")  # a word of letters
_BREAK = re.compile(r"[.,] ")  # a sentence or clause break
_DOTS = ("... ", ".. ", "...", "..", ".... ", "....", "..... ", "\u2026 ")
_ARROWS = (" --> ", " -> ", " -->", " => ", " > ", "->", " >> ")
_SHOUTS = ("?!?", "!!!", "??", "?!", "!!", "!?")


def _ellipsis(ctx: V.Ctx, text: str, start: int, end: int) -> str:
    dots = ctx.pick(_DOTS)
    if text[end:end + 1] in ("/", "\\"):  # `../` is a climb, not an ellipsis
        dots = dots.rstrip() + " "
    return text[:start] + dots + text[end:]


def _dots(ctx: V.Ctx, text: str) -> str:
    """An ellipsis at one or two breaks (or after the first word): `well... it is gone`."""
    breaks = list(_BREAK.finditer(text))
    if not breaks:
        first = text.find(" ")
        return text if first < 0 else _ellipsis(ctx, text, first, first + 1)
    for m in sorted(ctx.rng.sample(breaks, min(len(breaks), ctx.rng.randint(1, 2))), key=lambda m: -m.start()):
        text = _ellipsis(ctx, text, m.start(), m.end())
    return text


def _mention(ctx: V.Ctx, text: str) -> str:
    first, last = V.person_name(ctx)
    handle = ctx.pick((first, f"{first}.{last}", f"{first}{last[:1]}", f"{first.lower()}_{ctx.rng.randint(1, 99)}"))
    return ctx.pick(("@{h}: {t}", "@{h} {t}", "@{h}, {t}", "{t} @{h}", "thanks @{h}. {t}")).format(h=handle, t=text)


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def _at_word(ctx: V.Ctx, text: str, make: Callable[[str], str]) -> str:
    words = _words(text)
    if not words:
        return text
    m = ctx.pick(words)
    return text[:m.start()] + make(m.group(0)) + text[m.end():]


def _link(ctx: V.Ctx, text: str) -> str:
    """A markdown link or a bracketed word: `[this](https://site/q/123/title)`, `[edit]`."""
    def make(word: str) -> str:
        if ctx.chance(0.25):
            return f"[{word}]"
        path = ctx.pick(("q/{n}/{n}", "questions/{n}/{s}", "a/{n}", "wiki/{s}", "{s}/{n}", "blog/{y}/{m}/{s}",
                         "questions/{n}/{s}#{n}", "search?q={s}"))
        url = ctx.pick(("https://", "http://", "https://www.")) + f"{ctx.en.domain_name()}/" + path.format(
            n=ctx.rng.randint(100, 999999), s=V.slug(ctx), y=ctx.rng.randint(2009, 2026), m=f"{ctx.rng.randint(1, 12):02d}")
        return f"[{word}]({url})"
    return _at_word(ctx, text, make)


def _arrow(ctx: V.Ctx, text: str) -> str:
    """A menu path: `settings --> power`, `File -> Save as`."""
    words = _words(text)
    if len(words) < 2:
        return text
    i = ctx.rng.randrange(len(words) - 1)
    a, b = words[i], words[i + 1]
    return text[:a.end()] + ctx.pick(_ARROWS) + text[b.start():]


def _emphasis(ctx: V.Ctx, text: str) -> str:
    marks = ctx.pick(("*", "**", "_", "~~"))
    return _at_word(ctx, text, lambda w: f"{marks}{w}{marks}")


def _shout(ctx: V.Ctx, text: str) -> str:
    return _at_word(ctx, text, lambda w: w + ctx.pick(_SHOUTS))


def _family_word(ctx: V.Ctx, text: str) -> str:
    """One word swapped for a word attacks are made of: `windows doesn't overwrite grub`."""
    return _at_word(ctx, text, lambda w: ctx.pick(ALL_WORDS))


def _semicolon(ctx: V.Ctx, text: str) -> str:
    breaks = [m for m in _BREAK.finditer(text) if m.group(0) == ", "] or list(_BREAK.finditer(text))
    if not breaks:
        return text
    m = ctx.pick(breaks)
    return text[:m.start()] + ctx.pick(("; ", ";", " ; ")) + text[m.end():]


def _quoted(ctx: V.Ctx, text: str) -> str:
    """A value that opens with a quoted phrase: `"you don't want to" i do.`"""
    words = text.split(" ")
    n = min(len(words), ctx.rng.randint(1, 5))
    head = " ".join(words[:n]).rstrip(".,;:")
    q = ctx.pick(('"', '"', "'"))
    if q == "'" and "'" in head:
        q = '"'
    return f"{q}{head}{q} {' '.join(words[n:])}".rstrip()


_STEPS: tuple[tuple[Callable[[V.Ctx, str], str], float], ...] = (
    (_dots, 0.35), (_mention, 0.15), (_link, 0.15), (_arrow, 0.08), (_emphasis, 0.1),
    (_shout, 0.12), (_family_word, 0.3), (_semicolon, 0.1), (_quoted, 0.08),
)


def chat_register(ctx: V.Ctx, text: str) -> str:
    """`text` with one to three chat habits applied, lowercased now and then."""
    steps = [step for step, p in _STEPS if ctx.chance(p)] or [ctx.pick(_STEPS)[0]]
    for step in steps[:3]:
        text = step(ctx, text)
    return text.lower() if ctx.chance(0.4) else text


def chat_hook(rate: float) -> Callable[[V.Ctx, str], str] | None:
    """What `synth.render` puts in `Ctx.chat`: rewrites a share `rate` of the prose."""
    if rate <= 0:
        return None

    def rewrite(ctx: V.Ctx, text: str) -> str:
        return chat_register(ctx, text) if ctx.chance(rate) else text
    return rewrite
