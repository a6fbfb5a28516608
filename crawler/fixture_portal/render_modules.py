"""Views of the modules that are not news (NukeViet's ``page`` type, installed as ``about``...).

A page is ``/{module}/{alias}.html`` (``themes/default/modules/page/main.tpl``: schema.org
``Article`` microdata, no ``news_column``, no ``#news-bodyhtml``); the module's home lists its
pages; its feed and sitemap list the page URLs. A page alias ending in digits
(``chuc-nang-nhiem-vu-1205``) has the shape of an article of the default module with that id:
the trap of a real NukeViet 4.5 site that these views reproduce.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from crawler.fixture_portal.corpus import Corpus, Page, PageModule
from crawler.fixture_portal.render import RenderContext, esc, layout


def page_path(module: PageModule, page: Page) -> str:
    """``/{module}/{alias}.html``."""
    return f"/{module.name}/{page.alias}.html"


def page_view(ctx: RenderContext, corpus: Corpus, module: PageModule, page: Page) -> str:
    """One page of a page module."""
    paragraphs = "".join(f"<p>{esc(text)}</p>" for text in page.body)
    body = (f'<div class="page panel panel-default" itemtype="http://schema.org/Article" '
            f'itemscope><div class="panel-body">'
            f'<h1 class="title margin-bottom-lg" itemprop="headline">{esc(page.title)}</h1>'
            f'<div class="bodytext margin-bottom-lg" itemprop="articleBody">{paragraphs}</div>'
            "</div></div>")
    return layout(ctx, corpus, title=f"{page.title} - {corpus.site.name}", body=body,
                  canonical_path=page_path(module, page),
                  crumbs=[(module.title, f"/{module.name}/")])


def module_home(ctx: RenderContext, corpus: Corpus, module: PageModule) -> str:
    """The module's home: its pages as a list."""
    items = "".join(f'<li><a href="{page_path(module, p)}">{esc(p.title)}</a></li>'
                    for p in module.pages)
    body = (f'<div class="page panel panel-default"><div class="panel-body">'
            f'<h1 class="title">{esc(module.title)}</h1><ul class="list-items">{items}</ul>'
            "</div></div>")
    return layout(ctx, corpus, title=f"{module.title} - {corpus.site.name}", body=body,
                  canonical_path=f"/{module.name}/")


def module_rss(ctx: RenderContext, corpus: Corpus, module: PageModule) -> str:
    """``/{module}/rss/``: the pages, guid ``{module}_{alias}``, no dates."""
    items = "".join(
        "        <item>\n"
        f"            <title>{xml_escape(p.title)}</title>\n"
        f"            <link>{xml_escape(ctx.abs(page_path(module, p)))}</link>\n"
        f'            <guid isPermaLink="false">{module.name}_{p.alias}</guid>\n'
        "        </item>\n" for p in module.pages)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">\n    <channel>\n'
            f"        <title>{xml_escape(module.title)}</title>\n"
            f"        <link>{xml_escape(ctx.abs(f'/{module.name}/'))}</link>\n"
            f"        <description>{xml_escape(corpus.site.description)}</description>\n"
            f"{items}    </channel>\n</rss>\n")


def module_sitemap(ctx: RenderContext, module: PageModule) -> str:
    """``/sitemap-vi.{module}.xml``: the page URLs."""
    urls = "".join(f"<url><loc>{xml_escape(ctx.abs(page_path(module, p)))}</loc>"
                   "<changefreq>monthly</changefreq><priority>0.5</priority></url>\n"
                   for p in module.pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + urls + "</urlset>\n")
