"""``FixtureSite``: one platform's fixture app served by a stdlib threaded HTTP(S) server."""

from __future__ import annotations

import ssl
import sys
import threading
import traceback
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from crawler.fixture_portal.corpus import Corpus, load_corpus
from crawler.fixture_sites import (
    district,
    generic,
    liferay,
    nukeviet_variants,
    sharepoint,
    wordpress,
)
from crawler.fixture_sites.common import Response

APPS: dict[str, Callable[..., Any]] = {
    "wordpress": wordpress.WordPressApp,
    "sharepoint": sharepoint.SharePointApp,
    "liferay": liferay.LiferayApp,
    "generic": generic.GenericApp,
    "nukeviet3": nukeviet_variants.NukeViet3App,
    "nukeviet-egov": nukeviet_variants.EgovApp,
    "district": district.DistrictApp,
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FixtureSite:
    """Serve the corpus as ``platform`` would. ``options`` go to the platform's app
    (e.g. ``api=False`` for a WordPress site with its REST API closed)."""

    def __init__(self, platform: str, corpus: Corpus | None = None, *, host: str = "127.0.0.1",
                 port: int = 0, certfile: Path | None = None, **options: Any) -> None:
        if platform not in APPS:
            raise ValueError(f"unknown fixture platform {platform!r} (known: {', '.join(APPS)})")
        self.platform = platform
        self.corpus = corpus if corpus is not None else load_corpus()
        self.app = APPS[platform](self.corpus, **options)
        self.host, self.port, self.certfile = host, port, certfile
        self._log: list[tuple[str, str, int]] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http(s)://127.0.0.1:PORT/`` once started."""
        if self._server is None:
            raise RuntimeError("FixtureSite is not started")
        scheme = "https" if self.certfile else "http"
        return f"{scheme}://{self.host}:{self._server.server_address[1]}/"

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        """``(method, path_with_query, status)`` in arrival order."""
        with self._lock:
            return list(self._log)

    def start(self) -> str:
        """Bind and serve in a daemon thread; return the base URL."""
        self._server = _Server((self.host, self.port), _handler(self))
        if self.certfile:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.certfile)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True, name=f"fixture-{self.platform}")
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FixtureSite:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def handle(self, method: str, raw: str, host: str | None) -> Response:
        """Route one request through the app."""
        scheme = "https" if self.certfile else "http"
        base = f"{scheme}://{host or self.host}/"
        parts = urlsplit(raw)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        found = self.app.route(base, parts.path, query, raw)
        return found or self.app.not_found(base)


def _handler(site: FixtureSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = getattr(site.app, "server_header", "Apache")
        sys_version = ""

        def _answer(self, with_body: bool) -> None:
            try:
                response = site.handle(self.command, self.path, self.headers.get("Host"))
            except Exception:
                traceback.print_exc(file=sys.stderr)
                response = Response(500, b"Internal Server Error", "text/plain")
            with site._lock:
                site._log.append((self.command, self.path, response.status))
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in {**getattr(site.app, "headers", {}), **response.headers}.items():
                self.send_header(name, value)
            self.end_headers()
            if with_body:
                self.wfile.write(response.body)

        def do_GET(self) -> None:
            self._answer(True)

        def do_HEAD(self) -> None:
            self._answer(False)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    return Handler
