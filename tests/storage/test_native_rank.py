"""The FTS5 ranking functions in C (store/fts5rank.c): bm25()'s scores with the idf given, the
phrase test, the same search results as the Python ranking, and the fall-back without them."""

from __future__ import annotations

import math
import os
import sqlite3

import pytest
from sqlite_utils import Database
from test_search_estimated import QUERIES, fill

import store.search as search_module
from store.database import open_db
from store.fts_query import parse_query
from store.search import search

try:
    from store import _fts5rank
except ImportError:  # pragma: no cover - depends on the install
    _fts5rank = None
    if os.environ.get("PORTALNEWS_REQUIRE_NATIVE_RANK"):
        raise
pytestmark = pytest.mark.skipif(_fts5rank is None, reason="store._fts5rank was not built "
                                "(no C compiler or SQLite headers at install)")


@pytest.fixture(scope="module")
def db() -> Database:
    return fill(open_db(":memory:"))


def counted_idf(db: Database, expression: str) -> float:
    """FTS5's idf of one phrase: the rows it matches, counted."""
    rows = db.execute("SELECT count(*) FROM article_search").fetchone()[0]
    hits = db.execute("SELECT count(*) FROM article_search WHERE article_search MATCH ?",
                      [expression]).fetchone()[0]
    idf = math.log((rows - hits + 0.5) / (hits + 0.5))
    return idf if idf > 0 else 1e-6


def test_functions_are_registered_on_new_connections(tmp_path) -> None:
    connection = sqlite3.connect(tmp_path / "x.db")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(a, b)")
    connection.execute("INSERT INTO t VALUES ('x y', 'z')")
    assert connection.execute("SELECT portalnews_bm25(t, 1, 1, 0.5), portalnews_phrase(t, 1, 1)"
                              " FROM t WHERE t MATCH 'x'").fetchall() == [
        (pytest.approx(-0.5), pytest.approx(-1.0))]  # f 1, row length = average: idf x 1


@pytest.mark.parametrize("query", ["hội nghị", "đồng chí", "năm", "khánh*", "dinh hoa",
                                   '"nông thôn" mới', "dinh OR che", "kinh NOT tế"])
def test_bm25_with_counted_idf_is_fts5_bm25(db: Database, query: str) -> None:
    parsed = parse_query(query)
    assert parsed is not None
    compared = 0
    for _slot, tier, folded in parsed.tier_queries():
        columns = "{" + " ".join(tier.columns(folded=folded)) + "} : "
        idfs = [counted_idf(db, columns + tier.term_fts(t, folded=folded)) for t in tier.terms()]
        rows = db.execute(
            "SELECT rowid, bm25(article_search, 10, 4, 1, 10, 4, 1), portalnews_bm25(article_search,"
            f" 10, 4, 1, 10, 4, 1{', ?' * len(idfs)}) FROM article_search WHERE article_search"
            " MATCH ?", [*idfs, tier.fts(folded=folded)]).fetchall()
        compared += len(rows)
        for rowid, bm25, ours in rows:
            assert ours == pytest.approx(bm25, rel=1e-12, abs=1e-15), (query, rowid)
    assert compared, query


def test_phrase_function_is_the_phrase_query(db: Database) -> None:
    """On the words' query, portalnews_phrase() is non-zero exactly where the phrase query
    matches, and orders those rows as the phrase query's bm25() does."""
    for words, phrase in (("hội AND nghị", '"hội nghị"'), ("đường AND giao AND thông",
                                                          '"đường giao thông"'),
                          ("hội AND kh*", '"hội kh" *'), ('"hội nghị" AND đồng', '"hội nghị đồng"'),
                          ("năm AND năm", '"năm năm"')):
        got = dict(db.execute("SELECT rowid, portalnews_phrase(article_search, 10, 4, 1, 10, 4, 1)"
                              " FROM article_search WHERE article_search MATCH ?", [words]))
        want = dict(db.execute("SELECT rowid, bm25(article_search, 10, 4, 1, 10, 4, 1) FROM"
                               " article_search WHERE article_search MATCH ?", [phrase]))
        assert {r for r, score in got.items() if score < 0} == set(want), phrase
        idf = counted_idf(db, phrase)
        for rowid, score in want.items():
            assert got[rowid] * idf == pytest.approx(score, rel=1e-9), (phrase, rowid)


@pytest.mark.parametrize("filters", [{}, {"portal": "bk"}, {"since": "2023", "until": "2023-06"}])
def test_same_matches_and_tiers_as_python_ranking(db: Database, monkeypatch: pytest.MonkeyPatch,
                                                  filters: dict[str, str]) -> None:
    for query in QUERIES:
        native = search(db, query, limit=1000, **filters)
        monkeypatch.setattr(search_module, "NATIVE", False)
        python = search(db, query, limit=1000, **filters)
        monkeypatch.setattr(search_module, "NATIVE", True)
        assert sorted(h.id for h in native) == sorted(h.id for h in python), query
        assert [h.accented for h in native] == [h.accented for h in python], query


def test_a_failing_call_falls_back_to_python(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Arguments the C function refuses (here one column weight short) rank in Python."""
    want = [h.id for h in search(db, "hội nghị", limit=50)]
    monkeypatch.setattr(search_module, "_WEIGHTS", (10.0, 4.0))
    parsed = parse_query("hội nghị")
    assert parsed is not None
    _slot, tier, folded = parsed.tier_queries()[1]
    assert search_module._rank_native(db, tier, folded, None, [], 10) is None
    monkeypatch.setattr(search_module, "_WEIGHTS", (10.0, 4.0, 1.0))
    monkeypatch.setattr(search_module, "NATIVE", False)
    assert sorted(h.id for h in search(db, "hội nghị", limit=50)) == sorted(want)
