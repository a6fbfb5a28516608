"""Link-following spiders (SharePoint, Liferay, generic): listings lead to articles, by depth.

A subclass classifies a page's links (:meth:`classify`) into articles (with an identity known
before fetching, and a source id when the URL carries one) and listings (with an identity that
ignores session tokens), tells the article behind a feed item's URL (:meth:`article_link`), and
turns an article response into fields (:meth:`extract`). Feeds of the registry (``feeds``) are
read besides the home page; a listing's "next page" (a continuation) is followed at its own
depth, so pagination goes to the end (within ``max_listings``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scrapy.http import Response, TextResponse

from crawler.platforms.article import ArticleFields, NotAnArticle
from crawler.platforms.feeds import checked_feed
from crawler.spiders.base import PortalSpiderBase
from crawler.urls import canonical_url


@dataclass
class ArticleLink:
    """An article to request: URL, identity before fetching, source id when known."""

    url: str
    identity: str
    source_id: str | None = None


@dataclass
class ListingLink:
    """A listing page to request, its identity (no session tokens), and whether it continues the
    page it was found on ("next page": same depth) rather than leading one hop further."""

    url: str
    identity: str
    continuation: bool = False


class LinkedSpider(PortalSpiderBase):
    """Home and listing pages up to ``max_depth`` listing hops; every article link requested once."""

    name = ""  # abstract
    max_depth = 3
    max_listings = 500

    def __init__(self, *args: Any, max_depth: str | int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if max_depth is not None:
            self.max_depth = int(max_depth)
        self._listings_seen: set[str] = set()

    def classify(self, response: TextResponse) -> tuple[list[ArticleLink], list[ListingLink]]:
        """Article and listing links of a page."""
        raise NotImplementedError

    def extract(self, response: TextResponse) -> tuple[str, str, ArticleFields]:
        """``(canonical url, source id, fields)`` of an article page (NotAnArticle if not one)."""
        raise NotImplementedError

    def article_link(self, url: str) -> ArticleLink | None:
        """The article behind a feed item's URL, or None when it is none of this platform's."""
        raise NotImplementedError

    def discover(self, response: TextResponse) -> Iterator[Any]:
        """The registry's feeds, and the home page as the first listing."""
        for feed in self.feeds:
            if self.allowed(feed):
                yield from self.schedule([self.request(feed, self.parse_feed, "feed")])
        self._listings_seen.add(canonical_url(response.url, keep_query=True))
        yield from self.parse_listing(response)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """A registry feed (RSS or Atom): every item that is an article of the portal."""
        if not isinstance(response, TextResponse):
            yield self.failure(canonical_url(response.url, keep_query=True),
                               "feed response is not text", "discover", response.status)
            return
        entries, problem = checked_feed(response.text, response.url)
        if problem:
            yield self.failure(canonical_url(response.url, keep_query=True), problem, "discover",
                               response.status)
        elif not entries:
            self.logger.warning("feed %s has no items with a link", response.url)
        for entry in entries:
            link = self.article_link(entry.url)
            if link is not None:
                yield from self.article_request(link.url, self.parse_article,
                                                identity=link.identity, source_id=link.source_id)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """Request the page's articles, then its listings one hop deeper (its continuations at
        the same depth)."""
        if not isinstance(response, TextResponse):
            return
        depth = response.meta.get("listing_depth", 0)
        articles, listings = self.classify(response)
        for link in articles:
            yield from self.article_request(link.url, self.parse_article, identity=link.identity,
                                            source_id=link.source_id)
        for link in listings:
            if not link.continuation and depth >= self.max_depth:
                continue
            if link.identity in self._listings_seen or len(self._listings_seen) >= self.max_listings:
                continue
            if not self.allowed(link.url) or self._on_base(link.url) in self._article_targets:
                continue  # an article elsewhere on the site (a "most read" box) is no listing
            self._listings_seen.add(link.identity)
            request = self.request(link.url, self.parse_listing, "listing", once=False,
                                   meta={"listing_depth": depth if link.continuation else depth + 1})
            if request is not None:
                yield request

    def parse_article(self, response: Response) -> Iterator[Any]:
        """An article page to an item, or a recorded failure."""
        url = canonical_url(response.url, keep_query=True)
        if not isinstance(response, TextResponse):
            yield self.rejected(url, response, "article response is not text")
            return
        try:
            canonical, source_id, fields = self.extract(response)
        except NotAnArticle as exc:
            yield self.rejected(url, response, exc)
            return
        yield self.item(url=canonical, source_id=source_id, status=response.status, fields=fields)
