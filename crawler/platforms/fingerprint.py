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
CRAWLED_AS_GENERIC = ("oracle-webcenter", "vccorp")
"""Platforms recognised by name that have no adapter of their own: the generic spider crawls them
and records this name as the portal's platform."""
_SP_PAGES = re.compile(r"/pages/[^\s\"'?#]+\.aspx(?:\?itemid=\d+)?", re.IGNORECASE)
_VCCORP_ARTICLE = re.compile(r"/[a-z0-9-]+-\d{18}\.htm\b")
_NV_VERSION = re.compile(r"nukeviet\s*v?\s*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Fingerprint:
    """A platform id (registry vocabulary) and the signals that decided it."""

    platform: str
    evidence: tuple[str, ...] = field(default_factory=tuple)


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
        ("_spPageContextInfo", "_spPageContextInfo" in html),
        ("/Pages/….aspx?ItemID= links", bool(_SP_PAGES.search(hrefs)) and "itemid=" in hrefs.lower()),
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
        ("Liferay 6 `var Liferay=` and lfr-css-file", "lfr-css-file" in html and "Liferay" in html),
        ("/-/view_content/ links", "/-/view_content/" in hrefs),
        ("portlet boundaries p_p_id_", 'id="p_p_id_' in html),
    ) if ok]
    if lr_signals:
        return Fingerprint("liferay", tuple(lr_signals))
    return _named_generic(html, hrefs) or Fingerprint("unknown", ("no platform signal",))


def _named_generic(html: str, hrefs: str) -> Fingerprint | None:
    """Oracle WebCenter / ADF and VCCorp's CMS: recognised, crawled by the generic adapter."""
    adf = [s for s, ok in (
        ("/webcenter/ resources", "/webcenter/" in html),
        ("javax.faces.ViewState", "javax.faces.ViewState" in html),
        ("ADF classes (p_AF…, af_…)", "p_AFMaximized" in html or 'class="af_' in html),
    ) if ok]
    if len(adf) >= 2:
        return Fingerprint("oracle-webcenter", tuple(adf))
    vcc = [s for s, ok in (
        ("static.mediacdn.vn assets", "static.mediacdn.vn" in html),
        ('data-linktype="newsdetail" links', 'data-linktype="newsdetail"' in html),
        ("/{slug}-{18 digits}.htm article links", bool(_VCCORP_ARTICLE.search(hrefs))),
    ) if ok]
    if len(vcc) >= 2:
        return Fingerprint("vccorp", tuple(vcc))
    return None
