"""``portalnews chart``: valid SVG, PNG and HTML files, offline, Vietnamese text intact; one-line
errors and a non-zero exit when there is nothing to draw."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest


def _chart(db: Path, out: Path, *args: str, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler.cli", "chart", *args, "--db", str(db),
                           "-o", str(out)], capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, **(env or {})})


def _svg_text(path: Path) -> str:
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert float(root.get("width", 0)) > 0 and float(root.get("height", 0)) > 0
    return " ".join(" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.parametrize(("args", "expected"), [
    (["person", "Nông Đức Thịnh"], ["Career of Nông Đức Thịnh",
                                      "Phó Bí thư Tỉnh ủy tỉnh Thái Nguyên", "reform 1/7/2025"]),
    (["holders", "Bi thu Tinh uy Thai Nguyen"], ["Lâm Quốc Bảo", "Triệu Quang Vinh"]),
    (["activity"], ["Articles per portal per week", "demo-thainguyen"]),
    (["activity", "--portal", "demo-thainguyen"], ["Publishing rhythm of", "Mon"]),
    (["health", "--days", "0"], ["Crawl health", "new articles", "failures"]),
    (["provinces"], ["Thái", "Nguyên", "Đắk Lắk", "Cà Mau"]),
])
def test_svg(demo_db: Path, tmp_path: Path, args: list[str], expected: list[str]) -> None:
    out = tmp_path / "chart.svg"
    result = _chart(demo_db, out, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out}")
    text = _svg_text(out)
    for words in expected:
        assert words in text
    assert "DejaVu Sans" in out.read_text(encoding="utf-8")  # a font with every Vietnamese letter


def test_png(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "chart.png"
    assert _chart(demo_db, out, "person", "Nông Đức Thịnh").returncode == 0
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 400 and height > 100


def test_html_is_offline(demo_db: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "chart.html", tmp_path / "cache"
    assert _chart(demo_db, out, "holders", "Bí thư Tỉnh ủy",
                  env={"XDG_CACHE_HOME": str(cache)}).returncode == 0
    html = out.read_text(encoding="utf-8")
    # the libraries' bundle is kept in the cache directory and inlined from there next time
    bundle, = (cache / "portalnews").glob("vega-bundle-*.js")
    assert bundle.read_text(encoding="utf-8") in html
    again = tmp_path / "again.html"
    assert _chart(demo_db, again, "holders", "Bí thư Tỉnh ủy",
                  env={"XDG_CACHE_HOME": str(cache)}).returncode == 0
    assert again.read_text(encoding="utf-8") == html
    assert "vegaEmbed" in html and "Lâm Quốc Bảo" in html
    assert "<script src=" not in html.replace("<script src=\"data:", "")  # everything inlined
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html


@pytest.mark.parametrize(("args", "message"), [
    (["person", "Người Không Có"], "no person 'Người Không Có' in the database"),
    (["activity", "--portal", "nowhere"], "no portal 'nowhere'"),
    (["holders", "Giám đốc Sở Không Có"], "nobody found"),
])
def test_errors_are_one_line(demo_db: Path, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "chart.svg"
    result = _chart(demo_db, out, *args)
    assert result.returncode == 2 and not out.exists()
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


@pytest.mark.parametrize("kind", ["activity", "health", "provinces"])
def test_empty_database(empty_db: Path, tmp_path: Path, kind: str) -> None:
    result = _chart(empty_db, tmp_path / "chart.svg", kind)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "nothing to draw" in result.stderr or "no portal yet" in result.stderr


def test_bad_output_name(demo_db: Path, tmp_path: Path) -> None:
    result = _chart(demo_db, tmp_path / "chart.pdf", "activity")
    assert result.returncode == 2 and "use a name ending in .svg, .png or .html" in result.stderr


def test_reads_without_writing(demo_db: Path, tmp_path: Path) -> None:
    before = demo_db.stat().st_mtime_ns, demo_db.read_bytes()
    assert _chart(demo_db, tmp_path / "c.svg", "activity").returncode == 0
    assert (demo_db.stat().st_mtime_ns, demo_db.read_bytes()) == before


def test_not_a_database(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("không phải cơ sở dữ liệu\n", encoding="utf-8")
    result = _chart(text, tmp_path / "c.svg", "activity")
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "not an SQLite database" in result.stderr and "Traceback" not in result.stderr
    other = tmp_path / "other.db"
    import sqlite3

    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    result = _chart(other, tmp_path / "c.svg", "health")
    assert result.returncode == 2 and "not a portal-news database" in result.stderr


def test_chart_command_loads_only_what_it_draws_with(demo_db: Path, tmp_path: Path) -> None:
    """`portalnews chart` registers its own command alone: no Scrapy, Twisted, altair or
    gazetteer package is imported to draw (they cost a new process a second or more)."""
    code = ("import sys; from crawler.cli import main; "
            f"status = main(['chart', 'provinces', '--db', {str(demo_db)!r}, '-o', "
            f"{str(tmp_path / 'p.svg')!r}]); "
            "print(status, [m for m in ('scrapy', 'twisted', 'altair', 'vietnamadminunits',"
            " 'crawler.crawl') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.stdout.splitlines()[-1] == "0 []", result.stderr


def test_one_command_parser_is_the_full_parsers_command() -> None:
    """`portalnews NAME ...` builds the parser of NAME alone when a module of that name exists:
    the same options, help and errors as in the parser of every command."""
    from crawler.cli import COMMAND_MODULES, build_parser

    def commands(parser: object) -> dict[str, str]:
        action = parser._subparsers._group_actions[0]  # type: ignore[attr-defined]
        return {name: sub.format_help() for name, sub in action.choices.items()}

    full = commands(build_parser())
    for module in COMMAND_MODULES:
        name = module.rsplit(".", 1)[1]
        alone = commands(build_parser(name))
        assert name in alone and alone.items() <= full.items(), name


def test_a_damaged_bundle_in_the_cache_is_built_again(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from crawler.charts import render

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    render.javascript_bundle.cache_clear()
    try:
        complete = render.javascript_bundle()
        bundle, = (tmp_path / "portalnews").glob("vega-bundle-*.js")
        bundle.write_text(complete[: len(complete) // 2], encoding="utf-8")  # a cut-off write
        render.javascript_bundle.cache_clear()
        assert render.javascript_bundle() == complete
        assert bundle.read_text(encoding="utf-8") == complete
    finally:
        render.javascript_bundle.cache_clear()


def test_png_twice_the_size_unless_huge() -> None:
    from crawler.charts.render import PNG_MAX_AREA, png_scale

    head = '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="{}" height="{}">'
    assert png_scale(head.format(800, 600)) == 2  # documents and high-density screens
    assert png_scale(head.format(887, 5687)) == 1 and PNG_MAX_AREA < 887 * 5687  # 200 holders
