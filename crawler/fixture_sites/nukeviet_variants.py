"""NukeViet 3.x and the NukeViet 4 eGov theme, derived from the NukeViet 4.5 fixture portal.

Both wrap :class:`crawler.fixture_portal.FixturePortal` (never started: only its router) and
rewrite its answers. 3.x: generator ``NukeViet v3.4``, ``/js/global.js`` with ``nv_siteroot``,
article URLs ``/{module}/{cat}/{alias}-{id}/`` and the 3.x ``detail.tpl`` markup (``#news_detail``,
``span.time`` with two spaces before the time, ``#hometext`` with ``#imghome``, ``.keywords``).
eGov (inferred from theme descriptions, not from its source): ``/themes/egov/`` assets, listing
dates ``d/m/Y h:i:s A``, view counters right after the article's date.
"""

from __future__ import annotations

import re
from datetime import datetime

from crawler.fixture_portal import FixturePortal
from crawler.fixture_portal.corpus import Article, Corpus
from crawler.fixture_portal.render import php_date
from crawler.fixture_sites.common import VN, Response, body_html, esc, html, lead, served_text, title

ARTICLE_3X = re.compile(r"^/([a-z0-9-]+)/([a-z0-9-]+)/([a-z0-9-]+)-(\d+)/$")
LIST_TIME = re.compile(
    r"(<em class=\"fa fa-clock-o\">&nbsp;</em> )(\d{2}/\d{2}/\d{4}) (\d{2}):(\d{2}):(\d{2})")


class _Wrapped:
    server_header = "Apache"

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.portal = FixturePortal(corpus)

    def _inner(self, raw: str, base: str) -> Response:
        inner = self.portal.handle("GET", raw, base.split("/")[2])
        return Response(inner.status, inner.body, inner.content_type, dict(inner.headers))

    def not_found(self, base: str) -> Response:
        """The wrapped portal's 404."""
        return self._inner("/__missing__", base)


class EgovApp(_Wrapped):
    """NukeViet 4 with the eGov theme."""

    def route(self, base: str, path: str, query: dict[str, str], raw: str) -> Response | None:
        """The 4.5 answer with the theme's differences."""
        response = self._inner(raw, base)
        if not response.content_type.startswith("text/html"):
            return response
        text = response.body.decode()
        text = text.replace("/themes/default/", "/themes/egov/").replace("NukeViet v4.5", "NukeViet v4.3")

        def twelve(m: re.Match[str]) -> str:
            hour = int(m[3])
            return f"{m[1]}{m[2]} {(hour % 12) or 12:02d}:{m[4]}:{m[5]} {'AM' if hour < 12 else 'PM'}"

        text = LIST_TIME.sub(twelve, text)
        text = re.sub(r'(<span class="h5">[^<]*</span>)<span class="hitcount">(\d+)</span>',
                      r'\1<span class="text-muted"> <em class="fa fa-eye">&nbsp;</em>\2</span>'
                      r' <span class="text-muted"><em class="fa fa-comment-o">&nbsp;</em>0</span>', text)
        response.body = text.encode()
        return response


class NukeViet3App(_Wrapped):
    """NukeViet 3.4 (default theme, rewrite on)."""

    def _article3(self, base: str, a: Article) -> Response:
        when = php_date("l - d/m/Y  H:i", a.published, VN)
        image = ""
        if a.lead_image:
            cap = esc(served_text(a, a.lead_image.caption)) if a.lead_image.caption else ""
            image = (f'<div id="imghome" class="fl" style="width:160px;margin-right:8px;">'
                     f'<a href="{a.lead_image.src}" rel="shadowbox"><img alt="{cap}" '
                     f'src="{a.lead_image.src}" width="160"/></a><p><em>{cap}</em></p></div>')
        author = (f'<p style="text-align: right;"><strong>Tác giả: </strong>{esc(a.author)}</p>'
                  if a.author else "")
        source = (f'<p style="text-align: right;"><strong>Nguồn tin: </strong>{esc(a.source)}</p>'
                  if a.source else "")
        keywords = ", ".join(f'<a title="{esc(t)}" href="/{a.module}/tag/{esc(t)}/"><em>{esc(t)}</em></a>'
                             for t in a.tags)
        related = "".join([f'<li><a href="{_url3(o)}">{title(o)}</a> <span class="date">'
                          f"({php_date('d/m/Y', o.published, VN)})</span></li>"
                          for o in self.corpus.articles_in(a.module, a.category) if o is not a][:5])
        page = (
            '<!DOCTYPE html><html><head>'
            '<meta http-equiv="content-type" content="text/html; charset=utf-8" />'
            f'<meta name="generator" content="NukeViet v3.4" /><title>{title(a)}</title>'
            f'<link rel="alternate" href="/{a.module}/rss/" title="Tin tức" type="application/rss+xml" />'
            f'<script type="text/javascript">var nv_siteroot="/",nv_sitelang="vi",nv_name_variable="nv";'
            f'</script><script type="text/javascript" src="/js/global.js"></script></head><body>'
            f'<div id="header"><h1>{esc(self.corpus.site.name)}</h1><div class="clock">'
            f"{php_date('l - d/m/Y H:i', datetime.now(VN), VN)}</div></div>"
            f'<div class="news_column" style="padding:0 !important;margin:0 !important;">'
            f'<div id="news_detail"><h1>{title(a)}</h1><span class="time">{when}</span>'
            f'<div class="control"><ul><li><a class="print" href="/{a.module}/print/{a.alias}-{a.id}/">'
            f'</a></li><li><a class="savefile" href="/{a.module}/savefile/{a.alias}-{a.id}/"></a></li>'
            f'</ul></div><div style="clear: both;"></div><div id="hometext">{image}{lead(a)}</div>'
            f'<div class="bodytext">{body_html(a)}</div>{author}{source}</div>'
            + (f'<div class="keywords"><strong>Từ khóa: </strong>{keywords}</div>' if keywords else "")
            + f'<p><strong>Những tin cũ hơn</strong></p><ul class="related">{related}</ul></div>'
            f'<div id="footer">© NukeViet 3</div></body></html>')
        return html(page)

    def route(self, base: str, path: str, query: dict[str, str], raw: str) -> Response | None:
        """3.x URLs and pages; other routes from the 4.5 router with URLs rewritten."""
        if (m := ARTICLE_3X.match(path)) and m[3] != "page":
            a = self.corpus.by_key(m[1], int(m[4]))
            if a is None or not a.published_ok or m[2] in ("print", "savefile", "sendmail"):
                return None
            return self._article3(base, a)
        if path.endswith(".html"):
            return None  # 3.x has no .html article URLs
        response = self._inner(raw, base)
        if response.content_type.startswith(("text/html", "application/xml", "application/rss")):
            text = response.body.decode()
            text = re.sub(r"-(\d+)\.html", r"-\1/", text)
            text = text.replace("NukeViet v4.5", "NukeViet v3.4").replace(
                "/assets/js/global.js", "/js/global.js").replace(
                "<head>", '<head><script>var nv_siteroot="/";</script>', 1)
            response.body = text.encode()
        return response


def _url3(a: Article) -> str:
    return f"/{a.module}/{a.category}/{a.alias}-{a.id}/"
