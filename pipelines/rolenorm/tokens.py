"""Tokenisation of portal prose into words and punctuation with character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.vntext import match_key

__all__ = ["Token", "Tokens", "key_of", "split_sentences", "tokenize"]

# Words keep inner apostrophes (K'Ré, H'Hen); every other non-space character is a token.
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]", re.UNICODE)
_ABBREV_BEFORE_DOT = frozenset({
    "ts", "ths", "gs", "pgs", "bs", "ks", "cn", "q", "tp", "tx", "tt", "đ/c", "th.s", "bsckii",
    "bscki", "ncs", "ls",
})
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»)]?\s+(?=[\"“«(]?[^\W\d_])|\n+")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: published text, match key (tone folded, casefolded) and offsets."""

    text: str
    key: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        """A word (letters or digits), not punctuation."""
        return self.text[0].isalnum()

    @property
    def is_cap(self) -> bool:
        """Starts with an upper-case letter."""
        return self.text[0].isupper()


@lru_cache(maxsize=65536)
def key_of(word: str) -> str:
    """Cached match key of one token."""
    return match_key(word)


class Tokens(list):  # type: ignore[type-arg]
    """A sentence's tokens, with a memo of lexicon matches (positions are looked up often)."""

    memo: dict[tuple[int, frozenset[str]], object]

    def __init__(self, items: list[Token]) -> None:
        super().__init__(items)
        self.memo = {}


def tokenize(text: str, offset: int = 0) -> Tokens:
    """Words and punctuation marks of ``text`` with offsets shifted by ``offset``."""
    return Tokens([
        Token(m.group(0), key_of(m.group(0)), m.start() + offset, m.end() + offset)
        for m in _TOKEN.finditer(text)
    ])


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
