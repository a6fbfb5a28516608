"""The fixture portal's corpus: site description and articles, loaded and validated from TOML.

Layout of a corpus directory: ``site.toml`` (site name, modules, categories, paging) and
``articles/*.toml`` (one article a file, schema in README.md). :func:`load_corpus` checks every
field and raises :class:`CorpusError` naming the file and the field at fault.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

BUNDLED_DIR = Path(__file__).resolve().parent / "corpus"
ALIAS_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TEXT_FORMS = ("nfc", "nfd", "eth")
STATUSES = ("published", "unpublished")
IMAGE_STYLES = ("figure", "p-em")
RESERVED_ALIASES = ("page", "tag", "rss", "print", "sendmail", "savefile", "search", "topic")

_ARTICLE_KEYS = {
    "id", "module", "category", "title", "alias", "lead", "published", "updated", "author",
    "source", "tags", "status", "text_form", "lead_image", "body", "attachments", "people",
}


class CorpusError(ValueError):
    """A corpus file is missing, unreadable or breaks the schema."""


@dataclass(frozen=True)
class Category:
    """A category of a news module (``alias`` appears in URLs)."""

    alias: str
    title: str


@dataclass(frozen=True)
class Module:
    """A news module (``name`` is the first URL segment) and its categories, in menu order."""

    name: str
    title: str
    categories: tuple[Category, ...]

    def category(self, alias: str) -> Category | None:
        """The category with this alias, or None."""
        return next((c for c in self.categories if c.alias == alias), None)


@dataclass(frozen=True)
class Page:
    """A page of a page module (NukeViet's ``page`` type, e.g. ``about``): ``/{module}/{alias}.html``."""

    alias: str
    title: str
    body: tuple[str, ...]


@dataclass(frozen=True)
class PageModule:
    """A module that is not news: its own pages, in the menu, the sitemap index and (with
    ``rss``) the feeds. Page aliases may end in digits, like article URLs."""

    name: str
    title: str
    pages: tuple[Page, ...]
    rss: bool = True

    def page(self, alias: str) -> Page | None:
        """The page with this alias, or None."""
        return next((p for p in self.pages if p.alias == alias), None)


@dataclass(frozen=True)
class Site:
    """The portal as a whole (``site.toml``)."""

    name: str
    description: str
    province: str
    generator: str
    default_module: str
    page_size: int
    rss_items: int
    modules: tuple[Module, ...]
    page_modules: tuple[PageModule, ...] = ()

    def module(self, name: str) -> Module | None:
        """The module with this name, or None."""
        return next((m for m in self.modules if m.name == name), None)

    def page_module(self, name: str) -> PageModule | None:
        """The page module with this name, or None."""
        return next((m for m in self.page_modules if m.name == name), None)


@dataclass(frozen=True)
class Image:
    """An image: site-relative ``src`` and optional caption."""

    src: str
    caption: str | None = None


@dataclass(frozen=True)
class Block:
    """A body block: a paragraph (``kind == "p"``) or an image (``kind == "image"``)."""

    kind: str
    text: str = ""
    src: str = ""
    caption: str | None = None
    style: str = "figure"


@dataclass(frozen=True)
class Attachment:
    """A downloadable file listed under the article."""

    url: str
    name: str


@dataclass(frozen=True)
class Person:
    """Ground truth of a person named in the article (never rendered)."""

    name: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """One article as stored in the CMS; rendering applies ``text_form``."""

    id: int
    module: str
    category: str
    title: str
    alias: str
    lead: str
    published: datetime
    body: tuple[Block, ...]
    updated: datetime | None = None
    author: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    status: str = "published"
    text_form: str = "nfc"
    lead_image: Image | None = None
    attachments: tuple[Attachment, ...] = ()
    people: tuple[Person, ...] = ()

    @property
    def published_ok(self) -> bool:
        """True when the portal shows the article (status ``published``)."""
        return self.status == "published"

    @property
    def edited(self) -> datetime:
        """The edit time: ``updated`` when set, else ``published``."""
        return self.updated or self.published

    @property
    def key(self) -> tuple[str, int]:
        """``(module, id)``, the article's identity."""
        return (self.module, self.id)

    @property
    def url_path(self) -> str:
        """Canonical path ``/{module}/{cat}/{alias}-{id}.html``."""
        return f"/{self.module}/{self.category}/{self.alias}-{self.id}.html"


def _newest_first(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.published, a.id), reverse=True)


def slugify(text: str) -> str:
    """NukeViet ``change_alias``: lowercase ASCII words joined by hyphens (đ -> d)."""
    text = text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D").replace("ð", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def tag_alias(tag: str) -> str:
    """URL path segment of a tag (always ASCII).

    The usual NukeViet slug; a tag starting with Đ/đ keeps its Vietnamese letters, lowercased
    and hyphenated, percent-encoded as UTF-8 (``Định Hóa`` -> ``%C4%91%E1%BB%8Bnh-h%C3%B3a``).
    """
    tag = unicodedata.normalize("NFC", tag.strip())
    if tag[:1] in ("Đ", "đ"):
        words = re.sub(r"[^\w]+", "-", tag.lower()).strip("-")
        return quote(words, safe="-")
    return slugify(tag)


@dataclass(frozen=True)
class Corpus:
    """Site and articles, with indexes built on first use (the corpus is immutable)."""

    site: Site
    articles: tuple[Article, ...] = field(default_factory=tuple)

    @cached_property
    def _by_key(self) -> dict[tuple[str, int], Article]:
        return {a.key: a for a in self.articles}

    @cached_property
    def _published(self) -> list[Article]:
        return _newest_first([a for a in self.articles if a.published_ok])

    @cached_property
    def _listings(self) -> dict[tuple[str, str | None], list[Article]]:
        lists: dict[tuple[str, str | None], list[Article]] = defaultdict(list)
        for a in self._published:
            lists[(a.module, None)].append(a)
            lists[(a.module, a.category)].append(a)
        return dict(lists)

    @cached_property
    def _positions(self) -> dict[tuple[str, int], int]:
        return {
            a.key: i
            for (_module, cat), items in self._listings.items()
            if cat is not None
            for i, a in enumerate(items)
        }

    @cached_property
    def _tags(self) -> dict[tuple[str, str], tuple[str, list[Article]]]:
        tags: dict[tuple[str, str], tuple[str, list[Article]]] = {}
        for a in self._published:
            for tag in a.tags:
                key = (a.module, tag_alias(tag))
                entry = tags.setdefault(key, (tag, []))
                if not entry[1] or entry[1][-1] is not a:
                    entry[1].append(a)
        return tags

    def published_articles(self) -> list[Article]:
        """Every shown article, newest first (do not mutate the list)."""
        return self._published

    def by_key(self, module: str, id: int) -> Article | None:
        """The article ``id`` of ``module`` (published or not), or None."""
        return self._by_key.get((module, id))

    def articles_in(self, module: str, cat: str | None = None) -> list[Article]:
        """Shown articles of a module (or one of its categories), newest first."""
        return self._listings.get((module, cat), [])

    def position(self, article: Article) -> int:
        """Index of a shown article in its category listing (-1 when not shown)."""
        return self._positions.get(article.key, -1)

    def tagged(self, module: str, alias: str) -> tuple[str, list[Article]] | None:
        """``(tag text, shown articles newest first)`` for a tag alias of a module, or None."""
        return self._tags.get((module, alias))

    @staticmethod
    def tag_alias(tag: str) -> str:
        """See :func:`tag_alias`."""
        return tag_alias(tag)

    def with_article(self, article: Article) -> Corpus:
        """A new corpus with ``article`` added (or replacing the one with the same key)."""
        check_article(self.site, article, "<add_article>")
        kept = tuple(a for a in self.articles if a.key != article.key)
        return replace(self, articles=(*kept, article))


# --- loading -------------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise CorpusError(f"{path}: file not found") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: invalid TOML: {exc}") from exc


def _get(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str,
         *, required: bool = True, default: Any = None) -> Any:
    if key not in data:
        if required:
            raise CorpusError(f"{where}: missing field '{key}'")
        return default
    value = data[key]
    if (isinstance(value, bool) and kind is int) or not isinstance(value, kind):
        raise CorpusError(f"{where}: field '{key}' has the wrong type ({type(value).__name__})")
    if isinstance(value, str) and required and not value.strip():
        raise CorpusError(f"{where}: field '{key}' is empty")
    return value


def _tables(data: dict[str, Any], key: str, where: str,
            *, required: bool = False) -> list[tuple[str, dict[str, Any]]]:
    """``(location, table)`` for each table of an array of tables (``[[key]]``)."""
    items = _get(data, key, list, where, required=required, default=[])
    out = [(f"{where}: {key}[{i}]", t) for i, t in enumerate(items)]
    for loc, table in out:
        if not isinstance(table, dict):
            raise CorpusError(f"{loc}: not a table")
    return out


def _time(data: dict[str, Any], key: str, where: str, *, required: bool) -> datetime | None:
    value = data.get(key)
    if value is None:
        if required:
            raise CorpusError(f"{where}: missing field '{key}'")
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as exc:
            raise CorpusError(f"{where}: field '{key}' is not an ISO 8601 datetime") from exc
    if not isinstance(value, datetime):
        raise CorpusError(f"{where}: field '{key}' is not a datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise CorpusError(f"{where}: field '{key}' is a naive datetime (give an offset)")
    return value


def load_site(path: Path) -> Site:
    """Parse and check ``site.toml``."""
    data = _read_toml(path)
    w = str(path)
    modules = []
    for mw, m in _tables(data, "modules", w, required=True):
        name = _get(m, "name", str, mw)
        if not ALIAS_RE.match(name):
            raise CorpusError(f"{mw}: field 'name' is not a lowercase slug: {name!r}")
        cats = []
        for cw, c in _tables(m, "categories", mw, required=True):
            alias = _get(c, "alias", str, cw)
            if not ALIAS_RE.match(alias) or alias in RESERVED_ALIASES:
                raise CorpusError(f"{cw}: field 'alias' is not a usable slug: {alias!r}")
            cats.append(Category(alias, _get(c, "title", str, cw)))
        if len({c.alias for c in cats}) != len(cats):
            raise CorpusError(f"{mw}: duplicate category alias")
        modules.append(Module(name, _get(m, "title", str, mw), tuple(cats)))
    if not modules or len({m.name for m in modules}) != len(modules):
        raise CorpusError(f"{w}: field 'modules' is empty or has duplicate names")
    page_modules = []
    for pw, pm in _tables(data, "page_modules", w, required=False):
        name = _get(pm, "name", str, pw)
        if not ALIAS_RE.match(name) or name in {m.name for m in modules}:
            raise CorpusError(f"{pw}: field 'name' is not a free lowercase slug: {name!r}")
        pages = []
        for qw, q in _tables(pm, "pages", pw, required=True):
            alias = _get(q, "alias", str, qw)
            if not ALIAS_RE.match(alias):
                raise CorpusError(f"{qw}: field 'alias' is not a lowercase slug: {alias!r}")
            body = _get(q, "body", list, qw)
            pages.append(Page(alias, _get(q, "title", str, qw), tuple(str(b) for b in body)))
        page_modules.append(PageModule(name, _get(pm, "title", str, pw), tuple(pages),
                                       _get(pm, "rss", bool, pw, required=False, default=True)))
    site = Site(
        name=_get(data, "name", str, w),
        description=_get(data, "description", str, w, required=False, default=""),
        province=_get(data, "province", str, w, required=False, default=""),
        generator=_get(data, "generator", str, w, required=False, default="NukeViet v4.5"),
        default_module=_get(data, "default_module", str, w, required=False,
                            default=modules[0].name),
        page_size=_get(data, "page_size", int, w, required=False, default=5),
        rss_items=_get(data, "rss_items", int, w, required=False, default=30),
        modules=tuple(modules),
        page_modules=tuple(page_modules),
    )
    if site.module(site.default_module) is None:
        raise CorpusError(f"{w}: field 'default_module' names an unknown module")
    if site.page_size < 1 or site.rss_items < 1:
        raise CorpusError(f"{w}: fields 'page_size' and 'rss_items' must be positive")
    return site


def _image(data: Any, where: str) -> Image:
    if not isinstance(data, dict):
        raise CorpusError(f"{where}: not a table")
    src = _get(data, "src", str, where)
    if not src.startswith("/"):
        raise CorpusError(f"{where}: field 'src' must be a site path starting with '/'")
    return Image(src, _get(data, "caption", str, where, required=False))


def _block(data: dict[str, Any], where: str) -> Block:
    if ("p" in data) == ("image" in data):
        raise CorpusError(f"{where}: a block needs exactly one of 'p' or 'image'")
    if "p" in data:
        if extra := set(data) - {"p"}:
            raise CorpusError(f"{where}: unknown field(s) {sorted(extra)} in a paragraph")
        return Block("p", text=_get(data, "p", str, where))
    if extra := set(data) - {"image", "caption", "style"}:
        raise CorpusError(f"{where}: unknown field(s) {sorted(extra)} in an image block")
    src = _get(data, "image", str, where)
    if not src.startswith("/"):
        raise CorpusError(f"{where}: field 'image' must be a site path starting with '/'")
    caption = _get(data, "caption", str, where, required=False)
    style = _get(data, "style", str, where, required=False, default="figure")
    if style not in IMAGE_STYLES:
        raise CorpusError(f"{where}: field 'style' must be one of {IMAGE_STYLES}")
    return Block("image", src=src, caption=caption, style=style)


def parse_article(data: dict[str, Any], where: str) -> Article:
    """Build an :class:`Article` from a TOML table, checking every field's type."""
    if unknown := set(data) - _ARTICLE_KEYS:
        raise CorpusError(f"{where}: unknown field(s) {sorted(unknown)}")
    body = _tables(data, "body", where, required=True)
    if not body:
        raise CorpusError(f"{where}: field 'body' has no blocks")
    tags = _get(data, "tags", list, where, required=False, default=[])
    if not all(isinstance(t, str) and t.strip() for t in tags):
        raise CorpusError(f"{where}: field 'tags' must be a list of non-empty strings")
    attachments = [Attachment(_get(t, "url", str, w), _get(t, "name", str, w))
                   for w, t in _tables(data, "attachments", where)]
    people = [Person(_get(t, "name", str, w),
                     tuple(str(r) for r in _get(t, "roles", list, w, required=False, default=[])))
              for w, t in _tables(data, "people", where)]
    lead_image = data.get("lead_image")
    return Article(
        id=_get(data, "id", int, where),
        module=_get(data, "module", str, where),
        category=_get(data, "category", str, where),
        title=_get(data, "title", str, where),
        alias=_get(data, "alias", str, where),
        lead=_get(data, "lead", str, where),
        published=_time(data, "published", where, required=True),  # type: ignore[arg-type]
        updated=_time(data, "updated", where, required=False),
        author=_get(data, "author", str, where, required=False),
        source=_get(data, "source", str, where, required=False),
        tags=tuple(tags),
        status=_get(data, "status", str, where, required=False, default="published"),
        text_form=_get(data, "text_form", str, where, required=False, default="nfc"),
        lead_image=_image(lead_image, f"{where}: lead_image") if lead_image is not None else None,
        body=tuple(_block(b, w) for w, b in body),
        attachments=tuple(attachments),
        people=tuple(people),
    )


def check_article(site: Site, article: Article, where: str) -> None:
    """Check an article against the site (module, category, alias, enumerations)."""
    module = site.module(article.module)
    if module is None:
        raise CorpusError(f"{where}: field 'module' names an unknown module {article.module!r}")
    if module.category(article.category) is None:
        raise CorpusError(
            f"{where}: field 'category' names an unknown category {article.category!r} "
            f"of module {article.module!r}"
        )
    if article.id < 1:
        raise CorpusError(f"{where}: field 'id' must be a positive integer")
    if not ALIAS_RE.match(article.alias):
        raise CorpusError(f"{where}: field 'alias' is not a lowercase ASCII slug: "
                          f"{article.alias!r}")
    if article.status not in STATUSES:
        raise CorpusError(f"{where}: field 'status' must be one of {STATUSES}")
    if article.text_form not in TEXT_FORMS:
        raise CorpusError(f"{where}: field 'text_form' must be one of {TEXT_FORMS}")
    for when in (article.published, article.updated):
        if when is not None and (when.tzinfo is None or when.utcoffset() is None):
            raise CorpusError(f"{where}: naive datetime (give an offset)")


def load_corpus(path: Path | None = None) -> Corpus:
    """Load ``site.toml`` and ``articles/*.toml`` from ``path`` (default: the bundled corpus)."""
    root = Path(path) if path is not None else BUNDLED_DIR
    site = load_site(root / "site.toml")
    articles: list[Article] = []
    seen: dict[tuple[str, int], Path] = {}
    for file in sorted((root / "articles").glob("*.toml")):
        article = parse_article(_read_toml(file), str(file))
        check_article(site, article, str(file))
        if article.key in seen:
            raise CorpusError(
                f"{file}: field 'id' duplicates id {article.id} of module {article.module!r} "
                f"(also in {seen[article.key].name})"
            )
        seen[article.key] = file
        articles.append(article)
    return Corpus(site, tuple(articles))
