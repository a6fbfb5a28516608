"""Scrapy pipeline stage: persons and roles mentioned in an article (``item.mentions``).

Settings: ``ROLES_ENABLED`` (default True), ``ROLES_PROVINCE`` (the portal's province, default
None) and ``ROLES_PROVINCE_BEFORE_2025`` (its name before a merger, from the registry). Without
them, the province the portal's home page names (``spider.site_province``, see
:mod:`pipelines.rolenorm.site_province`); either way the one valid at the article's date. Never
raises on odd text and never drops the item; a missing gazetteer stops the crawl at its start.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from pipelines.rolenorm.extractor import extract_roles
from pipelines.rolenorm.gazetteer import gazetteer
from pipelines.rolenorm.site_province import PortalProvince, registered_province
from pipelines.vntext import canonicalise

__all__ = ["RolesPipeline", "article_mentions"]

logger = logging.getLogger(__name__)
_FIELDS = ("title", "lead", "body_text")


def article_mentions(fields: dict[str, str | None], *, date: str | None,
                     province: str | None) -> list[dict[str, Any]]:
    """Person entries (roles result + ``sentence`` + ``field``) of title, lead and body.

    The three fields are read as one text, so places named anywhere give context; spans are
    relative to the field (canonicalised) the person is first mentioned in.
    """
    parts: list[tuple[str, int, int]] = []
    chunks: list[str] = []
    offset = 0
    for name in _FIELDS:
        text = canonicalise(fields.get(name) or "")
        if not text:
            continue
        parts.append((name, offset, offset + len(text)))
        chunks.append(text)
        offset += len(text) + 2
    out: list[dict[str, Any]] = []
    for entry in extract_roles("\n\n".join(chunks), date=date, province=province):
        start = entry["span"][0]
        for name, lo, hi in parts:
            if lo <= start < hi:
                entry["span"] = [start - lo, entry["span"][1] - lo]
                entry["field"] = name
                out.append(entry)
                break
    return out


class RolesPipeline:
    """Adds ``mentions`` to each article item."""

    def __init__(self, *, enabled: bool = True, province: str | PortalProvince | None = None,
                 crawler: Any = None) -> None:
        self.enabled = enabled
        self.province = registered_province({"ROLES_PROVINCE": province}) \
            if isinstance(province, str) else province
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> RolesPipeline:
        """Read ``ROLES_*`` settings; load the gazetteer now (its absence stops the crawl)."""
        settings = crawler.settings
        enabled = settings.getbool("ROLES_ENABLED", True)
        if enabled:
            gazetteer()
        return cls(enabled=enabled, province=registered_province(settings), crawler=crawler)

    def _province(self, published: str | None) -> str | None:
        """The registered province, else the page's, as valid at the article's date."""
        found = self.province or getattr(getattr(self.crawler, "spider", None), "site_province",
                                         None)
        return found.at(published) if found is not None else None

    def process_item(self, item: Any) -> Any:
        """Set ``item.mentions``; on any error log it and keep the item."""
        if not self.enabled:
            return item
        adapter = ItemAdapter(item)
        if "mentions" not in adapter.field_names():
            return item
        try:
            published = adapter.get("published") or {}
            day = published.get("value") if isinstance(published, dict) else None
            fields = {name: adapter.get(name) for name in _FIELDS}
            adapter["mentions"] = article_mentions(fields, date=day, province=self._province(day))
        except Exception:  # never lose an article because of the roles extractor
            logger.exception("roles extraction failed for %s", adapter.get("url"))
        return item
