"""Platform adapters (one module per CMS) and platform detection."""

from __future__ import annotations

from parsel import Selector

from crawler.platforms import nukeviet

SUPPORTED = ("nukeviet4",)


class UnsupportedPlatform(Exception):
    """The portal runs a platform that has no adapter yet."""


def detect_platform(html: str) -> str:
    """Fingerprint a page: ``nukeviet4``, ``wordpress``, ``sharepoint``, ``liferay`` or ``unknown``."""
    sel = Selector(text=html)
    if nukeviet.is_nukeviet(sel):
        return nukeviet.PLATFORM
    generator = " ".join(sel.css('meta[name="generator"]::attr(content)').getall()).lower()
    if "wordpress" in generator or "/wp-content/" in html:
        return "wordpress"
    if "sharepoint" in generator or "_layouts/15/" in html or "Skip Ribbon Commands" in html:
        return "sharepoint"
    if "liferay" in generator or "/o/frontend-js-web/" in html or "Liferay.currentURL" in html:
        return "liferay"
    return "unknown"
