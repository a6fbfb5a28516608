"""Spider for Liferay portals: ``/web/{site}/...`` asset publisher listings to full content.

``scrapy crawl liferay -a url=http://host/``. Detail links are requested without their
``_redirect`` back-link; listing identities ignore ``p_p_auth``; language switches are never
followed. Items are keyed ``liferay:{asset id}``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from parsel import Selector
from scrapy.http import TextResponse

from crawler.platforms import liferay as lr
from crawler.platforms.nukeviet import ArticleFields, NotAnArticle
from crawler.safety import strip_session
from crawler.spiders.linked import ArticleLink, LinkedSpider, ListingLink


class LiferaySpider(LinkedSpider):
    """Crawl one Liferay portal given its base URL."""

    name = "liferay"
    platforms = ("liferay",)
    max_depth = 100  # "next page" chains; listing identities ignore p_p_auth

    def __init__(self, *args: Any, site_prefix: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site_prefix = site_prefix

    def classify(self, response: TextResponse) -> tuple[list[ArticleLink], list[ListingLink]]:
        """Asset publisher details and the site's pages."""
        if not self.site_prefix:
            segments = [s for s in unquote(urlsplit(response.url).path).split("/") if s]
            self.site_prefix = f"/web/{segments[1]}/" if len(segments) > 1 and segments[0] == "web" \
                else "/web/"
        details, listings = lr.links(response.text, response.url, self.site_prefix)
        articles = [link for link in map(self.article_link, details) if link is not None]
        pages = [ListingLink(url, lr.listing_identity(url)) for url in listings]
        return articles, pages

    def article_link(self, url: str) -> ArticleLink | None:
        """An asset publisher's content page, keyed by its slug until its id is read."""
        slug = lr.slug_of(url)
        return None if slug is None else ArticleLink(strip_session(url, keep=()), f"slug:{slug}")

    def extract(self, response: TextResponse) -> tuple[str, str, ArticleFields]:
        """The web content's fields and identity."""
        sel = Selector(text=response.text)
        source_id = lr.content_id(sel)
        if source_id is None:
            raise NotAnArticle("no web content id (data-analytics-asset-id)")
        fields = lr.parse_content(response.text, response.url, self.selectors)
        return lr.canonical_of(sel, response.url), source_id, fields
