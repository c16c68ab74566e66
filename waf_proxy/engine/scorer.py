"""Contract between the serving path and the model: a batch of views in, scores out.

The batcher calls `Scorer.score_batch` from one worker thread, so implementations
may keep per-instance buffers; they must never touch the event loop.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Callable, Iterable, Protocol, Sequence

import numpy as np

from waf_proxy.engine.normalize import DEFAULT_HEADERS, join_fields, join_view, normalize_view, view_parts
from waf_proxy.exclusions import SKIP_KEY
from waf_proxy.inspect import RequestView

if TYPE_CHECKING:  # torch is imported lazily so that importing the contract stays light
    from waf_proxy.engine.model import WafTransformer
    from waf_proxy.engine.profile import ParamProfile
    from waf_proxy.engine.tokenizer import RequestTokenizer


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


# The implementation: a transformer scorer.

TOP_TOKENS = 3  # tokens named per request
# Padded positions cost as much as real ones, so a batch runs as length-sorted groups
# of at most this many padded tokens (count x longest): short requests share one big
# forward pass, long ones go a few at a time. Fixed groups of 32 never split the
# batches a busy proxy forms (20-60 requests); on CPU this budget measured 2-3x less
# model time per request at batch 32-64 (benchmarks/engine.py, bucketing table).
MAX_GROUP_TOKENS = 1024
# A long request is read as overlapping windows of the model's max_len; past this
# many windows per request only the head and tail windows are read (time bound).
MAX_WINDOWS = 16
CACHE_PEEK_BYTES = 4096  # bodies up to this size are looked up on the event loop (`cached`)
_NORM_KEY = "normalized"  # RequestView.extra: ((headers, field_weight), text) computed by `cached`
# Joins a request's whole text and its fields' texts into the one string the cache, the
# model process and calibration pass around (normalisation strips control characters,
# so no text contains it).
FIELD_SEP = "\x00"


@dataclass
class ScoreParams:
    """How the two heads combine into one calibrated score (stored in config.json)."""

    threshold: float = 0.5
    anomaly_weight: float = 0.0  # 0: supervised head only (and the LM head is skipped)
    anomaly_center: float = 0.0  # benign mean of the per-request NLL
    anomaly_scale: float = 1.0  # benign std of the per-request NLL
    headers: tuple[str, ...] | None = None  # header names the normaliser reads (None: defaults)
    # Windows of a long request after the first must clear the threshold by this many
    # logits: benign prose in a middle window is what scores high on formats the model
    # never saw. `waf-proxy train` chooses it at calibration (`fit_window_threshold`);
    # 3.0 is the fallback for a config without one.
    window_margin: float = 3.0
    # How per-token attack logits become one (engine/model.py `pool_scores`): 0 takes the
    # max (as training's loss does), T > 0 a soft max that adds up evidence over tokens.
    pool_temperature: float = 0.0
    # The final logit blends two readings of a request: (1 - w) x the whole request's
    # logit + w x the highest logit of its fields read one at a time
    # (normalize.field_texts). 0: the whole request only (configs written before it).
    field_weight: float = 0.0
    # Fields are read only for requests whose whole-request logit is at least this: most
    # traffic scores far below any threshold and needs no second reading. None: every request.
    field_floor: float | None = None


_PARAM_VALUES = attrgetter(*(f.name for f in fields(ScoreParams)))  # params -> a tuple of every value


@dataclass
class RawScores:
    """Per-request pieces before combination (for calibration and evaluation)."""

    attack_logit: np.ndarray
    anomaly: np.ndarray | None
    logit: np.ndarray
    top_tokens: list[tuple[str, ...]] = field(default_factory=list)


@dataclass
class WindowParts:
    """Per request, the best first-window and later-window logits of its whole text and,
    when fields are read on their own, of its fields' texts (the best of any field)."""

    first: np.ndarray
    extra: np.ndarray  # -inf: no later window
    field_first: np.ndarray | None = None  # None: fields not read
    field_extra: np.ndarray | None = None
    field_weight: float = 0.0
    field_floor: float | None = None  # fields count only where the whole request's logit reaches it

    def at(self, margin: float) -> np.ndarray:
        """Final logits with later windows paying `margin`, as serving computes them."""
        whole = np.maximum(self.first, self.extra - margin)
        if self.field_first is None or self.field_extra is None:
            return whole
        fields = np.maximum(self.field_first, self.field_extra - margin)
        blended = (1.0 - self.field_weight) * whole + self.field_weight * fields
        read = np.isfinite(fields)
        if self.field_floor is not None:
            read &= whole >= self.field_floor
        return np.where(read, blended, whole).astype(np.float32)


def pad_batch(batch: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad to this batch's longest sequence only (PAD id is 0)."""
    lengths = np.fromiter((len(s) for s in batch), dtype=np.int64, count=len(batch))
    ids = np.zeros((len(batch), int(lengths.max(initial=1))), dtype=np.int64)
    for row, seq in enumerate(batch):
        ids[row, : len(seq)] = seq
    return ids, lengths


def length_groups(lengths: Sequence[int], max_tokens: int = MAX_GROUP_TOKENS) -> list[list[int]]:
    """Indices sorted by length, cut so each group's padded size (count x longest) <= max_tokens."""
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    groups: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and (len(current) + 1) * lengths[i] > max_tokens:
            groups.append(current)
            current = []
        current.append(i)
    if current:
        groups.append(current)
    return groups


def request_windows(
    tokenizer: "RequestTokenizer", text: str, max_windows: int = MAX_WINDOWS, window_len: int | None = None
) -> tuple[list[list[int]], bool]:
    """The token windows the model reads for one normalised request, and whether the cap cut its middle.

    Every window after the first repeats the request head (method and path), the
    context an attack needs; training builds its window examples with this same
    function so that it sees exactly what serving scores.
    """
    ids = tokenizer.encode_ids(text)
    head_len = request_head_len(tokenizer, text) if len(ids) >= tokenizer.max_len else 0
    return tokenizer.windows(ids, head_len, max_windows, window_len)


def request_head_len(tokenizer: "RequestTokenizer", text: str) -> int:
    """Token count of the request head (method and path) of a normalised request."""
    method, _, rest = text.partition(" ")
    path = rest.split(" ", 1)[0]
    return len(tokenizer.encode_ids(f"{method} {path}" if path else method))


class TransformerScorer:
    """normalise -> tokenise -> pad -> one forward pass -> calibrated scores + top tokens."""

    def __init__(
        self,
        model: "WafTransformer",
        tokenizer: "RequestTokenizer",
        params: ScoreParams,
        version: str,
        threads: int | None = None,
        device: str = "cpu",
        cache_size: int = 4096,
        attack_fn: "Callable[[Any], Any] | None" = None,
        profile: "ParamProfile | None" = None,
    ) -> None:
        import torch

        if threads is not None:
            torch.set_num_threads(max(1, int(threads)))
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.params = params
        self.threshold = params.threshold
        self.version = version
        self.device = device
        # A compiled attack-logits forward (ids -> (B, T) logits; `trace_attack`): it runs
        # the whole pass in C++ with the GIL released once, where eager torch takes the
        # GIL back for every module call and op, stalling the event loop. None: eager.
        self.attack_fn = attack_fn
        # The app's learned parameter profile (engine/profile.py): a request out of it
        # scores at least profile.score, whatever the model says. None: not used.
        self.profile = profile
        self.profile_hits = 0
        # On a GPU padding is nearly free and each forward pass costs a launch: bigger groups.
        self.group_tokens = MAX_GROUP_TOKENS if device == "cpu" else 64 * MAX_GROUP_TOKENS
        # Identical normalised requests (the same page with a new session id) are
        # common in real traffic: remember their results, oldest evicted first.
        self.cache_size = cache_size
        self._cache: OrderedDict[str, ScoreResult] = OrderedDict()
        self._cache_key: tuple[object, ...] | None = None
        self.cache_hits = 0  # answered by `cached`, before the batcher
        # Long requests are read as overlapping windows (max score wins); past this many
        # windows the middle is skipped, and `windows_capped` counts such requests.
        self.max_windows = MAX_WINDOWS
        self.window_len: int | None = None
        self.windows_capped = 0

    def combine(self, attack_logit: np.ndarray, anomaly: np.ndarray | None) -> np.ndarray:
        """Final logit: supervised logit plus the weighted, standardised anomaly."""
        p = self.params
        if anomaly is None or p.anomaly_weight == 0.0:
            return attack_logit
        return attack_logit + p.anomaly_weight * (anomaly - p.anomaly_center) / p.anomaly_scale

    def raw_ids(self, batch: list[list[int]], with_lm: bool | None = None, explain: bool = True) -> RawScores:
        import torch

        with torch.inference_mode():
            return self._raw_ids(torch, batch, with_lm, explain)

    def _raw_ids(self, torch, batch: list[list[int]], with_lm: bool | None, explain: bool) -> RawScores:  # noqa: ANN001
        from waf_proxy.engine.model import pool_scores

        p = self.params
        use_lm = p.anomaly_weight != 0.0 if with_lm is None else with_lm
        np_ids, np_lengths = pad_batch(batch)
        ids, lengths = torch.from_numpy(np_ids), torch.from_numpy(np_lengths)
        if self.attack_fn is not None and not use_lm:
            attack = self.attack_fn(ids.to(self.device) if self.device != "cpu" else ids).float().cpu()
            nll = None
        elif self.device != "cpu":
            attack, nll = self.model(ids.to(self.device), with_lm=use_lm)
            attack, nll = attack.float().cpu(), (nll.float().cpu() if nll is not None else None)
        else:
            attack, nll = self.model(ids, with_lm=use_lm)
        attack_logit, anomaly = pool_scores(attack, nll, lengths, p.pool_temperature)
        a = attack_logit.float().numpy()
        an = anomaly.float().numpy() if anomaly is not None else None
        raw = RawScores(a, an, self.combine(a, an))
        if explain:
            per_token = attack
            if nll is not None and p.anomaly_weight != 0.0:
                per_token = attack + p.anomaly_weight * (nll - p.anomaly_center) / p.anomaly_scale
            valid = torch.arange(ids.shape[1])[None, :] < lengths[:, None]
            valid[:, 0] = False  # BOS names nothing
            per_token = per_token.masked_fill(~valid, float("-inf"))
            k = min(TOP_TOKENS, ids.shape[1])
            top = per_token.topk(k, dim=1).indices
            tok_ids = ids.gather(1, top).tolist()
            top_valid = valid.gather(1, top).tolist()
            show = self.tokenizer.display
            raw.top_tokens = [
                tuple(dict.fromkeys(show(t) for t, ok in zip(row, oks) if ok)) for row, oks in zip(tok_ids, top_valid)
            ]
        return raw

    def add_headers(self, names: Iterable[str]) -> None:
        """Also read these headers (the operator's `inspect_headers`); the model's own stay read.

        Without this, a header an operator adds is inspected by the proxy but never
        reaches the model's text.
        """
        base = self.params.headers if self.params.headers is not None else DEFAULT_HEADERS
        self.params.headers = tuple(dict.fromkeys([*base, *(n.lower() for n in names)]))
        self._cache.clear()

    def text_of(self, view: RequestView) -> str:
        """What the model reads of a request: its normalised text and, when fields are
        read on their own (`field_weight`), their texts after it, joined by FIELD_SEP.
        The operator's exclusions for this request, if any, were put on the view."""
        headers, skip = self.params.headers, view.extra.get(SKIP_KEY)
        if not self.params.field_weight:
            return normalize_view(view, headers, skip)
        parts = view_parts(view, headers, skip)  # normalised once for both readings
        return FIELD_SEP.join([join_view(parts), *join_fields(parts)])

    def normalize(self, views: Iterable[RequestView]) -> list[str]:
        """`text_of` each view, reusing the one `cached` computed with the same parameters."""
        key = (self.params.headers, self.params.field_weight)
        out = []
        for v in views:
            memo = v.extra.get(_NORM_KEY)
            out.append(memo[1] if memo is not None and memo[0] == key else self.text_of(v))
        return out

    def cached(self, view: RequestView) -> ScoreResult | None:
        """The result for a request whose normalised text was scored recently, or None.

        Called on the event loop before a request joins the batcher: a repeat (the same
        page with a new session id) is answered at once, with no queue wait and no
        thread hop. The text is kept on the view so that a miss is not normalised twice.
        Safe beside the worker thread: one dict read, and a stale key only means a miss.
        Large bodies are left to the worker: normalising them would stall the event loop.
        """
        if not self.cache_size or len(view.body) > CACHE_PEEK_BYTES:
            return None
        text = self.text_of(view)
        view.extra[_NORM_KEY] = ((self.params.headers, self.params.field_weight), text)
        if self._cache_key != self._params_key():
            return None
        result = self._cache.get(text)
        if result is None:
            return None
        self.cache_hits += 1
        return self.with_profile(view, result) if self.profile is not None else result

    def _params_key(self) -> tuple[object, ...]:
        """Every scoring parameter: cached results are stale once any of them changes
        (read on the event loop per request: `dataclasses.astuple` would copy them, 15x slower)."""
        return _PARAM_VALUES(self.params)

    def raw_texts(self, texts: Sequence[str], batch_size: int = 256, **kw) -> RawScores:
        """Score normalised texts in length-sorted batches (evaluation and calibration)."""
        encoded = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        parts: list[tuple[list[int], RawScores]] = []
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            parts.append((idx, self.raw_ids([encoded[i] for i in idx], **kw)))
        n = len(texts)
        attack = np.zeros(n, dtype=np.float32)
        logit = np.zeros(n, dtype=np.float32)
        anomaly = np.zeros(n, dtype=np.float32) if parts and parts[0][1].anomaly is not None else None
        tops: list[tuple[str, ...]] = [()] * n
        for idx, raw in parts:
            attack[idx] = raw.attack_logit
            logit[idx] = raw.logit
            if anomaly is not None and raw.anomaly is not None:
                anomaly[idx] = raw.anomaly
            for i, t in zip(idx, raw.top_tokens):
                tops[i] = t
        return RawScores(attack, anomaly, logit, tops)

    def _score_windows(self, windowed: list[list[list[int]]]) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        """Each reading's most attack-like window: (its logit, that window's top tokens);
        windows after the first pay `window_margin`."""
        logits, tops, owner, is_extra = self._window_logits(windowed, explain=True)
        logits = logits - self.params.window_margin * is_extra
        best = [-1] * len(windowed)
        for j, i in enumerate(owner.tolist()):
            if best[i] < 0 or logits[j] > logits[best[i]]:
                best[i] = j
        return logits[best], [tops[j] for j in best]

    def _window_logits(
        self, windowed: list[list[list[int]]], explain: bool
    ) -> tuple[np.ndarray, list[tuple[str, ...]], np.ndarray, np.ndarray]:
        """Every window of every request scored in the same length-grouped passes:
        (logit per window, its top tokens, the request it belongs to, whether it is a later window)."""
        flat = [w for windows in windowed for w in windows]
        owner = np.array([i for i, windows in enumerate(windowed) for _ in windows], dtype=np.int64)
        is_extra = np.array([k > 0 for windows in windowed for k in range(len(windows))], dtype=bool)
        logits = np.zeros(len(flat), dtype=np.float32)
        tops: list[tuple[str, ...]] = [()] * len(flat)
        for idx in length_groups([len(w) for w in flat], self.group_tokens):
            raw = self.raw_ids([flat[j] for j in idx], explain=explain)
            logits[idx] = raw.logit
            for j, t in zip(idx, raw.top_tokens):
                tops[j] = t
        return logits, tops, owner, is_extra

    def encode_windows(self, texts: Sequence[str]) -> list[list[list[int]]]:
        """Token windows per normalised text (one window, as `encode_batch`, when it fits)."""
        out: list[list[list[int]]] = []
        for text in texts:
            windows, capped = request_windows(self.tokenizer, text, self.max_windows, self.window_len)
            self.windows_capped += capped
            out.append(windows)
        return out

    def window_logits(self, texts: Sequence[str]) -> np.ndarray:
        """Final logit of each text (`text_of`) as served (windows, margin, fields): for calibration and evaluation."""
        return self.window_parts(texts).at(self.params.window_margin)

    def window_parts(self, texts: Sequence[str]) -> "WindowParts":
        """Per text, its readings' first-window and best later-window logits, from which
        any margin's final logit follows without rescoring (`WindowParts.at`)."""
        readings = [t.split(FIELD_SEP) for t in texts]
        flat = [r for rs in readings for r in rs]
        distinct = {text: i for i, text in enumerate(dict.fromkeys(flat))}  # a header or path many requests share
        logits, _, owner, is_extra = self._window_logits(self.encode_windows(list(distinct)), explain=False)
        first = np.full(len(distinct), -np.inf, dtype=np.float32)
        extra = np.full(len(distinct), -np.inf, dtype=np.float32)
        first[owner[~is_extra]] = logits[~is_extra]
        np.maximum.at(extra, owner[is_extra], logits[is_extra])
        where = np.fromiter((distinct[text] for text in flat), dtype=np.int64, count=len(flat))
        first, extra = first[where], extra[where]
        text_of = np.repeat(np.arange(len(texts)), [len(rs) for rs in readings])
        whole = np.r_[True, text_of[1:] != text_of[:-1]] if len(flat) else np.zeros(0, dtype=bool)
        if whole.all():
            return WindowParts(first, extra)
        field_first = np.full(len(texts), -np.inf, dtype=np.float32)
        field_extra = np.full(len(texts), -np.inf, dtype=np.float32)
        np.maximum.at(field_first, text_of[~whole], first[~whole])
        np.maximum.at(field_extra, text_of[~whole], extra[~whole])
        return WindowParts(first[whole], extra[whole], field_first, field_extra, self.params.field_weight,
                           self.params.field_floor)

    def score_texts(self, texts: Sequence[str]) -> list[ScoreResult]:
        """Tokenise and run the model on distinct texts (`text_of`): the part of a batch that
        needs torch (a `ProcessScorer` does it in the model's own process). Fields are read in a
        second pass, only for requests at or above `field_floor`; the reading that scored highest
        (the whole request or one field) names the top tokens."""
        readings = [t.split(FIELD_SEP) for t in texts]
        whole, whole_tops = self._score_windows(self.encode_windows([rs[0] for rs in readings]))
        floor, w = self.params.field_floor, self.params.field_weight
        read = [i for i, rs in enumerate(readings) if len(rs) > 1 and (floor is None or whole[i] >= floor)]
        best: dict[int, tuple[float, tuple[str, ...]]] = {}  # request -> its best field's logit and tokens
        if read:  # a second pass, for the requests whose fields count
            fields, field_tops = self._score_windows(self.encode_windows([f for i in read for f in readings[i][1:]]))
            start = 0
            for i in read:
                n = len(readings[i]) - 1
                j = start + int(np.argmax(fields[start : start + n]))
                best[i] = (fields[j], field_tops[j])
                start += n
        out: list[ScoreResult] = []
        for i in range(len(texts)):
            final, tops = whole[i], whole_tops[i]
            if i in best:
                field, field_top = best[i]
                final = (1.0 - w) * whole[i] + w * field
                tops = field_top if field > whole[i] else tops
            out.append(ScoreResult(float(sigmoid(np.float32(final))), tops))
        return out

    def close(self) -> None:
        """Release what the scorer holds (nothing here; see ProcessScorer)."""

    def score_batch(self, views: Sequence[RequestView]) -> list[ScoreResult]:
        if not views:
            return []
        texts = self.normalize(views)
        key = self._params_key()
        if key != self._cache_key:  # scoring parameters changed: cached scores are stale
            self._cache.clear()
            self._cache_key = key
        results: list[ScoreResult | None] = [self._cache.get(t) for t in texts]
        missing = [i for i, r in enumerate(results) if r is None]
        if missing:
            todo = list(dict.fromkeys(texts[i] for i in missing))  # score each distinct text once
            scored = dict(zip(todo, self.score_texts(todo)))
            for i in missing:
                results[i] = scored[texts[i]]
            if self.cache_size:
                self._cache.update(scored)
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        if self.profile is not None:  # per view, not cached: masking hid the values it judges
            results = [self.with_profile(v, r) for v, r in zip(views, results)]  # type: ignore[arg-type]
        return results  # type: ignore[return-value]

    def with_profile(self, view: RequestView, result: ScoreResult) -> ScoreResult:
        """The model's result, raised to profile.score (and explained) when the request
        departs from the app's learned parameter profile."""
        assert self.profile is not None
        reasons = self.profile.violations(view)
        if not reasons:
            return result
        self.profile_hits += 1
        if result.score >= self.profile.score:
            return result
        return ScoreResult(self.profile.score, tuple(f"profile: {r}" for r in reasons[:TOP_TOKENS]))


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))


def logit(p: float) -> float:
    p = min(max(p, 1e-7), 1 - 1e-7)
    return math.log(p / (1 - p))
