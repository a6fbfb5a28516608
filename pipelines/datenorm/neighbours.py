"""Neighbours of a date anchor: clock times, time ranges, part-of-day words and weekdays.

Mixed into :class:`grammar.Scanner` (which holds the slots); each lookup is cached for the text
and skipped at once when a cheap pre-check shows the text cannot contain what it looks for.
"""

from __future__ import annotations

import re

from pipelines.datenorm import lexicon as lx
from pipelines.datenorm.clocks import Clock, read_clock, weekday_index
from pipelines.datenorm.years import apply_part_of_day

_TIME_RANGE_JOIN = re.compile(r"\s*(?:-|đến|tới)\s*")
_POD_LEFT = re.compile(lx.PART_OF_DAY.pattern + r"\s*(?:ngày|hôm)?\s*[,:]?\s*$")
_POD_RIGHT = re.compile(r"\s*" + lx.PART_OF_DAY.pattern)
# Cheap pre-checks (literal-led, so ``re`` skips ahead): no match means the full pattern cannot match.
DIGIT = re.compile(r"\d")
WEEKDAY_HINT = re.compile(r"thứ|chủ|cn|t\s?[2-7]|mon|tue|wed|thu|fri|sat|sun")
POD_HINT = re.compile(r"sáng|trưa|chiều|tối|đêm|khuya")


def _pod_word(m: re.Match[str]) -> str:
    """The part-of-day word of a match, spaces normalised ("rạng  sáng" is the only one with any)."""
    word = m.group("pod")
    return " ".join(word.split()) if word[0] == "r" else word


def _shifted(low: str, clock: Clock, until: int) -> Clock:
    """A clock shifted by the part-of-day word between it and ``until`` (``5 giờ chiều``)."""
    m = lx.PART_OF_DAY.search(low, clock[1], until)
    if m is None:
        return clock
    return (clock[0], clock[1], apply_part_of_day(clock[2], _pod_word(m)), *clock[3:])  # type: ignore[return-value]


class Neighbours:
    """Clock, part-of-day and weekday lookups around an anchor of ``self.low``."""

    __slots__ = ()
    low: str
    _clocks: list[Clock] | None
    _weekdays: list[re.Match[str]] | None
    _has_pod: bool | None

    def clocks(self, lo: int, hi: int) -> list[Clock]:
        """Valid clock times in ``low[lo:hi]`` (cached for the whole text)."""
        if self._clocks is None:
            self._clocks = [c for c in map(read_clock, lx.TIME.finditer(self.low)) if c is not None]
        if lo == 0 and hi == len(self.low):
            return self._clocks
        return [c for c in self._clocks if c[0] >= lo and c[1] <= hi]

    def clock_near(self, s: int, e: int, lo: int, hi: int) -> tuple[Clock, Clock | None] | None:
        """The clock time that belongs to the anchor [s, e), and the end of a time range."""
        low = self.low
        if DIGIT.search(low, lo, s) is None and DIGIT.search(low, e, hi) is None:
            return None  # a clock outside the anchor starts with a digit
        cands = self.clocks(lo, hi)
        if not cands:
            return None
        best = -1
        best_len = 41
        gap_matches = lx.CLOCK_GAP.fullmatch  # on low[a:b] through pos/endpos: no look-behind
        for i, c in enumerate(cands):
            c_start, c_end = c[0], c[1]
            if c_end <= s:
                a, b = c_end, s
            elif c_start >= e:
                a, b = e, c_start
            else:
                continue
            if b - a < best_len and gap_matches(low, a, b):
                best, best_len = i, b - a
        if best < 0:
            return None
        chosen = cands[best]
        if best + 1 < len(cands):
            nxt = cands[best + 1]
            if (nxt[0] >= e or nxt[1] <= s) and _TIME_RANGE_JOIN.fullmatch(low, chosen[1], nxt[0]):
                return chosen, nxt
        if best > 0:
            prev = cands[best - 1]
            if (prev[0] >= e or prev[1] <= s) and _TIME_RANGE_JOIN.fullmatch(
                    low, prev[1], chosen[0]):
                return prev, chosen
        return chosen, None

    def range_clocks(self, m: re.Match[str], lo: int) -> tuple[Clock, Clock] | None:
        """Clock times of both ends of a range anchor whose second date has one (``rdm_t``):
        the clock right before the anchor and the one inside it, each shifted by a part-of-day
        word after it (``8 giờ sáng ngày 5/3 đến 5 giờ chiều ngày 6/3``); None unless both."""
        low = self.low
        t = lx.TIME.match(low, m.start("rdm_t"))
        last = read_clock(t) if t is not None and t.end() <= m.start("rdm_c") else None
        if last is None:
            return None
        s = m.start()
        first = None
        for c in self.clocks(lo, s):
            if lx.CLOCK_GAP.fullmatch(low, c[1], s):
                first = c  # the nearest one whose gap to the date is only connectors
        if first is None:
            return None
        return _shifted(low, first, s), _shifted(low, last, m.start("rdm_c"))

    def _part_of_day(self, first: int, s: int, e: int, lo: int) -> tuple[str, int] | None:
        low = self.low
        if self._has_pod is None:
            self._has_pod = POD_HINT.search(low) is not None  # a pre-check: the searches below decide
        if not self._has_pod:
            return None
        m = _POD_LEFT.search(low, max(lo, first - 24), first)
        if m is not None:
            return _pod_word(m), m.start()
        m = lx.PART_OF_DAY.search(low, first, s)  # between a time and the date
        if m is not None:
            return _pod_word(m), m.start()
        m = _POD_RIGHT.match(low, e)
        if m is not None and first < s:
            return _pod_word(m), first
        return None

    def _weekday(self, s: int, e: int, lo: int, hi: int) -> tuple[int, int, int] | None:
        if self._weekdays is None:
            hint = WEEKDAY_HINT.search(self.low)
            self._weekdays = [] if hint is None else list(lx.WEEKDAY.finditer(self.low, hint.start()))
        low = self.low
        for w in self._weekdays:
            w_start, w_end = w.span()
            if w_end <= s and w_start >= lo and s - w_end <= 24:
                a, b = w_end, s
            elif w_start >= e and w_end <= hi and w_start - e <= 6:
                a, b = e, w_start
            elif w_start >= s and w_end <= e:  # between a clock and the date ("09:41, Thứ Hai, ...")
                return weekday_index(w), w_start, w_end
            else:
                continue
            if lx.GAP.fullmatch(low, a, b):  # low[a:b] (GAP has no look-behind)
                return weekday_index(w), w_start, w_end
        return None
