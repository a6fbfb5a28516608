"""Full-text search over stored articles, with or without diacritics (`đ` included).

The index holds the published text (tone style folded) and a diacritic-free shadow of it; a
query with diacritics ranks exact accented matches first, then folded matches. Query syntax:
:mod:`store.fts_query`; filters: :class:`store.filters.ArticleFilter`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from itertools import islice
from typing import Any, ClassVar

from sqlite_utils import Database

from pipelines.vntext import fold_same_length, fold_tone
from store.filters import ArticleFilter
from store.fts_query import Query, SearchSyntaxError, Term, parse_query

__all__ = ["SearchHit", "SearchSyntaxError", "make_snippet", "search"]

# Column weights: title, lead, body, then their diacritic-free shadows.
_BM25 = "bm25(article_search, 10.0, 4.0, 1.0, 10.0, 4.0, 1.0)"
# Matches ranked by relevance: the most recently stored ones that pass the filters (docs/querying.md).
RANK_WINDOW = 5000
_FILTERED = "SELECT a.id FROM articles a WHERE {where}"
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
_VOCAB = "temp.portalnews_vocab"


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
    for slot, tier, folded in parsed.tier_queries():
        accented = slot < 2
        ranked = _rank_tier(db, tier, folded, where if filters else None, params,
                            limit + len(hits))
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
    member, member_params = _member(where, params)
    return [r[0] for r in db.execute(
        f"SELECT id FROM (SELECT rowid AS id, {_BM25} AS score FROM article_search"
        f" WHERE article_search MATCH ?{member} ORDER BY rowid DESC LIMIT ?)"
        " ORDER BY score, id DESC LIMIT ?", [expression, *member_params, RANK_WINDOW, n],
    )]


def _rank_tier(db: Database, tier: Query, folded: bool, where: str | None, params: list[Any],
               n: int) -> list[int]:
    """:func:`_rank` (bm25()) when the tier's terms are rare enough for bm25() to be cheap,
    else :func:`_rank_estimated`; both rank the same window of matches."""
    expression = tier.fts(folded=folded)
    vocabulary = Vocabulary.of(db)
    counted = sum(vocabulary.rows_with(tier.term_tokens(t, folded=folded), prefix=t.prefix)
                  for t in tier.terms())
    if counted <= EXACT_BUDGET:
        return _rank(db, expression, where, params, n)
    return _rank_estimated(db, tier, folded, where, params, n, vocabulary)


def _member(where: str | None, params: list[Any]) -> tuple[str, list[Any]]:
    # "+rowid": test membership while reading the matches. Looking each filtered id up in the
    # index instead (rowid = ? AND MATCH) costs FTS5 a whole query per id: far slower.
    return ("", []) if where is None else (
        f" AND +article_search.rowid IN ({_FILTERED.format(where=where)})", params)


def _rank_estimated(db: Database, tier: Query, folded: bool, where: str | None,
                    params: list[Any], n: int, vocabulary: Vocabulary) -> list[int]:
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
    member, member_params = _member(where, params)
    ids = [r[0] for r in db.execute(
        f"SELECT rowid FROM article_search WHERE article_search MATCH ?{member}"
        " ORDER BY rowid DESC LIMIT ?", [expression, *member_params, RANK_WINDOW])]
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
        return _rank(db, expression, where, params, n)
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


def _varints(blob: bytes) -> list[int]:
    """The SQLite varints of an FTS5 record (the averages: rows, then tokens per column)."""
    out, value = [], 0
    for byte in blob:
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            out.append(value)
            value = 0
    return out


class Vocabulary:
    """Rows of the full-text index holding a token (``fts5vocab``), cached per process and per
    database: counted once, counted again when the index has grown by a tenth."""

    _cache: ClassVar[dict[str, Vocabulary]] = {}

    def __init__(self, db: Database, clock: int) -> None:
        self.db, self.clock = db, clock
        self.counts: dict[tuple[str, bool], int] = {}
        averages = db.execute("SELECT block FROM article_search_data WHERE id = 1").fetchone()
        sizes = _varints(averages[0]) if averages else [0]
        self.rows = sizes[0]
        self.avgdl = sum(sizes[1:]) / self.rows if self.rows else 1.0

    @classmethod
    def of(cls, db: Database) -> Vocabulary:
        """The cached vocabulary of ``db`` (a fresh one when the index has grown)."""
        name = next((r[2] for r in db.execute("PRAGMA database_list") if r[1] == "main"), "")
        key = name or f"memory:{id(db.conn)}"
        clock = db.execute("SELECT max(id) FROM article_search_docsize").fetchone()[0] or 0
        vocabulary = cls._cache.get(key)
        if vocabulary is None or not vocabulary.clock <= clock <= vocabulary.clock * 1.1 + 100:
            vocabulary = cls(db, clock)
            if len(cls._cache) >= 16:
                cls._cache.pop(next(iter(cls._cache)))
            cls._cache[key] = vocabulary
        vocabulary.db = db
        return vocabulary

    def rows_with(self, tokens: list[str], *, prefix: bool = False) -> int:
        """Rows holding every token, at most (the rows of the rarest; of a prefix: the rows of
        every token it starts, added up)."""
        if not tokens:
            return 0
        counts = [self._count(t, False) for t in tokens[:-1]]
        counts.append(self._count(tokens[-1], prefix))
        return min(min(counts), self.rows)

    def idf(self, tokens: list[str], *, prefix: bool = False) -> float:
        """FTS5's idf, ``log((N - n + 0.5) / (n + 0.5))``, 1e-6 when not positive."""
        n = self.rows_with(tokens, prefix=prefix)
        value = math.log((self.rows - n + 0.5) / (n + 0.5))
        return value if value > 0 else 1e-6

    def _count(self, token: str, prefix: bool) -> int:
        key = (token, prefix)
        if key not in self.counts:
            self._ensure_table()
            if prefix:
                row = self.db.execute(f"SELECT sum(doc) FROM {_VOCAB} WHERE term >= ? AND"
                                      " term < ?", [token, token + "\U0010ffff"]).fetchone()
            else:
                row = self.db.execute(f"SELECT doc FROM {_VOCAB} WHERE term = ?",
                                      [token]).fetchone()
            self.counts[key] = int(row[0] or 0) if row else 0
        return self.counts[key]

    def _ensure_table(self) -> None:
        """The connection's ``fts5vocab`` table (in ``temp``: nothing is written to the file,
        so a read-only connection has it too)."""
        if self.db.execute("SELECT 1 FROM temp.sqlite_master WHERE name = ?",
                           [_VOCAB.split(".")[1]]).fetchone():
            return
        query_only = self.db.execute("PRAGMA query_only").fetchone()[0]
        try:
            if query_only:
                self.db.execute("PRAGMA query_only = 0")
            self.db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB}"
                            " USING fts5vocab(main, 'article_search', 'row')")
        finally:
            if query_only:
                self.db.execute("PRAGMA query_only = 1")


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
