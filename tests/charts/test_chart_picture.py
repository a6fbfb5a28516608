"""A PNG is drawn from the chart's specification without what only a browser or an SVG viewer
uses (links, tooltips, the pointer cursor, ARIA text, the data only those read): the same
pixels, less for vl-convert to carry and write. SVG and HTML keep their links and tooltips."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from crawler.charts.activity import activity_chart, portal_chart
from crawler.charts.base import open_readonly
from crawler.charts.health import health_chart
from crawler.charts.holders import holders_chart
from crawler.charts.person import person_chart
from crawler.charts.provinces import provinces_chart
from crawler.charts.render import html_page, picture_spec, png_scale, render


@pytest.fixture()
def db(demo_db: Path) -> Iterator[Database]:
    database = open_readonly(demo_db)
    yield database
    database.conn.close()


def _specs(db: Database) -> list[dict[str, Any]]:
    return [person_chart(db, "Nông Đức Thịnh"), holders_chart(db, "Bí thư Tỉnh ủy"),
            activity_chart(db), portal_chart(db, "demo-thainguyen"), health_chart(db, days=0),
            provinces_chart(db), provinces_chart(db, by="health")]


def _walk(node: Any, key: str) -> Iterator[Any]:
    """Every value stored under ``key`` anywhere in ``node``."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from _walk(v, key)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, key)


def _rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for data in _walk(spec, "data") if isinstance(data, dict)
            for row in data.get("values", [])]


def test_picture_has_no_links_tooltips_or_aria(db: Database) -> None:
    for spec in _specs(db):
        before = json.dumps(spec)
        picture = picture_spec(spec)
        assert json.dumps(spec) == before  # the chart itself is left as it was
        for encoding in _walk(picture, "encoding"):
            assert not {"href", "tooltip"} & set(encoding), spec["title"]["text"]
        for mark in _walk(picture, "mark"):
            assert not isinstance(mark, dict) or not {"href", "tooltip", "cursor"} & set(mark)
        assert picture["config"]["aria"] is False
        assert picture["title"] == spec["title"] and picture["config"]["font"] == spec["config"]["font"]


def test_picture_drops_only_the_data_that_links_and_tooltips_read(db: Database) -> None:
    person = person_chart(db, "Nông Đức Thịnh")
    points = [row for row in _rows(picture_spec(person)) if "status" in row]
    assert len(points) == len([row for row in _rows(person) if "status" in row]) > 0
    assert all({"day", "row", "status"} <= set(row) for row in points)  # drawn: x, y, colour
    assert not any({"url", "title", "sentence"} & set(row) for row in points)
    # the provinces' tooltip reads `province` and `portals`; a colour condition reads
    # `datum.portals` (grey tiles), so only `province` goes
    tiles = provinces_chart(db)
    kept = {key for row in _rows(picture_spec(tiles)) for key in row}
    assert "portals" in kept and "articles" in kept and "short" in kept
    assert "province" not in kept and "province" in {key for row in _rows(tiles) for key in row}


def test_fields_read_by_an_expression_or_an_encoding_are_kept() -> None:
    spec = {"data": {"values": [{"a": 1, "b": 2, "c": 3, "d": 4, "e.f": 5}]},
            "transform": [{"filter": "datum.a > 0 && datum['b'] > 0"}],
            "mark": {"type": "point", "tooltip": True, "cursor": "pointer"},
            "encoding": {"x": {"field": "c", "type": "quantitative"},
                         "tooltip": [{"field": f} for f in ("a", "b", "c", "d", "e.f")],
                         "href": {"field": "d"}}}
    picture = picture_spec(spec)
    assert picture["data"]["values"] == [{"a": 1, "b": 2, "c": 3, "e.f": 5}]
    assert picture["mark"] == {"type": "point"} and set(picture["encoding"]) == {"x"}


def test_png_has_the_pixels_of_the_full_chart(db: Database) -> None:
    """The picture spec draws exactly what the full one draws (links and tooltips are not
    pixels), at twice the SVG's size."""
    vl_convert = pytest.importorskip("vl_convert")
    for spec in (person_chart(db, "Nông Đức Thịnh"), holders_chart(db, "Bí thư Tỉnh ủy"),
                 provinces_chart(db)):
        svg = vl_convert.vegalite_to_svg({**spec, "config": {**spec["config"], "aria": False}})
        png = render(spec, ".png")
        assert png == bytes(vl_convert.svg_to_png(svg, scale=png_scale(svg)))
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        head = svg[:svg.index(">")]
        width = float(head.split(' width="')[1].split('"')[0])
        height = float(head.split(' height="')[1].split('"')[0])
        assert struct.unpack(">II", png[16:24]) == (round(2 * width), round(2 * height))


def test_svg_and_html_keep_links_and_tooltips(db: Database, chart_cache: Path) -> None:
    spec = person_chart(db, "Nông Đức Thịnh")
    url = next(row["url"] for row in _rows(spec) if row.get("url"))
    assert f'xlink:href="{url}"' in render(spec, ".svg").decode("utf-8")
    page = html_page(spec)
    assert '"href": {"field": "url"}' in page and '"tooltip"' in page


def test_chart_command_starts_without_numpy(demo_db: Path, tmp_path: Path) -> None:
    """sqlite-utils imports numpy when it is installed; `portalnews chart` imports it without
    (numpy's start is a tenth of a small chart), and numpy stays importable."""
    pytest.importorskip("numpy")
    out = tmp_path / "provinces.svg"
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "crawler.cli", "chart",
                             "provinces", "--db", str(demo_db), "-o", str(out)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0 and out.exists(), result.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "sqlite_utils" in imported and "numpy" not in imported
    code = ("import sys\nfrom crawler.cli import _sqlite_utils_without_numpy as lean\nlean()\n"
            "import sqlite_utils\nassert 'numpy' not in sys.modules\nimport numpy\nprint('ok')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=False, env=dict(os.environ))
    assert result.returncode == 0 and result.stdout == "ok\n", result.stderr


def test_the_picture_font_covers_vietnamese_only() -> None:
    from crawler.charts.fonts import covers

    assert covers("Nguyễn Thị Ánh Tuyết · Bí thư Tỉnh ủy tỉnh Đắk Lắk – “Ưu tiên” 1,495 ₫\n")
    assert covers(unicodedata.normalize("NFD", "Nguyễn Ơn Đức"))  # decomposed accents
    assert not covers("Nguyễn 北京") and not covers("Москва")


def test_the_subset_has_the_glyphs_and_spacing_of_dejavu_sans(tmp_path: Path) -> None:
    pytest.importorskip("fontTools", reason="fontTools makes the subset")
    from crawler.charts import fonts

    sources = fonts._dejavu_files()
    if sources is None:
        pytest.skip("DejaVu Sans is not installed")
    from fontTools.ttLib import TTFont

    letters = "ĐđƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộ"
    letters += "ỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
    letters += "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĨĩŨũ0123456789·–"
    for source, (_, style) in zip(sources, fonts.FACES, strict=True):
        original, subset = TTFont(str(source)), fonts.subset_font(source, style)
        assert subset["name"].getDebugName(1) == fonts.FAMILY
        cmap, full = subset.getBestCmap(), original.getBestCmap()
        for letter in letters:
            glyph = cmap[ord(letter)]
            assert subset["hmtx"][glyph] == original["hmtx"][full[ord(letter)]], letter
        assert ord("北") not in cmap and len(cmap) < len(full) / 3


def test_png_of_a_chart_outside_the_subset_uses_the_usual_fonts(chart_cache: Path) -> None:
    from crawler.charts.render import _in_picture_font

    outside = {"data": {"values": [{"name": "Nguyễn 北京"}]}, "mark": "text",
               "encoding": {"text": {"field": "name"}}, "config": {"font": "DejaVu Sans"}}
    assert _in_picture_font(outside) == outside
    inside = {**outside, "data": {"values": [{"name": "Nguyễn Đức"}]}}
    font = _in_picture_font(inside)["config"]["font"]
    assert font in ("DejaVu Sans", "PortalNews Sans, DejaVu Sans")  # the latter with fontTools


def test_without_fonttools_the_png_uses_the_usual_fonts(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from crawler.charts import fonts

    if fonts._dejavu_files() is None:
        pytest.skip("DejaVu Sans is not installed")
    monkeypatch.setitem(sys.modules, "fontTools", None)
    fonts.picture_font_dir.cache_clear()
    try:
        assert fonts.picture_font_dir(tmp_path / "cache") is None
    finally:
        fonts.picture_font_dir.cache_clear()
