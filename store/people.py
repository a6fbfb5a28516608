"""Persons, positions and mentions written to the database (sqlite-utils, no Scrapy); the
queries behind ``people``, ``person`` and ``holders`` are in :mod:`store.people_queries`.

Identity of persons: one row per name match key *and* compatible history. A mention joins an
existing person with the same match key when (1) that person already holds one of the mention's
positions (same position key), else (2) both have the same province (the locality of a
province-level role, else the portal's province), else (3) the mention has no province and there
is exactly one such person. Otherwise a new person is created: namesakes in different provinces
are never merged without evidence.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from pipelines.vntext import ascii_key, match_key
from store.sqlrows import insert_rows

__all__ = ["position_key", "position_label", "store_mentions"]

_LEVEL_WORD = {"province": "tỉnh", "district": "huyện", "commune": "xã", "village": "thôn"}
_MOD_WORD = {"standing": "Thường trực", "alternate": "dự khuyết", "in_charge": "phụ trách",
             "full_time": "chuyên trách"}


def position_key(role: Mapping[str, Any]) -> str:
    """Stable key: match keys of title | modifiers | organ | level | locality."""
    return _joined_keys((role.get("title") or "", ",".join(sorted(role.get("modifiers") or [])),
                         role.get("organ") or "", role.get("level") or "",
                         role.get("locality") or ""))


@lru_cache(maxsize=8192)
def _joined_keys(parts: tuple[str, ...]) -> str:
    """The match keys of ``parts`` joined by ``|`` (cached: a crawl repeats few positions)."""
    return "|".join(match_key(p) for p in parts)


def position_label(role: Mapping[str, Any], *, province: str | None = None,
                   when: str | None = None) -> str:
    """Readable label, used by every command: ``Phó Bí thư Thường trực Huyện ủy huyện Định Hóa``,
    ``Trưởng Ban Tổ chức Tỉnh ủy tỉnh Thái Nguyên``, ``Đại biểu Quốc hội``.

    A title that ends with the organ's head word is merged with it (``Trưởng ban`` + ``Ban Tổ
    chức`` = ``Trưởng Ban Tổ chức``); the locality's type word comes from the gazetteer (``thành
    phố Sông Công``, ``phường Phan Đình Phùng``) when ``province``/``when`` make it unambiguous.
    """
    mods = role.get("modifiers") or []
    title = (role.get("title") or "").split()
    organ = (role.get("organ") or "").split()
    for size in (2, 1) if not any(m in _MOD_WORD for m in mods) else ():
        if len(title) > size and [w.casefold() for w in title[-size:]] == \
                [w.casefold() for w in organ[:size]]:
            title = title[:-size]
            break
        if title and [w.casefold() for w in title] == [w.casefold() for w in organ]:
            organ = []
            break
    words = ["Phó"] if "deputy" in mods else []
    words += title
    words += [_MOD_WORD[m] for m in mods if m in _MOD_WORD]
    words += organ
    if role.get("locality") and role.get("level") != "central":
        words += [_type_word(role, province, when), role["locality"]]
    return " ".join(w for w in words if w)


def _type_word(role: Mapping[str, Any], province: str | None, when: str | None) -> str:
    level, locality = role.get("level") or "", role.get("locality") or ""
    city = (role.get("organ") or "").endswith(("Thành ủy", "Thành đoàn"))
    default = "thành phố" if city else _LEVEL_WORD.get(level, "")
    if level not in ("province", "district", "commune"):
        return default
    from pipelines.rolenorm.gazetteer import as_date, gazetteer

    gaz = gazetteer()
    day = as_date(when)
    keys = gaz.province_keys(province, day) if province and level != "province" else None
    units = gaz.lookup(locality, levels=(level,), when=None if level == "district" else day,
                       provinces=keys)
    words = {u.type_word.casefold() for u in units if u.type_word}
    if city:
        return "thành phố" if "thành phố" in words or not words else default
    return words.pop() if len(words) == 1 else default


def _province_of(entry: Mapping[str, Any], portal_province: str | None) -> str | None:
    for role in entry.get("roles") or []:
        if role.get("level") == "province" and role.get("locality"):
            return match_key(role["locality"])
    return match_key(portal_province) if portal_province else None


def _person_id(db: Database, entry: Mapping[str, Any], keys: list[str], province: str | None,
               article_date: str | None) -> int:
    name_key = match_key(entry["name"])
    candidates = [{"id": pid, "province": province} for pid, province in db.execute(
        "SELECT id, province FROM persons WHERE name_key = ?", [name_key])]
    chosen = None
    if candidates and keys:
        marks = ",".join("?" * len(keys))
        row = db.execute(
            "SELECT m.person_id FROM mentions m JOIN positions p ON p.id = m.position_id"
            f" WHERE p.position_key IN ({marks}) AND m.person_id IN"
            f" ({','.join(str(c['id']) for c in candidates)}) LIMIT 1", keys).fetchone()
        chosen = row[0] if row else None
    if chosen is None and province:
        chosen = next((c["id"] for c in candidates if c["province"] == province), None)
        if chosen is None:
            chosen = next((c["id"] for c in candidates if c["province"] is None), None)
    if chosen is None and province is None and len(candidates) == 1:
        chosen = candidates[0]["id"]
    if chosen is None:
        return int(insert_rows(db, "persons", [{
            "name": entry["name"], "name_key": name_key, "name_ascii": ascii_key(entry["name"]),
            "province": province, "first_seen": article_date, "last_seen": article_date,
        }]))
    db.execute(
        "UPDATE persons SET province = COALESCE(province, ?),"
        " first_seen = CASE WHEN first_seen IS NULL OR ? < first_seen THEN ? ELSE first_seen END,"
        " last_seen = CASE WHEN last_seen IS NULL OR ? > last_seen THEN ? ELSE last_seen END"
        " WHERE id = ?",
        [province, article_date, article_date, article_date, article_date, chosen])
    return int(chosen)


def _position_id(db: Database, role: Mapping[str, Any], key: str, province: str | None,
                 when: str | None) -> int:
    row = db.execute("SELECT id FROM positions WHERE position_key = ?", [key]).fetchone()
    if row:
        return int(row[0])
    label = position_label(role, province=province, when=when)
    return int(insert_rows(db, "positions", [{
        "position_key": key, "title": role.get("title"),
        "modifiers": json.dumps(role.get("modifiers") or [], ensure_ascii=False),
        "organ": role.get("organ"), "level": role.get("level"), "locality": role.get("locality"),
        "label": label, "label_ascii": ascii_key(label),
    }]))


def store_mentions(db: Database, article_id: int, mentions: list[dict[str, Any]], *,
                   portal: str, article_date: str | None, title: str | None = None,
                   url: str | None = None) -> None:
    """Replace an article's mentions (idempotent), each with the article's ``title`` and
    ``url`` (for timelines). Call inside the article's transaction."""
    db.execute("DELETE FROM mentions WHERE article_id = ?", [article_id])
    if not mentions:
        return
    day = article_date[:10] if article_date else None
    row = db.execute("SELECT province FROM portals WHERE id = ?", [portal]).fetchone()
    portal_province = row[0] if row else None
    rows = []
    for entry in mentions:
        roles = entry.get("roles") or []
        keys = [position_key(r) for r in roles]
        person = _person_id(db, entry, keys, _province_of(entry, portal_province), day)
        span = entry.get("span") or [None, None]
        base = {"article_id": article_id, "portal": portal, "person_id": person,
                "sentence": entry.get("sentence"), "span_start": span[0], "span_end": span[1],
                "article_date": day, "article_title": title, "article_url": url}
        if not roles:
            rows.append({**base, "position_id": None, "status": None, "raw": None})
        for role, key in zip(roles, keys, strict=True):
            rows.append({**base, "position_id": _position_id(db, role, key, portal_province, day),
                         "status": role.get("status"), "raw": role.get("raw")})
    insert_rows(db, "mentions", rows)
