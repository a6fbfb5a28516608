"""Time zones: names to ``tzinfo``, explicit offsets in text, and NukeViet's rendered zone.

NukeViet renders displayed times in the visitor's zone and writes ``article:published_time``
with PHP ``date('Y-m-dTH:i:s')`` where ``T`` is the zone abbreviation (``2023-08-24+0714:03:00``,
``2023-08-24UTC07:03:00``, ``2023-08-24CEST09:03:00``): the part between date and time tells
which zone the page was rendered in.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipelines.timezones import VN_TZ, VN_TZ_NAME

__all__ = ["ABBREVIATIONS", "fixed_offset", "get_zone", "iso_offset", "meta_zone", "offset_from_text",
           "rendered_zone"]

# Unambiguous abbreviations PHP prints (hours east of UTC). Ambiguous ones (CST, IST, BST is
# kept: British Summer Time is what PHP prints for Europe/London) are left out on purpose.
ABBREVIATIONS: dict[str, float] = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2,
    "EET": 2, "EEST": 3, "MSK": 3, "ICT": 7, "WIB": 7, "HKT": 8, "AWST": 8, "SGT": 8, "PHT": 8,
    "JST": 9, "KST": 9, "ACST": 9.5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
    "EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10,
}


@lru_cache(maxsize=256)
def fixed_offset(minutes: int) -> tzinfo:
    """A fixed-offset zone (+07:00 is Vietnam's own zone object)."""
    if minutes == 420:
        return VN_TZ
    if minutes == 0:
        return UTC
    return timezone(timedelta(minutes=minutes))


def iso_offset(text: str) -> tzinfo:
    """The zone of an ISO 8601 designator as lexicon's ISO anchor reads it: ``z``, ``+07``,
    ``+0700``, ``+07:00`` (lower-cased, maybe after a space); ValueError when out of range."""
    text = text.strip()
    if text == "z":
        return fixed_offset(0)
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return fixed_offset(-minutes if text[0] == "-" else minutes)


def meta_zone(text: str) -> tzinfo | None:
    """The zone written where the ``T`` of an ISO value should be (lower-cased, as lexicon's ISO
    anchor reads it): an offset (``+07``, ``+0700``, ``+07:00``) or an unambiguous abbreviation
    (``ict``, ``utc``, ``cest``); None when unknown or ambiguous (``cst``, ``ist``)."""
    if text[0] in "+-":
        digits = text[1:].replace(":", "")
        return _offset_zone(text[0], digits[:2], digits[2:4] or None)
    hours = ABBREVIATIONS.get(text.upper())
    return None if hours is None else fixed_offset(int(hours * 60))


@lru_cache(maxsize=64)
def _zone_by_name(name: str) -> tzinfo | None:
    key = name.strip()
    if key.upper() in ABBREVIATIONS:
        return fixed_offset(int(ABBREVIATIONS[key.upper()] * 60))
    m = _OFFSET_NAME.fullmatch(key)
    if m:
        return _offset_zone(m.group(1), m.group(2), m.group(3))
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return None


_OFFSET_NAME = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", re.I)


def get_zone(zone: str | tzinfo | None) -> tzinfo | None:
    """``tzinfo`` for a zone name, abbreviation, ``+07:00`` offset or tzinfo (None if unknown)."""
    if zone is None:
        return VN_TZ
    if isinstance(zone, tzinfo):
        return zone
    if isinstance(zone, str):
        if zone == VN_TZ_NAME:
            return VN_TZ
        return _zone_by_name(zone)
    return None


def _offset_zone(sign: str, hours: str, minutes: str | None) -> tzinfo | None:
    h = int(hours)
    mi = int(minutes) if minutes else 0
    if h > 14 or mi > 59:
        return None
    total = h * 60 + mi
    return fixed_offset(-total if sign == "-" else total)


# Explicit offsets written in date text (lower-cased): "(GMT+7)", "UTC+07:00", "GMT".
_TEXT_OFFSET = re.compile(
    r"(?<![^\W\d_])(?:gmt|utc)(?:\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)?(?![^\W\d_])"
)
_ATTACHED_OFFSET = re.compile(r"\s?(?P<sign>[+-])(?P<h>\d{2}):?(?P<m>\d{2})(?![\d/.\-:])")


def offset_from_text(low: str, after_time: int) -> tuple[tzinfo, int, int] | None:
    """An explicit offset near the end of a time (``+0700`` right after it, or GMT/UTC±H).

    Returns (zone, start, end) of the offset in ``low`` or None.
    """
    m = _ATTACHED_OFFSET.match(low, after_time)
    if m:
        zone = _offset_zone(m.group("sign"), m.group("h"), m.group("m"))
        if zone is not None:
            return zone, m.start(), m.end()
    window = low[after_time:after_time + 16]
    if "gmt" not in window and "utc" not in window:  # what _TEXT_OFFSET needs, checked cheaply
        return None
    # The name must start in the window; its sign and hours may run past it ("09:05 14/03/2024
    # (GMT+7)": cut at the window, "GMT" alone would read as UTC).
    m = _TEXT_OFFSET.search(low, after_time, after_time + 32)
    if m and m.start() + 3 <= after_time + 16:
        if m.group("sign") is None:
            return UTC, m.start(), m.end()
        zone = _offset_zone(m.group("sign"), m.group("h"), m.group("m"))
        if zone is not None:
            return zone, m.start(), m.end()
    return None


# Malformed NukeViet meta: date, zone (abbreviation or offset), time.
_META = re.compile(
    r"\s*\d{4}-\d{1,2}-\d{1,2}\s*(?P<zone>[A-Za-z]{1,5}|[+-]\d{2}(?::?\d{2})?)?\s*"
    r"(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?P<tail>Z|[+-]\d{2}(?::?\d{2})?)?\s*",
    re.I,
)


def rendered_zone(meta_value: str | None) -> tzinfo | None:
    """The zone a NukeViet page was rendered in, from ``article:published_time`` or ISO microdata.

    ``2023-08-24+0714:03:00`` -> +07:00; ``2023-08-24UTC07:03:00`` -> UTC; a normal ISO value with
    an offset gives that offset; unknown abbreviations and values without zone give None.
    """
    if not meta_value or not isinstance(meta_value, str):
        return None
    m = _META.fullmatch(meta_value)
    if not m:
        return None
    zone, tail = m.group("zone"), m.group("tail")
    if tail:  # proper ISO: the zone follows the time
        if zone and zone.upper() != "T":
            return None
        if tail.upper() == "Z":
            return UTC
        return _offset_zone(tail[0], tail[1:3], tail[-2:] if len(tail) > 3 else None)
    if not zone or zone.upper() == "T":
        return None
    return meta_zone(zone)
