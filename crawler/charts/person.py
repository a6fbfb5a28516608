"""A person's career: one row per position, a bar from the first to the last evidence, one mark
per mention (coloured by status, linking to its article), the 1 July 2025 reform as a rule."""

from __future__ import annotations

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
from store.people_queries import find_persons

__all__ = ["career_rows", "person_chart"]


def career_rows(db: Database, person_ids: list[int]) -> list[dict[str, Any]]:
    """Every dated mention with a position of these persons, with its article."""
    marks = ",".join("?" * len(person_ids))
    return list(db.query(
        "SELECT m.id AS mention, m.person_id, pe.name, pe.province, p.id AS position_id,"
        " p.label AS position, m.status, m.article_date AS day, a.title, a.url, m.sentence"
        " FROM mentions m JOIN persons pe ON pe.id = m.person_id"
        " JOIN positions p ON p.id = m.position_id JOIN articles a ON a.id = m.article_id"
        f" WHERE m.person_id IN ({marks}) AND m.article_date IS NOT NULL"
        " ORDER BY m.article_date, m.id", person_ids))


def person_chart(db: Database, name: str | None = None, *, person_id: int | None = None
                 ) -> dict[str, Any]:
    """The career of the person named ``name`` (diacritics optional; namesakes side by side),
    or of the person with id ``person_id``."""
    if person_id is not None:
        persons = list(db.query("SELECT * FROM persons WHERE id = ?", [person_id]))
        asked = f"id {person_id}"
    else:
        persons = find_persons(db, name or "")
        asked = repr(name)
    if not persons:
        raise ChartError(f"no person {asked} in the database; try `portalnews people`")
    rows = career_rows(db, [p["id"] for p in persons])
    if not rows:
        raise ChartError(f"person {asked} has no dated mention in a position: nothing to draw")
    several = len({r["person_id"] for r in rows}) > 1
    for row in rows:
        who = f"{row['name']} ({row['province'] or '?'}) · " if several else ""
        row["row"] = who + row["position"]
    bars: dict[str, dict[str, Any]] = {}
    for row in rows:
        bar = bars.setdefault(row["row"], {"row": row["row"], "first": row["day"], "mentions": 0})
        bar["last"] = row["day"]
        bar["end"] = day_after(row["day"])
        bar["mentions"] += 1
    order = sorted(bars, key=lambda k: (bars[k]["first"], k))
    rank = {row: i for i, row in enumerate(order)}
    for item in (*bars.values(), *rows):
        item["order"] = rank[item["row"]]
    y = rows_by_order()
    title = " / ".join(sorted({r["name"] for r in rows}))
    body = {
        "width": 640,
        "height": {"step": 26},
        "layer": [
            {"data": {"values": list(bars.values())},
             "mark": {"type": "bar", "color": "#c6dbef", "height": {"band": 0.6},
                      "cornerRadius": 2},
             "encoding": {"y": y, "x": utc_time("first", "Date of the article (evidence)"),
                          "x2": {"field": "end"},
                          "tooltip": [{"field": "row", "title": "Position"},
                                      {"field": "first", "title": "First evidence"},
                                      {"field": "last", "title": "Last evidence"},
                                      {"field": "mentions", "title": "Mentions"}]}},
            {"data": {"values": rows},
             "mark": {"type": "point", "filled": True, "size": 70, "opacity": 0.9,
                      "cursor": "pointer"},
             "encoding": {
                 "y": y, "x": utc_time("day", None),
                 "color": status_colour(),
                 "shape": {"field": "status", "type": "nominal", "legend": None},
                 "href": {"field": "url"},
                 "tooltip": [{"field": "day", "title": "Article date"},
                             {"field": "status", "title": "Status"},
                             {"field": "title", "title": "Article"},
                             {"field": "sentence", "title": "Sentence"},
                             {"field": "url", "title": "URL"}]}},
            reform_layer(),
        ],
    }
    source = source_line(db, (r["day"] for r in rows),
                         {"positions": len(bars), "mentions": len(rows),
                          "articles": len({r["url"] for r in rows})})
    return chart(f"Career of {title}", source, body)
