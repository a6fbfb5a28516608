"""The 34 provinces (after the 1 July 2025 reform) at a glance: a tile-grid map coloured by
articles or by the health of their portals.

No maintained, permissively licensed Python package ships the post-2025 boundaries, so the map
is a tile grid: one square per province, placed by hand from the map of the 34 units (Resolution
202/2025/QH15) so that neighbours stay neighbours: north at the top, the coast to the right,
columns 0-5 from west to east, rows 0-16 from north to south. The names come from the gazetteer
(vietnamadminunits), written here as tables the tests check against it; a portal's province
written with a pre-reform name (``Bắc Kạn``) counts for the province that took it over (``Thái
Nguyên``).
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from crawler.charts.base import ChartError, chart, source_line
from crawler.charts.health import VERDICTS
from pipelines.vntext import match_key

__all__ = ["GRID", "province_of", "provinces_chart"]

# (column, row) of each province's tile; checked against the gazetteer's 34 names by the tests.
GRID: dict[str, tuple[int, int]] = {
    "Lai Châu": (1, 0), "Lào Cai": (2, 0), "Tuyên Quang": (3, 0), "Cao Bằng": (4, 0),
    "Điện Biên": (0, 1), "Sơn La": (1, 1), "Phú Thọ": (2, 1), "Thái Nguyên": (3, 1),
    "Lạng Sơn": (4, 1),
    "Hà Nội": (2, 2), "Bắc Ninh": (3, 2), "Quảng Ninh": (4, 2),
    "Thanh Hóa": (1, 3), "Ninh Bình": (2, 3), "Hưng Yên": (3, 3), "Hải Phòng": (4, 3),
    "Nghệ An": (1, 4),
    "Hà Tĩnh": (2, 5),
    "Quảng Trị": (2, 6),
    "Huế": (3, 7),
    "Đà Nẵng": (3, 8),
    "Quảng Ngãi": (3, 9),
    "Gia Lai": (3, 10),
    "Đắk Lắk": (3, 11),
    "Lâm Đồng": (2, 12), "Khánh Hòa": (3, 12),
    "Tây Ninh": (0, 13), "Hồ Chí Minh": (1, 13), "Đồng Nai": (2, 13),
    "An Giang": (0, 14), "Đồng Tháp": (1, 14), "Vĩnh Long": (2, 14),
    "Cần Thơ": (1, 15),
    "Cà Mau": (0, 16),
}
TILE = 64  # pixels per tile side
_RANK = {"no runs": 0, "ok": 1, "no verdict": 2, "warning": 3, "unfinished": 4}


# The provinces merged into another on 1 July 2025 (Resolution 202/2025/QH15), by their
# pre-reform short name; the other 34 kept their name (GRID). Checked against the gazetteer's
# successor links by the tests: read here as a table, because loading the gazetteer
# (vietnamadminunits) costs a chart a second or more.
MERGED_INTO: dict[str, str] = {
    "Bà Rịa - Vũng Tàu": "Hồ Chí Minh", "Bình Dương": "Hồ Chí Minh", "Bình Phước": "Đồng Nai",
    "Bình Thuận": "Lâm Đồng", "Bình Định": "Gia Lai", "Bạc Liêu": "Cà Mau",
    "Bắc Giang": "Bắc Ninh", "Bắc Kạn": "Thái Nguyên", "Bến Tre": "Vĩnh Long",
    "Hà Giang": "Tuyên Quang", "Hà Nam": "Ninh Bình", "Hòa Bình": "Phú Thọ",
    "Hải Dương": "Hải Phòng", "Hậu Giang": "Cần Thơ", "Kiên Giang": "An Giang",
    "Kon Tum": "Quảng Ngãi", "Long An": "Tây Ninh", "Nam Định": "Ninh Bình",
    "Ninh Thuận": "Khánh Hòa", "Phú Yên": "Đắk Lắk", "Quảng Bình": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng", "Sóc Trăng": "Cần Thơ", "Thái Bình": "Hưng Yên",
    "Tiền Giang": "Đồng Tháp", "Trà Vinh": "Vĩnh Long", "Vĩnh Phúc": "Phú Thọ",
    "Yên Bái": "Lào Cai", "Đắk Nông": "Lâm Đồng",
}
_AFTER_REFORM = {match_key(name): after for name, after in
                 (*((n, n) for n in GRID), *MERGED_INTO.items())}


def province_of(name: str | None) -> str | None:
    """The post-2025 province (its short name) that ``name`` is or was merged into."""
    if not name:
        return None
    for prefix in ("Tỉnh ", "Thành phố ", "TP. ", "Thừa Thiên "):  # "Thừa Thiên Huế" is "Huế"
        name = name.removeprefix(prefix)
    return _AFTER_REFORM.get(match_key(name))


def provinces_chart(db: Database, *, by: str = "articles") -> dict[str, Any]:
    """Tiles coloured by articles of the province's portals (``by="articles"``) or by the worst
    verdict of their latest runs (``by="health"``)."""
    portals = list(db.query(
        "SELECT p.id, p.province, (SELECT count(*) FROM articles a WHERE a.portal = p.id) AS n,"
        " (SELECT coalesce(r.health, CASE WHEN r.finished_at IS NULL THEN 'unfinished'"
        " ELSE 'no verdict' END) FROM crawl_runs r WHERE r.portal = p.id"
        " ORDER BY r.started_at DESC LIMIT 1) AS verdict FROM portals p"))
    if not portals:
        raise ChartError("the database has no portal yet: crawl first (`portalnews demo`)")
    tiles = {name: {"province": name, "col": col, "row": row, "articles": 0, "portals": 0,
                    "verdict": "no runs", "short": _short(name)}
             for name, (col, row) in GRID.items()}
    unplaced = 0
    for portal in portals:
        tile = tiles.get(province_of(portal["province"]) or "")
        if tile is None:
            unplaced += 1
            continue
        tile["articles"] += portal["n"]
        tile["portals"] += 1
        verdict = portal["verdict"] or "no runs"
        if _RANK[verdict] > _RANK[tile["verdict"]]:
            tile["verdict"] = verdict
    values = list(tiles.values())
    # white text on the darker half of the article scale
    dark = max(t["articles"] for t in values) / 2 if by == "articles" else None
    if by == "health":
        colour = {"field": "verdict", "type": "nominal", "title": "Worst latest verdict",
                  "scale": {"domain": ["no runs", *VERDICTS],
                            "range": ["#eeeeee", *VERDICTS.values()]}}
    elif by == "articles":
        colour = {"field": "articles", "type": "quantitative", "title": "Articles",
                  "scale": {"type": "symlog", "scheme": "blues"},
                  "condition": {"test": "datum.portals == 0", "value": "#eeeeee"}}
    else:
        raise ChartError(f"unknown colouring {by!r}: use articles or health")
    enc = {"x": {"field": "col", "type": "ordinal", "axis": None,
                 "scale": {"domain": list(range(6))}},
           "y": {"field": "row", "type": "ordinal", "axis": None,
                 "scale": {"domain": list(range(17))}}}
    tooltip = [{"field": "province"}, {"field": "portals"}, {"field": "articles"},
               {"field": "verdict", "title": "worst latest verdict"}]
    body = {
        "data": {"values": values}, "width": {"step": TILE}, "height": {"step": TILE},
        "layer": [
            {"mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
             "encoding": {**enc, "color": colour, "tooltip": tooltip}},
            {"mark": {"type": "text", "fontSize": 9, "baseline": "middle", "lineBreak": "\n"},
             "encoding": {**enc, "text": {"field": "short"}, "color": {
                 "condition": {"test": f"datum.articles > {dark}", "value": "white"},
                 "value": "black"} if dark else {"value": "black"}}},
        ],
    }
    counts = {"provinces with portals": sum(1 for t in values if t["portals"]),
              "portals": len(portals), "articles": sum(t["articles"] for t in values)}
    if unplaced:
        counts["portals without a known province"] = unplaced
    days = list(db.execute("SELECT min(published), max(published) FROM articles").fetchone())
    what = "articles" if by == "articles" else "health of the latest runs"
    return chart(f"Provinces by {what}", source_line(db, days, counts), body)


def _short(name: str) -> str:
    """The tile's label: two lines for two-word names that would not fit."""
    return name.replace(" ", "\n", 1) if len(name) > 9 else name
