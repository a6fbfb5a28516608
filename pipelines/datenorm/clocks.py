"""Clock times (``14:30``, ``02:30 PM``, ``14h30``, ``8 giờ kém 15``) and weekday names read
from the matches of :data:`lexicon.TIME` and :data:`lexicon.WEEKDAY`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.datenorm import lexicon as lx
from pipelines.datenorm.years import apply_meridiem


@dataclass(slots=True)
class Clock:
    """A clock time found in the text."""

    start: int
    end: int
    hour: int
    minute: int
    second: int
    precision: str


def weekday_index(w: re.Match[str]) -> int:
    """Monday = 0 ... Sunday = 6."""
    if w.group("cn"):
        return 6
    key = w.group("wd") or w.group("wt") or w.group("en")
    return lx.WEEKDAYS[key[:3] if w.group("en") else key]


def read_clock(t: re.Match[str]) -> Clock | None:
    """The clock time of a TIME match (24-hour), or None when impossible."""
    g = t.group
    if g("c_h") is not None:
        hour, minute = int(g("c_h")), int(g("c_m"))
        second = int(g("c_s")) if g("c_s") is not None else 0
        prec = "second" if g("c_s") is not None else "minute"
        marker = g("ap")
        if marker is not None:
            marker = marker.replace(".", "")
            h12 = apply_meridiem(hour, marker)
            if h12 is None:
                return None
            hour = h12
    elif g("h_h") is not None:
        hour = int(g("h_h"))
        minute = int(g("h_m")) if g("h_m") is not None else 0
        second, prec = 0, "minute" if g("h_m") is not None else "hour"
    else:
        hour = int(g("g_h"))
        second = 0
        if g("g_k") is not None:
            hour, minute, prec = hour - 1, 60 - int(g("g_k")), "minute"
        elif g("g_m") is not None:
            minute, prec = int(g("g_m")), "minute"
        else:
            minute, prec = 0, "hour"
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and second <= 59):
        return None
    return Clock(t.start(), t.end(), hour, minute, second, prec)
