"""Dates mentioned in body prose (``Ngày 14/3, ...``, ``Sáng 12-6``, ``từ ngày 25 đến 27/12``).

Body text is split into sentences; a year-less day/month counts only after a cue word
(``ngày``, ``sáng``, ``chiều``, ``tối``, ``từ``, ``đến``, ``và`` ...) or at the start of a
sentence, so fractions (``3/4 xã``), scores and decree numbers are left alone.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime, tzinfo

from pipelines.datenorm import lexicon as lx
from pipelines.datenorm.grammar import Scanner
from pipelines.datenorm.normalise import ORDERS, resolve_reference
from pipelines.datenorm.result import EventDate
from pipelines.datenorm.zones import get_zone
from pipelines.timezones import VN_TZ_NAME

__all__ = ["find_event_dates", "sentences"]

_BOUNDARY = re.compile(r"[.!?…]+[\"”’)\]]*[ \t]+|\s*\n\s*")
_ABBREVIATION = re.compile(r"(?<!\w)[A-ZĐ][A-ZĐ.]{0,7}$")
_QUICK = re.compile(r"\d|hôm|tuần|tháng|năm|mai|qua|nay|kia|xong|today|yesterday", re.I)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence: split at ``. ! ? …`` before a capital or digit, and lines."""
    start = 0
    for m in _BOUNDARY.finditer(text):
        nxt = m.end()
        if "\n" not in m.group():
            if nxt < len(text) and not (text[nxt].isupper() or text[nxt].isdigit()
                                        or text[nxt] in "\"“'‘("):
                continue
            if m.group()[0] == "." and _ABBREVIATION.search(text, start, m.start()):
                continue
        end = m.start() + (1 if "\n" not in m.group() else 0)
        if text[start:end].strip():
            yield start, end
        start = nxt
    if text[start:].strip():
        yield start, len(text)


def find_event_dates(
    text: str,
    *,
    reference: datetime,
    order: str = "dmy",
    tz: str | tzinfo = VN_TZ_NAME,
    tz_source: str = "default",
    output_tz: str | tzinfo = VN_TZ_NAME,
    include_years: bool = False,
) -> list[EventDate]:
    """Dates in ``text`` with their sentence and span (offsets in the NFC form of ``text``).

    Year-less dates take the year nearest ``reference`` (the publish date). Bare years
    (``năm 2023``) are skipped unless ``include_years``; year-less months (``tháng 3``) always.
    """
    if not text or not isinstance(text, str) or order not in ORDERS:
        return []
    zone, out = get_zone(tz), get_zone(output_tz)
    if zone is None or out is None:
        return []
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    ref = resolve_reference(reference, zone)
    low = lx.prepare(text)
    scanner = Scanner(text, low, ref=ref, order=order, zone=zone, tz_source=tz_source, out=out,
                      events=True)
    found: list[EventDate] = []
    for lo, hi in sentences(text):
        if not _QUICK.search(text, lo, hi):
            continue
        sentence = text[lo:hi].strip()
        taken = lo
        for m in lx.ANCHOR.finditer(low, lo, hi):
            if m.start() < taken:
                continue
            kind = m.lastgroup[2:]  # type: ignore[index]
            if not scanner.accept(kind, m, lo, hi):
                continue
            try:
                built = scanner.build(kind, m, lo, hi)
            except (ValueError, OverflowError, KeyError):
                continue
            if isinstance(built, str):
                continue
            result, s, e = built
            if result.precision == "year" and not include_years:
                continue
            if result.precision == "month" and result.year_inferred:
                continue
            s = _with_cue(low, s, lo)
            result = dataclasses.replace(result, raw=text[s:e])
            found.append(EventDate(sentence=sentence, span=(s, e), result=result))
            taken = e
    return found


_CUE_BEFORE = re.compile(
    lx.NB + r"(?:(?:vào\s+)?(?:rạng\s+sáng|sáng|trưa|chiều|tối|đêm|khuya)\s+)?(?:ngày|hôm|từ)"
    r"(?:\s+ngày)?\s*$"
)


def _with_cue(low: str, s: int, lo: int) -> int:
    """Extend a span to the left over ``ngày``/``từ ngày``/``sáng ngày``."""
    m = _CUE_BEFORE.search(low, max(lo, s - 24), s)
    return m.start() if m else s
