"""Opening the database and writing articles, failures and runs (sqlite-utils, no Scrapy).

Every article is written in one transaction (row, version, images, tags, search index), so a
kill at any moment leaves either the whole article or none of it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from sqlite_utils import Database

from pipelines.vntext import ascii_key, fold_tone, match_key
from store.people import store_mentions
from store.schema import apply_migrations
from store.sqlrows import insert_rows

DEFAULT_DB = Path("data") / "portalnews.db"
Outcome = Literal["new", "updated", "unchanged"]


def default_db_path() -> Path:
    """``$PORTALNEWS_DB`` when set, else ``data/portalnews.db``."""
    return Path(os.environ.get("PORTALNEWS_DB") or DEFAULT_DB)


def now_iso() -> str:
    """The current time, timezone-aware, in Vietnam time."""
    from pipelines.timezones import VN_TZ

    return datetime.now(VN_TZ).isoformat(timespec="seconds")


def open_db(path: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Database:
    """Open (and create) the database: WAL, foreign keys, busy timeout, migrations applied."""
    path = Path(path) if path is not None else default_db_path()
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        db.execute("PRAGMA journal_mode=WAL")
    else:
        db = Database(memory=True)
    db.execute("PRAGMA busy_timeout=30000")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=NORMAL")
    if migrate:
        apply_migrations(db)
    return db


@contextmanager
def transaction(db: Database) -> Iterator[None]:
    """One write transaction (BEGIN IMMEDIATE, so writers queue instead of failing)."""
    conn = db.conn
    if conn.in_transaction:  # inside a batch (crawler.distributed.writer): join it
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def ensure_portal(db: Database, portal_id: str, **fields: Any) -> None:
    """Create the portal row if missing; fill fields that are still empty."""
    table = db["portals"]
    row = next(table.rows_where("id = ?", [portal_id]), None)
    if row is None:
        table.insert({"id": portal_id, "first_seen": now_iso(), **fields})
        return
    updates = {k: v for k, v in fields.items() if v and not row.get(k)}
    if updates:
        table.update(portal_id, updates)


def record_portal_province(db: Database, portal_id: str, found: Any) -> None:
    """Store a portal's province (a :class:`~pipelines.rolenorm.site_province.PortalProvince`):
    the registry or a setting always; a page's only where no registry or setting gave one."""
    if found is None:
        return
    with transaction(db):
        row = db.execute("SELECT province_source FROM portals WHERE id = ?", [portal_id]).fetchone()
        if row is None or (found.source == "page" and row[0] in ("registry", "setting")):
            return
        db["portals"].update(portal_id, {
            "province": found.province, "province_named": found.named,
            "province_source": found.source, "province_evidence": found.evidence})


def mark_crawled(db: Database, portal_id: str, *, platform: str | None = None) -> None:
    """Record the end of a crawl of the portal (and its detected platform)."""
    fields: dict[str, Any] = {"last_crawled": now_iso()}
    if platform:
        fields["platform"] = platform
    with transaction(db):
        db["portals"].update(portal_id, fields)


def _date_columns(prefix: str, result: Mapping[str, Any] | None, raw: str | None) -> dict[str, Any]:
    return {
        prefix: (result or {}).get("value"),
        f"{prefix}_precision": (result or {}).get("precision"),
        f"{prefix}_raw": raw,
        f"{prefix}_tz_source": (result or {}).get("tz_source"),
        f"{prefix}_result": json.dumps(result, ensure_ascii=False) if result else None,
    }


def article_row(item: Mapping[str, Any]) -> dict[str, Any]:
    """The ``articles`` columns of an item (as a mapping: itemadapter or dict)."""
    return {
        "portal": item["portal"],
        "source_id": item["source_id"],
        "url": item["url"],
        "platform": item.get("platform"),
        "title": item.get("title"),
        "lead": item.get("lead"),
        "body_text": item.get("body_text"),
        "body_html": item.get("body_html"),
        "author": item.get("author"),
        "source": item.get("source"),
        "category": item.get("category"),
        "category_url": item.get("category_url"),
        "attachments": json.dumps(item.get("attachments") or [], ensure_ascii=False),
        **_date_columns("published", item.get("published"), item.get("published_raw")),
        **_date_columns("updated", item.get("updated"), item.get("updated_raw")),
        "time_meta": item.get("time_meta"),
        "content_hash": item["content_hash"],
        "fetched_at": item.get("fetched_at"),
    }


def store_article(db: Database, item: Mapping[str, Any]) -> tuple[Outcome, int]:
    """Insert or update one article (identity: portal + source_id) in one transaction.

    An unchanged article (same content hash) only has its fetch time refreshed; a changed one
    gets a new row in ``article_versions`` and its children rewritten.
    """
    row = article_row(item)
    with transaction(db):
        existing = db.execute(
            "SELECT id, content_hash, versions FROM articles WHERE portal = ? AND source_id = ?",
            [row["portal"], row["source_id"]],
        ).fetchone()
        if existing is not None:
            article_id, old_hash, versions = existing
            if old_hash == row["content_hash"]:
                db.execute(
                    "UPDATE articles SET fetched_at = ?, url = ? WHERE id = ?",
                    [row["fetched_at"], row["url"], article_id],
                )
                db.execute("UPDATE mentions SET article_url = ? WHERE article_id = ?"
                           " AND article_url IS NOT ?", [row["url"], article_id, row["url"]])
                return "unchanged", article_id
            row["versions"] = versions + 1
            sets = ", ".join(f'"{column}" = ?' for column in row)
            db.execute(f"UPDATE articles SET {sets} WHERE id = ?", [*row.values(), article_id])
            outcome: Outcome = "updated"
        else:
            row["first_seen"] = row["fetched_at"]
            row["versions"] = 1
            article_id = insert_rows(db, "articles", [row])
            outcome = "new"
        insert_rows(db, "article_versions", [{
            "article_id": article_id,
            "content_hash": row["content_hash"],
            "title": row["title"],
            "lead": row["lead"],
            "body_text": row["body_text"],
            "fetched_at": row["fetched_at"],
        }], ignore=True)
        _write_children(db, article_id, item)
        _index_article(db, article_id, row)
        store_mentions(db, article_id, item.get("mentions") or [], portal=row["portal"],
                       article_date=(item.get("published") or {}).get("value"),
                       title=row["title"], url=row["url"])
    return outcome, article_id


def _write_children(db: Database, article_id: int, item: Mapping[str, Any]) -> None:
    for table in ("images", "tags", "article_dates"):
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
    images = [
        {"article_id": article_id, "position": i, "url": img["url"], "caption": img.get("caption")}
        for i, img in enumerate(item.get("images") or [])
    ]
    insert_rows(db, "images", images)
    dates = [event_date_row(article_id, i, event)
             for i, event in enumerate(item.get("event_dates") or []) if event.get("value")]
    insert_rows(db, "article_dates", dates)
    tags = {tag: match_key(tag) for tag in item.get("tags") or []}
    insert_rows(db, "tags", [{"article_id": article_id, "tag": t, "tag_key": k}
                             for t, k in tags.items()], ignore=True)


def event_date_row(article_id: int, position: int, event: Mapping[str, Any]) -> dict[str, Any]:
    """An ``article_dates`` row from an event date (date result + sentence + span)."""
    span = event.get("span") or [None, None]
    return {
        "article_id": article_id,
        "position": position,
        **{key: event.get(key) for key in ("raw", "value", "precision", "end", "tz_source",
                                           "year_inferred", "relative", "weekday_consistent",
                                           "sentence")},
        "span_start": span[0],
        "span_end": span[1],
    }


def _index_article(db: Database, article_id: int, row: Mapping[str, Any]) -> None:
    title, lead, body = row["title"] or "", row["lead"] or "", row["body_text"] or ""
    db.execute("DELETE FROM article_search WHERE rowid = ?", [article_id])
    db.execute(
        "INSERT INTO article_search (rowid, title, lead, body, title_ascii, lead_ascii, body_ascii)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [article_id, fold_tone(title), fold_tone(lead), fold_tone(body),
         ascii_key(title), ascii_key(lead), ascii_key(body)],
    )


def record_failure(
    db: Database,
    *,
    portal: str,
    url: str,
    reason: str,
    stage: str = "parse",
    http_status: int | None = None,
    failed_at: str | None = None,
    run_id: int | None = None,
) -> None:
    """Record a page that did not become an article (the crawl goes on)."""
    with transaction(db):
        db["failures"].insert(
            {
                "run_id": run_id,
                "portal": portal,
                "url": url,
                "stage": stage,
                "reason": reason,
                "http_status": http_status,
                "failed_at": failed_at or now_iso(),
            }
        )


def start_run(db: Database, *, portal: str, spider: str, batch_id: int | None = None) -> int:
    """Open a ``crawl_runs`` row (part of a ``portalnews run`` batch when given); return its id."""
    with transaction(db):
        return db["crawl_runs"].insert(
            {"portal": portal, "spider": spider, "started_at": now_iso(), "batch_id": batch_id}
        ).last_pk


def finish_run(db: Database, run_id: int, *, finish_reason: str, counts: Mapping[str, int],
               stats: Mapping[str, Any], health: str | None = None,
               problems: list[str] | None = None) -> None:
    """Close a run with its outcome counts, the crawler's statistics and its health verdict."""
    with transaction(db):
        db["crawl_runs"].update(
            run_id,
            {
                "finished_at": now_iso(),
                "finish_reason": finish_reason,
                "articles_new": counts.get("new", 0),
                "articles_updated": counts.get("updated", 0),
                "articles_unchanged": counts.get("unchanged", 0),
                "failures": counts.get("failures", 0),
                "stats": json.dumps(stats, ensure_ascii=False, default=str),
                "health": health,
                "problems": json.dumps(problems or [], ensure_ascii=False),
            },
        )
