"""Liferay 6.x/7.x: asset publisher listings and web content shown in full.

Real portals (sotttt.hanoi.gov.vn, Liferay 6.2; see docs/portals.md) show an article at
``/{section}/-/view_content/{id}-{slug}`` or ``/{section}/-/asset_publisher/{instance}/content/
{slug}``; one article is shown under several sections, so its identity is the content id (the URL's
``{id}``, the ``.asset-content`` element's ``_{portlet}_{id}``, 7.x's ``data-analytics-asset-id``),
never the section. Listings are section pages paged with ``_{portlet}_cur=N`` (``_{portlet}_delta``
items a page); ``p_p_auth`` is a session token and ``/c/portal/update_language`` a trap.

What every Liferay renders is read here (``.asset-full-content``, ``.journal-content-article``,
``.metadata-publish-date``, ``/image/journal/article?img_id=`` small images, ``<title>`` =
"{content} - {page} - {site}"); a theme's own classes (``.asset-full-content-title``,
``.assetPublishDate``, ``p.sapo``) come from the portal's registry ``selectors``. Publish stamps
are day first with a 12-hour clock after a section-dependent label (``Ngày đăng 22/08/2020 | 8:06
AM | View count: 423``): only the stamp is kept, and ``12:00 AM`` (migrated items) means no time.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html
from parsel import Selector

from crawler.platforms.article import ArticleFields, NotAnArticle, field_text
from crawler.platforms.body import img_url, text_of, unique_images, walk_body
from crawler.platforms.generic import pick
from crawler.urls import canonical_url

PLATFORM = "liferay"
VIEW_CONTENT = re.compile(r"/-/view_content/(?P<id>\d+)(?:-(?P<slug>[^/?#]*?))?(?:\.html?)?$")
CONTENT = re.compile(r"/-/asset_publisher/(?P<instance>[^/]+)/content/(?P<slug>[^/?#]+)")
LEGACY_ID = re.compile(r"^article_\d+_\d+_(\d+)_")
ENTRY_ID = re.compile(r"^_\w+?_(\d+)$")
STAMP = re.compile(r"(?P<date>\d{1,2}/\d{1,2}/\d{4})(?:\s*[|,-]?\s*(?P<clock>\d{1,2}:\d{2})"
                   r"(?::\d{2})?(?:\s*(?P<half>[AaPp]\.?[Mm]\.?))?)?")
BROKEN_ENTITY = re.compile(r"([AaEeIiOoUuYy](?:acute|grave|circ|tilde|uml)|hellip|amp|ndash|mdash|"
                           r"ldquo|rdquo|lsquo|rsquo|quot|nbsp);")
BYLINE_PREFIX = re.compile(r"^(?:bài(?:\s*(?:và|,|&)\s*ảnh)?|tin(?:\s*(?:và|,|&)\s*ảnh)?|ảnh|"
                           r"tác giả|người viết|text and photos?|by)\s*:\s*", re.IGNORECASE)
DEFAULTS = {
    "title": ".asset-full-content .header-title, .asset-full-content .asset-title, "
             ".journal-content-article .news-title, h1.news-title",
    "date": ".journal-content-article .news-date, .asset-full-content .metadata-publish-date, "
            ".asset-metadata .metadata-publish-date",
    "lead": ".asset-full-content .asset-summary, .journal-content-article .news-sapo, "
            ".asset-full-content [class*=sapo]",
    "body": ".journal-content-article .news-content, .asset-full-content .journal-content-article, "
            ".journal-content-article",
    "author": ".journal-content-article .news-author",
    "source": ".journal-content-article .news-source",
}
"""Liferay's own markup (6.2 and 7.x portlets) and the ``.news-*`` web content template modelled
in docs/portals.md, tried after the portal's registry selectors."""
ALIGN_RIGHT = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)
ATTACHMENT = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|7z)$", re.IGNORECASE)
BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td")


def content_key(url: str) -> tuple[str, str] | None:
    """``("id", n)`` of a view_content link, ``("slug", s)`` of an asset publisher link, else None."""
    path = unquote(urlsplit(url).path)
    match = VIEW_CONTENT.search(path)
    if match:
        return "id", match["id"]
    match = CONTENT.search(path)
    return ("slug", match["slug"]) if match else None



def section_path(url: str) -> str | None:
    """The section page a detail URL is shown under (the path before ``/-/``), else None."""
    path = urlsplit(url).path
    return path.split("/-/", 1)[0] or "/" if "/-/" in path else None


def listing_identity(url: str) -> str:
    """A listing page's identity: path plus the paging parameters (never ``p_p_auth``)."""
    parts = urlsplit(canonical_url(url, keep_query=True))
    keep = sorted((k, v) for k, v in parse_qsl(parts.query)
                  if k.endswith(("_cur", "_delta")) or k == "p_p_id")
    return parts.path + ("?" + "&".join(f"{k}={v}" for k, v in keep) if keep else "")


def page_number(url: str) -> str | None:
    """The ``_{portlet}_cur`` value of a listing URL, else None."""
    for key, value in parse_qsl(urlsplit(url).query):
        if key.endswith("_cur"):
            return value
    return None


def content_id(sel: Selector, url: str = "") -> str | None:
    """``liferay:{id}`` of a full-content page (7.x analytics id, 6.2 asset entry, URL id)."""
    body = sel.css(".asset-full-content .journal-content-article, .journal-content-article")
    value = body[0].attrib.get("data-analytics-asset-id") if body else None
    if value:
        return f"liferay:{value}"
    for node in sel.css(".asset-full-content .asset-content[id]"):
        match = ENTRY_ID.match(node.attrib["id"])
        if match:
            return f"liferay:{match.group(1)}"
    key = content_key(url)
    if key and key[0] == "id":
        return f"liferay:{key[1]}"
    legacy = LEGACY_ID.match(body[0].attrib.get("id", "")) if body else None
    return f"liferay:{legacy.group(1)}" if legacy else None


def canonical_of(sel: Selector, url: str) -> str:
    """``link[rel=canonical]`` when present, else the URL without its query."""
    href = sel.css('link[rel="canonical"]::attr(href)').get()
    return canonical_url(urljoin(url, href)) if href else canonical_url(url)


def repair_entities(text: str) -> str:
    """Entities that lost their ``&`` in the CMS (``Văn phograve;ng``, ``TTamp;TT``, ``hellip;``)."""
    return BROKEN_ENTITY.sub(lambda m: html_lib.unescape(f"&{m.group(1)};"), text)


def publish_stamp(text: str | None) -> str | None:
    """The ``d/m/Y | h:mm AM`` stamp of a publish line, without its label or view count;
    ``12:00 AM`` (and a 24-hour ``00:00``) mean that no time is known: the day alone."""
    match = STAMP.search(text or "")
    if not match:
        return None
    clock, half = match["clock"], (match["half"] or "").replace(".", "").upper()
    if not clock or (clock == "12:00" and half == "AM") or (clock in ("0:00", "00:00") and not half):
        return match["date"]
    return " ".join(match.group(0).split())


def _title_parts(sel: Selector) -> list[str]:
    """``<title>`` split into "{content} - {page} - {site}" (the content title may hold " - ")."""
    text = " ".join(" ".join(sel.css("title::text").getall()).split())
    return [p.strip() for p in text.rsplit(" - ", 2)] if text else []


def _is_right(node: lxml_html.HtmlElement) -> bool:
    return (node.get("align") or "").lower() == "right" or bool(ALIGN_RIGHT.search(node.get("style") or ""))


def _is_bold(node: lxml_html.HtmlElement) -> bool:
    """Every word of the block sits inside ``<strong>``/``<b>``."""
    text = text_of(node)
    bold = " ".join(" ".join(text_of(b) for b in node.iter("strong", "b")
                             if not any(a.tag in ("strong", "b") for a in b.iterancestors())).split())
    return bool(text) and text == bold


def _blocks(root: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Leaf blocks with text or images, in document order."""
    found = []
    for node in root.iter(*BLOCKS):
        if node is root or any(isinstance(c.tag, str) and c.tag in BLOCKS for c in node):
            continue
        if text_of(node) or node.find(".//img") is not None:
            found.append(node)
    return found


def _take_byline(root: lxml_html.HtmlElement) -> str | None:
    """Remove the trailing right-aligned lines: the writer's byline (returned) and lines a theme's
    template adds with a class (``p.view-content-author``: the CMS account, not the writer)."""
    author = None
    for node in reversed(_blocks(root)):
        text = text_of(node)
        right = _is_right(node) or any(_is_right(a) for a in node.iterancestors("p", "div"))
        if not right or node.find(".//img") is not None or len(text) > 80:
            break
        node.drop_tree()
        if node.get("class"):
            continue  # the template's account line
        author = BYLINE_PREFIX.sub("", text).strip(" .") or None
        break
    return author


def _lead_from_body(root: lxml_html.HtmlElement) -> str | None:
    """The body's first block when it is wholly bold and a sentence or more long (an editor's
    standfirst, not a heading), removed."""
    blocks = _blocks(root)
    text = text_of(blocks[0]) if blocks else ""
    if len(text) >= 60 and blocks[0].find(".//img") is None and _is_bold(blocks[0]):
        blocks[0].drop_tree()
        return text
    return None


def _outside_images(body: Selector, url: str) -> list[dict[str, str | None]]:
    """Images of the content outside its body: the web content's small image (Liferay's
    ``/image/journal/article?img_id=``) or a template's lead picture with its caption; never icons."""
    found: list[dict[str, str | None]] = []
    inside = body.root
    chain = (inside, *inside.iterancestors())
    scope = next((a for name in ("asset-full-content", "journal-content-article") for a in chain
                  if name in (a.get("class") or "").split()), None)
    if scope is None:
        return found
    for img in (Selector(root=n) for n in scope.iter("img")):
        ancestors = list(img.root.iterancestors())
        if inside in ancestors or any(
                {"taglib-icon", "asset-metadata"} & set((a.get("class") or "").split())
                for a in ancestors):
            continue
        src = img.attrib.get("src") or ""
        if not src or "spacer" in src or src.startswith("data:"):
            continue
        parent = img.root.getparent()
        caption = parent.xpath(".//*[contains(@class, 'caption')]") if parent is not None else []
        found.append({"url": img_url(img.root, url),
                      "caption": text_of(caption[0]) or None if caption else None})
    return found


def _stamp_before(body: Selector) -> str | None:
    """The first day-and-clock stamp of the body's portlet before the body (a theme's date line,
    e.g. ``div.assetPublishDate`` above the full content): Liferay's own metadata is optional."""
    root = body.root
    portlet = next((a for a in root.iterancestors()
                    if "portlet-boundary" in (a.get("class") or "")), None)
    if portlet is None:
        return None
    for node in portlet.iter():
        if node is root:
            return None
        if isinstance(node.tag, str) and node.tag not in ("script", "style"):
            for text in (node.text, node.tail):
                match = STAMP.search(text or "")
                if match and match["clock"]:  # a bare day may be part of the title
                    return " ".join(text.split())
    return None


def parse_content(html: str, url: str, selectors: dict[str, str] | None = None) -> ArticleFields:
    """Extract a full-content page; the portal's selectors first, then Liferay's own markup."""
    sel = Selector(text=html)
    mine = selectors or {}
    body_nodes = pick(sel, mine.get("body"), DEFAULTS["body"])
    if not body_nodes or not sel.css(".asset-full-content, .journal-content-article"):
        raise NotAnArticle("no Liferay web content (.asset-full-content / .journal-content-article)")

    def text(name: str) -> str:
        """The field at the portal's selector, else at Liferay's own (entities repaired)."""
        return repair_entities(field_text(pick(sel, mine.get(name), DEFAULTS.get(name))))

    parts = _title_parts(sel)
    title = text("title") or (parts[0] if parts else "")
    if not title:
        raise NotAnArticle("no title in the web content")
    category = text("category")
    if not category and len(parts) == 3 and parts[0] == title:
        category = parts[1]
    section = section_path(url)
    root = lxml_html.fromstring(body_nodes[0].get())
    etree.strip_tags(root, "span", "font", "u")  # colour and underline wrappers hide caption lines
    for node in list(root.iter(*BLOCKS)):  # spacer paragraphs (&nbsp;, Word XML comments)
        if node is not root and not text_of(node) and node.find(".//img") is None:
            node.drop_tree()
    author = text("author") or _take_byline(root)
    lead = text("lead") or _lead_from_body(root)
    paragraphs, images = walk_body(root, url)
    body_urls = {image["url"] for image in images}
    lead_images = [i for i in _outside_images(body_nodes[0], url)[:1] if i["url"] not in body_urls]
    for image in images:
        if image["caption"]:
            image["caption"] = repair_entities(image["caption"])
    attachments = [
        {"url": canonical_url(urljoin(url, a.get("href", "").strip()), keep_query=True),
         "name": text_of(a) or None}
        for a in root.iter("a") if ATTACHMENT.search(urlsplit(a.get("href") or "").path)]
    date_text = text("date") or _stamp_before(body_nodes[0])
    source = text("source")
    return ArticleFields(
        title=repair_entities(title), lead=repair_entities(lead) if lead else None,
        body_text="\n\n".join(repair_entities(p) for p in paragraphs),
        body_html=lxml_html.tostring(root, encoding="unicode"),
        author=author or None, source=re.sub(r"^(?:nguồn tin|nguồn)\s*:\s*", "", source,
                                               flags=re.I) or None,
        category=category or None,
        category_url=canonical_url(urljoin(url, section)) if category and section else None,
        tags=[], images=unique_images(lead_images + images),
        attachments=list({a["url"]: a for a in attachments}.values()),
        published_raw=publish_stamp(date_text) or (date_text or None), updated_raw=None,
        time_meta=None)


def links(html: str, url: str) -> tuple[list[str], list[str]]:
    """(detail links, other same-host page links) of a page, in page order."""
    sel = Selector(text=html)
    host = urlsplit(url).netloc
    details, pages = [], []
    for href in sel.css("a::attr(href)").getall():
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        absolute = urljoin(url, href)
        if urlsplit(absolute).netloc != host:
            continue
        (details if content_key(absolute) else pages).append(absolute)
    return list(dict.fromkeys(details)), list(dict.fromkeys(pages))
