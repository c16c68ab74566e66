"""benchmarks/train_step.py: one row per length, times for each variant, ratios from them."""

from __future__ import annotations

import argparse

import pytest

from benchmarks import train_step as ts
from waf_proxy.engine import model as model_module


def test_table_rows_and_ratios(capsys) -> None:
    assert ts.main(["--lengths", "8", "12", "--steps", "2", "--batch-size", "4", "--rounds", "1", "--threads", "1",
                    "--variants", "0.1:torch", "0", "0.3:fast"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4 and "ratio 0:fast / 0.1:torch" in lines[0] and "ratio 0.3:fast / 0.1:torch" in lines[0]
    for length, line in zip((8, 12), lines[2:]):
        cells = [c.strip() for c in line.strip("|").split("|")]
        base, off, more, r_off, r_more = map(float, cells[1:])
        assert int(cells[0]) == length and min(base, off, more) > 0
        assert abs(r_off - off / base) < 0.01 + 0.01 * r_off and abs(r_more - more / base) < 0.01 + 0.01 * r_more


def test_variants_parse_and_reject_unknown_mask_sources() -> None:
    assert ts.parse_variant("0.2") == (0.2, True) and ts.parse_variant("0.1:torch") == (0.1, False)
    with pytest.raises(argparse.ArgumentTypeError):
        ts.parse_variant("0.1:cuda")


def test_one_step_is_timed_per_batch_and_the_mask_switch_is_restored() -> None:
    assert ts.time_steps(8, 0.1, steps=3, batch=4, threads=1, fast=False) > 0
    assert model_module.FAST_CPU_DROPOUT is True
