"""Event dates in body prose: cues, look-alikes, ranges, spans and sentences."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pipelines.datenorm import find_event_dates
from pipelines.datenorm.events import sentences
from pipelines.timezones import VN_TZ

PUBLISHED = datetime(2023, 12, 27, 5, 16, tzinfo=VN_TZ)
# the seed article of the reference folder (outside the repository, like ../shared/realpages)
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "seed-article-thainguyen.txt"
SEED_FIRST = (
    "Ngày 27/12, Ban Chỉ đạo 35 huyện Định Hóa tổ chức Hội nghị tổng kết công tác bảo vệ nền "
    "tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch năm 2023 và "
    "triển khai phương hướng, nhiệm vụ năm 2024."
)


def values(text: str, **kwargs: object) -> list[tuple[str, str | None, str | None]]:
    return [(e.result.raw, e.result.value, e.result.end)
            for e in find_event_dates(text, reference=PUBLISHED, **kwargs)]  # type: ignore[arg-type]


def test_seed_article_dateline() -> None:
    events = find_event_dates(SEED_FIRST + " Đồng chí chủ trì.", reference=PUBLISHED)
    assert [e.to_dict() for e in events] == [{
        "raw": "Ngày 27/12", "value": "2023-12-27", "precision": "day", "end": None,
        "tz_source": "none", "year_inferred": True, "relative": False,
        "weekday_consistent": None, "error": None, "sentence": SEED_FIRST, "span": [0, 10],
    }]


def test_seed_article_body_has_one_event_date() -> None:
    if not SEED.exists():
        pytest.skip(f"the seed article is not available at {SEED} (a fresh clone has no ../shared)")
    body = SEED.read_text(encoding="utf-8").split("\n", 2)[2]
    assert [e.result.value for e in find_event_dates(body, reference=PUBLISHED)] == ["2023-12-27"]


def test_cue_words_make_year_less_dates() -> None:
    text = ("Sáng 12-6, đoàn công tác làm việc. Chiều 18.7, hội nghị tổng kết. "
            "Ngày 19 - 12, UBND tỉnh họp. Tối 30/12 có bắn pháo hoa.")
    assert values(text) == [("Sáng 12-6", "2024-06-12", None), ("Chiều 18.7", "2023-07-18", None),
                            ("Ngày 19 - 12", "2023-12-19", None), ("Tối 30/12", "2023-12-30", None)]


def test_year_less_next_january() -> None:
    assert values("Dự kiến ngày 5/1 tới sẽ khai mạc.") == [("ngày 5/1", "2024-01-05", None)]


def test_sentence_start_without_cue() -> None:
    assert values("Hội nghị kết thúc.\n\n14/12, tỉnh tổ chức lễ.") == [
        ("14/12", "2023-12-14", None)]


def test_look_alikes_give_nothing() -> None:
    text = ("Có 3/4 xã đạt chuẩn, 461/465 đại biểu tán thành, hoàn thành 18/18 chỉ tiêu theo "
            "Quyết định số 12/2023/QĐ-UBND và Nghị quyết 57-NQ/TW; tỷ lệ 2/3 và 1/2 số hộ. "
            "Trang 1/12. Kết quả 5.000 người, đội thắng 2-1.")
    assert values(text) == []


def test_decree_number_then_real_date() -> None:
    text = "Thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương."
    assert values(text) == [("ngày 25/10/2017", "2017-10-25", None)]


def test_ranges_and_clock_times() -> None:
    text = ("Hội nghị diễn ra từ ngày 25 đến 27/12. Lúc 20 giờ ngày 31/12/2023, pháo hoa. "
            "Từ 8h đến 10h30 ngày 28/12, họp. Trong 2 ngày 11 và 12/1, tập huấn.")
    assert values(text) == [
        ("từ ngày 25 đến 27/12", "2023-12-25", "2023-12-27"),
        ("20 giờ ngày 31/12/2023", "2023-12-31T20:00:00+07:00", None),
        ("Từ 8h đến 10h30 ngày 28/12", "2023-12-28T08:00:00+07:00", "2023-12-28T10:30:00+07:00"),
        ("ngày 11 và 12/1", "2024-01-11", "2024-01-12"),
    ]


def test_coarse_months_kept_years_optional() -> None:
    text = "Trong tháng 12/2023, tỉnh đạt kết quả tốt; năm 2024 tiếp tục; nhiệm kỳ 2025-2030."
    assert values(text) == [("tháng 12/2023", "2023-12", None)]
    assert values(text, include_years=True) == [
        ("tháng 12/2023", "2023-12", None), ("năm 2024", "2024", None),
        ("2025-2030", "2025", "2030")]


def test_relative_words_resolve_against_publish_date() -> None:
    assert values("Chiều hôm qua, đoàn đến thăm. Sáng nay khai mạc.") == [
        ("Chiều hôm qua", "2023-12-26", None), ("Sáng nay", "2023-12-27", None)]


def test_spans_point_into_the_text() -> None:
    text = "Mở đầu.\n\nSáng 14/12, khai mạc. Chiều ngày 15/12/2023, bế mạc."
    for event in find_event_dates(text, reference=PUBLISHED):
        start, end = event.span
        assert text[start:end] == event.result.raw
        assert event.result.raw in event.sentence


def test_weekday_in_prose() -> None:
    events = find_event_dates("Thứ tư, ngày 27/12/2023, hội nghị họp.", reference=PUBLISHED)
    assert events[0].result.weekday_consistent is True
    assert events[0].result.raw == "Thứ tư, ngày 27/12/2023"


def test_empty_and_bad_inputs() -> None:
    assert find_event_dates("", reference=PUBLISHED) == []
    assert find_event_dates("Không có ngày nào.", reference=PUBLISHED) == []
    assert find_event_dates("Ngày 14/3.", reference=PUBLISHED, order="xyz") == []


def test_sentence_split_keeps_abbreviations() -> None:
    text = "TP. Thái Nguyên họp. PGS.TS Nguyễn Văn A phát biểu! Xong"
    assert [text[a:b] for a, b in sentences(text)] == [
        "TP. Thái Nguyên họp.", "PGS.TS Nguyễn Văn A phát biểu!", "Xong"]


def test_issue11_families_in_prose() -> None:
    text = ("Hội nghị diễn ra trong các ngày 5, 6, 7/3/2021 tại Hà Nội. Từ 14h00 ngày 25/12 đến "
            "17h00 ngày 27/12/2023, đoàn làm việc tại huyện. Ngày 5/3 năm sau sẽ tổng kết. "
            "Năm sau, tỉnh phấn đấu hoàn thành.")
    events = find_event_dates(text, reference=PUBLISHED)
    assert [(e.result.raw, e.result.value, e.result.end, e.result.relative) for e in events] == [
        ("ngày 5, 6, 7/3/2021", "2021-03-05", "2021-03-07", False),
        ("Từ 14h00 ngày 25/12 đến 17h00 ngày 27/12/2023", "2023-12-25T14:00:00+07:00",
         "2023-12-27T17:00:00+07:00", False),
        ("Ngày 5/3 năm sau", "2024-03-05", None, True),  # the publish date's next year
    ]  # a bare "Năm sau" is a year: skipped unless include_years
    assert [e.result.value for e in find_event_dates(text, reference=PUBLISHED, include_years=True)
            ][-1] == "2024"


def test_day_list_needs_ngay() -> None:
    assert values("Đạt 5, 6/7 chỉ tiêu đề ra.") == []
