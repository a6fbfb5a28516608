"""RSS and Atom feeds, read by feedparser the same way for every platform.

Each entry gives the article's URL (absolute, canonical), the platform's id (RSS ``guid``, Atom
``id``) and the publish time **as published**: feedparser's own UTC ``*_parsed`` values are never
used, because the date normaliser must see the raw text to apply the portal's time zone and to
repair NukeViet's pre-4.6 ``pubDate`` (month in the minutes field: see
``pipelines.datenorm.parse_rss_pubdate``). A document that is not a feed, or a feed so broken that
no entry can be read, raises :class:`FeedError`; a feed that is malformed but readable
(feedparser's "bozo" flag with entries) is read and logged. :func:`checked_feed` gives the spiders
both the entries and the reason to record a discovery failure in either case.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import feedparser

from crawler.urls import canonical_url

logger = logging.getLogger(__name__)

# feedparser's "bozo" reasons that do not mean the document is broken (we hand it decoded text)
HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


class FeedError(ValueError):
    """The document is not a readable RSS or Atom feed (the message says why)."""


@dataclass
class FeedEntry:
    """One item or entry: article URL (absolute, canonical, query kept: ``?p=5``, ``?ID=3`` are
    identities on some platforms), the platform's id, the raw publish
    time (RSS ``pubDate``, Atom ``published``, else Atom ``updated``) and the raw update time."""

    url: str
    guid: str | None
    pub_date: str | None
    updated: str | None = None


@dataclass
class Feed:
    """A parsed feed: its format (feedparser's ``version``: ``rss20``, ``atom10``, ...), its
    entries in feed order, and why it is malformed when it is but could be read."""

    version: str
    entries: list[FeedEntry]
    problem: str | None = None


def _raw(entry: Any, key: str) -> str | None:
    value = dict.get(entry, key)  # FeedParserDict maps a missing "updated" to "published"
    return " ".join(str(value).split()) or None if value else None


def _link(entry: Any) -> str | None:
    """The entry's page: RSS ``link`` (or a permalink ``guid``), Atom ``link rel=alternate``."""
    for link in dict.get(entry, "links") or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"]).strip()
    value = dict.get(entry, "link")
    return str(value).strip() if value else None


def read_feed(text: str | bytes, url: str) -> Feed:
    """Parse an RSS (0.9x, 1.0, 2.0) or Atom (0.3, 1.0) document fetched from ``url``."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    headers = {"content-type": "application/xml; charset=utf-8"} if isinstance(text, str) else {}
    # a stream, never a string: feedparser would fetch a string that looks like an address
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers,
                              resolve_relative_uris=False, sanitize_html=False)
    problem = None
    if parsed.get("bozo"):
        exception = parsed.get("bozo_exception")
        if not isinstance(exception, HARMLESS):
            problem = f"{type(exception).__name__}: {exception}".strip(": ")
    version = parsed.get("version") or ""
    entries = []
    for entry in parsed.entries:
        link = _link(entry)
        if not link:
            continue
        entries.append(FeedEntry(
            url=canonical_url(urljoin(url, link), keep_query=True),
            guid=_raw(entry, "id"),
            pub_date=_raw(entry, "published") or _raw(entry, "updated"),
            updated=_raw(entry, "updated"),
        ))
    if not entries and (problem or not version):
        raise FeedError(f"not a readable RSS or Atom feed ({problem or 'no feed element'})")
    if problem:
        logger.warning("feed %s is malformed (%s); %d entries read", url, problem, len(entries))
    return Feed(version or "unknown", entries, problem)


def checked_feed(text: str | bytes, url: str) -> tuple[list[FeedEntry], str | None]:
    """Entries of a feed, and the reason to record a discovery failure: the feed is unreadable
    (no entries), or malformed with entries read anyway (some may be missing)."""
    try:
        feed = read_feed(text, url)
    except FeedError as exc:
        return [], str(exc)
    if feed.problem:
        return feed.entries, f"malformed feed, {len(feed.entries)} entries read ({feed.problem})"
    return feed.entries, None


def feed_items(text: str | bytes, url: str) -> list[FeedEntry]:
    """Entries of an RSS or Atom feed that have a link, in feed order (FeedError if unreadable)."""
    return read_feed(text, url).entries

