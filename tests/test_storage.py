"""Storage: migrations, upsert on identity, versions, children, failures, search."""

from __future__ import annotations

import sqlite3

import pytest

from pipelines.text import content_hash
from store.database import open_db, record_failure, store_article
from store.schema import apply_migrations, migrations
from store.search import search


def article(**overrides):
    item = {
        "portal": "p", "source_id": "news:1", "url": "http://p/news/a/x-1.html",
        "title": "Hội nghị Ban Chấp hành Đảng bộ huyện Định Hóa", "lead": "Sáng 14/3, ...",
        "body_text": "Đồng chí Đàm Văn Khoa chủ trì.\n\nHội nghị đã thảo luận.",
        "tags": ["Định Hóa", "Hội nghị"],
        "images": [{"url": "http://p/u/1.jpg", "caption": "Quang cảnh"}],
        "published": {"value": "2024-03-14T08:00:00+07:00", "precision": "minute",
                      "tz_source": "meta"},
        "published_raw": "Thứ năm - 14/03/2024 08:00", "fetched_at": "2024-03-15T00:00:00+07:00",
    }
    item.update(overrides)
    item["content_hash"] = content_hash(item["title"], item.get("lead"), item["body_text"])
    return item


@pytest.fixture
def db():
    database = open_db(":memory:")
    database["portals"].insert({"id": "p"})
    return database


def test_migrations_are_idempotent(db):
    assert apply_migrations(db) == []
    assert {m.name for m in migrations.applied(db)} >= {"0001_foundation"}


def test_insert_then_unchanged_then_updated(db):
    assert store_article(db, article())[0] == "new"
    assert store_article(db, article(fetched_at="2024-03-16T00:00:00+07:00"))[0] == "unchanged"
    outcome, article_id = store_article(db, article(body_text="Nội dung đã sửa."))
    assert outcome == "updated"
    row = db["articles"].get(article_id)
    assert row["versions"] == 2 and row["body_text"] == "Nội dung đã sửa."
    assert db["articles"].count == 1
    assert db["article_versions"].count == 2


def test_children_rewritten(db):
    _, article_id = store_article(db, article())
    store_article(db, article(tags=["Khác"], images=[], body_text="Mới."))
    assert [r["tag"] for r in db["tags"].rows_where("article_id = ?", [article_id])] == ["Khác"]
    assert db["images"].count == 0


def test_date_columns(db):
    _, article_id = store_article(db, article())
    row = db["articles"].get(article_id)
    assert row["published"] == "2024-03-14T08:00:00+07:00"
    assert row["published_precision"] == "minute"
    assert row["published_tz_source"] == "meta"
    assert row["published_raw"] == "Thứ năm - 14/03/2024 08:00"


def test_failed_write_leaves_nothing(db):
    bad = article()
    bad["images"] = [{"url": None, "caption": None}, {"url": None, "caption": None}]
    db.execute("CREATE TRIGGER boom BEFORE INSERT ON images BEGIN SELECT RAISE(ABORT, 'x'); END")
    with pytest.raises(sqlite3.DatabaseError):
        store_article(db, bad)
    assert db["articles"].count == 0
    assert db.execute("SELECT count(*) FROM article_search").fetchone()[0] == 0


def test_record_failure(db):
    record_failure(db, portal="p", url="http://p/x", reason="missing title", stage="validate")
    row = next(db["failures"].rows)
    assert row["reason"] == "missing title" and row["failed_at"].endswith("+07:00")


def test_search_with_and_without_diacritics(db):
    store_article(db, article())
    store_article(db, article(source_id="news:2", url="http://p/2", title="Tin khác",
                              body_text="Không liên quan."))
    for query in ("Định Hóa", "dinh hoa", "ĐỊNH HOÁ", "Đàm Văn Khoa", "dam van khoa"):
        hits = search(db, query)
        assert [h.title for h in hits] == ["Hội nghị Ban Chấp hành Đảng bộ huyện Định Hóa"], query
    assert search(db, '"unbalanced') == []
    assert search(db, "   ") == []


def test_search_ranks_accented_match_first(db):
    store_article(db, article(source_id="news:2", url="http://p/2", title="Nam Định",
                              body_text="Tỉnh Nam Định."))
    store_article(db, article(source_id="news:3", url="http://p/3", title="Năm mới",
                              body_text="Chúc mừng năm mới."))
    hits = search(db, "năm")
    assert hits[0].title == "Năm mới" and hits[0].accented
    assert {h.title for h in hits} == {"Năm mới", "Nam Định"}


def test_wal_on_file(tmp_path):
    db = open_db(tmp_path / "x.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_event_dates_stored_with_sentence(db):
    event = {"raw": "Sáng 14/3", "value": "2024-03-14", "precision": "day", "end": None,
             "tz_source": "none", "year_inferred": True, "relative": False,
             "weekday_consistent": None, "error": None, "sentence": "Sáng 14/3, hội nghị.",
             "span": [0, 9]}
    nothing = {**event, "value": None, "error": "no date"}
    _, article_id = store_article(db, article(event_dates=[event, nothing]))
    rows = list(db["article_dates"].rows_where("article_id = ?", [article_id]))
    assert len(rows) == 1
    assert rows[0]["value"] == "2024-03-14" and rows[0]["sentence"] == "Sáng 14/3, hội nghị."
    assert rows[0]["year_inferred"] == 1 and rows[0]["span_end"] == 9
