"""Personal names: the curated surname list and the shape of a Vietnamese full name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipelines.rolenorm.tokens import Token
from pipelines.vntext import match_key

__all__ = ["SURNAMES_FILE", "name_end", "surname_kind", "surnames"]

SURNAMES_FILE = Path(__file__).resolve().with_name("surnames.tsv")  # package data
MAX_NAME_TOKENS = 6


@lru_cache(maxsize=1)
def surnames() -> dict[str, str]:
    """Match key of each surname -> ``name`` (starts a name) or ``context`` (needs context)."""
    table: dict[str, str] = {}
    for line in SURNAMES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        surname, kind, *_ = line.split("\t")
        table[match_key(surname)] = kind
    return table


def surname_kind(token: Token) -> str | None:
    """``name``, ``context`` or None for a capitalised token."""
    if not token.is_cap:
        return None
    return surnames().get(token.key)


def _name_token(tok: Token) -> bool:
    text = tok.text
    if not text[0].isupper() or not text[0].isalpha():
        return False
    # Abbreviations (UBND, HĐND, TU) are not name syllables; one-letter given names are (Văn A).
    return not (len(text) > 1 and text.isupper())


def name_end(toks: list[Token], i: int, stop: object | None = None) -> int:
    """End index of the capitalised run that could be a name starting at ``i`` (``i`` if none).

    ``stop(toks, k)`` tells whether a title or organ starts at ``k`` (the name ends there).
    """
    j = i
    n = len(toks)
    while j < n and j - i < MAX_NAME_TOKENS and _name_token(toks[j]):
        if j > i and (toks[j].start - toks[j - 1].end) != 1:
            break
        if j > i and stop is not None and stop(toks, j):  # type: ignore[operator]
            break
        j += 1
    return j
