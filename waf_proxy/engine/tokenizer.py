"""A byte-level BPE vocabulary learned from normalised training requests.

Byte-level means every one of the 256 bytes is in the base alphabet, so no input
is unrepresentable (the byte fallback is built in). Placeholders from the
normaliser (`<num>`, `<jwt>`, ...) are special tokens: one id each. For training
and calibration long requests keep their head (method, path, first fields) and
tail (last fields, headers), where a `<trunc>` token marks the cut; the serving
scorer instead reads a long request as overlapping windows (`windows`), so that
benign bulk cannot push an attack out of what the model sees.

Every sequence that reaches the request's end closes with `<eos>`. The attack head
max-pools per-token logits of a causal model, so a payload at the very end of a
request (`username=1; drop table users` from a script that sends no headers) was
judged only by its own tokens, never by a token after it that has seen it whole;
trained models learned to fire on the header after a payload instead, and missed it
without one. Tokenizers saved before `<eos>` existed do not have it and encode as
they always did.

Hugging Face `tokenizers` learns and stores the BPE merges. Encoding splits the
text into GPT-2-style pre-tokens in Python and memoises each distinct pre-token's
ids: requests repeat their words, so after warm-up encoding is one regex pass and
dict look-ups (~4x faster than the library's per-call pipeline for short texts).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Sequence

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

from waf_proxy.engine.normalize import PLACEHOLDERS

PAD, BOS, TRUNC, EOS = "<pad>", "<bos>", "<trunc>", "<eos>"
SPECIAL_TOKENS: tuple[str, ...] = (PAD, BOS, TRUNC, *PLACEHOLDERS, EOS)  # EOS last: older ids unchanged
PAD_ID, BOS_ID, TRUNC_ID = 0, 1, 2
TOKENIZER_FILE = "tokenizer.json"
MAX_HEAD_TOKENS = 32  # request head (method + path) repeated at the start of every window
MEMO_LIMIT = 200_000  # distinct pre-tokens remembered (cleared when full: bounded memory)

# GPT-2 pre-tokenisation (letters, digits, punctuation runs, each with one leading
# space), with the normaliser's placeholders kept whole. Text is case-folded already.
_PLACEHOLDER = "<(?:" + "|".join(p.strip("<>") for p in PLACEHOLDERS) + ")>"
_PRE_RE = re.compile(
    rf" ?{_PLACEHOLDER}|'(?:s|t|re|ve|m|ll|d)\b| ?[^\W\d_]+| ?\d+| ?(?:(?!{_PLACEHOLDER})[^\s\w]|_)+|\s+(?!\S)|\s+"
)


class RequestTokenizer:
    """Normalised request strings -> id lists (BOS first, EOS last when the vocabulary has it, at most `max_len`)."""

    def __init__(self, tokenizer: Tokenizer, max_len: int = 128) -> None:
        if tokenizer.token_to_id(PAD) != PAD_ID or tokenizer.token_to_id(BOS) != BOS_ID:
            raise ValueError("tokenizer does not have the expected special tokens")
        self._tok = tokenizer
        self.max_len = max_len
        # tuples, not lists: a tuple of ints is untracked by the cycle collector, so a
        # memo of 200,000 pieces adds nothing to the pause of a full collection
        self._memo: dict[str, tuple[int, ...]] = {}
        self._special = {t: i for t in SPECIAL_TOKENS if t != EOS and (i := tokenizer.token_to_id(t)) is not None}
        eos = tokenizer.token_to_id(EOS)
        self.end_ids: tuple[int, ...] = () if eos is None else (eos,)  # closes a sequence that reaches the end
        self.vocab_size = tokenizer.get_vocab_size()
        # Readable form of each id, for explanations (byte-level pieces decoded).
        self._display = [self._decode_piece(i) for i in range(self.vocab_size)]

    def _decode_piece(self, idx: int) -> str:
        piece = self._tok.id_to_token(idx) or ""
        if piece in SPECIAL_TOKENS:
            return piece
        return self._tok.decode([idx], skip_special_tokens=False).strip() or piece

    @classmethod
    def train(
        cls, texts: Iterable[str], vocab_size: int = 2048, max_len: int = 128, min_frequency: int = 3
    ) -> "RequestTokenizer":
        """Learn merges from normalised requests (no download, deterministic for a given input)."""
        tok = Tokenizer(models.BPE())
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
        tok.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(
            vocab_size=vocab_size,
            min_frequency=min_frequency,
            special_tokens=list(SPECIAL_TOKENS),
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
            show_progress=False,
        )
        tok.train_from_iterator(texts, trainer=trainer)
        return cls(tok, max_len)

    def save(self, directory: str | Path) -> None:
        self._tok.save(str(Path(directory) / TOKENIZER_FILE))

    @classmethod
    def load(cls, directory: str | Path, max_len: int = 128) -> "RequestTokenizer":
        """Load from JSON (never pickle)."""
        return cls(Tokenizer.from_file(str(Path(directory) / TOKENIZER_FILE)), max_len)

    @property
    def budget(self) -> int:
        """Request ids that fit in one sequence beside BOS (and EOS)."""
        return self.max_len - 1 - len(self.end_ids)

    def truncate(self, ids: list[int]) -> list[int]:
        """Keep BOS + head + `<trunc>` + tail (+ EOS) when longer than max_len."""
        budget = self.budget
        if len(ids) <= budget:
            return [BOS_ID, *ids, *self.end_ids]
        head = (budget - 1) // 2
        tail = budget - 1 - head
        return [BOS_ID, *ids[:head], TRUNC_ID, *ids[len(ids) - tail :], *self.end_ids]

    def window(self, head: list[int], piece: list[int], last: bool) -> list[int]:
        """BOS + head + `<trunc>` + a slice of the rest, closed by EOS when the slice ends the request."""
        return [BOS_ID, *head, TRUNC_ID, *piece, *(self.end_ids if last else ())]

    def windows(
        self, ids: list[int], head_len: int, max_windows: int, window_len: int | None = None
    ) -> tuple[list[list[int]], bool]:
        """Overlapping windows of at most max_len ids, and whether the window cap cut the middle.

        A sequence that fits gives exactly `truncate(ids)`: short requests score as before.
        Otherwise the first window is `truncate(ids)` (what training saw for long
        requests), and every later one is BOS + head (method and path: the context an
        attack needs) + `<trunc>` + a slice of the rest, `window_len` long at most;
        slices overlap by a quarter so a payload cut at one edge is whole in the next.
        Past `max_windows` the first and last slices are kept (the middle is not
        read; the caller counts it).
        """
        if len(ids) <= self.budget:
            return [self.truncate(ids)], False
        head, width = self.window_head(ids, head_len, window_len)
        rest = ids[len(head) :]
        stride = max(1, width - width // 4)
        first = self.truncate(ids)  # what training saw for long requests: head, <trunc>, tail
        starts = list(range(0, max(len(rest) - width, 0), stride))
        starts.append(max(len(rest) - width, 0))  # the last window ends with the request
        capped = len(starts) + 1 > max_windows
        if capped:
            keep = max(max_windows - 1, 1)
            starts = starts[: keep // 2] + starts[len(starts) - (keep - keep // 2) :]
        windows = [first] + [self.window(head, rest[s : s + width], s + width >= len(rest)) for s in dict.fromkeys(starts)]
        return windows, capped

    def window_head(self, ids: list[int], head_len: int, window_len: int | None = None) -> tuple[list[int], int]:
        """The head ids every later window repeats, and the width of the slice after it
        (a window is BOS + head + `<trunc>` + slice, + EOS for the last)."""
        budget = min(window_len or self.max_len, self.max_len) - 1 - len(self.end_ids)
        head = ids[: max(0, min(head_len, MAX_HEAD_TOKENS, budget // 4))]
        return head, budget - len(head) - 1

    def _piece(self, piece: str) -> tuple[int, ...]:
        """Ids of one pre-token (memoised)."""
        special = self._special.get(piece.lstrip(" "))
        ids = (special,) if special is not None else tuple(self._tok.encode(piece, add_special_tokens=False).ids)
        if len(self._memo) >= MEMO_LIMIT:
            self._memo.clear()
        self._memo[piece] = ids
        return ids

    def encode_ids(self, text: str) -> list[int]:
        """Ids of a text, without BOS or truncation."""
        memo = self._memo
        out: list[int] = []
        for piece in _PRE_RE.findall(text):
            ids = memo.get(piece)
            out.extend(ids if ids is not None else self._piece(piece))
        return out

    def encode_batch(self, texts: Sequence[str]) -> list[list[int]]:
        return [self.truncate(self.encode_ids(t)) for t in texts]

    def encode(self, text: str) -> list[int]:
        return self.encode_batch([text])[0]

    def decode(self, ids: Sequence[int]) -> str:
        return self._tok.decode([i for i in ids if i not in (PAD_ID, BOS_ID, *self.end_ids)], skip_special_tokens=False)

    def display(self, idx: int) -> str:
        """A readable name for one token id (for the logs' top tokens)."""
        return self._display[idx] if 0 <= idx < self.vocab_size else "<unk>"
