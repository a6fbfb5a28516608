"""End to end: crawl the fixture portal with real Scrapy, then check persons, positions and the
``people``/``person``/``holders`` commands against the corpus ``[[people]]`` ground truth."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from fixtures.portal import FixturePortal
from fixtures.portal.corpus import load_corpus
from pipelines.vntext import match_key

# The rules were tuned on this corpus (it is development data, not a held-out measurement: see
# docs/benchmarks.md): every ground-truth person must be found, in every article naming them,
# and nobody else.
KNOWN_EXTRA: set[str] = set()  # persons found that the ground truth does not list (none today)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("e2e") / "portal.db"
    with FixturePortal() as portal:
        subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", "--url", portal.base_url, "--db", str(db),
             "--quiet", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "ROLES_PROVINCE=Thái Nguyên"],
            check=True, capture_output=True, timeout=300)
    return db


def _cli(db: Path, *args: str) -> Any:
    out = subprocess.run([sys.executable, "-m", "crawler.cli", *args, "--db", str(db), "--json"],
                         check=True, capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout)


def _truth() -> dict[str, set[str]]:
    """Name key -> set of article ids (published articles only: the crawler cannot see others)."""
    truth: dict[str, set[str]] = {}
    for article in load_corpus().articles:
        if article.published_ok:
            for person in article.people:
                truth.setdefault(match_key(person.name), set()).add(f"{article.module}:{article.id}")
    return truth


def test_ground_truth_persons_are_found_and_nobody_else(crawled: Path) -> None:
    db = Database(crawled)
    found = {match_key(r["name"]) for r in db.query(
        "SELECT DISTINCT pe.name FROM persons pe JOIN mentions m ON m.person_id = pe.id")}
    truth = set(_truth())
    assert not truth - found, sorted(truth - found)
    assert found - truth == KNOWN_EXTRA


def test_every_person_is_found_in_every_article_naming_them(crawled: Path) -> None:
    db = Database(crawled)
    seen = {(match_key(r["name"]), r["source_id"]) for r in db.query(
        "SELECT pe.name, a.source_id FROM mentions m JOIN persons pe ON pe.id = m.person_id"
        " JOIN articles a ON a.id = m.article_id")}
    pairs = {(name, sid) for name, ids in _truth().items() for sid in ids}
    assert not pairs - seen, sorted(pairs - seen)
    assert {(name, sid) for name, sid in seen if name in _truth()} <= pairs


def _positions(db: Path, name: str) -> dict[str, tuple[str | None, str | None, str]]:
    [person] = _cli(db, "person", name)
    return {p["label"]: (p["tenure_from"], p["tenure_to"], p["statuses"])
            for p in person["positions"]}


def test_hand_checked_positions(crawled: Path) -> None:
    assert set(_positions(crawled, "Đàm Văn Khoa")) == {
        "Phó Bí thư Thường trực Huyện ủy huyện Định Hóa",
        "Trưởng Ban Chỉ đạo 35 huyện Định Hóa",
    }
    khoa = _positions(crawled, "Đàm Văn Khoa")["Phó Bí thư Thường trực Huyện ủy huyện Định Hóa"]
    # tenure from current mentions only: the 2025 "nguyên ..." mention does not extend it
    assert khoa[:2] == ("2023-12-27", "2023-12-27") and "former" in khoa[2]
    assert set(_positions(crawled, "Ma Thị Hảo")) == {
        "Ủy viên Huyện ủy huyện Định Hóa",
        "Trưởng Ban Tuyên giáo Huyện ủy huyện Định Hóa",
        "Phó Trưởng ban Thường trực Ban Chỉ đạo 35 huyện Định Hóa",
    }
    assert set(_positions(crawled, "Dương Đức Hải")) == {"Bí thư Thành ủy thành phố Thái Nguyên"}
    assert set(_positions(crawled, "Hứa Thị Thanh Nga")) == {
        "Ủy viên Ban Chấp hành Đảng bộ tỉnh Thái Nguyên", "Bí thư Thành ủy thành phố Sông Công"}
    assert set(_positions(crawled, "Lường Văn Tuyên")) == {
        "Đại biểu Quốc hội",
        "Phó Trưởng đoàn chuyên trách Đoàn đại biểu Quốc hội tỉnh Thái Nguyên",
    }
    assert "Trưởng Phòng Nông nghiệp và Phát triển nông thôn huyện Võ Nhai" in _positions(
        crawled, "Hoàng Văn Chiến")
    nga = _positions(crawled, "Nông Thị Thu Hằng")
    assert nga["Phó Bí thư Thường trực Thành ủy thành phố Thái Nguyên"][2] == "former"


def test_people_lists_real_persons_with_readable_labels(crawled: Path) -> None:
    rows = _cli(crawled, "people")
    truth = _truth()
    assert {match_key(r["name"]) for r in rows} <= set(truth) | KNOWN_EXTRA
    labels = ",".join(label for r in rows for label in r["positions"])
    for bad in ("Quốc hội Quốc hội", "(Trung ương)", "Trưởng ban Ban", "Thành ủy tỉnh",
                "Ban Thường vụ tỉnh", "tỉnh Chiều", "tỉnh Ngày"):
        assert bad not in labels


def test_holders_on_a_date(crawled: Path) -> None:
    rows = _cli(crawled, "holders", "Bí thư Huyện ủy", "--locality", "Võ Nhai", "--on", "2024-01-01")
    assert [(r["name"], r["held"]) for r in rows] == [("Lường Văn Thọ", "confirmed")]
    rows = _cli(crawled, "holders", "Bí thư Tỉnh ủy", "--locality", "Thái Nguyên",
                "--on", "2024-06-01")
    assert {r["name"] for r in rows if r["held"] != "former"} == {"Lâm Quốc Bảo"}
    # a former mention on the date is not holding the post on it
    rows = _cli(crawled, "holders", "Phó Bí thư Thường trực Thành ủy", "--on", "2025-07-02")
    assert [(r["name"], r["held"]) for r in rows] == [("Nông Thị Thu Hằng", "former")]
