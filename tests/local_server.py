"""The tests' local HTTP servers on 127.0.0.1, two ways:

- :func:`serve`: canned pages (a dict of path -> (status, headers, body)), served by
  pytest-httpserver; any other path answers 404;
- :func:`serve_route`: a function that answers each request and may act on the raw handler
  (drop the connection, send a truncated body, wait), served by the fixtures' ``LocalServer``
  (the base of the fixture portal and the fixture sites).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from pytest_httpserver import HTTPServer

from fixtures.portal.server import HTML, LocalServer, Response

Page = tuple[int, dict[str, str], str | bytes]
Route = Callable[[BaseHTTPRequestHandler], "Page | None"]
"""Answers one GET: a page, or None when the route has answered (or dropped) the request itself."""


def _parts(page: Page) -> tuple[int, bytes, str, dict[str, str]]:
    """(status, body bytes, content type, other headers): text is sent as UTF-8 HTML unless the
    page's headers name another Content-Type."""
    status, headers, body = page
    data = body.encode("utf-8") if isinstance(body, str) else body
    others = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), HTML)
    return status, data, content_type, others


class _RouteServer(LocalServer):
    def __init__(self, route: Route, *, protocol: str) -> None:
        super().__init__(name="test-route", protocol=protocol)
        self.route = route

    def respond(self, handler: BaseHTTPRequestHandler) -> Response | None:
        page = self.route(handler)
        if page is None:
            return None
        status, data, content_type, headers = _parts(page)
        return Response(status, data, content_type, headers)


@contextmanager
def serve_route(route: Route, *, http11: bool = False) -> Iterator[str]:
    """Serve ``route`` on 127.0.0.1 (HTTP/1.1 keep-alive with ``http11``); yield the base URL."""
    with _RouteServer(route, protocol="HTTP/1.1" if http11 else "HTTP/1.0") as server:
        yield server.base_url


@contextmanager
def serve(pages: dict[str, Page]) -> Iterator[str]:
    """Serve ``pages`` (keys: path, maybe with its query) on 127.0.0.1; yield the base URL."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.no_handler_status_code = 404
    for path, page in pages.items():
        parts = urlsplit(path)
        status, data, content_type, headers = _parts(page)
        server.expect_request(parts.path, query_string=parts.query or None).respond_with_data(
            data, status=status, headers=headers, content_type=content_type)
    server.start()
    try:
        yield server.url_for("/")
    finally:
        server.clear()
        server.stop()
