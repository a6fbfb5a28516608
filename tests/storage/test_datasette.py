"""``portalnews serve``: Datasette over HTTP, read-only, metadata, facets, canned queries, live writes."""

from __future__ import annotations

import sqlite3
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest
from datasette_server import Server, serving
from storage_corpus import article_item, make_db

from crawler.datasette import plugin
from store.database import open_db, store_article

DINH_HOA = {"Hội nghị Ban Chấp hành Đảng bộ huyện Định Hóa", "Định Hoá phát triển sản phẩm OCOP",
            "Thăm hỏi gia đình chính sách dịp Tết"}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_db(tmp_path_factory.mktemp("ds") / "news.db")


@pytest.fixture(scope="module")
def server(db_path: Path) -> Iterator[Server]:
    with serving(db_path, db_path.parent / "serve.log") as running:
        yield running


def canned(server: Server, query: str, /, **params: str) -> list[dict]:
    return server.get_json(f"/{{db}}/{query}.json", _shape="array", **params)


def test_metadata_and_mode(server: Server) -> None:
    meta = server.get_json("/-/metadata.json")
    assert meta["title"] == "portal-news"
    assert set(meta["databases"]) == {"news"}
    [database] = server.get_json("/-/databases.json")
    assert database["name"] == "news" and database["is_mutable"] is True  # not immutable
    assert any(p["name"] == "plugin.py" for p in server.get_json("/-/plugins.json"))


def test_table_page_facets_and_column_notes(server: Server) -> None:
    data = server.get_json("/{db}/articles.json")
    assert set(data["facet_results"]) >= {"portal", "category"}
    portals = {f["value"]: f["count"] for f in data["facet_results"]["portal"]["results"]}
    assert portals == {"tn": 3, "bk": 2}
    html = server.get_text("/{db}/articles")
    assert "SHA-256 of canonical title" in html  # column note from metadata


def test_search_with_and_without_diacritics(server: Server) -> None:
    for q in ("dinh hoa", "Định Hóa", "ĐỊNH HOÁ"):
        assert {r["title"] for r in canned(server, "search", q=q)} == DINH_HOA, q
    rows = canned(server, "search", q="năm")
    assert rows[-1]["title"] == "Tỉnh Nam Định trao đổi kinh nghiệm"  # accented matches first
    assert "[năm]" in rows[0]["snippet"].lower()
    assert canned(server, "search", q="") == []


def test_search_ranks_as_the_command_line(server: Server, db_path: Path) -> None:
    """Same tiers (exact accented matches first), same rank window, same order as ``search``."""
    from sqlite_utils import Database

    from store.search import search

    db = Database(db_path)
    for q in ("dinh hoa", "Định Hóa", "năm", "tỉnh", "nam OR hoa", "trao*"):
        assert [r["id"] for r in canned(server, "search", q=q)] == [
            hit.id for hit in search(db, q, limit=100)], q


def test_served_search_is_ranked_in_c_when_built(server: Server) -> None:
    """With store._fts5rank built, the served canned search is native_search.SQL (the C
    functions); else metadata.json's (bm25())."""
    from crawler.datasette import native_search

    sql = server.get_json("/{db}/search.json", q="dinh hoa")["query"]["sql"]
    assert ("portalnews_bm25(" in sql) is native_search.available()
    assert ("bm25(article_search" in sql.replace("portalnews_bm25(", "")) is not (
        native_search.available())


def test_search_syntax_error_is_a_message(server: Server) -> None:
    [row] = canned(server, "search", q="(dinh hoa")
    assert row["title"] == "Search syntax problem" and "unbalanced '('" in row["snippet"]


def test_person_timeline(server: Server) -> None:
    for name in ("Nguyễn Văn An", "nguyen van an"):
        rows = canned(server, "person_timeline", name=name)
        assert [r["article_date"] for r in rows] == ["2023-03-01", "2023-09-15", "2024-01-10"]
        assert rows[0]["position"] == "Bí thư Huyện ủy huyện Định Hóa"


def test_holders_on_date(server: Server) -> None:
    rows = canned(server, "holders_on_date", role="Bí thư Huyện ủy Định Hóa", date="2023-06-01")
    assert [(r["name"], r["held"]) for r in rows] == [("Nguyễn Văn An", "confirmed")]
    rows = canned(server, "holders_on_date", role="Phó Chủ tịch UBND tỉnh", date="2024-06-01")
    assert [(r["name"], r["held"]) for r in rows] == [("Nguyễn Văn An", "likely")]
    assert canned(server, "holders_on_date", role="Bí thư Huyện ủy Định Hóa", date="2020-01-01") == []


def test_read_only(server: Server, db_path: Path) -> None:
    with pytest.raises(urllib.error.HTTPError) as exc:
        server.get_json("/{db}.json", sql="update articles set title = 'x'")
    assert exc.value.code == 400
    with pytest.raises(urllib.error.HTTPError):
        server.get_text("/{db}.db")  # no download of the database either
    # every connection the plugin prepares (read and write) refuses writes
    conn = sqlite3.connect(db_path)
    plugin.prepare_connection(conn, "news")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM articles")
    assert conn.execute("SELECT portalnews_ascii_key('Định Hoá')").fetchone() == ("dinh hoa",)
    conn.close()


def test_serves_while_a_crawl_writes(server: Server, db_path: Path) -> None:
    writer = open_db(db_path)
    writer.execute("BEGIN IMMEDIATE")  # a crawl in the middle of a transaction
    writer.execute("UPDATE portals SET name = 'đang ghi' WHERE id = 'tn'")
    assert {r["title"] for r in canned(server, "search", q="dinh hoa")} == DINH_HOA
    writer.execute("COMMIT")
    store_article(writer, article_item("tn", "9", "2024-05-05", "Kinh tế", "Chè Tân Cương xuất khẩu",
                                       "Sản phẩm chè Tân Cương được xuất khẩu."))
    assert [r["title"] for r in canned(server, "search", q="tan cuong")] == ["Chè Tân Cương xuất khẩu"]
    writer.close()
