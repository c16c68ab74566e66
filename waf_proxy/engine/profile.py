"""What each parameter of the protected app normally looks like, learned from its benign traffic.

The transformer knows what attacks look like anywhere; it cannot know that on this
app `dni` is eight digits and a letter, that `cantidad` never holds a quote, or that
the login form has no `loginA` field. Tampering of that kind (a new parameter, a
letter in a numeric field) is invisible to a generic model and obvious to one that
has watched the app: this is the app's positive profile, learned from the same
benign traffic the model adapts to (`waf-proxy train --profile FILE...`).

Per endpoint (the decoded path) seen at least `min_endpoint` times it keeps: the
parameter names, and per parameter seen at least `min_param` times the character
classes of its values (letters, digits, space, each other character itself) and,
for codes and ids (no spaces) the shapes of their values when there are only a few
(`12345678Z` -> `9a`) and how often each symbol occurs (one `@` in an e-mail). A
request to such an endpoint that brings an unknown parameter, a character class, a
shape or more of a symbol than the parameter ever had, is out of profile. Endpoints
the profile has not seen are not judged at all, so a profile never blocks traffic it
knows nothing about.

It also keeps the app's path tree below the top level: a directory (or page) whose
children were all seen many times (Good-Turing: no child seen only once, so the chance
of a new one is tiny) is closed, and a request for a new child of it (`/shop/cart.jsp/x`,
`/shop/backup.old`) is out of profile. Directories with many rarely-seen children
(`/blog/<slug>`) stay open.

Calibration rows that break the profile learned from the training rows relax it
(the parameter is treated as free text, a new name is accepted), so that what the
learner saw only rarely does not become a false positive.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from waf_proxy.engine.normalize import body_pairs, param_name, percent_decode, split_pairs
from waf_proxy.exclusions import SKIP_KEY
from waf_proxy.inspect import RequestView

PROFILE_FILE = "profile.json"
PROFILE_FORMAT = 1
REDACTED = "REDACTED"  # the learning mode's mask (ops.learn.MASK): says nothing about a value
MAX_PATTERNS = 3  # a parameter with more distinct value shapes than this is not shape-checked
MAX_PAIRS = 64  # parameters judged per request (MAX_FIELDS bounds the parse)
MAX_VALUE = 512  # characters of a value judged


def char_class(ch: str) -> str:
    """Letters, digits and whitespace are one class each; any other character is its own."""
    if ch.isalpha():
        return "a"
    if ch.isdigit():
        return "9"
    if ch.isspace():
        return " "
    return ch


def value_shape(value: str) -> tuple[set[str], str, Counter[str]]:
    """(character classes, run-collapsed class pattern, symbol counts):
    `a@b@c.d` -> ({'a','@','.'}, 'a@a@a.a', {'@': 2, '.': 1})."""
    classes: set[str] = set()
    pattern: list[str] = []
    symbols: Counter[str] = Counter()
    for ch in value[:MAX_VALUE]:
        c = char_class(ch)
        classes.add(c)
        if len(c) == 1 and c not in "a9 ":
            symbols[c] += 1
        if not pattern or pattern[-1] != c:
            pattern.append(c)
    return classes, "".join(pattern), symbols


def endpoint_of(view: RequestView) -> str:
    return percent_decode(view.path)


def request_params(view: RequestView) -> list[tuple[str, str]]:
    """Decoded (name, value) pairs of the query and a form or JSON body (not uploads)."""
    pairs = [(percent_decode(k, True), percent_decode(v, True)) for k, v in split_pairs(view.query)]
    ctype = view.content_type
    if view.body and ("json" in ctype or ctype == "application/x-www-form-urlencoded"):
        for key, value, plus in body_pairs(view):
            if key:  # named as exclusions name it: a form field decoded, a JSON field as flattened
                pairs.append((param_name(key, plus), percent_decode(value, True) if plus else value))
    return pairs[:MAX_PAIRS]


@dataclass
class ParamStats:
    n: int = 0
    classes: set[str] = field(default_factory=set)
    patterns: Counter[str] | None = field(default_factory=Counter)  # None: too varied to check
    most: dict[str, int] = field(default_factory=dict)  # symbol -> most occurrences in one value
    free: bool = False  # calibration or redaction said: any value goes

    @property
    def is_text(self) -> bool:
        """Values with spaces are text: judged by their characters, not their shapes."""
        return " " in self.classes

    def add(self, value: str) -> None:
        self.n += 1
        if value == REDACTED:
            self.free = True
            return
        classes, pattern, symbols = value_shape(value)
        self.classes |= classes
        for sym, count in symbols.items():
            if count > self.most.get(sym, 0):
                self.most[sym] = count
        if self.patterns is not None:
            self.patterns[pattern] += 1
            if len(self.patterns) > MAX_PATTERNS:
                self.patterns = None


@dataclass
class Endpoint:
    n: int = 0
    params: dict[str, ParamStats] = field(default_factory=dict)


END = "/"  # the child recorded where a path ends (no segment holds a "/"): `/a/b` -> (`/a/b`, END)
MAX_CHILDREN = 256  # a directory with more distinct children than this is open


def path_steps(path: str) -> list[tuple[str, str]]:
    """(parent, child) steps of a path below the top level, the last one ending it:
    `/shop/item.jsp` -> [('/shop', 'item.jsp'), ('/shop/item.jsp', END)]."""
    segments = path.split("/")[1:]
    steps = []
    for i in range(1, len(segments)):
        steps.append(("/" + "/".join(segments[:i]), segments[i]))
    if len(segments) > 1 or segments[0]:
        steps.append(("/" + "/".join(segments), END))
    return steps


@dataclass
class ParamProfile:
    """The app's parameters, learned; `violations(view)` says how a request departs from them."""

    min_endpoint: int = 100  # requests seen before an endpoint is judged
    min_param: int = 100  # values seen before a parameter's characters are judged
    min_pattern: int = 200  # values seen before a parameter's shapes are judged
    score: float = 0.99  # the score a request out of profile gets at least
    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    tree: dict[str, Counter[str] | None] = field(default_factory=dict)  # parent -> children (None: open)

    def learn(self, views: Iterable[RequestView]) -> None:
        for view in views:
            path = endpoint_of(view)
            ep = self.endpoints.setdefault(path, Endpoint())
            ep.n += 1
            for name, value in request_params(view):
                ep.params.setdefault(name, ParamStats()).add(value)
            for parent, child in path_steps(path):
                children = self.tree.setdefault(parent, Counter())
                if children is not None:
                    children[child] += 1
                    if len(children) > MAX_CHILDREN:
                        self.tree[parent] = None

    def closed(self, parent: str) -> bool:
        """Seen often, and every child seen more than once: a new child is unlikely."""
        children = self.tree.get(parent)
        if not children or children.total() < self.min_endpoint:
            return False
        return all(count > 1 for count in children.values())

    def path_violation(self, path: str) -> str | None:
        for parent, child in path_steps(path):
            if self.closed(parent) and child not in self.tree[parent]:  # type: ignore[operator]
                shown = f"{parent}/{child}" if child != END else parent
                return f"unknown path {shown[-48:]!r}"
            if parent not in self.tree:
                return None  # below an unknown parent nothing is judged
        return None

    def violations(self, view: RequestView) -> list[str]:
        """Short reasons (for logs) this request is out of profile; [] when it is not, or
        when its endpoint is unknown or not seen often enough."""
        path = endpoint_of(view)
        ep = self.endpoints.get(path)
        if ep is None or ep.n < self.min_endpoint:
            reason = self.path_violation(path)
            return [reason] if reason else []
        found: list[str] = []
        skip = view.extra.get(SKIP_KEY)  # parameters the operator excluded here (exclusions.py)
        for name, value in request_params(view):
            if skip is not None and skip(name):
                continue
            stats = ep.params.get(name)
            if stats is None:
                found.append(f"unknown parameter {name[:32]!r}")
                continue
            if stats.free or stats.n < self.min_param:
                continue
            classes, pattern, symbols = value_shape(value)
            new = sorted(classes - stats.classes)
            if new:
                found.append(f"{name[:32]!r} never had {''.join(new)[:16]!r}")
            elif stats.is_text or stats.n < self.min_pattern:
                continue  # shapes and counts of codes and ids, not of text
            elif stats.patterns is not None and pattern not in stats.patterns:
                found.append(f"{name[:32]!r} never shaped {pattern[:16]!r}")
            else:
                more = [sym for sym, count in symbols.items() if count > stats.most.get(sym, 0)]
                if more:
                    found.append(f"{name[:32]!r} never had {symbols[more[0]]} {more[0]!r}")
        return found

    def relax(self, views: Iterable[RequestView]) -> int:
        """Accept what benign calibration rows show (new names, free-text parameters), then
        learn them too. Returns how many calibration rows were out of profile before."""
        views = list(views)
        broken = 0
        for view in views:
            if not self.violations(view):
                continue
            broken += 1
            path = endpoint_of(view)
            for parent, child in path_steps(path):
                children = self.tree.get(parent)
                if children is not None and child not in children:
                    self.tree[parent] = None  # it does get new children: open
            ep = self.endpoints.get(path)
            if ep is None:
                continue
            for name, value in request_params(view):
                stats = ep.params.setdefault(name, ParamStats())
                classes, pattern, symbols = value_shape(value)
                if (
                    not classes <= stats.classes
                    or (stats.patterns is not None and pattern not in stats.patterns)
                    or any(count > stats.most.get(sym, 0) for sym, count in symbols.items())
                ):
                    stats.free = True
        self.learn(views)
        return broken

    @property
    def judged_endpoints(self) -> int:
        return sum(1 for ep in self.endpoints.values() if ep.n >= self.min_endpoint)

    def to_dict(self) -> dict[str, Any]:
        # Only endpoints that will be judged are kept: the rest say nothing at serving time.
        return {
            "format": PROFILE_FORMAT,
            "min_endpoint": self.min_endpoint,
            "min_param": self.min_param,
            "min_pattern": self.min_pattern,
            "score": self.score,
            "endpoints": {
                path: {
                    "n": ep.n,
                    "params": {
                        name: {
                            "n": s.n,
                            "classes": "".join(sorted(s.classes)),
                            "patterns": None if s.patterns is None else dict(s.patterns),
                            "most": s.most,
                            "free": s.free,
                        }
                        for name, s in ep.params.items()
                    },
                }
                for path, ep in self.endpoints.items()
                if ep.n >= self.min_endpoint
            },
            # parents that can be closed (seen often enough), and the open ones (null)
            "tree": {
                parent: None if children is None else dict(children)
                for parent, children in self.tree.items()
                if children is None or children.total() >= self.min_endpoint
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ParamProfile":
        if data.get("format") != PROFILE_FORMAT:
            raise ValueError(f"profile format {data.get('format')!r} is not supported (this code reads {PROFILE_FORMAT})")
        endpoints = {
            str(path): Endpoint(
                n=int(ep["n"]),
                params={
                    str(name): ParamStats(
                        n=int(s["n"]),
                        classes=set(str(s["classes"])),
                        patterns=None if s["patterns"] is None else Counter({str(k): int(v) for k, v in s["patterns"].items()}),
                        most={str(k): int(v) for k, v in s["most"].items()},
                        free=bool(s["free"]),
                    )
                    for name, s in ep["params"].items()
                },
            )
            for path, ep in data["endpoints"].items()
        }
        return cls(
            min_endpoint=int(data["min_endpoint"]),
            min_param=int(data["min_param"]),
            min_pattern=int(data["min_pattern"]),
            score=float(data["score"]),
            endpoints=endpoints,
            tree={
                str(parent): None if children is None else Counter({str(k): int(v) for k, v in children.items()})
                for parent, children in data["tree"].items()
            },
        )

    def save(self, model_dir: str | Path) -> Path:
        path = Path(model_dir) / PROFILE_FILE
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(path)
        return path


def load_profile(model_dir: str | Path) -> ParamProfile | None:
    """The model directory's profile, or None when it has none. Raises ValueError on a bad file."""
    path = Path(model_dir) / PROFILE_FILE
    if not path.is_file():
        return None
    try:
        return ParamProfile.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not a valid profile ({exc!r})") from exc


def learn_profile(train: Iterable[RequestView], calib: Iterable[RequestView], **settings: Any) -> tuple[ParamProfile, int]:
    """Learn from `train`, relax with `calib`; (profile, calibration rows it had to accept)."""
    profile = ParamProfile(**settings)
    profile.learn(train)
    calib = list(calib)
    return profile, profile.relax(calib)
