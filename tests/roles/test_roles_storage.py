"""Persons, positions and mentions in SQLite; the people/person/holders commands."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from crawler.cli import CommandError
from crawler.cli import normalise_roles as normalise_cli
from crawler.cli import people as people_cli
from pipelines.roles import article_mentions
from store.database import ensure_portal, open_db, store_article, transaction
from store.people import store_mentions
from store.people_queries import find_persons, holders, people, person_positions

ARTICLES = [
    ("tn", "1", "2023-03-01", "Đồng chí Nguyễn Văn An, Bí thư Huyện ủy Định Hóa chủ trì hội nghị."),
    ("tn", "2", "2023-09-15", "Bí thư Huyện ủy Định Hóa Nguyễn Văn An kiểm tra công trình."),
    ("tn", "3", "2024-02-01", "Ông Nguyễn Văn An, nguyên Bí thư Huyện ủy Định Hóa thăm hỏi gia đình "
                              "chính sách. Đồng chí Lê Thị Bình, Bí thư Huyện ủy Định Hóa dự."),
    ("tn", "4", "2024-06-01", "Đồng chí Lê Thị Bình, Bí thư Huyện ủy Định Hóa phát biểu."),
    ("bk", "5", "2024-01-10", "Đồng chí Nguyễn Văn An, Phó Chủ tịch UBND tỉnh Bắc Kạn làm việc."),
]


def _fill(db: Database) -> None:
    ensure_portal(db, "tn", name="Thái Nguyên", province="Thái Nguyên")
    ensure_portal(db, "bk", name="Bắc Kạn", province="Bắc Kạn")
    for portal, sid, day, body in ARTICLES:
        item = {"portal": portal, "source_id": sid, "url": f"https://{portal}.example/{sid}",
                "title": f"Tin {sid}", "body_text": body, "content_hash": f"h{sid}",
                "fetched_at": "2024-07-01T00:00:00+07:00",
                "published": {"value": day, "precision": "day"}}
        _, article_id = store_article(db, item)
        province = db["portals"].get(portal)["province"]
        mentions = article_mentions({"title": item["title"], "body_text": body}, date=day,
                                    province=province)
        with transaction(db):
            store_mentions(db, article_id, mentions, portal=portal, article_date=day)


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "t.db"
    _fill(open_db(path))
    return path


def test_namesakes_in_other_provinces_stay_apart(db_file: Path) -> None:
    db = open_db(db_file)
    found = find_persons(db, "Nguyen Van An")
    assert sorted(p["province"] for p in found) == ["Bắc Kạn", "Thái Nguyên"]
    tn = next(p for p in found if p["province"] == "Thái Nguyên")
    [pos] = person_positions(db, tn["id"])
    assert pos["label"] == "Bí thư Huyện ủy huyện Định Hóa"
    assert (pos["first_seen"], pos["last_seen"]) == ("2023-03-01", "2024-02-01")
    assert len(pos["articles"]) == 3


def test_store_mentions_is_idempotent(db_file: Path) -> None:
    db = open_db(db_file)
    before = db["mentions"].count
    mentions = article_mentions({"body_text": ARTICLES[0][3]}, date="2023-03-01", province=None)
    with transaction(db):
        store_mentions(db, 1, mentions, portal="tn", article_date="2023-03-01")
        store_mentions(db, 1, mentions, portal="tn", article_date="2023-03-01")
    assert db["mentions"].count == before


def test_holders_on_a_date(db_file: Path) -> None:
    db = open_db(db_file)
    on_2023 = holders(db, "Bí thư Huyện ủy", locality="Định Hóa", on="2023-06-01")
    assert [(h["name"], h["held"]) for h in on_2023] == [("Nguyễn Văn An", "confirmed")]
    on_2024 = holders(db, "Bí thư Huyện ủy Định Hóa", on="2024-05-01")
    # former mentions are listed after the holders, as held before the date, never on it
    assert [(h["name"], h["held"]) for h in on_2024] == [("Lê Thị Bình", "confirmed"),
                                                         ("Nguyễn Văn An", "former")]
    on_day = holders(db, "Bí thư Huyện ủy Định Hóa", on="2024-02-01")
    assert [(h["name"], h["held"]) for h in on_day] == [("Lê Thị Bình", "confirmed"),
                                                        ("Nguyễn Văn An", "former")]
    [an] = [h for h in holders(db, "Bí thư Huyện ủy Định Hóa") if h["name"] == "Nguyễn Văn An"]
    assert (an["tenure_from"], an["tenure_to"]) == ("2023-03-01", "2023-09-15")
    assert an["last_seen"] == "2024-02-01"
    assert {h["name"] for h in holders(db, "Bí thư Huyện ủy")} == {"Nguyễn Văn An", "Lê Thị Bình"}


def test_people_filters(db_file: Path) -> None:
    db = open_db(db_file)
    assert {p["name"] for p in people(db, portal="bk")} == {"Nguyễn Văn An"}
    assert {p["name"] for p in people(db, role="Phó Chủ tịch UBND tỉnh")} == {"Nguyễn Văn An"}
    assert people(db, role="Giám đốc Sở Y tế") == []


def _run(module, argv: list[str], capsys) -> str:  # type: ignore[no-untyped-def]
    parser = argparse.ArgumentParser()
    module.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    assert args.func(args) == 0
    return capsys.readouterr().out


def test_commands_answer(db_file: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = _run(people_cli, ["people", "--db", str(db_file)], capsys)
    assert "Lê Thị Bình" in out and "Nguyễn Văn An" in out
    out = _run(people_cli, ["person", "Lê Thị Bình", "--db", str(db_file), "--json"], capsys)
    assert json.loads(out)[0]["positions"][0]["first_seen"] == "2024-02-01"
    out = _run(people_cli, ["holders", "Bí thư Huyện ủy", "--locality", "Định Hóa",
                            "--on", "2024-05-01", "--db", str(db_file)], capsys)
    holders_part, _, before_part = out.partition("Held before")
    assert "Lê Thị Bình" in holders_part and "Nguyễn Văn An" not in holders_part
    assert "Nguyễn Văn An" in before_part
    parser = argparse.ArgumentParser()
    people_cli.register(parser.add_subparsers())
    args = parser.parse_args(["person", "Không Có Ai", "--db", str(db_file)])
    with pytest.raises(CommandError):
        args.func(args)


def test_normalise_roles_cli(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = _run(normalise_cli, ["roles", "Bí thư Tỉnh ủy Trịnh Việt Hùng phát biểu.",
                               "--province", "Thái Nguyên"], capsys)
    [entry] = json.loads(out)
    assert entry["name"] == "Trịnh Việt Hùng" and entry["roles"][0]["locality"] == "Thái Nguyên"
    import io

    lines = ['{"text": "Đồng chí Lê Văn A, Chủ tịch UBND huyện Đại Từ dự."}', "not json",
             '{"text": "Quang cảnh hội nghị", "date": "2024-01-01"}']
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    out = _run(normalise_cli, ["roles", "--jsonl"], capsys).splitlines()
    assert json.loads(out[0])[0]["name"] == "Lê Văn A"
    assert "error" in json.loads(out[1])
    assert json.loads(out[2]) == []
