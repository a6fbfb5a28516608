"""What every chart shares: the read-only database, the look, the source line, the reform rule.

Charts are plain Vega-Lite v6 specifications (JSON dicts), built by pure functions from a
database; :mod:`crawler.charts.render` turns them into SVG, PNG or HTML and Datasette pages draw
them in the browser with the same specification.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from pipelines.rolenorm.gazetteer import REFORM_DATE

__all__ = ["FONT", "REFORM_DAY", "SCHEMA", "ChartError", "chart", "day_after", "open_readonly",
           "reform_layer", "rows_by_order", "source_line", "status_colour", "table_exists",
           "utc_time"]

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# DejaVu Sans first: it covers every Vietnamese letter and is what vl-convert (which reads one
# family, the first it finds installed) uses for SVG/PNG; browsers fall back to their sans-serif.
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
STATUS_COLOURS = {  # mention statuses (store.people), fixed so every chart reads alike
    "current": "#1f77b4", "acting": "#17becf", "newly_appointed": "#2ca02c", "former": "#7f7f7f",
    "deceased": "#000000",
}
DAY_MS = 86_400_000  # no tick closer than a day: a short span does not repeat one date
REFORM_LABEL = "reform 1/7/2025"  # provinces merged, districts abolished (docs/roles.md)
REFORM_DAY = REFORM_DATE.isoformat()


class ChartError(Exception):
    """Nothing to draw (empty database, unknown person, ...): one line for the user."""


def open_readonly(path: str | Path) -> Database:
    """The portal-news database at ``path`` opened read-only (``store.readonly``); a
    missing, foreign, damaged, locked or outdated file is a ChartError (one line)."""
    from store.readonly import DatabaseProblem
    from store.readonly import open_readonly as open_checked

    try:
        return open_checked(path)
    except DatabaseProblem as exc:
        raise ChartError(str(exc)) from None


def table_exists(db: Database, name: str) -> bool:
    """True when the database has table ``name`` (tables added by later migrations)."""
    return db[name].exists()


def day_after(day: str) -> str:
    """``YYYY-MM-DD`` of the next day: the exclusive end of a bar that ends on ``day``."""
    return (date.fromisoformat(day[:10]) + timedelta(days=1)).isoformat()


def source_line(db: Database, days: Iterable[str | None], counts: Mapping[str, int]) -> str:
    """``Source: demo.db · 2023-03-15 to 2026-03-10 · 44 articles, 259 mentions``."""
    dated = sorted(d[:10] for d in days if d)
    span = f"{dated[0]} to {dated[-1]}" if dated else "no dates"
    name = Path(db.conn.execute("PRAGMA database_list").fetchone()[2] or "memory").name
    what = ", ".join(f"{n:,} {label}" for label, n in counts.items())
    return f"Source: portal-news database {name} · {span} · {what}"


def reform_layer() -> dict[str, Any]:
    """A dashed rule on the time axis at the 1 July 2025 reform, labelled."""
    return {
        "data": {"values": [{"day": REFORM_DAY, "label": REFORM_LABEL}]},
        "layer": [
            {"mark": {"type": "rule", "strokeDash": [4, 3], "color": "#d62728"},
             "encoding": {"x": utc_time("day", None)}},
            {"mark": {"type": "text", "align": "left", "baseline": "top", "dx": 3, "y": 2,
                      "color": "#d62728", "fontSize": 10},
             "encoding": {"x": utc_time("day", None), "text": {"field": "label"}}},
        ],
    }


def chart(title: str, source: str, body: Mapping[str, Any], *, notes: Iterable[str] = (),
          **extra: Any) -> dict[str, Any]:
    """A complete top-level specification: schema, title with the source line (and ``notes``,
    one line each: what was left out or grouped), shared config."""
    lines = [source, *notes]
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "subtitle": source if len(lines) == 1 else lines,
                  "anchor": "start", "subtitleColor": "#555"},
        **extra,
        **body,
        "config": {"font": FONT, "view": {"stroke": None}, "axis": {"labelLimit": 320},
                   "scale": {"bandPaddingInner": 0.15}},
    }


def status_colour() -> dict[str, Any]:
    """Colour encoding of a mention's status, the same in every chart (``STATUS_COLOURS``)."""
    return {"field": "status", "type": "nominal", "title": "Mention",
            "scale": {"domain": list(STATUS_COLOURS), "range": list(STATUS_COLOURS.values())}}


def rows_by_order() -> dict[str, Any]:
    """A y encoding of the ``row`` field sorted by each datum's ``order``: a field, not a list
    of names, which Vega would compile into one expression too deep for thousands of rows.
    Labels are never cut: vl-convert measures a label for every character Vega tries while
    shortening it, which cost a chart of 20 long position labels over a second."""
    return {"field": "row", "type": "nominal", "title": None,
            "sort": {"field": "order", "op": "min"}, "axis": {"labelLimit": 0}}


def utc_time(field: str, title: str | None, fmt: str = "%m/%Y", **more: Any) -> dict[str, Any]:
    """A temporal encoding read and shown in UTC, so ``2025-07-01`` stays that day everywhere."""
    enc = {"field": field, "type": "temporal", "title": title, "scale": {"type": "utc"}, **more}
    if title is not None:
        enc["axis"] = {"format": fmt, "labelOverlap": True, "tickMinStep": DAY_MS}
    return enc
