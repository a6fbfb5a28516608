"""SharePoint: news kept in a list and shown by ``/Lists/{List}/DispForm.aspx?ID=n``.

The item's identity is ``{List}:{ID}``; its URL is the form without the ``Source`` back-link and
other parameters (each listing page links the same item with a different ``Source``). The form is
a ``table.ms-formtable`` of label/value rows; labels are matched by name, never by position.
Dates are read as shown (US order on some portals: the registry's ``order = "mdy"``).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urljoin, urlsplit, urlunsplit

from lxml import html as lxml_html
from parsel import Selector

from crawler.platforms.article import ArticleFields, NotAnArticle, field_text
from crawler.platforms.body import img_url, unique_images, walk_body
from crawler.urls import canonical_url

PLATFORM = "sharepoint"
DISPFORM = re.compile(r"^/(?:.*/)?Lists/(?P<list>[^/]+)/DispForm\.aspx$", re.IGNORECASE)
LABELS = {
    "title": ("tiêu đề", "title", "tên bài"),
    "lead": ("tóm tắt", "mô tả", "trích yếu", "sapo", "description"),
    "body": ("nội dung", "body", "page content", "nội dung chi tiết"),
    "published": ("ngày xuất bản", "ngày đăng", "ngày ban hành", "published", "ngày"),
    "author": ("tác giả", "author", "người viết"),
    "source": ("nguồn tin", "nguồn", "source"),
    "category": ("chuyên mục", "danh mục", "category", "loại tin"),
    "image": ("ảnh đại diện", "hình ảnh", "ảnh", "image", "rollup image"),
}
MODIFIED = re.compile(r"Last modified at (.+?) by", re.IGNORECASE)


def item_key(url: str) -> tuple[str, int] | None:
    """``(list, ID)`` of a DispForm URL, else None."""
    parts = urlsplit(url)
    match = DISPFORM.match(unquote(parts.path))
    if not match:
        return None
    ids = {k.lower(): v for k, v in parse_qs(parts.query).items()}.get("id")
    if not ids or not ids[0].isdigit():
        return None
    return match["list"], int(ids[0])


def source_id(key: tuple[str, int]) -> str:
    """``{List}:{ID}``."""
    return f"{key[0]}:{key[1]}"


def canonical_item_url(url: str) -> str:
    """The form's URL with only ``ID`` kept."""
    parts = urlsplit(canonical_url(url, keep_query=True))
    key = item_key(url)
    query = f"ID={key[1]}" if key else ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def is_listing_url(url: str) -> bool:
    """A publishing page or list view that lists items (``/Pages/*.aspx``, ``AllItems.aspx``)."""
    path = unquote(urlsplit(url).path).lower()
    return (path.startswith("/pages/") and path.endswith(".aspx")) or path.endswith("/allitems.aspx")


def _rows(sel: Selector) -> dict[str, Selector]:
    rows: dict[str, Selector] = {}
    for tr in sel.css("table.ms-formtable tr"):
        label = " ".join(" ".join(tr.css("td.ms-formlabel ::text").getall()).split()).rstrip(" *:")
        value = tr.css("td.ms-formbody")
        if label and value:
            rows.setdefault(label.lower(), value[0])
    return rows


def _field(rows: dict[str, Selector], name: str) -> Selector | None:
    return next((rows[label] for label in LABELS[name] if label in rows), None)


def _value(rows: dict[str, Selector], name: str) -> str | None:
    """The text of the field ``name`` (None when the form has no such field, or it is empty)."""
    return field_text(_field(rows, name)) or None


def parse_item(html: str, url: str) -> ArticleFields:
    """Extract a DispForm page; raise :class:`NotAnArticle` for an error page or another form."""
    sel = Selector(text=html)
    rows = _rows(sel)
    if not rows:
        raise NotAnArticle(field_text(sel.css(".ms-error")) or "no SharePoint item form (table.ms-formtable)")
    body_node = _field(rows, "body")
    if body_node is None:
        raise NotAnArticle("the item form has no body field (Nội dung)")
    inner = body_node.css(".ms-rtestate-field") or [body_node]
    body_html = "".join(inner[0].xpath("node()").getall())
    paragraphs, body_images = walk_body(inner[0].root, url)
    images = []
    image_node = _field(rows, "image")
    if image_node is not None:
        for img in image_node.css("img"):
            images.append({"url": img_url(lxml_html.fromstring(img.get()), url), "caption": None})
    footer = " ".join(sel.css(".ms-descriptiontext ::text").getall())
    modified = MODIFIED.search(footer)
    return ArticleFields(
        title=_value(rows, "title"), lead=_value(rows, "lead"),
        body_text="\n\n".join(paragraphs), body_html=body_html,
        author=_value(rows, "author"), source=_value(rows, "source"),
        category=_value(rows, "category"), category_url=None, tags=[],
        images=unique_images(images + body_images), attachments=[],
        published_raw=_value(rows, "published"),
        updated_raw=" ".join(modified.group(1).split()) if modified else None, time_meta=None)


def links(html: str, url: str) -> tuple[list[str], list[str]]:
    """(item form links, listing links) of a page, absolute."""
    sel = Selector(text=html)
    items, listings = [], []
    for href in sel.css("a::attr(href)").getall():
        absolute = urljoin(url, href.strip())
        if item_key(absolute):
            items.append(absolute)
        elif is_listing_url(absolute):
            listings.append(absolute)
    return list(dict.fromkeys(items)), list(dict.fromkeys(listings))
