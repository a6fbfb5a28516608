"""Vietnamese text canonicalisation and match keys (pure functions, no Scrapy).

Display text keeps the publisher's tone-mark style (`Hoá` stays `Hoá`); comparisons go
through :func:`match_key` (tone placement folded, casefolded) or :func:`ascii_key`
(diacritics removed, `đ` -> `d`), which only retrieve candidates and never decide identity.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ascii_key",
    "cached_fold_tone",
    "cached_match_key",
    "canonical_spelling",
    "canonicalise",
    "canonicalise_inline",
    "fold_same_length",
    "fold_tone",
    "has_diacritics",
    "match_key",
    "names_match",
    "repair_mojibake",
    "typed_key",
]

# Tone marks (combining) in Vietnamese; other marks (circumflex, breve, horn) belong to the letter.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

# Look-alike characters portals write, by class: the one character map of the project.
# ``canonicalise`` maps them for storage (invisible ones deleted, dashes to "–"); the date
# normaliser maps them one to one, keeping offsets (``datenorm.lexicon.prepare``).
SPACES = "\u00a0\u202f\u2007\u2009\u200a\u3000"  # no-break, narrow, figure, thin, hair, ideographic
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width (non-)joiners, word joiner, BOM, soft hyphen
HYPHENS = "\u2010\u2011\u2043\ufe63\uff0d"  # hyphen, non-breaking, bullet, small, full-width
DASHES = "\u2012\u2014\u2015\u2212\ufe58"  # figure dash, em dash, horizontal bar, minus, small em dash
LINE_BREAKS = "\x0b\x0c\u2028\u2029\x85"
ETH = {"\u00d0": "Đ", "\u00f0": "đ"}  # Latin eth, written for Đ/đ

_CHAR_MAP: dict[int, str | None] = {
    **{ord(c): v for c, v in ETH.items()},
    **dict.fromkeys(map(ord, SPACES), " "),
    **dict.fromkeys(map(ord, INVISIBLE), None),
    **dict.fromkeys(map(ord, HYPHENS), "-"),
    **dict.fromkeys(map(ord, DASHES), "–"),
    **dict.fromkeys(map(ord, LINE_BREAKS), "\n"),
}
_TRANSLATE = str.maketrans(_CHAR_MAP)
_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in _CHAR_MAP) + "]")
_SPACES = re.compile(r"[ \t\r]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_MOJIBAKE = re.compile("[ÃÄÆÂÅ][\u0080-\u00bf\u0152-\u2122]")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1/CP1252 (``PhÃ³ BÃ­ thÆ°``) when the repair is lossless."""
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return fixed
    return text


def canonicalise_inline(text: str) -> str:
    """Canonicalise a one-line value (title, name, caption): all whitespace runs become one space.

    (``" ".join(canonicalise(text).split())``, without the per-line passes that the join undoes.)
    """
    if not text:
        return ""
    return " ".join(_characters(text).split())


def _characters(text: str) -> str:
    """Mojibake repaired, special characters translated, NFC: the character part of
    :func:`canonicalise` (whitespace left as it is)."""
    text = repair_mojibake(text)
    if _SPECIAL.search(text):  # translate() is slow per character: only when needed
        text = text.translate(_TRANSLATE)
    return unicodedata.normalize("NFC", text)


def canonicalise(text: str | None) -> str:
    """NFC, `Ð`->`Đ`, invisible characters removed, spaces and dashes unified, lines trimmed.

    Paragraph breaks (blank lines) survive; tone-mark style is left as published.
    """
    if not text:
        return ""
    text = _characters(text)
    if "  " in text or "\t" in text or "\r" in text:  # one pass over the text, not per line
        text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def _old_style_pairs() -> dict[str, str]:
    """``oà``->``òa``, ``uỷ``->``ủy``, ... for every tone and letter case (precomposed, NFC)."""
    pairs = {}
    for first, second in ("oa", "oe", "uy"):
        for tone in TONE_MARKS:
            for a, b in ((first, second), (first.upper(), second.upper()),
                         (first.upper(), second)):
                old = unicodedata.normalize("NFC", a + b + tone)
                new = unicodedata.normalize("NFC", a + tone + b)
                pairs[old] = new
    return pairs


_FOLD = _old_style_pairs()
# The pair must end the word (open syllable) and not follow `q` (`quý` is not a variant). Two
# character classes scan much faster than the alternation of the 45 pairs; the few class pairs
# that are not old-style pairs (`uà`, `oÀ`) are left as they are by the replacement.
_OLD_STYLE = re.compile("(?<![qQ])[" + "".join(sorted({p[0] for p in _FOLD})) + "]["
                        + "".join(sorted({p[1] for p in _FOLD})) + r"](?!\w)")


def _fold_pair(m: re.Match[str]) -> str:
    pair = m.group(0)
    return _FOLD.get(pair, pair)


def fold_tone(text: str) -> str:
    """Move tone marks of open `oa`/`oe`/`uy` syllables to one style (`Hoá`->`Hóa`, `Uỷ`->`Ủy`).

    Never after `q` (`Quý`), never in closed syllables (`Hoàng`, `Huỳnh`, `khuỷu`).
    """
    text = unicodedata.normalize("NFC", text)
    return _OLD_STYLE.sub(_fold_pair, text)


def canonical_spelling(text: str) -> str:
    """Canonical display spelling for names of organs and titles: canonicalised, tone style folded."""
    return fold_tone(canonicalise_inline(text))


def match_key(text: str) -> str:
    """Key for comparing names and phrases: canonicalised, tone folded, casefolded."""
    return fold_tone(canonicalise_inline(text)).casefold()



# Names of places, persons and organs recur in every article: the role reader (rolenorm) folds and
# keys each distinct string once through these caches.
cached_fold_tone = lru_cache(maxsize=16384)(fold_tone)
cached_match_key = lru_cache(maxsize=65536)(match_key)

_COMBINING = re.compile("[\u0300-\u036f]")


def ascii_key(text: str) -> str:
    """Diacritic-free key (`đ`->`d`) for retrieving candidates and for folded search columns."""
    if not text:
        return ""
    text = repair_mojibake(text)
    if _SPECIAL.search(text):
        text = text.translate(_TRANSLATE)
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return " ".join(_COMBINING.sub("", decomposed).replace("đ", "d").split())



class _FoldTable(dict[int, str]):
    """``str.translate`` table, filled on demand: diacritics removed, lower case, `đ`->`d`."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char.lower())
                       if not unicodedata.combining(c))
        folded = "d" if base == "đ" else (base[:1] or char)
        self[code] = folded if len(folded) == 1 else char
        return self[code]


_FOLD_TABLE = _FoldTable()


def fold_same_length(text: str) -> str:
    """The diacritic-free fold of :func:`ascii_key` (marks removed, lower case, `đ`->`d`) one
    character for one, so that offsets into ``text`` hold (search snippets highlight with it);
    no look-alike mapping and no space folding, which would change the length."""
    return text.translate(_FOLD_TABLE)

def has_diacritics(text: str) -> bool:
    """Whether the text carries Vietnamese marks (or `đ`)."""
    return "đ" in text.lower() or any(
        unicodedata.combining(c) for c in unicodedata.normalize("NFD", text)
    )


def typed_key(text: str) -> tuple[str, bool]:
    """(key, accented): the comparison key of a value the user typed: the match key when typed
    with diacritics, else the diacritic-free key."""
    accented = has_diacritics(text)
    return (match_key(text) if accented else ascii_key(text)), accented


def names_match(wanted: str, value: str | None) -> bool:
    """Whether a name the user typed (province, locality, category) names ``value``: by match
    key when typed with diacritics (tone style and case folded), else without any marks."""
    key, accented = typed_key(wanted)
    return bool(value) and (match_key if accented else ascii_key)(value) == key
