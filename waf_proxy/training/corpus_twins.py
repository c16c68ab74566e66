"""Benign twins of the attack corpora: their own contexts with user text where the payload was.

httpparams and PayloadsAllTheThings place each payload into one field of a small pool
of endpoints (`/login` `username=`, `/download` `path=`, ...), and their benign rows
only ever put short shop values there (names, postcodes). Trained on them as they
are, a model learns "prose in `username=` is an attack": an apostrophe in "you don't"
or a command named in a support answer scores like SQL or shell injection. A twin
keeps the attack row's method, path, headers, companion parameters and encoding, and
puts benign user text (prose with quotes and SQL words, markdown with code) in the
payload's place, so that the only difference left between the two is the payload.
"""

from __future__ import annotations

import json
import random
import urllib.parse
from typing import Any, Callable, Iterable

from waf_proxy.training import synth_values as V
from waf_proxy.training.synth import COMPANIONS, record_header

# What users type into a field: sentences, never short tokens. Short odd values ("c#",
# "o'brien") and support answers naming commands (`cat /proc/cpuinfo`) in these fields
# taught a trial model that short payloads there are benign too: `username=admin'--`
# and `host=127.0.0.1;cat /etc/passwd` passed.
_TEXTS: tuple[tuple[Callable[[V.Ctx], str], float], ...] = (
    (V.free_text, 0.6),
    (V.trap_sentence, 0.25),
    (V.prose, 0.15),
)


def _payload_index(pairs: list[tuple[str, str]]) -> int | None:
    """Index of the one non-companion pair (the payload's field), or None."""
    found = [i for i, pair in enumerate(pairs) if pair not in COMPANIONS]
    return found[0] if len(found) == 1 else None


def _form(pairs: list[tuple[str, str]]) -> str:
    # as the corpora's converter writes them: unreserved kept, space -> '+', the rest %XX
    return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote_plus)


def with_value(record: dict[str, Any], value: str) -> dict[str, Any] | None:
    """The record with its single payload field set to `value`; None when it has no one
    payload field (a path-only attack, several fields, a body it cannot parse)."""
    ctype = record_header(record, "content-type").lower()
    body = str(record.get("body") or "")
    out = dict(record)
    if body and "json" in ctype:
        try:
            obj = json.loads(body)
        except ValueError:
            return None
        keys = [k for k, v in obj.items() if isinstance(v, str)] if isinstance(obj, dict) else []
        if len(keys) != 1:
            return None
        out["body"] = json.dumps({**obj, keys[0]: value}, ensure_ascii=False)
        return out
    key = "body" if body and "urlencoded" in ctype else "query" if not body and record.get("query") else None
    if key is None:
        return None
    pairs = urllib.parse.parse_qsl(str(record[key]), keep_blank_values=True)
    at = _payload_index(pairs)
    if at is None:
        return None
    pairs[at] = (pairs[at][0], value)
    out[key] = _form(pairs)
    return out


def user_text(ctx: V.Ctx) -> str:
    funcs, weights = zip(*_TEXTS)
    return ctx.rng.choices(funcs, weights)[0](ctx)


def fill_cycled(
    rows: list[dict[str, Any]],
    n: int,
    rng: random.Random,
    make: Callable[[dict[str, Any], int, int], dict[str, Any] | None],
) -> list[dict[str, Any]]:
    """Up to `n` rows made by `make(record, attempt, made so far)` from `rows` cycled in an
    order `rng` shuffles; a None is skipped, and 4n attempts bound the loop."""
    order = list(range(len(rows)))
    rng.shuffle(order)
    out: list[dict[str, Any]] = []
    tries = 0
    while len(out) < n and tries < 4 * n:
        made = make(rows[order[tries % len(rows)]], tries, len(out))
        tries += 1
        if made is not None:
            out.append(made)
    return out


def corpus_twins(records: Iterable[dict[str, Any]], n: int, seed: int) -> list[dict[str, Any]]:
    """`n` benign twins of the attack rows given (cycled in a seeded order)."""
    rows = [r for r in records if r.get("label") == "attack"]
    if not n or not rows:
        return []

    def make(record: dict[str, Any], attempt: int, made: int) -> dict[str, Any] | None:
        twin = with_value(record, user_text(V.Ctx.new(random.Random(f"{seed}:corpus-twin:{attempt}"))))
        if twin is not None:
            twin.update(id=f"twin-{seed}-{made:07d}", label="benign", category="normal", source="synth:corpus-twin")
        return twin

    return fill_cycled(rows, n, random.Random(f"{seed}:corpus-twins"), make)
