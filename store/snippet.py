"""Search snippets: a window of the text around the matched words, marked ``[...]``, as published."""

from __future__ import annotations

import re
import unicodedata

from pipelines.vntext import fold_same_length, fold_tone
from store.fts_query import Query

__all__ = ["make_snippet"]


def _fold_marks_kept(text: str) -> str:
    """Tone style folded and lower case, diacritics kept (what the accented tiers compare);
    the same length as ``text`` (NFC), else the diacritic-free fold."""
    folded = fold_tone(text).lower()
    return folded if len(folded) == len(text) else fold_same_length(text)


def _pattern(query: Query, *, accented: bool = False) -> re.Pattern[str] | None:
    alternatives = set()
    fold = _fold_marks_kept if accented else fold_same_length
    for term in query.positive_terms():
        for i, word in enumerate(term.words):
            folded = fold(word)
            last = i == len(term.words) - 1
            alternatives.add(re.escape(folded) + (r"[^\W_]*" if term.prefix and last else ""))
    if not alternatives:
        return None
    joined = "|".join(sorted(alternatives, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{joined})(?![^\W_])")


def make_snippet(query: Query, *texts: str | None, before: int = 60, after: int = 140,
                 accented: bool = False) -> str:
    """A window of the text with the most distinct matched words, marked ``[...]``, as published.

    ``accented`` (a hit of an accented tier): only words with the query's diacritics are marked
    (``bộ`` marks ``Bộ``, not ``bố``); else every spelling without diacritics is.
    """
    pattern = _pattern(query, accented=accented)
    fold = _fold_marks_kept if accented else fold_same_length
    best: tuple[int, str, str] | None = None  # (distinct words matched, text, folded)
    for text in texts:
        if not text or pattern is None:
            continue
        text = unicodedata.normalize("NFC", text)
        folded = fold(text)
        found = len({m.group(0) for m in pattern.finditer(folded)})
        if found and (best is None or found > best[0]):
            best = (found, text, folded)
    if best is not None and pattern is not None:
        _, text, folded = best
        first = pattern.search(folded)
        assert first is not None
        start = max(0, first.start() - before)
        end = min(len(text), first.end() + after)
        while 0 < start < first.start() and not text[start - 1].isspace():
            start += 1
        while first.end() < end < len(text) and not text[end].isspace():
            end -= 1
        pieces, pos = [], start
        for match in pattern.finditer(folded, start, end):
            pieces += [text[pos:match.start()], "[", text[match.start():match.end()], "]"]
            pos = match.end()
        pieces.append(text[pos:end])
        body = " ".join("".join(pieces).split())
        return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
    first_text = next((t for t in texts if t), "")
    return " ".join(first_text.split()[:25])
