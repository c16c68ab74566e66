"""Model directories: save/load round trip, format version, never unpickling."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from waf_proxy.engine.artifacts import FORMAT_VERSION, ModelDirError, load_scorer, read_config
from waf_proxy.inspect import RequestView

VIEWS = [RequestView("GET", "/search", "q=shoes"), RequestView("GET", "/item", "id=1%27%20or%201=1--")]


def test_round_trip_gives_same_scores(tiny_model_dir: Path) -> None:
    a = load_scorer(tiny_model_dir)
    b = load_scorer(tiny_model_dir, threads=1)
    ra, rb = a.score_batch(VIEWS), b.score_batch(VIEWS)
    assert [r.score for r in ra] == [r.score for r in rb]
    assert a.threshold == 0.7 and a.version == "tiny-1"
    config = read_config(tiny_model_dir)
    assert config["format_version"] == FORMAT_VERSION and config["model"]["d_model"] == 16


def test_int8_option_loads_and_scores_close(tiny_model_dir: Path) -> None:
    fp32 = load_scorer(tiny_model_dir).score_batch(VIEWS)
    int8 = load_scorer(tiny_model_dir, quantize_int8=True)
    assert int8.version.endswith("+int8")
    for x, y in zip(fp32, int8.score_batch(VIEWS)):
        assert abs(x.score - y.score) < 0.05


def test_refuses_unknown_format_version(tiny_model_dir: Path) -> None:
    path = tiny_model_dir / "config.json"
    config = json.loads(path.read_text())
    config["format_version"] = 999
    path.write_text(json.dumps(config))
    with pytest.raises(ModelDirError, match="format_version 999"):
        load_scorer(tiny_model_dir)


def test_refuses_missing_dir_and_files(tmp_path: Path, tiny_model_dir: Path) -> None:
    with pytest.raises(ModelDirError, match="does not exist"):
        load_scorer(tmp_path / "nope")
    (tiny_model_dir / "tokenizer.json").unlink()
    with pytest.raises(ModelDirError, match="tokenizer.json"):
        load_scorer(tiny_model_dir)


class _Trap:
    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def test_never_unpickles(tmp_path: Path, tiny_model_dir: Path) -> None:
    marker = tmp_path / "unpickled"
    trap = _Trap()
    trap.marker = str(marker)
    (tiny_model_dir / "model.safetensors").write_bytes(pickle.dumps(trap))
    with pytest.raises(ModelDirError, match="model.safetensors"):
        load_scorer(tiny_model_dir)
    assert not marker.exists()
