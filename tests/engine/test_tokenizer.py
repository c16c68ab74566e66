"""The learned BPE tokenizer: round trip, byte fallback, placeholders, head+tail truncation, EOS."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

from waf_proxy.engine.tokenizer import BOS_ID, EOS, SPECIAL_TOKENS, TRUNC_ID, RequestTokenizer


def test_round_trip_and_bos(tiny_tokenizer: RequestTokenizer) -> None:
    text = "GET /search ? q=red shoes"
    ids = tiny_tokenizer.encode(text)
    assert ids[0] == BOS_ID
    assert tiny_tokenizer.decode(ids) == text
    # learned merges make a known request much shorter than its bytes
    assert len(ids) < len(text) / 2


def test_placeholders_are_single_tokens(tiny_tokenizer: RequestTokenizer) -> None:
    ids = tiny_tokenizer.encode("<num><uuid><jwt>")
    assert len(ids) == 5
    assert [tiny_tokenizer.display(i) for i in ids[1:]] == ["<num>", "<uuid>", "<jwt>", EOS]


def test_byte_fallback_for_unseen_characters(tiny_tokenizer: RequestTokenizer) -> None:
    text = "ünïcødé 漢字 \U0001f600 \x01"
    ids = tiny_tokenizer.encode(text)
    assert tiny_tokenizer.decode(ids) == text
    assert all(0 <= i < tiny_tokenizer.vocab_size for i in ids)


def test_truncation_keeps_head_and_tail(tiny_tokenizer: RequestTokenizer) -> None:
    text = "HEADSTART " + "x y z " * 200 + " TAILEND"
    ids = tiny_tokenizer.encode(text)
    assert len(ids) == tiny_tokenizer.max_len
    assert TRUNC_ID in ids
    decoded = tiny_tokenizer.decode(ids)
    assert decoded.startswith("HEADSTART") and decoded.endswith("TAILEND")


def test_save_load_same_ids(tmp_path, tiny_tokenizer: RequestTokenizer) -> None:
    tiny_tokenizer.save(tmp_path)
    again = RequestTokenizer.load(tmp_path, max_len=32)
    texts = ["GET /index.html", "POST /login | user=o'brien"]
    assert again.encode_batch(texts) == tiny_tokenizer.encode_batch(texts)


def test_batch_encoding_is_fast(tiny_tokenizer: RequestTokenizer) -> None:
    texts = ["GET /api/v<num>/items ? q=hello world page=<num> ua: mozilla/<num> (x<num>; linux)"] * 2000
    start = time.perf_counter()
    tiny_tokenizer.encode_batch(texts)
    assert time.perf_counter() - start < 1.0  # < 500 µs per request even on a busy machine


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_encodes_within_bounds(tiny_tokenizer: RequestTokenizer, text: str) -> None:
    text = text.encode("utf-8", "replace").decode("utf-8")
    ids = tiny_tokenizer.encode(text)
    assert 1 <= len(ids) <= tiny_tokenizer.max_len
    assert all(0 <= i < tiny_tokenizer.vocab_size for i in ids)


def test_windows_of_a_short_request_are_its_truncation(tiny_tokenizer: RequestTokenizer) -> None:
    ids = tiny_tokenizer.encode_ids("GET /search ? q=red")
    windows, capped = tiny_tokenizer.windows(ids, 3, 16)
    assert windows == [tiny_tokenizer.truncate(ids)] and not capped


def test_windows_cover_a_long_request_and_keep_its_head(tiny_tokenizer: RequestTokenizer) -> None:
    ids = list(range(100, 400))  # 300 ids, max_len 32
    head = ids[:4]
    windows, capped = tiny_tokenizer.windows(ids, 4, 64)
    assert not capped and windows[0] == tiny_tokenizer.truncate(ids)
    for w in windows[1:]:
        assert len(w) <= tiny_tokenizer.max_len and w[:6] == [BOS_ID, *head, TRUNC_ID]
    seen = {i for w in windows for i in w}
    assert seen >= set(ids), "every id of the request is in some window"
    # a payload of up to a quarter window is whole in at least one window
    payload = ids[150:156]
    assert any(any(w[k : k + 6] == payload for k in range(len(w))) for w in windows[1:])


def test_windows_are_capped_with_head_and_tail_kept(tiny_tokenizer: RequestTokenizer) -> None:
    ids = list(range(100, 2100))
    windows, capped = tiny_tokenizer.windows(ids, 4, 6)
    assert capped and len(windows) <= 6
    assert windows[1][6] == ids[4]  # the first slice starts right after the head
    assert windows[-1][-2:] == [ids[-1], *tiny_tokenizer.end_ids]  # the last slice ends with the request


def test_every_sequence_that_reaches_the_end_closes_with_eos(tiny_tokenizer: RequestTokenizer) -> None:
    eos = tiny_tokenizer.end_ids
    assert len(eos) == 1
    short = tiny_tokenizer.encode_ids("GET /item ? id=1; drop table users")
    assert tiny_tokenizer.truncate(short)[-1] == eos[0]
    long = list(range(100, 400))
    assert tiny_tokenizer.truncate(long)[-2:] == [long[-1], eos[0]]
    windows, _ = tiny_tokenizer.windows(long, 4, 64)
    assert all(len(w) <= tiny_tokenizer.max_len for w in windows)
    # the windows that end with the request close with EOS, the slices cut before it never do
    assert [w[-1] == eos[0] for w in windows] == [w[-2] == long[-1] for w in windows]
    assert windows[0][-1] == windows[-1][-1] == eos[0] and windows[1][-1] != eos[0]


def test_user_text_cannot_spell_eos(tiny_tokenizer: RequestTokenizer) -> None:
    ids = tiny_tokenizer.encode_ids("q=<eos> " + EOS)
    assert not set(ids) & set(tiny_tokenizer.end_ids)


def test_a_vocabulary_saved_before_eos_encodes_as_before() -> None:
    """Models shipped before `<eos>` existed keep reading exactly what they were trained on."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    old_specials = [t for t in SPECIAL_TOKENS if t != EOS]
    tok.train_from_iterator(["GET /search ? q=red shoes"] * 20, trainers.BpeTrainer(
        vocab_size=300, special_tokens=old_specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False))
    old = RequestTokenizer(tok, max_len=32)
    assert old.end_ids == () and old.budget == 31
    ids = old.encode_ids("GET /search ? q=red shoes")
    assert old.truncate(ids) == [BOS_ID, *ids]
    long = list(range(100, 400))
    assert len(old.truncate(long)) == 32 and old.truncate(long)[-1] == long[-1]
