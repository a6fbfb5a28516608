"""What the database holds (``portalnews stats``): counts per portal, category and month, versions,
crawl runs, failures and people.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

__all__ = ["collect_stats"]


def _rows(db: Database, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    return list(db.query(sql, params or []))


def _scalar(db: Database, sql: str) -> Any:
    return db.execute(sql).fetchone()[0]


def collect_stats(db: Database, *, top: int = 20) -> dict[str, Any]:
    """A JSON-ready summary; lists of categories and months are capped at ``top`` entries."""
    totals = {
        "portals": _scalar(db, "SELECT count(*) FROM portals"),
        "articles": _scalar(db, "SELECT count(*) FROM articles"),
        "article_versions": _scalar(db, "SELECT count(*) FROM article_versions"),
        "articles_changed": _scalar(db, "SELECT count(*) FROM articles WHERE versions > 1"),
        "articles_undated": _scalar(db, "SELECT count(*) FROM articles WHERE published IS NULL"),
        "event_dates": _scalar(db, "SELECT count(*) FROM article_dates"),
        "images": _scalar(db, "SELECT count(*) FROM images"),
        "persons": _scalar(db, "SELECT count(*) FROM persons"),
        "positions": _scalar(db, "SELECT count(*) FROM positions"),
        "mentions": _scalar(db, "SELECT count(*) FROM mentions"),
        "crawl_runs": _scalar(db, "SELECT count(*) FROM crawl_runs"),
        "failures": _scalar(db, "SELECT count(*) FROM failures"),
    }
    return {
        "totals": totals,
        "portals": _rows(db, (
            "SELECT p.id AS portal, p.province, count(a.id) AS articles,"
            " min(a.published) AS first_published, max(a.published) AS last_published,"
            " p.last_crawled FROM portals p LEFT JOIN articles a ON a.portal = p.id"
            " GROUP BY p.id ORDER BY articles DESC, p.id")),
        "categories": _rows(db, (
            "SELECT portal, category, count(*) AS articles FROM articles"
            " GROUP BY portal, category ORDER BY articles DESC, portal, category LIMIT ?"), [top]),
        "months": _rows(db, (
            "SELECT substr(published, 1, 7) AS month, count(*) AS articles FROM articles"
            " WHERE published IS NOT NULL GROUP BY month ORDER BY month DESC LIMIT ?"), [top]),
        "runs": _rows(db, (
            "SELECT r.portal, count(*) AS runs, max(r.started_at) AS last_started,"
            " (SELECT finish_reason FROM crawl_runs x WHERE x.portal = r.portal"
            "  ORDER BY x.started_at DESC LIMIT 1) AS last_finish_reason,"
            " sum(r.articles_new) AS new, sum(r.articles_updated) AS updated,"
            " sum(r.failures) AS failures FROM crawl_runs r GROUP BY r.portal ORDER BY r.portal")),
        "failures": _rows(db, (
            "SELECT portal, stage, count(*) AS failures, max(failed_at) AS last_failed"
            " FROM failures GROUP BY portal, stage ORDER BY failures DESC, portal, stage")),
    }
