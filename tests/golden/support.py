"""Golden files: a saved page, the expected JSON, and a note of where the page came from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter

from crawler.items import ArticleItem
from crawler.platforms import generic, liferay, nukeviet, sharepoint, wordpress
from pipelines.text import canonicalise_article

GOLDEN_DIR = Path(__file__).resolve().parent
ADAPTERS = {
    "nukeviet4": nukeviet.parse_article,
    "nukeviet3": nukeviet.parse_article,
    "nukeviet-egov": nukeviet.parse_article,
    "wordpress": wordpress.parse_post_page,
    "sharepoint": sharepoint.parse_item,
    "liferay": liferay.parse_content,
    "generic": generic.parse_article,
}


def extract(page: Path, url: str) -> dict[str, Any]:
    """The adapter's fields for a saved page, canonicalised as the text stage does."""
    fields = ADAPTERS[page.parent.name](page.read_text(encoding="utf-8"), url)
    item = ArticleItem(portal="golden", url=url, source_id="golden", **vars(fields))
    adapter = ItemAdapter(item)
    canonicalise_article(adapter)
    keep = ("title", "lead", "body_text", "author", "source", "category", "category_url", "tags",
            "images", "attachments", "published_raw", "updated_raw", "time_meta")
    return {name: adapter[name] for name in keep}
