"""Crawl safety shared by every adapter: stay on the portal, skip trap links, one identity per page.

Traps (docs/portals.md): print/sendmail/savefile views, language switches (Liferay
``/c/portal/update_language``, ``?lang=``), NukeViet ``external_link`` redirects, logins and
admin pages, session tokens (``p_p_auth``, ``jsessionid``, ``PHPSESSID``) and tracking parameters
that would give one page many URLs.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from crawler.urls import canonical_url

TRAP_SEGMENTS = frozenset({
    "print", "sendmail", "savefile", "external_link", "in-bai", "inbai", "print.aspx",
    "wp-login.php", "wp-admin", "login", "dang-nhap", "users", "admin", "feed-comments",
    "update_language", "_layouts", "_vti_bin", "search", "tim-kiem",
})
TRAP_PATTERNS = (
    re.compile(r"/c/portal/(?:update_language|login|logout|layout)", re.IGNORECASE),
    re.compile(r"/(?:print|sendmail|savefile)(?:[/._-]|$)", re.IGNORECASE),
    re.compile(r"(?:^|/)(?:in|print|sendmail|sendmail_friend)[._-][^/]*\.(?:php|aspx?)$",
               re.IGNORECASE),
    re.compile(r"/(?:vi|en|fr|zh|ko|ja)-(?:vn|us|gb|fr|cn|kr|jp)/?$", re.IGNORECASE),
)
TRAP_PARAMS = frozenset({"lang", "languageid", "language", "print", "replytocom", "share",
                         "action", "output", "download", "nv_redirect", "redirect_to"})
SESSION_PARAMS = frozenset({"p_p_auth", "jsessionid", "phpsessid", "sid", "sessionid",
                            "aspsessionid", "_ga", "fbclid", "gclid", "source", "inheritredirect"})
TRACKING_PREFIXES = ("utm_",)
_JSESSION = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)


def trap_reason(url: str) -> str | None:
    """Why a URL must not be followed (a trap or non-content view), or None when it may be."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"scheme {parts.scheme or '(none)'}"
    path = unquote(parts.path)
    segments = [s.lower() for s in path.split("/") if s]
    for segment in segments:
        if segment in TRAP_SEGMENTS:
            return f"non-content segment '{segment}'"
    for pattern in TRAP_PATTERNS:
        if pattern.search(path):
            return f"trap path ({pattern.pattern})"
    for name, _value in parse_qsl(parts.query, keep_blank_values=True):
        low = name.lower()
        if low in TRAP_PARAMS or low.endswith("_languageid"):
            return f"trap parameter '{name}'"
    return None


def strip_session(url: str, keep: tuple[str, ...] | None = None) -> str:
    """Canonical URL with session tokens and tracking parameters removed.

    ``keep``: the only query parameters that are part of the identity (e.g. ``("ID",)`` for a
    SharePoint DispForm); None keeps every parameter except session and tracking ones.
    """
    url = _JSESSION.sub("", url)
    parts = urlsplit(canonical_url(url, keep_query=True))
    params = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        low = name.lower()
        if keep is not None:
            if name in keep or low in {k.lower() for k in keep}:
                params.append((name, value))
            continue
        if low in SESSION_PARAMS or low.endswith("_redirect") or low.startswith(TRACKING_PREFIXES):
            continue
        params.append((name, value))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))
