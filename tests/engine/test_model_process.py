"""The model in its own process: same scores as in-process, failures local to a batch, restart, close."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from waf_proxy.config import Settings
from waf_proxy.decision import DecisionEngine, build_engine
from waf_proxy.engine.artifacts import ModelDirError, load_scorer
from waf_proxy.engine.model_process import ModelProcess, ModelProcessError, ProcessScorer
from waf_proxy.inspect import RequestView

VIEWS = [
    RequestView("GET", "/index.html", "", (("user-agent", "mozilla/5.0"),)),
    RequestView("GET", "/item", "id=1'+or+1=1--"),
    RequestView("POST", "/login", "", (("content-type", "application/x-www-form-urlencoded"),), b"user=bob&pw=x"),
    RequestView("GET", "/search", "q=" + "red+shoes+" * 40),  # several windows
]


@pytest.fixture
def process_scorer(tiny_model_dir: Path):
    scorer = load_scorer(tiny_model_dir, process=True)
    yield scorer
    scorer.close()


def test_scores_match_the_in_process_scorer(process_scorer, tiny_model_dir: Path) -> None:
    local = load_scorer(tiny_model_dir)
    assert isinstance(process_scorer, ProcessScorer)
    assert process_scorer.process.pid != os.getpid()
    got, want = process_scorer.score_batch(VIEWS), local.score_batch(VIEWS)
    assert [r.score for r in got] == pytest.approx([r.score for r in want], abs=1e-6)
    assert [r.top_tokens for r in got] == [r.top_tokens for r in want]
    assert process_scorer.version == local.version == "tiny-1"


def test_repeats_are_answered_by_the_parent_cache(process_scorer) -> None:
    first = process_scorer.score_batch(VIEWS[:1])[0]
    assert process_scorer.cached(VIEWS[0]) == first  # no trip to the child


def test_a_killed_child_fails_one_batch_and_is_replaced(process_scorer) -> None:
    before = process_scorer.process.pid
    os.kill(before, signal.SIGKILL)
    time.sleep(0.2)
    with pytest.raises(ModelProcessError, match="died"):
        process_scorer.score_batch([RequestView("GET", "/a", "q=1")])
    result = process_scorer.score_batch([RequestView("GET", "/b", "q=2")])
    assert 0.0 <= result[0].score <= 1.0
    assert process_scorer.process.pid != before and process_scorer.process.restarts == 1


def test_a_child_that_does_not_answer_is_killed(process_scorer) -> None:
    pid = process_scorer.process.pid
    os.kill(pid, signal.SIGSTOP)  # hung, not dead
    try:
        with pytest.raises(ModelProcessError, match="did not answer"):
            process_scorer.process.score_texts(["GET /x"], timeout_s=0.5)
    finally:
        try:
            os.kill(pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
    assert process_scorer.score_batch([RequestView("GET", "/c", "q=3")])[0].score >= 0.0


def test_close_stops_the_child(tiny_model_dir: Path) -> None:
    scorer = load_scorer(tiny_model_dir, process=True)
    proc = scorer.process._proc
    scorer.close()
    assert proc is not None and proc.wait(5) == 0  # it exited on its own (asked, not killed)
    with pytest.raises(ModelProcessError, match="closed"):
        scorer.score_batch([RequestView("GET", "/d", "q=4")])


def test_a_directory_the_child_cannot_load_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelProcessError, match="could not load"):
        ModelProcess(tmp_path / "missing", {})
    with pytest.raises(ModelDirError):
        load_scorer(tmp_path / "missing", process=True)


async def test_engine_fails_open_while_the_child_is_replaced(tiny_model_dir: Path) -> None:
    settings = Settings(model={"path": str(tiny_model_dir), "process": True, "threshold": 0.99},
                        batcher={"max_wait_ms": 1, "timeout_ms": 5000})
    engine = build_engine(settings)
    assert isinstance(engine.scorer, ProcessScorer)
    await engine.start()
    try:
        ok = await engine.decide(RequestView("GET", "/e", "q=5"), "192.0.2.1", "r1")
        assert ok.outcome == "allow" and ok.score is not None
        os.kill(engine.scorer.process.pid, signal.SIGKILL)
        time.sleep(0.2)
        lost = await engine.decide(RequestView("GET", "/f", "q=6"), "192.0.2.1", "r2")
        assert (lost.outcome, lost.forward) == ("fail_open", True)
        again = await engine.decide(RequestView("GET", "/g", "q=7"), "192.0.2.1", "r3")
        assert again.outcome == "allow" and again.score is not None
    finally:
        proc = engine.scorer.process._proc
        await engine.stop()
    assert proc is not None and proc.poll() is not None  # stop() closed the child


async def test_swapping_models_closes_the_old_child(tiny_model_dir: Path, monkeypatch) -> None:
    monkeypatch.setattr("waf_proxy.decision.CLOSE_GRACE_S", 0.0)
    settings = Settings(model={"path": str(tiny_model_dir), "process": True}, batcher={"max_wait_ms": 1})
    engine = DecisionEngine(settings, load_scorer(tiny_model_dir, process=True))
    await engine.start()
    old = engine.scorer
    old_proc = old.process._proc
    try:
        engine.swap_scorer(load_scorer(tiny_model_dir, process=True))
        decision = await engine.decide(RequestView("GET", "/h", "q=8"), "192.0.2.1", "r4")
        assert decision.score is not None
        assert old_proc is not None and old_proc.wait(10) == 0
    finally:
        await engine.stop()


def test_a_child_that_cannot_start_again_is_retried_after_a_backoff(tiny_model_dir: Path, tmp_path: Path) -> None:
    moved = tmp_path / "moved"
    process = ModelProcess(tiny_model_dir, {})
    restarts = []
    process.on_restart = lambda: restarts.append(1)
    try:
        os.kill(process.pid, signal.SIGKILL)
        time.sleep(0.2)
        with pytest.raises(ModelProcessError, match="died"):
            process.score_texts(["GET /a"])
        tiny_model_dir.rename(moved)  # the next start fails: the directory is gone
        with pytest.raises(ModelProcessError, match="could not load"):
            process.score_texts(["GET /b"])
        started = time.monotonic()
        with pytest.raises(ModelProcessError, match="down; next start in"):
            process.score_texts(["GET /c"])  # within the backoff: fails at once, spawns nothing
        assert time.monotonic() - started < 0.5 and process.restarts == 1 == len(restarts)
        moved.rename(tiny_model_dir)
        process._retry_at = 0.0  # the backoff has passed
        assert 0.0 <= process.score_texts(["GET /d"])[0].score <= 1.0
        assert process.restarts == 2 == len(restarts)
    finally:
        if moved.exists():
            moved.rename(tiny_model_dir)
        process.close()


async def test_restarts_are_counted_in_the_metrics(tiny_model_dir: Path) -> None:
    from waf_proxy.ops.metrics import get_metrics

    counter = get_metrics().model_process_restarts
    before = counter._value.get()
    engine = DecisionEngine(Settings(model={"path": str(tiny_model_dir)}), load_scorer(tiny_model_dir, process=True))
    await engine.start()
    try:
        os.kill(engine.scorer.process.pid, signal.SIGKILL)
        time.sleep(0.2)
        await engine.decide(RequestView("GET", "/i", "q=9"), "192.0.2.1", "r5")  # fails open, child lost
        await engine.decide(RequestView("GET", "/j", "q=10"), "192.0.2.1", "r6")  # started again
        assert counter._value.get() == before + 1
    finally:
        await engine.stop()


def test_the_child_exits_when_the_parent_dies_without_closing_it(tiny_model_dir: Path) -> None:
    """A SIGKILLed proxy must not leave its model process behind."""
    import subprocess
    import sys

    code = (
        "import os, sys\n"
        "from waf_proxy.engine.model_process import ModelProcess\n"
        f"p = ModelProcess({str(tiny_model_dir)!r}, {{}})\n"
        "print(p.pid, flush=True)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    parent = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    child = int(parent.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return
        if state in ("Z", "X"):  # exited; nobody has reaped it yet (PID 1 in a container may not)
            return
        time.sleep(0.1)
    os.kill(child, signal.SIGKILL)
    raise AssertionError("the model process outlived its parent")
