"""A portal's delay as a floor between requests, measured where the requests arrive.

Scrapy spaces the *dispatches* of a download slot by ``DOWNLOAD_DELAY`` times a random factor
of ``1 ± DOWNLOAD_DELAY_JITTER``: with the jitter, two requests may leave closer than the delay,
and a request whose bytes leave late (a busy event loop, a new connection) may reach the server
closer than that to the next one. This extension (``DELAY_FLOOR_ENABLED``, on in the project's
settings and forced on in the distributed workers) counts the delay from the *response* of the
previous request instead, and adds the jitter above the delay, never below: with one request at
a time per portal (``CONCURRENT_REQUESTS_PER_DOMAIN = 1``) a request then arrives at least the delay after the
previous one arrived, whatever the load of the crawling machine. AutoThrottle may still raise
the delay (its minimum is ``DOWNLOAD_DELAY``). Downloads that end without a response
(connection refused, reset) keep Scrapy's spacing from the dispatch.
"""

from __future__ import annotations

import random
from time import monotonic
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response


class DelayFloor:
    """Extension: the slot's next request waits the delay (plus up to ``jitter`` × delay) from
    the moment the previous response arrived."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.jitter = max(0.0, crawler.settings.getfloat("DOWNLOAD_DELAY_JITTER"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DelayFloor:
        """Off unless ``DELAY_FLOOR_ENABLED``."""
        if not crawler.settings.getbool("DELAY_FLOOR_ENABLED"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.response_downloaded, signal=signals.response_downloaded)
        return extension

    def response_downloaded(self, response: Response, request: Request, spider: Any = None
                            ) -> None:
        """Restart the slot's delay now (sent before the downloader looks at its queue)."""
        engine = self.crawler.engine
        slot = engine.downloader.slots.get(request.meta.get("download_slot", "")) if engine else None
        if slot is None or not slot.delay:
            return
        slot.jitter = 0.0  # Scrapy's ± jitter could go below the delay: it is added here instead
        slot.lastseen = monotonic() + random.uniform(0.0, self.jitter * slot.delay)
