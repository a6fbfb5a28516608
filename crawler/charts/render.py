"""Writing a specification as SVG, PNG or HTML with vl-convert (no browser, no network).

vl-convert runs the Vega-Lite and Vega JavaScript libraries in an embedded engine and ships
them inside its wheel: SVG and PNG are drawn locally with the system's fonts, and HTML gets the
libraries inlined (``bundle=True``), so the file opens offline.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from crawler.charts.base import ChartError

__all__ = ["FORMATS", "javascript_bundle", "render", "write"]

FORMATS = (".svg", ".png", ".html")
PNG_SCALE = 2  # pixels per CSS pixel: sharp on high-density screens and in documents


def _vl_convert() -> Any:
    try:
        import vl_convert
    except ImportError:
        raise ChartError("charts need vl-convert-python: pip install vl-convert-python") from None
    return vl_convert


def render(spec: dict[str, Any], fmt: str) -> bytes:
    """The chart in format ``fmt`` (``.svg``, ``.png`` or ``.html``) as bytes."""
    vlc = _vl_convert()
    if fmt == ".svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    if fmt == ".png":
        return bytes(vlc.vegalite_to_png(spec, scale=PNG_SCALE))
    if fmt == ".html":
        return vlc.vegalite_to_html(spec, bundle=True).encode("utf-8")
    if fmt == ".json":
        return json.dumps(spec, ensure_ascii=False, indent=1).encode("utf-8")
    raise ChartError(f"unknown chart format {fmt!r}: use a file ending in .svg, .png or .html")


def write(spec: dict[str, Any], path: Path) -> None:
    """Write the chart to ``path``, its format chosen by the suffix."""
    fmt = path.suffix.lower()
    if fmt not in (*FORMATS, ".json"):
        raise ChartError(f"cannot tell the format of {path}: use a name ending in .svg, .png or .html"
                         " (.json for the Vega-Lite specification)")
    data = render(spec, fmt)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ChartError(f"cannot write {path}: {exc.strerror or exc}") from None


@lru_cache(maxsize=1)
def javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script defining ``vegaEmbed`` (a few seconds once)."""
    return str(_vl_convert().javascript_bundle())
