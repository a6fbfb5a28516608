"""The date result of interfaces.md (``DateResult``) and a date found in prose (``EventDate``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import Any

PRECISIONS = ("second", "minute", "hour", "day", "month", "year")
TIME_PRECISIONS = frozenset(("second", "minute", "hour"))

RESULT_KEYS = (
    "raw",
    "value",
    "precision",
    "end",
    "tz_source",
    "year_inferred",
    "relative",
    "weekday_consistent",
    "error",
)


@dataclass(frozen=True, slots=True)
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
    start_dt: datetime | None = field(default=None, repr=False, compare=False)
    """Aware start (time-of-day values) or midnight of the first day (coarser values)."""
    end_dt: datetime | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when a date was found."""
        return self.value is not None

    @property
    def datetime(self) -> datetime | None:
        """The start as an aware datetime (midnight in the output zone for coarse values)."""
        return self.start_dt

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
        return f"{when.year:04d}-{when.month:02d}-{when.day:02d}"
    if precision == "month":
        return f"{when.year:04d}-{when.month:02d}"
    return f"{when.year:04d}"


def midnight(day: date, zone: tzinfo) -> datetime:
    """Aware midnight of ``day`` in ``zone``."""
    return datetime.combine(day, time(0, 0), tzinfo=zone)
