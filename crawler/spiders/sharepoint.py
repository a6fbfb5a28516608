"""Spider for SharePoint portals: ``/Pages/*.aspx`` listings to ``DispForm.aspx?ID=n`` items.

``scrapy crawl sharepoint -a url=http://host/``. Items are keyed ``{List}:{ID}``; the ``Source``
back-link of item URLs is dropped before any request. Set ``DATES_ORDER=mdy`` (registry
``order = "mdy"``) for portals that show US dates.
"""

from __future__ import annotations

from scrapy.http import TextResponse

from crawler.platforms import sharepoint as sp
from crawler.platforms.article import ArticleFields, NotAnArticle
from crawler.safety import strip_session
from crawler.spiders.linked import ArticleLink, LinkedSpider, ListingLink


class SharePointSpider(LinkedSpider):
    """Crawl one SharePoint portal given its base URL."""

    name = "sharepoint"
    platforms = ("sharepoint",)
    max_depth = 100  # "next page" chains; listings are bounded by max_listings

    def classify(self, response: TextResponse) -> tuple[list[ArticleLink], list[ListingLink]]:
        """DispForm items and publishing-page listings."""
        items, listings = sp.links(response.text, response.url)
        articles = [link for link in map(self.article_link, items) if link is not None]
        pages = [ListingLink(url, strip_session(url)) for url in listings]
        return articles, pages

    def article_link(self, url: str) -> ArticleLink | None:
        """A list item form (``DispForm.aspx?ID=n``), keyed ``{List}:{ID}``."""
        key = sp.item_key(url)
        if key is None:
            return None
        sid = sp.source_id(key)
        return ArticleLink(sp.canonical_item_url(url), sid, sid)

    def extract(self, response: TextResponse) -> tuple[str, str, ArticleFields]:
        """The item form's fields."""
        key = sp.item_key(response.url)
        if key is None:
            raise NotAnArticle("redirected to a page that is not a list item form")
        return sp.canonical_item_url(response.url), sp.source_id(key), sp.parse_item(
            response.text, response.url)
