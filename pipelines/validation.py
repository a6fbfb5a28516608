"""Validation stage: an article without title or body is a recorded failure, not an article."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import ArticleItem

REQUIRED_FIELDS = ("title", "body_text")


class InvalidArticle(DropItem):
    """Dropped article; the storage stage records it in ``failures`` with this reason."""


def problems(adapter: ItemAdapter, min_body_chars: int = 1) -> list[str]:
    """What is wrong with an article (empty list when it can be stored)."""
    found = [f"missing {name}" for name in REQUIRED_FIELDS if not adapter.get(name)]
    body = adapter.get("body_text") or ""
    if body and len(body) < min_body_chars:
        found.append(f"body shorter than {min_body_chars} characters")
    return found


class ValidationPipeline:
    """Drops invalid articles with a reason. Setting: ``VALIDATION_MIN_BODY_CHARS`` (default 1)."""

    def __init__(self, min_body_chars: int = 1) -> None:
        self.min_body_chars = min_body_chars

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        """Read the component's settings."""
        return cls(crawler.settings.getint("VALIDATION_MIN_BODY_CHARS", 1))

    def process_item(self, item: Any) -> Any:
        """Pass valid articles and other items; raise :class:`InvalidArticle` otherwise."""
        if isinstance(item, ArticleItem):
            found = problems(ItemAdapter(item), self.min_body_chars)
            if found:
                raise InvalidArticle("; ".join(found))
        return item
