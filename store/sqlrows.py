"""Rows written with prepared statements (the hot path of storing an article).

sqlite-utils' ``insert``/``insert_all`` look the table up in ``sqlite_master`` and open a
savepoint on every call, which costs more than the insert itself; the values are stored the same
way (lists and dicts as JSON text).
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database


def _sql_value(value: Any) -> Any:
    """A value as sqlite-utils stores it (lists and dicts as JSON text)."""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, default=repr, ensure_ascii=False)
    return value


def insert_rows(db: Database, table: str, rows: list[dict[str, Any]], *,
                ignore: bool = False) -> int | None:
    """Insert rows of one shape (the first row's keys) with one prepared statement; the rowid of
    a single inserted row (None for several rows or none)."""
    if not rows:
        return None
    columns = list(rows[0])
    sql = (f"INSERT {'OR IGNORE ' if ignore else ''}INTO {table}"
           f" ({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))})")
    if len(rows) == 1:
        return db.conn.execute(sql, [_sql_value(v) for v in rows[0].values()]).lastrowid
    db.conn.executemany(sql, [[_sql_value(row.get(c)) for c in columns] for row in rows])
    return None
