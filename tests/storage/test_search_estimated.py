"""The estimated ranking of common terms (issue 14): the same matches as bm25(), in tiers; its
exact pass is FTS5's BM25 formula; the vocabulary's counts are the index's."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from sqlite_utils import Database
from storage_corpus import article_item

import store.search as search_module
from store.database import ensure_portal, open_db, store_article
from store.fts_query import Query, parse_query
from store.readonly import open_readonly
from store.search import Vocabulary, _exact_scores, _occurrences, _rank, _rank_estimated, search

VOCAB = ["hội", "nghị", "năm", "Nam", "đồng", "chí", "định", "hóa", "Hoá", "kinh", "tế", "chè",
         "xã", "đường", "giao", "thông", "nông", "thôn", "mới", "dinh", "che", "hoi", "khánh",
         "khánh", "thành", "Đồng", "Chí,", "hội-nghị"]
QUERIES = ["năm", "nam", "hội nghị", "đồng chí", "dinh OR che", "kinh NOT tế", "hoi*", "đường",
           '"nông thôn" mới', "khánh*", "dinh hoa", "Định Hóa", "hội nghị đồng chí"]
FILTERS = [{}, {"portal": "bk"}, {"since": "2023", "until": "2023-06"}]


def fill(database: Database) -> Database:
    rng = random.Random(14)

    def words(n: int) -> str:
        return " ".join(rng.choice(VOCAB) for _ in range(n))

    for portal, province in (("tn", "Thái Nguyên"), ("bk", "Bắc Kạn")):
        ensure_portal(database, portal, name=portal, province=province)
    for i in range(150):
        store_article(database, article_item(
            ["tn", "bk"][i % 2], str(i), f"20{22 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "Thời sự", words(rng.randint(1, 6)), words(rng.randint(3, 40))))
    return database


@pytest.fixture(scope="module")
def db() -> Database:
    return fill(open_db(":memory:"))


@pytest.fixture
def estimated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every tier ranked by the estimated ranking, however rare its terms (not by the C
    functions: tests/storage/test_native_rank.py)."""
    monkeypatch.setattr(search_module, "NATIVE", False)
    monkeypatch.setattr(search_module, "EXACT_BUDGET", -1)


def ids(hits) -> list[int]:  # type: ignore[no-untyped-def]
    return [h.id for h in hits]


@pytest.mark.parametrize("rerank", [300, 4])  # every match scored exactly, or a first pass
@pytest.mark.parametrize("window", [5000, 40, 7])
@pytest.mark.parametrize("filters", FILTERS)
def test_estimated_ranking_finds_what_bm25_finds(db: Database, monkeypatch: pytest.MonkeyPatch,
                                                 window: int, filters: dict[str, str],
                                                 rerank: int) -> None:
    monkeypatch.setattr(search_module, "RANK_WINDOW", window)
    monkeypatch.setattr(search_module, "RERANK", rerank)
    monkeypatch.setattr(search_module, "NATIVE", False)
    for query in QUERIES:
        monkeypatch.setattr(search_module, "EXACT_BUDGET", math.inf)
        before = search(db, query, limit=1000, **filters)
        monkeypatch.setattr(search_module, "EXACT_BUDGET", -1)
        after = search(db, query, limit=1000, **filters)
        assert sorted(ids(after)) == sorted(ids(before)), query
        # the same tiers: accented hits first, each tier the same set
        assert [h.accented for h in after] == [h.accented for h in before], query
        parsed = parse_query(query)
        assert parsed is not None
        for _slot, tier, folded in parsed.tier_queries():
            where, params = ("1", []) if not filters else search_module.ArticleFilter(
                **filters).where(db)
            exact = _rank(db, tier.fts(folded=folded), where if filters else None, params, 10**6)
            estimate = _rank_estimated(db, tier, folded, where if filters else None, params,
                                       10**6, Vocabulary.of(db))
            assert sorted(estimate) == sorted(exact), (query, tier.fts(folded=folded))


@pytest.mark.parametrize("rerank", [300, 4])
def test_limits_take_the_head_of_the_same_order(db: Database, estimated: None,
                                                monkeypatch: pytest.MonkeyPatch,
                                                rerank: int) -> None:
    monkeypatch.setattr(search_module, "RERANK", rerank)
    for query in QUERIES:
        whole = ids(search(db, query, limit=1000))
        for limit in (1, 3, 20):
            assert ids(search(db, query, limit=limit)) == whole[:limit], (query, limit)


def bm25_with_counted_idf(db: Database, tier: Query, folded: bool) -> dict[int, float]:
    """bm25() of every match, and the same formula from the text with FTS5's own idf."""
    return {rowid: -score for rowid, score in db.execute(
        "SELECT rowid, bm25(article_search, 10.0, 4.0, 1.0, 10.0, 4.0, 1.0) FROM article_search"
        " WHERE article_search MATCH ?", [tier.fts(folded=folded)])}


@pytest.mark.parametrize("query", ["hội nghị", "đồng chí", "năm", "khánh*", "dinh hoa",
                                   '"nông thôn" mới'])
def test_exact_pass_is_fts5_bm25(db: Database, query: str) -> None:
    """With the idf FTS5 counts (rows holding the term in the tier's columns), the exact pass
    gives bm25()'s scores."""
    parsed = parse_query(query)
    assert parsed is not None
    rows = db.execute("SELECT count(*) FROM article_search").fetchone()[0]
    compared = 0
    for _slot, tier, folded in parsed.tier_queries():
        terms = tier.terms()
        idfs = []
        for term in terms:
            expression = "{" + " ".join(tier.columns(folded=folded)) + "} : " + tier.term_fts(
                term, folded=folded)
            hits = db.execute("SELECT count(*) FROM article_search WHERE article_search MATCH ?",
                              [expression]).fetchone()[0]
            idf = math.log((rows - hits + 0.5) / (hits + 0.5))
            idfs.append(idf if idf > 0 else 1e-6)
        want = bm25_with_counted_idf(db, tier, folded)
        got = _exact_scores(db, list(want), terms, idfs, tier.columns(folded=folded), folded,
                            Vocabulary.of(db).avgdl)
        assert set(got) == set(want)
        for rowid, score in want.items():
            assert got[rowid] == pytest.approx(score, rel=1e-9, abs=1e-12), (query, rowid)
        compared += len(want)
    assert compared


def test_vocabulary_counts_rows_of_the_index(db: Database) -> None:
    vocabulary = Vocabulary.of(db)
    assert vocabulary.rows == 150
    for token in ("hội", "hoi", "nam", "khánh", "thanh", "absent"):
        counted = db.execute("SELECT count(*) FROM article_search WHERE article_search MATCH ?",
                             [f'"{token}"']).fetchone()[0]
        assert vocabulary.rows_with([token]) == counted, token
    starting = db.execute("SELECT count(*) FROM article_search WHERE article_search MATCH ?",
                          ['"kh" *']).fetchone()[0]
    assert vocabulary.rows_with(["kh"], prefix=True) >= starting  # tokens' rows added up
    assert vocabulary.rows_with(["hội", "nghị"]) == min(vocabulary.rows_with(["hội"]),
                                                        vocabulary.rows_with(["nghị"]))


def test_read_only_database(tmp_path: Path, estimated: None) -> None:
    path = tmp_path / "ro.db"
    fill(open_db(path)).close()
    writable = ids(search(open_db(path), "hội nghị", limit=50))
    db = open_readonly(path)
    assert ids(search(db, "hội nghị", limit=50)) == writable
    assert db.execute("PRAGMA query_only").fetchone()[0] == 1


def test_occurrences() -> None:
    tokens = ["hội", "nghị", "hội", "nghị", "hội", "khánh", "khánhhòa"]
    assert _occurrences(tokens, ["hội", "nghị"], False) == 2
    assert _occurrences(tokens, ["hội"], False) == 3
    assert _occurrences(tokens, ["khánh"], True) == 2
    assert _occurrences(tokens, ["hội", "kh"], True) == 1
    assert _occurrences(tokens, [], False) == 0


def test_vocabulary_of_a_large_index_counts_its_newest_rows(db: Database,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Above SAMPLE rows a token's rows are counted in the newest SAMPLE and scaled; a token
    found there fewer than RARE times is counted over the whole index."""
    import store.vocabulary as vocabulary_module

    monkeypatch.setattr(vocabulary_module, "SAMPLE", 50)
    monkeypatch.setattr(vocabulary_module, "RARE", 5)
    vocabulary = vocabulary_module.Vocabulary(db, 150)
    newest = [r[0] for r in db.execute("SELECT id FROM article_search_docsize ORDER BY id DESC"
                                       " LIMIT 50")]
    assert vocabulary.since == newest[-1]

    def rows(expression: str, *, sample: bool) -> int:
        bound = f" AND rowid >= {newest[-1]}" if sample else ""
        return db.execute("SELECT count(*) FROM article_search WHERE article_search MATCH ?"
                          + bound, [expression]).fetchone()[0]

    checked = {"common": 0, "rare": 0}
    for token in {w.lower().strip(",") for w in VOCAB} | {"hoi", "absent"}:
        if "-" in token:
            continue
        in_sample = rows(f'"{token}"', sample=True)
        if in_sample >= 5:
            assert vocabulary.rows_with([token]) == min(150, round(in_sample * 150 / 50)), token
            checked["common"] += 1
        else:
            assert vocabulary.rows_with([token]) == rows(f'"{token}"', sample=False), token
            checked["rare"] += 1
    assert checked["common"] and checked["rare"]
    assert vocabulary.rows_with(["kh"], prefix=True) == min(
        150, round(rows('"kh" *', sample=True) * 3))
