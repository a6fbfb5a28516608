"""The crawl stage ``pipelines.dates.DatesPipeline``."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy.settings import Settings

from crawler.items import ArticleItem, PageFailure
from pipelines.dates import DatesPipeline

BODY = ("Ngày 27/12, Ban Chỉ đạo 35 huyện Định Hóa tổ chức Hội nghị tổng kết năm 2023.\n\n"
        "Dự kiến ngày 5/1 tới sẽ triển khai; 3/4 xã đã đạt chuẩn.")


def make_pipeline(**settings: Any) -> DatesPipeline:
    crawler = SimpleNamespace(settings=Settings(settings))
    return DatesPipeline.from_crawler(crawler)


def article(**fields: Any) -> ArticleItem:
    base: dict[str, Any] = {
        "portal": "thainguyen-dcs", "url": "https://thainguyen.dcs.vn/x-1.html",
        "source_id": "1", "published_raw": "Thứ tư - 27/12/2023 05:16",
        "fetched_at": "2024-03-15T10:00:00+07:00", "body_text": BODY,
    }
    base.update(fields)
    return ArticleItem(**base)


def test_publish_update_and_events() -> None:
    item = article(updated_raw="Cập nhật lúc: 27/12/2023 08:30:12",
                   time_meta="2023-12-27+0705:16:00")
    out = make_pipeline().process_item(item)
    assert out is item
    assert item.published == {
        "raw": "Thứ tư - 27/12/2023 05:16", "value": "2023-12-27T05:16:00+07:00",
        "precision": "minute", "end": None, "tz_source": "meta", "year_inferred": False,
        "relative": False, "weekday_consistent": True, "error": None,
    }
    assert item.updated is not None
    assert item.updated["value"] == "2023-12-27T08:30:12+07:00"
    # events: year-less dates take the year nearest the publish date, not the fetch time
    assert [(e["raw"], e["value"], e["sentence"][:9]) for e in item.event_dates] == [
        ("Ngày 27/12", "2023-12-27", "Ngày 27/1"), ("ngày 5/1", "2024-01-05", "Dự kiến n")]
    assert all("span" in e for e in item.event_dates)


def test_page_rendered_in_utc_is_converted() -> None:
    item = article(published_raw="Thứ năm - 24/08/2023 07:03", time_meta="2023-08-24UTC07:03:00")
    make_pipeline().process_item(item)
    assert item.published is not None
    assert item.published["value"] == "2023-08-24T14:03:00+07:00"
    assert item.published["tz_source"] == "meta"


def test_unknown_meta_falls_back_to_settings_zone() -> None:
    item = article(published_raw="24/08/2023 14:03", time_meta="2023-08-24XYZ14:03:00")
    make_pipeline().process_item(item)
    assert item.published is not None
    assert (item.published["value"], item.published["tz_source"]) == (
        "2023-08-24T14:03:00+07:00", "default")


def test_configured_zone_and_order() -> None:
    item = article(published_raw="08/24/2023 9:03 AM", time_meta=None, body_text=None)
    make_pipeline(DATES_ORDER="mdy", DATES_TIMEZONE="Europe/Paris").process_item(item)
    assert item.published is not None
    assert (item.published["value"], item.published["tz_source"]) == (
        "2023-08-24T14:03:00+07:00", "portal")
    assert item.event_dates == []


def test_iso_microdata_when_nothing_visible() -> None:
    item = article(published_raw="2023-12-27T05:16:00+07:00", time_meta="2023-12-27T05:16:00+07:00")
    make_pipeline().process_item(item)
    assert item.published is not None
    assert (item.published["value"], item.published["tz_source"]) == (
        "2023-12-27T05:16:00+07:00", "explicit")


def test_relative_publish_line_uses_fetch_time() -> None:
    item = article(published_raw="2 giờ trước", body_text="Sáng nay khai mạc.")
    make_pipeline().process_item(item)
    assert item.published is not None
    assert item.published["value"] == "2024-03-15T08:00:00+07:00"
    assert item.published["relative"] is True
    assert [e["value"] for e in item.event_dates] == ["2024-03-15"]


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty_raw_gives_none(raw: str | None) -> None:
    item = article(published_raw=raw, updated_raw=raw)
    make_pipeline().process_item(item)
    assert item.published is None and item.updated is None
    # no publish date: events resolve against the fetch time
    assert [e["value"] for e in item.event_dates] == ["2023-12-27", "2024-01-05"]


def test_bad_dates_never_raise_nor_drop() -> None:
    item = article(published_raw="Lượt xem: 512", updated_raw="31/02/2024",
                   fetched_at="not a date", time_meta="garbage", body_text="\x00\ufffd 12/99")
    assert make_pipeline().process_item(item) is item
    assert item.published is not None and item.published["error"] == "no date found"
    assert item.updated is not None and item.updated["error"] == "invalid date"
    assert item.event_dates == []


def test_events_can_be_disabled() -> None:
    item = article()
    make_pipeline(DATES_EVENTS_ENABLED=False).process_item(item)
    assert item.published is not None
    assert item.event_dates == []


def test_other_items_pass_untouched() -> None:
    failure = PageFailure(portal="p", url="u", reason="timeout")
    before = dataclasses.asdict(failure)
    assert make_pipeline().process_item(failure) is failure
    assert dataclasses.asdict(failure) == before
    assert make_pipeline().process_item({"published_raw": "14/03/2024"}) == {
        "published_raw": "14/03/2024"}


def test_unknown_zone_stops_the_stage() -> None:
    with pytest.raises(ValueError, match="DATES_TIMEZONE 'Mars/Olympus' is not an IANA time zone"):
        make_pipeline(DATES_TIMEZONE="Mars/Olympus")


def test_unknown_order_stops_the_stage() -> None:
    with pytest.raises(ValueError, match="DATES_ORDER 'ymd'"):
        make_pipeline(DATES_ORDER="ymd")


def test_nukeviet_page_with_only_the_malformed_meta() -> None:
    """No visible publish line nor microdata: the adapter passes the meta, read with its zone."""
    from crawler.platforms.nukeviet import parse_article

    html = ('<html><head><meta property="article:published_time" content="2023-08-24UTC07:03:00">'
            '</head><body><div class="news_column"><h1>Tin</h1><div id="news-bodyhtml" '
            'class="bodytext"><p>Nội dung bài viết.</p></div></div></body></html>')
    fields = parse_article(html, "https://x.gov.vn/news/tin-1.html")
    assert fields.published_raw == "2023-08-24UTC07:03:00"
    item = article(published_raw=fields.published_raw, time_meta=fields.time_meta)
    make_pipeline().process_item(item)
    assert item.published is not None
    assert (item.published["value"], item.published["precision"], item.published["tz_source"]) == (
        "2023-08-24T14:03:00+07:00", "second", "explicit")
