"""Relative forms (``2 giờ trước``, ``hôm qua``, ``tuần trước``) resolved against the reference."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pipelines.datenorm import lexicon as lx
from pipelines.datenorm.result import DateResult, format_value
from pipelines.datenorm.years import add_months

if TYPE_CHECKING:
    from pipelines.datenorm.grammar import Scanner

_CLOCK_UNITS = {"giây": ("second", 1), "phút": ("minute", 60), "giờ": ("hour", 3600),
                "tiếng": ("hour", 3600)}
_DAY_OFFSETS = {"hôm nay": 0, "today": 0, "hôm qua": -1, "bữa qua": -1, "yesterday": -1,
                "hôm kia": -2, "ngày mai": 1, "ngày kia": 2, "nay": 0, "qua": -1, "mai": 1}


def _count(token: str) -> int:
    return int(token) if token.isdigit() else lx.NUMBER_WORDS[token]


def relative_anchor(sc: Scanner, kind: str, m: re.Match[str], lo: int, hi: int
                    ) -> tuple[DateResult, int, int] | str:
    """The result of a relative anchor (``relative`` is true, reference = ``sc.ref``)."""
    s, e = m.start(), m.end()
    today = sc.ref_day
    if kind != "rel_word":
        g = m.group
        n = _count(g("ra_n") or g("rb_n") or g("rw_n"))
        unit = g("ra_u") or g("rb_u") or g("rw_u")
        if unit in _CLOCK_UNITS:
            prec, seconds = _CLOCK_UNITS[unit]
            when = (sc.ref - timedelta(seconds=n * seconds)).astimezone(sc.out)
            return DateResult(raw=sc.raw, value=format_value(when, prec), precision=prec,
                              tz_source=sc.tz_source, relative=True, zone=sc.out), s, e
        if unit in ("ngày", "tuần"):
            day = today - timedelta(days=n * (7 if unit == "tuần" else 1))
            return sc.finish(day, None, s, e, lo, hi, relative=True)
        if unit == "tháng":
            y, mo = add_months(today.year, today.month, -n)
            return _coarse(sc, date(y, mo, 1), None, "month", s, e)
        return _coarse(sc, date(today.year - n, 1, 1), None, "year", s, e)
    words = " ".join(m.group("rw").split())
    if words in ("vừa xong", "just now"):
        when = sc.ref.astimezone(sc.out)
        return DateResult(raw=sc.raw, value=format_value(when, "minute"), precision="minute",
                          tz_source=sc.tz_source, relative=True, zone=sc.out), s, e
    first, _, last = words.rpartition(" ")
    if words in _DAY_OFFSETS or first in lx.PARTS_OF_DAY:
        key = words if words in _DAY_OFFSETS else last
        part = None if words in _DAY_OFFSETS else first
        day = today + timedelta(days=_DAY_OFFSETS[key])
        return sc.finish(day, None, s, e, lo, hi, relative=True, part=part)
    if first == "tuần":
        monday = today - timedelta(days=today.weekday())
        if last != "này":
            monday -= timedelta(days=7)
        return _coarse(sc, monday, monday + timedelta(days=6), "day", s, e)
    if first == "tháng":
        y, mo = add_months(today.year, today.month, 0 if last == "này" else -1)
        return _coarse(sc, date(y, mo, 1), None, "month", s, e)
    year = today.year + lx.REL_YEAR_DELTA[last]
    return _coarse(sc, date(year, 1, 1), None, "year", s, e)


def _coarse(sc: Scanner, first: date, last: date | None, prec: str, s: int, e: int
            ) -> tuple[DateResult, int, int]:
    return DateResult(
        raw=sc.raw, value=format_value(first, prec),
        end=None if last is None else format_value(last, prec), precision=prec,
        tz_source="none", relative=True, zone=sc.out,
    ), s, e
