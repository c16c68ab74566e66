"""The admin listener: /metrics, /healthz, /readyz and POST /reload, on its own port.

It is a separate Starlette app served on `settings.admin.host:port` (default
127.0.0.1:9090), never mounted in the proxied app, so proxied traffic cannot
reach it. `ModelReloader` is the one reload path used by POST /reload and by
SIGHUP: load the model directory off the event loop, validate it (it loads, its
threshold is in [0,1], a test inference on fixed requests gives one finite score
in [0,1] per request), then `engine.swap_scorer(new)`. The batcher reads its
score function once per batch, so a batch already running finishes on the old
model and the next one uses the new; no request sees a half-swapped engine. A
model that fails any check is refused with the reason and the old one stays.
"""

from __future__ import annotations

import asyncio
import json
import math
import signal
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

import structlog
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from waf_proxy.config import Settings
from waf_proxy.inspect import RequestView
from waf_proxy.ops.metrics import CONTENT_TYPE_LATEST, Metrics, get_metrics

log = structlog.get_logger("waf.admin")

Loader = Callable[[Path], Any]  # model dir -> Scorer (may raise)

# Fixed requests every candidate model must score: one plain, one obvious attack,
# one with a body. Only sanity is checked (finite, in range, one per request), not
# the verdicts: a model adapted to another app may judge them differently.
PROBE_VIEWS: tuple[RequestView, ...] = (
    RequestView("GET", "/", "", (("user-agent", "Mozilla/5.0"),)),
    RequestView("GET", "/items", "id=1%27%20OR%20%271%27%3D%271", (("user-agent", "curl/8.0"),)),
    RequestView(
        "POST", "/login", "", (("content-type", "application/x-www-form-urlencoded"),),
        b"user=alice&note=<script>alert(1)</script>",
    ),
)


class ReloadError(Exception):
    """The candidate model was refused; the message says why."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class ReloadResult:
    path: str
    version: str
    previous_version: str
    threshold: float
    load_ms: float


def default_loader(settings: Settings) -> Loader:
    """Load a model dir the way serve does (device, int8, threads from settings)."""

    def load(path: Path) -> Any:
        from waf_proxy.engine.artifacts import load_scorer

        return load_scorer(path, **settings.model.scorer_options())

    return load


def validate_scorer(scorer: Any) -> None:
    """Refuse a scorer that could not serve: raises ReloadError with the reason."""
    threshold = getattr(scorer, "threshold", None)
    if not isinstance(threshold, (int, float)) or not 0.0 <= float(threshold) <= 1.0:
        raise ReloadError(f"model threshold {threshold!r} is not in [0, 1]")
    if not isinstance(getattr(scorer, "version", None), str):
        raise ReloadError("model has no version string")
    try:
        results = scorer.score_batch(list(PROBE_VIEWS))
    except Exception as exc:  # noqa: BLE001 - any failure refuses the model
        raise ReloadError(f"test inference failed: {type(exc).__name__}: {exc}"[:300]) from None
    if not isinstance(results, list) or len(results) != len(PROBE_VIEWS):
        raise ReloadError(f"test inference returned {len(results) if isinstance(results, list) else type(results).__name__} results for {len(PROBE_VIEWS)} requests")
    for result in results:
        score = getattr(result, "score", None)
        if not isinstance(score, (int, float)) or not math.isfinite(score) or not 0.0 <= score <= 1.0:
            raise ReloadError(f"test inference gave score {score!r} (must be finite, in [0, 1])")


class ModelReloader:
    """Load, validate and swap models; one reload at a time."""

    def __init__(
        self,
        engine: Any,
        settings: Settings,
        *,
        loader: Loader | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.loader = loader or default_loader(settings)
        self.metrics = metrics or get_metrics()
        self._lock = asyncio.Lock()

    def _current_version(self) -> str:
        scorer = getattr(self.engine, "scorer", None)
        return str(getattr(scorer, "version", "") or getattr(self.engine, "model_version", "") or "")

    async def reload(self, path: str | Path | None = None) -> ReloadResult:
        """Swap in the model at `path` (default settings.model.path) or raise ReloadError."""
        target = Path(path) if path else Path(self.settings.model.path)
        async with self._lock:
            started = time.perf_counter()
            previous = self._current_version()
            try:
                if not target.is_dir():
                    raise ReloadError(f"model directory {str(target)!r} does not exist", status=404)
                try:
                    scorer = await asyncio.to_thread(self.loader, target)
                except ReloadError:
                    raise
                except Exception as exc:  # noqa: BLE001 - bad format/version/weights: refuse
                    raise ReloadError(f"cannot load {str(target)!r}: {type(exc).__name__}: {exc}"[:400]) from None
                await asyncio.to_thread(validate_scorer, scorer)
                self.engine.swap_scorer(scorer)
            except ReloadError as exc:
                self.metrics.observe_reload(False)
                log.error("model.reload_refused", path=str(target), reason=str(exc), model_version=previous)
                raise
            result = ReloadResult(
                path=str(target),
                version=str(scorer.version),
                previous_version=previous,
                threshold=float(scorer.threshold),
                load_ms=round((time.perf_counter() - started) * 1000.0, 1),
            )
            self.metrics.observe_reload(True, result.version)
            log.info("model.reloaded", path=result.path, model_version=result.version,
                     previous_version=previous, load_ms=result.load_ms)
            return result


def create_admin_app(
    engine: Any,
    settings: Settings,
    registry: Any = None,
    *,
    metrics: Metrics | None = None,
    loader: Loader | None = None,
    reloader: ModelReloader | None = None,
) -> Starlette:
    """The admin ASGI app. `registry` (a CollectorRegistry) or `metrics` chooses what /metrics shows."""
    if metrics is None:
        metrics = get_metrics()
    if registry is None:
        registry = metrics.registry
    if reloader is None:
        reloader = ModelReloader(engine, settings, loader=loader, metrics=metrics)

    from prometheus_client import generate_latest

    def is_ready() -> bool:
        ready = getattr(engine, "ready", False)
        return bool(ready() if callable(ready) else ready)

    async def metrics_endpoint(request: Request) -> Response:
        metrics.ready.set(1 if is_ready() else 0)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok\n")

    async def readyz(request: Request) -> Response:
        ready = is_ready()
        body = {"ready": ready, "model_version": reloader._current_version()}
        return JSONResponse(body, status_code=200 if ready else 503)

    async def reload(request: Request) -> Response:
        if not settings.admin.allow_reload:
            return JSONResponse({"error": "reload disabled (admin.allow_reload = false)"}, status_code=403)
        path = request.query_params.get("path") or request.query_params.get("model")
        raw = await request.body()
        if raw.strip():
            try:
                data = json.loads(raw)
            except ValueError:
                return JSONResponse({"error": 'body must be JSON like {"path": "models/v2"}'}, status_code=400)
            if not isinstance(data, dict) or not isinstance(data.get("path", ""), str):
                return JSONResponse({"error": 'body must be JSON like {"path": "models/v2"}'}, status_code=400)
            path = data.get("path") or path
        try:
            result = await reloader.reload(path)
        except ReloadError as exc:
            return JSONResponse(
                {"error": str(exc), "model_version": reloader._current_version()}, status_code=exc.status
            )
        return JSONResponse({"status": "reloaded", **asdict(result)})

    app = Starlette(
        routes=[
            Route("/metrics", metrics_endpoint, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/reload", reload, methods=["POST"]),
        ]
    )
    app.state.reloader = reloader
    app.state.metrics = metrics
    return app


def install_sighup_reload(reloader: ModelReloader, loop: asyncio.AbstractEventLoop | None = None) -> bool:
    """Reload the configured model on SIGHUP; False where signals cannot be installed."""
    loop = loop or asyncio.get_running_loop()
    tasks: set[asyncio.Task[Any]] = set()

    async def run() -> None:
        try:
            await reloader.reload()
        except ReloadError:
            pass  # already logged and counted; the old model stays

    def on_hup() -> None:
        task = loop.create_task(run())
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    try:
        loop.add_signal_handler(signal.SIGHUP, on_hup)
    except (NotImplementedError, RuntimeError, ValueError, AttributeError):
        return False
    return True


async def serve_admin(app: Any, settings: Settings) -> "AdminServer":
    """Start the admin listener in this event loop; `await server.stop()` ends it."""
    server = AdminServer(app, settings.admin.host, settings.admin.port)
    await server.start()
    return server


class AdminServer:
    """uvicorn serving the admin app as a task of the running loop (no signal handling of its own)."""

    def __init__(self, app: Any, host: str, port: int) -> None:
        import uvicorn

        class _Server(uvicorn.Server):
            def install_signal_handlers(self) -> None:  # older uvicorn
                pass

            def capture_signals(self):  # type: ignore[no-untyped-def]  # newer uvicorn
                import contextlib

                return contextlib.nullcontext()

        config = uvicorn.Config(app, host=host, port=port, log_config=None, access_log=False, lifespan="off")
        self.server = _Server(config)
        self.where = f"{host}:{port}"
        self.task: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        """The bound port (useful with port 0)."""
        for server in getattr(self.server, "servers", []):
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        return 0

    async def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self._serve(), name="waf-admin")
        while not self.server.started:
            if self.task.done():
                # uvicorn answers a bind failure with sys.exit(1); say what failed instead.
                exc = self.task.exception() if not self.task.cancelled() else None
                raise RuntimeError(f"admin listener could not start on {self.where}: {exc!r}")
            await asyncio.sleep(0.01)

    async def _serve(self) -> None:
        try:
            await self.server.serve()
        except SystemExit:  # uvicorn's answer to a bind failure; must not end the process loop
            raise RuntimeError("bind failed (port in use or address not available)") from None

    async def stop(self) -> None:
        self.server.should_exit = True
        if self.task is not None:
            await asyncio.gather(self.task, return_exceptions=True)
