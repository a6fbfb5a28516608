"""WordPress: REST API posts (``/wp-json/wp/v2/posts``), RSS feed items and post pages.

The API gives everything (``_embed`` adds author, terms and featured image); when it is closed
(401/403/404) the feed, ``/page/N/`` listings and post pages give the same fields. The identity is
the post id (``wp:{id}``): from the API, the feed's ``guid`` (``?p=123``), the ``shortlink``, the
``<article id="post-123">`` or the body class ``postid-123``.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import html as lxml_html
from parsel import Selector

from crawler.platforms.article import ArticleFields, NotAnArticle, field_text
from crawler.platforms.body import unique_images, walk_body
from crawler.platforms.feeds import FeedEntry, feed_items
from crawler.urls import canonical_url

PLATFORM = "wordpress"
API_PATH = "wp-json/wp/v2/posts"
POST_ID = re.compile(r"(?:^|\s)(?:post-|postid-)(\d+)(?:\s|$)")
NON_POST_SEGMENTS = frozenset({"category", "tag", "author", "page", "feed", "wp-content",
                               "wp-json", "wp-admin", "wp-includes", "comments", "search"})


def _rendered(field: dict[str, Any] | None) -> str:
    """The text of a REST API ``{"rendered": html}`` field (title, excerpt, caption)."""
    rendered = (field or {}).get("rendered")
    return field_text(Selector(text=rendered)) if rendered and rendered.strip() else ""


def source_id(post_id: int | str) -> str:
    """``wp:{id}``."""
    return f"wp:{post_id}"


def _body(fragment: str, url: str) -> tuple[str, list[dict[str, str | None]]]:
    root = lxml_html.fragment_fromstring(fragment or "<p></p>", create_parent="div")
    paragraphs, images = walk_body(root, url)
    return "\n\n".join(paragraphs), images


@dataclass
class ApiPost:
    """One post of the REST API: identity, address and extracted fields (its edit time is
    ``fields.updated_raw``)."""

    id: int
    url: str
    fields: ArticleFields


def _gmt(value: str | None) -> str | None:
    return f"{value}+00:00" if value and "+" not in value and not value.endswith("Z") else value


def parse_api_post(post: dict[str, Any], base: str) -> ApiPost:
    """A post object of ``/wp-json/wp/v2/posts?_embed=1`` to its fields."""
    link = canonical_url(urljoin(base, post.get("link") or f"/?p={post['id']}"))
    embedded = post.get("_embedded") or {}
    authors = embedded.get("author") or []
    terms = embedded.get("wp:term") or []
    categories = [t for group in terms for t in group if t.get("taxonomy") == "category"]
    tags = [htmllib.unescape(t.get("name", "")) for group in terms for t in group
            if t.get("taxonomy") == "post_tag"]
    images: list[dict[str, str | None]] = []
    for media in embedded.get("wp:featuredmedia") or []:
        if media.get("source_url"):
            caption = _rendered(media.get("caption"))
            images.append({"url": canonical_url(urljoin(base, media["source_url"]), keep_query=True),
                           "caption": caption or None})
    content = (post.get("content") or {}).get("rendered") or ""
    body_text, body_images = _body(content, link)
    category = categories[0] if categories else None
    fields = ArticleFields(
        title=_rendered(post.get("title")) or None,
        lead=_rendered(post.get("excerpt")) or None,
        body_text=body_text,
        body_html=content,
        author=htmllib.unescape(authors[0].get("name", "")) or None if authors else None,
        source=None,
        category=htmllib.unescape(category["name"]) if category else None,
        category_url=canonical_url(urljoin(base, category["link"])) if category and category.get("link")
        else None,
        tags=[t for t in dict.fromkeys(tags) if t],
        images=unique_images(images + body_images),
        attachments=[],
        published_raw=_gmt(post.get("date_gmt")) or post.get("date"),
        updated_raw=_gmt(post.get("modified_gmt")),
        time_meta=None,
    )
    return ApiPost(int(post["id"]), link, fields)


def post_id_of(sel: Selector) -> int | None:
    """The post id of a post page (shortlink, ``article#post-N``, body class ``postid-N``)."""
    shortlink = sel.css('link[rel="shortlink"]::attr(href)').get()
    if shortlink:
        values = parse_qs(urlsplit(shortlink).query).get("p")
        if values and values[0].isdigit():
            return int(values[0])
    for value in (sel.css("article::attr(id)").get(), sel.css("body::attr(class)").get()):
        match = POST_ID.search(f" {value or ''} ")
        if match:
            return int(match.group(1))
    return None



def parse_post_page(html: str, url: str) -> ArticleFields:
    """Extract a post page of a classic theme (``article.post``, ``.entry-content``)."""
    sel = Selector(text=html)
    article = sel.css("article.post, article.type-post, div.post.type-post")
    if not article:
        raise NotAnArticle("no WordPress post wrapper (article.post)")
    scope = article[0]
    title = " ".join(" ".join(scope.css(".entry-title ::text").getall()).split()) or \
        sel.css('meta[property="og:title"]::attr(content)').get()
    content = scope.css(".entry-content")
    if not content:
        raise NotAnArticle("no post content (.entry-content)")
    body_html = "".join(content[0].xpath("node()").getall())
    body_text, body_images = _body(body_html, url)
    lead = sel.css('meta[property="og:description"]::attr(content)').get()
    lead = " ".join(lead.split()) if lead else None
    images: list[dict[str, str | None]] = []
    thumb = scope.css(".post-thumbnail img")
    if thumb:
        caption = " ".join(" ".join(scope.css(".post-thumbnail figcaption ::text").getall()).split())
        images.append({"url": canonical_url(urljoin(url, thumb[0].attrib.get("src", "")), keep_query=True),
                       "caption": caption or None})
    published = scope.css("time.entry-date.published::attr(datetime), time.published::attr(datetime)").get()
    updated = scope.css("time.updated::attr(datetime)").get()
    category = scope.css(".cat-links a[rel~=category], .cat-links a")
    author = " ".join(" ".join(scope.css(".author.vcard .fn ::text, .author.vcard a ::text, "
                                         "a[rel=author] ::text").getall()[:1]).split())
    return ArticleFields(
        title=title or None,
        lead=lead,
        body_text=body_text,
        body_html=body_html,
        author=author or None,
        source=None,
        category=" ".join(" ".join(category[0].css("::text").getall()).split()) if category else None,
        category_url=canonical_url(urljoin(url, category[0].attrib.get("href", ""))) if category else None,
        tags=list(dict.fromkeys(" ".join(" ".join(a.css("::text").getall()).split())
                                for a in scope.css(".tags-links a"))),
        images=unique_images(images + body_images),
        attachments=[],
        published_raw=published or sel.css('meta[property="article:published_time"]::attr(content)').get(),
        updated_raw=updated if updated and updated != published else None,
        time_meta=sel.css('meta[property="article:published_time"]::attr(content)').get(),
    )


def is_post_url(url: str) -> bool:
    """A permalink that may be a post (not an archive, feed, asset or admin page)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if parts.query:
        return set(parse_qs(parts.query)) == {"p"}
    if not segments or segments[0] in NON_POST_SEGMENTS or segments[-1] in NON_POST_SEGMENTS:
        return False
    if len(segments) >= 2 and segments[-2] == "page" and segments[-1].isdigit():
        return False
    return not re.search(r"\.(?:jpe?g|png|gif|pdf|docx?|xlsx?|zip|css|js|xml)$", segments[-1], re.I)


@dataclass
class FeedItem:
    """One item of ``/feed/``: permalink, post id (from the guid) and pubDate."""

    url: str
    post_id: int | None
    pub_date: str | None


def parse_feed(xml: str, url: str) -> list[FeedItem]:
    """Items of a WordPress feed, RSS 2.0 (``/feed/``) or Atom (``/feed/atom/``): the guid or Atom
    id is ``http://host/?p=123``. A permalink keeps its query only when it is the plain ``?p=N``.
    Raises :class:`crawler.platforms.feeds.FeedError` when the document is no readable feed."""
    return posts_of(feed_items(xml, url))


def posts_of(entries: list[FeedEntry]) -> list[FeedItem]:
    """Feed entries as posts: permalink and post id (from the guid or Atom id ``?p=N``)."""
    items = []
    for entry in entries:
        values = parse_qs(urlsplit(entry.guid or "").query).get("p")
        link = entry.url if set(parse_qs(urlsplit(entry.url).query)) == {"p"} else canonical_url(entry.url)
        items.append(FeedItem(link, int(values[0]) if values and values[0].isdigit() else None,
                              entry.pub_date))
    return items


def listing_links(html: str, url: str) -> tuple[list[str], list[str]]:
    """(post links, next-page links) of a home, ``/page/N/`` or category archive."""
    sel = Selector(text=html)
    posts = []
    for href in sel.css("article .entry-title a::attr(href), h2.entry-title a::attr(href)").getall():
        posts.append(canonical_url(urljoin(url, href.strip())))
    pages = [canonical_url(urljoin(url, h.strip())) for h in
             sel.css("a.next.page-numbers::attr(href), .nav-previous a::attr(href), "
                     "link[rel=next]::attr(href)").getall()]
    return list(dict.fromkeys(posts)), list(dict.fromkeys(pages))
