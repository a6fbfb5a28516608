"""Machine-readable views: RSS 2.0 (``layout/rss.tpl``), XML sitemaps and robots.txt."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape as xml_escape

from crawler.fixture_portal.corpus import Article, Corpus, Site
from crawler.fixture_portal.render import RenderContext, iso, php_date, quote_path, served_text

SITEMAP_LIMIT = 1000
RSS_DATE_BUGGY = "D, d M Y H:m:s O"
"""NukeViet before 4.6 formats ``pubDate`` with ``m`` (month) where ``i`` (minutes) belongs."""
RSS_DATE = "D, d M Y H:i:s O"


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def rss(ctx: RenderContext, site: Site, module: str, cat_alias: str | None,
        items: Sequence[Article], *, buggy: bool = True) -> str:
    """The RSS feed of a module or category: newest items, ``guid`` ``{module}_{id}``."""
    mod = site.module(module)
    assert mod is not None
    title, link = mod.title, f"/{module}/"
    if cat_alias:
        cat = mod.category(cat_alias)
        title, link = f"{mod.title} - {cat.title if cat else cat_alias}", f"/{module}/{cat_alias}/"
    fmt = RSS_DATE_BUGGY if buggy else RSS_DATE
    self_path = f"/{module}/rss/" + (f"{cat_alias}/" if cat_alias else "")
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<?xml-stylesheet type="text/xsl" href="{ctx.abs("/assets/css/rss.xsl")}" '
        'media="screen"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        "    <channel>\n"
        f"        <title>{xml_escape(title)}</title>\n"
        f"        <link>{xml_escape(ctx.abs(link))}</link>\n"
        f'        <atom:link href="{xml_escape(ctx.abs(self_path))}" rel="self" '
        'type="application/rss+xml" />\n'
        f"        <description>{_cdata(site.description)}</description>\n"
        "        <language>vi</language>\n"
    ]
    if items:
        newest = php_date(fmt, items[0].published, ctx.tz, vietnamese=False)
        out.append(f"        <pubDate>{newest}</pubDate>\n"
                   f"        <lastBuildDate>{newest}</lastBuildDate>\n")
    out.append(f"        <copyright>{_cdata(site.name)}</copyright>\n"
               f"        <docs>{xml_escape(ctx.abs(f'/{module}/rss/'))}</docs>\n"
               f"        <generator>{_cdata('Nukeviet Portal')}</generator>\n"
               "        <image>\n"
               f"            <url>{xml_escape(ctx.abs('/uploads/logo.png'))}</url>\n"
               f"            <title>{xml_escape(title)}</title>\n"
               f"            <link>{xml_escape(ctx.abs(link))}</link>\n"
               "            <width>120</width>\n            <height>60</height>\n"
               "        </image>\n")
    for a in items:
        img = ""
        if a.lead_image:
            img = (f'<img src="{ctx.abs(quote_path(a.lead_image.src))}" width="100" '
                   'align="left" border="0">')
        out.append(
            "        <item>\n"
            f"            <title>{xml_escape(served_text(a, a.title))}</title>\n"
            f"            <link>{xml_escape(ctx.abs(a.url_path))}</link>\n"
            f'            <guid isPermaLink="false">{_cdata(f"{a.module}_{a.id}")}</guid>\n'
            f"            <description>{_cdata(img + served_text(a, a.lead))}</description>\n"
            f"            <pubDate>{php_date(fmt, a.published, ctx.tz, vietnamese=False)}"
            "</pubDate>\n"
            "        </item>\n")
    out.append("    </channel>\n</rss>\n")
    return "".join(out)


def sitemap_index(ctx: RenderContext, corpus: Corpus) -> str:
    """``/sitemap.xml``: one ``sitemap-vi.{module}.xml`` entry per module."""
    entries = []
    for m in corpus.site.modules:
        items = corpus.articles_in(m.name)[:SITEMAP_LIMIT]
        lastmod = (f"<lastmod>{iso(max(a.edited for a in items), ctx.tz)}</lastmod>"
                   if items else "")
        entries.append(f"<sitemap><loc>{xml_escape(ctx.abs(f'/sitemap-vi.{m.name}.xml'))}</loc>"
                       f"{lastmod}</sitemap>")
    entries += [f"<sitemap><loc>{xml_escape(ctx.abs(f'/sitemap-vi.{m.name}.xml'))}</loc></sitemap>"
                for m in corpus.site.page_modules]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(entries) + "\n</sitemapindex>\n")


def module_sitemap(ctx: RenderContext, corpus: Corpus, module: str) -> str:
    """``/sitemap-vi.{module}.xml``: the 1,000 newest articles, ``lastmod`` = edit time."""
    urls = "".join(
        f"<url><loc>{xml_escape(ctx.abs(a.url_path))}</loc>"
        f"<lastmod>{iso(a.edited, ctx.tz)}</lastmod>"
        "<changefreq>daily</changefreq><priority>0.8</priority></url>\n"
        for a in corpus.articles_in(module)[:SITEMAP_LIMIT])
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + urls + "</urlset>\n")


def robots_txt(ctx: RenderContext, site: Site) -> str:
    """NukeViet's default robots.txt plus prefix rules for the news print/sendmail views."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: /{d}/" for d in
              ("admin", "assets/js", "data", "includes", "install", "modules", "vendor")]
    lines += [f"Disallow: /{f}" for f in
              ("robots.php", "web.config", "config.php", "mainfile.php", "install.php")]
    for m in site.modules:
        lines += [f"Disallow: /{m.name}/print/", f"Disallow: /{m.name}/sendmail/"]
    lines.append(f"Sitemap: {ctx.abs('/sitemap.xml')}")
    return "\n".join(lines) + "\n"
