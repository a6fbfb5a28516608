"""Spider for Liferay portals: section pages (asset publisher listings) to full content.

``scrapy crawl liferay -a url=http://host/``. Articles are ``/-/view_content/{id}-{slug}`` links,
keyed ``liferay:{id}`` before fetching (one article shown under several sections is requested
once), and ``/-/asset_publisher/{instance}/content/{slug}`` links, keyed by slug until the page
gives its id. A listing's ``_{portlet}_cur`` pages continue it to the last page; other pages of the
site (``/web/{site}/...`` when the portal lives there) are sections, followed ``max_depth`` hops
from the home page. Detail links lose their ``_redirect`` back-link, listing identities ignore
``p_p_auth``, language switches and portal actions are never followed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from parsel import Selector
from scrapy.http import TextResponse

from crawler.platforms import generic as gen
from crawler.platforms import liferay as lr
from crawler.platforms.article import ArticleFields, NotAnArticle
from crawler.safety import strip_session
from crawler.spiders.linked import ArticleLink, LinkedSpider, ListingLink

NOT_SECTIONS = ("/c/", "/documents/", "/image/", "/html/", "/o/", "/combo/", "/api/", "/delegate/")


class LiferaySpider(LinkedSpider):
    """Crawl one Liferay portal given its base URL."""

    name = "liferay"
    platforms = ("liferay",)
    max_depth = 2  # home -> sections -> sub-sections; a listing's pages continue at its depth

    def __init__(self, *args: Any, site_prefix: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site_prefix = site_prefix

    def classify(self, response: TextResponse) -> tuple[list[ArticleLink], list[ListingLink]]:
        """Content links, the listing's own pages (continuations) and the site's sections."""
        if not self.site_prefix:
            segments = [s for s in unquote(urlsplit(response.url).path).split("/") if s]
            self.site_prefix = f"/web/{segments[1]}/" if len(segments) > 1 and segments[0] == "web" \
                else "/"
        details, pages = lr.links(response.text, response.url)
        articles = [link for link in map(self.article_link, details) if link is not None]
        here = urlsplit(response.url).path
        listings = []
        for url in pages:
            listing = self.listing_link(url, here)
            if listing is not None:
                listings.append(listing)
        return articles, listings

    def listing_link(self, url: str, here: str) -> ListingLink | None:
        """A page of the current listing (``_cur``) or a section page of the site, else None."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        if gen.is_asset(url) or "/-/" in path or path.startswith(NOT_SECTIONS):
            return None
        if not (path + "/").startswith(self.site_prefix):
            return None
        params = dict(parse_qsl(parts.query))
        paging = lr.page_number(url) is not None
        if params and not paging:
            return None  # portlet actions, searches, sorts: not listings
        clean = strip_session(url)
        return ListingLink(clean, lr.listing_identity(clean),
                           continuation=paging and parts.path == here)

    def article_link(self, url: str) -> ArticleLink | None:
        """A content page: keyed by its id (view_content) or its slug (asset publisher)."""
        key = lr.content_key(url)
        if key is None:
            return None
        clean = strip_session(url, keep=())
        if key[0] == "id":
            return ArticleLink(clean, f"liferay:{key[1]}", f"liferay:{key[1]}")
        return ArticleLink(clean, f"slug:{key[1]}")

    def extract(self, response: TextResponse) -> tuple[str, str, ArticleFields]:
        """The web content's fields and identity."""
        sel = Selector(text=response.text)
        source_id = lr.content_id(sel, response.url)
        if source_id is None:
            raise NotAnArticle("no web content id (URL id, asset entry or data-analytics-asset-id)")
        fields = lr.parse_content(response.text, response.url, self.selectors)
        return lr.canonical_of(sel, response.url), source_id, fields
