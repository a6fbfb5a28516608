"""Platform adapters (one module per CMS) and platform detection."""

from __future__ import annotations

from crawler.platforms.fingerprint import NUKEVIET_FAMILY, Fingerprint, fingerprint


def detect_platform(html: str) -> str:
    """Fingerprint a page: ``nukeviet4``, ``wordpress``, ``sharepoint``, ``liferay`` or ``unknown``.

    Every NukeViet variant answers ``nukeviet4`` here (the NukeViet spider handles all of them);
    :func:`fingerprint` tells the variant (``nukeviet3``, ``nukeviet-egov``) and its evidence.
    """
    found = fingerprint(html)
    return "nukeviet4" if found.platform in NUKEVIET_FAMILY else found.platform


__all__ = ["NUKEVIET_FAMILY", "Fingerprint", "detect_platform", "fingerprint"]
