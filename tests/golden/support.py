"""Golden files: a saved page, the expected JSON, and a note of where the page came from."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter

from crawler.items import ArticleItem
from crawler.platforms import generic, liferay, nukeviet, sharepoint, wordpress
from pipelines.text import canonicalise_article

GOLDEN_DIR = Path(__file__).resolve().parent
EXPECTED_LINE = re.compile(r"^#?\s*Expected values: (independent|snapshot) — (.+)$", re.MULTILINE)
"""Every golden says how its expected values were made (docs/portals.md, "Golden files"):
``independent — written by reading the page`` (evidence that the adapter is right) or
``snapshot — produced by the adapter`` (evidence only that it did not change)."""
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


def expected_kind(note: Path) -> str:
    """``independent`` or ``snapshot``: the one ``Expected values:`` line of a golden's note
    (its ``.source.md``, or the comment header of a real-page ``.toml``)."""
    found = EXPECTED_LINE.findall(note.read_text(encoding="utf-8"))
    if len(found) != 1:
        raise ValueError(f"{note}: needs exactly one 'Expected values: independent|snapshot — ...' "
                         f"line, found {len(found)}")
    return found[0][0]
