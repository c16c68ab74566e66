"""Parameter exclusions: which rules apply to a request, and how names are matched."""

from __future__ import annotations

import pytest

from waf_proxy.config import ConfigError, Settings, load_settings
from waf_proxy.exclusions import Exclusion, Exclusions, ParamFilter, compile_glob


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("/quizzes/*/attempts", "/quizzes/42/attempts", True),
        ("/quizzes/*/attempts", "/quizzes/a/b/attempts", True),  # `*` spans segments
        ("/quizzes/*/attempts", "/quizzes/42/attempts/x", False),  # the whole path must match
        ("/quizzes/*", "/quizzes", False),
        ("answers[].source", "answers[].source", True),  # brackets are literal, not a class
        ("answers[].source", "answers.source", False),
        ("answers.*", "answers.q_freeform", True),
        ("a.b", "axb", False),  # `.` is literal
        ("q?", "q1", False),  # `?` is literal
        ("<body>", "<body>", True),
    ],
)
def test_glob_has_one_wildcard(pattern: str, text: str, matches: bool) -> None:
    assert (compile_glob(pattern).fullmatch(text) is not None) is matches


def test_rules_apply_by_path_and_method_and_merge() -> None:
    rules = Exclusions([
        Exclusion("/learn/*/attempts", ("answers[].source",), frozenset({"POST"})),
        Exclusion("/learn/*", ("explanation",)),
        Exclusion("/ci/*/runs", ("<body>",)),
    ])
    both = rules.skip_for("post", "/learn/cs101/attempts")
    assert both is not None and both.patterns == ("answers[].source", "explanation")
    assert both("answers[].source") and both("explanation") and not both("answers[].questionId")
    get = rules.skip_for("GET", "/learn/cs101/attempts")  # the first rule is for POST only
    assert get is not None and get.patterns == ("explanation",)
    assert rules.skip_for("POST", "/other") is None
    assert rules.skip_for("POST", "/learn/cs101/attempts") is both  # compiled once per rule set


def test_no_rules_is_falsy_and_skips_nothing() -> None:
    assert not Exclusions() and Exclusions().skip_for("GET", "/x") is None
    assert ParamFilter(["a"]) == ParamFilter(("a",)) and ParamFilter(["a"]) != ParamFilter(["b"])


def test_settings_build_rules_from_toml_and_environment(tmp_path, monkeypatch) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[exclude]]\npath = "/surveys/*"\nparams = ["answers.q_freeform"]\nmethods = ["post"]\n')
    settings = load_settings(path)
    rules = Exclusions.from_settings(settings.exclude)
    assert rules.skip_for("POST", "/surveys/abc") == ParamFilter(["answers.q_freeform"])
    monkeypatch.setenv("WAF_EXCLUDE", '[{"path": "/ci/*", "params": ["<body>"]}]')
    env = Exclusions.from_settings(load_settings().exclude)
    assert env.skip_for("PUT", "/ci/runs") == ParamFilter(["<body>"])


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('path = "surveys/*", params = ["a"]', "exclude.0.path"),
        ('path = "/s", params = []', "exclude.0.params"),
        ('path = "/s", params = [" "]', "empty parameter pattern"),
        ('path = "/s", params = ["a"], methods = ["PO ST"]', "is not an HTTP method"),
        ('path = "/s", params = ["a"], method = ["POST"]', "unknown setting"),
    ],
)
def test_bad_rules_are_refused_with_the_key_named(tmp_path, entry: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f"exclude = [{{ {entry} }}]\n")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert message in str(err.value)


def test_the_default_is_no_exclusions() -> None:
    assert Settings().exclude == []
