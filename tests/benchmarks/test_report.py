"""Medians, ratios and the tables the load benchmark prints."""

from __future__ import annotations

from benchmarks.report import added_latency, markdown, median_table, ratios


def _row(target, conc, rps, p99=10.0):
    return {"target": target, "concurrency": conc, "rps": rps, "p50_ms": 1.0, "p95_ms": 5.0, "p99_ms": p99, "non2xx": 0, "errors": 0}


def test_median_table_takes_medians_per_target_and_concurrency():
    rows = [_row("waf-on", 64, r) for r in (100, 300, 200)] + [_row("waf-off", 64, 400)]
    table = median_table(rows)
    assert table[("waf-on", 64)]["rps"] == 200
    assert table[("waf-on", 64)]["runs_rps"] == [100, 300, 200]
    assert "cpu_us_per_req" not in table[("waf-on", 64)]


def test_ratios_only_where_both_sides_exist():
    table = median_table([_row("waf-on", 64, 300), _row("waf-off", 64, 600), _row("modsec-pl1", 16, 100)])
    rat = ratios(table)
    assert rat["WAF on / WAF off"] == {64: 0.5}
    assert "ours / ModSecurity PL1" not in rat


def test_markdown_lists_rows_and_ratio_table():
    table = median_table([_row("waf-on", 64, 300), _row("waf-off", 64, 600)])
    text = markdown(table, ["waf-off", "waf-on"])
    assert text.index("| waf-off | 64 |") < text.index("| waf-on | 64 |")
    assert "| WAF on / WAF off | 0.50 |" in text


def test_added_latency_is_median_difference():
    rows = [_row("waf-on", 0, 1, p99=30), _row("waf-on", 0, 1, p99=20), _row("waf-off", 0, 1, p99=5)]
    assert added_latency(rows)["added_p99_ms"] == 20.0
    assert added_latency(rows[:2]) is None


def test_ratios_discount_unscored_requests():
    on = _row("waf-on", 64, 400) | {"unscored_pct": 50.0}
    table = median_table([on, _row("waf-off", 64, 400)])
    assert ratios(table)["WAF on / WAF off"] == {64: 0.5}
