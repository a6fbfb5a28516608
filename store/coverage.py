"""Reading the crawl ledger: what became of every candidate article of a run (``crawl_ledger``).

Backs ``portalnews coverage`` and the ledger part of ``portalnews status``. Read-only queries
(sqlite-utils ``Database`` or any object with ``execute``). A killed run keeps rows in the open
states ``pending``/``waiting``: they are counted as unaccounted.
"""

from __future__ import annotations

from typing import Any

FINAL_STATES = ("stored", "unchanged", "known", "failed", "rejected", "deferred")
OPEN_STATES = ("pending", "waiting")
LEDGER_STATES = (*FINAL_STATES, "unaccounted")
"""The states a report counts (``crawler.ledger`` writes the final and open ones)."""
ENTRY_COLUMNS = ("url", "state", "reason", "identity", "source_id", "channel", "found_on",
                 "http_status", "article_id", "final_url")
RUN_COLUMNS = ("id", "portal", "started_at", "finished_at", "finish_reason", "health")


def has_ledger(db: Any) -> bool:
    """Whether the database has the ``crawl_ledger`` table (migration ``0070_crawl_ledger``)."""
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'crawl_ledger'"
                      ).fetchone() is not None


def latest_runs(db: Any, portal: str | None = None) -> list[int]:
    """The latest run of every portal (or of ``portal``), newest first."""
    sql = "SELECT max(id) FROM crawl_runs" + (" WHERE portal = ?" if portal else "") + \
          " GROUP BY portal ORDER BY max(id) DESC"
    return [row[0] for row in db.execute(sql, [portal] if portal else [])]


def state_counts(db: Any, run_id: int) -> dict[str, int]:
    """Candidates per state (every state present, open states folded into ``unaccounted``)."""
    counts = dict.fromkeys(LEDGER_STATES, 0)
    for state, count in db.execute(
            "SELECT state, count(*) FROM crawl_ledger WHERE run_id = ? GROUP BY state", [run_id]):
        counts["unaccounted" if state in OPEN_STATES else state] += count
    return counts


def run_summary(db: Any, run_id: int, *, with_entries: bool = False) -> dict[str, Any] | None:
    """One run's ledger: the run, counts per state, counts per (state, reason), entries."""
    row = db.execute(f"SELECT {', '.join(RUN_COLUMNS)} FROM crawl_runs WHERE id = ?",
                     [run_id]).fetchone()
    if row is None:
        return None
    run = dict(zip(("run_id", *RUN_COLUMNS[1:]), row, strict=True))
    states = state_counts(db, run_id)
    run.update(candidates=sum(states.values()), states=states, unaccounted=states["unaccounted"])
    run["stored_new"] = db.execute(
        "SELECT count(*) FROM crawl_ledger WHERE run_id = ? AND state = 'stored' AND reason = 'new'",
        [run_id]).fetchone()[0]
    run["reasons"] = [
        {"state": state, "reason": reason, "count": count}
        for state, reason, count in db.execute(
            "SELECT state, coalesce(reason, ''), count(*) FROM crawl_ledger WHERE run_id = ?"
            " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2", [run_id])]
    if with_entries:
        run["entries"] = [dict(zip(ENTRY_COLUMNS, entry, strict=True)) for entry in db.execute(
            f"SELECT {', '.join(ENTRY_COLUMNS)} FROM crawl_ledger WHERE run_id = ? ORDER BY id",
            [run_id])]
    return run
