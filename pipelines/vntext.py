"""Vietnamese text canonicalisation and match keys (pure functions, no Scrapy).

Display text keeps the publisher's tone-mark style (`Hoá` stays `Hoá`); comparisons go
through :func:`match_key` (tone placement folded, casefolded) or :func:`ascii_key`
(diacritics removed, `đ` -> `d`), which only retrieve candidates and never decide identity.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ascii_key",
    "canonical_spelling",
    "canonicalise",
    "canonicalise_inline",
    "fold_tone",
    "match_key",
    "repair_mojibake",
]

# Tone marks (combining) in Vietnamese; other marks (circumflex, breve, horn) belong to the letter.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

_CHAR_MAP = {
    0x00D0: "Đ",  # Latin capital eth, written for Đ
    0x00F0: "đ",  # Latin small eth, written for đ
    0x00A0: " ",  # no-break space
    0x202F: " ",  # narrow no-break space
    0x2007: " ",  # figure space
    0x2009: " ",  # thin space
    0x200A: " ",  # hair space
    0x3000: " ",  # ideographic space
    0x200B: None,  # zero-width space
    0x200C: None,  # zero-width non-joiner
    0x200D: None,  # zero-width joiner
    0x2060: None,  # word joiner
    0xFEFF: None,  # BOM / zero-width no-break space
    0x00AD: None,  # soft hyphen
    0x2010: "-",  # hyphen
    0x2011: "-",  # non-breaking hyphen
    0x2043: "-",  # hyphen bullet
    0x2012: "–",  # figure dash
    0x2014: "–",  # em dash
    0x2015: "–",  # horizontal bar
    0x2212: "–",  # minus sign
    0xFE58: "–",
    0xFE63: "-",
    0xFF0D: "-",
    0x000B: "\n",
    0x000C: "\n",
    0x2028: "\n",
    0x2029: "\n",
    0x0085: "\n",
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
