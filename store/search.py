"""Full-text search over stored articles, with or without diacritics (`đ` included).

The index holds the published text (tone style folded) and a diacritic-free shadow of it; a
query with diacritics ranks exact accented matches first, then folded matches. Query syntax:
:mod:`store.fts_query`; filters: :class:`store.filters.ArticleFilter`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from pipelines.vntext import fold_same_length, fold_tone
from store.filters import ArticleFilter
from store.fts_query import Query, SearchSyntaxError, parse_query

__all__ = ["SearchHit", "SearchSyntaxError", "make_snippet", "search"]

# Column weights: title, lead, body, then their diacritic-free shadows.
_BM25 = "bm25(article_search, 10.0, 4.0, 1.0, 10.0, 4.0, 1.0)"
# Matches ranked by relevance: the most recently stored ones that pass the filters (docs/querying.md).
RANK_WINDOW = 5000
_FILTERED = "SELECT a.id FROM articles a WHERE {where}"


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
    category: str | None = None


def search(
    db: Database,
    query: str,
    *,
    limit: int = 20,
    portal: str | None = None,
    province: str | None = None,
    category: str | None = None,
    since: str | None = None,
    until: str | None = None,
    person: str | None = None,
    filters: ArticleFilter | None = None,
) -> list[SearchHit]:
    """Articles matching ``query``, by tier (``Query.tiers``: the accented words next to each
    other, then anywhere; then the same without diacritics), then by relevance (BM25).

    When more than :data:`RANK_WINDOW` articles match (after the filters), only the most recently
    stored :data:`RANK_WINDOW` of them are ranked (a very common word otherwise costs a BM25 score
    for every article). Equal scores: the most recently stored article first.

    Raises :class:`SearchSyntaxError` for a malformed query and
    :class:`store.filters.FilterError` for a malformed filter value.
    """
    parsed = parse_query(query)
    if parsed is None or limit <= 0:
        return []
    filters = filters or ArticleFilter(portal=portal, province=province, category=category,
                                       since=since, until=until, person=person)
    where, params = filters.where(db) if filters else ("1", [])
    hits: dict[int, SearchHit] = {}
    for slot, expression in parsed.tiers():
        accented = slot < 2
        ranked = _rank(db, expression, where if filters else None, params, limit + len(hits))
        rows = _articles(db, [id_ for id_ in ranked if id_ not in hits])
        for id_ in ranked:
            if id_ in hits or id_ not in rows:
                continue
            portal_, title, published, url, cat, lead, body = rows[id_]
            hits[id_] = SearchHit(id_, portal_, title, published, url,
                                  make_snippet(parsed, title, lead, body, accented=accented),
                                  accented, cat)
        if len(hits) >= limit:
            break
    return list(hits.values())[:limit]


def _rank(db: Database, expression: str, where: str | None, params: list[Any], n: int) -> list[int]:
    """Best ``n`` of the :data:`RANK_WINDOW` most recently stored matches passing ``where``.

    One pass: the index's matches are read newest first (rowid order) and kept when their id is
    in the set of filtered article ids (built once from the articles indexes, without reading
    article rows), until :data:`RANK_WINDOW` are kept; BM25 is computed for those only.
    """
    # "+rowid": test membership while reading the matches. Looking each filtered id up in the
    # index instead (rowid = ? AND MATCH) costs FTS5 a whole query per id: far slower.
    member, member_params = ("", []) if where is None else (
        f" AND +article_search.rowid IN ({_FILTERED.format(where=where)})", params)
    return [r[0] for r in db.execute(
        f"SELECT id FROM (SELECT rowid AS id, {_BM25} AS score FROM article_search"
        f" WHERE article_search MATCH ?{member} ORDER BY rowid DESC LIMIT ?)"
        " ORDER BY score, id DESC LIMIT ?", [expression, *member_params, RANK_WINDOW, n],
    )]


def _articles(db: Database, ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """Columns of the hits, by id (read after ranking: only ``limit`` article rows are read)."""
    found: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(ids), 500):  # below SQLite's limit on parameters
        chunk = ids[start:start + 500]
        for row in db.execute(
            "SELECT id, portal, title, published, url, category, lead, body_text FROM articles"
            f" WHERE id IN ({', '.join('?' * len(chunk))})", chunk,
        ):
            found[row[0]] = tuple(row[1:])
    return found


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
