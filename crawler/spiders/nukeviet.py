"""Spider for NukeViet portals (4.x, 3.x, eGov): discovery through sitemaps, RSS and listings.

``scrapy crawl nukeviet -a url=http://host/`` (or ``portalnews crawl``, which detects the
platform first). Every module of the site is learned (RSS links, sitemap index, article URLs;
:mod:`crawler.platforms.nukeviet_modules`) and only news modules give article identities
(``{module}:{id}``): a page of another module (``/about/gioi-thieu-4.html``) is recorded as
rejected in the crawl ledger, never mistaken for article 4. An identity claimed by a page that
proves not to be that article is released, so the real article is still fetched. Off-site
links, traps and non-content views are never followed (the base class).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import Sitemap

from crawler.ledger import LedgerNote
from crawler.platforms import nukeviet as nv
from crawler.platforms import nukeviet_listings as listings
from crawler.platforms.article import NotAnArticle
from crawler.platforms.fingerprint import NUKEVIET_FAMILY
from crawler.platforms.nukeviet import ArticleKey
from crawler.platforms.nukeviet_modules import SiteModules
from crawler.spiders.base import PortalSpiderBase, parse_bool
from crawler.urls import canonical_url
from pipelines.datenorm import parse_rss_pubdate


class NukeVietSpider(PortalSpiderBase):
    """Crawl one NukeViet portal given its base URL."""

    name = "nukeviet"
    platforms = NUKEVIET_FAMILY

    def __init__(self, url: str | None = None, portal: str | None = None,
                 default_module: str = "news", modules: str = "", follow_tags: str = "false",
                 **kwargs: Any) -> None:
        super().__init__(url=url, portal=portal, **kwargs)
        self.default_module = default_module
        self.site = SiteModules(default_module, {m for m in modules.split(",") if m})
        self.follow_tags = parse_bool(follow_tags)
        self._module_pages_requested: set[str] = set()
        self._held: list[tuple[str, str | None, str | None]] | None = []
        """Candidates whose first segment may name a module, until the sitemap index is read."""

    @property
    def modules(self) -> set[str]:
        """The news modules known so far (their listings and feeds are read)."""
        return self.site.news

    def _key(self, url: str) -> ArticleKey | None:
        return self.site.identity(url)[0]

    # -- discovery -----------------------------------------------------------------------

    def discover(self, response: TextResponse) -> Iterable[Any]:
        """Sitemaps, the registry's feeds, every module's RSS and listing, and what the home page
        links to."""
        for module in listings.module_links(response.text, response.url):
            self.site.learn(module, news=True)
        links = listings.parse_listing(response.text, response.url, self.modules,
                                       self.default_module)
        for url in links.articles:
            key = self._key(url)
            if key:
                self.site.learn(key.module, news=True)
        site_index = self.request(
            self.root_url + "sitemap.xml", self.parse_sitemap, "sitemap", optional=True,
            priority=20, meta={"portalnews_site_index": True, "on_fail": "_index_missing",
                               # an error status comes to parse_sitemap, through the spider
                               # middlewares (redirects are still followed)
                               "handle_httpstatus_list": list(range(400, 600))})
        if site_index is None:
            self._held = None  # nothing to wait for
        else:
            yield site_index
        yield from self.schedule([self.request(feed, self.parse_feed, "feed")  # the registry's
                                  for feed in self.feeds if self.allowed(feed)])
        yield from self._module_requests()
        yield from self._follow(links)

    def _module_requests(self) -> Iterator[scrapy.Request]:
        for module in sorted(self.modules - self._module_pages_requested):
            self._module_pages_requested.add(module)
            yield from self.schedule([
                self.request(f"{self.root_url}{module}/rss/", self.parse_feed, "feed", optional=True),
                self.request(f"{self.root_url}{module}/", self.parse_listing, "listing",
                             optional=True),
            ])

    def _index_missing(self, request: scrapy.Request, status: int | None) -> Iterator[Any]:
        """No sitemap index: the held candidates go on with the modules known so far."""
        return self._index_read()

    def _index_read(self) -> Iterator[Any]:
        """The site's modules are known as well as they will be: request the held candidates."""
        held, self._held = self._held, None
        for url, lastmod, listed in held or ():
            yield from self._article_request(url, lastmod, listed)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        """Sitemap index -> per-module sitemaps -> article URLs (with ``lastmod``)."""
        site_index = response.meta.get("portalnews_site_index", False)
        if site_index and response.status != 200:
            self.crawler.stats.inc_value("portalnews/optional_missing")
            yield from self._index_read()
            return
        if not self.on_site(response.url):
            if site_index:
                yield from self._index_read()
            return
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # malformed XML: record and go on with other channels
            yield self.failure(response.url, f"unreadable sitemap: {exc}", "discover",
                               response.status)
            if site_index:
                yield from self._index_read()
            return
        entries = list(sitemap)
        if sitemap.type == "sitemapindex":  # learn every module before reading any of them
            for entry in entries:
                self.site.learn_sitemap(entry.get("loc", ""))
        if site_index:
            yield from self._index_read()
        for entry in entries:
            loc = entry.get("loc", "")
            if sitemap.type == "sitemapindex":
                if self.allowed(loc):
                    yield from self.schedule([self.request(loc, self.parse_sitemap, "sitemap")])
            else:
                yield from self._article_request(loc, lastmod=entry.get("lastmod"))

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """RSS of a module: the 30 newest articles."""
        if not self.on_site(response.url) or not isinstance(response, TextResponse):
            return
        entries, problem = listings.parse_rss(response.text, response.url)
        if problem and not entries and response.meta.get("optional"):
            self.crawler.stats.inc_value("portalnews/optional_missing")  # a guess, not a feed
        elif problem:
            yield self.failure(canonical_url(response.url, keep_query=True), problem, "discover",
                               response.status)
        for entry in entries:
            # The date part of pubDate is right even with the pre-4.6 minutes bug.
            day = parse_rss_pubdate(entry.pub_date).value
            yield from self._article_request(entry.url, listed=day[:10] if day else None)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """Module, category and tag listings with their pagination."""
        if not isinstance(response, TextResponse) or not self.on_site(response.url):
            return
        links = listings.parse_listing(response.text, response.url, self.modules, self.default_module)
        self._note_listing(response, links)
        yield from self._follow(links)

    def _note_listing(self, response: Response, links: listings.ListingLinks) -> None:
        """What this page lists, for the incremental middleware (requests for articles already
        scheduled in this run are not yielded again, so it cannot see them otherwise)."""
        response.meta["portalnews_listing_items"] = [
            (key.source_id, links.listed.get(url))
            for url in links.articles
            if (key := self._key(url)) is not None
        ]

    def _follow(self, links: listings.ListingLinks) -> Iterator[scrapy.Request]:
        for url in links.articles:
            yield from self._article_request(url, listed=links.listed.get(url))
        for url in links.listings:
            path = urlsplit(url).path
            if not self.follow_tags and ("/tag/" in path or path.startswith("/tag")):
                continue
            if self.allowed(url):
                yield from self.schedule([self.request(
                    url, self.parse_listing, "listing",
                    meta={"portalnews_page": listings.page_number(url)})])

    # -- articles ------------------------------------------------------------------------

    def _article_request(self, url: str, lastmod: str | None = None,
                         listed: str | None = None) -> Iterator[scrapy.Request | LedgerNote]:
        """Schedule an article once per run; ``lastmod`` (sitemap) and ``listed`` (the day a
        listing shows) let the incremental middleware skip what is stored and unchanged. A page
        of a module that is not news is noted ``rejected`` in the crawl ledger."""
        if not self.on_site(url):
            return
        key, refused = self.site.identity(url)
        if refused:
            yield LedgerNote(self._on_base(url), "rejected", refused)
            return
        if key is None:
            return
        if self._held is not None and self.site.ambiguous(url):
            self._held.append((url, lastmod, listed))  # until the sitemap index names the modules
            yield LedgerNote(self._on_base(url), "waiting",
                             "held until the sitemap index names the site's modules")
            return
        if self.site.learn(key.module, news=True):
            yield from self._module_requests()
        yield from self.article_request(
            url, self.parse_article, identity=key.source_id, source_id=key.source_id,
            lastmod=lastmod, meta={"portalnews_listed": listed} if listed else None)

    def parse_article(self, response: Response) -> Iterator[Any]:
        """One article page to an :class:`ArticleItem`, or a recorded failure."""
        url = canonical_url(response.url)
        if not self.on_site(url):
            asked = (response.meta.get("redirect_urls") or [response.url])[0]
            yield self.failure(canonical_url(asked), f"redirected off the portal to {url}",
                               "fetch", response.status, rejected=True)
            return
        key, refused = self.site.identity(url)
        if key is None:
            yield self.rejected(url, response,
                                refused or "redirected to a page that is not an article")
            return
        if not isinstance(response, TextResponse):
            yield self.rejected(url, response, "article response is not text")
            return
        # The same guard clauses as WordPress's parse_post_page (`duplicates` pairs them): each
        # platform proves its identity its own way before the adapter reads the page.
        try:
            fields = nv.parse_article(response.text, url)
        except NotAnArticle as exc:
            yield self.rejected(url, response, exc)
            return
        if not self._claim(response, key.source_id, url):
            return
        yield self.item(url=url, source_id=key.source_id, status=response.status, fields=fields)

    def _claim(self, response: Response, source_id: str, url: str) -> bool:
        """An article redirected to another article takes that identity, unless another
        candidate of the run holds it (then this one is recorded as the same article)."""
        claimed = response.meta.get("portalnews_identity")
        candidate = response.meta.get("portalnews_candidate")
        ledger = self.ledger
        if claimed in (None, source_id) or candidate is None or ledger is None:
            return True
        if ledger.reidentify(candidate, source_id):
            self._scheduled.add(source_id)
            return True
        ledger.settle(candidate, "known", f"redirected to {url}: {source_id}, the article of "
                      "another candidate of this run", http_status=response.status,
                      final_url=url)
        return False
