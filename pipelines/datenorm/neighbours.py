"""Neighbours of a date anchor: clock times, time ranges, part-of-day words and weekdays.

Mixed into :class:`grammar.Scanner` (which holds the slots); each lookup is cached for the text
and skipped at once when a cheap pre-check shows the text cannot contain what it looks for.
"""

from __future__ import annotations

import re

from pipelines.datenorm import lexicon as lx
from pipelines.datenorm.clocks import Clock, read_clock, weekday_index

_TIME_RANGE_JOIN = re.compile(r"\s*(?:-|đến|tới)\s*")
_POD_LEFT = re.compile(lx.PART_OF_DAY.pattern + r"\s*(?:ngày|hôm)?\s*[,:]?\s*$")
_POD_RIGHT = re.compile(r"\s*" + lx.PART_OF_DAY.pattern)
# Cheap pre-checks (literal-led, so ``re`` skips ahead): no match means the full pattern cannot match.
DIGIT = re.compile(r"\d")
WEEKDAY_HINT = re.compile(r"thứ|chủ|cn|t\s?[2-7]|mon|tue|wed|thu|fri|sat|sun")
POD_HINT = re.compile(r"sáng|trưa|chiều|tối|đêm|khuya")


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
        return [c for c in self._clocks if c.start >= lo and c.end <= hi]

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
        for i, c in enumerate(cands):
            if c.end <= s:
                gap = low[c.end:s]
            elif c.start >= e:
                gap = low[e:c.start]
            else:
                continue
            if len(gap) < best_len and lx.GAP.fullmatch(gap):
                best, best_len = i, len(gap)
        if best < 0:
            return None
        chosen = cands[best]
        if best + 1 < len(cands):
            nxt = cands[best + 1]
            if (nxt.start >= e or nxt.end <= s) and _TIME_RANGE_JOIN.fullmatch(
                    low[chosen.end:nxt.start]):
                return chosen, nxt
        if best > 0:
            prev = cands[best - 1]
            if (prev.start >= e or prev.end <= s) and _TIME_RANGE_JOIN.fullmatch(
                    low[prev.end:chosen.start]):
                return prev, chosen
        return chosen, None

    def _part_of_day(self, first: int, s: int, e: int, lo: int) -> tuple[str, int] | None:
        low = self.low
        if self._has_pod is None:
            self._has_pod = POD_HINT.search(low) is not None and lx.PART_OF_DAY.search(low) is not None
        if not self._has_pod:
            return None
        m = _POD_LEFT.search(low, max(lo, first - 24), first)
        if m is not None:
            return " ".join(m.group("pod").split()), m.start()
        m = lx.PART_OF_DAY.search(low, first, s)  # between a time and the date
        if m is not None:
            return " ".join(m.group("pod").split()), m.start()
        m = _POD_RIGHT.match(low, e)
        if m is not None and first < s:
            return " ".join(m.group("pod").split()), first
        return None

    def _weekday(self, s: int, e: int, lo: int, hi: int) -> tuple[int, int, int] | None:
        if self._weekdays is None:
            hint = WEEKDAY_HINT.search(self.low)
            self._weekdays = [] if hint is None else list(lx.WEEKDAY.finditer(self.low, hint.start()))
        low = self.low
        for w in self._weekdays:
            if w.end() <= s and w.start() >= lo and s - w.end() <= 24:
                gap = low[w.end():s]
            elif w.start() >= e and w.end() <= hi and w.start() - e <= 6:
                gap = low[e:w.start()]
            else:
                continue
            if lx.GAP.fullmatch(gap):
                return weekday_index(w), w.start(), w.end()
        return None
