"""A SharePoint 2013 publishing portal: news in a list, shown by ``DispForm.aspx``.

Routes: ``/`` (302 to ``/Pages/default.aspx``), ``/Pages/default.aspx`` (5 newest),
``/Pages/tin-tuc.aspx?Paged=TRUE&PageFirstRow=N`` (list view, 10 rows a page),
``/Lists/TinTuc/DispForm.aspx?ID=N&Source=...`` (the item's form; links carry a ``Source`` back-link
that differs per listing page: the same item under many URLs). An unknown ID answers 200 with
SharePoint's "Item does not exist" message. Dates are shown the US way (``11/19/2019 3:00 PM``)
on the list and the form: the portal's registry entry needs ``order = "mdy"``.
Every page has the ribbon's "Skip Ribbon Commands" link and ``/_layouts/15/`` scripts.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from urllib.parse import quote

from crawler.fixture_portal.corpus import Article, Corpus
from crawler.fixture_sites.common import (
    Response,
    body_html,
    category_title,
    esc,
    html,
    lead,
    redirect,
    shown,
    title,
    vn,
)

PER_PAGE = 10


def us_time(dt: datetime) -> str:
    """``11/19/2019 3:00 PM`` (Vietnam time, US order, 12-hour clock)."""
    t = vn(dt)
    return f"{t.month}/{t.day}/{t.year} {(t.hour % 12) or 12}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}"


class SharePointApp:
    """Routes of the SharePoint fixture."""

    server_header = "Microsoft-IIS/8.5"
    headers: ClassVar[dict[str, str]] = {"MicrosoftSharePointTeamServices": "15.0.0.4569",
                                         "X-AspNet-Version": "4.0.30319"}

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.items = shown(corpus)
        self.by_id = {a.id: a for a in self.items}

    def _frame(self, base: str, main: str, page_title: str) -> str:
        return (
            '<!DOCTYPE html><html dir="ltr" lang="vi-VN"><head>'
            '<meta name="GENERATOR" content="Microsoft SharePoint">'
            '<meta http-equiv="Content-type" content="text/html; charset=utf-8">'
            f"<title>{page_title}</title>"
            f'<link rel="stylesheet" href="{base}_layouts/15/1066/styles/Themable/corev15.css?rev=x">'
            f'<script src="{base}_layouts/15/init.js?rev=x"></script></head>'
            '<body><div id="ms-designer-ribbon"><div id="s4-ribbonrow">'
            '<div class="ms-hide"><a href="#mainContent" class="ms-skip">Skip Ribbon Commands</a></div>'
            '<div id="s4-ribboncont">Duyệt trang</div></div></div>'
            '<div id="s4-workspace"><div id="s4-bodyContainer">'
            f'<div class="header"><a href="{base}Pages/default.aspx">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH BẮC KẠN</a>'
            f'<div class="menu"><a href="{base}Pages/tin-tuc.aspx">Tin tức - Sự kiện</a> '
            f'<a href="{base}_layouts/15/Authenticate.aspx?Source=%2F">Đăng nhập</a></div></div>'
            f'<div id="contentBox"><div id="mainContent">{main}</div></div>'
            '<div class="footer">Cơ quan chủ quản: UBND tỉnh Bắc Kạn</div></div></div></body></html>')

    def _link(self, base: str, a: Article, source: str) -> str:
        return f"{base}Lists/TinTuc/DispForm.aspx?ID={a.id}&Source={quote(source, safe='')}"

    def _home(self, base: str) -> Response:
        src = f"{base}Pages/default.aspx"
        items = "".join(f'<li><a href="{self._link(base, a, src)}">{title(a)}</a> '
                        f'<span class="date">{us_time(a.published)}</span></li>' for a in self.items[:5])
        return html(self._frame(base, f'<div class="news-home"><h2>Tin mới</h2><ul>{items}</ul>'
                                f'<a href="{base}Pages/tin-tuc.aspx">Xem tất cả</a></div>', "Trang chủ"))

    def _listing(self, base: str, first: int) -> Response | None:
        if first < 1 or first > len(self.items):
            return None
        page = self.items[first - 1:first - 1 + PER_PAGE]
        src = f"{base}Pages/tin-tuc.aspx?Paged=TRUE&PageFirstRow={first}"
        rows = "".join(
            f'<tr class="ms-itmhover"><td class="ms-vb2"><a href="{self._link(base, a, src)}" '
            f'onclick="EditLink2(this,\'WPQ2\');return false;">{title(a)}</a></td>'
            f'<td class="ms-vb2"><nobr>{us_time(a.published)}</nobr></td></tr>' for a in page)
        nav = ""
        if first + PER_PAGE <= len(self.items):
            nav += (f'<a class="ms-commandLink ms-promlink-button" href="{base}Pages/tin-tuc.aspx?'
                    f'Paged=TRUE&PageFirstRow={first + PER_PAGE}">Tiếp</a>')
        if first > 1:
            nav += (f'<a class="ms-commandLink" href="{base}Pages/tin-tuc.aspx?Paged=TRUE&'
                    f'PageFirstRow={max(1, first - PER_PAGE)}">Trước</a>')
        table = (f'<table class="ms-listviewtable" summary="TinTuc"><tr><th>Tiêu đề</th><th>Ngày xuất bản'
                 f"</th></tr>{rows}</table><div id=\"bottomPagingCellWPQ2\">{nav}</div>")
        return html(self._frame(base, table, "Tin tức - Sự kiện"))

    def _form(self, base: str, a: Article) -> Response:
        def row(label: str, value: str) -> str:
            return (f'<tr><td nowrap="true" valign="top" width="113px" class="ms-formlabel">'
                    f'<h3 class="ms-standardheader"><nobr>{label}</nobr></h3></td>'
                    f'<td valign="top" width="350px" class="ms-formbody">{value}</td></tr>')

        image = ""
        if a.lead_image:
            cap = esc(a.lead_image.caption) if a.lead_image.caption else ""
            image = f'<img src="{a.lead_image.src}" alt="{cap}" style="width:400px">'
        rows = (row("Tiêu đề", title(a)) + row("Ảnh đại diện", image) + row("Tóm tắt", lead(a))
                + row("Nội dung", f'<div class="ms-rtestate-field">{body_html(a)}</div>')
                + row("Ngày xuất bản", us_time(a.published))
                + row("Tác giả", esc(a.author or "")) + row("Nguồn tin", esc(a.source or ""))
                + row("Chuyên mục", esc(category_title(self.corpus, a))))
        edited = a.updated or a.published
        main = (f'<table class="ms-formtable" style="margin-top: 8px;" border="0" cellpadding="0" '
                f'cellspacing="0" width="100%">{rows}</table>'
                f'<table cellpadding="0" cellspacing="0" class="ms-formtoolbar"><tr>'
                f'<td class="ms-descriptiontext">'
                f'Created at {us_time(a.published)} by System Account<br>'
                f"Last modified at {us_time(edited)} by System Account</td></tr></table>"
                f'<input type="button" value="Close" onclick="STSNavigate(\'{base}Pages/tin-tuc.aspx\')">')
        return html(self._frame(base, main, f"TinTuc - {title(a)}"))

    def route(self, base: str, path: str, query: dict[str, str], raw: str) -> Response | None:
        """Answer one request (None: 404)."""
        if path == "/robots.txt":
            return Response(200, b"User-agent: *\nDisallow: /_layouts/\nDisallow: /_vti_bin/\n",
                            "text/plain")
        if path == "/":
            return redirect(f"{base}Pages/default.aspx", 302)
        if path.lower() == "/pages/default.aspx":
            return self._home(base)
        if path.lower() == "/pages/tin-tuc.aspx":
            return self._listing(base, int(query.get("PageFirstRow", "1") or 1))
        if path.lower() == "/lists/tintuc/dispform.aspx":
            ident = query.get("ID", "")
            a = self.by_id.get(int(ident)) if ident.isdigit() else None
            if a is None:
                return html(self._frame(base, '<div class="ms-error">Item does not exist. It may have '
                                        "been deleted by another user.</div>", "Error"))
            return self._form(base, a)
        if path.startswith("/uploads/"):
            return Response(200, b"\xff\xd8\xff\xd9", "image/jpeg")
        return None

    def not_found(self, base: str) -> Response:
        """SharePoint's 404."""
        return html(self._frame(base, "<h1>Sorry, something went wrong</h1><p>404 FILE NOT FOUND</p>",
                                "Error"), 404)
