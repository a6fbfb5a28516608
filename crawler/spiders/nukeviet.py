"""Spider for NukeViet 4.x portals: discovery through sitemaps, RSS and category listings.

``scrapy crawl nukeviet -a url=http://host/`` or ``portalnews crawl --url http://host/``.
Every news module of the site is found (RSS links, sitemap index, article URLs); articles are
keyed by (canonical host, module, id); off-site links and non-content views are never followed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawler.items import ArticleItem, PageFailure
from crawler.platforms import nukeviet as nv
from crawler.platforms.fingerprint import NUKEVIET_FAMILY, fingerprint
from crawler.urls import canonical_host, canonical_url
from pipelines.timezones import VN_TZ


def _bool(value: Any) -> bool:
    return str(value).lower() in ("1", "true", "yes", "on")


class NukeVietSpider(scrapy.Spider):
    """Crawl one NukeViet portal given its base URL."""

    name = "nukeviet"

    def __init__(
        self,
        url: str | None = None,
        portal: str | None = None,
        default_module: str = "news",
        modules: str = "",
        follow_tags: str = "false",
        hosts: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not url:
            raise ValueError("the nukeviet spider needs the portal's base URL: -a url=http://host/")
        if "//" not in url:
            url = f"http://{url}"
        parts = urlsplit(canonical_url(url))
        self.base_url = urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
        self.host = canonical_host(self.base_url)
        # Every host of the portal (www./bare, other registered addresses) counts as on-site.
        self.hosts = {self.host} | {canonical_host(h) for h in hosts.split(",") if h.strip()}
        self.portal_id = portal or self.host
        self.default_module = default_module
        self.modules: set[str] = {m for m in modules.split(",") if m}
        self.follow_tags = _bool(follow_tags)
        self.platform: str | None = None
        self._scheduled_ids: set[str] = set()
        self._module_pages_requested: set[str] = set()

    # -- discovery -----------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The home page first: it tells the platform and the news modules."""
        yield scrapy.Request(self.base_url, callback=self.parse_home, errback=self.on_error,
                             dont_filter=True, meta={"portalnews_kind": "home"})

    def parse_home(self, response: Response) -> Iterator[Any]:
        """Fingerprint the platform, then start every discovery channel."""
        if not isinstance(response, TextResponse):
            raise CloseSpider("home page is not HTML")
        self.platform = fingerprint(response.text).platform
        self.crawler.stats.set_value("portalnews/platform", self.platform)
        if self.platform not in NUKEVIET_FAMILY:
            self.crawler.stats.set_value(
                "portalnews/error",
                f"{self.base_url} looks like platform '{self.platform}', which has no adapter yet",
            )
            raise CloseSpider("unsupported_platform")
        self.modules |= nv.module_links(response.text, response.url)
        links = nv.parse_listing(response.text, response.url, self.modules | {self.default_module},
                                 self.default_module)
        for url in links.articles:
            key = nv.article_key(url, self.default_module)
            if key:
                self.modules.add(key.module)
        yield self._request(self.base_url + "sitemap.xml", self.parse_sitemap, "sitemap",
                            optional=True)
        yield from self._module_requests()
        yield from self._follow(links)

    def _module_requests(self) -> Iterator[scrapy.Request]:
        for module in sorted(self.modules - self._module_pages_requested):
            self._module_pages_requested.add(module)
            yield self._request(f"{self.base_url}{module}/rss/", self.parse_feed, "feed",
                                optional=True)
            yield self._request(f"{self.base_url}{module}/", self.parse_listing, "listing",
                                optional=True)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        """Sitemap index -> per-module sitemaps -> article URLs."""
        if not self._on_site(response.url):
            return
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # malformed XML: record and go on with other channels
            yield self._failure(response.url, f"unreadable sitemap: {exc}", "discover",
                                response.status)
            return
        for entry in sitemap:
            loc = entry.get("loc", "")
            if sitemap.type == "sitemapindex":
                if self._on_site(loc):
                    yield self._request(loc, self.parse_sitemap, "sitemap")
            elif nv.article_key(loc, self.default_module):
                yield from self._article_request(loc, lastmod=entry.get("lastmod"))

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """RSS of a module: the 30 newest articles."""
        if not self._on_site(response.url) or not isinstance(response, TextResponse):
            return
        for entry in nv.parse_rss(response.text, response.url):
            yield from self._article_request(entry.url)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """Module, category and tag listings with their pagination."""
        if not isinstance(response, TextResponse) or not self._on_site(response.url):
            return
        links = nv.parse_listing(response.text, response.url, self.modules, self.default_module)
        # What this page lists, for the incremental middleware (requests for articles already
        # scheduled in this run are not yielded again, so it cannot see them otherwise).
        response.meta["portalnews_listing_items"] = [
            (key.source_id, links.listed.get(url))
            for url in links.articles
            if (key := nv.article_key(url, self.default_module)) is not None
        ]
        yield from self._follow(links)

    def _follow(self, links: nv.ListingLinks) -> Iterator[scrapy.Request]:
        for url in links.articles:
            yield from self._article_request(url, listed=links.listed.get(url))
        for url in links.listings:
            path = urlsplit(url).path
            if not self.follow_tags and ("/tag/" in path or path.startswith("/tag")):
                continue
            if self._on_site(url):
                request = self._request(url, self.parse_listing, "listing")
                request.meta["portalnews_page"] = nv.page_number(url)
                yield request

    # -- articles ------------------------------------------------------------------------

    def _article_request(self, url: str, lastmod: str | None = None,
                         listed: str | None = None) -> Iterator[scrapy.Request]:
        """Schedule an article once per run; ``lastmod`` (sitemap) and ``listed`` (the day a
        listing shows) let the incremental middleware skip what is stored and unchanged."""
        if not self._on_site(url):
            return
        key = nv.article_key(url, self.default_module)
        if key is None or key.source_id in self._scheduled_ids:
            return
        self._scheduled_ids.add(key.source_id)
        if key.module not in self.modules:
            self.modules.add(key.module)
            yield from self._module_requests()
        # Articles are deduplicated by identity above; dont_filter lets a redirect loop reach
        # REDIRECT_MAX_TIMES and be recorded, instead of vanishing in the duplicate filter.
        request = self._request(url, self.parse_article, "article", priority=10).replace(
            dont_filter=True)
        request.meta["portalnews_source_id"] = key.source_id
        if lastmod:
            request.meta["portalnews_lastmod"] = lastmod
        if listed:
            request.meta["portalnews_listed"] = listed
        yield request

    def parse_article(self, response: Response) -> Iterator[Any]:
        """One article page to an :class:`ArticleItem`, or a recorded failure."""
        url = canonical_url(response.url)
        if not self._on_site(url):
            asked = (response.meta.get("redirect_urls") or [response.url])[0]
            yield self._failure(canonical_url(asked), f"redirected off the portal to {url}",
                                "fetch", response.status)
            return
        key = nv.article_key(url, self.default_module)
        if key is None:
            yield self._failure(url, "redirected to a page that is not an article", "parse",
                                response.status)
            return
        if not isinstance(response, TextResponse):
            yield self._failure(url, "article response is not text", "parse", response.status)
            return
        try:
            fields = nv.parse_article(response.text, url)
        except nv.NotAnArticle as exc:
            yield self._failure(url, str(exc), "parse", response.status)
            return
        yield ArticleItem(
            portal=self.portal_id,
            url=url,
            source_id=key.source_id,
            platform=self.platform or nv.PLATFORM,
            fetched_at=datetime.now(VN_TZ).isoformat(timespec="seconds"),
            http_status=response.status,
            **vars(fields),
        )

    # -- helpers -------------------------------------------------------------------------

    def _on_site(self, url: str) -> bool:
        return canonical_host(url) in self.hosts

    def _request(self, url: str, callback: Any, kind: str, priority: int = 0,
                 optional: bool = False) -> scrapy.Request:
        """A request to the portal's own address; ``optional`` ones are guesses (a sitemap or
        feed a site may lack) whose absence is counted, not recorded as a failure."""
        parts = urlsplit(canonical_url(url))
        base = urlsplit(self.base_url)
        # www./bare and http/https variants of the portal go to the address that answers.
        url = urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
        return scrapy.Request(url, callback=callback, errback=self.on_error, priority=priority,
                              meta={"optional": optional, "portalnews_kind": kind})

    def _failure(self, url: str, reason: str, stage: str, status: int | None = None) -> PageFailure:
        return PageFailure(
            portal=self.portal_id,
            url=url,
            reason=reason,
            stage=stage,
            http_status=status,
            failed_at=datetime.now(VN_TZ).isoformat(timespec="seconds"),
        )

    def on_error(self, failure: Failure) -> Iterator[PageFailure]:
        """Download or HTTP error: recorded with its reason; the crawl goes on."""
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        reason = f"HTTP {status}" if status else f"{failure.type.__name__}: {failure.getErrorMessage()}"
        if request.meta.get("optional"):
            self.crawler.stats.inc_value("portalnews/optional_missing")
            self.logger.info("no %s (%s): discovery goes on without it", request.url, reason)
            return
        stage = {self.parse_home: "home", self.parse_article: "fetch"}.get(request.callback,
                                                                           "discover")
        yield self._failure(canonical_url(request.url), reason, stage, status)
