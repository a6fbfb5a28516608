"""Platform fingerprinting: which CMS serves a page, and the evidence for it.

Signals are the ones listed in docs/portals.md: generator metas, asset and upload paths, URL
shapes of links, SharePoint's "Skip Ribbon Commands", Liferay's ``/web/{site}`` and ``p_p_id``.
Pure function over the HTML (and optionally the response headers): no network.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from parsel import Selector

NUKEVIET_FAMILY = ("nukeviet4", "nukeviet3", "nukeviet-egov")
_NV_VERSION = re.compile(r"nukeviet\s*v?\s*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Fingerprint:
    """A platform id (registry vocabulary) and the signals that decided it."""

    platform: str
    evidence: tuple[str, ...] = field(default_factory=tuple)

    @property
    def family(self) -> str:
        """``nukeviet`` for every NukeViet variant, else the platform itself."""
        return "nukeviet" if self.platform in NUKEVIET_FAMILY else self.platform


def _nukeviet(sel: Selector, html: str, generator: str) -> Fingerprint | None:
    evidence = []
    version = None
    if "nukeviet" in generator.lower():
        evidence.append(f"generator meta {generator!r}")
        match = _NV_VERSION.search(generator)
        version = match.group(1) if match else None
    scripts = " ".join(sel.css("script::attr(src)").getall())
    if "/assets/js/global.js" in scripts and "nv_" in html:
        evidence.append("/assets/js/global.js and nv_ variables")
        version = version or "4"
    elif "/js/global.js" in scripts and "nv_siteroot" in html:
        evidence.append("/js/global.js and nv_siteroot (NukeViet 3 layout)")
        version = version or "3"
    if not evidence:
        return None
    styles = " ".join(sel.css("link::attr(href)").getall())
    if version == "3":
        return Fingerprint("nukeviet3", tuple(evidence))
    if "/themes/egov/" in styles or "/themes/egov/" in scripts:
        return Fingerprint("nukeviet-egov", (*evidence, "theme path /themes/egov/"))
    return Fingerprint("nukeviet4", tuple(evidence))


def fingerprint(html: str, headers: Mapping[str, str] | None = None) -> Fingerprint:
    """Fingerprint a page (usually the home page) and its response headers."""
    sel = Selector(text=html or "<html></html>")
    generator = " ".join(sel.css('meta[name="generator" i]::attr(content)').getall())
    if not generator:
        generator = " ".join(sel.xpath("//meta[translate(@name, 'GENERATOR', 'generator')="
                                       "'generator']/@content").getall())
    heads = {k.lower(): v for k, v in (headers or {}).items()}
    found = _nukeviet(sel, html, generator)
    if found:
        return found
    low_gen = generator.lower()
    hrefs = " ".join(sel.css("a::attr(href), link::attr(href), script::attr(src), "
                             "img::attr(src)").getall())
    if "wordpress" in low_gen or "/wp-content/" in html or "/wp-json/" in hrefs \
            or "api.w.org" in heads.get("link", ""):
        ev = [s for s, ok in (("generator meta", "wordpress" in low_gen),
                              ("/wp-content/ paths", "/wp-content/" in html),
                              ("/wp-json/ link", "/wp-json/" in hrefs)) if ok]
        return Fingerprint("wordpress", tuple(ev or ["Link: api.w.org header"]))
    sp_signals = [s for s, ok in (
        ("generator meta", "sharepoint" in low_gen),
        ("'Skip Ribbon Commands'", "Skip Ribbon Commands" in html),
        ("/_layouts/ assets", "/_layouts/" in html),
        ("MicrosoftSharePointTeamServices header", "microsoftsharepointteamservices" in heads),
        ("/Lists/…/DispForm.aspx links", "/DispForm.aspx" in hrefs),
    ) if ok]
    if sp_signals:
        return Fingerprint("sharepoint", tuple(sp_signals))
    lr_signals = [s for s, ok in (
        ("generator meta", "liferay" in low_gen),
        ("Liferay JS", "Liferay.currentURL" in html or "/o/frontend-js-web/" in html
         or "Liferay.ThemeDisplay" in html),
        ("/-/asset_publisher/ links", "/-/asset_publisher/" in hrefs),
        ("p_p_id= query strings", "p_p_id=" in hrefs),
        ("Liferay-Portal header", "liferay-portal" in heads),
    ) if ok]
    if lr_signals:
        return Fingerprint("liferay", tuple(lr_signals))
    return Fingerprint("unknown", ("no platform signal",))
