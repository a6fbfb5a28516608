"""The worker's side of storage: items to Redis instead of SQLite, known articles from Redis.

Selected by the worker's settings (``ITEM_PIPELINES`` and ``SPIDER_MIDDLEWARES`` swap the
SQLite stage and the incremental middleware for these subclasses); ``PORTALNEWS_REDIS_URL``
and ``PORTALNEWS_REDIS_NAMESPACE`` say where. Every message goes to the items stream as
``{"type": ..., "run": run key, ...}``: ``start``, ``article``, ``failure``, ``ledger``,
``finish`` (see :mod:`crawler.distributed.writer`).
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler

from crawler.distributed.jobs import ITEMS_GROUP, Keys, connect, ensure_group
from crawler.incremental import IncrementalMiddleware, _aware
from crawler.items import ArticleItem, PageFailure
from crawler.ledger import _meta_of, ledger_for
from pipelines.rolenorm.site_province import registered_province
from pipelines.storage import StoragePipeline
from store.database import now_iso


def _client_and_keys(crawler: Crawler) -> tuple[Any, Keys]:
    settings = crawler.settings
    url = settings.get("PORTALNEWS_REDIS_URL")
    if not url:
        raise ValueError("PORTALNEWS_REDIS_URL is not set (the worker sets it)")
    return connect(url), Keys(settings.get("PORTALNEWS_REDIS_NAMESPACE") or "portalnews")


def load_known_redis(client: Any, keys: Keys, portal: str
                     ) -> tuple[dict[str, datetime | None], bool]:
    """What the writer published for ``portal``: source_id -> last fetch, and whether the
    portal's last stored run finished normally (as :func:`crawler.incremental.load_known`)."""
    known = {source_id: _aware(value.split(" ", 1)[0] if value else None)
             for source_id, value in client.hscan_iter(keys.known(portal), count=1000)}
    return known, client.get(keys.last_finish(portal)) == "finished"


class RedisIncrementalMiddleware(IncrementalMiddleware):
    """The incremental middleware reading the writer's published state instead of SQLite."""

    def spider_opened(self, spider: Any) -> None:
        """Read what the writer has published for this portal."""
        portal = getattr(spider, "portal_id", None) or spider.name
        client, keys = _client_and_keys(self.crawler)
        self.known, finished = load_known_redis(client, keys, portal)
        self.may_stop_listings = finished and not self.full
        self.crawler.stats.set_value("incremental/known_articles", len(self.known))
        self.crawler.stats.set_value("incremental/listings_may_stop", self.may_stop_listings)


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class RedisHandoffPipeline(StoragePipeline):
    """The storage stage of a worker: hands articles, failures, ledger rows and the run's
    statistics to the writer through the items stream (nothing is written locally)."""

    def __init__(self, crawler: Crawler, db_path: str | None) -> None:
        super().__init__(crawler, db_path)
        self.ledger = ledger_for(crawler)
        self.client, self.keys = _client_and_keys(crawler)
        ensure_group(self.client, self.keys.items, ITEMS_GROUP)
        self.run_key = uuid.uuid4().hex
        self.opened = False
        self._province: dict[int, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisHandoffPipeline:
        """As the SQLite stage, plus the item handoff once Scrapy has seen the item through."""
        pipeline = super().from_crawler(crawler)
        crawler.signals.connect(pipeline.item_scraped, signal=signals.item_scraped)
        return pipeline  # type: ignore[return-value]

    def send(self, message_type: str, /, **fields: Any) -> None:
        """One message to the writer."""
        body = json.dumps({"type": message_type, "run": self.run_key, "portal": self.portal, **fields},
                          ensure_ascii=False, default=_jsonable)
        self.client.xadd(self.keys.items, {"m": body})

    def open_spider(self) -> None:
        """Announce the run (the writer opens its ``crawl_runs`` row) and route the ledger."""
        spider = self.crawler.spider
        settings = self.crawler.settings
        self.run_id = 0
        self.send("start", spider=getattr(spider, "name", ""), started_at=now_iso(),
                  batch=settings.get("PORTALNEWS_BATCH_KEY"),
                  base_url=getattr(spider, "base_url", None),
                  province=getattr(spider, "province", None) or settings.get("ROLES_PROVINCE"),
                  name=settings.get("PORTAL_NAME"), kind=settings.get("PORTAL_KIND"),
                  registered_province=registered_province(settings))
        self.crawler.stats.set_value("portalnews/run_key", self.run_key)
        self.ledger.attach_sink(lambda rows: self.send("ledger", rows=rows), self.portal)
        self.opened = True

    def process_item(self, item: Any) -> Any:
        """Hand an article (with its candidate URL) or a failure to the writer."""
        if isinstance(item, ArticleItem):
            province = None
            if not self.province_noted:
                self.province_noted = True
                province = getattr(self.crawler.spider, "site_province", None)
            self.ledger.stored(item, "handed", None)
            self._province[id(item)] = province
        elif isinstance(item, PageFailure):
            self._record(item.url, item.reason, item.stage, item.http_status, item.failed_at)
        return item

    def item_scraped(self, item: Any, response: Any, spider: Any = None) -> None:
        """An article through every stage: to the writer, with the candidate URL it answers."""
        if not isinstance(item, ArticleItem) or not self.opened:
            return
        meta = _meta_of(response)
        self.counts["handed"] += 1
        self.crawler.stats.inc_value("portalnews/articles_handed")
        self.send("article", item=ItemAdapter(item).asdict(),
                  site_province=self._province.pop(id(item), None),
                  candidate=meta.get("portalnews_candidate"))

    def _record(self, url: str, reason: str, stage: str, status: int | None = None,
                failed_at: str | None = None) -> None:
        if not self.opened:
            return
        self.send("failure", url=url, reason=reason, stage=stage, http_status=status,
                  failed_at=failed_at or now_iso())
        self.counts["failures"] += 1
        self.crawler.stats.inc_value("portalnews/failures")

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Flush the ledger and send the run's end with its statistics (the writer judges)."""
        if not self.opened:
            return
        self.ledger.close(str(reason))
        stats = {**self.crawler.stats.get_stats(), "finish_reason": reason}
        self.send("finish", reason=str(reason), stats=stats,
                  platform=stats.get("portalnews/platform"),
                  site_province=getattr(spider, "site_province", None))
        self.opened = False
