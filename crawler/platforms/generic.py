"""Generic fallback for portals of unknown platforms: per-portal CSS selectors, else trafilatura.

With selectors (registry ``selectors = { title = "...", body = "...", date = "...", ... }``) the
fields come from them; without, trafilatura finds the main text and htmldate the day, and the
page's labelled lines ("Tác giả:", "Cập nhật lúc:", a ``d/m/Y H:i`` date line) fill author and time.
Lines that are page furniture (author/source labels, related-list headings) never stay in the body;
captions the library kept as lines go to their images (:func:`crawler.platforms.body.detach_captions`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import html as lxml_html
from parsel import Selector

from crawler.platforms.article import ArticleFields, NotAnArticle, field_text
from crawler.platforms.body import detach_captions, unique_images, walk_body
from crawler.platforms.nukeviet import AUTHOR_LABELS, DATE_LINE, SOURCE_LABELS
from crawler.urls import canonical_url

PLATFORM = "generic"
LABELLED_DATE = re.compile(
    r"(?:Cập nhật(?: lúc)?|Ngày đăng|Đăng ngày|Ngày cập nhật|Gửi lúc|Ngày xuất bản|Thời gian đăng)"
    r"\s*:?\s*(?P<value>[^|\n]{6,40}?\d{4}(?:\s*[-,]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*[AP]M)?)?)",
    re.IGNORECASE)
FURNITURE = re.compile(r"^(?:tác giả|người viết|nguồn tin|nguồn|từ khóa|từ khoá|tags?|tin khác|"
                       r"những tin (?:mới|cũ) hơn|tin liên quan|ý kiến bạn đọc|bình luận|chia sẻ|"
                       r"in bài|gửi bài|lượt xem)\b", re.IGNORECASE)
STOP = re.compile(r"^(?:tin khác|các tin khác|những tin (?:mới|cũ) hơn|tin liên quan|bài viết liên quan|"
                  r"ý kiến bạn đọc|bình luận|tin cùng chuyên mục)\b", re.IGNORECASE)
RELATED_LINE = re.compile(r"^[-•·*]?\s*.{10,}\(\d{1,2}/\d{1,2}/\d{4}(?:\s+\d{1,2}:\d{2})?\)$")
ASSET = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|docx?|xlsx?|pptx?|zip|rar|mp[34]|css|js|ico)$",
                   re.IGNORECASE)
ARTICLE_HINTS = (re.compile(r"-\d{3,}\.html?$"), re.compile(r"/\d{4}/\d{1,2}/\d{1,2}/[^/]+"),
                 re.compile(r"(?:chi-tiet|chitiet|detail|noi-dung|tin-chi-tiet|newsdetail)", re.I))


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def source_id(url: str, pattern: str | None = None) -> str:
    """Identity of a page: the ``article_pattern``'s first group, a numeric ``id`` parameter,
    else the path (``url:/a/b``)."""
    if pattern:
        match = re.search(pattern, url)
        if match and match.groups():
            return f"id:{match.group(1)}"
    parts = urlsplit(url)
    for name, values in parse_qs(parts.query).items():
        if name.lower() in ("id", "newsid", "itemid", "articleid", "nid") and values[0].isdigit():
            return f"id:{values[0]}"
    return f"url:{parts.path}"


def is_article_url(url: str, pattern: str | None = None) -> bool:
    """An article address: the portal's ``article_pattern``, else the usual shapes."""
    if pattern:
        return re.search(pattern, url) is not None
    parts = urlsplit(url)
    if ASSET.search(parts.path):
        return False
    if source_id(url).startswith("id:"):
        return True
    return any(p.search(parts.path) for p in ARTICLE_HINTS)


def is_asset(url: str) -> bool:
    """A file rather than a page."""
    return bool(ASSET.search(urlsplit(url).path))


def _labelled(text: str, labels: tuple[str, ...]) -> str | None:
    """The value after ``Label:`` on the same line, or on the next line when the label is alone."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        head, sep, value = line.partition(":")
        if not sep or _clean(head).lower() not in labels:
            continue
        if _clean(value):
            return _clean(value)
        following = next((_clean(x) for x in lines[i + 1:i + 3] if _clean(x)), "")
        if following and len(following) < 80 and ":" not in following:
            return following
    return None


def _date_in(text: str) -> str | None:
    match = LABELLED_DATE.search(text)
    if match:
        return _clean(match.group("value"))
    match = DATE_LINE.search(text)
    return match.group(0) if match else None


def pick(sel: Selector, *selectors: str | None) -> list[Selector]:
    """Nodes of the first alternative of comma-separated selectors that matches (the order of
    alternatives, and of ``selectors``, is a preference, not document order)."""
    for css in selectors:
        for alternative in (css or "").split(","):
            if alternative.strip():
                found = sel.css(alternative.strip())
                if found:
                    return list(found)
    return []


def with_selectors(html: str, url: str, selectors: dict[str, str]) -> ArticleFields:
    """Fields from per-portal CSS selectors (``title`` and ``body`` required)."""
    sel = Selector(text=html)

    def first_text(name: str) -> str | None:
        node = pick(sel, selectors.get(name))
        return field_text(node) or None

    body_nodes = pick(sel, selectors.get("body"))
    if not body_nodes:
        raise NotAnArticle(f"no body at the portal's selector {selectors.get('body')!r}")
    paragraphs, images = walk_body(body_nodes[0].root, url)
    date_text = first_text("date")
    author = first_text("author")
    if author:
        author = re.sub(r"^(?:tác giả|người viết|bài và ảnh)\s*:\s*", "", author, flags=re.I) or None
    source = first_text("source")
    if source:
        source = re.sub(r"^(?:nguồn tin|nguồn)\s*:\s*", "", source, flags=re.I) or None
    tags = [_clean(" ".join(a.css("::text").getall())) for a in pick(sel, selectors["tags"])] \
        if selectors.get("tags") else []
    return ArticleFields(
        title=first_text("title"), lead=first_text("lead"), body_text="\n\n".join(paragraphs),
        body_html="".join(body_nodes[0].xpath("node()").getall()), author=author, source=source,
        category=first_text("category"), category_url=None, tags=[t for t in tags if t],
        images=unique_images(images), attachments=[],
        published_raw=(_date_in(date_text) or date_text) if date_text else None,
        updated_raw=None, time_meta=None)


def trafilatura_raw(html: str, url: str) -> dict[str, Any]:
    """trafilatura's own result (title, text, date, author, description), unmodified."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        return {}
    return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)


def with_library(html: str, url: str) -> ArticleFields:
    """Fields from trafilatura + htmldate, cleaned of page furniture and completed from labels."""
    raw = trafilatura_raw(html, url)
    text = raw.get("text") or ""
    if not text.strip():
        raise NotAnArticle("the extraction library found no main text")
    sel = Selector(text=html)
    title = _clean(raw.get("title")) or None
    lead = _clean(raw.get("description")) or None
    page_text = "\n".join(_clean(t) for t in sel.xpath("//body//text()[not(ancestor::script)]").getall())
    lines = []
    for line in (_clean(line) for line in text.splitlines()):
        if STOP.match(line) or RELATED_LINE.match(line):
            break  # related lists ("headline (d/m/Y)") and comments follow the article
        lines.append(line)
    kept = [line for line in lines if line and not FURNITURE.match(line) and line != title
            and not (lead and line == lead) and not LABELLED_DATE.match(line)]
    author = _labelled(page_text, AUTHOR_LABELS)
    source = _labelled(page_text, SOURCE_LABELS)
    if lead and lead not in page_text:
        lead = None  # a site-wide description, not this article's lead
    published = _date_in(page_text[page_text.find(title):] if title and title in page_text else page_text)
    if not published and raw.get("date"):
        published = raw["date"]
    images: list[dict[str, str | None]] = [
        {"url": canonical_url(urljoin(url, raw["image"].strip()), keep_query=True), "caption": None}
    ] if raw.get("image") else []
    kept, captioned = detach_captions(kept, lxml_html.fromstring(html), url)
    return ArticleFields(
        title=title, lead=lead, body_text="\n\n".join(kept), body_html="", author=author,
        source=source, category=None, category_url=None, tags=[],
        images=unique_images(images + captioned), attachments=[],
        published_raw=published, updated_raw=None, time_meta=None)


def parse_article(html: str, url: str, selectors: dict[str, str] | None = None) -> ArticleFields:
    """The generic adapter: selectors when the portal has them, else the library."""
    if selectors and selectors.get("body"):
        return with_selectors(html, url, selectors)
    return with_library(html, url)


def selected_links(html: str, url: str, css: str | None) -> list[str]:
    """Absolute links at or under the nodes of a per-portal selector (``article_links``,
    ``next_page``; comma alternatives in order of preference, as :func:`pick`)."""
    if not css:
        return []
    hrefs = [h for node in pick(Selector(text=html), css)
             for h in node.xpath("self::a/@href | .//a/@href").getall()]
    return _absolute(hrefs, url)


def links(html: str, url: str) -> list[str]:
    """Absolute links of a page, in order, without fragments and scripts."""
    return _absolute(Selector(text=html).css("a::attr(href)").getall(), url)


def _absolute(hrefs: list[str], url: str) -> list[str]:
    """Absolute links without fragments, scripts, mail and phone links; first occurrence kept."""
    out = []
    for href in (h.strip() for h in hrefs):
        if href and not href.startswith(("#", "javascript:", "mailto:", "tel:")):
            out.append(urljoin(url, href).split("#", 1)[0])
    return list(dict.fromkeys(out))
