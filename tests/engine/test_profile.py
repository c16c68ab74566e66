"""The app's parameter profile: what it learns, what it judges, what it leaves alone."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from waf_proxy.engine.profile import (
    END,
    REDACTED,
    ParamProfile,
    char_class,
    learn_profile,
    load_profile,
    path_steps,
    request_params,
    value_shape,
)
from waf_proxy.inspect import RequestView

FORM = (("content-type", "application/x-www-form-urlencoded"),)
JSON = (("content-type", "application/json"),)


def _shop(n: int, seed: int = 0) -> list[RequestView]:
    """A little shop: an item page (numeric id, free-text note) and a JSON signup."""
    rng = random.Random(seed)
    views = []
    for i in range(n):
        note = rng.choice(["red one", "gift wrap please", "size 42", "no rush"])
        views.append(RequestView("GET", "/shop/item", f"id={rng.randint(1, 9999)}&note={note.replace(' ', '+')}"))
        dni = f"{rng.randint(10**7, 10**8 - 1)}{rng.choice('ABCXYZ')}"
        body = json.dumps({"name": rng.choice(["Ana", "Bo", "Cy"]), "dni": dni, "age": rng.randint(18, 90)})
        views.append(RequestView("POST", "/api/signup", "", JSON, body.encode()))
    return views


@pytest.fixture(scope="module")
def profile() -> ParamProfile:
    p = ParamProfile()
    p.learn(_shop(300))
    return p


def test_shapes() -> None:
    assert [char_class(c) for c in "aÑ7 '\t"] == ["a", "a", "9", " ", "'", " "]
    assert value_shape("12345678Z") == ({"9", "a"}, "9a", {})
    assert value_shape("a@b@c.d") == ({"a", "@", "."}, "a@a@a.a", {"@": 2, ".": 1})
    assert value_shape("") == (set(), "", {})
    assert path_steps("/shop/item.jsp") == [("/shop", "item.jsp"), ("/shop/item.jsp", END)]
    assert path_steps("/shop/") == [("/shop", ""), ("/shop/", END)]
    assert path_steps("/") == []


def test_params_from_query_form_and_json() -> None:
    assert request_params(RequestView("GET", "/x", "a=1&b=o%27brien+x")) == [("a", "1"), ("b", "o'brien x")]
    form = RequestView("POST", "/x", "q=1", FORM, b"user=bob&pw=a%26b")
    assert request_params(form) == [("q", "1"), ("user", "bob"), ("pw", "a&b")]
    js = RequestView("POST", "/x", "", JSON, b'{"a": {"b": 2}, "c": ["x"]}')
    assert request_params(js) == [("a.b", "2"), ("c[]", "x")]
    upload = RequestView("POST", "/x", "", (("content-type", "multipart/form-data; boundary=z"),), b"--z\r\n")
    assert request_params(upload) == []


def test_profile_passes_its_own_traffic(profile: ParamProfile) -> None:
    assert not any(profile.violations(v) for v in _shop(200, seed=1))


def test_unknown_parameter(profile: ParamProfile) -> None:
    reasons = profile.violations(RequestView("GET", "/shop/item", "id=3&note=hi&idA=3"))
    assert reasons == ["unknown parameter 'idA'"]


def test_new_character_class(profile: ParamProfile) -> None:
    assert profile.violations(RequestView("GET", "/shop/item", "id=3x&note=hi")) == ["'id' never had 'a'"]
    assert profile.violations(RequestView("GET", "/shop/item", "id=3&note=it%27s")) == ["'note' never had \"'\""]
    body = json.dumps({"name": "Ana", "dni": "1234;5678A", "age": 30}).encode()
    assert profile.violations(RequestView("POST", "/api/signup", "", JSON, body)) == ["'dni' never had ';'"]


def test_new_shape_of_a_regular_parameter(profile: ParamProfile) -> None:
    body = json.dumps({"name": "Ana", "dni": "33A75810Q", "age": 30}).encode()
    assert profile.violations(RequestView("POST", "/api/signup", "", JSON, body)) == ["'dni' never shaped '9a9a'"]
    # text (it has spaces) is not judged by shape
    assert profile.violations(RequestView("GET", "/shop/item", "id=3&note=size+42+red")) == []


def test_unknown_or_rare_endpoints_are_not_judged(profile: ParamProfile) -> None:
    assert profile.violations(RequestView("GET", "/elsewhere", "anything=%27")) == []
    rare = ParamProfile()
    rare.learn([RequestView("GET", "/rare", "id=1")] * 99)
    assert rare.violations(RequestView("GET", "/rare", "other=1")) == []
    rare.learn([RequestView("GET", "/rare", "id=1")])
    assert rare.violations(RequestView("GET", "/rare", "other=1")) == ["unknown parameter 'other'"]


def test_rare_parameters_are_checked_by_name_only() -> None:
    p = ParamProfile()
    p.learn([RequestView("GET", "/p", "a=1")] * 150 + [RequestView("GET", "/p", "a=1&b=2")] * 20)
    assert p.violations(RequestView("GET", "/p", "a=1&b=x'")) == []
    assert p.violations(RequestView("GET", "/p", "a=x")) == ["'a' never had 'a'"]


def test_redacted_values_make_a_parameter_free() -> None:
    p = ParamProfile()
    p.learn([RequestView("GET", "/login", f"user=bob&password={REDACTED}")] * 150)
    assert p.violations(RequestView("GET", "/login", "user=bob&password=p%40ss%21")) == []
    from waf_proxy.ops.learn import MASK

    assert MASK == REDACTED


def test_calibration_relaxes_what_it_disagrees_with() -> None:
    train = [RequestView("GET", "/s", f"q=word{i % 7}&n={i}") for i in range(200)]
    calib = [RequestView("GET", "/s", "q=o%27brien&n=1"), RequestView("GET", "/s", "q=a&n=1&lang=en")]
    p, relaxed = learn_profile(train, calib)
    assert relaxed == 2
    assert p.violations(RequestView("GET", "/s", "q=d%27arcy&n=5&lang=fr")) == []  # q is free text now
    assert p.violations(RequestView("GET", "/s", "q=a&n=5x")) == ["'n' never had 'a'"]  # n still judged


def test_round_trip_and_bad_files(tmp_path: Path, profile: ParamProfile) -> None:
    profile.save(tmp_path)
    again = load_profile(tmp_path)
    assert again is not None and again.to_dict() == profile.to_dict()
    probes = [RequestView("GET", "/shop/item", "id=3x&note=hi"), RequestView("GET", "/shop/item", "id=1&zz=1")]
    assert [again.violations(v) for v in probes] == [profile.violations(v) for v in probes]
    assert load_profile(tmp_path / "nothing-here") is None
    (tmp_path / "profile.json").write_text(json.dumps({"format": 99}))
    with pytest.raises(ValueError, match="format"):
        load_profile(tmp_path)
    (tmp_path / "profile.json").write_text(json.dumps({"format": 1, "endpoints": {}}))
    with pytest.raises(ValueError, match="not a valid profile"):
        load_profile(tmp_path)


def test_endpoints_never_judged_are_not_saved() -> None:
    p = ParamProfile()
    p.learn([RequestView("GET", "/once", "a=1")] + [RequestView("GET", "/often", "a=1")] * 100)
    assert list(p.to_dict()["endpoints"]) == ["/often"] and p.judged_endpoints == 1


def test_scorer_raises_and_explains_out_of_profile_requests(tiny_model_dir: Path, profile: ParamProfile) -> None:
    from waf_proxy.engine.artifacts import ModelDirError, load_scorer

    plain = load_scorer(tiny_model_dir, threads=1)
    profile.save(tiny_model_dir)
    scorer = load_scorer(tiny_model_dir, threads=1)
    ok = RequestView("GET", "/shop/item", "id=3&note=hi")
    bad = RequestView("GET", "/shop/item", "id=3&note=hi&debug=1")
    res_ok, res_bad = scorer.score_batch([ok, bad])
    assert res_ok == plain.score_batch([ok])[0]
    assert res_bad.score == pytest.approx(0.99) and plain.score_batch([bad])[0].score < 0.99
    assert res_bad.top_tokens == ("profile: unknown parameter 'debug'",)
    assert scorer.profile_hits == 1
    # the score cache holds the model's result, not the profile's: same text, other verdict
    assert scorer.score_batch([ok])[0] == res_ok
    assert load_scorer(tiny_model_dir, threads=1, profile=False).score_batch([bad])[0].score < 0.99
    (tiny_model_dir / "profile.json").write_text("{}")
    with pytest.raises(ModelDirError):
        load_scorer(tiny_model_dir, threads=1)


def test_more_of_a_symbol_than_a_code_ever_had() -> None:
    p = ParamProfile()
    hosts = ["mail.example.com", "example.org", "a.b.example.co.uk", "x-y.example.net", "mail2.example.com"]
    p.learn([RequestView("GET", "/r", f"email=user{i}%40{hosts[i % 5]}") for i in range(250)])
    assert p.endpoints["/r"].params["email"].patterns is None  # too many shapes: counted instead
    assert p.violations(RequestView("GET", "/r", "email=a%40b.example.com")) == []
    assert p.violations(RequestView("GET", "/r", "email=a%40b%40c.example.com")) == ["'email' never had 2 '@'"]


def test_closed_directories_and_pages_get_no_new_children() -> None:
    shop = [RequestView("GET", f"/shop/{page}", "") for page in ("index.jsp", "cart.jsp", "logo.gif") for _ in range(120)]
    blog = [RequestView("GET", f"/blog/post-{i}", "") for i in range(150)]  # every slug seen once: open
    p = ParamProfile()
    p.learn(shop + blog)
    assert p.violations(RequestView("GET", "/shop/cart.jsp", "")) == []
    assert p.violations(RequestView("GET", "/shop/backup.old", "")) == ["unknown path '/shop/backup.old'"]
    assert p.violations(RequestView("GET", "/shop/logo.gif/123", "")) == ["unknown path '/shop/logo.gif/123'"]
    assert p.violations(RequestView("GET", "/shop/", "")) == ["unknown path '/shop/'"]
    assert p.violations(RequestView("GET", "/blog/a-new-post", "")) == []
    assert p.violations(RequestView("GET", "/api/v2/new", "")) == []  # top level and unknown parents: not judged
    again = ParamProfile.from_dict(p.to_dict())
    assert again.violations(RequestView("GET", "/shop/backup.old", "")) == ["unknown path '/shop/backup.old'"]
    # a calibration row with a new child opens the directory
    relaxed, n = learn_profile(shop, [RequestView("GET", "/shop/new.jsp", "")])
    assert n == 1 and relaxed.violations(RequestView("GET", "/shop/other.jsp", "")) == []


def test_excluded_parameters_are_not_judged(profile: ParamProfile) -> None:
    from waf_proxy.exclusions import SKIP_KEY, ParamFilter

    view = RequestView("GET", "/shop/item", "id=3&note=it%27s&extra=1")
    assert len(profile.violations(view)) == 2  # a new character in note, an unknown parameter
    view.extra[SKIP_KEY] = ParamFilter(["note", "extra"])
    assert profile.violations(view) == []
    view.extra[SKIP_KEY] = ParamFilter(["note"])
    assert profile.violations(view) == ["unknown parameter 'extra'"]
