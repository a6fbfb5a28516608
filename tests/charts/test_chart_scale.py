"""Charts of a database shaped like production: 68 portals in many provinces, three years of
weeks, runs with every verdict and a crawl ledger with unaccounted candidates."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from crawler.charts import holders
from crawler.charts.activity import activity_chart
from crawler.charts.base import open_readonly
from crawler.charts.health import health_chart
from crawler.charts.holders import MAX_HOLDERS, holders_chart
from crawler.charts.provinces import provinces_chart
from crawler.charts.render import render

PROVINCES = ["Thái Nguyên", "Bắc Kạn", "Hà Nội", "Thừa Thiên Huế", "Cà Mau", "Bình Dương"]
START = date(2023, 1, 2)  # a Monday


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from store.database import ensure_portal, open_db

    path = tmp_path_factory.mktemp("scale") / "big.db"
    db = open_db(path)
    for i in range(68):
        ensure_portal(db, f"portal{i:02d}", name=f"Cổng {i}", province=PROVINCES[i % 6])
    # one article per portal every 9 days over three years (week buckets vary by portal)
    db["articles"].insert_all(
        {"portal": f"portal{i:02d}", "source_id": f"news:{i}:{n}", "url": f"https://p{i}/{n}",
         "title": "Tin", "body_text": "Nội dung.", "content_hash": f"{i}:{n}",
         "published": f"{START + timedelta(days=9 * n + i % 7)}T08:00:00+07:00",
         "published_precision": "minute"}
        for i in range(68) for n in range(122))
    db["articles"].insert({"portal": "portal00", "source_id": "news:undated", "url": "https://u",
                           "title": "Không ngày", "body_text": "Nội dung.", "content_hash": "u",
                           "published": "2024-05", "published_precision": "month"})
    runs = [("ok", "2025-01-01T02:00:00+07:00"), ("warning", "2025-01-02T02:00:00+07:00"),
            (None, None)]
    for i in range(3):
        for health, finished in runs:
            db["crawl_runs"].insert({
                "portal": f"portal{i:02d}", "spider": "nukeviet", "finished_at": finished,
                "started_at": f"2025-01-0{1 + runs.index((health, finished))}T01:00:00+07:00",
                "articles_new": 5, "articles_updated": 1, "failures": 2, "health": health,
                "stats": json.dumps({"downloader/request_count": 40})})
    # the ledger of migration 0070_crawl_ledger (created here when this branch lacks it)
    db.execute("CREATE TABLE IF NOT EXISTS crawl_ledger (id INTEGER PRIMARY KEY, run_id INTEGER,"
               " portal TEXT, url TEXT, state TEXT)")
    db["crawl_ledger"].insert_all([{"run_id": 1, "portal": "portal00", "url": f"https://x/{n}",
                                    "state": "unaccounted" if n < 4 else "stored"}
                                   for n in range(10)])
    _many_holders(db, 1500)
    db.conn.commit()
    db.close()
    return path


def _many_holders(db: Database, n: int) -> None:
    """``n`` persons each named once as Giám đốc Sở Tài chính tỉnh Thái Nguyên, every tenth of
    them a second time three days later, and Nguyễn Văn 5 twice on one day."""
    from store.people import store_mentions

    role = {"title": "Giám đốc", "organ": "Sở Tài chính", "level": "province",
            "locality": "Thái Nguyên", "modifiers": [], "status": "current"}
    for k in range(n):
        days = [k % 1000, k % 1000 + 3] if k % 10 == 0 else [5, 5] if k == 5 else [k % 1000]
        for n, day in enumerate(days):
            published = START + timedelta(days=day)
            article = db["articles"].insert({
                "portal": "portal00", "source_id": f"people:{k}:{n}",
                "url": f"https://p/people/{k}/{n}", "title": "Bổ nhiệm", "body_text": "Nội dung.",
                "content_hash": f"people:{k}:{n}", "published": f"{published}T08:00:00+07:00",
                "published_precision": "minute"}).last_pk
            store_mentions(db, article, [{"name": f"Nguyễn Văn {k}", "roles": [role],
                                          "sentence": "Ông giữ chức.", "span": [0, 3]}],
                           portal="portal00", article_date=str(published))


@pytest.fixture()
def db(big_db: Path) -> Database:
    return open_readonly(big_db)


def test_activity_68_portals_three_years(db: Database) -> None:
    spec = activity_chart(db)
    assert len(spec["encoding"]["y"]["scale"]["domain"]) == 68
    assert spec["height"] == {"step": 12}  # 68 readable rows, not squashed into a fixed height
    weeks = {r["week"] for r in spec["data"]["values"]}
    assert 150 <= len(weeks) <= 160
    assert all(date.fromisoformat(w).weekday() == 0 for w in weeks)  # Mondays
    assert "1 without a publish day" in spec["title"]["subtitle"]
    assert render(spec, ".svg").startswith(b"<svg")


def test_1500_holders_draw_the_200_most_mentioned(db: Database) -> None:
    """Rows are ordered by a field (a list of 1,500 names overflowed Vega's expression parser);
    past 200 holders the most mentioned are drawn, and the source line says so."""
    spec = holders_chart(db, "Giám đốc Sở Tài chính tỉnh Thái Nguyên")
    tenures, marks, _ = spec["layer"]
    rows = {m["row"] for m in marks["data"]["values"]}
    assert len(rows) == MAX_HOLDERS == 200
    assert {f"Nguyễn Văn {k}" for k in [5, *range(0, 1500, 10)]} <= rows  # the 151 named twice
    assert {t["row"] for t in tenures["data"]["values"]} == rows
    # one mark per holder and day: Nguyễn Văn 5's two mentions of one day are one mark
    counts = sorted((m["mentions"], m["row"]) for m in marks["data"]["values"])
    assert len(counts) == 350 and counts[-1] == (2, "Nguyễn Văn 5") and counts[-2][0] == 1
    assert spec["height"] == {"step": 28}
    source, drawn = spec["title"]["subtitle"]  # two lines: the source, what is drawn
    assert source.endswith("1,500 holders, 1,651 mentions")
    assert drawn.startswith("Drawn: the 200 most mentioned holders (351 mentions")
    orders = sorted((m["order"], m["day"]) for m in marks["data"]["values"])
    firsts = {}
    for order, day in orders:
        firsts.setdefault(order, day)
    assert list(firsts.values()) == sorted(firsts.values())  # rows by their first evidence
    assert render(spec, ".svg").startswith(b"<svg")


def test_many_marks_become_one_per_month(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(holders, "MAX_MARKS", 100)
    spec = holders_chart(db, "Giám đốc Sở Tài chính tỉnh Thái Nguyên")
    marks = spec["layer"][1]["data"]["values"]
    months = {(m["row"], m["status"], m["day"][:7]) for m in marks}
    assert len(months) == len(marks) < 350  # one mark per holder, status and month
    assert sum(m["mentions"] for m in marks) == 351  # standing for every mention drawn
    assert all(m["day"][:7] == m["last"][:7] and m["day"] <= m["last"] for m in marks)
    assert spec["title"]["subtitle"][-1] == (
        f"One mark per holder, status and month ({len(marks)} marks)")
    assert "Last in the month" in {t["title"] for t in spec["layer"][1]["encoding"]["tooltip"]}


def test_health_verdicts_and_unaccounted(db: Database) -> None:
    spec = health_chart(db, days=0)
    matrix, daily = spec["vconcat"]
    verdicts = sorted(r["verdict"] for r in matrix["data"]["values"])
    # the third run of each portal has no end time and no verdict: it is drawn as unfinished
    assert verdicts == ["ok"] * 3 + ["unfinished"] * 3 + ["warning"] * 3
    totals = {(r["day"], r["metric"]): r["value"] for r in daily["data"]["values"]}
    assert totals[("2025-01-01", "unaccounted candidates")] == 4
    assert totals[("2025-01-01", "requests")] == 120
    assert "no crawl ledger" not in spec["title"]["subtitle"]
    assert daily["facet"]["row"]["sort"][-1] == "unaccounted candidates"


def test_provinces_merge_old_names(db: Database) -> None:
    tiles = {t["province"]: t for t in provinces_chart(db)["data"]["values"]}
    # Bắc Kạn went into Thái Nguyên, Bình Dương into Hồ Chí Minh, Thừa Thiên Huế is Huế
    assert tiles["Thái Nguyên"]["portals"] == 24
    assert tiles["Hồ Chí Minh"]["portals"] == 11
    assert tiles["Huế"]["portals"] == 11
    assert sum(t["portals"] for t in tiles.values()) == 68
    health = {t["province"]: t["verdict"] for t in provinces_chart(db, by="health")["data"]["values"]}
    assert health["Thái Nguyên"] == "unfinished"  # portal00's latest run never finished
    assert health["Cà Mau"] == "no runs"
