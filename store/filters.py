"""Article filters shared by search, export and stats: portal, province, category, dates, person.

Names (province, category, person) match with or without diacritics: typed with diacritics they
compare by match key (tone style and case folded), typed without by the diacritic-free key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from pipelines.vntext import names_match, typed_key

__all__ = ["ArticleFilter", "FilterError", "date_bound", "parse_day"]

_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class FilterError(ValueError):
    """A filter value that cannot be used (e.g. a malformed date)."""


def parse_day(text: str, option: str = "date", *, partial: bool = False) -> str:
    """The one reader of every date option: ``YYYY-MM-DD`` (with ``partial``, also ``YYYY`` and
    ``YYYY-MM``), checked against the calendar; returned as typed, stripped.

    Raises FilterError with one line saying what was expected (``24/06/2024`` is answered with
    the ISO spelling to use).
    """
    value = (text or "").strip()
    forms = "YYYY, YYYY-MM or YYYY-MM-DD" if partial else "YYYY-MM-DD"
    match = _DAY.match(value)
    if not match or (not partial and match.group(3) is None):
        dmy = _DMY.match(value)
        hint = (f" (did you mean {dmy.group(3)}-{int(dmy.group(2)):02d}-{int(dmy.group(1)):02d}?)"
                if dmy else "")
        raise FilterError(f"{option}: bad date {text!r}: use {forms}{hint}")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        date(year, month or 1, day or 1)  # type: ignore[arg-type]
    except ValueError as exc:
        raise FilterError(f"{option}: bad date {text!r}: {exc}") from None
    return value


def date_bound(text: str, *, end: bool, option: str = "date") -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a string bound on ISO ``published`` values.

    A start bound is the text itself; an end bound is the exclusive start of the next period,
    so ``--until 2024-03`` includes all of March.
    """
    value = parse_day(text, option, partial=True)
    parts = value.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    if not end:
        return value
    if day is not None:
        nxt = date.fromordinal(date(year, month, day).toordinal() + 1)  # type: ignore[arg-type]
        return nxt.isoformat()
    if month is not None:
        return f"{year + (month == 12):04d}-{month % 12 + 1:02d}"
    return f"{year + 1:04d}"


def _matching(values: list[str | None], wanted: str) -> list[str]:
    return [v for v in values if v and names_match(wanted, v)]


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles to keep; every given field must hold."""

    portal: str | None = None
    province: str | None = None
    category: str | None = None
    since: str | None = None
    until: str | None = None
    person: str | None = None

    def __post_init__(self) -> None:
        for bound, end, option in ((self.since, False, "--since"), (self.until, True, "--until")):
            if bound:
                date_bound(bound, end=end, option=option)

    def where(self, db: Database, alias: str = "a") -> tuple[str, list[Any]]:
        """SQL condition on ``articles`` (as ``alias``) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.portal:
            clauses.append(f"{alias}.portal = ?")
            params.append(self.portal)
        if self.province:
            rows = db.execute("SELECT id, province FROM portals").fetchall()
            provinces = _matching([r[1] for r in rows], self.province)
            ids = [r[0] for r in rows if r[1] in provinces]
            clauses.append(_in(f"{alias}.portal", ids, params))
        if self.category:
            rows = db.execute("SELECT DISTINCT category FROM articles").fetchall()
            clauses.append(_in(f"{alias}.category", _matching([r[0] for r in rows], self.category),
                               params))
        if self.since:
            clauses.append(f"{alias}.published >= ?")
            params.append(date_bound(self.since, end=False))
        if self.until:
            clauses.append(f"{alias}.published < ?")
            params.append(date_bound(self.until, end=True))
        if self.person:
            key, accented = typed_key(self.person)
            column = "name_key" if accented else "name_ascii"
            clauses.append(
                f"{alias}.id IN (SELECT m.article_id FROM mentions m"
                f" JOIN persons pe ON pe.id = m.person_id WHERE pe.{column} = ?)"
            )
            params.append(key)
        return (" AND ".join(clauses) or "1"), params

    def __bool__(self) -> bool:
        return any((self.portal, self.province, self.category, self.since, self.until, self.person))


def _in(column: str, values: list[str], params: list[Any]) -> str:
    if not values:
        return "0"
    params.extend(values)
    return f"{column} IN ({', '.join('?' * len(values))})"
