"""Spider for WordPress portals: the REST API when open, else the feed, ``/page/N/`` and post pages.

``scrapy crawl wordpress -a url=http://host/``. API mode lists ``/wp-json/wp/v2/posts`` (ids,
links and ``modified_gmt`` only, ``X-WP-TotalPages`` for paging) and fetches each post as
``/wp-json/wp/v2/posts/{id}?_embed=1`` (an ``article`` request with its source id and lastmod
known). With the API closed (401/403/404 or not JSON) it reads ``/feed/`` and the home page's
``/page/N/`` archive pages and extracts post pages.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawler.ledger import LedgerNote
from crawler.platforms import wordpress as wp
from crawler.platforms.article import NotAnArticle
from crawler.platforms.feeds import checked_feed
from crawler.spiders.base import PortalSpiderBase
from crawler.urls import canonical_url

PER_PAGE = 50


class WordPressSpider(PortalSpiderBase):
    """Crawl one WordPress portal given its base URL."""

    name = "wordpress"
    platforms = ("wordpress",)

    def __init__(self, *args: Any, use_api: str = "true", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.use_api = str(use_api).lower() not in ("0", "false", "no", "off")
        self._home: TextResponse | None = None
        self._html_mode = False

    def discover(self, response: TextResponse) -> Iterator[Any]:
        """API first; the HTML channels only when it is closed."""
        self._home = response
        if not self.use_api:
            yield from self._html_channels()
            return
        yield from self.schedule([self._api_page(1)])

    # -- API ----------------------------------------------------------------------------------

    def _api_page(self, page: int) -> Request | None:
        url = f"{self.root_url}{wp.API_PATH}?per_page={PER_PAGE}&page={page}&_fields=id,link,modified_gmt"
        return self.request(url, self.parse_api_list, "feed", optional=page == 1,
                            meta={"on_fail": "_api_failed" if page == 1 else None,
                                  "wp_page": page})

    def _api_failed(self, request: Request, status: int | None) -> Iterator[Any]:
        self.logger.info("REST API closed (%s): reading the feed and archive pages", status)
        yield from self._html_channels()

    def parse_api_list(self, response: Response) -> Iterator[Any]:
        """One page of post ids; article requests for each, the next page while there is one."""
        try:
            posts = json.loads(response.text) if isinstance(response, TextResponse) else None
        except ValueError:
            posts = None
        if not isinstance(posts, list):
            if response.meta.get("wp_page") == 1:
                yield from self._html_channels()
            else:
                yield self.failure(response.url, "REST API page is not a JSON list", "discover",
                                   response.status)
            return
        self.crawler.stats.set_value("portalnews/wordpress_mode", "api")
        for post in posts:
            if not isinstance(post, dict) or "id" not in post:
                continue
            link = canonical_url(post.get("link") or f"{self.root_url}?p={post['id']}")
            if not self.on_site(link):
                yield LedgerNote(link, "rejected", "the API's link is off the portal's hosts",
                                 wp.source_id(post["id"]), wp.source_id(post["id"]))
                continue
            api_url = f"{self.root_url}{wp.API_PATH}/{int(post['id'])}?_embed=1"
            yield from self.article_request(
                api_url, self.parse_api_post, identity=wp.source_id(post["id"]),
                source_id=wp.source_id(post["id"]), lastmod=wp._gmt(post.get("modified_gmt")))
        page = response.meta.get("wp_page", 1)
        total = response.headers.get("X-WP-TotalPages")
        if total and total.decode().isdigit() and page < int(total.decode()):
            yield from self.schedule([self._api_page(page + 1)])

    def parse_api_post(self, response: Response) -> Iterator[Any]:
        """One post of the API to an item."""
        try:
            post = json.loads(response.text)
            parsed = wp.parse_api_post(post, self.root_url)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            yield self.failure(canonical_url(response.url, keep_query=True),
                               f"unreadable REST API post: {exc}", "parse", response.status)
            return
        yield self.item(url=parsed.url, source_id=wp.source_id(parsed.id), status=response.status,
                        fields=parsed.fields)

    # -- HTML ---------------------------------------------------------------------------------

    def _html_channels(self) -> Iterator[Any]:
        if self._html_mode:
            return
        self._html_mode = True
        self.crawler.stats.set_value("portalnews/wordpress_mode", "html")
        yield from self.schedule([self.request(f"{self.root_url}feed/", self.parse_feed, "feed",
                                               optional=True, meta={"on_fail": "_no_feed"})])
        if self._home is not None:
            yield from self.parse_listing(self._home)

    def _no_feed(self, request: Request, status: int | None) -> Iterator[Any]:
        if not self._scheduled:
            self.give_up(f"{self.base_url} looks like platform 'wordpress' but no adapter channel "
                         "answered: the REST API is closed, /feed/ is missing and the home page "
                         "lists no posts")
        return iter(())

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """The newest posts, with their ids (guid ``?p=N``); an unreadable feed is a failure."""
        if not isinstance(response, TextResponse):
            return
        entries, problem = checked_feed(response.text, response.url)
        if problem:
            yield self.failure(canonical_url(response.url, keep_query=True), problem, "discover",
                               response.status)
        for entry in wp.posts_of(entries):
            if wp.is_post_url(entry.url):
                yield from self.article_request(
                    entry.url, self.parse_post, identity=entry.url,
                    source_id=wp.source_id(entry.post_id) if entry.post_id else None)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """Home and ``/page/N/`` archives: post links and the next page."""
        if not isinstance(response, TextResponse):
            return
        posts, pages = wp.listing_links(response.text, response.url)
        for url in posts:
            if wp.is_post_url(url):
                yield from self.article_request(url, self.parse_post, identity=url)
        for url in pages:
            if self.allowed(url):
                yield from self.schedule([self.request(url, self.parse_listing, "listing")])

    def parse_post(self, response: Response) -> Iterator[Any]:
        """A post page to an item."""
        url = canonical_url(response.url)
        if not isinstance(response, TextResponse):
            yield self.failure(url, "post response is not text", "parse", response.status)
            return
        from parsel import Selector

        post_id = wp.post_id_of(Selector(text=response.text))
        if post_id is None:
            yield self.rejected(url, response, "no WordPress post id (shortlink, article#post-N)")
            return
        try:
            fields = wp.parse_post_page(response.text, url)
        except NotAnArticle as exc:
            yield self.rejected(url, response, exc)
            return
        yield self.item(url=url, source_id=wp.source_id(post_id), status=response.status,
                        fields=fields)
