"""The adapters' shared types: what an article page yields, and the refusal of a page that is not
an article. Every adapter (``crawler/platforms/*.py``) returns :class:`ArticleFields` or raises
:class:`NotAnArticle`; the body walker they share is :mod:`crawler.platforms.body`, the reader
of a field's text :func:`field_text`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parsel import Selector


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


def field_text(nodes: Selector | Sequence[Selector] | None) -> str:
    """The text of a field's node (the first one, given several): its text nodes joined by a
    space, whitespace runs collapsed; "" when there is no node.

    For short fields (title, author, a table cell, a caption) that may hold line breaks
    (``<br>``) between their parts: the parts are kept apart. The body walker's
    :func:`crawler.platforms.body.text_of` joins text nodes as written instead, so that a word
    split by inline markup stays whole in paragraphs.
    """
    node = nodes if isinstance(nodes, Selector) else (nodes[0] if nodes else None)
    if node is None:
        return ""
    return " ".join(" ".join(node.css("::text").getall()).split())
