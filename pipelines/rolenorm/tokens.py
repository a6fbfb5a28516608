"""Tokenisation of portal prose into words and punctuation with character offsets."""

from __future__ import annotations

import re

from pipelines.vntext import match_key

__all__ = ["Token", "Tokens", "key_of", "split_sentences", "tokenize"]

# Words keep inner apostrophes (K'Ré, H'Hen); every other non-space character is a token.
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]", re.UNICODE)
_ABBREV_BEFORE_DOT = frozenset({
    "ts", "ths", "gs", "pgs", "bs", "ks", "cn", "q", "tp", "tx", "tt", "đ/c", "th.s", "bsckii",
    "bscki", "ncs", "ls",
})
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»)]?\s+(?=[\"“«(]?[^\W\d_])|\n+")


class Token:
    """One token: published text, match key (tone folded, casefolded) and offsets.

    ``is_word`` (letters or digits, not punctuation) and ``is_cap`` (starts with an upper-case
    letter) are computed once; a plain slotted class because tokens are built by the thousand.
    """

    __slots__ = ("end", "is_cap", "is_word", "key", "start", "text")

    def __init__(self, text: str, key: str, start: int, end: int) -> None:
        self.text = text
        self.key = key
        self.start = start
        self.end = end
        self.is_word = text[0].isalnum()
        self.is_cap = text[0].isupper()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (self.text, self.start, self.end) == (
            other.text, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end))


_KEYS: dict[str, str] = {}


def key_of(word: str) -> str:
    """Cached match key of one token (a plain dict: the hot path of tokenisation)."""
    key = _KEYS.get(word)
    if key is None:
        if len(_KEYS) > 200_000:
            _KEYS.clear()
        key = _KEYS[word] = match_key(word)
    return key


class Tokens(list):  # type: ignore[type-arg]
    """A sentence's tokens (a list; the lexicon's tries make a match memo unnecessary)."""


def tokenize(text: str, offset: int = 0) -> Tokens:
    """Words and punctuation marks of ``text`` with offsets shifted by ``offset``."""
    keys = _KEYS
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        start = m.start() + offset
        key = keys.get(word)
        out.append(Token(word, key if key is not None else key_of(word), start, start + len(word)))
    return Tokens(out)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries ``(start, end)``: line breaks, and ``.!?`` before a capital.

    A dot after an abbreviation (``TS.``, ``PGS.``, ``Q.``, ``TP.``) or an initial does not end
    a sentence.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()].rstrip("\"”»)")
        if m.group(0).strip() == "" or "\n" not in m.group(0):
            last = before.rsplit(None, 1)[-1] if before.split() else ""
            word = last.rstrip(".").casefold()
            if last.endswith(".") and (word in _ABBREV_BEFORE_DOT or len(word) == 1 or "." in word):
                continue
        _append(spans, text, start, m.start())
        start = m.end()
    _append(spans, text, start, len(text))
    return spans


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
