"""Generic spider for portals of unknown platforms: links by shape, text by selectors or library.

``scrapy crawl generic -a url=http://host/ [-a selectors="title=.t;;body=.b;;date=.d"]
[-a article_pattern="chi-tiet\\.php\\?id=(\\d+)"] [-a feeds=/rss.xml]``. Article links are
those matching the portal's ``article_pattern`` or the usual shapes (numeric ``id`` parameter,
``-123.html``, dated paths), and any link under the portal's ``article_links`` selector; other
on-site pages are listings followed up to ``max_depth`` hops from the home page, and the links
under its ``next_page`` selector continue a listing to its last page. Every item of the
registry's feeds is an article.
"""

from __future__ import annotations

from scrapy.http import TextResponse

from crawler.platforms import generic as gen
from crawler.platforms.article import ArticleFields
from crawler.platforms.fingerprint import CRAWLED_AS_GENERIC, Fingerprint
from crawler.safety import strip_session
from crawler.spiders.linked import ArticleLink, LinkedSpider, ListingLink


class GenericSpider(LinkedSpider):
    """Crawl one portal of an unknown platform given its base URL."""

    name = "generic"
    platforms = ()
    max_depth = 2

    def platform_name(self, found: Fingerprint) -> str:
        """A platform recognised by name without an adapter of its own (Oracle WebCenter, VCCorp),
        else ``generic`` (the fingerprint is kept in ``self.fingerprint``)."""
        return found.platform if found.platform in CRAWLED_AS_GENERIC else gen.PLATFORM

    def _identity_url(self, url: str) -> str:
        sid = gen.source_id(url, self.article_pattern)
        keep = ("id",) if sid.startswith("id:") and "id=" in url.lower() else None
        return strip_session(url, keep=keep) if keep else strip_session(url)

    def classify(self, response: TextResponse) -> tuple[list[ArticleLink], list[ListingLink]]:
        """Article links (by shape or the ``article_links`` selector) and other pages of the site
        (``next_page`` links continue the listing)."""
        chosen = set(gen.selected_links(response.text, response.url, self.selectors.get("article_links")))
        following = set(gen.selected_links(response.text, response.url, self.selectors.get("next_page")))
        articles, listings = [], []
        for url in gen.links(response.text, response.url):
            if gen.is_asset(url) or not self.on_site(url):
                continue
            clean = self._identity_url(url)
            if url in chosen or gen.is_article_url(clean, self.article_pattern):
                articles.append(self.article_link(url))
            else:
                listings.append(ListingLink(clean, clean, continuation=url in following))
        return articles, listings

    def article_link(self, url: str) -> ArticleLink:
        """Any on-site page can be an article here: keyed by its id or path."""
        clean = self._identity_url(url)
        sid = gen.source_id(clean, self.article_pattern)
        return ArticleLink(clean, sid, sid)

    def extract(self, response: TextResponse) -> tuple[str, str, ArticleFields]:
        """Selectors of the portal, else the extraction library."""
        url = self._identity_url(response.url)
        fields = gen.parse_article(response.text, url, self.selectors)
        return url, gen.source_id(url, self.article_pattern), fields
