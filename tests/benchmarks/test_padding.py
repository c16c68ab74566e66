"""benchmarks/padding.py: the payload sits where each placement says, and rates count per placement."""

from __future__ import annotations

from urllib.parse import parse_qsl

from benchmarks import padding


def test_each_placement_carries_the_payload_once_behind_its_padding() -> None:
    views = padding.padded_views("1' or '1'='1")
    assert list(views) == ["plain", "after 60 params", "between 30+30 params", "after 10 KB of form body"]
    assert parse_qsl(views["plain"].query) == [("q", "1' or '1'='1")]
    after = parse_qsl(views["after 60 params"].query)
    assert len(after) == 61 and after[-1] == ("q", "1' or '1'='1")
    between = parse_qsl(views["between 30+30 params"].query)
    assert between[30] == ("q", "1' or '1'='1") and len(between) == 61
    body = views["after 10 KB of form body"].body
    assert len(body) > 10_000 and body.endswith(b"&q=1%27+or+%271%27%3D%271")


class _Flags:
    """A stand-in scorer: flags a request whose query or body holds the marker."""

    threshold = 0.5

    def score_batch(self, views):  # noqa: ANN001, ANN201
        from waf_proxy.engine.scorer import ScoreResult

        return [ScoreResult(1.0 if b"EVIL" in v.query.encode() + v.body else 0.0) for v in views]


def test_detection_counts_each_placement_apart() -> None:
    rates = padding.detection(_Flags(), ["EVIL", "benign", "EVIL again"], batch=5)
    assert rates == {name: 2 / 3 for name in padding.padded_views("x")}
