"""Detection report arithmetic: variants, rates, rule attribution."""

from __future__ import annotations

from benchmarks import detection as det
from benchmarks.heldout import Group
from benchmarks.replay import ReplayResult


def rec(i: int, label: str, method: str = "GET", charset: bool = False, category: str | None = None) -> dict:
    headers = [["User-Agent", "u"]] + ([["Accept-Charset", "utf-8"]] if charset else [])
    return {"id": f"r{i}", "method": method, "path": "/", "query": "", "headers": headers, "body": "",
            "label": label, "category": category or ("normal" if label == "benign" else "sqli"), "source": "t"}


def test_build_rows_adds_a_dropped_variant_only_where_the_header_occurs() -> None:
    rows = det.build_rows([Group("a", [rec(1, "benign", charset=True), rec(2, "benign")]),
                           Group("b", [rec(3, "attack")])])
    assert [(r.group, r.variant) for r in rows] == [
        ("a", "as is"), ("a", "as is"), ("a", "no Accept-Charset"), ("a", "no Accept-Charset"), ("b", "as is")]
    assert all(k != "Accept-Charset" for r in rows if r.variant != "as is" for k, _ in r.record["headers"])


def test_report_rates_per_engine_and_method_note() -> None:
    rows = det.build_rows([Group("g", [rec(i, "benign", method="PUT" if i < 2 else "GET") for i in range(4)]
                                 + [rec(10 + i, "attack", category="xss" if i else "sqli") for i in range(4)])])
    statuses = {"r0": 403, "r1": 403, "r2": 200, "r3": 200, "r10": 403, "r11": 403, "r12": 400, "r13": 200}
    scores = {"r0": 0.1, "r1": 0.2, "r2": 0.9, "r3": 0.1, "r10": 0.9, "r11": 0.95, "r12": 0.9, "r13": 0.1}
    for r in rows:
        r.ours = scores[r.record["id"]]
        r.crs = {"pl1": ReplayResult(r.record["id"], statuses[r.record["id"]], request_id=r.record["id"]),
                 "pl2": ReplayResult(r.record["id"], 200)}
    rules = {"pl1": ({"r0": {"911100"}, "r1": {"911100", "920450"}}, {"911100": "Method is not allowed"})}
    md, data = det.build_report(rows, 0.5, {"started": "-", "seconds": 1, "command": "x", "per_group": 4,
                                            "seed": 1, "split_note": "-"}, rules)
    src = {(s["group"], s["label"]): s for s in data["sources"]}
    assert src[("g", "benign")]["ours"] == 25.0 and src[("g", "benign")]["pl1"] == 50.0
    assert src[("g", "benign")]["allowed_methods"] == {"n": 2, "ours": 50.0, "pl1": 0.0, "pl1_rejected": 0,
                                                       "pl1_error": 0, "pl2": 0.0, "pl2_rejected": 0, "pl2_error": 0}
    att = src[("g", "attack")]
    assert att["ours"] == 75.0 and att["pl1"] == 50.0 and att["pl1_rejected"] == 1 and att["pl2"] == 0.0
    cats = {c["category"]: c for c in data["categories"]}
    assert cats["xss"]["n"] == 3 and cats["sqli"]["ours"] == 100.0
    assert data["crs_fp_rules"]["g [as is]"]["pl1"][0] == {"rule": "911100", "requests": 2,
                                                           "msg": "Method is not allowed"}
    assert "| g | as is | benign | 4 | 25.0 | 50.0 | 0.0 |" in md


def test_log_rule_regex_reads_modsecurity_lines() -> None:
    line = ('2026/12/04 [info] 1#1: *8 ModSecurity: Warning. Matched "x" [file "f"] [line "1"] [id "942100"] '
            '[rev ""] [msg "SQL Injection Attack Detected via libinjection"] [data "d"] [unique_id "abc123"] [ref ""]')
    m = det._LOG_RULE.search(line)
    assert m and m.groups() == ("942100", "SQL Injection Attack Detected via libinjection", "abc123")
    assert det._SCORING_RULES.match("949110") and not det._SCORING_RULES.match("942100")


def test_blind_groups_report_rates_but_never_example_requests() -> None:
    groups = [Group(name, [rec(i, "benign"), rec(10 + i, "attack")]) for i, name in
              enumerate(("synth/holdout-benign", "synth/holdout3-benign"))]
    rows = det.build_rows(groups)
    for r in rows:
        r.ours = 0.9 if r.record["label"] == "benign" else 0.1  # every benign flagged, every attack missed
        r.crs = {}
    _md, data = det.build_report(rows, 0.5, {"started": "-", "seconds": 1, "command": "x", "per_group": 2,
                                             "seed": 1, "split_note": "-"}, {})
    assert {s["group"] for s in data["sources"]} == {"synth/holdout-benign", "synth/holdout3-benign"}
    assert set(data["ours_fp_examples"]) == set(data["ours_miss_examples"]) == {"synth/holdout-benign"}
