"""RSS ``pubDate`` (RFC 822), with NukeViet's pre-4.6 bug: the month number in the minutes field.

NukeViet before 4.6 formats ``pubDate`` with ``H:m:s`` (``m`` is the month) instead of
``H:i:s``; with ``buggy=True`` only the date and the hour are trusted (precision ``hour``).
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from pipelines.datenorm.lexicon import EN_MONTHS, WEEKDAYS
from pipelines.datenorm.result import DateResult, format_value
from pipelines.datenorm.years import valid_day
from pipelines.datenorm.zones import ABBREVIATIONS, fixed_offset, get_zone
from pipelines.timezones import VN_TZ, VN_TZ_NAME

__all__ = ["parse_rss_pubdate"]

_RFC822 = re.compile(
    r"\s*(?:(?P<wd>mon|tue|wed|thu|fri|sat|sun)[a-z]*\s*,?\s*)?(?P<d>\d{1,2})\s+"
    r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<y>\d{2}|\d{4})\s+"
    r"(?P<H>\d{1,2}):(?P<M>\d{1,2})(?::(?P<S>\d{1,2}))?\s*"
    r"(?P<z>[+-]\d{4}|[+-]\d{2}:\d{2}|[a-z]{1,5})?\s*",
    re.I,
)


def parse_rss_pubdate(text: str | None, *, buggy: bool = True,
                      tz: str | tzinfo = VN_TZ_NAME,
                      output_tz: str | tzinfo = VN_TZ_NAME) -> DateResult:
    """Read an RSS ``pubDate``; with ``buggy`` the minutes and seconds are ignored."""
    if not text or not isinstance(text, str):
        return DateResult(raw=text if isinstance(text, str) else None, error="empty")
    m = _RFC822.fullmatch(text)
    if m is None:
        return DateResult(raw=text, error="not an RFC 822 date")
    year = int(m.group("y"))
    year += 2000 if year < 100 else 0
    month, day = EN_MONTHS[m.group("mon").lower()], int(m.group("d"))
    hour, minute = int(m.group("H")), int(m.group("M"))
    second = int(m.group("S") or 0)
    if not valid_day(year, month, day) or hour > 23:
        return DateResult(raw=text, error="invalid date")
    if not buggy and (minute > 59 or second > 59):
        return DateResult(raw=text, error="invalid time")
    zone_text = m.group("z")
    zone: tzinfo | None
    source = "explicit"
    if zone_text is None:
        zone, source = get_zone(tz) or VN_TZ, "default"
    elif zone_text[0] in "+-":
        digits = zone_text[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:])
        zone = fixed_offset(-minutes if zone_text[0] == "-" else minutes)
    else:
        hours = ABBREVIATIONS.get(zone_text.upper())
        if hours is None:
            return DateResult(raw=text, error=f"unknown time zone {zone_text!r}")
        zone = fixed_offset(int(hours * 60))
    out = get_zone(output_tz) or VN_TZ
    if buggy:
        local = datetime(year, month, day, hour, tzinfo=zone)
        precision = "hour"
    else:
        local = datetime(year, month, day, hour, minute, second, tzinfo=zone)
        precision = "second" if m.group("S") else "minute"
    when = local.astimezone(out)
    consistent = None
    if m.group("wd"):
        consistent = WEEKDAYS[m.group("wd").lower()] == local.weekday()
    return DateResult(raw=text, value=format_value(when, precision), precision=precision,
                      tz_source=source, weekday_consistent=consistent, zone=out)
