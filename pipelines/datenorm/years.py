"""Calendar helpers: validity, the year nearest a reference, month arithmetic, 12-hour clocks."""

from __future__ import annotations

from datetime import date

_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def valid_day(year: int | None, month: int, day: int) -> bool:
    """True when ``day`` exists in ``month`` (of ``year``, or of some year when None)."""
    if not 1 <= month <= 12 or day < 1 or day > _MONTH_DAYS[month - 1]:
        return False
    if month == 2 and day == 29 and year is not None:
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return True


def nearest_year_day(month: int, day: int, ref: date) -> int | None:
    """The year that puts day/month nearest ``ref`` (a "5/1" in late December is next January)."""
    if not valid_day(None, month, day):
        return None
    target = ref.toordinal()
    year = ref.year
    if month != 2 or day != 29:  # every year has it: compare ref's year with the nearer neighbour
        offset = date(year, month, day).toordinal() - target
        if -180 <= offset <= 180:  # within half a year: no other year is nearer
            return year
        if offset > 180:  # later this year: last year's may be nearer (a tie goes to the earlier)
            before = target - date(year - 1, month, day).toordinal()
            return year - 1 if before <= offset else year
        after = date(year + 1, month, day).toordinal() - target
        return year if -offset <= after else year + 1
    best: tuple[int, int] | None = None  # 29 February: the nearest of the leap years among them
    for year in (ref.year - 1, ref.year, ref.year + 1):
        if not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            continue
        distance = abs(date(year, month, day).toordinal() - target)
        if best is None or distance < best[0]:
            best = (distance, year)
    return None if best is None else best[1]


def nearest_year_month(month: int, ref: date) -> int:
    """The year that puts ``month`` nearest the reference month."""
    here = ref.year * 12 + ref.month - 1
    return min(
        (ref.year - 1, ref.year, ref.year + 1), key=lambda y: abs(y * 12 + month - 1 - here)
    )


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) shifted by ``delta`` months."""
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def two_digit_year(yy: int) -> int:
    """``24`` -> 2024, ``98`` -> 1998."""
    return 2000 + yy if yy < 70 else 1900 + yy


def apply_meridiem(hour: int, marker: str | None) -> int | None:
    """24-hour hour for AM/PM (``SA``/``CH``) markers; None when impossible."""
    if marker is None:
        return hour
    if hour > 12:
        return hour  # "14:30 PM": the marker is redundant
    pm = marker[0] in "pc"
    if hour == 0:
        return 0 if not pm else None
    if pm:
        return hour if hour == 12 else hour + 12
    return 0 if hour == 12 else hour


def apply_part_of_day(hour: int, part: str | None) -> int:
    """Shift a 12-hour reading by a part-of-day word (``8 giờ tối`` = 20:00)."""
    if part is None or hour >= 12:
        return hour
    if part in ("chiều", "tối"):
        return hour + 12 if hour >= 1 else hour
    if part == "trưa":
        return hour + 12 if hour <= 3 else hour
    if part in ("đêm", "khuya"):
        return hour + 12 if hour >= 6 else hour
    return hour
