"""Search ranking as users read it: the query's diacritics first, adjacent words first, and only
what matched is marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from store.database import ensure_portal, open_db, store_article
from store.fts_query import parse_query
from store.search import make_snippet, search
from tests.storage.storage_corpus import article_item

# Titles written for these tests (the body repeats the title).
PLACE = "Huyện Định Hóa đón khách du lịch"                       # the place: accented phrase
SCATTERED = "Quyết định hỗ trợ văn hóa cơ sở"                    # both accented words, apart
FOLDED_PLACE = "Đình làng Hòa Bình được tu bổ"                   # "dinh" and "hoa", other marks
FOLDED_PHRASE = "Đinh Hòa nhận giấy khen"                        # "dinh hoa" adjacent, other marks


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    database = open_db(tmp_path_factory.mktemp("rank") / "rank.db")
    ensure_portal(database, "tn", name="tn", province="Thái Nguyên")
    # stored in an order that ranking must undo (newest first would be the reverse)
    for sid, title in enumerate([PLACE, SCATTERED, FOLDED_PLACE, FOLDED_PHRASE,
                                 "Bố mẹ đưa con đến trường", "Bộ Tư lệnh thăm tỉnh"]):
        store_article(database, article_item("tn", str(sid), f"2024-03-0{sid + 1}", "Tin",
                                             title, f"{title}."))
    return database


def titles(db: Database, query: str) -> list[str]:
    return [hit.title for hit in search(db, query, limit=20)]


def test_accented_query_ranks_same_diacritics_then_adjacency(db: Database) -> None:
    assert titles(db, "Định Hóa") == [PLACE, SCATTERED, FOLDED_PHRASE, FOLDED_PLACE]


def test_unaccented_query_ranks_adjacent_words_first(db: Database) -> None:
    found = titles(db, "dinh hoa")
    assert set(found[:2]) == {PLACE, FOLDED_PHRASE}
    assert set(found[2:]) == {SCATTERED, FOLDED_PLACE}


def test_highlights_mark_only_what_matched(db: Database) -> None:
    hits = search(db, "bộ", limit=5)  # the accented match, then those without its diacritics
    assert (hits[0].title, hits[0].accented) == ("Bộ Tư lệnh thăm tỉnh", True)
    assert {h.title for h in hits[1:]} == {"Bố mẹ đưa con đến trường", FOLDED_PLACE}
    assert not any(h.accented for h in hits[1:])
    query = parse_query("bộ")
    assert query is not None
    assert make_snippet(query, "Bố và Bộ", accented=True) == "Bố và [Bộ]"
    assert make_snippet(query, "Bố và Bộ", accented=False) == "[Bố] và [Bộ]"
    [place] = [h for h in search(db, "Định Hóa", limit=5) if h.title == SCATTERED]
    assert place.snippet.startswith("Quyết [định] hỗ trợ văn [hóa]")


def test_phrase_tier_only_for_several_plain_words() -> None:
    def slots(q: str) -> list[int]:
        parsed = parse_query(q)
        assert parsed is not None
        return [slot for slot, _ in parsed.tiers()]

    assert slots("Định Hóa") == [0, 1, 2, 3]
    assert slots("dinh hoa") == [2, 3]
    assert slots("bộ") == [1, 3]
    assert slots("dinh OR hoa") == [3]
    assert slots('"hội nghị" tỉnh') == [0, 1, 2, 3]


def test_cli_and_datasette_functions_agree(db: Database, tmp_path: Path) -> None:
    from crawler.datasette import plugin

    for q in ("Định Hóa", "dinh hoa", "bộ"):
        parsed = parse_query(q)
        assert parsed is not None
        assert [plugin.fts_tier(q, slot) for slot, _ in parsed.tiers()] == [
            expression for _, expression in parsed.tiers()]
    assert plugin.fts_tier("dinh hoa", 0) == plugin.NOTHING
