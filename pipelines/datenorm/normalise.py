"""``normalise_date``: one date string (publish line, listing stamp, label + value) to a result."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timezone, tzinfo
from zoneinfo import ZoneInfo

from pipelines.datenorm.grammar import LOOKALIKE_HINT, Scanner
from pipelines.datenorm.lexicon import ANCHOR, DAY, MON, WEEKDAYS, YEAR4, prepare
from pipelines.datenorm.neighbours import POD_HINT, WEEKDAY_HINT
from pipelines.datenorm.result import DateResult, iso_day, stamp
from pipelines.datenorm.years import apply_meridiem, valid_day
from pipelines.datenorm.zones import get_zone, iso_offset
from pipelines.timezones import VN_TZ, VN_TZ_NAME

# The numeric day/month orders a portal may declare (registry ``order``, ``DATES_ORDER``): the one
# list, used by the registry, the dates stage and the command line. Year-first dates
# (``2024-03-14``, ``2024/03/14``) are read the same under every order, so there is no "ymd".
ORDERS = ("dmy", "mdy")
_AWARE = (timezone, ZoneInfo)  # tzinfo types whose utcoffset() is never None
MAX_LENGTH = 400
_is_normalized = unicodedata.is_normalized

# Fast path: the common publish and listing stamps, whole string only, read by one regex:
# - ISO 8601 and its look-alikes ("2023-08-24T14:03:00+07:00", "2023-08-24 14:03", "2024/03/14"):
#   the metadata times of WordPress, Liferay, SharePoint; the parts of lexicon's ISO anchor;
# - day, month, year with one separator ("/", "." or "-") and an optional clock (seconds,
#   fraction, AM/PM or SA/CH) after or before it, maybe after a weekday ("Thứ năm - 24/08/2023
#   14:03", "14.03.2024 09:05", "02:30 PM 14-03-2024");
# - the same, date first, after a label without digits ("Cập nhật lúc: 14/03/2024 09:05"), tried
#   last (lazy); see _plain_label for when the grammar reads it the same;
# - closing brackets and punctuation after any of them ("(14/03/2024)", "14/03/2024 09:05 |").
# Anything else goes to the grammar, which reads all of these the same way (tested). A weekday
# digit glued to a number ("T21/01/2000") is no weekday, as in lexicon.WEEKDAY; a year glued to
# a digit, or to "-" or "." and a digit ("14/03/2024-09:05") is no year, and a date right after
# "digit," ("09:05,14/03/2024") is no date, as in lexicon's anchors.
_WD = r"(?:thứ\s?(?P<wd>hai|ba|tư|năm|sáu|bảy|[2-7])|(?P<cn>chủ\s?nhật|cn)|t(?P<wt>[2-7]))"
_MERIDIEM = r"(?:\s*(?P<{}>a\.?m\.?|p\.?m\.?|sa|ch))?"
_ISO_PART = (
    rf"(?P<i_y>{YEAR4})(?P<i_sep>[-/.])(?P<i_m>{MON})(?P=i_sep)(?P<i_d>{DAY})"
    r"(?:[t\s](?P<i_H>\d{1,2}):(?P<i_M>\d{2})(?::(?P<i_S>\d{2})(?:[.,]\d{1,9})?)?"
    r"(?P<i_z>\s?(?:z|[+-]\d{2}(?::?\d{2})?))?)?"
)
_DMY_PART = (
    rf"(?:{_WD}(?!\d)\s*[-,|]?\s*)?(?:(?P<d>\d\d?)(?P<sep>[/.\-])(?P<m>\d\d?)(?P=sep)(?P<y>\d{{4}})"
    r"(?![.\-]?\d)(?:\s*[-,|]?\s*(?P<H>\d\d?):(?P<M>\d\d)(?::(?P<S>\d\d)(?:[.,]\d{1,6})?)?"
    + _MERIDIEM.format("ap") + ")?"
    r"|(?P<H2>\d\d?):(?P<M2>\d\d)(?::(?P<S2>\d\d)(?:[.,]\d{1,6})?)?" + _MERIDIEM.format("ap2")
    + r"(?!\d)\s*(?:[-|]|,(?:(?<!\d,)|(?!\d)))?\s*"
    r"(?P<d2>\d\d?)(?P<sep2>[/.\-])(?P<m2>\d\d?)(?P=sep2)(?P<y2>\d{4}))"
)
_STAMP = re.compile(rf"\s*(?:{_ISO_PART}|(?P<label>\D++)??{_DMY_PART})[\s)\].,;|]*")
# A label before a date-first stamp ("Cập nhật lúc: 14/03/2024 09:05") changes nothing the grammar
# reads when the grammar's first anchor is this very date (so no date starts in the label) and the
# label holds no word the grammar looks at around a date: look-alike labels (số, mã...), weekdays,
# parts of day (see docs/dates.md). It holds no digit, so no clock either.
_LABEL_WORDS = re.compile("|".join((LOOKALIKE_HINT.pattern, WEEKDAY_HINT.pattern, POD_HINT.pattern)))


def _plain_label(low: str, m: re.Match[str]) -> bool:
    """Does the grammar read a labelled date-first _STAMP match the same as the fast path?"""
    if _LABEL_WORDS.search(low) is not None:
        return False
    anchor = ANCHOR.search(low)  # the grammar's first anchor must be this very date
    return (anchor is not None and anchor.start() == m.start("d") and anchor.lastgroup == "k_dmy"
            and anchor.end() == m.end("y"))


def _fast(raw: str, low: str, order: str, zone: tzinfo, tz_source: str, out: tzinfo
          ) -> DateResult | None:
    """The result of a plain numeric stamp, or None to use the full grammar."""
    if "/" not in low and "-" not in low and "." not in low:  # cheaper than a set
        return None
    m = _STAMP.fullmatch(low)
    if m is None:
        return None
    (iy, _, imo, iday, ih, imi, isec, iz, label, wd, cn, wt, d, _, mo, y, hh, mm, ss, ap, hh2, mm2,
     ss2, ap2, d2, _, mo2, y2) = m.groups()  # one call
    if iy is not None:
        return _iso(raw, (iy, imo, iday, ih, imi, isec, iz), zone, tz_source, out)
    if label is not None and (d is None or not _plain_label(low, m)):
        return None
    if d is not None:
        a, b, year = d, mo, int(y)
    else:
        a, b, year, hh, mm, ss, ap = d2, mo2, int(y2), hh2, mm2, ss2, ap2
    day, month = (int(a), int(b)) if order == "dmy" else (int(b), int(a))
    if not 1900 <= year <= 2199 or not valid_day(year, month, day):  # the grammar's years
        return None
    consistent = None
    if wd or cn or wt:
        weekday = 6 if cn else WEEKDAYS[wd or wt]
        consistent = weekday == date(year, month, day).weekday()
    if hh is None:
        return DateResult(  # positional (field order of DateResult): cheaper than keywords
            raw, iso_day(year, month, day), "day", None, "none", False, False, consistent, None, out)
    hour, minute, second = int(hh), int(mm), int(ss or 0)
    if ap is not None:
        hour = apply_meridiem(hour, ap.replace(".", ""))  # type: ignore[assignment]
        if hour is None:
            return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    precision = "minute" if ss is None else "second"
    value = stamp(year, month, day, hour, minute, second, precision, zone, out)
    return DateResult(raw, value, precision, None, tz_source, False, False, consistent, None, out)


def _iso(raw: str, parts: tuple[str | None, ...], zone: tzinfo, tz_source: str, out: tzinfo
         ) -> DateResult | None:
    """The result of a whole-string ISO date (time, offset), or None to use the full grammar."""
    y, mo, d, hh, mm, ss, z = parts
    year, month, day = int(y), int(mo), int(d)
    if not valid_day(year, month, day):
        return None
    if hh is None:
        return DateResult(raw, iso_day(year, month, day), "day", None, "none", False, False, None,
                          None, out)
    hour, minute, second = int(hh), int(mm), int(ss or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    precision = "minute" if ss is None else "second"
    if z:
        value = stamp(year, month, day, hour, minute, second, precision, iso_offset(z), out)
        return DateResult(raw, value, precision, None, "explicit", False, False, None, None, out)
    value = stamp(year, month, day, hour, minute, second, precision, zone, out)
    return DateResult(raw, value, precision, None, tz_source, False, False, None, None, out)


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
    if type(text) is not str and not isinstance(text, str):
        error = "empty" if text is None else f"not a string: {type(text).__name__}"
        return DateResult(raw=None, error=error)
    if not text or text.isspace():
        return DateResult(raw=text, error="empty")
    if order not in ORDERS:
        return DateResult(raw=text, error=f"unknown order {order!r} (use {' or '.join(ORDERS)})")
    zone = VN_TZ if tz is VN_TZ or tz == VN_TZ_NAME else get_zone(tz)
    out = VN_TZ if output_tz is VN_TZ or output_tz == VN_TZ_NAME else get_zone(output_tz)
    if zone is None or out is None:
        return DateResult(raw=text, error=f"unknown time zone {tz!r}/{output_tz!r}")
    if reference is not None and not isinstance(reference, datetime):
        return DateResult(raw=text, error="reference is not a datetime")
    try:
        work = text if _is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
        if len(work) > MAX_LENGTH:
            work = work[:MAX_LENGTH]
        low = prepare(work)
        fast = _fast(text, low, order, zone, tz_source, out)  # needs no reference
        if fast is not None:
            return fast
        ref = resolve_reference(reference, zone)
        return Scanner(text, low, ref, order, zone, tz_source, out).first()
    except (ValueError, OverflowError, KeyError) as exc:  # out-of-range arithmetic, odd input
        return DateResult(raw=text, error=f"unreadable date: {exc}")
