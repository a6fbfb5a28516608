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
    """Insert rows of one shape (the first row's keys) with one prepared statement; the last
    rowid, None when there were no rows."""
    if not rows:
        return None
    columns = list(rows[0])
    sql = (f"INSERT {'OR IGNORE ' if ignore else ''}INTO {table}"
           f" ({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))})")
    cursor = db.conn.cursor()
    if len(rows) == 1:
        cursor.execute(sql, [_sql_value(v) for v in rows[0].values()])
    else:
        cursor.executemany(sql, [[_sql_value(row.get(c)) for c in columns] for row in rows])
    return cursor.lastrowid
