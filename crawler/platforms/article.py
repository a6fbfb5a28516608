"""The adapters' shared types: what an article page yields, and the refusal of a page that is not
an article. Every adapter (``crawler/platforms/*.py``) returns :class:`ArticleFields` or raises
:class:`NotAnArticle`; the body walker they share is :mod:`crawler.platforms.body`.
"""

from __future__ import annotations

from dataclasses import dataclass


class NotAnArticle(ValueError):
    """The page is not a news article of its platform (the reason says why)."""


@dataclass
class ArticleFields:
    """What an article page yields, before the pipelines canonicalise and normalise it."""

    title: str | None
    lead: str | None
    body_text: str
    body_html: str
    author: str | None
    source: str | None
    category: str | None
    category_url: str | None
    tags: list[str]
    images: list[dict[str, str | None]]
    attachments: list[dict[str, str | None]]
    published_raw: str | None
    updated_raw: str | None
    time_meta: str | None
