"""NukeViet rendered zone (``article:published_time``) and RSS ``pubDate``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pipelines.datenorm import normalise_date, parse_rss_pubdate, rendered_zone


def offset_hours(zone: object) -> float | None:
    if zone is None:
        return None
    return datetime(2023, 8, 24, 12, tzinfo=zone).utcoffset() / timedelta(hours=1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("meta", "hours"),
    [
        ("2023-08-24+0714:03:00", 7),
        ("2023-08-24UTC07:03:00", 0),
        ("2023-08-24GMT07:03:00", 0),
        ("2023-08-24CEST09:03:00", 2),
        ("2023-08-24CET08:03:00", 1),
        ("2023-08-24ICT14:03:00", 7),
        ("2023-08-24+070014:03:00", 7),
        ("2023-08-24+07:0014:03:00", 7),
        ("2023-08-24-0403:03:00", -4),
        ("2023-08-24+053012:33:00", 5.5),
        ("2023-08-24T14:03:00+07:00", 7),
        ("2023-08-24T07:03:00Z", 0),
        ("2023-08-24T09:03:00+02:00", 2),
        (" 2023-08-24T14:03:00+0700 ", 7),
        ("2023-08-24XYZ14:03:00", None),
        ("2023-08-24CST14:03:00", None),
        ("2023-08-24T14:03:00", None),
        ("2023-08-24", None),
        ("", None),
        (None, None),
        ("not a date", None),
        ("2023-08-24+2514:03:00", None),
    ],
)
def test_rendered_zone(meta: str | None, hours: float | None) -> None:
    assert offset_hours(rendered_zone(meta)) == hours


def test_meta_zone_converts_the_visible_line() -> None:
    zone = rendered_zone("2023-08-24UTC07:03:00")
    result = normalise_date("Thứ năm - 24/08/2023 07:03", tz=zone, tz_source="meta")
    assert result.to_dict() == {
        "raw": "Thứ năm - 24/08/2023 07:03", "value": "2023-08-24T14:03:00+07:00",
        "precision": "minute", "end": None, "tz_source": "meta", "year_inferred": False,
        "relative": False, "weekday_consistent": True, "error": None,
    }


def test_contract_example_utc_page() -> None:
    result = normalise_date("Thứ năm - 24/08/2023 14:03", tz=UTC, tz_source="meta")
    assert result.value == "2023-08-24T21:03:00+07:00"
    assert result.datetime == datetime(2023, 8, 24, 21, 3, tzinfo=timezone(timedelta(hours=7)))


@pytest.mark.parametrize(
    ("text", "buggy", "value", "precision", "source", "weekday"),
    [
        ("Thu, 24 Aug 2023 14:08:00 +0700", True, "2023-08-24T14:00:00+07:00", "hour",
         "explicit", True),
        ("Thu, 24 Aug 2023 14:03:00 +0700", False, "2023-08-24T14:03:00+07:00", "second",
         "explicit", True),
        ("Thu, 24 Aug 2023 07:08:00 GMT", True, "2023-08-24T14:00:00+07:00", "hour",
         "explicit", True),
        ("Fri, 24 Aug 2023 14:08:00 +0700", True, "2023-08-24T14:00:00+07:00", "hour",
         "explicit", False),
        ("24 Aug 2023 23:12:00 +0000", True, "2023-08-25T06:00:00+07:00", "hour", "explicit",
         None),
        ("Thu, 24 Aug 2023 14:08:00", True, "2023-08-24T14:00:00+07:00", "hour", "default",
         True),
        ("Thu, 24 Aug 2023 14:12:75 +0700", True, "2023-08-24T14:00:00+07:00", "hour",
         "explicit", True),
    ],
)
def test_rss_pubdate(text: str, buggy: bool, value: str, precision: str, source: str,
                     weekday: bool | None) -> None:
    result = parse_rss_pubdate(text, buggy=buggy)
    assert (result.value, result.precision, result.tz_source, result.weekday_consistent) == (
        value, precision, source, weekday)


@pytest.mark.parametrize("text", ["", None, "yesterday", "Thu, 32 Aug 2023 14:08:00 +0700",
                                  "Thu, 24 Aug 2023 14:61:00 +0700", "24 Foo 2023 10:00:00"])
def test_rss_pubdate_errors(text: str | None) -> None:
    result = parse_rss_pubdate(text, buggy=False)
    assert result.value is None
    assert result.error
