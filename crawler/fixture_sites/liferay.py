"""A Liferay 7.x portal: asset publisher listings and web content shown in full.

Routes: ``/`` (302 to ``/web/thainguyen/trang-chu``), ``/web/thainguyen/trang-chu`` (an asset
publisher instance ``tinnoibat`` with the 5 newest), ``/web/thainguyen/tin-tuc`` (instance ``tintuc``,
5 a page; paging by ``?p_p_id=...&_{portlet}_cur=N`` with a fresh ``p_p_auth`` token on every
render), detail ``/web/thainguyen/tin-tuc/-/asset_publisher/{instance}/content/{slug}`` (links carry a
``_{portlet}_redirect`` back-link; the same article is reachable through both instances),
``/c/portal/update_language?...&languageId=en_US`` (language switch: 302 back, a trap).
The article's identity is the web content's ``data-analytics-asset-id``.
"""

from __future__ import annotations

import itertools
import secrets
from typing import ClassVar
from urllib.parse import quote

from crawler.fixture_portal.corpus import Article, Corpus
from crawler.fixture_sites.common import (
    Response,
    body_html,
    esc,
    html,
    lead,
    redirect,
    shown,
    title,
    vn,
)

SITE = "/web/thainguyen"
PORTLET = "com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_"
PER_PAGE = 5


def asset_id(a: Article) -> int:
    """The web content's asset id (stable, distinct from the URL slug)."""
    return 40000 + a.id


class LiferayApp:
    """Routes of the Liferay fixture."""

    server_header = "Apache-Coyote/1.1"
    headers: ClassVar[dict[str, str]] = {"Liferay-Portal": "Liferay Community Edition Portal 7.4.3"}

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.items = shown(corpus)
        self.by_slug = {a.alias: a for a in self.items}
        self._counter = itertools.count(1)

    def _token(self) -> str:
        return secrets.token_urlsafe(6)

    def _frame(self, base: str, current: str, main: str, page_title: str, extra: str = "") -> str:
        lang = (f"{base}c/portal/update_language?p_l_id=20&redirect={quote(current, safe='')}"
                f"&languageId=en_US")
        return (
            f'<!DOCTYPE html><html class="ltr" dir="ltr" lang="vi-VN"><head><title>{page_title} - '
            f'Cổng TTĐT tỉnh</title><meta content="text/html; charset=UTF-8" http-equiv="content-type">'
            f'<link href="{base}o/frontend-theme-font-awesome-web/css/main.css" rel="stylesheet">'
            f'<script src="{base}o/frontend-js-web/liferay/global.bundle.js"></script>'
            f'<script>var Liferay = Liferay || {{}}; Liferay.currentURL = "{current}"; '
            f'Liferay.ThemeDisplay = {{getPlid: function() {{return "20";}}}};</script>{extra}</head>'
            f'<body class="controls-visible signed-out public-page site"><div id="wrapper">'
            f'<header id="banner"><a href="{base}web/thainguyen/trang-chu">Cổng thông tin điện tử</a>'
            f'<nav><a href="{base}web/thainguyen/trang-chu">Trang chủ</a> '
            f'<a href="{base}web/thainguyen/tin-tuc">'
            f'Tin tức</a> <a href="{lang}">English</a> <a href="{base}c/portal/login?p_l_id=20">Đăng nhập</a>'
            f'</nav></header><section id="content">{main}</section>'
            f"<footer>© Cổng thông tin điện tử tỉnh</footer></div></body></html>")

    def _detail_link(self, base: str, instance: str, a: Article, back: str) -> str:
        return (f"{base}web/thainguyen/tin-tuc/-/asset_publisher/{instance}/content/{a.alias}"
                f"?_{PORTLET}{instance}_redirect={quote(back, safe='')}")

    def _publisher(self, base: str, instance: str, items: list[Article], back: str) -> str:
        entries = "".join(
            f'<div class="asset-abstract"><h3 class="asset-title"><a href="'
            f'{self._detail_link(base, instance, a, back)}">{title(a)}</a></h3>'
            f'<span class="metadata-entry metadata-publish-date">{vn(a.published):%d/%m/%Y}</span>'
            f'<div class="asset-summary">{lead(a)}</div></div>' for a in items)
        return (f'<div class="portlet-boundary portlet-boundary_{PORTLET}" id="p_p_id_{PORTLET}{instance}_">'
                f'<div class="portlet-content"><div class="asset-publisher">{entries}</div>')

    def _page_url(self, base: str, cur: int) -> str:
        p = f"_{PORTLET}tintuc_"
        return (f"{base}web/thainguyen/tin-tuc?p_p_id={PORTLET}tintuc&p_p_lifecycle=0&p_p_state=normal"
                f"&p_p_mode=view&{p}cur={cur}&{p}delta={PER_PAGE}&p_p_auth={self._token()}")

    def _listing(self, base: str, raw: str, cur: int) -> Response | None:
        count = -(-len(self.items) // PER_PAGE)
        if cur < 1 or cur > count:
            cur = 1  # Liferay shows the first page for an out-of-range cursor
        items = self.items[(cur - 1) * PER_PAGE:cur * PER_PAGE]
        back = base.rstrip("/") + raw
        nav = '<ul class="lfr-pagination-buttons pager">'
        if cur > 1:
            nav += f'<li><a href="{self._page_url(base, cur - 1)}">Trước</a></li>'
        if cur < count:
            nav += f'<li><a href="{self._page_url(base, cur + 1)}">Tiếp</a></li>'
        nav += "</ul></div></div>"
        return html(self._frame(base, back, self._publisher(base, "tintuc", items, back) + nav,
                                "Tin tức"))

    def _detail(self, base: str, raw: str, a: Article) -> Response:
        t = vn(a.published)
        image = ""
        if a.lead_image:
            cap = esc(a.lead_image.caption) if a.lead_image.caption else ""
            image = (f'<div class="news-image"><img src="{a.lead_image.src}" alt="{cap}">'
                     + (f'<p class="news-image-caption">{cap}</p>' if cap else "") + "</div>")
        author = f'<div class="news-author">{esc(a.author)}</div>' if a.author else ""
        source = f'<div class="news-source">Nguồn: {esc(a.source)}</div>' if a.source else ""
        content = (
            f'<div class="asset-full-content clearfix mb-5 default-asset-publisher show-asset-title">'
            f'<div class="align-items-center d-flex mb-2"><p class="component-title h4">'
            f'<span class="asset-title d-inline">{title(a)}</span></p></div>'
            f'<div class="asset-content mb-3"><div class="journal-content-article" '
            f'data-analytics-asset-id="{asset_id(a)}" data-analytics-asset-title="{title(a)}" '
            f'data-analytics-asset-type="web-content"><div class="news-detail">'
            f'<div class="news-date">{t:%d/%m/%Y %H:%M}</div><div class="news-sapo">{lead(a)}</div>'
            f'{image}<div class="news-content">{body_html(a)}</div>{author}{source}</div></div></div>'
            f'<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">'
            f"{t:%d/%m/%Y}</span></div></div>")
        related = self._publisher(base, "tinlienquan", [o for o in self.items if o is not a][:3],
                                  base.rstrip("/") + raw) + "</div></div>"
        canonical = ('<link rel="canonical" href="'
                     f'{base}web/thainguyen/tin-tuc/-/asset_publisher/tintuc/content/{a.alias}">')
        return html(self._frame(base, base.rstrip("/") + raw, content + related, title(a), canonical))

    def route(self, base: str, path: str, query: dict[str, str], raw: str) -> Response | None:
        """Answer one request (None: 404)."""
        if path == "/robots.txt":
            return Response(200, b"User-agent: *\nDisallow: /api/\n", "text/plain")
        if path == "/":
            return redirect(f"{base}web/thainguyen/trang-chu", 302)
        if path == f"{SITE}/trang-chu":
            back = base.rstrip("/") + raw
            main = self._publisher(base, "tinnoibat", self.items[:5], back)
            main += f'<a href="{base}web/thainguyen/tin-tuc">Xem thêm</a></div></div>'
            return html(self._frame(base, back, main, "Trang chủ"))
        if path == f"{SITE}/tin-tuc":
            cur = query.get(f"_{PORTLET}tintuc_cur", "1")
            return self._listing(base, raw, int(cur) if cur.isdigit() else 1)
        prefix = f"{SITE}/tin-tuc/-/asset_publisher/"
        if path.startswith(prefix) and "/content/" in path:
            a = self.by_slug.get(path.rsplit("/content/", 1)[1])
            return self._detail(base, raw, a) if a else None
        if path == "/c/portal/update_language":
            return redirect(query.get("redirect") or f"{base}web/thainguyen/trang-chu", 302)
        if path.startswith("/uploads/") or path.startswith("/documents/"):
            return Response(200, b"\xff\xd8\xff\xd9", "image/jpeg")
        return None

    def not_found(self, base: str) -> Response:
        """Liferay's 404 page."""
        return html(self._frame(base, base, "<h2>Không tìm thấy trang</h2>", "404"), 404)
