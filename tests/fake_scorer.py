"""A tiny stand-in for the real model in serving-path tests: a regex decides.

Scores 0.99 when a classic attack pattern appears in the (percent-decoded)
path, query, inspected headers or body, else 0.01. Counts batches so tests can
see coalescing, and can be told to raise, hang or return NaN.
"""

from __future__ import annotations

import math
import re
import threading
import time
from typing import Sequence
from urllib.parse import unquote_plus

from waf_proxy.engine.scorer import ScoreResult
from waf_proxy.inspect import RequestView

ATTACK = re.compile(
    r"union\s+(all\s+)?select|'\s*or\s+'?1'?\s*=\s*'?1|<script|onerror\s*=|\.\./\.\./|"
    r";\s*(cat|ls|id|wget)\b|\|\s*(cat|id)\b|/etc/passwd",
    re.IGNORECASE,
)


def view_text(view: RequestView) -> str:
    parts = [view.path, view.query, *(v for _, v in view.headers), view.body.decode("utf-8", "replace")]
    return unquote_plus(unquote_plus("\n".join(parts)))


class RegexScorer:
    threshold = 0.5
    version = "regex-test"

    def __init__(self) -> None:
        self.batch_sizes: list[int] = []
        self.fail: str | None = None  # None | "raise" | "hang" | "nan" | "short"
        self.hang_s = 1.0
        self.delay_s = 0.0
        self.release = threading.Event()
        self.seen: list[RequestView] = []

    def score_batch(self, views: Sequence[RequestView]) -> list[ScoreResult]:
        self.batch_sizes.append(len(views))
        self.seen.extend(views)
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.fail == "raise":
            raise RuntimeError("model exploded")
        if self.fail == "hang":
            self.release.wait(self.hang_s)
        if self.fail == "short":
            return []
        out = []
        for view in views:
            if self.fail == "nan":
                out.append(ScoreResult(math.nan))
            elif ATTACK.search(view_text(view)):
                out.append(ScoreResult(0.99, ("attack",)))
            else:
                out.append(ScoreResult(0.01))
        return out
