"""Prepared-statement inserts store what sqlite-utils' ``insert_all`` stores (issue 14 speed)."""

from __future__ import annotations

from sqlite_utils import Database

from store.sqlrows import insert_rows

ROWS = [
    {"a": 1, "b": "Thái Nguyên", "c": None, "d": True, "e": ["x", "ý"], "f": {"k": 1.5}},
    {"a": 2, "b": "", "c": 3.25, "d": False, "e": [], "f": {}},
]


def _table(db: Database, name: str) -> None:
    db[name].create({"id": int, "a": int, "b": str, "c": float, "d": int, "e": str, "f": str},
                    pk="id")


def test_same_rows_as_sqlite_utils() -> None:
    db = Database(memory=True)
    _table(db, "ours")
    _table(db, "theirs")
    insert_rows(db, "ours", ROWS)
    db["theirs"].insert_all(ROWS)
    assert list(db.query("SELECT * FROM ours")) == list(db.query("SELECT * FROM theirs"))


def test_single_row_rowid_ignore_and_empty() -> None:
    db = Database(memory=True)
    db["t"].create({"id": int, "k": str}, pk="id")
    db["t"].create_index(["k"], unique=True)
    assert insert_rows(db, "t", [{"k": "một"}]) == 1
    insert_rows(db, "t", [{"k": "một"}, {"k": "hai"}], ignore=True)
    assert [r["k"] for r in db.query("SELECT k FROM t ORDER BY id")] == ["một", "hai"]
    assert insert_rows(db, "t", []) is None
