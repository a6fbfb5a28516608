"""End to end: a district portal crawled by URL names its (merged) province in its header; the
portal row stores it and the roles of its articles take it as their default locality. A
registered portal keeps its registered province whatever its page says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from fixtures.sites import FixtureSite

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


def _crawl(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "--quiet", *FAST, *args],
                   check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("province") / "portal.db"
    with FixtureSite("district") as site:
        _crawl("--url", site.base_url, "--db", str(db))
    return db


def test_the_portal_row_holds_the_province_its_header_names(crawled: Path) -> None:
    [row] = Database(crawled).query(
        "SELECT province, province_named, province_source, province_evidence FROM portals")
    assert row == {"province": "Thái Nguyên", "province_named": "Bắc Kạn",
                   "province_source": "page",
                   "province_evidence": "logo: Huyện ủy Chợ Đồn - Tỉnh Bắc Kạn"}


def _localities(db: Path, source_id: str, name: str) -> set[str | None]:
    return {r["locality"] for r in Database(db).query(
        "SELECT po.locality FROM mentions m JOIN persons pe ON pe.id = m.person_id"
        " JOIN positions po ON po.id = m.position_id JOIN articles a ON a.id = m.article_id"
        " WHERE a.source_id = ? AND pe.name = ? AND po.organ = 'Tỉnh ủy'", [source_id, name])}


def test_roles_take_the_province_valid_at_the_article_date(crawled: Path) -> None:
    # 5 Jan 2024: "Bí thư Tỉnh ủy Lâm Quốc Bảo", no province named: Bắc Kạn's (before the merger)
    assert _localities(crawled, "id:1210", "Lâm Quốc Bảo") == {"Bắc Kạn"}
    # 20 Jan 2026: "Hứa Văn Đông, Phó Bí thư Tỉnh ủy": Bắc Kạn is part of Thái Nguyên by then
    assert _localities(crawled, "id:1206", "Hứa Văn Đông") == {"Thái Nguyên"}


def test_a_registered_portal_keeps_its_registered_province(tmp_path: Path) -> None:
    db = tmp_path / "registered.db"
    with FixtureSite("district") as site:
        registry = tmp_path / "portals.toml"
        registry.write_text(
            '[[portal]]\nid = "cho-don"\nname = "Huyện ủy Chợ Đồn"\nprovince = "Lạng Sơn"\n'
            f'kind = "district"\nurls = ["{site.base_url}"]\nplatform = "generic"\n',
            encoding="utf-8")
        _crawl("cho-don", "--registry", str(registry), "--db", str(db),
               "-s", "CLOSESPIDER_ITEMCOUNT=2")
    [row] = Database(db).query(
        "SELECT id, province, province_named, province_source FROM portals")
    assert row == {"id": "cho-don", "province": "Lạng Sơn", "province_named": "Lạng Sơn",
                   "province_source": "registry"}
    [run] = Database(db).query("SELECT stats FROM crawl_runs")
    assert json.loads(run["stats"])["portalnews/province_mismatch"] == (
        "registry says Lạng Sơn, the page names Bắc Kạn (logo: Huyện ủy Chợ Đồn - Tỉnh Bắc Kạn)")
