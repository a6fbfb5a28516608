"""NukeViet listings and feeds: article links of module, category and tag pages (with the day
each item shows), pagination, the news modules a page announces, RSS items.

Pure functions, like the article extraction in :mod:`crawler.platforms.nukeviet`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html
from parsel import Selector

from crawler.platforms.feeds import FeedEntry, checked_feed
from crawler.platforms.nukeviet import PAGE_SEGMENT, article_key, is_listing_url
from crawler.urls import canonical_url

LISTED_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
MAX_ITEM_CHARS = 1500


@dataclass
class ListingLinks:
    """Links found on a listing page (category, module home, tag)."""

    articles: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    listed: dict[str, str] = field(default_factory=dict)
    """Article URL -> the day shown next to it in the listing (``YYYY-MM-DD``), when shown."""


def page_number(url: str) -> int:
    """The ``page-N`` of a listing URL (1 when absent)."""
    for segment in reversed([s for s in urlsplit(url).path.split("/") if s]):
        match = PAGE_SEGMENT.match(segment)
        if match:
            return int(match[1])
    return 1


def _listed_day(anchor: lxml_html.HtmlElement, href_of: dict[lxml_html.HtmlElement, str]) -> str | None:
    """The ``d/m/Y`` date in the smallest listing item around an article link."""
    own = href_of[anchor]
    for level, ancestor in enumerate(anchor.iterancestors()):
        if level > 4:
            break
        hrefs = {href_of[a] for a in ancestor.iter("a") if a in href_of}
        if hrefs - {own}:
            break
        text = ancestor.text_content()
        if len(text) > MAX_ITEM_CHARS:  # a page region, not a listing item (header clocks)
            break
        match = LISTED_DATE.search(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            if 1 <= day <= 31 and 1 <= month <= 12:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def parse_listing(html: str, url: str, modules: set[str], default_module: str = "news") -> ListingLinks:
    """Article and listing links of a page, absolute and canonical, in page order."""
    root = lxml_html.fromstring(html or "<html></html>")
    found = ListingLinks()
    article_anchors: dict[lxml_html.HtmlElement, str] = {}
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        absolute = canonical_url(urljoin(url, href))
        if article_key(absolute, default_module) is not None:
            found.articles.append(absolute)
            article_anchors[anchor] = absolute
        elif is_listing_url(absolute, modules):
            found.listings.append(absolute)
    for anchor, absolute in article_anchors.items():
        if absolute not in found.listed:
            day = _listed_day(anchor, article_anchors)
            if day:
                found.listed[absolute] = day
    found.articles = list(dict.fromkeys(found.articles))
    found.listings = list(dict.fromkeys(found.listings))
    return found


def module_links(html: str, url: str) -> set[str]:
    """Names of news modules announced by a page: their RSS links or sitemap entries."""
    sel = Selector(text=html)
    modules: set[str] = set()
    for href in sel.css("a::attr(href), link[type*='rss']::attr(href)").getall():
        segments = [s for s in urlsplit(urljoin(url, href)).path.split("/") if s]
        if len(segments) >= 2 and segments[1] == "rss":
            modules.add(segments[0])
    return modules


def parse_rss(xml: str, url: str) -> tuple[list[FeedEntry], str | None]:
    """Items of a NukeViet RSS feed (guid ``{module}_{id}``; pubDate wrong in its minutes before
    4.6: read it with ``pipelines.datenorm.parse_rss_pubdate``), and what is wrong with the feed
    (``crawler.platforms.feeds.checked_feed``)."""
    entries, problem = checked_feed(xml, url)
    for entry in entries:
        entry.url = canonical_url(entry.url)  # article addresses carry no query
    return entries, problem
