"""A person's timeline read from the mentions index (migration 0090_scale_indexes) gives the rows
the join on articles gave, after updates, URL changes and an upgrade from an older database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from storage_corpus import article_item

from crawler.datasette.plugin import register_functions
from pipelines.text import content_hash
from store.database import ensure_portal, open_db, store_article
from store.schema import migrations

ROOT = Path(__file__).resolve().parents[2]
# The canned query before migration 0090: one article row per mention.
JOINED = """select m.article_date, pe.name, p.label as position, m.status, a.portal, a.title, a.url,
  m.sentence
from mentions m
join persons pe on pe.id = m.person_id
join articles a on a.id = m.article_id
left join positions p on p.id = m.position_id
where m.person_id in (
  select id from persons where name_key = portalnews_match_key(:name)
  union
  select id from persons
  where portalnews_has_diacritics(:name) = 0 and name_ascii = portalnews_ascii_key(:name)
)
order by m.article_date, a.id, m.id"""
NAMES = ["Nguyễn Văn An", "nguyen van an", "Lê Thị Bình", "Trần Văn Cường", "Nobody"]


def canned() -> str:
    metadata = json.loads((ROOT / "crawler" / "datasette" / "metadata.json").read_text("utf-8"))
    return next(d["queries"]["person_timeline"]["sql"] for d in metadata["databases"].values())


def mention(name: str, role: str = "Bí thư Huyện ủy") -> dict[str, Any]:
    sentence = f"Đồng chí {name}, {role} phát biểu."
    return {"name": name, "span": [9, 9 + len(name)], "sentence": sentence,
            "roles": [{"raw": role, "title": "Bí thư", "modifiers": [], "status": "current",
                       "organ": "Huyện ủy", "level": "district", "locality": "Định Hóa"}]}


def fill(db: Database) -> None:
    ensure_portal(db, "tn", name="tn", province="Thái Nguyên")
    people = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường"]
    for i in range(30):
        names = [people[i % 3], people[(i + 1) % 3]] if i % 4 else [people[i % 3]]
        store_article(db, article_item("tn", str(i), f"2023-{1 + i % 12:02d}-{1 + i % 5:02d}",
                                       "Thời sự", f"Tin {i}", "Nội dung.",
                                       mentions=[mention(n) for n in names]))


def rows(db: Database, sql: str) -> dict[str, list[tuple[Any, ...]]]:
    register_functions(db.conn)
    return {name: db.execute(sql, {"name": name}).fetchall() for name in NAMES}


def test_same_rows_as_the_join_after_updates(tmp_path: Path) -> None:
    db = open_db(tmp_path / "t.db")
    fill(db)
    # a new version (title changed), an unchanged article found at a new URL, fewer mentions
    item = article_item("tn", "3", "2023-04-04", "Thời sự", "Tin 3 (sửa)", "Nội dung mới.",
                        mentions=[mention("Lê Thị Bình")])
    assert store_article(db, item)[0] == "updated"
    item = article_item("tn", "5", "2023-06-01", "Thời sự", "Tin 5", "Nội dung.",
                        mentions=[mention("Lê Thị Bình"), mention("Trần Văn Cường")])
    item["url"] = "https://tn.example/moved/5"
    item["content_hash"] = db.execute(
        "SELECT content_hash FROM articles WHERE source_id = 'news:5'").fetchone()[0]
    assert store_article(db, item)[0] == "unchanged"
    new, old = rows(db, canned()), rows(db, JOINED)
    assert new == old
    assert sum(len(r) for r in new.values()) > 30
    assert any(r[6] == "https://tn.example/moved/5" for r in new["Trần Văn Cường"])
    assert any(r[5] == "Tin 3 (sửa)" for r in new["Lê Thị Bình"])


def test_plan_reads_the_timeline_index(tmp_path: Path) -> None:
    db = open_db(tmp_path / "t.db")
    fill(db)
    register_functions(db.conn)
    plan = " ".join(r[-1] for r in db.execute("EXPLAIN QUERY PLAN " + canned(),
                                              {"name": "Nguyễn Văn An"}))
    assert "COVERING INDEX idx_mentions_timeline" in plan, plan
    assert " a " not in plan and "articles" not in plan


def test_upgrade_fills_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="0090_scale_indexes")
    old.close()
    db = open_db(path, migrate=False)  # rows as the storage code of before wrote them
    ensure_portal(db, "tn", name="tn", province="Thái Nguyên")
    body = "Đồng chí Nguyễn Văn An phát biểu."
    db["articles"].insert({"id": 1, "portal": "tn", "source_id": "1", "url": "https://tn/1",
                           "title": "Hội nghị", "body_text": body,
                           "content_hash": content_hash("Hội nghị", None, body)})
    db["persons"].insert({"id": 1, "name": "Nguyễn Văn An", "name_key": "nguyễn văn an",
                          "name_ascii": "nguyen van an"})
    db["mentions"].insert({"article_id": 1, "portal": "tn", "person_id": 1,
                           "sentence": body, "article_date": "2023-01-01"})
    db.conn.commit()
    db.close()
    db = open_db(path)
    assert db.execute("SELECT article_title, article_url FROM mentions").fetchall() == [
        ("Hội nghị", "https://tn/1")]
    assert rows(db, canned()) == rows(db, JOINED)
