"""Training and evaluation data: JSONL corpora and web-server access logs, split by hash.

A corpus argument is `PATH` or `PATH@FRAC`: FRAC (default from the caller) is the
share of rows held out for testing, chosen by a hash of the row's id, so that
train, calibrate and evaluate agree on which rows are held out without sharing
any state. Rows that are one payload placed twice (`...-q` and `...-f` in
httpparams and PayloadsAllTheThings) hash together, so a payload is never on
both sides of a split.

Access logs (nginx/Apache "combined" format) become benign GET/POST records with
their path, query, user agent and referer.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

SPLIT_SALT = "waf-proxy-split-v1"
DEFAULT_CALIB_FRAC = 0.1

# 127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif?x=1 HTTP/1.0" 200 2326 "http://ref/" "Mozilla/4.08"
_COMBINED_RE = re.compile(
    r'^(?P<ip>\S+) \S+ \S+ \[[^\]]*\] "(?P<method>[A-Z]{1,16}) (?P<target>\S+)(?: HTTP/[\d.]+)?" '
    r'\d{3} \S+(?: "(?P<referer>(?:[^"\\]|\\.)*)" "(?P<ua>(?:[^"\\]|\\.)*)")?'
)
_PAIR_SUFFIX_RE = re.compile(r"-[a-z]$")


@dataclass(frozen=True)
class CorpusSpec:
    """One `PATH[@HOLDOUT]` argument."""

    path: Path
    holdout: float

    @classmethod
    def parse(cls, text: str, default_holdout: float = 0.0) -> "CorpusSpec":
        path, sep, frac = text.rpartition("@")
        if sep and frac.replace(".", "", 1).isdigit() and path:
            return cls(Path(path), float(frac))
        return cls(Path(text), default_holdout)


def split_key(record_id: str) -> str:
    """The id that decides a row's split (paired -q/-f rows share one)."""
    return _PAIR_SUFFIX_RE.sub("", record_id)


def split_hash(record_id: str) -> float:
    """A stable number in [0, 1) for a row id."""
    digest = hashlib.blake2b((SPLIT_SALT + split_key(record_id)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def split_of(record_id: str, holdout: float, calib: float = DEFAULT_CALIB_FRAC) -> str:
    """'test' (held out), 'calib' (threshold fitting) or 'train'."""
    h = split_hash(record_id)
    if h < holdout:
        return "test"
    if h < holdout + calib:
        return "calib"
    return "train"


def parse_access_log_line(line: str, source: str, lineno: int) -> dict[str, Any] | None:
    """One combined-format log line -> corpus record (None if it does not parse)."""
    match = _COMBINED_RE.match(line)
    if match is None:
        return None
    target = match.group("target")
    if target.startswith(("http://", "https://")):
        target = "/" + target.split("/", 3)[-1] if target.count("/") >= 3 else "/"
    path, _, query = target.partition("?")
    headers = []
    if match.group("ua") and match.group("ua") != "-":
        headers.append(["User-Agent", match.group("ua")])
    if match.group("referer") and match.group("referer") != "-":
        headers.append(["Referer", match.group("referer")])
    return {
        "id": f"{source}:{lineno}",
        "method": match.group("method"),
        "path": path or "/",
        "query": query,
        "headers": headers,
        "body": "",
        "label": "benign",
        "category": "normal",
        "source": source,
    }


def _open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return path.open("r", encoding="utf-8", errors="replace")


def read_records(path: str | Path, default_label: str = "benign") -> Iterator[dict[str, Any]]:
    """Records from a JSONL corpus or an access log (detected from the first line)."""
    path = Path(path)
    source = path.stem
    is_jsonl: bool | None = None
    with _open_text(path) as handle:
        for lineno, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            if is_jsonl is None:
                is_jsonl = line.startswith("{")
            if is_jsonl:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(record, dict):
                    continue
                record.setdefault("id", f"{source}:{lineno}")
                record.setdefault("label", default_label)
                record.setdefault("category", "normal" if record["label"] == "benign" else "unknown")
                record.setdefault("source", source)
                yield record
            else:
                record = parse_access_log_line(line, source, lineno)
                if record is not None:
                    yield record


def read_split(
    spec: CorpusSpec, split: str | Iterable[str], default_label: str = "benign", calib: float = DEFAULT_CALIB_FRAC
) -> list[dict[str, Any]]:
    """Rows of one corpus in the given split(s) ('train', 'calib', 'test')."""
    wanted = {split} if isinstance(split, str) else set(split)
    return [
        r for r in read_records(spec.path, default_label) if split_of(str(r["id"]), spec.holdout, calib) in wanted
    ]


def source_name(record: dict[str, Any]) -> str:
    """Short source name for per-source reports: 'csic2010:...' -> dataset, file."""
    return str(record.get("source", "unknown")).split(":", 1)[0]
