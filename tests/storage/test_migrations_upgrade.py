"""Migrations: from an empty database, and from an older one whose data must survive."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from pipelines.text import content_hash
from store.database import open_db, store_article
from store.schema import apply_migrations, migrations
from store.search import search


def test_from_empty(tmp_path: Path) -> None:
    db = Database(tmp_path / "new.db")
    applied = apply_migrations(db)
    assert applied == [m.name for m in migrations.applied(db)]
    assert migrations.pending(db) == []  # every migration, not some
    assert {"0001_foundation", "0002_article_dates", "0010_people", "0020_query_indexes"} <= set(applied)
    tables = set(db.table_names())
    assert {"portals", "articles", "article_versions", "article_dates", "images", "tags", "persons",
            "positions", "mentions", "crawl_runs", "failures", "article_search"} <= tables
    assert ["category"] in [i.columns for i in db["articles"].indexes]
    assert apply_migrations(db) == []
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_from_older_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="0002_article_dates")
    assert "article_dates" not in old.table_names() and "persons" not in old.table_names()
    old["portals"].insert({"id": "tn", "province": "Thái Nguyên"})
    body = "Đồng chí Nguyễn Văn An chủ trì hội nghị tại huyện Định Hóa."
    old["articles"].insert({
        "id": 7, "portal": "tn", "source_id": "news:7", "url": "https://tn/7", "title": "Hội nghị",
        "body_text": body, "content_hash": content_hash("Hội nghị", None, body),
        "published": "2023-05-01T08:00:00+07:00", "versions": 1, "category": "Tin tức"})
    old["article_versions"].insert({"article_id": 7, "content_hash": "h", "title": "Hội nghị",
                                    "body_text": body, "fetched_at": "2023-05-01T09:00:00+07:00"})
    old.execute("INSERT INTO article_search (rowid, title, lead, body, title_ascii, lead_ascii,"
                " body_ascii) VALUES (7, 'Hội nghị', '', ?, 'hoi nghi', '', ?)",
                [body, "dong chi nguyen van an chu tri hoi nghi tai huyen dinh hoa"])
    old.conn.commit()
    old.close()

    db = open_db(path)  # applies everything pending
    assert {m.name for m in migrations.pending(db)} == set()
    row = db["articles"].get(7)
    assert row["title"] == "Hội nghị" and row["versions"] == 1
    assert db["article_versions"].count == 1
    assert [h.id for h in search(db, "dinh hoa", category="tin tuc")] == [7]
    # the upgraded database takes new articles and versions
    item = {"portal": "tn", "source_id": "news:7", "url": "https://tn/7", "title": "Hội nghị",
            "body_text": body + " Sửa.", "fetched_at": "2023-05-02T09:00:00+07:00",
            "published": {"value": "2023-05-01T08:00:00+07:00", "precision": "minute"}}
    item["content_hash"] = content_hash(item["title"], None, item["body_text"])
    assert store_article(db, item) == ("updated", 7)
    assert db["articles"].get(7)["versions"] == 2
