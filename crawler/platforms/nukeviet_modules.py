"""The modules of a NukeViet site, and which URLs are articles of its news modules.

A NukeViet site is a set of modules with free names: news modules (``news``, ``tin-tuc``,
``xay-dung-dang``...) and others (``about``/``page``, ``contact``, ``faq``, ``laws``,
``download``, ``users``...). With URL rewriting the default module's name is left out, so its
article ``/{cat}/{alias}-{id}.html`` has the shape of a page of another module whose alias ends
in digits (``/about/gioi-thieu-chung-4.html``). NukeViet routes the first path segment to the
module of that name when there is one, so a URL is an article of the default module only when
its first segment is not a module. Modules are learned from the sitemap index
(``sitemap-{lang}.{module}.xml``, or ``?nv={module}`` without URL rewriting), feeds
(``/{module}/rss/``, the ``rel=alternate`` links every page carries) and the registry; the names
of NukeViet's non-news module types are known in advance. Menu links alone do not tell a module
(``/{x}/`` is also a category of the default module), so a page module under a name of its own
is known from the sitemap index; until it has been read, the crawl holds such ambiguous links.
Pure functions, no Scrapy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from crawler.platforms.nukeviet import ArticleKey, article_key

NON_NEWS_MODULES = frozenset(
    {"about", "page", "contact", "faq", "laws", "download", "users", "banners", "siteterms",
     "voting", "statistics", "seek", "feeds", "comment", "two-step-verification", "myapi",
     "menu", "freecontent", "weblinks", "sitemap"}
)
"""Module names of NukeViet's standard non-news module types (as installed)."""
SITEMAP_ENTRY = re.compile(r"/sitemap-[a-z]{2}\.([A-Za-z0-9_-]+)\.xml$")


@dataclass
class SiteModules:
    """What is known of a site's modules; grows while the crawl reads sitemaps and feeds."""

    default: str = "news"
    news: set[str] = field(default_factory=set)
    """Modules known to publish news articles (their listings and feeds are read)."""
    known: set[str] = field(default_factory=set)
    """Every module name seen (sitemap index, feeds, article URLs), news or not."""

    def __post_init__(self) -> None:
        self.news.add(self.default)
        self.known |= self.news

    def is_news(self, module: str) -> bool:
        """Whether articles of ``module`` are news (never for the non-news module types)."""
        return module not in NON_NEWS_MODULES

    def learn(self, module: str, *, news: bool = False) -> bool:
        """Record a module; True when it is a news module not known before."""
        self.known.add(module)
        if news and self.is_news(module) and module not in self.news:
            self.news.add(module)
            return True
        return False

    def learn_sitemap(self, url: str) -> str | None:
        """The module of a sitemap index entry (``sitemap-vi.laws.xml`` -> ``laws``), learned."""
        parts = urlsplit(url)
        match = SITEMAP_ENTRY.search(parts.path)
        module = match[1] if match else (parse_qs(parts.query).get("nv") or [None])[0]
        if not module:
            return None
        self.learn(module)
        return module

    def ambiguous(self, url: str) -> bool:
        """An article URL without its module (``/{x}/{alias}-{id}.html``) whose first segment is
        not known to be a module yet: a category of the default module, or a module not seen."""
        segments = [s for s in unquote(urlsplit(url).path).split("/") if s]
        return len(segments) == 2 and segments[0] not in self.known

    def identity(self, url: str) -> tuple[ArticleKey | None, str | None]:
        """``(key, None)`` for an article of a news module; ``(None, reason)`` for a URL shaped
        like an article that belongs to another module; ``(None, None)`` for anything else."""
        key = article_key(url, self.default)
        if key is None:
            return None, None
        path = unquote(urlsplit(url).path)
        segments = [s for s in path.split("/") if s]
        if len(segments) >= 3:  # /{module}/{cat}/{alias}-{id}.html (or 3.x's .../{alias}-{id}/)
            if not self.is_news(key.module):
                return None, f"page of module '{key.module}', not a news module"
            return key, None
        first = segments[0]
        if first in self.known or first in NON_NEWS_MODULES:
            return None, (f"page of module '{first}' (a module's own page, not an article of the "
                          f"news module '{self.default}')")
        return key, None
