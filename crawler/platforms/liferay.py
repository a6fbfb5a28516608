"""Liferay: asset publisher listings and web content shown in full.

Detail links look like ``/web/{site}/{page}/-/asset_publisher/{instance}/content/{slug}?..._redirect=``;
the same content is reachable through every asset publisher instance, so the identity before
fetching is the slug, and after fetching the web content's ``data-analytics-asset-id``
(``liferay:{id}``; Liferay 6.2's ``article_{company}_{group}_{articleId}_{version}`` id also works).
Listing pages are paged with ``p_p_id=...&_{portlet}_cur=N`` and carry a ``p_p_auth`` session
token that must not be part of any identity; ``/c/portal/update_language`` links are traps.
Web content templates are each portal's own: the registry's selectors take precedence.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from parsel import Selector

from crawler.platforms import generic
from crawler.platforms.nukeviet import ArticleFields, NotAnArticle, unique_images, walk_body
from crawler.urls import canonical_url

PLATFORM = "liferay"
CONTENT = re.compile(r"/-/asset_publisher/(?P<instance>[^/]+)/content/(?P<slug>[^/?#]+)")
LEGACY_ID = re.compile(r"^article_\d+_\d+_(\d+)_")
DEFAULTS = {
    "title": ".asset-full-content .asset-title, .asset-full-content .header-title, h1.news-title",
    "date": ".news-date, .journal-content-article .date, .metadata-publish-date",
    "lead": ".news-sapo, .sapo, .news-summary, .summary",
    "body": ".news-content, .journal-content-article .content, .journal-content-article",
    "author": ".news-author, .author",
    "source": ".news-source, .source",
}


def slug_of(url: str) -> str | None:
    """The content slug of a detail link, else None."""
    match = CONTENT.search(unquote(urlsplit(url).path))
    return match["slug"] if match else None


def is_listing_url(url: str, site_prefix: str) -> bool:
    """A page of the site (``/web/{site}/...``) that is not a detail view."""
    path = unquote(urlsplit(url).path)
    return path.startswith(site_prefix) and "/-/" not in path


def listing_identity(url: str) -> str:
    """A listing page's identity: path plus the paging parameters (never ``p_p_auth``)."""
    parts = urlsplit(canonical_url(url, keep_query=True))
    keep = sorted((k, v) for k, v in parse_qsl(parts.query)
                  if k.endswith(("_cur", "_delta")) or k == "p_p_id")
    return parts.path + ("?" + "&".join(f"{k}={v}" for k, v in keep) if keep else "")


def content_id(sel: Selector) -> str | None:
    """``liferay:{asset id}`` of a full-content page."""
    node = sel.css(".journal-content-article")
    if not node:
        return None
    value = node[0].attrib.get("data-analytics-asset-id")
    if value:
        return f"liferay:{value}"
    legacy = LEGACY_ID.match(node[0].attrib.get("id", ""))
    return f"liferay:{legacy.group(1)}" if legacy else None


def canonical_of(sel: Selector, url: str) -> str:
    """``link[rel=canonical]`` when present, else the URL without its query."""
    href = sel.css('link[rel="canonical"]::attr(href)').get()
    return canonical_url(urljoin(url, href)) if href else canonical_url(url)


def parse_content(html: str, url: str, selectors: dict[str, str] | None = None) -> ArticleFields:
    """Extract a full-content page with the portal's selectors over the defaults."""
    sel = Selector(text=html)
    if not sel.css(".asset-full-content, .journal-content-article"):
        raise NotAnArticle("no Liferay web content (.asset-full-content / .journal-content-article)")
    chosen = {**DEFAULTS, **(selectors or {})}
    fields = generic.with_selectors(html, url, chosen)
    if not fields.title:
        raise NotAnArticle("no title in the web content")
    body = generic.pick(sel, chosen["body"])
    paragraphs, images = walk_body(body[0].root, url)
    lead_images = [{"url": canonical_url(urljoin(url, s), keep_query=True), "caption": None}
                   for s in sel.css(".news-image img::attr(src)").getall()]
    captions = sel.css(".news-image .news-image-caption ::text").getall()
    if lead_images and captions:
        lead_images[0]["caption"] = " ".join(" ".join(captions).split()) or None
    fields.images = unique_images(lead_images + images)
    fields.body_text = "\n\n".join(paragraphs)
    return fields


def links(html: str, url: str, site_prefix: str) -> tuple[list[str], list[str]]:
    """(detail links, listing links) of a page."""
    sel = Selector(text=html)
    details, listings = [], []
    for href in sel.css("a::attr(href)").getall():
        absolute = urljoin(url, href.strip())
        if slug_of(absolute):
            details.append(absolute)
        elif is_listing_url(absolute, site_prefix):
            listings.append(absolute)
    return list(dict.fromkeys(details)), list(dict.fromkeys(listings))
