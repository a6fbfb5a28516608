"""The article export (``portalnews export``): one record per stored article, as JSON lines or CSV.

The record is the "Article export" of the interfaces reference: ``published``/``updated`` are date
results rebuilt from the stored columns, ``event_dates`` come from ``article_dates`` and
``mentions`` (roles results, with their sentence) from the people tables.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TextIO

from sqlite_utils import Database

from store.filters import ArticleFilter

__all__ = ["CSV_FIELDS", "FIELDS", "csv_row", "date_result", "export_records", "write_csv",
           "write_jsonl"]

FIELDS = ("portal", "url", "source_id", "title", "lead", "body", "author", "source", "category",
          "tags", "images", "published", "updated", "fetched_at", "versions", "event_dates",
          "mentions")
# CSV: the dates flat (ISO value, precision) for spreadsheets, the whole date result beside them.
CSV_FIELDS = tuple(part for field in FIELDS for part in (
    (field, f"{field}_precision", f"{field}_result") if field in ("published", "updated")
    else (field,)))
_FLAGS = ("year_inferred", "relative", "weekday_consistent")


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def date_result(row: Mapping[str, Any], prefix: str) -> dict[str, Any] | None:
    """The date result of ``published``/``updated`` (None if never seen).

    Stored whole in ``{prefix}_result``; rows written before that column existed are rebuilt
    from the value columns, with ``year_inferred``/``relative`` false and
    ``weekday_consistent`` null.
    """
    value, raw = row[prefix], row[f"{prefix}_raw"]
    if value is None and raw is None:
        return None
    result = {"raw": raw, "value": value, "precision": row[f"{prefix}_precision"], "end": None,
              "tz_source": row[f"{prefix}_tz_source"], "year_inferred": False, "relative": False,
              "weekday_consistent": None, "error": None if value else "no date found"}
    stored = row.get(f"{prefix}_result") if hasattr(row, "get") else None
    if stored:
        result.update({k: v for k, v in json.loads(stored).items() if k in result})
    return result


def _event_dates(db: Database, article_id: int) -> list[dict[str, Any]]:
    out = []
    for row in db.query("SELECT * FROM article_dates WHERE article_id = ? ORDER BY position",
                        [article_id]):
        out.append({"raw": row["raw"], "value": row["value"], "precision": row["precision"],
                    "end": row["end"], "tz_source": row["tz_source"],
                    **{flag: _flag(row[flag]) for flag in _FLAGS}, "error": None,
                    "sentence": row["sentence"], "span": [row["span_start"], row["span_end"]]})
    return out


def _mentions(db: Database, article_id: int) -> list[dict[str, Any]]:
    """Roles results: one entry per person and sentence, roles in stored order."""
    entries: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in db.query(
        "SELECT m.person_id, m.status, m.raw, m.sentence, m.span_start, m.span_end, pe.name,"
        " p.title, p.modifiers, p.organ, p.level, p.locality FROM mentions m"
        " JOIN persons pe ON pe.id = m.person_id LEFT JOIN positions p ON p.id = m.position_id"
        " WHERE m.article_id = ? ORDER BY m.id", [article_id]):
        key = (row["person_id"], row["sentence"], row["span_start"])
        entry = entries.setdefault(key, {"name": row["name"],
                                         "span": [row["span_start"], row["span_end"]],
                                         "roles": [], "sentence": row["sentence"]})
        if row["title"] is not None:
            entry["roles"].append({
                "raw": row["raw"], "title": row["title"],
                "modifiers": json.loads(row["modifiers"] or "[]"), "status": row["status"],
                "organ": row["organ"], "level": row["level"], "locality": row["locality"]})
    return list(entries.values())


def export_records(db: Database, filters: ArticleFilter | None = None) -> Iterator[dict[str, Any]]:
    """Export records of the articles that pass ``filters``, oldest first (by id)."""
    where, params = (filters or ArticleFilter()).where(db)
    rows = db.query(f"SELECT a.* FROM articles a WHERE {where} ORDER BY a.id", params)
    for row in rows:
        article_id = row["id"]
        yield {
            "portal": row["portal"], "url": row["url"], "source_id": row["source_id"],
            "title": row["title"], "lead": row["lead"], "body": row["body_text"],
            "author": row["author"], "source": row["source"], "category": row["category"],
            "tags": [r[0] for r in db.execute(
                "SELECT tag FROM tags WHERE article_id = ? ORDER BY rowid", [article_id])],
            "images": [{"url": r[0], "caption": r[1]} for r in db.execute(
                "SELECT url, caption FROM images WHERE article_id = ? ORDER BY position",
                [article_id])],
            "published": date_result(row, "published"),
            "updated": date_result(row, "updated"),
            "fetched_at": row["fetched_at"],
            "versions": row["versions"],
            "event_dates": _event_dates(db, article_id),
            "mentions": _mentions(db, article_id),
        }


def write_jsonl(records: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """One JSON object per line (UTF-8, not escaped); returns the number written."""
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def csv_row(record: Mapping[str, Any]) -> list[Any]:
    """One record as CSV cells (``CSV_FIELDS``): ``published``/``updated`` as their ISO value
    with ``*_precision`` and the whole date result as JSON in ``*_result``; other lists and
    objects as JSON text; null as an empty cell."""
    flat: dict[str, Any] = dict(record)
    for field in ("published", "updated"):
        result = record.get(field) or {}
        flat[field] = result.get("value")
        flat[f"{field}_precision"] = result.get("precision") if result.get("value") else None
        flat[f"{field}_result"] = record.get(field)
    return [json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict)
            else "" if value is None else value
            for value in (flat[field] for field in CSV_FIELDS)]


def write_csv(records: Iterable[Mapping[str, Any]], out: TextIO, *, bom: bool = False) -> int:
    """CSV with a header (``CSV_FIELDS``), one row per record; ``bom`` starts the output with a
    UTF-8 byte-order mark so that Excel reads the Vietnamese text. Returns the count."""
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    count = 0
    for record in records:
        writer.writerow(csv_row(record))
        count += 1
    return count
