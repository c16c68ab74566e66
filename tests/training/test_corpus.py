"""Corpus readers and hash splits."""

from __future__ import annotations

import json
from pathlib import Path

from waf_proxy.training.corpus import CorpusSpec, read_records, read_split, split_hash, split_key, split_of


def test_jsonl_records(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "a", "method": "GET", "path": "/", "label": "attack", "category": "sqli"}) + "\n\nnot json\n")
    rows = list(read_records(path))
    assert len(rows) == 1 and rows[0]["label"] == "attack" and rows[0]["source"] == "c"


def test_combined_access_log(tmp_path: Path) -> None:
    path = tmp_path / "access.log"
    path.write_text(
        '10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET /search?q=shoes&page=2 HTTP/1.1" 200 512 "https://ex.com/" "Mozilla/5.0 (X11)"\n'
        '10.0.0.2 - bob [10/Oct/2023:13:55:37 +0000] "POST /login HTTP/1.1" 302 0 "-" "curl/8.0"\n'
        "garbage line\n"
    )
    rows = list(read_records(path))
    assert len(rows) == 2
    assert rows[0]["path"] == "/search" and rows[0]["query"] == "q=shoes&page=2"
    assert ["User-Agent", "Mozilla/5.0 (X11)"] in rows[0]["headers"] and ["Referer", "https://ex.com/"] in rows[0]["headers"]
    assert rows[1]["method"] == "POST" and rows[1]["headers"] == [["User-Agent", "curl/8.0"]]
    assert all(r["label"] == "benign" for r in rows)


def test_splits_are_deterministic_and_keep_pairs_together() -> None:
    assert split_hash("patt-sqli-00001-q") == split_hash("patt-sqli-00001-f")
    assert split_key("hp-train-00001-q") == "hp-train-00001"
    ids = [f"row-{i}" for i in range(5000)]
    splits = [split_of(i, 0.2, 0.1) for i in ids]
    assert splits == [split_of(i, 0.2, 0.1) for i in ids]
    assert 0.17 < splits.count("test") / 5000 < 0.23
    assert 0.07 < splits.count("calib") / 5000 < 0.13


def test_spec_parsing_and_read_split(tmp_path: Path) -> None:
    assert CorpusSpec.parse("a/b.jsonl@0.6") == CorpusSpec(Path("a/b.jsonl"), 0.6)
    assert CorpusSpec.parse("a/b.jsonl", 0.2) == CorpusSpec(Path("a/b.jsonl"), 0.2)
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{i}", "method": "GET", "path": "/"}) + "\n" for i in range(300)))
    spec = CorpusSpec.parse(f"{path}@0.5")
    test = read_split(spec, "test")
    train = read_split(spec, ("train", "calib"))
    assert len(test) + len(train) == 300
    assert not {r["id"] for r in test} & {r["id"] for r in train}
