"""The date result of interfaces.md (``DateResult``) and a date found in prose (``EventDate``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import Any

from pipelines.timezones import VN_TZ

PRECISIONS = ("second", "minute", "hour", "day", "month", "year")
TIME_PRECISIONS = frozenset(("second", "minute", "hour"))

@dataclass(slots=True)
class DateResult:
    """One normalised date: ISO value truncated to its precision, or ``None`` with an ``error``."""

    raw: str | None
    value: str | None = None
    precision: str | None = None
    end: str | None = None
    tz_source: str | None = None
    year_inferred: bool = False
    relative: bool = False
    weekday_consistent: bool | None = None
    error: str | None = None
    zone: tzinfo | None = field(default=None, repr=False, compare=False)
    """Zone of midnight for values without time of day (the output zone)."""

    @property
    def ok(self) -> bool:
        """True when a date was found."""
        return self.value is not None

    @property
    def datetime(self) -> datetime | None:
        """The start as an aware datetime (midnight in the output zone for coarse values)."""
        return to_datetime(self.value, self.zone)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the keys of the interfaces.md date result."""
        return {
            "raw": self.raw,
            "value": self.value,
            "precision": self.precision,
            "end": self.end,
            "tz_source": self.tz_source,
            "year_inferred": self.year_inferred,
            "relative": self.relative,
            "weekday_consistent": self.weekday_consistent,
            "error": self.error,
        }


def failure(raw: str | None, error: str) -> DateResult:
    """A result without value."""
    return DateResult(raw=raw, error=error)


@dataclass(frozen=True, slots=True)
class EventDate:
    """A date mentioned in body prose, with the sentence it was found in and its character span."""

    sentence: str
    span: tuple[int, int]
    result: DateResult

    def to_dict(self) -> dict[str, Any]:
        """The date result dict plus ``sentence`` and ``span``."""
        out = self.result.to_dict()
        out["sentence"] = self.sentence
        out["span"] = [self.span[0], self.span[1]]
        return out


_D2 = tuple(f"{i:02d}" for i in range(100))  # "00".."99": cheaper than a format spec per field


def iso_day(year: int, month: int, day: int) -> str:
    """``YYYY-MM-DD``."""
    return f"{year if year > 999 else f'{year:04d}'}-{_D2[month]}-{_D2[day]}"


def format_value(when: datetime | date, precision: str) -> str:
    """ISO 8601 truncated to ``precision`` (time values keep their offset)."""
    if precision in TIME_PRECISIONS:
        assert isinstance(when, datetime)
        if precision == "hour":
            when = when.replace(minute=0, second=0, microsecond=0)
        elif precision == "minute":
            when = when.replace(second=0, microsecond=0)
        else:
            when = when.replace(microsecond=0)
        return when.isoformat(timespec="seconds")
    if precision == "day":
        return iso_day(when.year, when.month, when.day)
    if precision == "month":
        return f"{when.year:04d}-{when.month:02d}"
    return f"{when.year:04d}"


def to_datetime(value: str | None, zone: tzinfo | None) -> datetime | None:
    """An ISO value of any precision as an aware datetime (coarse ones: midnight in ``zone``)."""
    if value is None:
        return None
    if "T" in value:
        return datetime.fromisoformat(value)
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return datetime.combine(date(parts[0], parts[1], parts[2]), time(0, 0), tzinfo=zone or VN_TZ)


def stamp(year: int, month: int, day: int, hour: int, minute: int, second: int, precision: str,
          zone: tzinfo, out: tzinfo) -> str:
    """ISO value of a local clock time in ``zone`` shown in ``out``, truncated to ``precision``.

    The usual case (Vietnam time in and out, after 1975) is formatted without datetime objects.
    """
    if precision == "hour":
        minute = second = 0
    elif precision == "minute":
        second = 0
    if zone is out and zone is VN_TZ and year > 1975:
        return f"{year}-{_D2[month]}-{_D2[day]}T{_D2[hour]}:{_D2[minute]}:{_D2[second]}+07:00"
    when = datetime(year, month, day, hour, minute, second, tzinfo=zone).astimezone(out)
    return format_value(when, precision)
