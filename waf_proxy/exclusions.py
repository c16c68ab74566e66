"""Parameter exclusions: fields the model does not read on given endpoints.

Some fields hold code or free text by design: a quiz's code answers, a CI API's
scripts, a CMS's page source. A general model must score `SELECT ... FROM ...` in a
form field as suspicious, so such an app's own traffic gets blocked there. ModSecurity
operators answer this with rule exclusions (`ctl:ruleRemoveTargetById=...;ARGS:body`);
this is the same tool for the model: on a matching request the named parameters are
left out of the text the model (and the parameter profile) reads, and every other
parameter is still scored. An attack inside an excluded parameter is not seen, so an
exclusion should be as narrow as the app allows; adapting the model to the app's
traffic (`mode = "learn"`, then `waf-proxy train --init`) keeps the field inspected.

Patterns use one wildcard, `*`, which matches any run of characters (`/` included);
everything else is literal. Parameter names are those the model's text uses: query
and form names (percent-decoded), JSON keys dotted with `[]` for array items
(`answers[].response`), multipart part names, XML element names, `cookie:NAME` for a
cookie, and `<body>` for a body that is none of these (plain text, YAML, invalid JSON).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SKIP_KEY = "waf.skip_params"  # RequestView.extra: the ParamFilter for this request
UNNAMED_BODY = "<body>"  # the name of a body that does not parse into fields


def compile_glob(pattern: str) -> re.Pattern[str]:
    """`*` matches anything (including `/` and nothing); every other character is literal."""
    return re.compile("".join(".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", pattern)))


class ParamFilter:
    """Which parameter names one request's model text leaves out."""

    __slots__ = ("patterns", "_regex")

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(patterns)
        # one alternation: a name is matched once, not once per pattern
        self._regex = re.compile("|".join(f"(?:{compile_glob(p).pattern})" for p in self.patterns))

    def __call__(self, name: str) -> bool:
        return self._regex.fullmatch(name) is not None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ParamFilter) and other.patterns == self.patterns

    def __hash__(self) -> int:
        return hash(self.patterns)

    def __repr__(self) -> str:
        return f"ParamFilter({list(self.patterns)!r})"


@dataclass(frozen=True, slots=True)
class Exclusion:
    """One rule: on requests to `path` (a glob over the canonical path) with one of
    `methods` (all when empty), leave out the parameters matching `params`."""

    path: str
    params: tuple[str, ...]
    methods: frozenset[str] = frozenset()


class Exclusions:
    """The operator's rules; `skip_for` answers per request."""

    def __init__(self, rules: Iterable[Exclusion] = ()) -> None:
        self.rules = tuple(rules)
        self._paths = tuple(compile_glob(r.path) for r in self.rules)
        self._filters: dict[tuple[str, ...], ParamFilter] = {}

    def __bool__(self) -> bool:
        return bool(self.rules)

    @classmethod
    def from_settings(cls, entries: Iterable[object]) -> Exclusions:
        """From `Settings.exclude` entries (their methods already upper-cased by the settings)."""
        return cls(
            Exclusion(e.path, tuple(e.params), frozenset(e.methods))  # type: ignore[attr-defined]
            for e in entries
        )

    def skip_for(self, method: str, path: str) -> ParamFilter | None:
        """The filter for a request (`path` canonical, as the decision rules see it), or
        None when no rule applies."""
        method = method.upper()
        patterns: list[str] = []
        for rule, compiled in zip(self.rules, self._paths):
            if rule.methods and method not in rule.methods:
                continue
            if compiled.fullmatch(path) is not None:
                patterns.extend(rule.params)
        if not patterns:
            return None
        key = tuple(dict.fromkeys(patterns))
        found = self._filters.get(key)
        if found is None:  # one filter per distinct rule set: its patterns compile once
            found = self._filters[key] = ParamFilter(key)
        return found
