"""Full-text search over stored articles, with or without diacritics (`đ` included).

The index holds the published text (tone style folded) and a diacritic-free shadow of it; a
query with diacritics ranks exact accented matches first, then folded matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlite_utils import Database

from pipelines.vntext import ascii_key, canonicalise_inline, fold_tone

_TERM = re.compile(r"\w+", re.UNICODE)


@dataclass
class SearchHit:
    """One search result."""

    id: int
    portal: str
    title: str
    published: str | None
    url: str
    snippet: str
    accented: bool


def _terms(query: str) -> list[str]:
    return _TERM.findall(fold_tone(canonicalise_inline(query)).lower())


def _phrase(terms: list[str]) -> str:
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def has_diacritics(text: str) -> bool:
    """Whether the text carries Vietnamese marks (or `đ`)."""
    return "đ" in text.lower() or any(
        unicodedata.combining(c) for c in unicodedata.normalize("NFD", text)
    )


def search(db: Database, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Articles matching every term of ``query``; accented matches first, then by relevance."""
    terms = _terms(query)
    if not terms:
        return []
    folded = [ascii_key(t) for t in terms]
    tiers: list[tuple[str, bool]] = []
    if has_diacritics(query):
        tiers.append((f"{{title lead body}} : ({_phrase(terms)})", True))
    tiers.append((f"{{title_ascii lead_ascii body_ascii}} : ({_phrase(folded)})", False))
    hits: dict[int, SearchHit] = {}
    for expression, accented in tiers:
        snippet_col = 2 if accented else 5
        rows = db.execute(
            f"SELECT a.id, a.portal, a.title, a.published, a.url,"
            f" snippet(article_search, {snippet_col}, '[', ']', '…', 12)"
            " FROM article_search JOIN articles a ON a.id = article_search.rowid"
            " WHERE article_search MATCH ? ORDER BY bm25(article_search, 10.0, 4.0, 1.0,"
            " 10.0, 4.0, 1.0) LIMIT ?",
            [expression, limit],
        ).fetchall()
        for row in rows:
            if row[0] not in hits:
                hits[row[0]] = SearchHit(*row, accented=accented)
        if len(hits) >= limit:
            break
    return list(hits.values())[:limit]
