"""docs/schema.md describes exactly the real schema."""

from __future__ import annotations

import re
from pathlib import Path

from store.database import open_db

DOC = Path(__file__).resolve().parents[1] / "docs" / "schema.md"
INTERNAL = re.compile(r"^(_|sqlite_|article_search_)")


def documented() -> dict[str, dict[str, str]]:
    tables: dict[str, dict[str, str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (\w+)\s*$", line)
        if heading:
            current = tables.setdefault(heading[1], {})
            continue
        cell = re.match(r"^\| (\w+) \| ?(\w*) ?\|", line)
        if current is not None and cell and cell[1] != "column":
            current[cell[1]] = cell[2]
    return tables


def actual() -> dict[str, dict[str, str]]:
    db = open_db(":memory:")
    return {
        name: {c.name: c.type for c in db[name].columns}
        for name in db.table_names()
        if not INTERNAL.match(name)
    }


def test_every_table_documented():
    assert sorted(documented()) == sorted(actual())


def test_every_column_documented_with_its_type():
    docs, real = documented(), actual()
    for table, columns in real.items():
        assert docs[table] == columns, table
