"""A post's holders over time: one row per holder on one time axis, ordered by when they were
first seen; a bar over the tenure shown by current mentions, one mark per mention. Blank stretches
of the axis are the gaps where the database knows no holder."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from crawler.charts.base import (
    STATUS_COLOURS,
    ChartError,
    chart,
    day_after,
    reform_layer,
    rows_by_order,
    source_line,
    utc_time,
)
from store.people_queries import holders

__all__ = ["holders_chart"]


def holders_chart(db: Database, role: str, *, locality: str | None = None) -> dict[str, Any]:
    """Everyone seen in the post ``role`` (diacritics optional), one after another."""
    found = holders(db, role, locality=locality)
    if not found:
        where = f" in {locality}" if locality else ""
        raise ChartError(f"nobody found in {role!r}{where}; try `portalnews people --role`")
    several = len({h["position"] for h in found}) > 1
    tenures, marks = [], []
    for holder in found:
        row = f"{holder['name']} · {holder['position']}" if several else holder["name"]
        if holder["tenure_from"]:
            tenures.append({"row": row, "from": holder["tenure_from"], "to": holder["tenure_to"],
                            "end": day_after(holder["tenure_to"]), "position": holder["position"]})
        marks += [{"row": row, "day": e["article_date"], "status": e["status"], "url": e["url"],
                   "title": e["title"], "sentence": e["sentence"]}
                  for e in holder["evidence"] if e["article_date"]]
    if not marks:
        raise ChartError(f"no dated mention of anyone in {role!r}: nothing to draw")
    firsts: dict[str, str] = {}
    for mark in marks:
        firsts[mark["row"]] = min(firsts.get(mark["row"], mark["day"]), mark["day"])
    order = sorted(firsts, key=lambda r: (firsts[r], r))
    rank = {row: i for i, row in enumerate(order)}
    for item in (*tenures, *marks):
        item["order"] = rank[item["row"]]
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
                 "color": {"field": "status", "type": "nominal", "title": "Mention",
                           "scale": {"domain": list(STATUS_COLOURS),
                                     "range": list(STATUS_COLOURS.values())}},
                 "href": {"field": "url"},
                 "tooltip": [{"field": "day", "title": "Article date"},
                             {"field": "status", "title": "Status"},
                             {"field": "title", "title": "Article"},
                             {"field": "sentence", "title": "Sentence"}]}},
            reform_layer(),
        ],
    }
    source = source_line(db, (m["day"] for m in marks),
                         {"holders": len(order), "mentions": len(marks)})
    return chart(f"Holders of {role if several else found[0]['position']}", source, body)
