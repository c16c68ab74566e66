"""Contract between the serving path and the model: a batch of views in, scores out.

The batcher calls `Scorer.score_batch` from one worker thread, so implementations
may keep per-instance buffers; they must never touch the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

from waf_proxy.inspect import RequestView


@dataclass(frozen=True, slots=True)
class ScoreResult:
    score: float  # calibrated, in [0, 1]; >= Scorer.threshold means attack
    top_tokens: tuple[str, ...] = ()  # the few normalised tokens that drove the score


class Scorer(Protocol):
    threshold: float  # default decision threshold shipped with the model
    version: str  # model version string, for logs and /check answers

    def score_batch(self, views: Sequence[RequestView]) -> list[ScoreResult]:
        """Score every view; one result per view, in order. May raise."""
        ...
