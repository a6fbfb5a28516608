"""``normalise_date``: one date string (publish line, listing stamp, label + value) to a result."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timezone, tzinfo
from zoneinfo import ZoneInfo

from pipelines.datenorm.grammar import LOOKALIKE_HINT, Scanner
from pipelines.datenorm.lexicon import ANCHOR, SKIP, WEEKDAYS, prepare
from pipelines.datenorm.neighbours import DIGIT, POD_HINT, WEEKDAY_HINT
from pipelines.datenorm.result import DateResult, iso_day, stamp
from pipelines.datenorm.years import valid_day
from pipelines.datenorm.zones import get_zone
from pipelines.timezones import VN_TZ, VN_TZ_NAME

ORDERS = ("dmy", "mdy")
_AWARE = (timezone, ZoneInfo)  # tzinfo types whose utcoffset() is never None
TZ_SOURCES = ("default", "portal", "meta", "explicit")
MAX_LENGTH = 400

# Fast path: the common publish and listing stamps, whole string only ("Thứ năm - 24/08/2023
# 14:03", "24/08/2023 14:03:05", "14:03 24/08/2023"). Anything else goes to the grammar. A weekday
# digit glued to a number ("T21/01/2000") is no weekday, as in lexicon.WEEKDAY (it was read as
# "T2" + "1/01/2000" here while the grammar finds no date).
_WD = r"(?:thứ\s?(?P<wd>hai|ba|tư|năm|sáu|bảy|[2-7])|(?P<cn>chủ\s?nhật|cn)|t(?P<wt>[2-7]))"
_FAST = re.compile(
    rf"\s*(?:{_WD}(?!\d)\s*[-,|]?\s*)?(?:(?P<d>\d\d?)/(?P<m>\d\d?)/(?P<y>\d{{4}})"
    r"(?:\s*[-,|]?\s*(?P<H>\d\d?):(?P<M>\d\d)(?::(?P<S>\d\d))?)?"
    r"|(?P<H2>\d\d?):(?P<M2>\d\d)(?::(?P<S2>\d\d))?\s*[-,|]?\s*"
    r"(?P<d2>\d\d?)/(?P<m2>\d\d?)/(?P<y2>\d{4}))\s*"
)


# A label before a date-first stamp ("Cập nhật lúc: 14/03/2024 09:05") changes nothing the grammar
# reads when it holds no anchor (lexicon.SKIP consumes it), no digit, and no word the grammar looks
# at around a date: look-alike labels (số, mã...), weekdays, parts of day (see docs/dates.md).
_LABEL_WORDS = re.compile("|".join((LOOKALIKE_HINT.pattern, WEEKDAY_HINT.pattern, POD_HINT.pattern)))


def _labelled(low: str) -> re.Match[str] | None:
    """The _FAST match of a date-first stamp after a plain label, when the grammar reads the same."""
    p = SKIP.match(low).end()  # type: ignore[union-attr]
    if p == 0 or p == len(low) or not low[p].isdigit() or _LABEL_WORDS.search(low) is not None:
        return None
    if DIGIT.search(low, 0, p) is not None:  # SKIP passes over clock numbers: a clock is no label
        return None
    m = _FAST.fullmatch(low, p)
    if m is None or m.group("d") is None:
        return None
    anchor = ANCHOR.match(low, p)  # the grammar's first anchor must be this very date
    if anchor is None or anchor.lastgroup != "k_dmy" or anchor.end() != m.end("y"):
        return None
    return m


def _fast(raw: str, low: str, order: str, zone: tzinfo, tz_source: str, out: tzinfo
          ) -> DateResult | None:
    """The result of a plain numeric stamp, or None to use the full grammar."""
    if "/" not in low:
        return None
    m = _FAST.fullmatch(low)
    if m is None:
        m = _labelled(low)
        if m is None:
            return None
    wd, cn, wt, d, mo, y, hh, mm, ss, hh2, mm2, ss2, d2, mo2, y2 = m.groups()  # one call
    if d is not None:
        a, b, year = d, mo, int(y)
    else:
        a, b, year, hh, mm, ss = d2, mo2, int(y2), hh2, mm2, ss2
    day, month = (int(a), int(b)) if order == "dmy" else (int(b), int(a))
    if year < 1900 or not valid_day(year, month, day):
        return None
    consistent = None
    if wd or cn or wt:
        weekday = 6 if cn else WEEKDAYS[wd or wt]
        consistent = weekday == date(year, month, day).weekday()
    if hh is None:
        return DateResult(raw=raw, value=iso_day(year, month, day), precision="day",
                          tz_source="none", weekday_consistent=consistent, zone=out)
    hour, minute, second = int(hh), int(mm), int(ss or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    precision = "minute" if ss is None else "second"
    value = stamp(year, month, day, hour, minute, second, precision, zone, out)
    return DateResult(raw=raw, value=value, precision=precision, tz_source=tz_source,
                      weekday_consistent=consistent, zone=out)


def resolve_reference(reference: datetime | None, zone: tzinfo) -> datetime:
    """An aware reference (now when None; a naive one is read in ``zone``)."""
    if reference is None:
        return datetime.now(VN_TZ)
    zone_of_ref = reference.tzinfo
    if type(zone_of_ref) in _AWARE:  # always an offset: skip utcoffset()
        return reference
    if zone_of_ref is None or reference.utcoffset() is None:
        return reference.replace(tzinfo=zone)
    return reference


def normalise_date(
    text: str | None,
    *,
    reference: datetime | None = None,
    order: str = "dmy",
    tz: str | tzinfo = VN_TZ_NAME,
    tz_source: str = "default",
    output_tz: str | tzinfo = VN_TZ_NAME,
) -> DateResult:
    """Normalise one date string; bad input never raises, it gives ``value=None`` and ``error``.

    ``tz`` is the zone of clock times without an explicit offset (labelled ``tz_source``);
    values with a time of day are converted to ``output_tz``; ``reference`` (the publish date
    for body text, the fetch time for publish lines) decides missing years and relative forms.
    """
    if text is None:
        return DateResult(raw=None, error="empty")
    if not isinstance(text, str):
        return DateResult(raw=None, error=f"not a string: {type(text).__name__}")
    if not text.strip():
        return DateResult(raw=text, error="empty")
    if order not in ORDERS:
        return DateResult(raw=text, error=f"unknown order {order!r} (use dmy or mdy)")
    zone = VN_TZ if tz is VN_TZ or tz == VN_TZ_NAME else get_zone(tz)
    out = VN_TZ if output_tz is VN_TZ or output_tz == VN_TZ_NAME else get_zone(output_tz)
    if zone is None or out is None:
        return DateResult(raw=text, error=f"unknown time zone {tz!r}/{output_tz!r}")
    if reference is not None and not isinstance(reference, datetime):
        return DateResult(raw=text, error="reference is not a datetime")
    try:
        ref = resolve_reference(reference, zone)
        work = text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
        if len(work) > MAX_LENGTH:
            work = work[:MAX_LENGTH]
        low = prepare(work)
        fast = _fast(text, low, order, zone, tz_source, out)
        if fast is not None:
            return fast
        scanner = Scanner(text, low, ref=ref, order=order, zone=zone, tz_source=tz_source,
                          out=out)
        return scanner.first()
    except (ValueError, OverflowError, KeyError) as exc:  # out-of-range arithmetic, odd input
        return DateResult(raw=text, error=f"unreadable date: {exc}")
