"""Serving-shaped window examples in training, and the window margin chosen at calibration."""

from __future__ import annotations

import random
from types import SimpleNamespace

import numpy as np

from waf_proxy.engine.normalize import normalize_view
from waf_proxy.engine.scorer import WindowParts
from waf_proxy.engine.tokenizer import BOS_ID, TRUNC_ID, RequestTokenizer
from waf_proxy.inspect import RequestView
from waf_proxy.training.train import TWIN_KEY, _payload_span, fit_window_threshold, window_examples

FILLER = ["garden", "chair", "lamp", "coffee", "table", "music", "blue", "book"]
PAYLOAD = "<script>alert(document.cookie)</script>"


def _row(label: str, fields: list[tuple[str, str]], rid: str) -> dict:
    from urllib.parse import urlencode

    return {"id": rid, "method": "POST", "path": "/notes/save", "query": "",
            "headers": [["Content-Type", "application/x-www-form-urlencoded"]],
            "body": urlencode(fields), "label": label, "source": "synth"}


def _long_fields(rng: random.Random, payload_at: int | None) -> list[tuple[str, str]]:
    fields = [(f"f{k}", " ".join(rng.choice(FILLER) for _ in range(6))) for k in range(40)]
    if payload_at is not None:
        fields[payload_at] = (fields[payload_at][0], PAYLOAD)
    return fields


def _tokenizer(rows: list[dict]) -> RequestTokenizer:
    texts = [normalize_view(RequestView.from_record(r)) for r in rows]
    return RequestTokenizer.train(texts * 3, vocab_size=400, max_len=64, min_frequency=1)


def test_payload_span_marks_the_differing_ids() -> None:
    assert _payload_span([1, 2, 9, 9, 5, 6], [1, 2, 3, 5, 6]) == (2, 4)
    assert _payload_span([1, 2, 3], [1, 2, 3]) is None
    assert _payload_span([1, 2, 3, 4], [1, 2, 3]) == (3, 4)


def test_middle_payload_replaces_the_head_tail_view_and_twin_window_is_benign() -> None:
    rng = random.Random(0)
    twin = _row("benign", _long_fields(random.Random(1), None), "t")
    attack = _row("attack", _long_fields(random.Random(1), 20), "a")  # same filler, payload in the middle
    attack[TWIN_KEY] = twin
    benign = _row("benign", _long_fields(rng, None), "b")
    rows = [benign, attack]
    tok = _tokenizer(rows + [twin, _row("attack", [("x", PAYLOAD)], "p")])
    texts = [normalize_view(RequestView.from_record(r)) for r in rows]
    encoded = tok.encode_batch(texts)
    before = list(encoded[1])
    ids = tok.encode_ids(texts[1])
    span = _payload_span(ids, tok.encode_ids(normalize_view(RequestView.from_record(twin))))
    assert span is not None and span[1] - span[0] >= 4
    payload_ids = ids[span[0] : span[0] + 4]

    def contains(seq: list[int], part: list[int]) -> bool:
        return any(seq[k : k + len(part)] == part for k in range(len(seq) - len(part) + 1))

    assert not contains(before, payload_ids)  # the head+tail cut drops a middle payload
    extra, labels, owners = window_examples(tok, rows, texts, encoded, seed=0)
    assert contains(encoded[1], payload_ids) and encoded[1][0] == BOS_ID and TRUNC_ID in encoded[1]
    assert len(encoded[1]) <= tok.max_len
    # the benign row adds two serving windows; the attack adds its twin's window as benign
    assert labels == [0] * len(labels) and owners.count(1) == 1 and owners.count(0) == 2
    twin_window = extra[owners.index(1)]
    assert not contains(twin_window, payload_ids) and len(twin_window) <= tok.max_len
    from waf_proxy.engine.scorer import request_head_len

    n = min(request_head_len(tok, texts[0]), (tok.max_len - 1) // 4)
    head = tok.encode_ids(texts[0])[:n]
    assert n >= 2
    assert extra[owners.index(0)][1 : 1 + len(head)] == head  # windows repeat method and path


def test_short_rows_add_nothing() -> None:
    rows = [_row("benign", [("q", "lamp")], "s1"), _row("attack", [("q", PAYLOAD)], "s2")]
    tok = _tokenizer(rows)
    texts = [normalize_view(RequestView.from_record(r)) for r in rows]
    encoded = tok.encode_batch(texts)
    copy = [list(e) for e in encoded]
    assert window_examples(tok, rows, texts, encoded, seed=0) == ([], [], [])
    assert encoded == copy


class _FakeScorer:
    """window_parts from a fixed table: first-window and best later-window logits per text."""

    def __init__(self, parts: dict[str, tuple[float, float]]) -> None:
        self.parts = parts
        self.params = SimpleNamespace(headers=None)

    def window_parts(self, texts):  # noqa: ANN001, ANN201
        first = np.array([self.parts[t][0] for t in texts], dtype=np.float32)
        extra = np.array([self.parts[t][1] for t in texts], dtype=np.float32)
        return WindowParts(first, extra)


def test_margin_that_detects_most_at_the_target_fpr_wins(monkeypatch) -> None:
    import waf_proxy.training.train as train

    # benign: low first windows, one benign row with a hot later window (prose in the middle)
    benign = [{"id": f"b{i}", "source": "s", "label": "benign"} for i in range(100)]
    attacks = [{"id": f"a{i}", "source": "s", "label": "attack"} for i in range(10)]
    parts = {f"b{i}": (-5.0, -np.inf) for i in range(99)}
    parts["b99"] = (-5.0, 2.5)
    # attacks: half caught by their first window, half only by a later window scoring 2.8
    parts.update({f"a{i}": (3.0 if i < 5 else -6.0, 2.8 if i >= 5 else -np.inf) for i in range(10)})
    monkeypatch.setattr(train, "texts_for", lambda rows, headers=None: [r["id"] for r in rows])
    threshold, margin, by_margin = fit_window_threshold(_FakeScorer(parts), benign, attacks, 0.005, (0.0, 1.0, 3.0, 8.0))
    # margin 8 hides the later attack windows (2.8 - 8 < -5); 0, 1 and 3 keep them above the hot benign window
    assert by_margin["8"] == 0.5 and by_margin["0"] == by_margin["3"] == 1.0
    assert margin == 3.0  # ties go to the larger margin
    logit = np.log(threshold / (1 - threshold))
    finals = np.maximum([parts[b["id"]][0] for b in benign], [parts[b["id"]][1] - margin for b in benign])
    assert np.mean(finals > logit + 1e-6) <= 0.005 and abs(logit - finals.max()) < 1e-3  # just above the hottest benign


def test_larger_margin_wins_when_it_detects_almost_as_much(monkeypatch) -> None:
    import waf_proxy.training.train as train

    benign = [{"id": f"b{i}", "source": "s", "label": "benign"} for i in range(400)]
    attacks = [{"id": f"a{i}", "source": "s", "label": "attack"} for i in range(1000)]
    parts = {f"b{i}": (-5.0, -np.inf) for i in range(400)}
    # 997 attacks caught by their first window; 3 only by a later window scoring 0 (lost at margin 8)
    parts.update({f"a{i}": (3.0, -np.inf) if i >= 3 else (-9.0, 0.0) for i in range(1000)})
    monkeypatch.setattr(train, "texts_for", lambda rows, headers=None: [r["id"] for r in rows])
    _, margin, by_margin = fit_window_threshold(_FakeScorer(parts), benign, attacks, 0.005, (0.0, 8.0))
    assert by_margin == {"8": 0.997, "0": 1.0}
    assert margin == 8.0  # 0.3 points of calibration detection is not worth reading every window at par
