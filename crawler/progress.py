"""Progress lines on stderr while a crawl runs (``PROGRESS_ENABLED``, ``PROGRESS_INTERVAL``)."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.ledger import STATES, ledger_for


class ProgressReporter:
    """Prints pages fetched, articles stored and failures every few seconds and at the end."""

    def __init__(self, crawler: Crawler, interval: float, stream: TextIO = sys.stderr) -> None:
        self.crawler = crawler
        self.interval = interval
        self.stream = stream
        self._last = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressReporter:
        """Enabled by ``PROGRESS_ENABLED``."""
        if not crawler.settings.getbool("PROGRESS_ENABLED"):
            raise NotConfigured
        ext = cls(crawler, crawler.settings.getfloat("PROGRESS_INTERVAL", 5.0))
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        """The current counts as one line."""
        stats = self.crawler.stats
        new = stats.get_value("portalnews/articles_new", 0)
        updated = stats.get_value("portalnews/articles_updated", 0)
        unchanged = stats.get_value("portalnews/articles_unchanged", 0)
        return (
            f"  pages {stats.get_value('response_received_count', 0):>5}"
            f" | articles new {new}, updated {updated}, unchanged {unchanged}"
            f" | failures {stats.get_value('portalnews/failures', 0)}"
        )

    def item_scraped(self, item: Any, response: Any, spider: Any) -> None:
        """Print at most once per interval."""
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            print(self.line(), file=self.stream, flush=True)

    def spider_closed(self, spider: Any, reason: str) -> None:
        """The final counts, and the crawl ledger's candidates per state."""
        counts = ledger_for(self.crawler).close(reason)  # idempotent: the storage stage closes it too
        states = ", ".join(f"{state} {counts[state]}" for state in STATES if counts.get(state))
        ledger = f" | candidates {counts.total()}: {states}" if states else ""
        print(self.line() + ledger + f" | finished ({reason})", file=self.stream, flush=True)
