"""Rendering helpers shared by the fixture sites (the corpus's articles in every platform's form)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from crawler.fixture_portal.corpus import Article, Corpus
from crawler.fixture_portal.render import esc, served_text
from crawler.fixture_portal.render_pages import body_html
from crawler.fixture_portal.server import HTML, Response

VN = ZoneInfo("Asia/Ho_Chi_Minh")
__all__ = ["HTML", "VN", "Page", "Response", "body_html", "esc", "served_text", "shown", "vn"]


def html(text: str, status: int = 200, **headers: str) -> Response:
    """An HTML answer."""
    return Response(status, text.encode(), HTML, dict(headers))


def redirect(location: str, status: int = 302) -> Response:
    """A redirect answer."""
    return Response(status, f'<a href="{location}">{location}</a>'.encode(), HTML,
                    {"Location": location})


def vn(dt: datetime) -> datetime:
    """The time in Vietnam."""
    return dt.astimezone(VN)


def shown(corpus: Corpus) -> list[Article]:
    """Published articles, newest first."""
    return corpus.published_articles()


@dataclass
class Page:
    """A slice of a listing."""

    items: list[Article]
    number: int
    count: int


def paginate(items: list[Article], number: int, size: int) -> Page | None:
    """Page ``number`` (1-based) of ``items``, or None past the end."""
    count = max(1, -(-len(items) // size))
    if number < 1 or number > count:
        return None
    return Page(items[(number - 1) * size:number * size], number, count)


def title(a: Article) -> str:
    """Escaped title in the article's text form."""
    return esc(served_text(a, a.title))


def lead(a: Article) -> str:
    """Escaped lead in the article's text form."""
    return esc(served_text(a, a.lead))


def category_title(corpus: Corpus, a: Article) -> str:
    """Title of the article's category."""
    module = corpus.site.module(a.module)
    category = module.category(a.category) if module else None
    return category.title if category else a.category
