"""Score -> allow / block / monitor: thresholds, modes, exemptions and the fail policy.

The proxy, the middleware and the decision API all ask one `DecisionEngine`,
so a request is judged the same way whichever door it came through. Every
decision leaves through `DecisionEngine._finish`, the one place to hang logs
and metrics on.
"""

from __future__ import annotations

import asyncio
import collections
import importlib
import ipaddress
import posixpath
import re
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote

import structlog

from waf_proxy.config import Settings
from waf_proxy.engine.batcher import BatcherError, MicroBatcher, QueueFull, Scored
from waf_proxy.engine.heap import freeze_heap
from waf_proxy.engine.scorer import Scorer
from waf_proxy.exclusions import SKIP_KEY, Exclusions
from waf_proxy.inspect import RequestView
from waf_proxy.ops.metrics import get_metrics

CLOSE_GRACE_S = 1.0  # a replaced model is closed this long after the swap (batches take milliseconds)

Outcome = Literal["allow", "block", "monitor", "exempt", "fail_open", "fail_closed"]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

log = structlog.get_logger(__name__)

_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    forward: bool
    score: float | None
    threshold: float
    mode: str
    request_id: str
    top_tokens: tuple[str, ...] = ()
    error: str | None = None
    queue_ms: float = 0.0
    inference_ms: float = 0.0
    model_version: str = ""
    reason: str = ""  # why, for logs: "model", "block_path", "exempt_network", ...

    @property
    def status_code(self) -> int | None:
        """The status the WAF answers with itself, or None when the request is forwarded."""
        if self.forward:
            return None
        return 503 if self.outcome == "fail_closed" else 403


def request_id_from(value: str | None) -> str:
    """Keep the client's X-Request-ID when it is short and plain, else make one.

    A hostile id could inject into logs or headers, so anything else is replaced.
    """
    if value and _REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def canonical_path(raw_path: str) -> str:
    """The path as the upstream will most likely resolve it, for prefix rules.

    Decoding and resolving dot segments first means `/health/../admin` is not
    exempt as `/health`, and `/%61dmin` is blocked as `/admin`. What some servers
    drop is dropped too: `;params` in a segment (Tomcat, Jetty, Spring:
    `/x/..;/admin` is `/admin`), anything from a NUL on, and trailing dots and
    spaces (IIS: `/admin.` is `/admin`).
    """
    path = raw_path.split("?", 1)[0]
    for _ in range(3):  # undo double encoding too, but bounded
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    path = path.split("\x00", 1)[0].replace("\\", "/")
    segments = []
    for segment in path.split("/"):
        segment = segment.split(";", 1)[0]
        segments.append(segment if segment in (".", "..") else segment.rstrip(" ."))
    return posixpath.normpath("/" + "/".join(segments).lstrip("/"))


def _prefix_match(path: str, prefixes: tuple[str, ...]) -> bool:
    """Prefix on a segment boundary: `/health` matches `/health` and `/health/x`, not `/healthy`."""
    for prefix in prefixes:
        if prefix == "/" or path == prefix or path.startswith(prefix if prefix.endswith("/") else prefix + "/"):
            return True
    return False


def _networks(values: list[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(v, strict=False) for v in values)


def _in_networks(client_ip: str | None, networks: tuple[Network, ...]) -> bool:
    if not client_ip or not networks:
        return False
    try:
        address = ipaddress.ip_address(client_ip.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def _learn_recorder(settings: Settings) -> Any | None:
    """H2's learn-mode recorder, when that module exists in this build."""
    try:
        module = importlib.import_module("waf_proxy.ops.learn")
    except ImportError:
        return None
    recorder_cls = getattr(module, "LearnRecorder", None)
    if recorder_cls is None:
        return None
    factory = getattr(recorder_cls, "from_settings", None)
    try:
        return factory(settings) if factory else recorder_cls(settings)
    except Exception as exc:  # learning is best-effort; never take serving down
        log.error("learn_recorder_unavailable", error=repr(exc))
        return None


class DecisionEngine:
    """One per process: the shared batcher plus the rules around the model's score."""

    def __init__(self, settings: Settings, scorer: Scorer | None) -> None:
        self.settings = settings
        self.mode = settings.mode
        self.fail_mode = settings.fail_mode
        self.scorer = scorer
        if scorer is None and settings.mode != "off":
            raise ValueError(f"mode {settings.mode!r} needs a scorer")
        self._configure(scorer)
        self.batcher = MicroBatcher(
            scorer.score_batch if scorer is not None else _no_model,
            max_batch_size=settings.batcher.max_batch_size,
            max_wait_ms=settings.batcher.max_wait_ms,
            quiet_ms=settings.batcher.quiet_ms,
            max_queue=settings.batcher.max_queue,
            timeout_ms=settings.batcher.timeout_ms,
        )
        # Batch size, inference time and queue depth are counted where batches complete.
        self.metrics = get_metrics()
        self.metrics.bind_batcher(self.batcher)
        if scorer is not None:
            self.metrics.set_model(self.model_version)
        self._exempt_paths = tuple(p.rstrip("/") or "/" for p in settings.exempt_paths)
        self._block_paths = tuple((p.rstrip("/") or "/").lower() for p in settings.block_paths)
        self._exempt_networks = _networks(settings.exempt_networks)
        self._exclusions = Exclusions.from_settings(settings.exclude)
        self._block_networks = _networks(settings.block_networks)
        self._learn = _learn_recorder(settings) if settings.mode == "learn" else None
        self._started = False
        self.outcomes: collections.Counter[str] = collections.Counter()  # outcome -> count

    # -- lifecycle -------------------------------------------------------------

    @property
    def threshold(self) -> float:
        if self.settings.model.threshold is not None:
            return float(self.settings.model.threshold)
        return float(self.scorer.threshold) if self.scorer is not None else 1.0

    @property
    def model_version(self) -> str:
        return str(getattr(self.scorer, "version", "")) if self.scorer is not None else ""

    @property
    def ready(self) -> bool:
        return self._started and (self.mode == "off" or self.batcher.running)

    async def start(self) -> None:
        if not self._started:
            await self.batcher.start()
            self._started = True
            freeze_heap()

    async def stop(self) -> None:
        if self._started:
            self._started = False
            await self.batcher.stop()
            await asyncio.to_thread(_close, self.scorer)
            close = getattr(self._learn, "close", None)
            if close is not None:
                try:
                    close()
                except Exception as exc:
                    log.error("learn_close_error", error=repr(exc))

    def swap_scorer(self, scorer: Scorer) -> None:
        """Use a new model from the next batch on (reload); batches in flight finish on the old."""
        self._configure(scorer)
        self.batcher.set_score_fn(scorer.score_batch)
        old, self.scorer = self.scorer, scorer
        if old is not None and old is not scorer:
            # a batch may have taken the old model's score function a moment ago: close it
            # off the event loop after a grace period (a model process also waits for the
            # batch it is running)
            threading.Thread(target=_close, args=(old, CLOSE_GRACE_S), name="waf-close-scorer", daemon=True).start()

    def _configure(self, scorer: Scorer | None) -> None:
        """Headers an operator adds to `inspect_headers` must reach the model's text too;
        a model process counts its restarts in the metrics."""
        add_headers = getattr(scorer, "add_headers", None)
        if add_headers is not None:
            add_headers(self.settings.inspect_headers)
        process = getattr(scorer, "process", None)
        if process is not None:
            process.on_restart = get_metrics().model_process_restarts.inc

    # -- deciding --------------------------------------------------------------

    async def decide(self, view: RequestView, client_ip: str | None, request_id: str) -> Decision:
        mode = self.mode
        base: dict[str, Any] = {
            "threshold": self.threshold,
            "mode": mode,
            "request_id": request_id,
            "model_version": self.model_version,
        }
        path = canonical_path(view.path) if self._block_paths or self._exempt_paths or self._exclusions else "/"
        # Operator deny rules hold in every mode: they are rules, not model guesses.
        if self._block_paths and _prefix_match(path.lower(), self._block_paths):
            return self._finish(Decision("block", False, None, reason="block_path", **base), view, client_ip)
        if _in_networks(client_ip, self._block_networks):
            return self._finish(Decision("block", False, None, reason="block_network", **base), view, client_ip)
        if mode == "off":
            return self._finish(Decision("allow", True, None, reason="mode_off", **base), view, client_ip)
        if self._exempt_paths and _prefix_match(path, self._exempt_paths):
            return self._finish(Decision("exempt", True, None, reason="exempt_path", **base), view, client_ip)
        if _in_networks(client_ip, self._exempt_networks):
            return self._finish(Decision("exempt", True, None, reason="exempt_network", **base), view, client_ip)
        if mode == "learn":
            self._record_learn(view, request_id)
            return self._finish(Decision("allow", True, None, reason="learn", **base), view, client_ip)

        if self._exclusions:
            skip = self._exclusions.skip_for(view.method, path)
            if skip is not None:
                view.extra[SKIP_KEY] = skip
        try:
            hit = self._cached(view)
            scored = hit if hit is not None else await self.batcher.submit_timed(view)
        except BatcherError as exc:
            kind = "queue_full" if isinstance(exc, QueueFull) else type(exc).__name__
            error = f"{kind}: {exc}"
            if self.fail_mode == "closed":
                decision = Decision("fail_closed", False, None, error=error, reason=kind, **base)
            else:
                decision = Decision("fail_open", True, None, error=error, reason=kind, **base)
            return self._finish(decision, view, client_ip)

        score = float(scored.result.score)
        timing = {"queue_ms": scored.queue_ms, "inference_ms": scored.inference_ms}
        tokens = tuple(scored.result.top_tokens)
        if score >= base["threshold"]:
            if mode == "block":
                decision = Decision("block", False, score, top_tokens=tokens, reason="model", **timing, **base)
            else:
                decision = Decision("monitor", True, score, top_tokens=tokens, reason="model", **timing, **base)
        else:
            decision = Decision("allow", True, score, top_tokens=tokens, reason="model", **timing, **base)
        return self._finish(decision, view, client_ip)

    def _cached(self, view: RequestView) -> Scored | None:
        """A repeat of a recently scored request, answered without the batcher (see
        TransformerScorer.cached); None for a miss, a scorer without a cache, or an error."""
        lookup = getattr(self.scorer, "cached", None)
        if lookup is None:
            return None
        try:
            result = lookup(view)
        except Exception as exc:  # the batcher path still scores it (and fails open/closed)
            log.error("cache_lookup_error", error=repr(exc))
            return None
        if result is None:
            return None
        self.metrics.cache_hits.inc()
        return Scored(result, 0.0, 0.0, 0)

    def _record_learn(self, view: RequestView, request_id: str) -> None:
        if self._learn is None:
            return
        try:
            self._learn.record(view, request_id)
        except Exception as exc:
            log.error("learn_record_error", error=repr(exc))

    def _finish(self, decision: Decision, view: RequestView, client_ip: str | None) -> Decision:
        """Every decision passes here once: the hook for logs and metrics."""
        self.outcomes[decision.outcome] += 1
        # The log event and the Prometheus counts are written by each door once the
        # answer is known (waf_proxy.ops.observe.record_request, with the upstream's
        # time), so a request yields exactly one event; failures log at warning there.
        return decision


def _close(scorer: Scorer | None, grace_s: float = 0.0) -> None:
    close = getattr(scorer, "close", None)
    if close is None:
        return
    time.sleep(grace_s)
    try:
        close()
    except Exception as exc:  # noqa: BLE001 - closing must not break stop or reload
        log.error("scorer_close_error", error=repr(exc))


def _no_model(views: object) -> list[Any]:
    raise RuntimeError("no model loaded (mode is 'off')")


def build_engine(settings: Settings) -> DecisionEngine:
    """Load the configured model (skipped in mode "off") and wrap it in an engine."""
    if settings.mode == "off":
        return DecisionEngine(settings, None)
    from waf_proxy.engine.artifacts import load_scorer

    scorer = load_scorer(settings.model.path, **settings.model.scorer_options())
    return DecisionEngine(settings, scorer)
