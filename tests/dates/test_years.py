"""Calendar helpers against brute force."""

from __future__ import annotations

from datetime import date, timedelta

from pipelines.datenorm.years import nearest_year_day, valid_day


def _brute_nearest(month: int, day: int, ref: date) -> int | None:
    """The year (ref's, the one before or after) whose day/month is nearest; ties: the earlier."""
    found = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            found.append((abs((date(year, month, day) - ref).days), year))
        except ValueError:
            continue
    return min(found)[1] if found else None


def test_nearest_year_day_is_the_nearest_over_a_leap_cycle() -> None:
    start = date(2023, 1, 1)  # 2023-2027: the leap year 2024 and its neighbours, every day of it
    for k in range(0, 4 * 366, 2):
        ref = start + timedelta(days=k)
        for month in range(0, 14):
            for day in range(0, 33):
                assert nearest_year_day(month, day, ref) == _brute_nearest(month, day, ref), (
                    month, day, ref)


def test_valid_day() -> None:
    assert valid_day(2024, 2, 29) and not valid_day(2023, 2, 29) and valid_day(None, 2, 29)
    assert not valid_day(2024, 4, 31) and not valid_day(2024, 13, 1) and not valid_day(2024, 1, 0)
