"""RSS 2.0 items, read the same way for every platform (link, guid, raw pubDate)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from parsel import Selector

from crawler.urls import canonical_url


@dataclass
class FeedEntry:
    """One RSS item: article URL (absolute, canonical), the platform's guid, the raw pubDate."""

    url: str
    guid: str | None
    pub_date: str | None


def rss_items(xml: str, url: str) -> list[FeedEntry]:
    """Items of an RSS 2.0 feed that have a link, in feed order."""
    sel = Selector(text=xml, type="xml")
    entries = []
    for item in sel.xpath("//item"):
        link = (item.xpath("link/text()").get() or "").strip()
        if not link:
            continue
        entries.append(FeedEntry(
            url=canonical_url(urljoin(url, link)),
            guid=(item.xpath("guid/text()").get() or "").strip() or None,
            pub_date=(item.xpath("pubDate/text()").get() or "").strip() or None,
        ))
    return entries
