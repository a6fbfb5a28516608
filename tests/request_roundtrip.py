"""Scheduler memory queues that serialise every request as a persistent queue would.

``SCHEDULER_MEMORY_QUEUE=tests.request_roundtrip.LifoRoundTripQueue`` (and
``SCHEDULER_START_MEMORY_QUEUE=tests.request_roundtrip.FifoRoundTripQueue``): each pushed
request goes through Scrapy's ``Request.to_dict(spider=...)``, ``pickle`` and
``request_from_dict`` (what scrapy-redis's scheduler and Scrapy's disk queues do), and the copy
is what gets crawled. A request that cannot be serialised is counted in the stats
(``roundtrip/unserialisable``, ``roundtrip/error``) and crawled as it is.
"""

from __future__ import annotations

import pickle
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.squeues import FifoMemoryQueue, LifoMemoryQueue
from scrapy.utils.request import request_from_dict


class _RoundTrip:
    """Mixin: serialise on push, rebuild on pop."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__()
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Any:
        return cls(crawler)

    def push(self, request: Request) -> None:
        stats, spider = self.crawler.stats, self.crawler.spider
        try:
            data = pickle.dumps(request.to_dict(spider=spider), protocol=4)
            copy = request_from_dict(pickle.loads(data), spider=spider)
        except Exception as exc:
            stats.inc_value("roundtrip/unserialisable")
            stats.set_value("roundtrip/error", f"{request.url}: {type(exc).__name__}: {exc}")
            copy = request
        else:
            stats.inc_value("roundtrip/requests")
        super().push(copy)  # type: ignore[misc]


class LifoRoundTripQueue(_RoundTrip, LifoMemoryQueue):
    """Scrapy's default memory queue, with the round trip."""


class FifoRoundTripQueue(_RoundTrip, FifoMemoryQueue):
    """Scrapy's default start-request queue, with the round trip."""
