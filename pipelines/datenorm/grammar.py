"""The project's date grammar: anchors (dates) found by one regex, completed by nearby parts.

A :class:`Scanner` works on prepared text (see :mod:`lexicon`). For each date *anchor* it
checks that the anchor is a date and not a look-alike (fractions, scores, decree numbers),
reads the date parts, then looks around the anchor for a clock time, a part-of-day word, an
explicit offset and a weekday, infers missing years and builds a :class:`DateResult`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from pipelines.datenorm import lexicon as lx
from pipelines.datenorm.clocks import Clock
from pipelines.datenorm.neighbours import POD_HINT, WEEKDAY_HINT, Neighbours
from pipelines.datenorm.relative import relative_anchor
from pipelines.datenorm.result import PRECISIONS, DateResult, format_value, stamp
from pipelines.datenorm.years import (
    apply_part_of_day,
    nearest_year_day,
    nearest_year_month,
    two_digit_year,
    valid_day,
)
from pipelines.datenorm.zones import iso_offset, meta_zone, offset_from_text

_STRONG = frozenset(("rel_ago", "rel_agow", "rel_word", "iso", "words", "en", "enw", "month", "year"))
LOOKALIKE_HINT = re.compile(r"số|mã|ký|tỷ|tỉ")
# Before "năm sau/trước/tới/nay": a weekday ("thứ năm tới" is next Thursday) or a number or
# quantity ("hai năm sau" is two years later, "những năm trước" past years).
_NOT_YEAR_LEFT = re.compile(
    r"(?:\d|(?<![^\W\d_])(?:thứ|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|trăm|mấy|vài"
    r"|nhiều|những|các|bao|hàng|mọi|hằng|mỗi))\s*$")
_WEEKDAY_END = re.compile(lx.WEEKDAY.pattern + r"[\s,;|\-:()]*$")
# What any neighbour of an anchor starts with: a clock's digit, a part-of-day or a weekday hint
# (the first character checked first: most positions fail at once).
_NEIGHBOUR_HINT = re.compile(
    r"(?=[\dsctđkmwf])(?:\d|" + POD_HINT.pattern + "|" + WEEKDAY_HINT.pattern + ")")


Parts = tuple[int | None, int, int | None]  # (year, month, day); year or day may be missing
Found = tuple[Parts, Parts | None, str]
"""Date parts read from an anchor: start, range end, precision (day, month or year); a plain
tuple because one is built for every anchor read."""
RangeClocks = tuple[Clock, Clock]
"""The clock times of both ends of a range of days ("từ 14h00 ngày 25/12 đến 17h00 ngày 27/12")."""


def _with_year(found: Found, year: int) -> Found:
    """Found parts with the (last) year given: the end of a range, else the start."""
    start, end, prec = found
    if end is None:
        return ((year, start[1], start[2]), None, prec)
    return (start, (year, end[1], end[2]), prec)


def _month(token: str) -> int:
    if token.isdigit():
        return int(token)
    return lx.MONTH_WORDS[" ".join(token.split())]


class Scanner(Neighbours):
    """Date grammar over one prepared text (a date string or a sentence)."""

    __slots__ = ("_clocks", "_has_pod", "_ref_day", "_weekdays", "events", "low", "order", "out",
                 "raw", "ref", "tz_source", "zone")

    def __init__(self, raw: str, low: str, ref: datetime, order: str, zone: tzinfo,
                 tz_source: str, out: tzinfo, events: bool = False) -> None:
        self.raw = raw
        self.low = low
        self.ref = ref
        self._ref_day: date | None = None
        self.order = order
        self.zone = zone
        self.tz_source = tz_source
        self.out = out
        self.events = events
        self._clocks: list[Clock] | None = None
        self._weekdays: list[re.Match[str]] | None = None
        self._has_pod: bool | None = None

    @property
    def ref_day(self) -> date:
        """The reference's day in the text's zone."""
        if self._ref_day is None:
            self._ref_day = self.ref.astimezone(self.zone).date()
        return self._ref_day

    # ------------------------------------------------------------ entry points
    def first(self) -> DateResult:
        """The first date of a date string (labels, counters, weekdays around it allowed)."""
        error: str | None = None
        low = self.low
        hi = len(low)
        search = lx.ANCHOR.search  # a search per anchor: cheaper than finditer when one suffices
        m = search(low)
        while m is not None:
            kind = m.lastgroup[2:]  # type: ignore[index]
            if self.accept(kind, m, 0, hi):
                built = self.build(kind, m, 0, hi)
                if not isinstance(built, str):
                    return built[0]
                error = error or built
            m = search(low, m.end())  # anchors are never empty
        if error is None:
            error = "time without date" if self.clocks(0, hi) else "no date found"
        return DateResult(raw=self.raw, error=error)

    # ------------------------------------------------------------ acceptance
    def accept(self, kind: str, m: re.Match[str], lo: int, hi: int) -> bool:
        """Is this anchor a date (and not a fraction, score, decree number)?"""
        low = self.low
        s, e = m.span()
        left_start = max(lo, s - 24)
        if s > lo and LOOKALIKE_HINT.search(low, left_start, s) and lx.LOOKALIKE_LEFT.search(
                low, left_start, s):
            return False
        if kind in _STRONG:
            # "năm sau/trước/nay" is no year after "thứ" (Thursday) or a count ("hai năm sau")
            return kind != "rel_word" or not low.startswith("năm", s) or not _NOT_YEAR_LEFT.search(
                low, left_start, s)
        if kind == "dmy":  # years written in full: no cue needed
            if len(m.group("dmy_y")) == 4:
                return True
        elif kind == "rdm":
            if m.group("rdm_y2") or m.group("rdm_y1"):
                return True
        elif (kind == "rdd" and m.group("rdd_y")) or (kind == "rlist" and m.group("rl_y")):
            return True
        left = low[left_start:s]
        right = low[e:hi]
        if kind in ("yrange", "byear"):
            if lx.YEAR_CUE.search(left):
                return True
            return not self.events and self._alone(left, right, s, lo)
        if kind == "my":
            return not self.events and self._alone(left, right, s, lo)
        # year-less day/month (and two-digit years): a cue is required
        if lx.DAY_CUE.search(left):
            return True
        after_ok = lx.AFTER_OK.match(right) is not None
        if lx.CONJ_CUE.search(left):
            return after_ok
        if self.events:
            return after_ok and lx.SENTENCE_START.match(left) is not None and s - lo < 24
        if not after_ok:
            return False
        return (
            self._left_ok(left, s, lo)
            or lx.TIME.match(low, len(right) - len(right.lstrip()) + e) is not None
        )

    def _left_ok(self, left: str, s: int, lo: int) -> bool:
        if s - lo <= len(left) and not left.strip():
            return True
        if lx.LEFT_OK.search(left):
            return True
        hint = WEEKDAY_HINT.search(left)
        return hint is not None and _WEEKDAY_END.search(left, hint.start()) is not None

    def _alone(self, left: str, right: str, s: int, lo: int) -> bool:
        return self._left_ok(left, s, lo) and not any(c.isalnum() for c in right)

    # ------------------------------------------------------------ reading anchors
    def _dm(self, a: str, b: str) -> tuple[int, int]:
        """(month, day) of a numeric pair in the portal's order."""
        return (int(b), int(a)) if self.order == "dmy" else (int(a), int(b))

    def read(self, kind: str, m: re.Match[str]) -> Found | None:
        """Date parts of a (non-relative, non-ISO) anchor."""
        g = m.group
        if kind == "dmy":
            sa, sb, sy = g("dmy_a", "dmy_b", "dmy_y")  # one call for several groups is cheaper
            a, b, y = int(sa), int(sb), int(sy)
            mo, d = (b, a) if self.order == "dmy" else (a, b)
            return ((y if y > 99 else two_digit_year(y), mo, d), None, "day")
        if kind == "dm":
            mo, d = self._dm(*g("dm_a", "dm_b"))
            return ((None, mo, d), None, "day")
        if kind == "rdm":
            m1, d1 = self._dm(g("rdm_a"), g("rdm_b"))
            m2, d2 = self._dm(g("rdm_c"), g("rdm_d"))
            y1, y2 = g("rdm_y1"), g("rdm_y2")
            return ((int(y1) if y1 else None, m1, d1), (int(y2) if y2 else None, m2, d2), "day")
        if kind == "rlist":  # several days of one month: the first to the last
            mo = int(g("rl_m"))
            y = int(g("rl_y")) if g("rl_y") else None
            return ((y, mo, int(g("rl_a"))), (y, mo, int(g("rl_b"))), "day")
        if kind == "rdd":
            mo = int(g("rdd_c"))
            y = int(g("rdd_y")) if g("rdd_y") else None
            return ((y, mo, int(g("rdd_a"))), (y, mo, int(g("rdd_b"))), "day")
        if kind == "words":
            mo = _month(g("w_m"))
            y = int(g("w_y")) if g("w_y") else None
            end = (y, mo, int(g("w_d")))
            first = g("w_a") or g("w_l")
            if first:
                return ((y, mo, int(first)), end, "day")
            return (end, None, "day")
        if kind in ("en", "enw"):
            d, mname, y = (g("e_d"), g("e_m"), g("e_y")) if g("e_d") else (
                g("e_d2"), g("e_m2"), g("e_y2"))
            return ((int(y), lx.EN_MONTHS[mname[:3]], int(d)), None, "day")
        if kind == "month":
            mo = _month(g("mo_m"))
            y = int(g("mo_y")) if g("mo_y") else None
            if g("mo_a"):
                return ((y, _month(g("mo_a")), None), (y, mo, None), "month")
            return ((y, mo, None), None, "month")
        if kind == "my":
            return ((int(g("my_y")), int(g("my_m")), None), None, "month")
        if kind == "yrange":
            return ((int(g("yr_a")), 1, None), (int(g("yr_b")), 1, None), "year")
        if kind in ("year", "byear"):
            return ((int(g("y_y") or g("by_y")), 1, None), None, "year")
        return None

    # ------------------------------------------------------------ building results
    def build(self, kind: str, m: re.Match[str], lo: int, hi: int
              ) -> tuple[DateResult, int, int] | str:
        """The result of an accepted anchor with its span, or an error reason."""
        if kind in ("rel_ago", "rel_agow", "rel_word"):
            return relative_anchor(self, kind, m, lo, hi)
        if kind == "iso":
            return self._iso(m, lo, hi)
        found = self.read(kind, m)
        if found is None:
            return "no date found"
        e = m.end()
        relative = False
        if found[0][0] is None and (found[1] is None or found[1][0] is None):
            rel = lx.REL_YEAR_AFTER.match(self.low, e, hi) if "năm" in self.low[e:e + 12] else None
            if rel is not None:  # "ngày 5/3 năm sau": the year against the reference
                found = _with_year(found, self.ref_day.year + lx.REL_YEAR_DELTA[rel.group("ry")])
                e, relative = rel.end(), True
        clocks = self.range_clocks(m, lo) if kind == "rdm" and m.group("rdm_t") else None
        return self.complete(found, m.start(), e, lo, hi, relative=relative, clocks=clocks)

    def complete(self, found: Found, s: int, e: int, lo: int, hi: int, *, relative: bool = False,
                 clocks: RangeClocks | None = None) -> tuple[DateResult, int, int] | str:
        """Infer years, validate, attach time/weekday and format."""
        (y1, m1, d1), end, prec = found
        inferred = False
        if end is not None:
            y2, m2, d2 = end
            if y2 is None and y1 is None:
                y2 = self._nearest(m2, d2)
                if y2 is None:
                    return "invalid date"
                inferred = True
            if y2 is None:
                y2 = y1 if (m2, d2 or 1) >= (m1, d1 or 1) else y1 + 1  # type: ignore[operator]
            if y1 is None:
                y1 = y2 if (m1, d1 or 1) <= (m2, d2 or 1) else y2 - 1
            if not self._valid(y2, m2, d2):
                return "invalid date"
            end = (y2, m2, d2)
        elif y1 is None:
            y1 = self._nearest(m1, d1)
            if y1 is None:
                return "invalid date"
            inferred = True
        if not (1 <= m1 <= 12 and (d1 is None or valid_day(y1, m1, d1))):
            return "invalid date"
        if end is not None and (y1, m1, d1 or 1) > (end[0], end[1], end[2] or 1):
            return "invalid range"
        if prec != "day":
            first = date(y1, m1, 1)  # type: ignore[arg-type]
            return DateResult(
                raw=self.raw, value=format_value(first, prec),
                end=None if end is None else format_value(date(end[0], end[1], 1), prec),
                precision=prec, tz_source="none", year_inferred=inferred, relative=relative,
                zone=self.out,
            ), s, e
        day = date(y1, m1, d1)  # type: ignore[arg-type]
        end_day = None if end is None else date(end[0], end[1], end[2])  # type: ignore[arg-type]
        if clocks is not None and end_day is not None:
            return self._clock_range(day, end_day, clocks, s, e, inferred, relative)
        return self.finish(day, end_day, s, e, lo, hi, inferred=inferred, relative=relative)

    def finish(self, day: date, end_day: date | None, s: int, e: int, lo: int, hi: int, *,
               inferred: bool = False, relative: bool = False, part: str | None = None,
               clock: tuple[int, int, int, str] | None = None, zone: tzinfo | None = None
               ) -> tuple[DateResult, int, int]:
        """Attach clock time, part of day, offset and weekday to a day; format the result."""
        if clock is None and part is None and not (
                _NEIGHBOUR_HINT.search(self.low, lo, s) or _NEIGHBOUR_HINT.search(self.low, e, hi)):
            # no digit (so no clock), part of day or weekday around the anchor: the day alone
            return DateResult(  # positional (field order of DateResult): cheaper than keywords
                self.raw, day.isoformat(), "day", None if end_day is None else end_day.isoformat(),
                "none", inferred, relative, None, None, self.out,
            ), s, e
        span_s, span_e = s, e
        end_clock: Clock | None = None
        if clock is None and end_day is None:
            found = self.clock_near(s, e, lo, hi)
            if found is not None:
                start_clock, end_clock = found  # Clock: (start, end, hour, minute, second, prec)
                clock = start_clock[2:]
                last_end = (end_clock or start_clock)[1]
                if start_clock[0] < span_s:
                    span_s = start_clock[0]
                if last_end > span_e:
                    span_e = last_end
                if zone is None:
                    off = offset_from_text(self.low, last_end)
                    if off is None and last_end <= s and e > last_end + 12:
                        # beyond the first look: "09:41, Thứ Hai, 03/06/2019 (GMT+7)"
                        off = offset_from_text(self.low, e)
                    if off is not None and off[1] < hi:
                        zone = off[0]
                        if off[2] > span_e:
                            span_e = off[2]
        pod = part or (None if self._has_pod is False else self._part_of_day(span_s, s, e, lo))
        if pod is not None and part is None and pod[1] < span_s:
            span_s = pod[1]
        weekday = None if self._weekdays == [] else self._weekday(span_s, span_e, lo, hi)
        consistent = None
        if weekday is not None:
            consistent = weekday[0] == day.weekday()
            if weekday[1] < span_s:
                span_s = weekday[1]
            if weekday[2] > span_e:
                span_e = weekday[2]
        if clock is None:
            return DateResult(  # positional (field order of DateResult): cheaper than keywords
                self.raw, day.isoformat(), "day", None if end_day is None else end_day.isoformat(),
                "none", inferred, relative, consistent, None, self.out,
            ), span_s, span_e
        pod_word = part or (pod[0] if pod else None)
        hour, minute, second, prec = clock
        if pod_word is not None:
            hour = apply_part_of_day(hour, pod_word)
        source = "explicit" if zone is not None else self.tz_source
        zone = zone or self.zone
        end_value = None
        if end_clock is not None:
            end_time = (apply_part_of_day(end_clock[2], pod_word), end_clock[3], end_clock[4])
            if end_time > (hour, minute, second):
                prec = min(prec, end_clock[5], key=PRECISIONS.index)
                end_value = stamp(day.year, day.month, day.day, *end_time, prec, zone,
                                  self.out)
        value = stamp(day.year, day.month, day.day, hour, minute, second, prec, zone, self.out)
        return DateResult(  # positional, as above
            self.raw, value, prec, end_value, source, inferred, relative, consistent, None, self.out,
        ), span_s, span_e

    def _clock_range(self, day: date, end_day: date, clocks: RangeClocks, s: int, e: int,
                     inferred: bool, relative: bool) -> tuple[DateResult, int, int]:
        """A range of days whose two ends carry a clock time each, in the text's zone."""
        first, last = clocks
        start_time, end_time = first[2:5], last[2:5]
        if (end_day, end_time) <= (day, start_time):  # not a range of times: the days alone
            return self.finish(day, end_day, s, e, s, e, inferred=inferred, relative=relative)
        prec = min(first[5], last[5], key=PRECISIONS.index)
        value = stamp(day.year, day.month, day.day, *start_time, prec, self.zone, self.out)
        end_value = stamp(end_day.year, end_day.month, end_day.day, *end_time, prec, self.zone,
                          self.out)
        return DateResult(  # positional (field order of DateResult)
            self.raw, value, prec, end_value, self.tz_source, inferred, relative, None, None,
            self.out,
        ), min(s, first[0]), e

    def _iso(self, m: re.Match[str], lo: int, hi: int) -> tuple[DateResult, int, int] | str:
        sy, smo, sd, sh, smi, ss, z, z0 = m.group(
            "iso_y", "iso_m", "iso_d", "iso_H", "iso_M", "iso_S", "iso_z", "iso_z0")
        y, mo, d = int(sy), int(smo), int(sd)
        if not valid_day(y, mo, d):
            return "invalid date"
        if sh is None:
            return self.finish(date(y, mo, d), None, m.start(), m.end(), lo, hi)
        hour, minute = int(sh), int(smi)
        second = int(ss or 0)
        if hour > 23 or minute > 59 or second > 59:
            return "invalid time"
        zone = iso_offset(z) if z else None
        if z0 is not None:  # NukeViet's meta: the zone where the "T" should be
            zone = meta_zone(z0)
            if zone is None or z:  # an ambiguous or unknown zone, or two zones: the day alone
                return self.finish(date(y, mo, d), None, m.start(), m.end(), lo, hi)
        prec = "minute" if ss is None else "second"
        return self.finish(date(y, mo, d), None, m.start(), m.end(), lo, hi,
                           clock=(hour, minute, second, prec), zone=zone)

    def _nearest(self, month: int, day: int | None) -> int | None:
        if day is None:
            return nearest_year_month(month, self.ref_day)
        return nearest_year_day(month, day, self.ref_day)

    @staticmethod
    def _valid(year: int, month: int, day: int | None) -> bool:
        if not 1 <= month <= 12:
            return False
        return day is None or valid_day(year, month, day)
