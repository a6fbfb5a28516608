"""The crawl ledger's spider middleware: article requests and ledger notes, with their channel.

Sits outside the incremental middleware (a higher order number in ``SPIDER_MIDDLEWARES``), so
it sees the article requests that one drops; :class:`crawler.ledger.LedgerNote` objects are
recorded and swallowed (they never reach the item pipelines).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.ledger import LedgerNote, ledger_for

CHANNELS = {"home": "home", "sitemap": "sitemap", "feed": "feed", "listing": "listing",
            "article": "link"}


def channel_of(response: Any) -> tuple[str | None, str | None]:
    """The discovery channel and page of a response (``api`` for JSON APIs)."""
    if not isinstance(response, Response):
        return None, None
    kind = response.meta.get("portalnews_kind")
    channel = CHANNELS.get(kind or "", kind)
    if "/wp-json/" in response.url:
        channel = "api"
    return channel, response.url


class LedgerMiddleware:
    """Spider middleware: records article requests and :class:`LedgerNote` objects (swallowed)
    with the channel of the page they came from. Must sit outside the incremental middleware
    (a higher order number) so that it sees the requests that one drops."""

    def __init__(self, crawler: Crawler) -> None:
        self.ledger = ledger_for(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LedgerMiddleware:
        """No settings."""
        return cls(crawler)

    def _record(self, obj: Any, response: Response) -> Iterator[Any]:
        if isinstance(obj, LedgerNote):
            self.ledger.note(obj, *channel_of(response))
            return
        if isinstance(obj, Request) and obj.meta.get("portalnews_kind") == "article":
            self.ledger.candidate(obj, *channel_of(response))
        yield obj

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        """Record one callback's candidates (sync form)."""
        for obj in result:
            yield from self._record(obj, response)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]
                                          ) -> AsyncIterator[Any]:
        """Record one callback's candidates (async form)."""
        async for obj in result:
            for out in self._record(obj, response):
                yield out
