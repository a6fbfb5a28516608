"""Full-text search over stored articles, with or without diacritics (`đ` included).

The index holds the published text (tone style folded) and a diacritic-free shadow of it; a
query with diacritics ranks exact accented matches first, then folded matches. Query syntax:
:mod:`store.fts_query`; filters: :class:`store.filters.ArticleFilter`.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlite_utils import Database

from store.filters import ArticleFilter
from store.fts_query import Query, SearchSyntaxError, Term, parse_query
from store.snippet import make_snippet
from store.vocabulary import Vocabulary

__all__ = ["SearchHit", "SearchSyntaxError", "make_snippet", "search", "tier_idfs",
           "weight_arguments"]

# Column weights: title, lead, body, then their diacritic-free shadows.
_BM25 = "bm25(article_search, 10.0, 4.0, 1.0, 10.0, 4.0, 1.0)"
NATIVE = True
"""Rank with the C functions of ``store._fts5rank`` (store/fts5rank.c) when the connection has
them: bm25()'s formula without its whole-index counts. False: the Python ranking below."""
# Matches ranked by relevance: the most recently stored ones that pass the filters (docs/querying.md).
RANK_WINDOW = 5000
_FILTERED = "SELECT a.id FROM articles a WHERE {where}"
BROAD = 5
"""A filter keeping at least one article in this many is joined to the matches (:func:`_matches`;
measured at 1,000,000 articles, docs/benchmarks.md: the join was faster for a filter keeping
25% of the articles, the set for one keeping 17% or fewer)."""
_BROAD_SEEN: dict[tuple[Any, ...], bool] = {}
EXACT_BUDGET = 300_000
"""bm25() counts, once per query, the rows holding each phrase over the whole index (not only
the window): above this many rows in all (estimated from the vocabulary), a tier is ranked by
:func:`_rank_estimated` instead (measured break-even: docs/benchmarks.md)."""
SPARSE = 4
"""A window whose rowid range is this many times larger than its matches is sparse: ranked by
bm25() all the same."""
RERANK = 300
"""Matches of the estimated ranking's first pass that get the exact score (all of them when
the window holds no more)."""
_WEIGHTS = (10.0, 4.0, 1.0)
_K1, _B = 1.2, 0.75
_TOKEN = re.compile(r"[^\W_]+")


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
    for every article); a phrase tier holds the phrase matches among the window of its words'
    tier. Equal scores: the most recently stored article first.

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
    for slot, ranked in _tiers(db, parsed, where if filters else None, params,
                               lambda: limit + len(hits)):
        accented = slot < 2
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


def _tiers(db: Database, parsed: Query, where: str | None, params: list[Any],
           wanted: Callable[[], int]) -> Iterator[tuple[int, list[int]]]:
    """``(slot, ids)`` of each tier (``Query.tier_queries``), best first, ``wanted()`` ids at
    most. A phrase tier and the tier of its words share one window: the words' newest
    :data:`RANK_WINDOW` matches; the phrase tier holds those where the words make the phrase."""
    queries = parsed.tier_queries()
    i = 0
    while i < len(queries):
        slot, tier, folded = queries[i]
        if slot % 2 == 0:  # a phrase tier; its words' tier comes next
            yield from _phrase_and_words(db, tier, queries[i + 1][1], folded, where, params,
                                         wanted)
            i += 2
        else:
            yield slot, _rank_tier(db, tier, folded, where, params, wanted())
            i += 1


def _phrase_and_words(db: Database, phrase: Query, words: Query, folded: bool, where: str | None,
                      params: list[Any], wanted: Callable[[], int]) -> Iterator[tuple[int, list[int]]]:
    """The phrase tier, then the words' tier, over the words' window (:func:`_tiers`)."""
    slot = 2 if folded else 0
    if NATIVE:
        ranked = _rank_native(db, words, folded, where, params, wanted(), phrase=True)
        if ranked is not None:
            yield slot, [id_ for id_, in_phrase in ranked if in_phrase]
            yield slot + 1, [id_ for id_, in_phrase in ranked if not in_phrase]
            return
    window = _window(db, words.fts(folded=folded), where, params)
    low = window[-1] if len(window) >= RANK_WINDOW else None
    yield slot, _rank_tier(db, phrase, folded, where, params, wanted(), low=low, native=False)
    yield slot + 1, _rank_tier(db, words, folded, where, params, wanted(), native=False)


def _rank_native(db: Database, tier: Query, folded: bool, where: str | None, params: list[Any],
                 n: int, *, phrase: bool = False) -> list[tuple[int, bool]] | None:
    """Best ``n`` of the window by ``portalnews_bm25()`` (bm25()'s scores with the idf of
    :class:`Vocabulary`), as ``(id, False)``; with ``phrase``, the matches where the tier's
    words make one phrase first, as ``(id, True)``, by ``portalnews_phrase()``. None when the
    connection lacks the functions (the extension was not built, or the connection was opened
    before ``store`` was imported)."""
    idfs = tier_idfs(db, tier, folded)
    source, source_params = _matches(db, where, params)
    weights = weight_arguments()
    score = f"portalnews_bm25(article_search, {weights}{', ?' * len(idfs)})"
    in_phrase = f"portalnews_phrase(article_search, {weights})" if phrase else "0.0"
    try:
        return [(r[0], r[1] < 0) for r in db.execute(
            f"SELECT id, phrase FROM (SELECT article_search.rowid AS id, {in_phrase} AS phrase,"
            f" {score} AS score {source} ORDER BY article_search.rowid DESC LIMIT ?)"
            " ORDER BY phrase < 0 DESC, CASE WHEN phrase < 0 THEN phrase ELSE score END,"
            " id DESC LIMIT ?",
            [*idfs, tier.fts(folded=folded), *source_params, RANK_WINDOW, n])]
    except sqlite3.OperationalError as error:
        if "portalnews_" not in str(error):
            raise
        return None


def weight_arguments() -> str:
    """The column weights as SQL arguments of a ranking function: title, lead, body, then the
    same for their diacritic-free shadows (``10.0, 4.0, 1.0, 10.0, 4.0, 1.0``)."""
    return ", ".join(str(w) for w in _WEIGHTS * 2)


def tier_idfs(db: Database, tier: Query, folded: bool) -> list[float]:
    """The idf of each phrase of the tier's expression, in its order (``Query.terms``), from
    :class:`Vocabulary`: what ``portalnews_bm25()`` takes (the Datasette canned search too)."""
    vocabulary = Vocabulary.of(db)
    return [vocabulary.idf(tier.term_tokens(t, folded=folded), prefix=t.prefix)
            for t in tier.terms()]


def _rank(db: Database, expression: str, where: str | None, params: list[Any], n: int,
          low: int | None = None) -> list[int]:
    """Best ``n`` of the :data:`RANK_WINDOW` most recently stored matches passing ``where``
    (and from rowid ``low`` on, when given).

    One pass: the index's matches are read newest first (rowid order) and kept when they pass
    the filters (:func:`_matches`), until :data:`RANK_WINDOW` are kept; BM25 is computed for
    those only.
    """
    source, source_params = _matches(db, where, params, low)
    return [r[0] for r in db.execute(
        f"SELECT id FROM (SELECT article_search.rowid AS id, {_BM25} AS score {source}"
        " ORDER BY article_search.rowid DESC LIMIT ?)"
        " ORDER BY score, id DESC LIMIT ?", [expression, *source_params, RANK_WINDOW, n],
    )]


def _rank_tier(db: Database, tier: Query, folded: bool, where: str | None, params: list[Any],
               n: int, *, low: int | None = None, native: bool = True) -> list[int]:
    """:func:`_rank_native` when the connection has the C functions; else :func:`_rank`
    (bm25()) when the tier's terms are rare enough for bm25() to be cheap, else
    :func:`_rank_estimated`; all rank the same window of matches (from rowid ``low`` on)."""
    if native and NATIVE and low is None:
        ranked = _rank_native(db, tier, folded, where, params, n)
        if ranked is not None:
            return [id_ for id_, _ in ranked]
    expression = tier.fts(folded=folded)
    vocabulary = Vocabulary.of(db)
    counted = sum(vocabulary.rows_with(tier.term_tokens(t, folded=folded), prefix=t.prefix)
                  for t in tier.terms())
    if counted <= EXACT_BUDGET:
        return _rank(db, expression, where, params, n, low)
    return _rank_estimated(db, tier, folded, where, params, n, vocabulary, low)


def _matches(db: Database, where: str | None, params: list[Any],
             low: int | None = None) -> tuple[str, list[Any]]:
    """``FROM ... WHERE article_search MATCH ? ...`` of the matches that pass the filters (and
    from rowid ``low`` on), with its parameters after the expression's.

    A filter keeping few articles is a set of their ids, built once per statement from the
    articles indexes, tested while the matches are read ("+rowid": looking each filtered id up
    in the index instead, ``rowid = ? AND MATCH``, costs FTS5 a whole query per id). A broad
    one (:func:`_broad`) looks each match's article up instead: the set would cost more to
    build than the lookups of the matches read before the window is full.
    """
    join, condition, out = "", "", list(params)
    if where is not None and _broad(db, where, params):
        # CROSS JOIN: the index first (SQLite keeps the order), each match's article by id
        join = " CROSS JOIN articles a ON a.id = article_search.rowid"
        condition = f" AND ({where})"
    elif where is not None:
        condition = f" AND +article_search.rowid IN ({_FILTERED.format(where=where)})"
    if low is not None:  # a range FTS5 seeks to
        condition, out = condition + " AND article_search.rowid >= ?", [*out, low]
    return f"FROM article_search{join} WHERE article_search MATCH ?{condition}", out


def _window(db: Database, expression: str, where: str | None, params: list[Any],
            low: int | None = None) -> list[int]:
    """Ids of the :data:`RANK_WINDOW` newest matches that pass the filters, newest first."""
    source, source_params = _matches(db, where, params, low)
    return [r[0] for r in db.execute(
        f"SELECT article_search.rowid {source} ORDER BY article_search.rowid DESC LIMIT ?",
        [expression, *source_params, RANK_WINDOW])]


def _broad(db: Database, where: str, params: list[Any]) -> bool:
    """Whether the filter keeps at least one article in :data:`BROAD` (counted up to there,
    from the articles indexes; remembered per connection, filter and index size)."""
    rows = Vocabulary.of(db).rows
    key = (id(db.conn), where, tuple(params), rows)
    if key not in _BROAD_SEEN:
        enough = max(1, rows // BROAD)
        found = db.execute(f"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE {where}"
                           " LIMIT ?)", [*params, enough]).fetchone()[0]
        if len(_BROAD_SEEN) >= 256:
            _BROAD_SEEN.clear()
        _BROAD_SEEN[key] = found >= enough
    return _BROAD_SEEN[key]


def _rank_estimated(db: Database, tier: Query, folded: bool, where: str | None,
                    params: list[Any], n: int, vocabulary: Vocabulary,
                    low: int | None = None) -> list[int]:
    """Best ``n`` of the same window as :func:`_rank`, by FTS5's BM25 formula with the idf of
    each term from :class:`Vocabulary` (docs/querying.md, "Ranking at scale").

    A window of at most :data:`RERANK` matches is scored exactly (term counts per column and
    row length, from their text). A larger one in two passes, neither reading the whole index:
    the window's matches get the score of the columns that hold each term (one index query per
    term and column over the window's rowid range), counting a term once per column and without
    length normalisation; the best :data:`RERANK` of them get the exact score and are ordered
    by it. A sparse window (:data:`SPARSE`) is ranked by :func:`_rank` instead. Ties: newest
    first.
    """
    expression = tier.fts(folded=folded)
    ids = _window(db, expression, where, params, low)
    if len(ids) <= 1:
        return ids[:n]
    terms = tier.positive_terms()
    idfs = [vocabulary.idf(tier.term_tokens(t, folded=folded), prefix=t.prefix) for t in terms]
    columns = tier.columns(folded=folded)
    if len(ids) <= RERANK:  # few matches: all of them scored exactly, no first pass
        exact = _exact_scores(db, ids, terms, idfs, columns, folded, vocabulary.avgdl)
        return sorted(ids, key=lambda i: (-exact[i], -i))[:n]
    low, high, window = ids[-1], ids[0], set(ids)
    if high - low + 1 > SPARSE * len(ids):
        # Matches spread over the index: an index query per term and column would read the
        # terms' rows over the whole range, which costs more than bm25()'s own counts.
        return _rank(db, expression, where, params, n, low)
    # Every term of a tier of words that must all appear is somewhere in each match: in the
    # body, counted as present, or in the title or lead, which one query per column tells;
    # only the matches found there score above the others (which keep their newest-first
    # order). Other expressions: each column queried for each term.
    every = tier.phrase() is not None or isinstance(tier.root, Term)
    base = _WEIGHTS[2] if every else 0.0
    weights: dict[int, list[float]] = {}
    for k, term in enumerate(terms):
        for weight, column in zip(_WEIGHTS, columns[:2] if every else columns, strict=False):
            held = tier.term_fts(term, folded=folded, column=column)
            for (rowid,) in db.execute("SELECT rowid FROM article_search WHERE article_search"
                                       " MATCH ? AND rowid BETWEEN ? AND ?", [held, low, high]):
                if rowid in window:
                    weights.setdefault(rowid, [base] * len(terms))[k] += weight

    def score(rowid: int) -> float:
        return sum(idf * f * (_K1 + 1) / (f + _K1)
                   for idf, f in zip(idfs, weights[rowid], strict=True) if f)

    first = sorted(weights, key=lambda i: (-score(i), -i))
    first += islice((i for i in ids if i not in weights), max(0, max(RERANK, n) - len(first)))
    best = first[:RERANK]  # (the order does not depend on n: a longer list only goes on)
    exact = _exact_scores(db, best, terms, idfs, columns, folded, vocabulary.avgdl)
    best.sort(key=lambda i: (-exact[i], -i))
    return (best + first[RERANK:])[:n]


def _exact_scores(db: Database, ids: list[int], terms: list[Term], idfs: list[float],
                  columns: tuple[str, ...], folded: bool, avgdl: float) -> dict[int, float]:
    """FTS5's BM25 of the rows ``ids`` (idf and the average row length in tokens given), from
    their text: each term's occurrences per column, weighted; the row's length in tokens (its
    columns twice: the index holds the published text and its folded shadow, of one length)."""
    marks = ", ".join("?" * len(ids))
    out: dict[int, float] = {}
    for rowid, *texts in db.execute(f"SELECT rowid, {', '.join(columns)} FROM article_search"
                                    f" WHERE rowid IN ({marks})", ids):
        tokens = [_TOKEN.findall((text or "").lower()) for text in texts]
        length = 2 * sum(len(t) for t in tokens)
        norm = _K1 * (1 - _B + _B * length / avgdl)
        score = 0.0
        for term, idf in zip(terms, idfs, strict=True):
            words = Query.term_tokens(term, folded=folded)
            f = sum(w * _occurrences(t, words, term.prefix)
                    for w, t in zip(_WEIGHTS, tokens, strict=True))
            score += idf * f * (_K1 + 1) / (f + norm)
        out[rowid] = score
    return out


def _occurrences(tokens: list[str], words: list[str], prefix: bool) -> int:
    """How often ``words`` occur in ``tokens`` one after the other (the last one as a prefix)."""
    if not words:
        return 0
    size, last = len(words), words[-1]
    if size == 1:
        return (sum(1 for t in tokens if t.startswith(last)) if prefix
                else tokens.count(last))
    return sum(1 for i in range(len(tokens) - size + 1)
               if tokens[i:i + size - 1] == words[:-1]
               and (tokens[i + size - 1].startswith(last) if prefix
                    else tokens[i + size - 1] == last))


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
