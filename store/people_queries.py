"""The queries behind ``people``, ``person`` and ``holders``: persons, their positions and the
holders of a role, read from the tables :mod:`store.people` writes (sqlite-utils, no Scrapy).
Roles and names are read the same way with or without diacritics.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from pipelines.vntext import ascii_key, match_key

__all__ = [
    "display_province",
    "find_persons",
    "holders",
    "name_candidates",
    "people",
    "person_positions",
    "province_names",
    "role_filter",
]

_CURRENT = ("current", "acting", "newly_appointed")
_GONE = ("former", "deceased")


def role_filter(db: Database, role: str | None, locality: str | None = None
                 ) -> tuple[str, list[Any]]:
    """SQL condition on ``p`` (positions) for the role (and locality) the user typed, read the
    same way with or without diacritics (``pipelines.rolenorm.query``)."""
    if not role and not locality:
        return "1", []
    from pipelines.rolenorm.query import parse_role_query, same_place

    query = parse_role_query(role) if role else None
    ids = [row["id"] for row in db.query(
        "SELECT id, title, modifiers, organ, level, locality, label_ascii FROM positions")
        if (query is None or query.matches(
            title=row["title"], modifiers=row["modifiers"], organ=row["organ"],
            level=row["level"], locality=row["locality"], label_ascii=row["label_ascii"]))
        and (not locality or same_place(locality, row["locality"]))]
    return "p.id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]


def _name_filter(name: str | None, alias: str = "pe") -> tuple[str, list[Any]]:
    """Persons whose name holds the typed words in order, as whole words (marks optional)."""
    if not name or not name.strip():
        return "1", []
    from pipelines.vntext import typed_key

    key, accented = typed_key(name)
    column = "name_key" if accented else "name_ascii"
    escaped = " ".join(key.split()).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"(' ' || {alias}.{column} || ' ') LIKE ? ESCAPE '\\'", [f"% {escaped} %"]


def province_names(db: Database) -> dict[str, str]:
    """Province match key -> the spelling the portals table uses (``thái nguyên`` ->
    ``Thái Nguyên``), so ``people`` and ``stats`` print provinces alike."""
    return {match_key(p): p for (p,) in db.execute(
        "SELECT DISTINCT province FROM portals WHERE province IS NOT NULL")}


def display_province(key: str | None, names: Mapping[str, str]) -> str | None:
    """The display spelling of a stored province key (capitalised words when no portal has it)."""
    if not key:
        return None
    return names.get(key) or " ".join(w[:1].upper() + w[1:] for w in key.split())


def _display_provinces(db: Database, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with their ``province`` key replaced by its display spelling."""
    names = province_names(db)
    for row in rows:
        row["province"] = display_province(row["province"], names)
    return rows


def people(db: Database, *, portal: str | None = None, role: str | None = None,
           name: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Persons with their mention counts and positions (a list of labels), optionally filtered by
    portal, role and name (words of the name, diacritics optional)."""
    where, params = role_filter(db, role)
    name_where, name_params = _name_filter(name)
    where += f" AND {name_where}"
    params += name_params
    if portal:
        where += " AND m.portal = ?"
        params.append(portal)
    sql = (
        "SELECT pe.id, pe.name, pe.province, MIN(m.article_date) AS first_seen,"
        " MAX(m.article_date) AS last_seen, COUNT(DISTINCT m.article_id) AS articles,"
        " json_group_array(DISTINCT p.label) AS positions"
        " FROM persons pe JOIN mentions m ON m.person_id = pe.id"
        " LEFT JOIN positions p ON p.id = m.position_id"
        f" WHERE {where}"
        " GROUP BY pe.id ORDER BY pe.name_key, pe.id"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    rows = _display_provinces(db, list(db.query(sql, params)))
    for row in rows:
        row["positions"] = [label for label in json.loads(row["positions"]) if label]
    return rows


def find_persons(db: Database, name: str) -> list[dict[str, Any]]:
    """Persons whose name matches (match key, else diacritic-free key)."""
    rows = list(db.query("SELECT * FROM persons WHERE name_key = ?", [match_key(name)]))
    rows = rows or list(db.query("SELECT * FROM persons WHERE name_ascii = ?", [ascii_key(name)]))
    return _display_provinces(db, rows)


def name_candidates(db: Database, name: str, limit: int = 10) -> list[dict[str, Any]]:
    """Persons whose name holds the typed words (``Bảo`` -> ``Lâm Quốc Bảo``), most mentioned
    first: the suggestions when no name matches exactly."""
    where, params = _name_filter(name)
    return _display_provinces(db, list(db.query(
        "SELECT pe.id, pe.name, pe.province, COUNT(m.id) AS mentions FROM persons pe"
        f" LEFT JOIN mentions m ON m.person_id = pe.id WHERE {where}"
        " GROUP BY pe.id ORDER BY mentions DESC, pe.name_key LIMIT ?", [*params, limit])))


def person_positions(db: Database, person_id: int) -> list[dict[str, Any]]:
    """A person's positions with first and last seen dates, statuses and the articles."""
    out = []
    for pos in db.query(
        "SELECT p.id, p.label, p.title, p.modifiers, p.organ, p.level, p.locality,"
        " MIN(m.article_date) AS first_seen, MAX(m.article_date) AS last_seen,"
        " MIN(CASE WHEN m.status IN ('current', 'acting', 'newly_appointed')"
        " THEN m.article_date END) AS tenure_from,"
        " MAX(CASE WHEN m.status IN ('current', 'acting', 'newly_appointed')"
        " THEN m.article_date END) AS tenure_to,"
        " GROUP_CONCAT(DISTINCT m.status) AS statuses"
        " FROM mentions m JOIN positions p ON p.id = m.position_id WHERE m.person_id = ?"
        " GROUP BY p.id ORDER BY first_seen, p.label", [person_id]):
        pos["modifiers"] = json.loads(pos["modifiers"] or "[]")
        pos["articles"] = list(db.query(
            "SELECT DISTINCT a.id, a.url, a.title, m.article_date, m.status, m.sentence"
            " FROM mentions m JOIN articles a ON a.id = m.article_id"
            " WHERE m.person_id = ? AND m.position_id = ? ORDER BY m.article_date",
            [person_id, pos["id"]]))
        out.append(pos)
    return out


def holders(db: Database, role: str, *, locality: str | None = None, on: str | None = None,
            window_days: int = 365) -> list[dict[str, Any]]:
    """Who held a post (on a date), with the mentions that show it.

    Tenure is from the first to the last ``current``/``acting``/``newly_appointed`` mention.
    ``former``/``deceased`` mentions ("nguyên Bí thư") show the post was held *before* the
    article date, never on it. Without ``on``: everyone seen in the post. With ``on``: ``held``
    is ``confirmed`` when current mentions bracket the date, ``likely`` when the latest current
    mention is within ``window_days`` before it and no former mention between them says the
    person had left, ``former`` (listed after the holders) when the only evidence on or before
    the date is a former/deceased mention: held before, not known to hold it on the date.
    """
    where, params = role_filter(db, role, locality)
    rows = list(db.query(
        "SELECT pe.id AS person_id, pe.name, p.id AS position_id, p.label, m.status,"
        " m.article_date, m.sentence, a.url, a.title FROM mentions m"
        " JOIN persons pe ON pe.id = m.person_id JOIN positions p ON p.id = m.position_id"
        f" JOIN articles a ON a.id = m.article_id WHERE {where} ORDER BY m.article_date",
        params))
    grouped: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault((row["person_id"], row["position_id"]), []).append(row)
    out = []
    for ms in grouped.values():
        dated = [m for m in ms if m["article_date"]]
        current = [m["article_date"] for m in dated if m["status"] in _CURRENT]
        result = {"name": ms[0]["name"], "position": ms[0]["label"],
                  "first_seen": min((m["article_date"] for m in dated), default=None),
                  "last_seen": max((m["article_date"] for m in dated), default=None),
                  "tenure_from": min(current, default=None), "tenure_to": max(current, default=None),
                  "evidence": ms}
        if on:
            verdict, evidence = _held_on(dated, on, window_days)
            if verdict is None:
                continue
            result["held"] = verdict
            result["evidence"] = evidence
        out.append(result)
    out.sort(key=lambda r: r.get("held") == "former")
    return out


def _held_on(ms: Iterable[dict[str, Any]], on: str, window_days: int
             ) -> tuple[str | None, list[dict[str, Any]]]:
    ms = list(ms)
    current = [m for m in ms if m["status"] in _CURRENT]
    before = [m for m in current if m["article_date"] <= on]
    after = [m for m in current if m["article_date"] >= on]
    last = before[-1] if before else None
    if last is None:
        gone = [m for m in ms if m["status"] in _GONE and m["article_date"] <= on]
        return ("former", gone[-1:]) if gone else (None, [])
    left = [m for m in ms if m["status"] in _GONE and last["article_date"] < m["article_date"] <= on]
    if left:
        return "former", [last, left[0]]
    nxt = after[0] if after else None
    if nxt is not None:
        return "confirmed", [last, nxt] if nxt is not last else [last]
    limit = (date.fromisoformat(on[:10]) - timedelta(days=window_days)).isoformat()
    return ("likely", [last]) if last["article_date"] >= limit else (None, [])
