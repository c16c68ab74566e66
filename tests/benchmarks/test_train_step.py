"""benchmarks/train_step.py: one row per length, times for each variant, ratios from them."""

from __future__ import annotations

import argparse

import pytest
import torch

from benchmarks import train_step as ts
from waf_proxy.engine import model as model_module


def test_table_rows_and_ratios(capsys) -> None:
    assert ts.main(["--lengths", "8", "12", "--steps", "2", "--batch-size", "4", "--rounds", "1", "--threads", "1",
                    "--variants", "0.1:torch:transposed", "0", "0.3:fast"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4 and "ratio 0:fast:flat / 0.1:torch:transposed" in lines[0]
    assert "ratio 0.3:fast:flat / 0.1:torch:transposed" in lines[0]
    for length, line in zip((8, 12), lines[2:]):
        cells = [c.strip() for c in line.strip("|").split("|")]
        base, off, more, r_off, r_more = map(float, cells[1:])
        assert int(cells[0]) == length and min(base, off, more) > 0
        assert abs(r_off - off / base) < 0.01 + 0.01 * r_off and abs(r_more - more / base) < 0.01 + 0.01 * r_more


def test_variants_parse_and_reject_unknown_options() -> None:
    assert ts.parse_variant("0.2") == ts.Variant(0.2, True, True)
    assert ts.parse_variant("0.1:torch") == ts.Variant(0.1, False, True)
    assert ts.parse_variant("0:transposed") == ts.Variant(0.0, True, False)
    assert ts.parse_variant("0.1:torch:transposed").name() == "0.1:torch:transposed"
    for bad in ("0.1:cuda", "0.1:fast:flat:fast", "0.1:fast:torch", "0.1:flat:flat"):
        with pytest.raises(argparse.ArgumentTypeError):
            ts.parse_variant(bad)


def test_the_transposed_loss_is_the_flat_one_computed_the_old_way() -> None:
    logits, targets = torch.randn(3, 5, 11), torch.randint(0, 11, (3, 5))
    assert torch.allclose(ts.transposed_nll(logits, targets), model_module.token_nll(logits, targets), atol=1e-6)


def test_one_step_is_timed_per_batch_and_the_switches_are_restored() -> None:
    flat = model_module.token_nll
    assert ts.time_steps(8, ts.Variant(0.1, False, False), steps=3, batch=4, threads=1) > 0
    assert model_module.FAST_CPU_DROPOUT is True and model_module.token_nll is flat
