"""A WordPress 6.x news site (classic theme, pretty permalinks) with the REST API open or closed.

Routes: ``/`` and ``/page/N/`` (10 posts a page, ``a.next.page-numbers``), ``/feed/`` (10 newest,
guid ``?p=ID``), ``/?p=ID`` (301 to the permalink), ``/{Y}/{m}/{d}/{alias}/`` post pages,
``/category/{cat}/``, ``/wp-json/wp/v2/posts`` (``page``, ``per_page``, ``_fields``; headers
``X-WP-Total``/``X-WP-TotalPages``), ``/wp-json/wp/v2/posts/{id}`` (``_embed``). With
``api=False`` every ``/wp-json/`` route answers 401 ``rest_cannot_access`` (a security plugin).
Traps on post pages: ``?replytocom=`` links, a ``?lang=en`` switch, ``/wp-login.php``, off-site
share links.
"""

from __future__ import annotations

import json
import re
from datetime import UTC
from email.utils import format_datetime
from typing import Any, ClassVar
from urllib.parse import quote

from crawler.fixture_portal.corpus import Article, Corpus
from crawler.fixture_sites.common import (
    Response,
    body_html,
    category_title,
    esc,
    html,
    lead,
    paginate,
    redirect,
    served_text,
    shown,
    title,
    vn,
)

PER_PAGE = 10
DEFAULT_AUTHOR = "Ban biên tập"
POST_PATH = re.compile(r"^/(\d{4})/(\d{2})/(\d{2})/([a-z0-9-]+)/$")


def author_of(a: Article) -> str:
    """The post author's display name (every WordPress post has a user)."""
    return a.author or DEFAULT_AUTHOR


def permalink(a: Article) -> str:
    """``/{Y}/{m}/{d}/{alias}/`` in Vietnam time."""
    t = vn(a.published)
    return f"/{t:%Y/%m/%d}/{a.alias}/"


class WordPressApp:
    """Routes of the WordPress fixture."""

    server_header = "nginx"
    headers: ClassVar[dict[str, str]] = {"X-Powered-By": "PHP/8.1.27"}

    def __init__(self, corpus: Corpus, *, api: bool = True) -> None:
        self.corpus, self.api = corpus, api
        self.posts = shown(corpus)
        self.by_path = {permalink(a): a for a in self.posts}
        self.by_id = {a.id: a for a in self.posts}

    def _head(self, base: str, page_title: str, extra: str = "") -> str:
        return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="UTF-8">'
                f"<title>{page_title}</title>"
                f'<meta name="generator" content="WordPress 6.5.2">'
                f'<link rel="https://api.w.org/" href="{base}wp-json/">'
                f'<link rel="alternate" type="application/rss+xml" href="{base}feed/">'
                f'<link rel="stylesheet" href="{base}wp-content/themes/twentyseventeen/style.css?ver=6.5.2">'
                f"{extra}</head>")

    def _frame(self, base: str, body_class: str, main: str, page_title: str, extra: str = "") -> str:
        recent = "".join(f'<li><a href="{base.rstrip("/")}{permalink(a)}">{title(a)}</a></li>'
                         for a in self.posts[:5])
        return (self._head(base, page_title, extra)
                + f'<body class="{body_class}"><div id="page" class="site">'
                f'<header id="masthead" class="site-header"><p class="site-title">'
                f'<a href="{base}" rel="home">Trang tin xã Định Hóa</a></p>'
                f'<nav><a href="{base}">Trang chủ</a> <a href="{base}category/tin-tuc/">Tin tức</a> '
                f'<a href="{base}?lang=en">English</a> <a href="{base}wp-login.php">Đăng nhập</a></nav>'
                f'</header><div id="content" class="site-content"><main id="main">{main}</main>'
                f'<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">'
                f'<h2 class="widget-title">Bài viết mới</h2><ul>{recent}</ul></section></aside></div>'
                f'<footer class="site-footer">Trang tin xã Định Hóa · '
                f'<a href="https://wordpress.org/">Vận hành bởi WordPress</a></footer>'
                f'<script src="{base}wp-includes/js/wp-embed.min.js?ver=6.5.2"></script></div></body></html>')

    def _summary(self, base: str, a: Article) -> str:
        link = base.rstrip("/") + permalink(a)
        t = vn(a.published)
        return (f'<article id="post-{a.id}" class="post-{a.id} post type-post status-publish hentry">'
                f'<header class="entry-header"><h2 class="entry-title"><a href="{link}" rel="bookmark">'
                f'{title(a)}</a></h2><div class="entry-meta"><time class="entry-date published" '
                f'datetime="{t.isoformat()}">{t:%d/%m/%Y}</time></div></header>'
                f'<div class="entry-summary"><p>{lead(a)}</p></div></article>')

    def _archive(self, base: str, number: int) -> Response | None:
        page = paginate(self.posts, number, PER_PAGE)
        if page is None:
            return None
        nav = ""
        if page.number < page.count:
            nav += f'<a class="next page-numbers" href="{base}page/{page.number + 1}/">Trang sau</a>'
        if page.number > 1:
            nav += f'<a class="prev page-numbers" href="{base}page/{page.number - 1}/">Trang trước</a>'
        main = "".join(self._summary(base, a) for a in page.items)
        main += f'<nav class="navigation pagination"><div class="nav-links">{nav}</div></nav>'
        body_class = "home blog" if number == 1 else "blog paged paged-" + str(number)
        return html(self._frame(base, body_class, main, "Trang tin xã Định Hóa"))

    def _post(self, base: str, a: Article) -> Response:
        link = base.rstrip("/") + permalink(a)
        t = vn(a.published)
        u = vn(a.updated) if a.updated else None
        cat = category_title(self.corpus, a)
        thumb = ""
        if a.lead_image:
            cap = esc(served_text(a, a.lead_image.caption)) if a.lead_image.caption else ""
            thumb = (f'<figure class="post-thumbnail"><img src="{a.lead_image.src}" alt="{cap}" '
                     f'class="wp-post-image">' + (f"<figcaption>{cap}</figcaption>" if cap else "")
                     + "</figure>")
        tags = ", ".join(f'<a href="{base}tag/{quote(tag)}/" rel="tag">{esc(tag)}</a>' for tag in a.tags)
        updated = (f'<time class="updated" datetime="{u.isoformat()}">{u:%d/%m/%Y}</time>'
                   if u else f'<time class="updated" datetime="{t.isoformat()}">{t:%d/%m/%Y}</time>')
        main = (
            f'<article id="post-{a.id}" class="post-{a.id} post type-post status-publish format-standard '
            f'has-post-thumbnail hentry category-{a.category}">'
            f'<header class="entry-header"><div class="entry-meta"><span class="posted-on">Đăng ngày '
            f'<a href="{link}" rel="bookmark"><time class="entry-date published" datetime="{t.isoformat()}">'
            f'{t:%d/%m/%Y}</time>{updated}</a></span> <span class="byline">bởi <span class="author vcard">'
            f'<a class="url fn n" href="{base}author/bbt/">{esc(author_of(a))}</a></span></span></div>'
            f'<h1 class="entry-title">{title(a)}</h1></header>{thumb}'
            f'<div class="entry-content">{body_html(a)}</div>'
            f'<footer class="entry-footer"><span class="cat-links">Chuyên mục: '
            f'<a href="{base}category/{a.category}/" rel="category tag">{esc(cat)}</a></span>'
            + (f' <span class="tags-links">Thẻ: {tags}</span>' if tags else "")
            + f'</footer></article>'
            f'<div class="sharedaddy"><a href="https://www.facebook.com/sharer/sharer.php?u={link}">'
            f'Chia sẻ Facebook</a></div>'
            f'<nav class="navigation post-navigation"><div class="nav-links"></div></nav>'
            f'<div id="comments" class="comments-area"><h2 class="comments-title">1 bình luận</h2>'
            f'<ol class="comment-list"><li class="comment"><p>Bài viết rất hay!</p>'
            f'<a rel="nofollow" class="comment-reply-link" href="{link}?replytocom=9{a.id}#respond">'
            f'Trả lời</a></li></ol></div>')
        meta = (f'<link rel="canonical" href="{link}"><link rel="shortlink" href="{base}?p={a.id}">'
                f'<meta property="og:title" content="{title(a)}">'
                f'<meta property="og:description" content="{lead(a)}">'
                f'<meta property="article:published_time" content="{t.isoformat()}">')
        body_class = (f"post-template-default single single-post postid-{a.id} "
                      "single-format-standard")
        return html(self._frame(base, body_class, main, title(a), meta))

    def _feed(self, base: str) -> Response:
        items = []
        for a in self.posts[:PER_PAGE]:
            link = base.rstrip("/") + permalink(a)
            items.append(
                f"<item><title>{title(a)}</title><link>{link}</link>"
                f"<dc:creator><![CDATA[{author_of(a)}]]></dc:creator>"
                f"<pubDate>{format_datetime(a.published.astimezone(UTC))}</pubDate>"
                f"<category><![CDATA[{category_title(self.corpus, a)}]]></category>"
                f'<guid isPermaLink="false">{base}?p={a.id}</guid>'
                f"<description><![CDATA[{served_text(a, a.lead)}]]></description></item>")
        xml = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
               'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
               f"<title>Trang tin xã Định Hóa</title><link>{base}</link>"
               f"<generator>https://wordpress.org/?v=6.5.2</generator>{''.join(items)}</channel></rss>")
        return Response(200, xml.encode(), "application/rss+xml; charset=UTF-8")

    # -- REST API -----------------------------------------------------------------------------

    def api_post(self, base: str, a: Article, embed: bool) -> dict[str, Any]:
        """The REST API object of a post (``_embedded`` with ``embed``)."""
        t = vn(a.published)
        m = vn(a.updated or a.published)
        post: dict[str, Any] = {
            "id": a.id, "date": t.strftime("%Y-%m-%dT%H:%M:%S"),
            "date_gmt": a.published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "modified": m.strftime("%Y-%m-%dT%H:%M:%S"),
            "modified_gmt": (a.updated or a.published).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "slug": a.alias, "status": "publish", "type": "post",
            "link": base.rstrip("/") + permalink(a),
            "guid": {"rendered": f"{base}?p={a.id}"},
            "title": {"rendered": title(a)},
            "content": {"rendered": body_html(a) + "\n", "protected": False},
            "excerpt": {"rendered": f"<p>{lead(a)}</p>\n", "protected": False},
            "author": 2, "featured_media": 1000 + a.id if a.lead_image else 0,
            "categories": [1], "tags": list(range(10, 10 + len(a.tags))),
        }
        if embed:
            post["_embedded"] = {
                "author": [{"id": 2, "name": author_of(a), "link": f"{base}author/bbt/"}],
                "wp:term": [
                    [{"id": 1, "taxonomy": "category", "name": category_title(self.corpus, a),
                      "link": f"{base}category/{a.category}/"}],
                    [{"id": 10 + i, "taxonomy": "post_tag", "name": esc(tag),
                      "link": f"{base}tag/{quote(tag)}/"} for i, tag in enumerate(a.tags)],
                ],
            }
            if a.lead_image:
                cap = esc(served_text(a, a.lead_image.caption)) if a.lead_image.caption else ""
                post["_embedded"]["wp:featuredmedia"] = [{
                    "id": 1000 + a.id, "source_url": base.rstrip("/") + a.lead_image.src,
                    "caption": {"rendered": f"<p>{cap}</p>\n" if cap else ""}}]
        return post

    def _api(self, base: str, path: str, query: dict[str, str]) -> Response | None:
        if not self.api:
            body = {"code": "rest_cannot_access", "message": "Only authenticated users can access "
                    "the REST API.", "data": {"status": 401}}
            return Response(401, json.dumps(body).encode(), "application/json; charset=UTF-8")
        if path == "/wp-json/wp/v2/posts":
            per_page = min(100, int(query.get("per_page", "10") or 10))
            number = int(query.get("page", "1") or 1)
            page = paginate(self.posts, number, per_page)
            if page is None:
                err = {"code": "rest_post_invalid_page_number", "data": {"status": 400}}
                return Response(400, json.dumps(err).encode(), "application/json; charset=UTF-8")
            posts = [self.api_post(base, a, "_embed" in query) for a in page.items]
            if query.get("_fields"):
                keep = query["_fields"].split(",")
                posts = [{k: p[k] for k in keep if k in p} for p in posts]
            return Response(200, json.dumps(posts, ensure_ascii=False).encode(),
                            "application/json; charset=UTF-8",
                            {"X-WP-Total": str(len(self.posts)), "X-WP-TotalPages": str(page.count)})
        m = re.match(r"^/wp-json/wp/v2/posts/(\d+)$", path)
        if m and int(m[1]) in self.by_id:
            post = self.api_post(base, self.by_id[int(m[1])], "_embed" in query)
            return Response(200, json.dumps(post, ensure_ascii=False).encode(),
                            "application/json; charset=UTF-8")
        return None

    def route(self, base: str, path: str, query: dict[str, str], raw: str) -> Response | None:
        """Answer one request (None: 404)."""
        if path.startswith("/wp-json/"):
            return self._api(base, path, query)
        if path == "/robots.txt":
            return Response(200, b"User-agent: *\nDisallow: /wp-admin/\n"
                            b"Allow: /wp-admin/admin-ajax.php\n", "text/plain")
        if path == "/" and query.get("p", "").isdigit():
            a = self.by_id.get(int(query["p"]))
            return redirect(base.rstrip("/") + permalink(a), 301) if a else None
        if path == "/":
            return self._archive(base, 1)
        if m := re.match(r"^/page/(\d+)/?$", path):
            return self._archive(base, int(m[1]))
        if path in ("/feed/", "/feed"):
            return self._feed(base)
        if path in self.by_path:
            return self._post(base, self.by_path[path])
        if path.startswith("/wp-content/uploads/") or path.startswith("/uploads/"):
            return Response(200, b"\xff\xd8\xff\xd9", "image/jpeg")
        return None

    def not_found(self, base: str) -> Response:
        """WordPress's 404 page."""
        return html(self._frame(base, "error404", "<h1>Không tìm thấy trang</h1>", "404"), 404)
