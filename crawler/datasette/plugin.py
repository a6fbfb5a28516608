"""Datasette plugin of ``portalnews serve``: read-only connections and Vietnamese search functions.

SQL functions for the canned queries (see ``metadata.json``): ``portalnews_fts(q, folded)`` (the
user's syntax as an FTS5 expression), ``portalnews_fts_tier(q, slot)`` (the expression of one
ranking tier of ``portalnews search``: 0 accented phrase, 1 accented words, 2 phrase, 3 words),
``portalnews_query_problem(q)``, ``portalnews_snippet(q, title, lead, body[, accented])``,
``portalnews_match_key(text)``, ``portalnews_ascii_key(text)``,
``portalnews_has_diacritics(text)``, ``portalnews_role_matches(role, title, modifiers, organ,
level, locality, label_ascii)``, and for the canned search ranked in C
(``crawler/datasette/native_search.py``) ``portalnews_idfs(q, slot)`` and
``portalnews_has_phrase(q)``.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache

from datasette import hookimpl
from sqlite_utils import Database

from crawler.datasette import native_search
from pipelines.vntext import ascii_key, has_diacritics, match_key
from store.fts_query import Query, SearchSyntaxError, parse_query
from store.search import tier_idfs
from store.snippet import make_snippet

NOTHING = '""'  # the empty phrase: FTS5 matches no document


@lru_cache(maxsize=256)
def _parsed(q: str) -> Query | None:
    return parse_query(q)


def _usable(q: str | None) -> Query | None:
    """The parsed query, or None when it is empty or malformed."""
    try:
        return _parsed(q or "")
    except SearchSyntaxError:
        return None


def fts(q: str | None, folded: int) -> str:
    """FTS5 expression of the user's query (``NOTHING`` for an empty or malformed one)."""
    parsed = _usable(q)
    if parsed is None:
        return NOTHING
    return parsed.fts(folded=bool(folded) or not parsed.accented)


def fts_tier(q: str | None, slot: int) -> str:
    """FTS5 expression of one ranking tier (``Query.tiers``), ``NOTHING`` when the query has no
    such tier (no diacritics, or not several plain words) or is empty or malformed."""
    parsed = _usable(q)
    if parsed is None:
        return NOTHING
    return dict(parsed.tiers()).get(int(slot), NOTHING)


def query_problem(q: str | None) -> str | None:
    """What is wrong with the user's query, or NULL."""
    try:
        _parsed(q or "")
    except SearchSyntaxError as exc:
        return f"{exc} (syntax: words, \"a phrase\", a OR b, a NOT b, prefix*, parentheses)"
    return None


def snippet(q: str | None, title: str | None, lead: str | None, body: str | None,
            accented: int = 0) -> str:
    """Matched words in ``[...]`` in a window of the field that has most of them (``accented``:
    a hit of an accented tier, only the words with the query's diacritics are marked)."""
    try:
        parsed = _parsed(q or "")
    except SearchSyntaxError:
        return ""
    return make_snippet(parsed, title, lead, body, accented=bool(accented)) if parsed else ""


def role_matches(role: str | None, title: str | None, modifiers: str | None, organ: str | None,
                 level: str | None, locality: str | None, label_ascii: str | None) -> int:
    """1 when the stored position is the role the user typed (``Chủ tịch UBND tỉnh`` or
    ``chu tich ubnd tinh``: the command line's reading, ``pipelines.rolenorm.query``), else 0."""
    if not role:
        return 0
    from pipelines.rolenorm.query import parse_role_query

    return int(parse_role_query(role).matches(title=title, modifiers=modifiers, organ=organ,
                                              level=level, locality=locality,
                                              label_ascii=label_ascii))


def has_phrase(q: str | None) -> int:
    """1 when the query has "next to each other" tiers (several words that must all appear)."""
    parsed = _usable(q)
    return int(parsed is not None and parsed.phrase() is not None)


def tier_idf_text(db: Database, q: str | None, slot: int) -> str:
    """The idfs of one tier's phrases, as ``portalnews_bm25()`` reads them from text."""
    parsed = _usable(q)
    tier = None if parsed is None else next(
        ((query, folded) for s, query, folded in parsed.tier_queries() if s == int(slot)), None)
    return "" if tier is None else " ".join(repr(x) for x in tier_idfs(db, *tier))


def register_functions(conn: sqlite3.Connection) -> None:
    """Add the ``portalnews_*`` SQL functions to a connection."""
    db = Database(conn)
    conn.create_function("portalnews_idfs", 2, lambda q, slot: tier_idf_text(db, q, slot),
                         deterministic=True)  # constant within a statement: computed once
    conn.create_function("portalnews_has_phrase", 1, has_phrase, deterministic=True)
    conn.create_function("portalnews_fts", 2, fts, deterministic=True)
    conn.create_function("portalnews_query_problem", 1, query_problem, deterministic=True)
    conn.create_function("portalnews_fts_tier", 2, fts_tier, deterministic=True)
    conn.create_function("portalnews_snippet", 4, snippet, deterministic=True)
    conn.create_function("portalnews_snippet", 5, snippet, deterministic=True)
    conn.create_function("portalnews_match_key", 1, lambda t: match_key(t or ""), deterministic=True)
    conn.create_function("portalnews_ascii_key", 1, lambda t: ascii_key(t or ""), deterministic=True)
    conn.create_function("portalnews_has_diacritics", 1, lambda t: int(has_diacritics(t or "")),
                         deterministic=True)
    conn.create_function("portalnews_role_matches", 7, role_matches, deterministic=True)


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str) -> None:
    """Register the functions; make every connection to a served database read-only."""
    register_functions(conn)
    if not database.startswith("_"):
        conn.execute("PRAGMA query_only = 1")


@hookimpl
def canned_queries(datasette, database: str) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    """The canned ``search`` ranked by the C functions when ``store._fts5rank`` was built (its
    title and description from ``metadata.json``); else ``metadata.json``'s, by ``bm25()``."""
    queries = datasette.metadata("queries", database=database, fallback=False) or {}
    if "search" not in queries or not native_search.available():
        return {}
    search = queries["search"]
    return {"search": {**search, "sql": native_search.SQL}}
