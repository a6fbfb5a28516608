"""The fixture portal: a NukeViet-4.5-shaped news site served over HTTP for tests and benchmarks.

``FixturePortal`` is a :class:`LocalServer` (a stdlib ``ThreadingHTTPServer`` in a daemon thread, the
base the fixture sites and the tests' hand-written sites share). Routes, status codes
and quirks (canonical redirects, past-the-end page redirects, the RSS date bug, hit counters,
the header clock, flood protection) are documented in README.md.
"""

from __future__ import annotations

import contextlib
import math
import re
import ssl
import sys
import threading
import time
import traceback
import unicodedata
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

from crawler.fixture_portal import render, render_feeds, render_modules, render_pages
from crawler.fixture_portal.corpus import Article, Corpus, load_corpus
from crawler.fixture_portal.render import RenderContext

HTML = "text/html; charset=utf-8"
RE_ARTICLE = re.compile(r"^/([a-z0-9-]+)/(?:([^/]+)/)?([^/]+)-(\d+)\.html$")
RE_VIEW = re.compile(r"^/([a-z0-9-]+)/(print|sendmail|savefile)/([^/]+)-(\d+)\.html$")
RE_RSS = re.compile(r"^/([a-z0-9-]+)/rss(?:/([a-z0-9-]+))?/?$")
RE_TAG = re.compile(r"^(?:/([a-z0-9-]+))?/tag/([^/]+)(?:/page-(\d+))?/?$")
RE_LIST = re.compile(r"^/([a-z0-9-]+)(?:/(?!page-\d)([a-z0-9-]+))?(?:/page-(\d+))?/?$")
RE_SITEMAP = re.compile(r"^/sitemap-vi\.([a-z0-9-]+)\.xml$")
RE_PAGE_MODULE = re.compile(r"^/([a-z0-9-]+)/(?:([a-z0-9-]+)\.html|(rss)/?)?$")

# Tiny valid files served for any /uploads/ path with a known extension.
_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c"
    "1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc000"
    "0b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400"
    "b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c1"
    "1552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a63"
    "6465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6"
    "b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008"
    "010100003f00fbd3ffd9")
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
_GIF = bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c000000000100010000"
                     "02024401003b")
_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n")
UPLOADS: dict[str, tuple[str, bytes]] = {
    "jpg": ("image/jpeg", _JPEG), "jpeg": ("image/jpeg", _JPEG), "png": ("image/png", _PNG),
    "gif": ("image/gif", _GIF), "pdf": ("application/pdf", _PDF),
    "doc": ("application/msword", _PDF), "docx": ("application/octet-stream", _PDF),
    "xls": ("application/vnd.ms-excel", _PDF), "xlsx": ("application/octet-stream", _PDF),
    "zip": ("application/zip", b"PK\x05\x06" + b"\x00" * 18),
}


@dataclass
class Response:
    """What a route answers."""

    status: int
    body: bytes = b""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)


class LocalServer:
    """One stdlib threaded HTTP(S) server on a local port, in a daemon thread: the base of the
    fixture portal, the fixture sites and the tests' hand-written sites. Every GET and HEAD goes
    through :meth:`respond` (by default :meth:`handle`) and is logged as ``(method, path, status)``.
    ``with Server(...) as server: fetch(server.base_url)``. ``headers`` go with every answer (a
    response's own headers win); ``certfile`` serves HTTPS."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, certfile: Path | None = None,
                 name: str = "local-server", server_header: str = "Apache",
                 headers: Mapping[str, str] | None = None, protocol: str = "HTTP/1.1") -> None:
        self.host, self.port, self.certfile = host, port, certfile
        self.name, self.server_header, self.protocol = name, server_header, protocol
        self.headers = dict(headers or {})
        self._lock = threading.Lock()
        self._log: list[tuple[str, str, int]] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http(s)://host:port/`` once started."""
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        scheme = "https" if self.certfile else "http"
        return f"{scheme}://{self.host}:{self._server.server_address[1]}/"

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        """A copy of the request log: ``(method, path_with_query, status)`` in arrival order."""
        with self._lock:
            return list(self._log)

    def reset_log(self) -> None:
        """Forget logged requests."""
        with self._lock:
            self._log.clear()

    def start(self) -> str:
        """Bind, serve in a daemon thread, return the base URL."""
        if self._server is not None:
            return self.base_url
        self._server = _Server((self.host, self.port), _make_handler(self))
        if self.certfile:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.certfile)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name=self.name, daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server, self._thread = None, None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def handle(self, method: str, raw_path: str, host: str | None) -> Response:
        """The answer to one request (``raw_path`` with its query)."""
        raise NotImplementedError

    def respond(self, handler: BaseHTTPRequestHandler) -> Response | None:
        """The answer to the handler's request, or None when it was answered (or dropped) on
        the handler itself."""
        return self.handle(handler.command, handler.path, handler.headers.get("Host"))

    def _record(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self._log.append((method, path, status))


class FixturePortal(LocalServer):
    """The portal server. ``with FixturePortal() as portal: fetch(portal.base_url)``."""

    def __init__(self, corpus: Corpus | None = None, *, host: str = "127.0.0.1", port: int = 0,
                 render_tz: str = "Asia/Ho_Chi_Minh", synthetic: int = 0, rss_bug: bool = True,
                 rate_limit: int | None = None) -> None:
        if synthetic:
            from crawler.fixture_portal.synthetic import synthetic_corpus

            site = corpus.site if corpus is not None else None
            corpus = synthetic_corpus(synthetic, site=site)
        super().__init__(host=host, port=port, name="fixture-portal",
                         headers={"X-Powered-By": "PHP/7.4.33"})
        self._corpus = corpus if corpus is not None else load_corpus()
        self.tz = ZoneInfo(render_tz)
        self.rss_bug = rss_bug
        self.rate_limit = rate_limit
        self._hits: dict[tuple[str, int], int] = {}
        self._recent: deque[float] = deque()

    # --- public API ------------------------------------------------------------------------

    @property
    def corpus(self) -> Corpus:
        """The corpus being served (replaced, never mutated, by :meth:`add_article`)."""
        return self._corpus

    def add_article(self, article: Article) -> None:
        """Publish (or replace) an article; visible to the next request."""
        corpus = self._corpus.with_article(article)
        _warm(corpus)
        with self._lock:
            self._corpus = corpus

    def hits(self, article: Article) -> int:
        """Current value of an article's hit counter."""
        with self._lock:
            return self._hits.get(article.key, 0)

    def start(self) -> str:
        """Warm the corpus's caches, then serve (see :meth:`LocalServer.start`)."""
        if self._server is None:
            _warm(self._corpus)
        return super().start()

    # --- request handling ------------------------------------------------------------------

    def _throttle(self) -> int | None:
        """Seconds to wait when over the per-minute budget (the request is refused), else None."""
        if not self.rate_limit:
            return None
        now = time.monotonic()
        with self._lock:
            while self._recent and now - self._recent[0] >= 60:
                self._recent.popleft()
            if len(self._recent) >= self.rate_limit:
                return max(1, math.ceil(60 - (now - self._recent[0])))
            self._recent.append(now)
        return None

    def _bump(self, article: Article) -> int:
        with self._lock:
            count = self._hits.get(article.key, 0) + 1
            self._hits[article.key] = count
            return count

    def handle(self, method: str, raw_path: str, host: str | None) -> Response:
        """Route one request and render the answer."""
        base = f"http://{host or f'{self.host}:{self.port}'}/"
        ctx = RenderContext(base=base, tz=self.tz, now=datetime.now(self.tz))
        corpus = self._corpus
        wait = self._throttle()
        if wait is not None:
            body = render.error_page(ctx, corpus.site, 429).encode()
            return Response(429, body, headers={"Retry-After": str(wait)})
        path = raw_path.split("?", 1)[0].split("#", 1)[0]
        return self._route(ctx, corpus, method, path) or self._not_found(ctx, corpus)

    def _not_found(self, ctx: RenderContext, corpus: Corpus) -> Response:
        return Response(404, render.error_page(ctx, corpus.site, 404).encode())

    def _route(self, ctx: RenderContext, corpus: Corpus, method: str,
               path: str) -> Response | None:
        site = corpus.site
        if path == "/":
            return _html(render_pages.home_page(ctx, corpus))
        if path == "/robots.txt":
            return Response(200, render_feeds.robots_txt(ctx, site).encode(),
                            "text/plain; charset=utf-8")
        if path == "/sitemap.xml":
            return _xml(render_feeds.sitemap_index(ctx, corpus))
        if path.startswith("/uploads/"):
            kind = UPLOADS.get(path.rsplit(".", 1)[-1].lower()) if "." in path else None
            return Response(200, kind[1], kind[0]) if kind else None
        if m := RE_SITEMAP.match(path):
            if (pm := site.page_module(m[1])) is not None:
                return _xml(render_modules.module_sitemap(ctx, pm))
            if site.module(m[1]) is None:
                return None
            return _xml(render_feeds.module_sitemap(ctx, corpus, m[1]))
        if (m := RE_PAGE_MODULE.match(path)) and site.page_module(m[1]) is not None:
            return self._page_module(ctx, corpus, m[1], m[2], m[3])
        if m := RE_VIEW.match(path):
            return self._view(ctx, corpus, m[1], m[2], int(m[4]))
        if m := RE_ARTICLE.match(path):
            return self._article(ctx, corpus, method, path, m[1], int(m[4]))
        if m := RE_RSS.match(path):
            if site.module(m[1]) is None:
                return None
            if m[2] and site.module(m[1]).category(m[2]) is None:  # type: ignore[union-attr]
                return None
            items = corpus.articles_in(m[1], m[2])[:site.rss_items]
            feed = render_feeds.rss(ctx, site, m[1], m[2], items, buggy=self.rss_bug)
            return Response(200, feed.encode(), "application/rss+xml; charset=utf-8")
        if m := RE_TAG.match(path):
            return self._tag(ctx, corpus, m[1], m[2], int(m[3] or 1))
        if m := RE_LIST.match(path):
            return self._listing(ctx, corpus, m[1], m[2], int(m[3] or 1))
        return None

    def _page_module(self, ctx: RenderContext, corpus: Corpus, name: str, alias: str | None,
                     rss: str | None) -> Response | None:
        module = corpus.site.page_module(name)
        if module is None:
            return None
        if rss:
            if not module.rss:
                return None
            feed = render_modules.module_rss(ctx, corpus, module)
            return Response(200, feed.encode(), "application/rss+xml; charset=utf-8")
        if alias is None:
            return _html(render_modules.module_home(ctx, corpus, module))
        page = module.page(alias)
        return _html(render_modules.page_view(ctx, corpus, module, page)) if page else None

    def _article(self, ctx: RenderContext, corpus: Corpus, method: str, path: str, module: str,
                 id: int) -> Response | None:
        article = corpus.by_key(module, id)
        if article is None or not article.published_ok:
            return None
        if unquote(path) != article.url_path:
            return _redirect(ctx.abs(article.url_path), 301)
        hits = self._bump(article) if method == "GET" else self.hits(article)
        return _html(render_pages.article_page(ctx, corpus, article, hits))

    def _view(self, ctx: RenderContext, corpus: Corpus, module: str, view: str,
              id: int) -> Response | None:
        article = corpus.by_key(module, id)
        if article is None or not article.published_ok:
            return None
        if view == "sendmail":
            return _html(render_pages.sendmail_page(article))
        response = _html(render_pages.print_page(ctx, corpus, article))
        if view == "savefile":
            response.headers["Content-Disposition"] = (
                f'attachment; filename="{article.alias}.html"')
        return response

    def _listing(self, ctx: RenderContext, corpus: Corpus, module: str, cat: str | None,
                 page: int) -> Response | None:
        mod = corpus.site.module(module)
        category = mod.category(cat) if mod is not None and cat else None
        if mod is None or (cat and category is None):
            return None
        items = corpus.articles_in(module, cat)
        size = corpus.site.page_size
        pages = max(1, math.ceil(len(items) / size))
        if page < 1 or page > pages:
            return _redirect(ctx.abs(f"/{module}/{cat}/" if cat else f"/{module}/"), 302)
        chunk = items[(page - 1) * size:page * size]
        return _html(render_pages.listing_page(ctx, corpus, module, category, chunk, page,
                                               pages, self.hits))

    def _tag(self, ctx: RenderContext, corpus: Corpus, module: str | None, alias: str,
             page: int) -> Response | None:
        short = module is None
        module = module or corpus.site.default_module
        if corpus.site.module(module) is None:
            return None
        found = corpus.tagged(module, _normalise_alias(alias))
        if found is None:
            return None
        tag, items = found
        key = corpus.tag_alias(tag)
        size = corpus.site.page_size
        pages = max(1, math.ceil(len(items) / size))
        if page < 1 or page > pages:
            base = f"/tag/{key}" if short else f"/{module}/tag/{key}"
            return _redirect(ctx.abs(base), 302)
        chunk = items[(page - 1) * size:page * size]
        return _html(render_pages.tag_page(ctx, corpus, module, tag, key, chunk, page, pages,
                                           short=short))


def _normalise_alias(alias: str) -> str:
    """A tag alias as the corpus spells it, whether it arrived percent-encoded or raw UTF-8."""
    with contextlib.suppress(UnicodeError):
        alias = alias.encode("latin-1").decode("utf-8")
    return quote(unicodedata.normalize("NFC", unquote(alias)), safe="-")


def _warm(corpus: Corpus) -> None:
    """Build the corpus indexes now rather than on the first request."""
    corpus.published_articles()
    corpus.articles_in("")
    corpus.tagged("", "")
    if corpus.articles:
        corpus.position(corpus.articles[0])


def _html(text: str) -> Response:
    return Response(200, text.encode())


def _xml(text: str) -> Response:
    return Response(200, text.encode(), "application/xml; charset=utf-8")


def _redirect(location: str, status: int) -> Response:
    body = f'<html><body><a href="{location}">{location}</a></body></html>'.encode()
    return Response(status, body, headers={"Location": location})


class _Server(ThreadingHTTPServer):
    """Threaded server that stays quiet when a client (or a test's route) drops a connection."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], OSError):  # ConnectionError, ssl.SSLError...
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _make_handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        """Answers GET and HEAD through :meth:`LocalServer.respond`."""

        protocol_version = server.protocol
        server_version = server.server_header
        sys_version = ""

        def _answer(self, with_body: bool) -> None:
            try:
                response = server.respond(self)
            except Exception:  # a fixture bug: answer 500 and show it, keep serving
                traceback.print_exc(file=sys.stderr)
                response = Response(500, b"Internal Server Error", "text/plain; charset=utf-8")
            if response is None:
                return
            server._record(self.command, self.path, response.status)
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in {**server.headers, **response.headers}.items():
                self.send_header(name, value)
            self.end_headers()
            if with_body:
                self.wfile.write(response.body)

        def do_GET(self) -> None:
            self._answer(with_body=True)

        def do_HEAD(self) -> None:
            self._answer(with_body=False)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the server keeps its own request log."""

    return Handler
