"""A Liferay 6.2 portal rendered like the real one (sotttt.hanoi.gov.vn, see docs/portals.md).

Routes: ``/`` (302 to ``/trang-chu``, the home page: an asset publisher with the 5 newest and the
section menu), two section
pages, ``/vi/tin-tuc-su-kien`` (every article) and ``/hoat-ong-ang-oan-the`` (the articles of one
category, which are therefore shown under two sections), each paged by
``?p_p_id=101&...&_101_delta=10&...&_101_cur=N`` with a page selector listing every page and a
fresh ``p_p_auth`` token on every render; details ``/{section}/-/view_content/{id}-{alias}`` (the
same article, same id, under both sections; the publish line's label depends on the section:
``Ngày đăng 22/08/2020 | 8:06 AM | View count: 423`` or ``Publish date 03/10/2019 | 2:09 PM``);
``/c/portal/update_language?...&languageId=en_US`` (a trap). As on the real site: ``lang="en-US"``
on Vietnamese pages, no ``og:`` meta, the title and publish line above ``.asset-full-content``,
the lead in ``p.sapo``, a Word XML comment at the top of the body, the writer's byline as the
body's last right-aligned paragraph followed by the CMS account (``p.view-content-author``), and
the oldest article migrated from an older system: its time shows as ``12:00 AM`` (no time known).
"""

from __future__ import annotations

import secrets
from typing import ClassVar
from urllib.parse import quote

from crawler.fixture_portal.corpus import Article, Corpus
from crawler.fixture_sites.common import Response, body_html, esc, html, lead, redirect, shown, title, vn

SITE_NAME = "Sở Thông Tin Và Truyền Thông"
SECTIONS = {"vi/tin-tuc-su-kien": "Tin tức sự kiện", "hoat-ong-ang-oan-the": "Hoạt động Đảng, Đoàn thể"}
LABELS = {"vi/tin-tuc-su-kien": "Ngày đăng ", "hoat-ong-ang-oan-the": "Publish date "}
PER_PAGE = 10
SELECTORS = {"title": ".asset-full-content-title",
             "date": ".asset-full-content-title ~ .assetPublishDate",
             "lead": ".asset-full-content .sapo-wrapper p.sapo"}
"""The theme's selectors, as in the registry entry of the real portal (``hanoi-sotttt``)."""
WORD_XML = ("<!--[if gte mso 9]><xml> <w:WordDocument> <w:View>Normal</w:View> <w:Zoom>0</w:Zoom>"
            " </w:WordDocument> </xml><![endif]-->")


def asset_id(a: Article) -> int:
    """The web content's id (stable, in the URL and in ``.asset-content``'s id)."""
    return 40000 + a.id


def migrated_ids(corpus: Corpus) -> set[int]:
    """Articles migrated from an older system (the oldest): shown at ``12:00 AM``, no time."""
    items = shown(corpus)
    return {items[-1].id} if items else set()


def detail_path(a: Article, section: str = "vi/tin-tuc-su-kien") -> str:
    """The article's address under a section."""
    return f"/{section}/-/view_content/{asset_id(a)}-{a.alias}"


def clock(a: Article, migrated: bool, pad: bool = False) -> str:
    """``d/m/Y | h:mm AM`` as the theme shows it (listings zero-pad the hour); migrated items
    show ``12:00 AM``."""
    t = vn(a.published)
    if migrated:
        return f"{t:%d/%m/%Y} | 12:00 AM"
    hour = t.hour % 12 or 12
    return f"{t:%d/%m/%Y} | {hour:02d}:{t:%M} {t:%p}" if pad else f"{t:%d/%m/%Y} | {hour}:{t:%M} {t:%p}"


class LiferayApp:
    """Routes of the Liferay fixture."""

    server_header = "Apache-Coyote/1.1"
    headers: ClassVar[dict[str, str]] = {}

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.items = shown(corpus)
        self.by_id = {asset_id(a): a for a in self.items}
        second = self.items[0].category if self.items else ""
        self.sections = {"vi/tin-tuc-su-kien": self.items,
                         "hoat-ong-ang-oan-the": [a for a in self.items if a.category == second]}
        self.migrated = migrated_ids(corpus)

    def is_migrated(self, a: Article) -> bool:
        """Whether the article shows ``12:00 AM`` (no time known)."""
        return a.id in self.migrated

    def _frame(self, base: str, current: str, main: str, page_title: str, extra: str = "") -> str:
        lang = (f"{base}c/portal/update_language?p_l_id=10183&redirect={quote(current, safe='')}"
                f"&languageId=en_US")
        nav = "".join(f'<li><a href="{base}{path}">{name}</a></li>' for path, name in SECTIONS.items())
        return (
            f'<!DOCTYPE html> <html class="aui ltr" dir="ltr" lang="en-US"> <head> <title>{page_title}'
            f' - {SITE_NAME}</title> <meta content="text/html; charset=UTF-8" http-equiv="content-type" />'
            f'{extra} <link class="lfr-css-file" href="{base}so4t-theme/css/aui.css?browserId=other&amp;'
            f'themeId=so4t_WAR_so4ttheme&amp;languageId=en_US&amp;b=6201" rel="stylesheet" type="text/css" />'
            f'<script type="text/javascript">var Liferay={{Browser:{{}},ThemeDisplay:{{getPlid:function()'
            f'{{return"10183"}},getLanguageId:function(){{return"en_US"}}}}}};</script></head>'
            f'<body class="blue controls-visible guest-site signed-out public-page site">'
            f'<header id="banner"><a href="{base}trang-chu">{SITE_NAME}</a><nav><ul><li><a href="'
            f'{base}trang-chu">Trang chủ</a></li>{nav}<li><a href="{lang}">English</a></li>'
            f'<li><a href="{base}c/portal/login?p_l_id=10183">Đăng nhập</a></li></ul></nav></header>'
            f'<div id="content">'
            f'<div class="portlet-boundary portlet-boundary_101_ portlet-static portlet-asset-publisher"'
            f' id="p_p_id_101_"><span id="p_101"></span><div class="portlet-body">{main}</div></div>'
            f'</div><footer>CỔNG THÔNG TIN ĐIỆN TỬ SỞ THÔNG TIN VÀ TRUYỀN THÔNG</footer></body></html>')

    def _abstracts(self, base: str, section: str, items: list[Article]) -> str:
        return "".join(
            f'<div class="asset-bounddary"><div class="asset-abstract "><!-- <div class="asset_actions">'
            f'</div> --><div class="asset-content normal-news"><div class="asset-image"><a href="'
            f'{base}{detail_path(a, section).lstrip("/")}"><img src="{base}image/journal/article?img_id='
            f'{asset_id(a) - 1}&amp;t=1" alt=""/></a></div><div class="asset-content-custom">'
            f'<h3 class="asset-title"><a href="{base}{detail_path(a, section).lstrip("/")}">{title(a)}</a>'
            f'</h3><div class="assetPublishDate block_timer"> {LABELS[section]}'
            f'{clock(a, self.is_migrated(a), pad=True)} &nbsp;|&nbsp;View count: {a.id % 97} </div>'
            f'<div class="asset-summary"> {lead(a)} </div></div></div></div></div>' for a in items)

    def _page_url(self, base: str, section: str, cur: int) -> str:
        return (f"{base}{section}?p_p_id=101&amp;p_p_lifecycle=0&amp;p_p_state=normal&amp;p_p_mode=view"
                f"&amp;p_p_col_id=column-1&amp;p_p_col_pos=1&amp;p_p_col_count=2&amp;_101_delta={PER_PAGE}"
                f"&amp;_101_keywords=&amp;_101_advancedSearch=false&amp;_101_andOperator=true&amp;"
                f"p_r_p_564233524_resetCur=false&amp;_101_cur={cur}&amp;p_p_auth={secrets.token_urlsafe(6)}")

    def _section(self, base: str, raw: str, section: str, cur: int) -> Response:
        items = self.sections[section]
        count = max(1, -(-len(items) // PER_PAGE))
        if cur < 1 or cur > count:
            cur = 1  # Liferay shows the first page for an out-of-range cursor
        menu = "".join(f'<li class="custom-paging" role="presentation"><a href="'
                       f'{self._page_url(base, section, n)}" class=" taglib-icon" role="menuitem">'
                       f'<span class="taglib-text-icon">{n}</span></a></li>' for n in range(1, count + 1))
        pager = (f'<div class="taglib-page-iterator" id="_101_ocerSearchContainerPageIterator"><div '
                 f'class="clearfix lfr-pagination"><div class="btn-group lfr-icon-menu current-page-menu">'
                 f'<a class="dropdown-toggle btn" href="javascript:;"> {cur} </a><ul class="dropdown-menu '
                 f'lfr-menu-list">{menu}</ul></div></div></div>')
        page = items[(cur - 1) * PER_PAGE:cur * PER_PAGE]
        return html(self._frame(base, base.rstrip("/") + raw, self._abstracts(base, section, page) + pager,
                                SECTIONS[section]))

    def _detail(self, base: str, raw: str, section: str, a: Article) -> Response:
        small = f'<img src="{base}image/journal/article?img_id={asset_id(a) - 1}&amp;t=1" alt="" ' \
                f'class="pull-left" style="margin-right: 5px; width: 250px;">' if a.lead_image else ""
        byline = (f'<p style="text-align: right;">&nbsp;&nbsp;&nbsp; <strong>{esc(a.author)}</strong></p>'
                  if a.author else "")
        main = (
            f'<div><div class="asset-full-content-title">{title(a)}</div>'
            f'<div class="assetPublishDate block_timer"> {LABELS[section]}'
            f'{clock(a, self.is_migrated(a))} </div>'
            f'<div class="asset-full-content  show-asset-title"><!-- --><div class="asset-content" '
            f'id="_101_{asset_id(a)}"><div class="sapo-wrapper clearfix">{small}<p class="sapo">'
            f'<strong>{lead(a)}</strong></p></div><div class="journal-content-article">{WORD_XML}'
            f'{body_html(a)} {byline} <p align="right" class="view-content-author"> <strong><em>Pho '
            f'Ban bien tap</em></strong> </p> </div></div></div>')
        others = [o for o in self.sections[section] if o is not a][:3]
        main += ('<div class="related_asset"><div class="related_asset_title">Other News</div><ul>'
                 + "".join(f'<li><a href="{base}{detail_path(o, section).lstrip("/")}">{title(o)}</a></li>'
                           for o in others) + "</ul></div></div>")
        canonical = f'<link href="{base}{detail_path(a, section).lstrip("/")}" rel="canonical" />'
        return html(self._frame(base, base.rstrip("/") + raw, main, f"{title(a)} - {SECTIONS[section]}",
                                canonical))

    def route(self, base: str, path: str, query: dict[str, str], raw: str) -> Response | None:
        """Answer one request (None: 404)."""
        if path == "/robots.txt":
            return Response(200, b"User-agent: *\nDisallow: /c/\n", "text/plain")
        if path == "/":
            return redirect(f"{base}trang-chu", 302)
        if path == "/trang-chu":
            main = self._abstracts(base, "vi/tin-tuc-su-kien", self.items[:5])
            return html(self._frame(base, f"{base}trang-chu", main, "Trang chủ"))
        section = path.strip("/")
        if section in SECTIONS:
            cur = query.get("_101_cur", "1")
            return self._section(base, raw, section, int(cur) if cur.isdigit() else 1)
        head, sep, tail = path.partition("/-/view_content/")
        if sep and head.strip("/") in SECTIONS:
            a = self.by_id.get(int(tail.split("-", 1)[0])) if tail.split("-", 1)[0].isdigit() else None
            if a is None or a not in self.sections[head.strip("/")]:
                return None
            return self._detail(base, raw, head.strip("/"), a)
        if path == "/c/portal/update_language":
            return redirect(query.get("redirect") or base, 302)
        if path.startswith(("/image/", "/documents/")):
            return Response(200, b"\xff\xd8\xff\xd9", "image/jpeg")
        return None

    def not_found(self, base: str) -> Response:
        """Liferay's 404 page."""
        return html(self._frame(base, base, "<h2>The requested resource was not found.</h2>", "404"), 404)
