"""Text stage: canonicalise every text field of an article and fingerprint its content."""

from __future__ import annotations

import hashlib
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from crawler.items import ArticleItem
from pipelines.vntext import canonicalise, canonicalise_inline

INLINE_FIELDS = ("title", "lead", "author", "source", "category", "published_raw", "updated_raw")


def content_hash(title: str | None, lead: str | None, body: str | None) -> str:
    """Version identity: SHA-256 of the canonical title, lead and body (never of counters)."""
    payload = "\x1f".join(part or "" for part in (title, lead, body))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def canonicalise_article(adapter: ItemAdapter) -> None:
    """Canonicalise the text fields of an article in place (tone-mark style kept)."""
    for name in INLINE_FIELDS:
        value = adapter.get(name)
        adapter[name] = canonicalise_inline(value) or None if value else None
    body = adapter.get("body_text") or ""
    adapter["body_text"] = "\n\n".join(
        p for p in (canonicalise_inline(par) for par in body.split("\n\n")) if p
    )
    adapter["tags"] = [t for t in dict.fromkeys(canonicalise_inline(t) for t in adapter["tags"]) if t]
    adapter["images"] = [
        {"url": img["url"], "caption": canonicalise_inline(img.get("caption")) or None}
        for img in adapter["images"]
    ]
    adapter["attachments"] = [
        {"url": att["url"], "name": canonicalise_inline(att.get("name")) or None}
        for att in adapter["attachments"]
    ]
    if adapter.get("body_html"):
        adapter["body_html"] = canonicalise(adapter["body_html"])
    adapter["content_hash"] = content_hash(adapter["title"], adapter["lead"], adapter["body_text"])


class TextPipeline:
    """NFC, `Ð`->`Đ`, invisible characters, dashes and whitespace; display tone style kept."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TextPipeline:
        """No settings yet; the hook keeps the component shape uniform."""
        return cls()

    def process_item(self, item: Any) -> Any:
        """Canonicalise articles; pass other items through."""
        if isinstance(item, ArticleItem):
            canonicalise_article(ItemAdapter(item))
        return item
