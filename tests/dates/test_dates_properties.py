"""Property-based tests: every portal format round-trips; bad input never raises."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from pipelines.datenorm import normalise_date, parse_rss_pubdate
from pipelines.datenorm.grammar import Scanner
from pipelines.datenorm.lexicon import TIME, prepare
from pipelines.timezones import VN_TZ

WEEKDAY_NAMES = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
REF = datetime(2024, 3, 15, 10, 0, tzinfo=VN_TZ)

moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31, 23, 59),
                       timezones=st.just(VN_TZ)).map(lambda d: d.replace(microsecond=0))


def minute_iso(d: datetime) -> str:
    return d.replace(second=0).isoformat(timespec="seconds")


def h12(d: datetime) -> tuple[int, str]:
    return (d.hour % 12 or 12), ("AM" if d.hour < 12 else "PM")


# (render, expected value, precision): the formats portals print.
FORMATS = {
    "nukeviet 4": (lambda d: f"{WEEKDAY_NAMES[d.weekday()]} - {d:%d/%m/%Y %H:%M}", minute_iso,
                   "minute"),
    "nukeviet 3": (lambda d: f"{WEEKDAY_NAMES[d.weekday()]} - {d:%d/%m/%Y}  {d:%H:%M}",
                   minute_iso, "minute"),
    "listing d/m/Y H:i:s": (lambda d: f"{d:%d/%m/%Y %H:%M:%S}",
                            lambda d: d.isoformat(timespec="seconds"), "second"),
    "tag list H:i d/m/Y": (lambda d: f"{d:%H:%M %d/%m/%Y}", minute_iso, "minute"),
    "egov d/m/Y h:i:s A": (lambda d: "{:%d/%m/%Y} {:02d}:{:%M:%S} {}".format(d, *h12(d)[:1], d,
                                                                           h12(d)[1]),
                           lambda d: d.isoformat(timespec="seconds"), "second"),
    "iso with offset": (lambda d: d.isoformat(timespec="seconds"),
                        lambda d: d.isoformat(timespec="seconds"), "second"),
    "unpadded": (lambda d: f"{d.day}/{d.month}/{d.year} {d.hour}:{d.minute:02d}", minute_iso,
                 "minute"),
    "dotted with weekday digit": (
        lambda d: (f"{'CN' if d.weekday() == 6 else f'Thứ {d.weekday() + 2}'}, "
                   f"{d:%d.%m.%Y} | {d:%H:%M:%S}"),
        lambda d: d.isoformat(timespec="seconds"), "second"),
    "clock words": (lambda d: f"{d.hour}h{d.minute:02d} ngày {d.day}/{d.month}/{d.year}",
                    minute_iso, "minute"),
    "giờ phút": (lambda d: f"{d.hour} giờ {d.minute} phút, ngày {d.day} tháng {d.month} năm "
                 f"{d.year}", minute_iso, "minute"),
    "label": (lambda d: f"Cập nhật lúc: {d:%d/%m/%Y %H:%M:%S}",
              lambda d: d.isoformat(timespec="seconds"), "second"),
    "time first with bar": (lambda d: f"{d:%H:%M} | {d:%d-%m-%Y}", minute_iso, "minute"),
    "dotted": (lambda d: f"{d:%d.%m.%Y %H:%M}", minute_iso, "minute"),
    "dashed with seconds": (lambda d: f"{d:%d-%m-%Y %H:%M:%S}",
                            lambda d: d.isoformat(timespec="seconds"), "second"),
    "fraction of a second": (lambda d: f"{d:%d/%m/%Y %H:%M:%S}.250",
                             lambda d: d.isoformat(timespec="seconds"), "second"),
    "SA/CH": (lambda d: "{:%d/%m/%Y} {}:{:%M} {}".format(d, h12(d)[0], d,
                                                        "SA" if d.hour < 12 else "CH"),
              minute_iso, "minute"),
    "a.m./p.m. first": (lambda d: "{:02d}:{:%M} {} {:%d/%m/%Y}".format(
        h12(d)[0], d, "a.m." if d.hour < 12 else "p.m.", d), minute_iso, "minute"),
    "update stamp: clock, weekday, date": (
        lambda d: f"Cập nhật, {d:%H:%M}, {WEEKDAY_NAMES[d.weekday()]}, {d:%d/%m/%Y} (GMT+7)",
        minute_iso, "minute"),
    "liferay d/m/Y | h:mm AM": (lambda d: "{:%d/%m/%Y} | {}:{:%M} {}".format(d, *h12(d)[:1], d,
                                                                            h12(d)[1]),
                                minute_iso, "minute"),
}


@settings(max_examples=60, deadline=None)
@given(moment=moments, fmt=st.sampled_from(sorted(FORMATS)))
def test_portal_formats_round_trip(moment: datetime, fmt: str) -> None:
    render, expected, precision = FORMATS[fmt]
    text = render(moment)
    result = normalise_date(text, reference=REF)
    assert result.value == expected(moment), text
    assert result.precision == precision
    assert result.error is None
    assert result.weekday_consistent in (None, True)


@settings(max_examples=60, deadline=None)
@given(moment=moments, offset=st.integers(min_value=-11, max_value=13))
def test_page_rendered_in_another_zone_converts_back(moment: datetime, offset: int) -> None:
    zone = timezone(timedelta(hours=offset))
    shown = moment.astimezone(zone)
    text = f"{WEEKDAY_NAMES[shown.weekday()]} - {shown:%d/%m/%Y %H:%M}"
    result = normalise_date(text, reference=REF, tz=zone, tz_source="meta")
    assert result.value == minute_iso(moment)
    assert result.tz_source == "meta"
    assert result.weekday_consistent is True  # checked on the date as written


@settings(max_examples=80, deadline=None)
@given(moment=moments, zone=st.sampled_from(["+07", "+0700", "+07:00", "UTC", "GMT", "ICT", "CEST",
                                             "CET", "EDT", "JST", "-05", "+0530", "Z"]))
def test_nukeviet_meta_converts_back(moment: datetime, zone: str) -> None:
    """``article:published_time`` as NukeViet writes it: the zone where the ``T`` should be."""
    offsets = {"UTC": 0, "GMT": 0, "Z": 0, "ICT": 420, "CEST": 120, "CET": 60, "EDT": -240,
               "JST": 540}
    minutes = offsets.get(zone)
    if minutes is None:
        digits = zone[1:].replace(":", "")
        minutes = (int(digits[:2]) * 60 + int(digits[2:4] or 0)) * (-1 if zone[0] == "-" else 1)
    shown = moment.astimezone(timezone(timedelta(minutes=minutes)))
    result = normalise_date(f"{shown:%Y-%m-%d}{zone}{shown:%H:%M:%S}", reference=REF)
    assert (result.value, result.precision, result.tz_source) == (
        moment.isoformat(timespec="seconds"), "second", "explicit")


@settings(max_examples=80, deadline=None)
@given(first=st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
       extra=st.integers(min_value=1, max_value=4), sep=st.sampled_from([", ", ",", " , "]),
       last_join=st.sampled_from([", ", " và "]), label=st.sampled_from(["các ngày", "ngày", "Ngày"]))
def test_day_lists_are_ranges(first: date, extra: int, sep: str, last_join: str, label: str) -> None:
    last = first + timedelta(days=extra)
    assume(last.month == first.month)  # a day list names one month
    days = [str(first.day + i) for i in range(extra)]
    text = f"{label} {sep.join(days)}{last_join}{last.day}/{last.month}/{last.year}"
    result = normalise_date(text, reference=REF)
    assert (result.value, result.end) == (first.isoformat(), last.isoformat()), text


@settings(max_examples=60, deadline=None)
@given(moment=moments)
def test_rss_pubdate_round_trip(moment: datetime) -> None:
    utc = moment.astimezone(UTC)
    text = (f"{EN_DAYS[utc.weekday()]}, {utc.day:02d} {EN_MONTHS[utc.month - 1]} {utc.year} "
            f"{utc:%H:%M:%S} +0000")
    assert parse_rss_pubdate(text, buggy=False).value == moment.isoformat(timespec="seconds")
    buggy = parse_rss_pubdate(text.replace(f":{utc:%M}:", f":{utc.month:02d}:"))
    assert buggy.value == moment.replace(minute=0, second=0).isoformat(timespec="seconds")
    assert buggy.precision == "hour"


@settings(max_examples=80, deadline=None)
@given(ref_day=st.dates(min_value=date(1995, 1, 1), max_value=date(2095, 12, 31)),
       delta=st.integers(min_value=-180, max_value=180),
       cue=st.sampled_from(["Ngày", "Sáng", "Chiều", "Tối", "ngày"]),
       sep=st.sampled_from(["/", "-", ".", " - "]))
def test_year_less_dates_take_the_nearest_year(ref_day: date, delta: int, cue: str,
                                               sep: str) -> None:
    target = ref_day + timedelta(days=delta)
    reference = datetime(ref_day.year, ref_day.month, ref_day.day, 12, tzinfo=VN_TZ)
    result = normalise_date(f"{cue} {target.day}{sep}{target.month},", reference=reference)
    assert result.value == target.isoformat()
    assert result.year_inferred is True


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("0123456789/-.: ,|hgTtZ+()"))
                    | st.characters(), max_size=60)
       | st.lists(st.sampled_from(["14", "3", "2024", "/", "-", ".", ":", " ", "ngày", "tháng",
                                   "năm", "giờ", "h", "trước", "từ", "đến", "Thứ", "CN", "SA",
                                   "GMT+7", "hôm", "qua"]), max_size=12).map("".join))
def test_never_raises(text: str) -> None:
    result = normalise_date(text, reference=REF)
    assert (result.value is None) == (result.error is not None)
    assert set(result.to_dict()) == {"raw", "value", "precision", "end", "tz_source",
                                     "year_inferred", "relative", "weekday_consistent", "error"}


TAILS = ["", " ", ")", "]", ".", ",", " |", ";", ". ", "0", ".5", "-", "/", ",1", " x"]


@settings(max_examples=300, deadline=None)
@example(moment=datetime(2075, 2, 21, 1, 20, 21, tzinfo=VN_TZ), fmt="iso with offset", noise="",
         tail=".", order="dmy")
@given(moment=moments, fmt=st.sampled_from(sorted(FORMATS)), noise=st.sampled_from(
    ["", " ", "  ", "\u00a0"]), tail=st.sampled_from(TAILS), order=st.sampled_from(["dmy", "mdy"]))
def test_fast_path_agrees_with_the_grammar(moment: datetime, fmt: str, noise: str, tail: str,
                                           order: str) -> None:
    text = noise + FORMATS[fmt][0](moment) + tail
    fast = normalise_date(text, reference=REF, order=order).to_dict()
    grammar = Scanner(text, prepare(text), ref=REF, order=order, zone=VN_TZ,
                      tz_source="default", out=VN_TZ).first().to_dict()
    assert fast == grammar


PIECES = ["14", "3", "2024", "30", "/", "-", ".", ":", " ", ",", "_", "h", "g", "ngày", "tháng", "năm",
          "giờ", "trước", "từ", "đến", "và", "Thứ", "CN", "hôm", "qua", "mar", "bàn", "hai", "Cập nhật",
          "lúc", "sáng", "vừa xong", "cách đây", "٣", "x"]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=10).map("".join) | st.text(max_size=30))
def test_clock_times_start_at_a_number(text: str) -> None:
    """A clock starts at a number, not after a digit, ":", ".", "/" (neighbours rely on it)."""
    low = prepare(text)
    for m in TIME.finditer(low):
        p = m.start()
        assert low[p].isdecimal() and (p == 0 or (low[p - 1] not in ":./" and not low[p - 1].isdecimal()))


LABELS = ["Cập nhật lúc: ", "Gửi lúc:", "Posted: ", "Tác giả: Minh Anh - ", "Sự kiện", "Số ", "Thứ năm ",
          "t ", "T", "CN ", "Sáng ", "tối ", "Ngày đăng: ", "hôm qua ", "(", "| ", "Mon, ", "mã ", "8h: ",
          "09:05 ", "2 giờ ", "từ ", "tháng ", "x_", "\u00a0", "Tin tức - Sự kiện ", "năm học ", "ngày ",
          "hôm ", "tuần ", "t/", "/", "Ðăng ", "lần ", "giờ "]


@settings(max_examples=200, deadline=None)
@example(moment=datetime(2000, 1, 21, tzinfo=VN_TZ), labels=["T"], seconds=False, order="dmy", tail="")
@given(moment=moments, labels=st.lists(st.sampled_from(LABELS), min_size=1, max_size=3),
       seconds=st.booleans(), order=st.sampled_from(["dmy", "mdy"]),
       tail=st.sampled_from(["", " ", ")", "]", ".", ",", " |", ";", ") ", "9", ",1", " x"]))
@example(moment=datetime(2024, 3, 14, 9, 5, tzinfo=VN_TZ), labels=["("], seconds=False, order="dmy",
         tail=")")
@example(moment=datetime(2024, 3, 14, 9, 5, tzinfo=VN_TZ), labels=[""], seconds=False, order="dmy",
         tail="9")
def test_labelled_fast_path_agrees_with_the_grammar(moment: datetime, labels: list[str], seconds: bool,
                                                    order: str, tail: str) -> None:
    text = "".join(labels) + moment.strftime("%d/%m/%Y %H:%M" + (":%S" if seconds else "")) + tail
    fast = normalise_date(text, reference=REF, order=order).to_dict()
    grammar = Scanner(text, prepare(text), ref=REF, order=order, zone=VN_TZ,
                      tz_source="default", out=VN_TZ).first().to_dict()
    assert fast == grammar


def test_fast_path_defers_odd_stamps_to_the_grammar() -> None:
    """Glued digits and impossible years are read as the grammar reads them (no invented date)."""
    for text in ("09:05,14/03/2024", "14/03/202409:05", "6:1630.10.2100", "27/12/9519", "27/12/2200",
                 "14/03/2024-09:05", "Thứ năm - 24/08/202323:30", "(14/03/2024)", "14/03/2024 09:05 |"):
        fast = normalise_date(text, reference=REF).to_dict()
        grammar = Scanner(text, prepare(text), ref=REF, order="dmy", zone=VN_TZ,
                          tz_source="default", out=VN_TZ).first().to_dict()
        assert fast == grammar, text
    assert normalise_date("27/12/9519", reference=REF).value is None
    assert normalise_date("(14/03/2024)", reference=REF).value == "2024-03-14"


def test_offset_at_the_end_of_a_sentence() -> None:
    """A full stop after an ISO offset ends the sentence; it does not undo the offset."""
    for text in ("2023-08-24T07:03:00+00:00.", "Cập nhật: 2023-08-24T07:03:00+00:00.",
                 "(2023-08-24T07:03:00+0000)."):
        result = normalise_date(text, reference=REF)
        assert (result.value, result.tz_source) == ("2023-08-24T14:03:00+07:00", "explicit"), text
    assert normalise_date("2023-08-24T07:03:00+00.5", reference=REF).tz_source == "default"
