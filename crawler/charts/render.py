"""Writing a specification as SVG, PNG or HTML with vl-convert (no browser, no network).

vl-convert runs the Vega-Lite and Vega JavaScript libraries in an embedded engine and ships
them inside its wheel: SVG and PNG are drawn locally with the system's fonts. HTML pages carry
the libraries inlined, so the file opens offline; the bundle of the libraries takes vl-convert a
few seconds to build, so it is built once and kept in the user's cache directory
(``$XDG_CACHE_HOME/portalnews`` or ``~/.cache/portalnews``, one file per library version).
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from crawler.charts.base import FONT, ChartError

__all__ = ["FORMATS", "html_page", "javascript_bundle", "picture_spec", "png_scale", "render",
           "start_engine", "write"]

FORMATS = (".svg", ".png", ".html")
PNG_SCALE = 2  # pixels per CSS pixel: sharp on high-density screens and in documents
PNG_MAX_AREA = 2_000_000  # CSS pixels: a larger chart is drawn at its CSS size


def _vl_convert() -> Any:
    try:
        import vl_convert
    except ImportError:
        raise ChartError("charts need vl-convert-python: pip install vl-convert-python") from None
    return vl_convert


def start_engine() -> threading.Thread | None:
    """Start vl-convert's JavaScript engine in the background (its first conversion costs about
    half a second), so that it starts while the database is read; None without vl-convert."""
    try:
        import vl_convert
    except ImportError:
        return None
    thread = threading.Thread(target=_warm, args=(vl_convert,), daemon=True,
                              name="vl-convert start")
    thread.start()
    return thread


def _warm(vl_convert: Any) -> None:
    with contextlib.suppress(Exception):  # the real conversion reports any problem
        vl_convert.vegalite_to_vega({"mark": "point"})


def render(spec: dict[str, Any], fmt: str) -> bytes:
    """The chart in format ``fmt`` (``.svg``, ``.png``, ``.html`` or ``.json``) as bytes."""
    if fmt == ".json":
        return json.dumps(spec, ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == ".html":
        return html_page(spec).encode("utf-8")
    vlc = _vl_convert()
    if fmt == ".svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    if fmt == ".png":
        svg = vlc.vegalite_to_svg(_in_picture_font(picture_spec(spec)))
        return bytes(vlc.svg_to_png(svg, scale=png_scale(svg)))
    raise ChartError(f"unknown chart format {fmt!r}: use a file ending in .svg, .png or .html")


def picture_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` for a picture (PNG), which can neither link nor show a tooltip: without the
    ``href`` and ``tooltip`` channels, the pointer cursor, the ARIA text of every mark, and the
    data fields that only those read (article URLs, titles, sentences). What is drawn is the
    same; vl-convert has less to carry, compute and write (the SVG it rasterises)."""
    read = _strip_interaction(spec)
    text = json.dumps(_without_values(read))
    unread = {f for f in _interactive_fields(spec) if not _referenced(f, text)}
    picture = _drop_fields(read, unread) if unread else read
    return {**picture, "config": {**picture.get("config", {}), "aria": False}}


def _in_picture_font(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` drawn with the subset of DejaVu Sans (:mod:`crawler.charts.fonts`: the same
    pixels, drawn faster) when it holds every character of the chart and can be had."""
    from crawler.charts import fonts

    if not fonts.covers(json.dumps(spec, ensure_ascii=False)) or \
            fonts.picture_font_dir(_cache_dir()) is None:
        return spec
    config = spec.get("config", {})
    return {**spec, "config": {**config, "font": f"{fonts.FAMILY}, {config.get('font', FONT)}"}}


_INTERACTIVE = ("href", "tooltip")  # encoding channels and mark properties a picture cannot use


def _strip_interaction(node: Any) -> Any:
    if isinstance(node, list):
        return [_strip_interaction(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "encoding" and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k not in _INTERACTIVE}
        elif key == "mark" and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k not in (*_INTERACTIVE, "cursor")}
        out[key] = value if key == "values" else _strip_interaction(value)  # data rows: as is
    return out


def _interactive_fields(node: Any) -> set[str]:
    """The fields read by the ``href`` and ``tooltip`` channels anywhere in ``node``."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= _interactive_fields(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "encoding" and isinstance(value, dict):
                for channel in _INTERACTIVE:
                    defs = value.get(channel, [])
                    for d in defs if isinstance(defs, list) else [defs]:
                        if isinstance(d, dict) and isinstance(d.get("field"), str):
                            found.add(d["field"])
            if key != "values":  # data rows hold no encodings
                found |= _interactive_fields(value)
    return found


def _referenced(field: str, text: str) -> bool:
    """True when the JSON ``text`` of a specification (without its data) may read ``field``: a
    string value equal to it (``"field": "day"``, a sort, a facet) or an expression reading it
    (``datum.day``, ``datum['day']``). Names with dots or brackets (nested access) are kept."""
    if not re.fullmatch(r"\w+", field):
        return True
    quoted = r"\\?[\"']"  # a quote in an expression, escaped (\") in JSON text
    return re.search(rf'"{field}"(?!\s*:)|datum(\.{field}\b|\[{quoted}{field}{quoted}\])',
                     text) is not None


def _without_values(node: Any) -> Any:
    """``node`` with every inline data ``values`` list left out (what reads the data)."""
    if isinstance(node, list):
        return [_without_values(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {k: _without_values(v) for k, v in node.items() if k != "values"}


def _drop_fields(node: Any, fields: set[str]) -> Any:
    """``node`` with ``fields`` removed from the rows of its inline data (``data.values``)."""
    if isinstance(node, list):
        return [_drop_fields(item, fields) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "data" and isinstance(value, dict) and isinstance(value.get("values"), list):
            value = {**value, "values": [
                {k: v for k, v in row.items() if k not in fields} if isinstance(row, dict) else row
                for row in value["values"]]}
        else:
            value = _drop_fields(value, fields)
        out[key] = value
    return out


def png_scale(svg: str) -> float:
    """:data:`PNG_SCALE`, or 1 for a chart of more than :data:`PNG_MAX_AREA` CSS pixels (200
    holders: 4,000 by 12,000 pixels at twice the size, whose drawing alone took seconds)."""
    size = re.search(r'<svg[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"', svg[:2000])
    if size and float(size[1]) * float(size[2]) > PNG_MAX_AREA:
        return 1
    return PNG_SCALE


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


def html_page(spec: dict[str, Any]) -> str:
    """One HTML file drawing ``spec`` offline: Vega, Vega-Lite and vega-embed inlined."""
    title = spec.get("title", {})
    title = title.get("text", "Chart") if isinstance(title, dict) else str(title)
    data = json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")
    return (
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n"
        "<style>#chart.vega-embed{width:100%;display:flex}</style>\n"
        f"<script>{javascript_bundle()}</script>\n</head>\n<body>\n<div id=\"chart\"></div>\n"
        f"<script>\nconst spec = {data};\n"
        "vegaEmbed('#chart', spec, {renderer: 'svg'}).catch(console.error);\n"
        "</script>\n</body>\n</html>\n")


@lru_cache(maxsize=1)
def javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script defining ``vegaEmbed``: read from the
    cache directory, else built by vl-convert (a few seconds) and kept there."""
    vlc = _vl_convert()
    versions = f"{vlc.get_vega_version()}-{vlc.get_vegalite_versions()[-1]}-" \
               f"{vlc.get_vega_embed_version()}"
    path = _cache_dir() / f"vega-bundle-{versions}.js"
    try:
        script = path.read_text(encoding="utf-8")
        if script.endswith(_BUNDLE_END):
            return script
    except OSError:
        pass
    script = str(vlc.javascript_bundle())
    if script.endswith(_BUNDLE_END):
        _keep(path, script)
    return script


_BUNDLE_END = "window.vegaLite=__default1;"  # how vl-convert's bundle ends: a complete file


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "portalnews"


def _keep(path: Path, script: str) -> None:
    """Write the bundle atomically (a reader never sees half of it); no cache is no error."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_text(script, encoding="utf-8")
        os.replace(part, path)
