"""Reading a role typed by a user (``Bí thư Huyện ủy``, ``bi thu huyen uy phu binh``) into the
parts stored for positions, and deciding whether a stored position is that role.

A query typed without diacritics is first given back the marks of the lexicon's phrases it spells
(``bi thu`` -> ``bí thư``, ``ubnd`` -> ``UBND``): the grammar then reads it exactly as the
accented form, so both give the same people. Words the lexicon does not know (a locality) are
kept as typed, capitalised, and compared without marks when the user gave none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from pipelines.rolenorm.grammar import Context, parse_role
from pipelines.rolenorm.lexicon import LEXICON
from pipelines.rolenorm.tokens import Token, tokenize
from pipelines.vntext import ascii_key, canonicalise_inline, fold_tone, has_diacritics, names_match

__all__ = ["RoleQuery", "normalise_role_text", "parse_role_query", "role_query", "same_place"]

# On the rare phrases whose unmarked spelling has two marked ones (``truong``: trưởng/trường),
# the kind a role query most likely means wins.
_KIND_ORDER = ("TITLE", "COMPOUND", "ORGAN", "DEPUTY", "MOD", "STATUS", "LEVEL", "KIEM",
               "APPOINT", "HON", "RANK")
# Kinds that only stand before a title: after the title a word of theirs is part of a name
# (``Thái Nguyên`` is a place, not ``nguyên`` = former), so it keeps its spelling.
_BEFORE_TITLE = frozenset({"STATUS", "APPOINT", "HON", "RANK"})
_TITLE_KINDS = frozenset({"TITLE", "COMPOUND"})


@lru_cache(maxsize=1)
def _tries() -> tuple[dict[Any, Any], frozenset[str]]:
    """Trie over the unmarked keys of the lexicon's (case-folded) phrases, whose key ``None``
    holds ``(rank, marked key sequence, kind)`` of the phrases ending at a node, best kind
    first; and the case-exact abbreviations (``TU``, ``TT``), which are kept as typed."""
    trie: dict[Any, Any] = {}
    exact_words: set[str] = set()
    for seq, entry, exact in LEXICON.phrases():
        if exact:
            exact_words.update(seq)
            continue
        node = trie
        for part in seq:
            node = node.setdefault(ascii_key(part), {})
        rank = _KIND_ORDER.index(entry.kind) if entry.kind in _KIND_ORDER else len(_KIND_ORDER)
        ends = node.setdefault(None, [])
        if all(seq != s for _, s, _ in ends):
            ends.append((rank, seq, entry.kind))
            ends.sort(key=lambda e: e[0])
    return trie, frozenset(exact_words)


def _longest(toks: list[Token], i: int) -> tuple[tuple[str, ...], int, str] | None:
    """The longest lexicon phrase at token ``i`` (its marked keys, end and kind): a marked
    token must match its marks exactly, and a case-exact abbreviation as typed is never
    respelled."""
    trie, exact_words = _tries()
    node, best, j = trie, None, i
    while j < len(toks) and toks[j].text not in exact_words:
        node = node.get(ascii_key(toks[j].key))
        if node is None:
            break
        j += 1
        for _, seq, kind in node.get(None, ()):
            span = toks[i:j]
            if all(t.key == part or not has_diacritics(t.text) for t, part in zip(span, seq, strict=True)):
                best = (seq, j, kind)
                break
    return best


def normalise_role_text(text: str) -> str:
    """``text`` with the lexicon's phrases in their marked spelling and other words capitalised:
    ``bi thu huyen uy phu binh`` -> ``bí thư huyện ủy Phu Binh``.

    Each word takes its spelling from the longest phrase covering it, so overlapping phrases
    (``trưởng ban`` and ``ban chỉ đạo``) both keep their marks.
    """
    toks = tokenize(canonicalise_inline(text))
    spelled: list[tuple[int, str] | None] = [None] * len(toks)
    after_title = False
    for i in range(len(toks)):
        found = _longest(toks, i)
        if found is None:
            continue
        seq, end, kind = found
        if after_title and kind in _BEFORE_TITLE:
            continue
        after_title = after_title or kind in _TITLE_KINDS
        for k, part in zip(range(i, end), seq, strict=True):
            if spelled[k] is None or spelled[k][0] < end - i:
                spelled[k] = (end - i, part)
    out = []
    for tok, spelling in zip(toks, spelled, strict=True):
        word = tok.text
        if spelling is not None:
            out.append(spelling[1])
        else:
            out.append(word[:1].upper() + word[1:] if word.islower() else word)
    return " ".join(out)


@dataclass(frozen=True)
class RoleQuery:
    """A role typed by a user: its parts (None when the text is not a role) and the text."""

    text: str
    parts: dict[str, Any] | None

    @cached_property
    def words(self) -> str:
        """The text without diacritics (what a text that is not a role is matched by)."""
        return ascii_key(self.text)

    def matches(self, *, title: str | None, modifiers: str | list[str] | None, organ: str | None,
                level: str | None, locality: str | None, label_ascii: str | None) -> bool:
        """Whether a stored position is this role.

        Parts the user left out are not compared; modifiers (``Phó``, ``Thường trực``) always
        are, so ``Bí thư Tỉnh ủy`` never lists a ``Phó Bí thư``. A query that is not a role
        matches labels holding its words in order, as whole words, without marks.
        """
        parsed = self.parts
        if parsed is None:
            return f" {self.words} " in f" {label_ascii or ''} "
        for key, value in (("title", title), ("organ", organ), ("level", level)):
            if parsed.get(key) and parsed[key] != value:
                return False
        mods = json.loads(modifiers or "[]") if isinstance(modifiers, str | None) else modifiers
        if list(mods) != parsed["modifiers"]:
            return False
        return not parsed.get("locality") or same_place(parsed["locality"], locality)


def same_place(wanted: str, stored: str | None) -> bool:
    """Whether a locality the user typed names the stored one (without marks when typed so)."""
    return names_match(wanted, stored)


@lru_cache(maxsize=256)
def parse_role_query(text: str) -> RoleQuery:
    """The user's role, read the same way with or without diacritics."""
    return RoleQuery(text=text, parts=role_query(text))


def role_query(text: str) -> dict[str, Any] | None:
    """Title, modifiers, organ, level and locality stated in ``text`` (None if not a role).

    Nothing is inherited: parts the user leaves out are not filtered on.
    """
    text = normalise_role_text(text)
    toks = tokenize(text)
    role = parse_role(toks, 0, Context())
    if role is None or role.end < len(toks):
        return None
    return {"title": role.title, "modifiers": role.ordered_modifiers(), "organ": role.organ,
            "level": role.level, "locality": fold_tone(role.locality) if role.locality else None}
