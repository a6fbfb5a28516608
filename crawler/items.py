"""Typed items that spiders yield and pipelines complete (handled through itemadapter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict


class ImageRef(TypedDict):
    """An image of an article: absolute URL and caption as published (or None)."""

    url: str
    caption: str | None


class AttachmentRef(TypedDict):
    """A downloadable file attached to an article."""

    url: str
    name: str | None


@dataclass
class ArticleItem:
    """One article as extracted from a portal page, then completed by the pipelines.

    Fields up to ``fetched_at`` come from the adapter; the rest are added by pipelines
    (``published``/``updated`` are date results as in interfaces.md, ``content_hash``
    identifies a version, ``event_dates`` and ``mentions`` come from the normalisers).
    """

    portal: str
    url: str
    source_id: str
    platform: str = ""
    title: str | None = None
    lead: str | None = None
    body_text: str | None = None
    body_html: str | None = None
    author: str | None = None
    source: str | None = None
    category: str | None = None
    category_url: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)
    attachments: list[AttachmentRef] = field(default_factory=list)
    published_raw: str | None = None
    updated_raw: str | None = None
    time_meta: str | None = None
    """Raw time value of page metadata that reveals the zone the page was rendered in."""
    fetched_at: str = ""
    http_status: int | None = None
    # Added by pipelines.
    published: dict[str, Any] | None = None
    updated: dict[str, Any] | None = None
    content_hash: str | None = None
    event_dates: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class PageFailure:
    """A page that could not become an article: recorded with its reason, the crawl goes on."""

    portal: str
    url: str
    reason: str
    stage: str = "parse"
    http_status: int | None = None
    failed_at: str = ""
    rejected: bool = False
    """The page was fetched and is not an article (the crawl ledger's ``rejected`` state)."""
