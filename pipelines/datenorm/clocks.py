"""Clock times (``14:30``, ``02:30 PM``, ``14h30``, ``8 giờ kém 15``) and weekday names read
from the matches of :data:`lexicon.TIME` and :data:`lexicon.WEEKDAY`."""

from __future__ import annotations

import re

from pipelines.datenorm import lexicon as lx
from pipelines.datenorm.years import apply_meridiem

Clock = tuple[int, int, int, int, int, str]
"""A clock time found in the text: (start, end, hour, minute, second, precision). A plain tuple:
one is built for every clock of every text, and a tuple costs a tenth of a class instance."""


def weekday_index(w: re.Match[str]) -> int:
    """Monday = 0 ... Sunday = 6."""
    wd, cn, wt, en = w.groups()  # one call: named look-ups cost more than the work here
    if cn:
        return 6
    return lx.WEEKDAYS[en[:3] if en else (wd or wt)]


def read_clock(t: re.Match[str]) -> Clock | None:
    """The clock time of a TIME match (24-hour), or None when impossible."""
    hh, colon, c_m, c_s, marker, h, h_m, g_k, g_m = t.groups()
    hour = int(hh)
    if colon is not None:
        minute = int(c_m)
        second = int(c_s) if c_s is not None else 0
        prec = "second" if c_s is not None else "minute"
        if marker is not None:
            h12 = apply_meridiem(hour, marker.replace(".", ""))
            if h12 is None:
                return None
            hour = h12
    elif h is not None:
        minute = int(h_m) if h_m is not None else 0
        second, prec = 0, "minute" if h_m is not None else "hour"
    else:
        second = 0
        if g_k is not None:
            hour, minute, prec = hour - 1, 60 - int(g_k), "minute"
        elif g_m is not None:
            minute, prec = int(g_m), "minute"
        else:
            minute, prec = 0, "hour"
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and second <= 59):
        return None
    return t.start(), t.end(), hour, minute, second, prec
