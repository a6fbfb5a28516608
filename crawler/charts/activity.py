"""Portal activity: articles per portal per week (a heat map, one row per portal), and the
publishing rhythm of one portal (articles per week; weekday by hour of publication)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from crawler.charts.base import ChartError, chart, source_line, utc_time

__all__ = ["activity_chart", "portal_chart"]

# Publish times known to the day or better can be put in a week; to the minute, in an hour.
_TO_THE_DAY = "(a.published_precision IS NULL OR a.published_precision NOT IN ('year', 'month'))"
_TO_THE_HOUR = "a.published_precision IN ('hour', 'minute', 'second')"
_WEEK = "date(substr(a.published, 1, 10), '-6 days', 'weekday 1')"  # Monday of the local week
WEEK = timedelta(days=7)
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _undated(db: Database, portal: str | None) -> int:
    where = " AND a.portal = ?" if portal else ""
    return int(db.execute(
        f"SELECT count(*) FROM articles a WHERE (a.published IS NULL OR NOT {_TO_THE_DAY}){where}",
        [portal] if portal else []).fetchone()[0])


def _weeks(db: Database, portal: str | None) -> list[dict[str, Any]]:
    where = " AND a.portal = ?" if portal else ""
    rows = list(db.query(
        f"SELECT a.portal, {_WEEK} AS week, count(*) AS articles FROM articles a"
        f" WHERE a.published IS NOT NULL AND {_TO_THE_DAY}{where} GROUP BY a.portal, week",
        [portal] if portal else []))
    for row in rows:
        row["end"] = (date.fromisoformat(row["week"]) + WEEK).isoformat()
    return rows


def activity_chart(db: Database) -> dict[str, Any]:
    """Articles per portal per week, every portal a row (portals without articles stay blank)."""
    portals = list(db.query("SELECT id, coalesce(name, id) AS name FROM portals ORDER BY id"))
    if not portals:
        raise ChartError("the database has no portal yet: crawl first (`portalnews demo`)")
    weeks = _weeks(db, None)
    if not weeks:
        raise ChartError("no article with a publish date in the database: nothing to draw")
    names = {p["id"]: p["name"] for p in portals}
    for row in weeks:
        row["name"] = names.get(row["portal"], row["portal"])
    total = sum(r["articles"] for r in weeks)
    body = {
        "data": {"values": weeks},
        "width": 760,
        "height": {"step": 12},
        "mark": {"type": "rect"},
        "encoding": {
            "y": {"field": "portal", "type": "nominal", "title": "Portal",
                  "scale": {"domain": [p["id"] for p in portals]},
                  "axis": {"labelFontSize": 9}},
            "x": utc_time("week", "Week (Monday, Vietnam time)"),
            "x2": {"field": "end"},
            "color": {"field": "articles", "type": "quantitative", "title": "Articles",
                      "scale": {"type": "sqrt", "scheme": "blues"}},
            "tooltip": [{"field": "name", "title": "Portal"}, {"field": "week", "title": "Week of"},
                        {"field": "articles", "title": "Articles"}],
        },
    }
    source = source_line(db, (r["week"] for r in weeks),
                         {"portals": len(portals), "articles": total,
                          "without a publish day": _undated(db, None)})
    return chart("Articles per portal per week", source, body)


def portal_chart(db: Database, portal: str) -> dict[str, Any]:
    """One portal's rhythm: articles per week, and weekday by hour of publication."""
    row = db.execute("SELECT coalesce(name, id) FROM portals WHERE id = ?", [portal]).fetchone()
    if row is None:
        raise ChartError(f"no portal {portal!r} in the database; see `portalnews status`")
    weeks = _weeks(db, portal)
    if not weeks:
        raise ChartError(f"portal {portal!r} has no article with a publish date: nothing to draw")
    hours = list(db.query(
        "SELECT CAST(strftime('%w', substr(a.published, 1, 10)) AS INTEGER) AS wd,"
        " CAST(substr(a.published, 12, 2) AS INTEGER) AS hour, count(*) AS articles"
        f" FROM articles a WHERE a.portal = ? AND {_TO_THE_HOUR} GROUP BY wd, hour", [portal]))
    for h in hours:
        h["weekday"] = WEEKDAYS[(h.pop("wd") + 6) % 7]
    total = sum(w["articles"] for w in weeks)
    body = {"vconcat": [
        {"data": {"values": weeks}, "width": 760, "height": 160, "mark": {"type": "bar"},
         "title": "Articles per week",
         "encoding": {"x": utc_time("week", "Week (Monday, Vietnam time)"), "x2": {"field": "end"},
                      "y": {"field": "articles", "type": "quantitative", "title": "Articles"},
                      "y2": {"datum": 0},
                      "tooltip": [{"field": "week", "title": "Week of"},
                                  {"field": "articles", "title": "Articles"}]}},
        {"data": {"values": hours}, "width": 760, "height": {"step": 16}, "mark": {"type": "rect"},
         "title": "Publication time (Vietnam time; articles dated to the hour or better)",
         "encoding": {
             "x": {"field": "hour", "type": "ordinal", "title": "Hour",
                   "scale": {"domain": list(range(24))}, "axis": {"labelAngle": 0}},
             "y": {"field": "weekday", "type": "ordinal", "title": None,
                   "scale": {"domain": WEEKDAYS}},
             "color": {"field": "articles", "type": "quantitative", "title": "Articles",
                       "scale": {"scheme": "blues"}},
             "tooltip": [{"field": "weekday"}, {"field": "hour"}, {"field": "articles"}]}},
    ]}
    source = source_line(db, (w["week"] for w in weeks),
                         {"articles": total, "without a publish day": _undated(db, portal)})
    return chart(f"Publishing rhythm of {row[0]}", source, body)
