"""The crawl ledger's table: rows of ``crawl_ledger`` written in one transaction per batch.

The crawl side (:mod:`crawler.ledger`) decides each candidate's state; this module only writes
its rows, upserted on (run, URL). The states are those of :mod:`store.coverage`, which reads
the table back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from store.database import transaction

COLUMNS = ("run_id", "portal", "url", "identity", "source_id", "channel", "found_on", "state",
           "reason", "http_status", "article_id", "final_url", "first_seen", "settled_at")
"""A row, in order (the crawl side builds tuples of these)."""

_UPSERT = (f"INSERT INTO crawl_ledger ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"
           " ON CONFLICT(run_id, url) DO UPDATE SET "
           + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[3:] if c != "first_seen"))


def write_ledger_rows(db: Database, rows: Sequence[Sequence[Any]]) -> None:
    """Upsert ``rows`` (tuples in :data:`COLUMNS` order) in one transaction; a row already
    written for the run and URL keeps its ``first_seen``."""
    with transaction(db):
        db.conn.executemany(_UPSERT, rows)
