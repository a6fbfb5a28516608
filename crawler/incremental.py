"""Incremental crawling as a spider middleware: fetch only what is new or changed.

Works on the request metadata every spider sets: ``portalnews_kind`` (home, sitemap, feed,
listing, article), ``portalnews_source_id``, ``portalnews_lastmod`` (sitemaps, feeds, APIs),
``portalnews_listed`` (the day a listing shows) and ``portalnews_page`` (listing page number).

- An article already stored is not fetched again unless its ``lastmod`` is later than our last
  fetch (then it is refetched and versioned).
- A listing page whose articles are all stored stops its pagination (no ``page-N+1``), but only
  when the portal's previous crawl finished normally: after a kill or a time limit, listings are
  walked to the end so the next run completes the work.
- ``INCREMENTAL_SINCE`` (``--since DATE``) backfills: pagination goes on while a page shows
  articles on or after that day, and articles listed (or last modified) before it are not
  fetched, nor undated links on pages that date their items (sidebars, related lists).
- ``INCREMENTAL_FULL`` (``--full``) refetches everything.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.ledger import ledger_for
from pipelines.timezones import VN_TZ
from store.database import default_db_path

logger = logging.getLogger(__name__)


def _aware(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=VN_TZ)


def load_known(db_path: Path, portal: str, before_run: int | None = None
               ) -> tuple[dict[str, datetime | None], bool]:
    """Stored articles of a portal (source_id -> last fetch) and whether its previous crawl
    (the last one before ``before_run``, the current run's id) finished normally."""
    if not db_path.exists():
        return {}, False
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "articles" not in tables:
            return {}, False
        known = {
            source_id: _aware(fetched)
            for source_id, fetched in conn.execute(
                "SELECT source_id, fetched_at FROM articles WHERE portal = ?", [portal]
            )
        }
        last = conn.execute(
            "SELECT finish_reason FROM crawl_runs WHERE portal = ? AND id < ?"
            " ORDER BY id DESC LIMIT 1",
            [portal, before_run if before_run is not None else 2**62],
        ).fetchone()
    finally:
        conn.close()
    return known, bool(last and last[0] == "finished")


class IncrementalMiddleware:
    """Skips stored, unchanged articles and stops listings at runs of stored articles."""

    def __init__(self, crawler: Crawler, db_path: Path, full: bool, since: date | None) -> None:
        self.crawler = crawler
        self.db_path = db_path
        self.full = full
        self.since = since
        self.known: dict[str, datetime | None] = {}
        self.may_stop_listings = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        """Settings: ``INCREMENTAL_ENABLED``, ``INCREMENTAL_FULL``, ``INCREMENTAL_SINCE``."""
        settings = crawler.settings
        if not settings.getbool("INCREMENTAL_ENABLED", True):
            raise NotConfigured
        since_text = settings.get("INCREMENTAL_SINCE")
        try:
            since = date.fromisoformat(str(since_text)[:10]) if since_text else None
        except ValueError as exc:
            raise ValueError(f"INCREMENTAL_SINCE must be a date (YYYY-MM-DD), got {since_text!r}") from exc
        db_path = Path(settings.get("STORAGE_DB_PATH") or default_db_path())
        middleware = cls(crawler, db_path, settings.getbool("INCREMENTAL_FULL"), since)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Any) -> None:
        """Read what the database already holds for this portal."""
        portal = getattr(spider, "portal_id", None) or spider.name
        run_id = self.crawler.stats.get_value("portalnews/run_id")
        self.known, finished = load_known(self.db_path, portal, run_id)
        self.may_stop_listings = finished and not self.full
        self.crawler.stats.set_value("incremental/known_articles", len(self.known))
        self.crawler.stats.set_value("incremental/listings_may_stop", self.may_stop_listings)

    # -- decisions -----------------------------------------------------------------------

    def wanted(self, request: Request) -> bool:
        """Whether an article request must be fetched."""
        return self.skip_reason(request) is None

    def skip_reason(self, request: Request) -> str | None:
        """Why an article request is not fetched (the crawl ledger's ``known`` reason), or None."""
        meta = request.meta
        listed = meta.get("portalnews_listed") or (meta.get("portalnews_lastmod") or "")[:10]
        if self.since and listed and listed < self.since.isoformat():
            self.crawler.stats.inc_value("incremental/skipped_before_since")
            return f"listed {listed}, before --since {self.since.isoformat()}"
        if self.full:
            return None
        source_id = meta.get("portalnews_source_id")
        if source_id is None or source_id not in self.known:
            return None
        lastmod, fetched = _aware(meta.get("portalnews_lastmod")), self.known[source_id]
        if lastmod and fetched and lastmod > fetched:
            self.crawler.stats.inc_value("incremental/changed")
            return None
        self.crawler.stats.inc_value("incremental/skipped_known")
        if lastmod:
            return "stored, not modified since the last fetch"
        return "stored (no modification time offered)"

    def _undated_beside_dated(self, request: Request, response: Response) -> bool:
        """With --since: an undated link outside a listing (home page, related lists) or on a
        listing that dates its items (a sidebar) is left out; an article in the window is
        reached through a dated channel (sitemap, feed, listing). Undated listings still count."""
        if not self.since:
            return False
        meta = request.meta
        if meta.get("portalnews_listed") or meta.get("portalnews_lastmod"):
            return False
        if response.meta.get("portalnews_kind") != "listing":
            return True
        items = response.meta.get("portalnews_listing_items") or []
        return any(day for _source_id, day in items)

    def _page_is_old(self, items: list[tuple[str | None, str | None]]) -> bool:
        """All listing items of the page stored (or, with --since, all before that day).

        ``items`` are (source_id, listed day) pairs; links without a listed day (sidebars) are
        ignored when the page shows days for its items."""
        items = [item for item in items if item[1]] or items
        if not items:
            return False
        if self.since:
            return all(day and day < self.since.isoformat() for _source_id, day in items)
        if not self.may_stop_listings:
            return False
        return all(source_id in self.known for source_id, _day in items)

    # -- spider middleware hooks ---------------------------------------------------------

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]
                                          ) -> AsyncIterator[Any]:
        """Filter one callback's output (async form)."""
        held: list[Request] = []
        articles: list[Request] = []
        async for obj in result:
            for out in self._filter(obj, response, held, articles):
                yield out
        for out in self._release_held(response, held, articles):
            yield out

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        """Filter one callback's output (sync form)."""
        held: list[Request] = []
        articles: list[Request] = []
        for obj in result:
            yield from self._filter(obj, response, held, articles)
        yield from self._release_held(response, held, articles)

    def _filter(self, obj: Any, response: Response, held: list[Request],
                articles: list[Request]) -> Iterable[Any]:
        if not isinstance(obj, Request):
            yield obj
            return
        kind = obj.meta.get("portalnews_kind")
        if kind == "article":
            articles.append(obj)
            if self._undated_beside_dated(obj, response):
                self.crawler.stats.inc_value("incremental/skipped_undated")
                self._skip(obj, "undated link beside dated items (--since)")
                return
            reason = self.skip_reason(obj)
            if reason is None:
                yield obj
            else:
                self._skip(obj, reason)
            return
        if (kind == "listing" and response.meta.get("portalnews_kind") == "listing"
                and obj.meta.get("portalnews_page", 1) > 1):
            held.append(obj)  # pagination: decided once the whole page is seen
            return
        yield obj

    def _skip(self, request: Request, reason: str) -> None:
        """Not fetched: recorded ``known`` in the crawl ledger, and released."""
        key = request.meta.get("portalnews_candidate")
        if key is not None:
            ledger_for(self.crawler).settle(key, "known", reason)
        self._release(request)

    @staticmethod
    def _release(request: Request) -> None:
        """Let the spider schedule a dropped article again from another channel."""
        spider = getattr(request.callback, "__self__", None)
        identity = request.meta.get("portalnews_identity")
        if identity is not None and hasattr(spider, "release"):
            spider.release(identity)

    def _release_held(self, response: Response, held: list[Request],
                 articles: list[Request]) -> Iterable[Request]:
        items = response.meta.get("portalnews_listing_items")
        if items is None:
            items = [(r.meta.get("portalnews_source_id"), r.meta.get("portalnews_listed"))
                     for r in articles]
        if held and self._page_is_old(items):
            self.crawler.stats.inc_value("incremental/listings_stopped")
            logger.debug("listing %s: all articles stored, pagination stops", response.url)
            return
        yield from held
