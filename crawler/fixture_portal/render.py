"""Rendering shared by every view: PHP ``date()``, text forms, escaping, and the page frame.

NukeViet formats every time with PHP ``date()`` (through ``nv_date``, which translates weekday
names); :func:`php_date` reproduces the format letters the templates use, including the ``T``
(zone abbreviation) that breaks ``article:published_time``. :func:`layout` is the default theme's
frame (``layout/header_*.tpl``, ``footer_*.tpl``), :func:`pagination` is ``nv_alias_page`` and
:func:`error_page` is ``system/info_die.tpl``.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from urllib.parse import quote

from crawler.fixture_portal.corpus import Article, Corpus, Site

VI_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LOGO = "/uploads/logo.png"
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class RenderContext:
    """Per-request rendering facts: absolute base URL (from the Host header), zone, clock."""

    base: str
    tz: tzinfo
    now: datetime

    @property
    def host(self) -> str:
        """Host name of the base URL, without port."""
        return self.base.split("/")[2].rsplit(":", 1)[0]

    def abs(self, path: str) -> str:
        """Absolute URL of a site path (``/news/...`` -> ``http://host/news/...``)."""
        return self.base.rstrip("/") + path


def _offset(dt: datetime, colon: bool) -> str:
    off = dt.utcoffset()
    minutes = int(off.total_seconds() // 60) if off is not None else 0
    sign = "-" if minutes < 0 else "+"
    hh, mm = divmod(abs(minutes), 60)
    return f"{sign}{hh:02d}:{mm:02d}" if colon else f"{sign}{hh:02d}{mm:02d}"


_PHP_LETTERS: dict[str, Callable[[datetime], str]] = {
    "d": lambda t: f"{t.day:02d}",
    "j": lambda t: str(t.day),
    "D": lambda t: EN_WEEKDAYS[t.weekday()],
    "l": lambda t: t.strftime("%A"),
    "m": lambda t: f"{t.month:02d}",
    "n": lambda t: str(t.month),
    "M": lambda t: EN_MONTHS[t.month - 1],
    "Y": lambda t: f"{t.year:04d}",
    "y": lambda t: f"{t.year % 100:02d}",
    "H": lambda t: f"{t.hour:02d}",
    "G": lambda t: str(t.hour),
    "h": lambda t: f"{(t.hour % 12) or 12:02d}",
    "i": lambda t: f"{t.minute:02d}",
    "s": lambda t: f"{t.second:02d}",
    "A": lambda t: "AM" if t.hour < 12 else "PM",
    "a": lambda t: "am" if t.hour < 12 else "pm",
    "O": lambda t: _offset(t, colon=False),
    "P": lambda t: _offset(t, colon=True),
    "T": lambda t: t.tzname() or _offset(t, colon=True),
    "U": lambda t: str(int(t.timestamp())),
}


def php_date(fmt: str, dt: datetime, tz: tzinfo, *, vietnamese: bool = True) -> str:
    """PHP ``date(fmt)`` of ``dt`` shown in ``tz`` (``l`` in Vietnamese unless told otherwise).

    Supported letters: d j D l m n M Y y H G h i s A a O P T U; a backslash escapes one letter.
    ``T`` is the zone abbreviation as PHP prints it (``+07``, ``UTC``, ``CEST``).
    """
    local = dt.astimezone(tz)
    out: list[str] = []
    chars = iter(fmt)
    for ch in chars:
        if ch == "\\":
            out.append(next(chars, ""))
        elif ch == "l" and vietnamese:
            out.append(VI_WEEKDAYS[local.weekday()])
        elif ch in _PHP_LETTERS:
            out.append(_PHP_LETTERS[ch](local))
        else:
            out.append(ch)
    return "".join(out)


def iso(dt: datetime, tz: tzinfo) -> str:
    """ISO 8601 with offset, seconds precision, in ``tz`` (``2023-12-27T05:16:00+07:00``)."""
    return dt.astimezone(tz).replace(microsecond=0).isoformat()


def served_text(article: Article, text: str) -> str:
    """``text`` in the article's stored form: NFC, NFD, or with Đ/đ written as eth (Ð/ð)."""
    if article.text_form == "nfd":
        return unicodedata.normalize("NFD", text)
    text = unicodedata.normalize("NFC", text)
    if article.text_form == "eth":
        return text.replace("Đ", "\u00d0").replace("đ", "\u00f0")
    return text


def esc(text: str | None) -> str:
    """HTML-escape text for element content and attribute values."""
    return html.escape(text or "", quote=True)


def title_of(article: Article) -> str:
    """The escaped title as served."""
    return esc(served_text(article, article.title))


def quote_path(path: str) -> str:
    """Percent-encode a site path (keeps ``/``, ``%`` and ASCII punctuation of URLs)."""
    return quote(path, safe="/%:-._~!$&'()*+,;=@")


def tag_path(module: str, alias: str, page: int = 1, *, short: bool = False) -> str:
    """Tag listing path ``/{module}/tag/{alias}[/page-N]`` (``/tag/...`` when ``short``)."""
    base = f"/tag/{alias}" if short else f"/{module}/tag/{alias}"
    return base if page <= 1 else f"{base}/page-{page}"


# --- the page frame ------------------------------------------------------------------------

def _head(ctx: RenderContext, site: Site, title: str, description: str, canonical: str,
          meta: str) -> str:
    feeds = [*site.modules, *(m for m in site.page_modules if m.rss)]
    rss = "\n".join(f'<link rel="alternate" href="{esc(ctx.abs(f"/{m.name}/rss/"))}" '
                    f'title="{esc(m.title)}" type="application/rss+xml" />' for m in feeds)
    return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head>
<title>{esc(title)}</title>
<meta name="description" content="{esc(description)}" />
<meta name="author" content="{esc(site.name)}" />
<meta name="copyright" content="{esc(site.name)} [webmaster@{esc(ctx.host)}]" />
<meta name="generator" content="{esc(site.generator)}" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta property="og:title" content="{esc(title)}" />
<meta property="og:description" content="{esc(description)}" />
<meta property="og:site_name" content="{esc(site.name)}" />
<meta property="og:url" content="{esc(canonical)}" />
{meta}<link rel="shortcut icon" href="/favicon.ico" />
<link rel="canonical" href="{esc(canonical)}" />
{rss}
<link rel="StyleSheet" href="/themes/default/css/style.css" />
</head>
<body>
"""


def _menu(site: Site) -> str:
    items = ['<li><a title="Trang nhất" href="/"><em class="fa fa-lg fa-home">&nbsp;</em>'
             '<span class="visible-xs-inline-block"> Trang nhất</span></a></li>']
    for pm in site.page_modules:  # "Giới thiệu" first, its pages linked directly
        subs = "".join(f'<li><a href="/{pm.name}/{p.alias}.html" title="{esc(p.title)}">'
                       f'{esc(p.title)}</a></li>' for p in pm.pages)
        items.append(f'<li class="dropdown"><a class="dropdown-toggle" href="/{pm.name}/" '
                     f'title="{esc(pm.title)}">{esc(pm.title)}</a>'
                     f'<ul class="dropdown-menu">{subs}</ul></li>')
    for m in site.modules:
        subs = "".join(f'<li><a href="/{m.name}/{c.alias}/" title="{esc(c.title)}">'
                       f'{esc(c.title)}</a></li>' for c in m.categories)
        items.append(f'<li class="dropdown"><a class="dropdown-toggle" href="/{m.name}/" '
                     f'title="{esc(m.title)}">{esc(m.title)}</a>'
                     f'<ul class="dropdown-menu">{subs}</ul></li>')
    return '<ul class="nav navbar-nav">' + "".join(items) + "</ul>"


def _most_read(ctx: RenderContext, corpus: Corpus, module: str) -> str:
    recent = corpus.articles_in(module)[:200]
    top = sorted(recent, key=lambda a: ((a.id * 2654435761) % 997, a.id), reverse=True)[:5]
    lines = "".join(
        f'<li class="clearfix"><a href="{a.url_path}" title="{title_of(a)}">{title_of(a)}</a>'
        f'</li>' for a in top)
    return ('<div class="panel panel-primary"><div class="panel-heading">Tin xem nhiều</div>'
            f'<div class="panel-body"><ul class="block_tophits list-none list-items">{lines}'
            "</ul></div></div>")


def _breadcrumbs(crumbs: Sequence[tuple[str, str]]) -> str:
    """The 4.5 theme's hidden schema.org BreadcrumbList (shown by JavaScript)."""
    if not crumbs:
        return ""
    items = "".join(
        '<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">'
        f'<a href="{path}" itemprop="item" title="{esc(title)}"><span itemprop="name">'
        f'{esc(title)}</span></a><i class="hidden" itemprop="position" content="{i}"></i></li>'
        for i, (title, path) in enumerate((("Trang nhất", "/"), *crumbs), start=1))
    return ('<div class="breadcrumbs-wrap"><div class="display"><ul class="breadcrumbs list-none">'
            '</ul></div><ul class="temp-breadcrumbs hidden" itemscope '
            f'itemtype="https://schema.org/BreadcrumbList">{items}</ul></div>\n')


def layout(ctx: RenderContext, corpus: Corpus, *, title: str, body: str, canonical_path: str,
           module: str | None = None, description: str = "", meta: str = "",
           is_home: bool = False, crumbs: Sequence[tuple[str, str]] = ()) -> str:
    """A full page: head, header (site name, clock, menu), breadcrumbs, body, sidebar, footer.

    ``crumbs`` are ``(title, path)`` pairs after "Trang nhất" (module, category, ...).
    """
    site = corpus.site
    module = module or site.default_module
    name = (f"<h1>{esc(site.name)}</h1><h2>{esc(site.description)}</h2>" if is_home else
            f'<span class="site_name">{esc(site.name)}</span>'
            f'<span class="site_description">{esc(site.description)}</span>')
    clock = php_date("l - d/m/Y H:i", ctx.now, ctx.tz)
    return (
        _head(ctx, site, title, description or site.description, ctx.abs(canonical_path), meta)
        + f"""<div class="body-bg"><div class="wraper">
<header><div class="container"><div id="header" class="row"><div class="logo">
<a title="{esc(site.name)}" href="/"><img src="{LOGO}" alt="{esc(site.name)}" /></a>
{name}</div></div></div></header>
<nav class="header-nav"><div class="container"><div class="current-time">\
<em class="fa fa-clock-o">&nbsp;</em>{clock}</div></div></nav>
<nav class="second-nav" id="menusite"><div class="container"><div class="row">
<div class="bg box-shadow">{_menu(site)}</div></div></div></nav>
<section><div class="container" id="body"><div class="row">
<div class="col-md-18">
{_breadcrumbs(crumbs)}{body}
</div>
<div class="col-md-6">{_most_read(ctx, corpus, module)}</div>
</div></div></section>
<footer id="footer"><div class="wraper"><div class="container"><div class="row">
<div class="col-xs-24 col-sm-24 col-md-12"><p class="company_name">{esc(site.name)}</p>
<p>Tỉnh {esc(site.province)}</p></div>
<div class="col-xs-24 col-sm-24 col-md-12"><div class="copyright">&copy; Bản quyền thuộc về \
{esc(site.name)}. Phát triển trên nền tảng <a href="https://nukeviet.vn/">NukeViet CMS</a>\
</div></div>
</div></div></div></footer>
</div></div>
<script src="/assets/js/jquery/jquery.min.js"></script>
</body>
</html>
"""
    )


def pagination(page_url: Callable[[int], str], page: int, pages: int) -> str:
    """``nv_alias_page`` markup: ``ul.pagination`` with «, numbered pages, gaps and »."""
    if pages <= 1:
        return ""
    shown = sorted({p for p in (1, 2, 3, page - 1, page, page + 1, pages - 2, pages - 1, pages)
                    if 1 <= p <= pages})
    parts: list[str] = []
    if page > 1:
        parts.append(f'<li><a rel="prev" title="Trang {page - 1}" '
                     f'href="{page_url(page - 1)}">&laquo;</a></li>')
    else:
        parts.append('<li class="disabled"><a href="#">&laquo;</a></li>')
    prev = 0
    for p in shown:
        if p > prev + 1:
            parts.append('<li class="disabled"><span>...</span></li>')
        if p == page:
            parts.append(f'<li class="active"><a href="#">{p}</a></li>')
        else:
            parts.append(f'<li><a title="Trang {p}" href="{page_url(p)}">{p}</a></li>')
        prev = p
    if page < pages:
        parts.append(f'<li><a rel="next" title="Trang {page + 1}" '
                     f'href="{page_url(page + 1)}">&raquo;</a></li>')
    else:
        parts.append('<li class="disabled"><a href="#">&raquo;</a></li>')
    return ('<div class="clearfix"></div><div class="text-center"><ul class="pagination">'
            + "".join(parts) + "</ul></div>")


def error_page(ctx: RenderContext, site: Site, status: int = 404) -> str:
    """NukeViet's ``nv_info_die`` page (``system/info_die.tpl``)."""
    title = f"Lỗi {status}"
    content = ("Trang bạn yêu cầu không tồn tại hoặc đã bị xóa. Vui lòng kiểm tra lại đường dẫn."
               if status == 404 else "Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau.")
    return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head>
<meta http-equiv="content-type" content="text/html; charset=utf-8" />
<meta http-equiv="expires" content="0" />
<meta name="generator" content="{esc(site.generator)}" />
<title>{title}</title>
<link href="/themes/default/css/style.css" rel="stylesheet" />
</head>
<body>
<div class="nv-infodie text-center"><div class="panel-body">
<p><a href="{ctx.abs('/')}"><img class="logo" src="{LOGO}" alt="{esc(site.name)}"></a></p>
<div class="m-bottom"><h2>{title}</h2>{content}</div>
<div><hr /><em class="fa fa-home fa-lg">&nbsp;</em> <a href="{ctx.abs('/')}">Về trang chủ</a>\
</div>
</div></div>
</body>
</html>
"""
