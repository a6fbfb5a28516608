"""NukeViet 4.x news module: URL shapes and extraction of articles, listings and feeds.

Everything is found through semantic hooks (microdata, ids, class names the CMS templates use,
label text such as "Tác giả:"), never by position. Related lists, counters, rating, comments and
social blocks are never part of the body. Pure functions over parsel selectors: no Scrapy import,
so golden-file tests run without a crawler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html as lxml_html
from parsel import Selector

from crawler.platforms.article import ArticleFields, NotAnArticle
from crawler.platforms.body import img_url, text_of, unique_images, walk_body
from crawler.urls import canonical_url

PLATFORM = "nukeviet4"

ARTICLE_PATH = re.compile(
    r"^/(?:(?P<module>[^/]+)/)?(?P<cat>[^/]+)/(?P<alias>[^/]*?)-(?P<id>\d+)\.html$"
)
# NukeViet 3.x: /{module}/{cat}/{alias}-{id}/ (the module is always present, trailing slash).
ARTICLE_PATH_3X = re.compile(
    r"^/(?P<module>[^/]+)/(?P<cat>[^/]+)/(?P<alias>[^/]*?)-(?P<id>\d+)/$"
)
# Views of an article or module that are not content (and traps for crawlers).
NON_CONTENT_SEGMENTS = frozenset(
    {"print", "sendmail", "savefile", "rating", "comment", "rss", "search", "tag", "topic",
     "groups", "author", "users", "feeds", "seek", "admin", "content", "external_link"}
)
PAGE_SEGMENT = re.compile(r"^page-(\d+)$")
DATE_LINE = re.compile(
    r"(?:(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|Chủ\s+nhật)\s*[-–,]\s*)?"
    r"\d{1,2}/\d{1,2}/\d{4}(?:\s*[-,]?\s*\d{1,2}:\d{2}(?::\d{2})?)?",
    re.IGNORECASE,
)
AUTHOR_LABELS = ("tác giả", "người viết", "bài và ảnh", "tác giả bài viết")
SOURCE_LABELS = ("nguồn tin", "nguồn")


@dataclass(frozen=True)
class ArticleKey:
    """The platform's identity of an article: news module and numeric id."""

    module: str
    id: int

    @property
    def source_id(self) -> str:
        """``{module}:{id}``, the ``source_id`` column."""
        return f"{self.module}:{self.id}"


def article_key(url: str, default_module: str = "news") -> ArticleKey | None:
    """The (module, id) of an article URL, or None when the URL is not an article view."""
    path = unquote(urlsplit(url).path)
    match = ARTICLE_PATH.match(path) or ARTICLE_PATH_3X.match(path)
    if not match or match["alias"] == "page":
        return None
    module = match["module"] or default_module
    if module in NON_CONTENT_SEGMENTS or match["cat"] in NON_CONTENT_SEGMENTS:
        return None
    return ArticleKey(module, int(match["id"]))


def is_listing_url(url: str, modules: set[str]) -> bool:
    """Category, module or tag listing (optionally ``/page-N``) of one of the news modules."""
    segments = [s for s in unquote(urlsplit(url).path).split("/") if s]
    if not segments or article_key(url) is not None:
        return False
    if segments[0] == "tag":  # the default module's tags
        return len(segments) in (2, 3) and (len(segments) == 2 or bool(PAGE_SEGMENT.match(segments[2])))
    if segments[0] not in modules:
        return False
    rest = segments[1:]
    if rest and PAGE_SEGMENT.match(rest[-1]):
        rest = rest[:-1]
    if not rest:
        return True
    if rest[0] in NON_CONTENT_SEGMENTS - {"tag"}:
        return False
    if rest[0] == "tag":
        return len(rest) == 2
    return len(rest) == 1



def _first(sel: Selector, *queries: str) -> Selector | None:
    for query in queries:
        found = sel.css(query)
        if found:
            return found[0]
    return None


def _labelled_value(column: Selector, labels: tuple[str, ...]) -> str | None:
    """The value after a ``<strong>Label: </strong>`` marker (author, source)."""
    for strong in column.css("strong, b"):
        label = " ".join("".join(strong.css("::text").getall()).split()).rstrip(": ").lower()
        if label not in labels:
            continue
        parent = strong.xpath("..")[0].root
        full = text_of(parent)
        label_text = text_of(strong.root)
        value = full[len(label_text):] if full.startswith(label_text) else full
        value = value.strip(" :")
        if value:
            return value
    return None


def _first_el(node: lxml_html.HtmlElement, xpath: str) -> lxml_html.HtmlElement | None:
    found = node.xpath(xpath)
    return found[0] if found else None


def parse_article(html: str, url: str) -> ArticleFields:
    """Extract an article page; raise :class:`NotAnArticle` when the page is something else."""
    sel = Selector(text=html)
    column = _first(
        sel, "[itemtype*='NewsArticle']", "div.news_column", "#news_detail", ".news-detail"
    )
    if column is None:
        raise NotAnArticle("no NukeViet article wrapper (div.news_column / NewsArticle microdata)")
    title_node = _first(column, "h1[itemprop=headline]", "[itemprop=headline]", "h1.title", "h1")
    title = text_of(title_node.root) if title_node is not None else None
    if not title:
        title = sel.css('meta[property="og:title"]::attr(content)').get()
    lead_node = _first(column, "[itemprop=description]", "div.hometext", "#hometext")
    lead = _lead_text(lead_node.root) if lead_node is not None else None
    body_node = _first(column, "#news-bodyhtml", "div.bodytext", "[itemprop=articleBody]")
    if body_node is None:
        raise NotAnArticle("no article body (#news-bodyhtml)")
    paragraphs, body_images = walk_body(body_node.root, url)
    images: list[dict[str, str | None]] = []
    lead_figure = _first(column, "figure.article", "#imghome")
    if lead_figure is not None:
        caption_node = _first_el(lead_figure.root, ".//figcaption")
        if caption_node is None:  # lxml elements without children are falsy: test for None
            caption_node = _first_el(lead_figure.root, ".//p/em")
        caption = text_of(caption_node) or None
        for img in lead_figure.root.iter("img"):
            images.append({"url": img_url(img, url), "caption": caption})
    images.extend(body_images)
    category_node = sel.css('meta[property="article:section"]::attr(content)').get()
    crumbs = sel.css("[itemtype*='BreadcrumbList'] [itemprop=itemListElement]")
    category_url = None
    if crumbs:
        category_url = crumbs[-1].css("a::attr(href)").get()
        if not category_node:
            category_node = " ".join(crumbs[-1].css("[itemprop=name] ::text").getall()) or None
    # The keywords panel is a sibling block of the article (4.x) or inside it (3.x ``.keywords``).
    tags_container = sel.xpath("//em[contains(concat(' ', @class, ' '), ' fa-tags ')]/..")
    tag_links = (tags_container or column.css(".keywords")).css("a")
    tags = [" ".join(a.css("::text").getall()).strip() for a in tag_links]
    attachments = [
        {"url": canonical_url(urljoin(url, a.attrib.get("href", "")), keep_query=True),
         "name": " ".join(" ".join(a.css("::text").getall()).split()) or None}
        for a in column.css(".news-download-file a[href]")
        if a.attrib.get("href", "").strip() not in ("", "#")
    ]
    meta_time = sel.css('meta[property="article:published_time"]::attr(content)').get()
    return ArticleFields(
        title=title,
        lead=lead or None,
        body_text="\n\n".join(paragraphs),
        body_html="".join(body_node.xpath("node()").getall()),
        author=_labelled_value(column, AUTHOR_LABELS),
        source=_labelled_value(column, SOURCE_LABELS),
        category=" ".join(category_node.split()) if category_node else None,
        category_url=canonical_url(urljoin(url, category_url)) if category_url else None,
        tags=[t for t in dict.fromkeys(tags) if t],
        images=unique_images(images),
        attachments=attachments,
        # no visible line nor microdata: the meta itself (the dates stage reads its zone)
        published_raw=_published_line(column) or meta_time,
        updated_raw=_microdata(column, "dateModified"),
        time_meta=meta_time or _microdata(column, "datePublished"),
    )


def _lead_text(node: lxml_html.HtmlElement) -> str:
    """The lead without an embedded lead image and its caption (3.x ``#imghome``)."""
    parts = [node.text or ""]
    for child in node:
        if isinstance(child.tag, str) and (child.tag == "figure" or child.get("id") == "imghome"):
            parts.append(child.tail or "")
            continue
        parts.append(lxml_html.tostring(child, method="text", encoding="unicode"))
    return " ".join("".join(parts).split())


def _published_line(column: Selector) -> str | None:
    """The visible ``l - d/m/Y H:i`` line near the title (never a related-list date)."""
    for node in column.css("span.h5, .time, .pubdate, [itemprop=datePublished]"):
        text = " ".join(" ".join(node.css("::text").getall()).split())
        match = DATE_LINE.search(text)
        if match:
            return match.group(0)
    return _microdata(column, "datePublished")


def _microdata(scope: Selector, prop: str) -> str | None:
    """A microdata value: the ``content`` attribute, else the element's text."""
    node = scope.css(f"[itemprop={prop}]")
    if not node:
        return None
    value = node[0].attrib.get("content") or " ".join(node[0].css("::text").getall())
    return " ".join(value.split()) or None
