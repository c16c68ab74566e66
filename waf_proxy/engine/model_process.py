"""The model in a process of its own, so that inference never competes with the event loop for the GIL.

In one process the batcher's worker thread and the event loop share one interpreter:
while the worker tokenises a batch and builds its tensors, no request is parsed or
forwarded, and at high load the queue behind that shapes the latency tail. Here the
event loop's process keeps what must see the request (normalisation, the score
cache, the app's parameter profile) and sends each batch's distinct normalised texts
down a pipe to a child process that tokenises them and runs the model; the worker
thread waits on the pipe with the GIL released. A child that dies or stops
answering fails its batch (the engine fails open or closed as configured) and is
started again for the next one.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable, Sequence

import structlog

from waf_proxy.engine.heap import freeze_heap
from waf_proxy.engine.scorer import ScoreResult, TransformerScorer

log = structlog.get_logger(__name__)

START_TIMEOUT_S = 120.0  # importing torch and tracing the model take seconds on a busy box
CALL_TIMEOUT_S = 30.0  # a batch the child has not answered by then is lost: restart it
RESTART_BACKOFF_S = 5.0  # after a failed restart, batches fail at once for this long (no spawn storm)
_READY = "ready"
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder that holds waf_proxy/


class ModelProcessError(RuntimeError):
    """The model process failed, died or did not answer in time."""


def serve(conn: Connection, model_dir: str, options: dict[str, Any]) -> None:
    """Child process main loop: lists of normalised texts in, (score, top tokens) tuples out."""
    from waf_proxy.engine.artifacts import load_scorer

    try:
        scorer = load_scorer(model_dir, profile=False, **options)
        scorer.cache_size = 0  # the parent's cache answers repeats before they get here
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which refuses the model
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    freeze_heap()  # torch's objects out of the cycle collector's walks
    conn.send((_READY, scorer.version))
    while True:
        try:
            texts = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if texts is None:
            return
        try:
            conn.send(("ok", [(r.score, r.top_tokens) for r in scorer.score_texts(texts)]))
        except Exception as exc:  # noqa: BLE001 - one failed batch, not a dead process
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class ModelProcess:
    """One child process running `load_scorer(model_dir, **options)`; calls are serialised.

    The child is a fresh interpreter (`python -m waf_proxy.engine.model_process`), not a
    fork (a forked copy of a process running torch threads and an event loop can
    deadlock on locks held by threads that were not copied) and not multiprocessing's
    spawn (which re-runs the parent's main script: an app that mounts the middleware
    without a `__main__` guard would start itself again).
    """

    def __init__(self, model_dir: str | Path, options: dict[str, Any], start_timeout_s: float = START_TIMEOUT_S) -> None:
        self.model_dir = str(model_dir)
        self.options = dict(options)
        self.start_timeout_s = start_timeout_s
        self.restarts = 0
        self.on_restart: Callable[[], None] | None = None  # e.g. a Prometheus counter's inc
        self._retry_at = 0.0
        self.version = ""  # as the child loaded it
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._closed = False
        self._start()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def _start(self) -> None:
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p)
        cmd = [sys.executable, "-m", "waf_proxy.engine.model_process", str(theirs.fileno()), self.model_dir,
               json.dumps(self.options)]
        try:
            proc = subprocess.Popen(cmd, pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL)
        finally:
            theirs.close()
        conn = Connection(ours.detach())
        self._conn, self._proc = conn, proc
        try:
            if not conn.poll(self.start_timeout_s):
                raise ModelProcessError(f"model process did not start within {self.start_timeout_s:g} s")
            status, payload = conn.recv()
        except (EOFError, OSError) as exc:
            self._kill()
            raise ModelProcessError(f"model process exited while loading (exit code {proc.poll()})") from exc
        except ModelProcessError:
            self._kill()
            raise
        if status != _READY:
            self._kill()
            raise ModelProcessError(f"model process could not load {self.model_dir!r}: {payload}")
        self.version = str(payload)

    def _kill(self) -> None:
        conn, proc = self._conn, self._proc
        self._conn = self._proc = None
        if conn is not None:
            conn.close()
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(5)

    def _restart(self) -> None:
        """Start a new child, at most once per RESTART_BACKOFF_S while starting fails."""
        now = time.monotonic()
        if now < self._retry_at:
            raise ModelProcessError(f"model process down; next start in {self._retry_at - now:.1f} s")
        self.restarts += 1
        log.warning("model_process_restart", restarts=self.restarts, model=self.model_dir)
        if self.on_restart is not None:
            self.on_restart()
        try:
            self._start()
        except ModelProcessError:
            self._retry_at = time.monotonic() + RESTART_BACKOFF_S
            raise

    def score_texts(self, texts: Sequence[str], timeout_s: float = CALL_TIMEOUT_S) -> list[ScoreResult]:
        """Results for `texts`, in order. Raises ModelProcessError (the batch fails) when the
        child errs, dies or times out; a dead or hung child is replaced before the next call."""
        with self._lock:
            if self._closed:
                raise ModelProcessError("model process is closed")
            if self._conn is None:  # the last call lost the child: start a new one
                self._restart()
            conn = self._conn
            assert conn is not None
            try:
                conn.send(list(texts))
                if not conn.poll(timeout_s):
                    self._kill()
                    raise ModelProcessError(f"model process did not answer within {timeout_s:g} s")
                status, payload = conn.recv()
            except (EOFError, OSError) as exc:
                code = self._proc.poll() if self._proc is not None else None
                self._kill()
                raise ModelProcessError(f"model process died (exit code {code})") from exc
        if status != "ok":
            raise ModelProcessError(f"model process: {payload}")
        return [ScoreResult(float(score), tuple(tokens)) for score, tokens in payload]

    def close(self, timeout_s: float = 5.0) -> None:
        """Ask the child to exit once the call in flight (if any) has finished; kill it if it lingers."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            conn, proc = self._conn, self._proc
            if conn is not None:
                try:
                    conn.send(None)
                except OSError:
                    pass
            if proc is not None:
                try:
                    proc.wait(timeout_s)
                except subprocess.TimeoutExpired:
                    pass
            self._kill()


class ProcessScorer(TransformerScorer):
    """A TransformerScorer whose tokenising and inference run in a `ModelProcess`.

    Normalisation, the score cache and the profile stay in this process (they need
    the request, and a cache hit must not cross a pipe); only distinct uncached
    normalised texts travel to the child.
    """

    def __init__(self, *args: Any, process: ModelProcess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.process = process

    def score_texts(self, texts: Sequence[str]) -> list[ScoreResult]:
        return self.process.score_texts(texts)

    def close(self) -> None:
        self.process.close()


def main(argv: list[str]) -> None:
    """`python -m waf_proxy.engine.model_process FD MODEL_DIR OPTIONS_JSON` (started by ModelProcess)."""
    fd, model_dir, options = int(argv[0]), argv[1], json.loads(argv[2])
    serve(Connection(fd), model_dir, options)


if __name__ == "__main__":
    main(sys.argv[1:])
