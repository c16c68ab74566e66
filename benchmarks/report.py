"""Turn repeated measurements into medians, side-by-side ratios and Markdown tables."""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Iterable

# (label, numerator target, denominator target): each ratio is req/s over req/s at the
# same concurrency, measured in the same run.
RATIOS: tuple[tuple[str, str, str], ...] = (
    ("WAF on / WAF off", "waf-on", "waf-off"),
    ("batching on / off", "waf-on", "waf-nobatch"),
    ("int8 / fp32", "waf-int8", "waf-on"),
    ("ours / ModSecurity PL1", "waf-on", "modsec-pl1"),
    ("ours / ModSecurity PL2", "waf-on", "modsec-pl2"),
    ("ours int8 / ModSecurity PL1", "waf-int8", "modsec-pl1"),
)

METRICS = ("rps", "p50_ms", "p95_ms", "p99_ms", "non2xx", "errors", "cpu_us_per_req", "batch_mean", "infer_ms_per_batch", "unscored_pct")


def median_table(rows: Iterable[dict]) -> dict[tuple[str, int], dict]:
    """Median of every metric over the repeats of each (target, concurrency)."""
    groups: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for row in rows:
        groups[(row["target"], int(row["concurrency"]))].append(row)
    table = {}
    for key, group in groups.items():
        med = {m: statistics.median(r[m] for r in group) for m in METRICS if all(m in r for r in group)}
        med["runs_rps"] = [round(r["rps"], 1) for r in group]
        table[key] = med
    return table


def scored_rps(row: dict) -> float:
    """req/s that were actually inspected: fail-open requests do not count as WAF throughput."""
    return row["rps"] * (1.0 - row.get("unscored_pct", 0.0) / 100.0)


def ratios(table: dict[tuple[str, int], dict]) -> dict[str, dict[int, float]]:
    """Scored req/s ratios per concurrency, only where both sides were measured."""
    concs = sorted({c for _, c in table})
    out: dict[str, dict[int, float]] = {}
    for label, num, den in RATIOS:
        per = {}
        for c in concs:
            a, b = table.get((num, c)), table.get((den, c))
            if a and b and scored_rps(b) > 0:
                per[c] = round(scored_rps(a) / scored_rps(b), 3)
        if per:
            out[label] = per
    return out


def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def _opt(row: dict, key: str, digits: int = 1) -> str:
    return _fmt(row[key], digits) if key in row else "-"


def markdown(table: dict[tuple[str, int], dict], target_order: list[str]) -> str:
    """One row per target and concurrency, then the ratio table."""
    lines = [
        "| target | conc | req/s (median) | runs req/s | p50 ms | p95 ms | p99 ms | non-2xx | errors | CPU µs/req | batch | model ms/batch | unscored % |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    concs = sorted({c for _, c in table})
    for c in concs:
        for t in target_order:
            row = table.get((t, c))
            if not row:
                continue
            runs = " / ".join(_fmt(r, 0) for r in row["runs_rps"])
            cpu = _fmt(row["cpu_us_per_req"], 0) if "cpu_us_per_req" in row else "-"
            lines.append(
                f"| {t} | {c} | **{_fmt(row['rps'], 0)}** | {runs} | {_fmt(row['p50_ms'], 2)} "
                f"| {_fmt(row['p95_ms'], 2)} | {_fmt(row['p99_ms'], 2)} | {int(row['non2xx'])} "
                f"| {int(row['errors'])} | {cpu} | {_opt(row, 'batch_mean')} | {_opt(row, 'infer_ms_per_batch')} | {_opt(row, 'unscored_pct')} |"
            )
    rat = ratios(table)
    if rat:
        lines += ["", "| ratio (scored req/s) | " + " | ".join(f"c={c}" for c in concs) + " |"]
        lines.append("|---|" + "---|" * len(concs))
        for label, per in rat.items():
            cells = " | ".join(f"{per[c]:.2f}" if c in per else "-" for c in concs)
            lines.append(f"| {label} | {cells} |")
    return "\n".join(lines)


def half_load_markdown(rows: list[dict]) -> str:
    """Open-loop runs at a fixed rate: latency per target and the p99 the WAF adds."""
    if not rows:
        return ""
    lines = [
        "| target | offered req/s | achieved req/s | p50 ms | p95 ms | p99 ms | non-2xx | errors | late slots % |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['target']} | {_fmt(r['rate'], 0)} | {_fmt(r['rps'], 0)} | {_fmt(r['p50_ms'], 2)} "
            f"| {_fmt(r['p95_ms'], 2)} | {_fmt(r['p99_ms'], 2)} | {r['non2xx']} | {r['errors']} | {_opt(r, 'late_pct', 2)} |"
        )
    return "\n".join(lines)


def added_latency(rows: list[dict], on: str = "waf-on", off: str = "waf-off") -> dict[str, float] | None:
    """Median p50/p99 of `on` minus that of `off` over the fixed-rate runs."""
    on_rows = [r for r in rows if r["target"] == on]
    off_rows = [r for r in rows if r["target"] == off]
    if not on_rows or not off_rows:
        return None
    return {
        f"added_{m}": round(
            statistics.median(r[m] for r in on_rows) - statistics.median(r[m] for r in off_rows), 3
        )
        for m in ("p50_ms", "p99_ms")
    }
