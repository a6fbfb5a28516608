"""A small database for the storage tests: two provinces, categories, dates, versions, people."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlite_utils import Database

from pipelines.roles import article_mentions
from pipelines.text import content_hash
from store.database import ensure_portal, open_db, store_article

# portal, source id, published day, category, title, body
ARTICLES = [
    ("tn", "1", "2023-03-01", "Xây dựng Đảng", "Hội nghị Ban Chấp hành Đảng bộ huyện Định Hóa",
     "Đồng chí Nguyễn Văn An, Bí thư Huyện ủy Định Hóa chủ trì hội nghị. Sáng 14/3, hội nghị bế mạc."),
    ("tn", "2", "2023-09-15", "Kinh tế", "Định Hoá phát triển sản phẩm OCOP",
     "Bí thư Huyện ủy Định Hóa Nguyễn Văn An kiểm tra mô hình chè. Năm nay huyện có 12 sản phẩm."),
    ("tn", "3", "2024-02-01", "Xây dựng Đảng", "Thăm hỏi gia đình chính sách dịp Tết",
     "Đồng chí Lê Thị Bình, Bí thư Huyện ủy Định Hóa dự. Chúc mừng năm mới."),
    ("bk", "4", "2024-01-10", "Thời sự", "Tỉnh Nam Định trao đổi kinh nghiệm",
     "Đồng chí Nguyễn Văn An, Phó Chủ tịch UBND tỉnh Bắc Kạn làm việc với đoàn Nam Định."),
    ("bk", "5", "2024-03-20", "Thời sự", "Đường giao thông nông thôn Đồng Hỷ",
     "Đường đến xã được nâng cấp. Uỷ ban nhân dân xã đôn đốc nhà thầu."),
]


def article_item(portal: str, sid: str, day: str, category: str, title: str, body: str,
                 **overrides: Any) -> dict[str, Any]:
    """A stored-article item like the crawl pipeline produces."""
    item: dict[str, Any] = {
        "portal": portal, "source_id": f"news:{sid}", "url": f"https://{portal}.example/news/{sid}.html",
        "title": title, "lead": f"Tin {sid}.", "body_text": body, "category": category,
        "author": "Phóng viên", "source": "Báo địa phương",
        "tags": [category, "Tin tức"], "images": [{"url": f"https://{portal}.example/{sid}.jpg",
                                                  "caption": "Quang cảnh"}],
        "published": {"value": f"{day}T08:00:00+07:00", "precision": "minute", "tz_source": "meta"},
        "published_raw": f"{day} 08:00", "fetched_at": f"{day}T12:00:00+07:00",
        "event_dates": [{"raw": "Sáng 14/3", "value": day, "precision": "day", "end": None,
                         "tz_source": "none", "year_inferred": True, "relative": False,
                         "weekday_consistent": None, "sentence": "Sáng 14/3, hội nghị bế mạc.",
                         "span": [0, 9]}],
    }
    item.update(overrides)
    item["content_hash"] = content_hash(item["title"], item.get("lead"), item["body_text"])
    return item


def fill(db: Database) -> dict[str, int]:
    """Store the corpus (mentions through the real roles extractor); return ids by source id."""
    ensure_portal(db, "tn", name="Thái Nguyên", province="Thái Nguyên")
    ensure_portal(db, "bk", name="Bắc Kạn", province="Bắc Kạn")
    ids = {}
    for portal, sid, day, category, title, body in ARTICLES:
        _, ids[sid] = store_article(db, article_item(portal, sid, day, category, title, body,
                                                     mentions=_mentions(db, portal, day, title, body)))
    # article 1 changes once: two versions
    portal, sid, day, category, title, body = ARTICLES[0]
    body += " Đã cập nhật."
    store_article(db, article_item(portal, sid, day, category, title, body,
                                   mentions=_mentions(db, portal, day, title, body),
                                   fetched_at=f"{day}T18:00:00+07:00"))
    return ids


def _mentions(db: Database, portal: str, day: str, title: str, body: str) -> list[dict[str, Any]]:
    province = db["portals"].get(portal)["province"]
    return article_mentions({"title": title, "body_text": body}, date=day, province=province)


def make_db(path: Path) -> Path:
    """A filled database file (WAL) at ``path``."""
    db = open_db(path)
    fill(db)
    db.close()
    return path
