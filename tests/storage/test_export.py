"""Export (interfaces.md "Article export") as JSON lines and CSV, round trips, filters, stats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlite_utils import Database
from storage_corpus import ARTICLES, fill, make_db

from crawler.cli import main
from store.database import open_db
from store.export import CSV_FIELDS, FIELDS, export_records, write_csv, write_jsonl
from store.filters import ArticleFilter
from store.stats import collect_stats

DATE_KEYS = {"raw", "value", "precision", "end", "tz_source", "year_inferred", "relative",
             "weekday_consistent", "error"}


@pytest.fixture(scope="module")
def db() -> Database:
    database = open_db(":memory:")
    fill(database)
    return database


def test_record_fields(db: Database) -> None:
    records = list(export_records(db))
    assert len(records) == len(ARTICLES)
    first = records[0]
    assert tuple(first) == FIELDS
    assert first["portal"] == "tn" and first["source_id"] == "news:1"
    assert first["body"].endswith("Đã cập nhật.")
    assert first["versions"] == 2 and records[1]["versions"] == 1
    assert first["tags"] == ["Xây dựng Đảng", "Tin tức"]
    assert first["images"] == [{"url": "https://tn.example/1.jpg", "caption": "Quang cảnh"}]
    assert set(first["published"]) == DATE_KEYS
    assert first["published"]["value"] == "2023-03-01T08:00:00+07:00"
    assert first["published"]["precision"] == "minute" and first["published"]["tz_source"] == "meta"
    assert first["updated"] is None
    [event] = first["event_dates"]
    assert set(event) >= DATE_KEYS | {"sentence"}
    assert event["year_inferred"] is True and event["weekday_consistent"] is None
    [mention] = first["mentions"]
    assert mention["name"] == "Nguyễn Văn An" and mention["sentence"].startswith("Đồng chí Nguyễn")
    [role] = mention["roles"]
    assert role == {"raw": "Bí thư Huyện ủy Định Hóa", "title": "Bí thư", "modifiers": [],
                    "status": "current", "organ": "Huyện ủy", "level": "district",
                    "locality": "Định Hóa"}


def test_jsonl_round_trip(db: Database) -> None:
    out = io.StringIO()
    assert write_jsonl(export_records(db), out) == len(ARTICLES)
    lines = out.getvalue().splitlines()
    assert "Định Hóa" in lines[0]  # not \u-escaped
    assert [json.loads(line) for line in lines] == list(export_records(db))


def test_csv_round_trip(db: Database) -> None:
    out = io.StringIO()
    write_csv(export_records(db), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    for row, record in zip(rows, export_records(db), strict=True):
        assert tuple(row) == CSV_FIELDS
        for field, value in record.items():
            if field in ("published", "updated"):  # flat ISO value and precision, then JSON
                assert row[field] == ((value or {}).get("value") or ""), field
                precision = (value or {}).get("precision") if (value or {}).get("value") else None
                assert row[f"{field}_precision"] == (precision or ""), field
                assert (json.loads(row[f"{field}_result"]) if row[f"{field}_result"]
                        else None) == value, field
            elif isinstance(value, list | dict):
                assert json.loads(row[field]) == value, field
            else:
                assert row[field] == ("" if value is None else str(value)), field


def test_filters(db: Database) -> None:
    def sources(**kwargs: str) -> list[str]:
        return [r["source_id"] for r in export_records(db, ArticleFilter(**kwargs))]

    assert sources(portal="bk") == ["news:4", "news:5"]
    assert sources(province="thai nguyen", since="2023-06") == ["news:2", "news:3"]
    assert sources(category="Thời sự", until="2024-01") == ["news:4"]
    assert sources(person="Lê Thị Bình") == ["news:3"]


def test_cli_export_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_db(tmp_path / "e.db")
    target = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", "--portal", "tn", "-o", str(target),
                 "--db", str(path)]) == 0
    assert "exported 3 articles" in capsys.readouterr().err
    assert len(list(csv.DictReader(target.open(encoding="utf-8")))) == 3
    assert main(["export", "--db", str(path), "--person", "nguyen van an"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["source_id"] for line in lines] == ["news:1", "news:2", "news:4"]
    assert main(["export", "--db", str(tmp_path / "missing.db")]) == 2


def test_stats(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stats = collect_stats(db)
    totals = stats["totals"]
    assert totals["articles"] == 5 and totals["article_versions"] == 6
    assert totals["articles_changed"] == 1 and totals["persons"] >= 2
    assert {r["portal"]: r["articles"] for r in stats["portals"]} == {"tn": 3, "bk": 2}
    assert stats["months"][0] == {"month": "2024-03", "articles": 1}
    path = make_db(tmp_path / "st.db")
    assert main(["stats", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "5 articles from 2 portals" in out and "1 article changed" in out
    assert main(["stats", "--db", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["articles"] == 5
