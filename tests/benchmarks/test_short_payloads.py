"""benchmarks/short_payloads.py: every payload in every field, one table row per model."""

from __future__ import annotations

from pathlib import Path

from benchmarks import short_payloads as sp

DEFAULT = Path(__file__).resolve().parents[2] / "models" / "default"


def test_grid_and_table(capsys) -> None:
    from waf_proxy.engine.artifacts import load_scorer

    scorer = load_scorer(DEFAULT, threads=1)
    grid = sp.scores(scorer, sp.ATTACKS)
    assert len(grid) == len(sp.ATTACKS) * len(sp.FIELDS) and {f for f, _, _ in grid} == {f for _, f in sp.FIELDS}
    assert sp.main([str(DEFAULT)]) == 0
    probes, stacked = capsys.readouterr().out.strip().split("\n\n")
    rows = probes.splitlines()[-len(sp.HEADERS):]  # one row per header variant
    for (name, headers), row in zip(sp.HEADERS.items(), rows):
        missed = sum(s < scorer.threshold for _, _, s in sp.scores(scorer, sp.ATTACKS, headers))
        assert f"| {name} | {missed} / {len(grid)} |" in row
        assert len(row.replace("\\|", "").split("|")) == 7  # 5 cells: pipes inside payloads are escaped
    total = len(sp.STACKED) * len(sp.STACKED_FIELDS)
    for (name, headers), row in zip(sp.HEADERS.items(), stacked.splitlines()[-len(sp.HEADERS):]):
        found = sp.scores(scorer, sp.STACKED, headers, sp.STACKED_FIELDS)
        caught = sum(s >= scorer.threshold for _, _, s in found)
        assert len(found) == total and f"| {name} | {caught} / {total} |" in row
