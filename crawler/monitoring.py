"""Monitoring: per-portal field coverage during a crawl (the health verdict after it is
:func:`store.verdict.evaluate`).

The ``FieldCoverage`` extension counts, for every stored article, which fields are filled
(stats ``portalnews/fields/<name>`` and ``portalnews/fields_total``), which the verdict reads.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import ArticleItem
from store.verdict import COVERED_FIELDS


class FieldCoverage:
    """Counts filled fields of the articles that went through every pipeline."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FieldCoverage:
        """Enabled by ``MONITORING_ENABLED`` (default True)."""
        if not crawler.settings.getbool("MONITORING_ENABLED", True):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def item_scraped(self, item: Any, response: Any, spider: Any) -> None:
        """Count one stored article's filled fields."""
        if not isinstance(item, ArticleItem):
            return
        adapter = ItemAdapter(item)
        self.stats.inc_value("portalnews/fields_total")
        for name in COVERED_FIELDS:
            value = adapter.get(name)
            if isinstance(value, dict):
                value = value.get("value")
            if value:
                self.stats.inc_value(f"portalnews/fields/{name}")
