"""Chart specifications built from the crawled demo database: the marks and labels expected,
valid Vega-Lite, and a clear error instead of an empty chart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from crawler.charts.activity import activity_chart, portal_chart
from crawler.charts.base import ChartError, open_readonly
from crawler.charts.health import health_chart
from crawler.charts.holders import holders_chart
from crawler.charts.person import person_chart
from crawler.charts.provinces import GRID, province_of, provinces_chart


@pytest.fixture()
def db(demo_db: Path) -> Iterator[Database]:
    database = open_readonly(demo_db)
    yield database
    database.conn.close()


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec.get("layer") or spec.get("vconcat") or [spec]


def _mark(layer: dict[str, Any]) -> str:
    mark = layer.get("mark") or layer.get("spec", {}).get("mark")
    return mark if isinstance(mark, str) else mark["type"]


def test_specs_are_valid_vega_lite(db: Database) -> None:
    altair = pytest.importorskip("altair", reason="altair (dev extra) carries the Vega-Lite schema")
    import jsonschema

    validator = jsonschema.Draft7Validator(altair.vegalite.v6.schema.core.load_schema())
    for spec in (person_chart(db, "Nông Đức Thịnh"), holders_chart(db, "Bí thư Tỉnh ủy"),
                 activity_chart(db), portal_chart(db, "demo-thainguyen"), health_chart(db),
                 provinces_chart(db), provinces_chart(db, by="health")):
        errors = [e.message[:200] for e in validator.iter_errors(spec)]
        assert not errors, (spec["title"]["text"], errors)


def test_person_one_bar_per_position_one_mark_per_mention(db: Database) -> None:
    spec = person_chart(db, "Nong Duc Thinh")  # typed without diacritics
    bars, points, reform = _layers(spec)
    positions = {r[0] for r in db.execute(
        "SELECT p.label FROM mentions m JOIN persons pe ON pe.id = m.person_id"
        " JOIN positions p ON p.id = m.position_id WHERE pe.name = 'Nông Đức Thịnh'")}
    mentions = db.execute(
        "SELECT count(*) FROM mentions m JOIN persons pe ON pe.id = m.person_id"
        " WHERE pe.name = 'Nông Đức Thịnh' AND m.position_id IS NOT NULL").fetchone()[0]
    assert _mark(bars) == "bar" and _mark(points) == "point"
    assert {b["row"] for b in bars["data"]["values"]} == positions
    assert len(bars["data"]["values"]) == len(positions) == 3
    assert len(points["data"]["values"]) == mentions == 11
    assert "Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên" in positions
    assert all(p["url"].startswith("http") for p in points["data"]["values"])
    assert points["encoding"]["href"] == {"field": "url"}
    assert spec["title"]["text"] == "Career of Nông Đức Thịnh"
    assert "3 positions, 11 mentions" in spec["title"]["subtitle"]
    assert bars["encoding"]["x"]["title"] == "Date of the article (evidence)"
    assert reform["data"]["values"][0]["day"] == "2025-07-01"
    for bar in bars["data"]["values"]:
        assert bar["first"] <= bar["last"] < bar["end"]


def test_holders_with_and_without_diacritics(db: Database) -> None:
    marked = holders_chart(db, "Bí thư Tỉnh ủy Thái Nguyên")
    plain = holders_chart(db, "bi thu tinh uy thai nguyen")
    assert marked["layer"][:2] == plain["layer"][:2]
    tenures, marks, _ = marked["layer"]
    # Read from the fixture corpus: Lâm Quốc Bảo (2023-2024), Hoàng Văn Liêm ("nguyên Bí thư"),
    # then Triệu Quang Vinh (after the reform), one after another.
    order = {m["row"]: m["order"] for m in marks["data"]["values"]}
    assert sorted(order, key=order.get) == ["Lâm Quốc Bảo", "Hoàng Văn Liêm", "Triệu Quang Vinh"]
    assert marks["encoding"]["y"]["sort"] == {"field": "order", "op": "min"}
    assert {t["row"] for t in tenures["data"]["values"]} == {"Lâm Quốc Bảo", "Triệu Quang Vinh"}
    assert [m["status"] for m in marks["data"]["values"] if m["row"] == "Hoàng Văn Liêm"] == [
        "former"]
    assert marked["title"]["text"] == "Holders of Bí thư Tỉnh ủy tỉnh Thái Nguyên"


def test_activity_one_row_per_portal(db: Database) -> None:
    spec = activity_chart(db)
    portals = [r[0] for r in db.execute("SELECT id FROM portals ORDER BY id")]
    assert spec["encoding"]["y"]["scale"]["domain"] == portals
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert sum(r["articles"] for r in spec["data"]["values"]) == total
    assert f"{total} articles" in spec["title"]["subtitle"]
    assert _mark(spec) == "rect"
    rhythm = portal_chart(db, "demo-thainguyen")
    weeks, hours = rhythm["vconcat"]
    assert sum(r["articles"] for r in weeks["data"]["values"]) == total
    assert sum(r["articles"] for r in hours["data"]["values"]) == total  # all dated to the minute


def test_health_one_mark_per_run(db: Database) -> None:
    spec = health_chart(db)
    matrix, daily = spec["vconcat"]
    runs = db.execute("SELECT count(*) FROM crawl_runs").fetchone()[0]
    assert len(matrix["data"]["values"]) == runs
    assert matrix["encoding"]["y"]["scale"]["domain"] == ["demo-thainguyen"]
    assert {r["verdict"] for r in matrix["data"]["values"]} == {"ok"}
    new = {r["metric"]: r["value"] for r in daily["data"]["values"]}
    assert new["new articles"] == db.execute("SELECT count(*) FROM articles").fetchone()[0]
    ledger = db["crawl_ledger"].exists()
    assert ("unaccounted candidates" in new) == ledger


def test_provinces_grid_is_the_gazetteers_34(db: Database) -> None:
    from pipelines.rolenorm.gazetteer import gazetteer

    names = {u.name for u in gazetteer().units.values()
             if u.version == "2025" and u.level == "province"}
    assert set(GRID) == names and len(names) == 34
    assert len(set(GRID.values())) == 34  # no two tiles on one square
    assert province_of("Bắc Kạn") == "Thái Nguyên"  # merged into it on 1 July 2025
    assert province_of("Thừa Thiên Huế") == "Huế"
    assert province_of("Tỉnh Bắc Kạn") == "Thái Nguyên" and province_of("Atlantis") is None
    # the table of merged provinces says what the gazetteer's successor links say, for all 97
    units = [u for u in gazetteer().units.values() if u.level == "province"]
    assert len(units) == 97
    for unit in units:
        assert province_of(unit.name) == gazetteer().province_after_reform(unit.name), unit.name
    tiles = {t["province"]: t for t in provinces_chart(db)["data"]["values"]}
    assert len(tiles) == 34
    assert tiles["Thái Nguyên"]["articles"] == db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert tiles["Hà Nội"]["portals"] == 0
    health = {t["province"]: t["verdict"] for t in provinces_chart(db, by="health")["data"]["values"]}
    assert health["Thái Nguyên"] == "ok" and health["Hà Nội"] == "no runs"


def test_unknown_person_and_role_and_portal_are_errors(db: Database) -> None:
    with pytest.raises(ChartError, match="no person 'Trần Không Có'"):
        person_chart(db, "Trần Không Có")
    with pytest.raises(ChartError, match="nobody found"):
        holders_chart(db, "Giám đốc Sở Không Có")
    with pytest.raises(ChartError, match="no portal 'nowhere'"):
        portal_chart(db, "nowhere")
    with pytest.raises(ChartError, match="no portal 'nowhere'"):
        health_chart(db, portal="nowhere")


def test_empty_database_is_an_error_not_an_empty_chart(empty_db: Path) -> None:
    db = open_readonly(empty_db)
    for build in (activity_chart, health_chart, provinces_chart):
        with pytest.raises(ChartError, match=r"nothing to draw|no portal yet"):
            build(db)
    with pytest.raises(ChartError, match="no person"):
        person_chart(db, "Nông Đức Thịnh")
