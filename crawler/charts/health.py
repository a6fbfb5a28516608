"""Crawl health over time: every run of every portal as a mark coloured by its verdict (one row
per portal), and per day the requests, new and updated articles, failures and (when the crawl
ledger exists, migration ``0070_crawl_ledger``) unaccounted candidates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from crawler.charts.base import ChartError, chart, day_after, source_line, table_exists, utc_time

__all__ = ["VERDICTS", "health_chart", "run_rows"]

VERDICTS = {"ok": "#2ca02c", "warning": "#ff7f0e", "unfinished": "#d62728",
            "no verdict": "#9e9e9e"}
METRICS = ("requests", "new articles", "updated articles", "failures", "unaccounted candidates")


def run_rows(db: Database, *, portal: str | None = None, days: int = 90) -> list[dict[str, Any]]:
    """One row per run (optionally of one portal, within ``days`` of the latest run; 0: all),
    times in Vietnam time as written."""
    ledger = table_exists(db, "crawl_ledger")
    unaccounted = ("(SELECT count(*) FROM crawl_ledger l WHERE l.run_id = r.id"
                   " AND l.state = 'unaccounted')") if ledger else "NULL"
    where, params = ["r.started_at IS NOT NULL"], []
    if portal:
        where.append("r.portal = ?")
        params.append(portal)
    if days:
        latest = db.execute(f"SELECT max(substr(r.started_at, 1, 10)) FROM crawl_runs r"
                            f" WHERE {' AND '.join(where)}", params).fetchone()[0]
        if latest:
            where.append("substr(r.started_at, 1, 10) > ?")
            params.append((date.fromisoformat(latest) - timedelta(days=days)).isoformat())
    rows = list(db.query(
        "SELECT r.id AS run, r.portal, substr(r.started_at, 1, 16) AS started,"
        " substr(r.started_at, 1, 10) AS day, r.finished_at, r.finish_reason AS reason,"
        " CAST(json_extract(r.stats, '$.\"downloader/request_count\"') AS INTEGER) AS requests,"
        " r.articles_new AS new, r.articles_updated AS updated, r.failures,"
        f" {unaccounted} AS unaccounted, r.health, r.problems"
        f" FROM crawl_runs r WHERE {' AND '.join(where)} ORDER BY r.started_at", params))
    for row in rows:
        row["verdict"] = row["health"] or ("unfinished" if not row["finished_at"] else "no verdict")
    return rows


def _daily(rows: list[dict[str, Any]], ledger: bool) -> list[dict[str, Any]]:
    keys = dict(zip(METRICS, ("requests", "new", "updated", "failures", "unaccounted"),
                    strict=True))
    totals: dict[tuple[str, str], int] = {}
    for row in rows:
        for metric, key in keys.items():
            if metric == "unaccounted candidates" and not ledger:
                continue
            totals[(row["day"], metric)] = totals.get((row["day"], metric), 0) + (row[key] or 0)
    return [{"day": day, "end": day_after(day), "metric": metric, "value": value}
            for (day, metric), value in totals.items()]


def health_chart(db: Database, *, portal: str | None = None, days: int = 90) -> dict[str, Any]:
    """Verdicts per run and portal, and the daily totals of what the runs did."""
    if portal and db.execute("SELECT 1 FROM portals WHERE id = ?", [portal]).fetchone() is None:
        raise ChartError(f"no portal {portal!r} in the database; see `portalnews status`")
    rows = run_rows(db, portal=portal, days=days)
    if not rows:
        raise ChartError("no crawl run in the database: nothing to draw (crawl first)")
    ledger = table_exists(db, "crawl_ledger")
    portals = sorted({r["portal"] for r in rows})
    metrics = [m for m in METRICS if ledger or m != "unaccounted candidates"]
    tooltip = [{"field": f} for f in ("portal", "run", "started", "verdict", "reason", "requests",
                                      "new", "updated", "failures", "unaccounted", "problems")]
    matrix = {
        "data": {"values": rows}, "width": 760, "height": {"step": 14},
        "title": "Verdict of each run (one row per portal)",
        "mark": {"type": "square", "size": 60, "opacity": 0.9},
        "encoding": {
            "y": {"field": "portal", "type": "nominal", "title": None,
                  "scale": {"domain": portals}, "axis": {"labelFontSize": 9}},
            "x": utc_time("started", "Run start (Vietnam time)", "%d/%m/%Y"),
            "color": {"field": "verdict", "type": "nominal", "title": "Verdict",
                      "scale": {"domain": list(VERDICTS), "range": list(VERDICTS.values())}},
            "tooltip": tooltip,
        },
    }
    daily = {
        "data": {"values": _daily(rows, ledger)},
        "title": "Per day, all runs" + (f" of {portal}" if portal else " of all portals"),
        "facet": {"row": {"field": "metric", "type": "nominal", "title": None,
                          "sort": metrics, "header": {"labelAngle": 0, "labelAlign": "left"}}},
        "spec": {"width": 760, "height": 60, "mark": {"type": "bar"},
                 "encoding": {"x": utc_time("day", "Day (Vietnam time)", "%d/%m/%Y"), "x2": {"field": "end"},
                              "y": {"field": "value", "type": "quantitative", "title": None},
                              "y2": {"datum": 0},
                              "tooltip": [{"field": "day"}, {"field": "metric"},
                                          {"field": "value"}]}},
        "resolve": {"scale": {"y": "independent"}},
    }
    counts = {"runs": len(rows), "portals": len(portals)}
    source = source_line(db, (r["day"] for r in rows), counts)
    if not ledger:
        source += " · no crawl ledger (unaccounted candidates not recorded)"
    title = f"Crawl health of {portal}" if portal else "Crawl health"
    return chart(title, source, {"vconcat": [matrix, daily]})
