"""Test doubles for the reliability suites: a regex Scorer whose faults are driven by the request.

The proxy under test may run in a subprocess, so faults cannot be switched by
flipping an attribute from the test; instead a marker in the request path or
query (``__waf_raise__``, ``__waf_hang__``, ``__waf_nan__``) makes the batch that
contains it fail the way a broken model would.
"""

from __future__ import annotations

import math
import re
import time
from typing import Sequence
from urllib.parse import unquote_to_bytes

from waf_proxy.engine.scorer import ScoreResult
from waf_proxy.inspect import RequestView

try:
    from waf_proxy.engine.normalize import normalize_view
except ImportError:  # the engine is being written; the fake works without it
    normalize_view = None  # type: ignore[assignment]

ATTACK = re.compile(
    rb"union\s+select|<script|\.\./\.\./|;\s*cat\s+/etc/passwd|'\s*or\s*'?1'?\s*=\s*'?1",
    re.IGNORECASE,
)
RAISE_MARK, HANG_MARK, NAN_MARK = b"__waf_raise__", b"__waf_hang__", b"__waf_nan__"


def _text(view: RequestView) -> bytes:
    raw = f"{view.path}?{view.query}".encode("utf-8", "surrogateescape") + b"\n" + view.body
    return unquote_to_bytes(raw.replace(b"+", b" "))


class FakeScorer:
    """Scores 0.99 when a classic attack regex matches, else 0.01; faults on markers.

    Every view also goes through the real normaliser, so hostile bytes sent to a
    proxy running this scorer exercise the production text path.
    """

    threshold = 0.5
    version = "fake-regex-1"

    def __init__(self, hang_s: float = 2.0) -> None:
        self.hang_s = hang_s
        self.calls = 0
        self.batch_sizes: list[int] = []

    def score_batch(self, views: Sequence[RequestView]) -> list[ScoreResult]:
        self.calls += 1
        self.batch_sizes.append(len(views))
        texts = [_text(v) for v in views]
        if normalize_view is not None:
            for view in views:
                normalize_view(view)
        if any(RAISE_MARK in t for t in texts):
            raise RuntimeError("fake model failure")
        if any(HANG_MARK in t for t in texts):
            time.sleep(self.hang_s)
        results = []
        for text in texts:
            if NAN_MARK in text:
                results.append(ScoreResult(score=math.nan))
            elif ATTACK.search(text):
                results.append(ScoreResult(score=0.99, top_tokens=("attack",)))
            else:
                results.append(ScoreResult(score=0.01))
        return results
