"""Storage stage: articles upserted on (portal, source_id), failures and the run recorded.

Settings: ``STORAGE_DB_PATH`` (default ``$PORTALNEWS_DB`` or ``data/portalnews.db``).
Each article is one transaction; a kill mid-run leaves whole articles only, and the next run
completes the work without duplicates.

The stage sends three signals (Scrapy signals of its own, so it imports nothing of the crawl
runtime): :data:`storage_opened` (``db``, ``run_id``, ``portal``) once the run is started,
:data:`article_stored` (``item``, ``outcome``, ``article_id``) after each article, and
:data:`storage_closing` (``reason``) before the run's verdict. The crawl ledger
(:mod:`crawler.ledger`) listens: it writes through the same connection, under the same run id,
and is closed before the verdict, which counts its unaccounted candidates.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlite_utils import Database

from crawler.items import ArticleItem, PageFailure
from pipelines.rolenorm.site_province import registered_province
from store.database import (
    ensure_portal,
    finish_run,
    mark_crawled,
    open_db,
    record_failure,
    record_portal_province,
    start_run,
    store_article,
)
from store.verdict import evaluate

storage_opened = object()
"""Signal: the run's database is open and its run started (arguments ``db``, ``run_id``, ``portal``)."""
article_stored = object()
"""Signal: an article was written (``item``, ``outcome``: new, updated or unchanged, ``article_id``)."""
storage_closing = object()
"""Signal: the run ends (``reason``: Scrapy's finish reason), before its verdict is taken."""


class StoragePipeline:
    """Writes articles, failures and crawl runs to SQLite through sqlite-utils."""

    def __init__(self, crawler: Crawler, db_path: str | None) -> None:
        self.crawler = crawler
        self.db_path = db_path
        self.db: Database | None = None
        self.run_id: int | None = None
        self.counts: Counter[str] = Counter()
        self.province_noted = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        """Read ``STORAGE_DB_PATH`` and listen for dropped items and spider errors."""
        pipeline = cls(crawler, crawler.settings.get("STORAGE_DB_PATH"))
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.spider_error, signal=signals.spider_error)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    @property
    def portal(self) -> str:
        """The portal id of the running spider."""
        spider = self.crawler.spider
        return getattr(spider, "portal_id", None) or getattr(spider, "name", "unknown")

    def open_spider(self) -> None:
        """Open the database, register the portal, start the run record."""
        self.db = open_db(self.db_path)
        spider = self.crawler.spider
        province = getattr(spider, "province", None) or self.crawler.settings.get("ROLES_PROVINCE")
        settings = self.crawler.settings
        ensure_portal(self.db, self.portal, base_url=getattr(spider, "base_url", None),
                      province=province, name=settings.get("PORTAL_NAME"),
                      kind=settings.get("PORTAL_KIND"))
        record_portal_province(self.db, self.portal, registered_province(settings))
        batch = self.crawler.settings.get("RUN_BATCH_ID")
        self.run_id = start_run(self.db, portal=self.portal, spider=getattr(spider, "name", ""),
                                batch_id=int(batch) if batch else None)
        self.crawler.stats.set_value("portalnews/run_id", self.run_id)
        self.crawler.signals.send_catch_log(storage_opened, db=self.db, run_id=self.run_id,
                                            portal=self.portal)

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Close the run with Scrapy's finish reason, its counts and the crawler's statistics.

        (``spider_closed`` carries the real reason, e.g. ``closespider_timeout`` or
        ``shutdown``; a run without one was killed and keeps ``finished_at`` NULL.)"""
        if self.db is None or self.run_id is None:
            return
        self.crawler.signals.send_catch_log(storage_closing, reason=str(reason))
        stats = {**self.crawler.stats.get_stats(), "finish_reason": reason}
        verdict = evaluate(stats)
        self.crawler.stats.set_value("portalnews/health", verdict.status)
        mark_crawled(self.db, self.portal, platform=stats.get("portalnews/platform"))
        record_portal_province(self.db, self.portal, getattr(spider, "site_province", None))
        finish_run(self.db, self.run_id, finish_reason=str(reason), counts=self.counts,
                   stats=stats, health=verdict.status, problems=verdict.problems)
        self.db.close()
        self.db = None

    def process_item(self, item: Any) -> Any:
        """Store an article or record a failure."""
        assert self.db is not None, "storage used before open_spider"
        if isinstance(item, ArticleItem):
            if not self.province_noted:  # the page's province, before the first mentions use it
                self.province_noted = True
                record_portal_province(self.db, self.portal,
                                       getattr(self.crawler.spider, "site_province", None))
            outcome, article_id = store_article(self.db, ItemAdapter(item))
            self.crawler.signals.send_catch_log(article_stored, item=item, outcome=outcome,
                                                article_id=article_id)
            self.counts[outcome] += 1
            self.crawler.stats.inc_value(f"portalnews/articles_{outcome}")
        elif isinstance(item, PageFailure):
            self._record(item.url, item.reason, item.stage, item.http_status, item.failed_at)
        return item

    def _record(self, url: str, reason: str, stage: str, status: int | None = None,
                failed_at: str | None = None) -> None:
        if self.db is None:
            return
        record_failure(self.db, portal=self.portal, url=url, reason=reason, stage=stage,
                       http_status=status, failed_at=failed_at or None, run_id=self.run_id)
        self.counts["failures"] += 1
        self.crawler.stats.inc_value("portalnews/failures")

    def item_dropped(self, item: Any, response: Any, exception: DropItem, spider: Any) -> None:
        """A pipeline refused the item: keep the URL and the reason."""
        if isinstance(item, ArticleItem):
            self._record(item.url, str(exception), "validate", item.http_status)

    def spider_error(self, failure: Any, response: Any, spider: Any) -> None:
        """A callback raised: the page is recorded as a failure and the crawl goes on."""
        self._record(response.url, f"{failure.type.__name__}: {failure.getErrorMessage()}",
                     "parse", response.status)
