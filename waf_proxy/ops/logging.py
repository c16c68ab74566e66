"""Structured logs: one JSON line per request worth a look, secrets removed.

`configure_logging(settings)` sets structlog to write JSON to stdout (one
object per line, what log shippers want). `log_request(...)` is the one call
per request: blocks, would-be blocks, failures and suspicious passes at info or
warning; ordinary passes at debug, so they cost nothing at the default level.

Redaction: values of `settings.log.redact_headers` and of query/form parameters
named in `settings.log.redact_params` are replaced by "[REDACTED]", and those
same values are scrubbed from every other logged string (path, referer, the
model's top tokens), because a secret sent in a cookie can also show up
elsewhere in the request.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, Iterable, Mapping, Protocol, Sequence
from urllib.parse import quote, unquote_plus

import structlog

from waf_proxy.config import LogSettings, Settings
from waf_proxy.exclusions import SKIP_KEY

REDACTED = "[REDACTED]"
LOGGER_NAME = "waf"
EVENT = "waf.request"

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}


def configure_logging(settings: Settings, *, stream: Any = None, cache: bool = True) -> None:
    """Send structlog (and stdlib logging, e.g. uvicorn's) to stdout as JSON lines.

    `stream` defaults to sys.stdout looked up at each write, so pytest's capture works;
    `cache=False` lets tests reconfigure freely.
    """
    level = _LEVELS[settings.log.level]
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if settings.log.format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=_StdoutFactory(stream),
        cache_logger_on_first_use=cache,
    )
    # stdlib loggers (uvicorn, httpx, ...) go through the same renderer.
    handler = logging.StreamHandler(stream if stream is not None else _StdoutProxy())
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processor=renderer,
            foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
        )
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_waf_handler", False)]:
        root.removeHandler(old)
    handler._waf_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("uvicorn.access", "httpx", "httpcore", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class _StdoutProxy:
    """A file that is whatever sys.stdout is at write time."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


class _StdoutFactory:
    def __init__(self, stream: Any = None) -> None:
        self._stream = stream

    def __call__(self, *args: Any) -> structlog.PrintLogger:
        return structlog.PrintLogger(self._stream if self._stream is not None else _StdoutProxy())


def get_logger(name: str = LOGGER_NAME) -> Any:
    return structlog.get_logger(name)


_request_log = get_logger()  # a lazy proxy: follows configure_logging, cached after first use


# -- redaction ------------------------------------------------------------------


def redact_query(query: str, params: Iterable[str]) -> tuple[str, list[str]]:
    """Replace the values of sensitive parameters; return the new query and the removed values."""
    if not query:
        return query, []
    names = {p.lower() for p in params}
    secrets: list[str] = []
    parts = []
    for piece in query.split("&"):
        name, sep, value = piece.partition("=")
        if sep and unquote_plus(name).strip().lower() in names and value:
            secrets += [value, unquote_plus(value)]
            parts.append(f"{name}={quote(REDACTED)}")
        else:
            parts.append(piece)
    return "&".join(parts), secrets


def redact_headers(
    headers: Iterable[tuple[str, str]], names: Iterable[str]
) -> tuple[dict[str, str], list[str]]:
    """Headers as a dict with sensitive values replaced; plus the removed values."""
    sensitive = {n.lower() for n in names}
    out: dict[str, str] = {}
    secrets: list[str] = []
    for name, value in headers:
        key = name.lower()
        if key in sensitive:
            out[key] = REDACTED
            secrets.append(value)
            # cookie pairs may reappear individually (a=b; c=d)
            if key in ("cookie", "set-cookie"):
                secrets += [v.partition("=")[2].strip() for v in value.split(";") if "=" in v]
        else:
            out[key] = value
    return out, secrets


def form_secrets(body: bytes, content_type: str, params: Iterable[str]) -> list[str]:
    """Values of sensitive fields in an url-encoded body, so they can be scrubbed elsewhere."""
    if content_type != "application/x-www-form-urlencoded" or not body:
        return []
    return redact_query(body.decode("latin-1"), params)[1]


def scrub(text: str, secrets: Sequence[str]) -> str:
    """Remove every secret value (longest first) from a string."""
    for secret in sorted({s for s in secrets if len(s) >= 3}, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


# -- the per-request event ----------------------------------------------------


class _DecisionLike(Protocol):
    outcome: str
    score: float | None
    threshold: float
    mode: str
    request_id: str
    top_tokens: tuple[str, ...]
    error: str | None
    queue_ms: float
    inference_ms: float
    model_version: str


class _ViewLike(Protocol):
    method: str
    path: str
    query: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def content_type(self) -> str: ...


def request_level(decision: _DecisionLike, log: LogSettings) -> str:
    """info/warning for what an operator must see, debug for ordinary passes."""
    if decision.outcome in ("fail_open", "fail_closed"):
        return "warning"
    if decision.outcome in ("block", "monitor"):
        return "info"
    score = decision.score
    if score is not None and decision.threshold > 0 and score >= log.suspicious_ratio * decision.threshold:
        return "info"
    if score is not None and score >= decision.threshold:  # scored over threshold but passed (learn/off)
        return "info"
    return "debug"


def request_event(
    decision: _DecisionLike,
    view: _ViewLike,
    *,
    client: str,
    log: LogSettings,
    upstream_ms: float | None = None,
    status: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The fields of one request's log event, redacted; pure, so it is easy to test."""
    headers, header_secrets = redact_headers(view.headers, log.redact_headers)
    query, query_secrets = redact_query(view.query, log.redact_params)
    secrets = header_secrets + query_secrets + form_secrets(view.body, view.content_type, log.redact_params)
    for name in ("referer", "user-agent"):
        if name in headers:
            ref = headers[name]
            base, sep, ref_query = ref.partition("?")
            if sep:
                ref = base + "?" + redact_query(ref_query, log.redact_params)[0]
            headers[name] = scrub(ref, secrets)
    event: dict[str, Any] = {
        "request_id": decision.request_id,
        "client": client,
        "method": view.method,
        "path": scrub(view.path, secrets),
        "query": scrub(query, secrets),
        "outcome": decision.outcome,
        "score": None if decision.score is None else round(float(decision.score), 4),
        "threshold": round(float(decision.threshold), 4),
        "mode": decision.mode,
        "top_tokens": [scrub(t, secrets) for t in decision.top_tokens],
        "queue_ms": round(float(decision.queue_ms), 3),
        "inference_ms": round(float(decision.inference_ms), 3),
        "upstream_ms": None if upstream_ms is None else round(float(upstream_ms), 3),
        "status": status,
        "model_version": decision.model_version,
        "user_agent": headers.get("user-agent", ""),
    }
    if "referer" in headers:
        event["referer"] = headers["referer"]
    if decision.error:
        event["error"] = decision.error
    skip = (getattr(view, "extra", None) or {}).get(SKIP_KEY)
    if skip is not None:  # so that "why was this let through?" has its answer in the event
        event["excluded_params"] = list(skip.patterns)
    for key, value in extra.items():
        event[key] = scrub(value, secrets) if isinstance(value, str) else value
    return event


def log_request(
    decision: _DecisionLike,
    view: _ViewLike,
    *,
    client: str,
    settings: Settings,
    upstream_ms: float | None = None,
    status: int | None = None,
    logger: Any = None,
    **extra: Any,
) -> None:
    """Emit the one event for this request (at the level `request_level` picks)."""
    level = request_level(decision, settings.log)
    if level == "debug" and settings.log.level != "debug":
        return  # ordinary passes cost nothing at the default level
    log = logger if logger is not None else _request_log
    fields = request_event(
        decision, view, client=client, log=settings.log, upstream_ms=upstream_ms, status=status, **extra
    )
    getattr(log, level)(EVENT, **fields)


def redact_mapping(data: Mapping[str, str], names: Iterable[str]) -> dict[str, str]:
    """A copy of a header-like mapping with sensitive values replaced (for other log sites)."""
    sensitive = {n.lower() for n in names}
    return {k: (REDACTED if k.lower() in sensitive else v) for k, v in data.items()}
