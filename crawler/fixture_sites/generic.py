"""A custom PHP portal with query-string ids and no CMS signature (the generic adapter's fixture).

Routes: ``/`` (10 newest), ``/tin-tuc.php?page=N`` (listing, 8 a page; past the end: page 1 again,
as many custom sites do), ``/chi-tiet-tin.php?id=N`` (article; links carry a ``&sid=`` session token
on the home page), ``/in-bai.php?id=N`` (print view, a trap), ``?lang=en`` (language switch, a trap).
Article markup: ``div.tieude`` title, ``div.ngaydang`` ("Cập nhật lúc: d/m/Y H:i"), ``div.tomtat``
lead, ``div.noidung`` body, ``div.tacgia`` author line, then "Tin khác" related links.

``slugs=True``: a site whose addresses tell nothing (what the registry's ``article_links`` and
``next_page`` selectors and ``feeds`` are for): articles at ``/tin/{letters}``, the news listing at
``/tin-tuc?trang=N`` (4 a page, only a "Trang sau" link to the next page, ``a.next``), the home
page with the 4 newest, and ``/rss.xml`` with every article.
"""

from __future__ import annotations

from datetime import UTC
from email.utils import format_datetime

from crawler.fixture_portal.corpus import Article, Corpus
from crawler.fixture_sites.common import Response, body_html, esc, html, lead, shown, title, vn

PER_PAGE = 8


class GenericApp:
    """Routes of the custom-PHP fixture."""

    server_header = "Microsoft-IIS/8.5"

    def __init__(self, corpus: Corpus, slugs: bool = False) -> None:
        self.corpus = corpus
        self.items = shown(corpus)
        self.by_id = {a.id: a for a in self.items}
        self.slugs = slugs
        self.by_slug = {slug(a): a for a in self.items}

    def _href(self, base: str, a: Article) -> str:
        return f"{base}tin/{slug(a)}" if self.slugs else f"{base}chi-tiet-tin.php?id={a.id}"

    def _frame(self, base: str, main: str, page_title: str) -> str:
        hot = "".join(f'<li><a href="{self._href(base, a)}">{title(a)}</a></li>'
                      for a in self.items[:4])
        news = f"{base}tin-tuc?trang=1" if self.slugs else f"{base}tin-tuc.php"
        return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
                f"<title>{page_title}</title><link href=\"{base}css/style.css\" rel=\"stylesheet\">"
                f'</head><body><div id="header"><div class="banner">UBND XÃ ĐỊNH HÓA</div>'
                f'<div class="clock">Hôm nay: Thứ hai, 01/01/2035</div>'
                f'<div class="menu"><a href="{base}">Trang chủ</a> | <a href="{news}">'
                f'Tin tức</a> | <a href="{base}?lang=en">English</a> | '
                f'<a href="http://thainguyen.gov.vn/">Cổng tỉnh</a></div></div>'
                f'<div id="wrapper"><div class="main">{main}</div>'
                f'<div class="right"><div class="box"><div class="box-title">Tin đọc nhiều</div>'
                f"<ul>{hot}</ul></div></div></div>"
                f'<div id="footer">Bản quyền thuộc UBND xã Định Hóa. Địa chỉ: xã Định Hóa, '
                f"tỉnh Thái Nguyên</div></body></html>")

    def _list(self, base: str, items: list[Article], session: bool) -> str:
        sid = "&sid=8f2a61c0d" if session else ""
        return "".join(
            f'<div class="item"><a class="title" href="{self._href(base, a)}{sid}">'
            f'{title(a)}</a><span class="date">({vn(a.published):%d/%m/%Y})</span>'
            f"<p>{lead(a)}</p></div>" for a in items)

    def _article(self, base: str, a: Article) -> str:
        t = vn(a.published)
        others = "".join([f'<li><a href="{self._href(base, o)}">{title(o)}</a> '
                         f"({vn(o.published):%d/%m/%Y})</li>" for o in self.items if o is not a][:5])
        author = f'<div class="tacgia">Tác giả: {esc(a.author)}</div>' if a.author else ""
        return (f'<div class="detail"><div class="tieude">{title(a)}</div>'
                f'<div class="ngaydang">Cập nhật lúc: {t:%d/%m/%Y %H:%M}</div>'
                f'<div class="tools"><a href="{base}in-bai.php?id={a.id}">In bài</a> '
                f'<a href="{self._href(base, a)}{"?" if self.slugs else "&"}lang=en">English</a></div>'
                f'<div class="tomtat">{lead(a)}</div><div class="noidung">{body_html(a)}</div>'
                f"{author}</div><div class=\"tinkhac\"><div class=\"box-title\">Tin khác</div>"
                f"<ul>{others}</ul></div>")

    def route(self, base: str, path: str, query: dict[str, str], raw: str) -> Response | None:
        """Answer one request (None: 404)."""
        if path == "/robots.txt":
            return Response(200, b"User-agent: *\nDisallow: /admin/\n", "text/plain")
        if self.slugs:
            return self._slug_route(base, path, query)
        if path == "/" and "lang" not in query:
            return html(self._frame(base, self._list(base, self.items[:10], True), "Trang chủ"))
        if path == "/tin-tuc.php":
            number = int(query.get("page", "1") or 1)
            count = -(-len(self.items) // PER_PAGE)
            number = number if 1 <= number <= count else 1
            items = self.items[(number - 1) * PER_PAGE:number * PER_PAGE]
            pager = " ".join(f'<a href="{base}tin-tuc.php?page={n}">{n}</a>' for n in range(1, count + 1))
            return html(self._frame(base, self._list(base, items, False)
                                    + f'<div class="paging">{pager}</div>', "Tin tức"))
        if path in ("/chi-tiet-tin.php", "/in-bai.php") and query.get("id", "").isdigit():
            a = self.by_id.get(int(query["id"]))
            if a is None:
                return html(self._frame(base, "<p>Tin không tồn tại</p>", "Lỗi"))  # soft 404
            return html(self._frame(base, self._article(base, a), title(a)))
        if path == "/" or path.startswith("/uploads/"):
            return Response(200, b"\xff\xd8\xff\xd9", "image/jpeg") if path != "/" else \
                html(self._frame(base, "<p>English version is under construction</p>", "English"))
        return None

    def _slug_route(self, base: str, path: str, query: dict[str, str]) -> Response | None:
        """The routes of the ``slugs`` variant."""
        per_page = 4
        if path == "/":
            news = f'<div class="news-list">{self._list(base, self.items[:per_page], False)}</div>'
            return html(self._frame(base, news, "Trang chủ"))
        if path == "/tin-tuc":
            number = int(query.get("trang", "1") or 1) if query.get("trang", "1").isdigit() else 1
            items = self.items[(number - 1) * per_page:number * per_page]
            more = number * per_page < len(self.items)
            pager = f'<a class="next" href="{base}tin-tuc?trang={number + 1}">Trang sau »</a>' \
                if more else ""
            return html(self._frame(base, f'<div class="news-list">{self._list(base, items, False)}'
                                    f'</div><div class="pager">{pager}</div>', "Tin tức"))
        if path.startswith("/tin/"):
            a = self.by_slug.get(path[len("/tin/"):])
            return None if a is None else html(self._frame(base, self._article(base, a), title(a)))
        if path == "/rss.xml":
            entries = "".join(
                f"<item><title>{title(a)}</title><link>{self._href(base, a)}</link>"
                f"<pubDate>{format_datetime(a.published.astimezone(UTC))}</pubDate></item>"
                for a in self.items)
            xml = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                   f"<title>Tin tức</title><link>{base}</link>{entries}</channel></rss>")
            return Response(200, xml.encode(), "application/rss+xml; charset=UTF-8")
        return None

    def not_found(self, base: str) -> Response:
        """IIS's 404."""
        return html("<html><body><h2>404 - File or directory not found.</h2></body></html>", 404)


def slug(a: Article) -> str:
    """An address without digits for an article (``bai-`` and its id spelled in letters)."""
    return "bai-" + "".join("abcdefghij"[int(d)] for d in str(a.id))
