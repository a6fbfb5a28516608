"""A post's holders over time: one row per holder on one time axis, ordered by when they were
first seen; a bar over the tenure shown by current mentions, one mark per day a holder is
mentioned. Blank stretches of the axis are the gaps where the database knows no holder.

The rows and marks are counted and grouped in SQL, so a post with thousands of mentions does not
become thousands of rows in Python or in the drawing: past :data:`MAX_HOLDERS` rows the chart
keeps the most mentioned holders, past :data:`MAX_MARKS` marks a mark stands for a month, and the
source line says so.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from crawler.charts.base import (
    ChartError,
    chart,
    day_after,
    reform_layer,
    rows_by_order,
    source_line,
    status_colour,
    utc_time,
)
from store.people_queries import role_filter

__all__ = ["MAX_HOLDERS", "MAX_MARKS", "holder_rows", "holders_chart", "mark_rows"]

MAX_HOLDERS = 200  # rows of 28 px: a 5,600-pixel chart, still one that can be read
MAX_MARKS = 2500  # beyond this, a mark per holder, status and month (about one mark width)
_CURRENT = "m.status IN ('current', 'acting', 'newly_appointed')"
_DATED = "m.article_date IS NOT NULL AND m.position_id IS NOT NULL"


def holder_rows(db: Database, where: str, params: list[Any]) -> list[dict[str, Any]]:
    """Every (person, position) with a dated mention in the positions ``p`` matching ``where``
    (``store.people_queries``' role filter): mentions, days with a mention (per status), tenure.
    Read from the index of migration ``0100_chart_indexes`` alone."""
    return list(db.query(
        "SELECT m.person_id, m.position_id, pe.name, p.label AS position, count(*) AS mentions,"
        " count(DISTINCT m.status || m.article_date) AS days,"
        " min(m.article_date) AS first, max(m.article_date) AS last,"
        f" min(CASE WHEN {_CURRENT} THEN m.article_date END) AS tenure_from,"
        f" max(CASE WHEN {_CURRENT} THEN m.article_date END) AS tenure_to"
        " FROM mentions m JOIN positions p ON p.id = m.position_id"
        " JOIN persons pe ON pe.id = m.person_id"
        f" WHERE {where} AND {_DATED} GROUP BY m.person_id, m.position_id", params))


def mark_rows(db: Database, where: str, params: list[Any], persons: list[int], *,
              by_month: bool) -> list[dict[str, Any]]:
    """One row per holder, status and day (or month) of the ``persons`` in the positions ``p``
    matching ``where``: the first mention's date, sentence and article, and how many mentions
    the mark stands for."""
    bucket = "substr(m.article_date, 1, 7)" if by_month else "m.article_date"
    group = "PARTITION BY m.person_id, m.position_id, m.status, " + bucket
    return list(db.query(
        "SELECT g.person_id, g.position_id, g.article_date AS day, g.last, g.status, g.mentions,"
        " s.sentence, a.url, a.title FROM (SELECT m.id, m.person_id, m.position_id, m.status,"
        f" m.article_date, row_number() OVER ({group} ORDER BY m.article_date, m.id) AS nth,"
        f" count(*) OVER ({group}) AS mentions, max(m.article_date) OVER ({group}) AS last"
        " FROM mentions m JOIN positions p ON p.id = m.position_id"
        f" WHERE {where} AND {_DATED} AND m.person_id IN (SELECT value FROM json_each(?))) g"
        " JOIN mentions s ON s.id = g.id JOIN articles a ON a.id = s.article_id"
        " WHERE g.nth = 1 ORDER BY g.article_date, g.id", [*params, json.dumps(persons)]))


def holders_chart(db: Database, role: str, *, locality: str | None = None) -> dict[str, Any]:
    """Everyone seen in the post ``role`` (diacritics optional), one after another."""
    where, params = role_filter(db, role, locality)
    found = holder_rows(db, where, params)
    if not found:
        if db.execute("SELECT 1 FROM mentions m JOIN positions p ON p.id = m.position_id"
                      f" WHERE {where} LIMIT 1", params).fetchone() is None:
            place = f" in {locality}" if locality else ""
            raise ChartError(f"nobody found in {role!r}{place}; try `portalnews people --role`")
        raise ChartError(f"no dated mention of anyone in {role!r}: nothing to draw")
    everyone = len(found)
    drawn = sorted(found, key=lambda h: (-h["mentions"], h["first"], h["name"]))[:MAX_HOLDERS]
    several = len({h["position"] for h in drawn}) > 1
    drawn.sort(key=lambda h: (h["first"], h["name"], h["position"]))
    rows = {}
    for order, holder in enumerate(drawn):
        holder["row"] = f"{holder['name']} · {holder['position']}" if several else holder["name"]
        holder["order"] = order
        rows[(holder["person_id"], holder["position_id"])] = holder
    mentions = sum(h["mentions"] for h in drawn)
    persons = sorted({h["person_id"] for h in drawn})
    by_month = sum(h["days"] for h in drawn) > MAX_MARKS
    marks = mark_rows(db, where, params, persons, by_month=by_month)
    for mark in marks:  # a drawn person may hold another matching post that is not drawn
        holder = rows.get((mark.pop("person_id"), mark.pop("position_id")))
        if holder:
            mark["row"], mark["order"] = holder["row"], holder["order"]
    marks = [m for m in marks if "row" in m]
    tenures = [{"row": h["row"], "order": h["order"], "from": h["tenure_from"], "to": h["tenure_to"],
                "end": day_after(h["tenure_to"]), "position": h["position"]}
               for h in drawn if h["tenure_from"]]
    y = rows_by_order()
    body = {
        "width": 640,
        "height": {"step": 28},
        "layer": [
            {"data": {"values": tenures},
             "mark": {"type": "bar", "color": "#c6dbef", "height": {"band": 0.6}},
             "encoding": {"y": y, "x": utc_time("from", "Date of the article (evidence)"),
                          "x2": {"field": "end"},
                          "tooltip": [{"field": "row", "title": "Holder"},
                                      {"field": "position", "title": "Position"},
                                      {"field": "from", "title": "First current mention"},
                                      {"field": "to", "title": "Last current mention"}]}},
            {"data": {"values": marks},
             "mark": {"type": "point", "filled": True, "size": 70, "cursor": "pointer"},
             "encoding": {
                 "y": y, "x": utc_time("day", None),
                 "color": status_colour(),
                 "href": {"field": "url"},
                 "tooltip": [{"field": "day", "title": "Article date"},
                             *([{"field": "last", "title": "Last in the month"}] if by_month
                               else []),
                             {"field": "mentions", "title": "Mentions"},
                             {"field": "status", "title": "Status"},
                             {"field": "title", "title": "Article" + (" (first)" if by_month
                                                                      else "")},
                             {"field": "sentence", "title": "Sentence"}]}},
            reform_layer(),
        ],
    }
    counts = {"holders": everyone, "mentions": sum(h["mentions"] for h in found)}
    source = source_line(db, (d for h in drawn for d in (h["first"], h["last"])), counts)
    notes = []
    if len(drawn) < everyone:
        notes.append(f"Drawn: the {len(drawn):,} most mentioned holders ({mentions:,} mentions;"
                     " `portalnews holders` lists all)")
    if by_month:
        notes.append(f"One mark per holder, status and month ({len(marks):,} marks)")
    return chart(f"Holders of {role if several else drawn[0]['position']}", source, body,
                 notes=notes)
