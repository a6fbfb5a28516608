"""URL and host canonicalisation: one article, one identity.

Portals answer on ``www.`` and bare hosts, over http and https, with tracking query strings and
fragments: none of that is part of an article's identity.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_host(url_or_host: str) -> str:
    """Lower-case host without ``www.`` and without a default port (``thainguyen.dcs.vn``)."""
    if "//" in url_or_host:
        parts = urlsplit(url_or_host)
        host = (parts.hostname or "").lower()
        port = parts.port
        scheme = parts.scheme.lower()
    else:
        host, _, port_text = url_or_host.lower().partition(":")
        port = int(port_text) if port_text.isdigit() else None
        scheme = "http"
    host = host.rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if port and port != DEFAULT_PORTS.get(scheme):
        return f"{host}:{port}"
    return host


def canonical_path(path: str) -> str:
    """Percent-encoding normalised (``%c4%90`` and ``Đ`` give the same path)."""
    return quote(unquote(path or "/"), safe="/-._~!$&'()*+,;=:@%")


def canonical_url(url: str, *, keep_query: bool = False) -> str:
    """Scheme and host lower-cased, default port, fragment and (by default) query dropped.

    The scheme and ``www.`` prefix are kept as given (the site may only answer on one of them);
    identity across those variants goes through :func:`canonical_host`.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "http"
    host = (parts.hostname or "").lower().rstrip(".")
    netloc = host
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    query = parts.query if keep_query else ""
    return urlunsplit((scheme, netloc, canonical_path(parts.path), query, ""))


def base_url(url: str) -> str:
    """The site root of a URL (``http://host:port/``)."""
    parts = urlsplit(canonical_url(url))
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
