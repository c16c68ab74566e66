"""benchmarks/model_cost.py: models scored side by side on the same requests, in alternating order."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from benchmarks import model_cost as mc

DEFAULT = Path(__file__).resolve().parents[2] / "models" / "default"


class Recording:
    """A scorer that only records which model was asked, in what order, with what batches."""

    def __init__(self, name: str, log: list[tuple[str, int]]) -> None:
        self.name, self.log = name, log

    def window_logits(self, texts: list[str]) -> np.ndarray:
        self.log.append((self.name, len(texts)))
        return np.zeros(len(texts), dtype=np.float32)


def test_rounds_alternate_and_cover_every_text() -> None:
    log: list[tuple[str, int]] = []
    times = mc.seconds_per_round([Recording("a", log), Recording("b", log)], [["x"] * 70] * 2, rounds=3, batch=32)
    assert [len(t) for t in times] == [3, 3]
    firsts = [log[i][0] for i in range(0, len(log), 3)]  # 3 batches (32 + 32 + 6) per model per round
    assert firsts == ["a", "b", "b", "a", "a", "b"]
    assert [n for name, n in log if name == "a"] == [32, 32, 6] * 3


def test_table_names_each_model_against_the_first(capsys) -> None:
    assert mc.main([str(DEFAULT), str(DEFAULT), "--n", "10", "--rounds", "2", "--threads", "1"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith(f"| {DEFAULT}")]
    assert len(rows) == 2
    assert rows[0].endswith("| 1.00 |")
    assert " x " in rows[1].split("|")[2]
