"""``normalise_date``: one date string (publish line, listing stamp, label + value) to a result."""

from __future__ import annotations

import unicodedata
from datetime import datetime, tzinfo

from pipelines.datenorm.grammar import Scanner
from pipelines.datenorm.lexicon import prepare
from pipelines.datenorm.result import DateResult
from pipelines.datenorm.zones import get_zone
from pipelines.timezones import VN_TZ, VN_TZ_NAME

ORDERS = ("dmy", "mdy")
TZ_SOURCES = ("default", "portal", "meta", "explicit")
MAX_LENGTH = 400


def resolve_reference(reference: datetime | None, zone: tzinfo) -> datetime:
    """An aware reference (now when None; a naive one is read in ``zone``)."""
    if reference is None:
        return datetime.now(VN_TZ)
    if reference.tzinfo is None or reference.utcoffset() is None:
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
    zone, out = get_zone(tz), get_zone(output_tz)
    if zone is None or out is None:
        return DateResult(raw=text, error=f"unknown time zone {tz!r}/{output_tz!r}")
    if reference is not None and not isinstance(reference, datetime):
        return DateResult(raw=text, error="reference is not a datetime")
    try:
        ref = resolve_reference(reference, zone)
        work = text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
        if len(work) > MAX_LENGTH:
            work = work[:MAX_LENGTH]
        scanner = Scanner(text, prepare(work), ref=ref, order=order, zone=zone,
                          tz_source=tz_source, out=out)
        return scanner.first()
    except (ValueError, OverflowError, KeyError) as exc:  # out-of-range arithmetic, odd input
        return DateResult(raw=text, error=f"unreadable date: {exc}")
