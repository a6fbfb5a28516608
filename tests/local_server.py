"""A tiny local HTTP server for tests on 127.0.0.1: a dict of path -> (status, headers, body)
(:func:`serve`), or a function that answers each request (:func:`serve_route`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Page = tuple[int, dict[str, str], str | bytes]
Route = Callable[[BaseHTTPRequestHandler], "Page | None"]
"""Answers one GET: a page, or None when the route has answered (or dropped) the request itself."""


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # connections dropped on purpose, or by a crawl that stopped


@contextmanager
def serve_route(route: Route, *, http11: bool = False) -> Iterator[str]:
    """Serve ``route`` on 127.0.0.1 (HTTP/1.1 keep-alive with ``http11``); yield the base URL.
    Bodies are sent as they are (bytes) or UTF-8, as ``text/html; charset=utf-8`` unless the
    page's headers say otherwise."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1" if http11 else "HTTP/1.0"

        def do_GET(self) -> None:
            page = route(self)
            if page is None:
                return
            status, headers, body = page
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = _QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve(pages: dict[str, Page]) -> Iterator[str]:
    """Serve ``pages`` on 127.0.0.1; yield the base URL. Unknown paths answer 404."""
    with serve_route(lambda handler: pages.get(handler.path, (404, {}, "not found"))) as base:
        yield base
