"""Date orders: one list (``datenorm.ORDERS``) from the registry to the normaliser, and each order
read as it says. Expected values are written by reading the strings."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from types import SimpleNamespace

import pytest
from scrapy.settings import Settings

from crawler.cli import normalise_date as date_cli
from crawler.items import ArticleItem
from crawler.registry import RegistryError, load_registry
from crawler.targets import portal_target
from pipelines.datenorm import ORDERS, find_event_dates, normalise_date
from pipelines.dates import DatesPipeline
from pipelines.timezones import VN_TZ

REF = datetime(2024, 3, 15, 10, 0, tzinfo=VN_TZ)
ENTRY = """[[portal]]
id = "x-gov"
name = "X"
province = "Thái Nguyên"
kind = "government"
urls = ["http://x.gov.vn/"]
"""

# (text, order, expected value): day first, then month first; year-first and word dates alike.
CASES = [
    ("03/08/2024", "dmy", "2024-08-03"),
    ("03/08/2024", "mdy", "2024-03-08"),
    ("14/03/2024 09:05", "dmy", "2024-03-14T09:05:00+07:00"),
    ("11/19/2019 3:00 PM", "mdy", "2019-11-19T15:00:00+07:00"),
    ("Thứ hai - 04/03/2024 08:00", "dmy", "2024-03-04T08:00:00+07:00"),
    ("Ngày đăng: 3.8.2024", "mdy", "2024-03-08"),
    ("2024-03-14", "dmy", "2024-03-14"),
    ("2024-03-14", "mdy", "2024-03-14"),
    ("2024/03/14 09:05", "mdy", "2024-03-14T09:05:00+07:00"),
    ("ngày 14 tháng 3 năm 2024", "dmy", "2024-03-14"),
    ("ngày 14 tháng 3 năm 2024", "mdy", "2024-03-14"),
]


def test_the_orders_are_the_normalisers_and_the_registrys():
    assert ORDERS == ("dmy", "mdy")
    assert date_cli.ORDERS is ORDERS


@pytest.mark.parametrize(("text", "order", "value"), CASES)
def test_each_order_reads_numeric_dates_its_way(text, order, value):
    result = normalise_date(text, reference=REF, order=order)
    assert (result.value, result.error) == (value, None)


@pytest.mark.parametrize(("text", "order"), [("14/03/2024", "mdy"), ("03/14/2024", "dmy")])
def test_a_day_in_the_month_place_is_no_date(text, order):
    result = normalise_date(text, reference=REF, order=order)
    assert (result.value, result.error) == (None, "invalid date")


def test_year_less_pairs_follow_the_order():
    dmy = normalise_date("3/8", reference=REF, order="dmy")
    mdy = normalise_date("3/8", reference=REF, order="mdy")
    assert (dmy.value, dmy.year_inferred) == ("2024-08-03", True)
    assert (mdy.value, mdy.year_inferred) == ("2024-03-08", True)


def test_event_dates_follow_the_order():
    body = "Ngày 3/8/2024, tỉnh tổ chức hội nghị tổng kết."
    for order, value in (("dmy", "2024-08-03"), ("mdy", "2024-03-08")):
        events = find_event_dates(body, reference=REF, order=order)
        assert [e.to_dict()["value"] for e in events] == [value], order


def test_an_unknown_order_is_an_error_not_a_guess():
    result = normalise_date("03/08/2024", reference=REF, order="ymd")
    assert (result.value, result.error) == (None, "unknown order 'ymd' (use dmy or mdy)")


@pytest.mark.parametrize("order", ["ymd", "ydm", "DMY", ""])
def test_registry_refuses_an_order_the_normaliser_cannot_read(tmp_path, order):
    path = tmp_path / "portals.toml"
    path.write_text(ENTRY + f'order = "{order}"\n', encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: portal[0] (id 'x-gov'): field 'order' must be one of "
                              f"dmy, mdy (got {order!r}; ")


def test_portals_list_stops_on_a_bad_order_with_one_line(tmp_path):
    path = tmp_path / "portals.toml"
    path.write_text(ENTRY + 'order = "ymd"\n', encoding="utf-8")
    for args in (("portals", "list"), ("crawl", "x-gov", "--db", str(tmp_path / "x.db"))):
        result = subprocess.run([sys.executable, "-m", "crawler.cli", *args, "--registry", str(path)],
                                capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "field 'order' must be one of dmy, mdy (got 'ymd'" in lines[0]
        assert not (tmp_path / "x.db").exists()


def stage_for(tmp_path, order_line: str) -> DatesPipeline:
    """The dates stage as a crawl of the registered portal builds it (registry -> target)."""
    path = tmp_path / "portals.toml"
    path.write_text(ENTRY + order_line, encoding="utf-8")
    target = portal_target(load_registry(path).get("x-gov"))
    return DatesPipeline.from_crawler(SimpleNamespace(settings=Settings(target.settings)))


@pytest.mark.parametrize(("order_line", "published", "event"), [
    ("", "2024-08-03T10:00:00+07:00", "2024-08-05"),
    ('order = "dmy"\n', "2024-08-03T10:00:00+07:00", "2024-08-05"),
    ('order = "mdy"\n', "2024-03-08T10:00:00+07:00", "2024-05-08"),
])
def test_a_registered_order_reaches_the_dates_stage(tmp_path, order_line, published, event):
    item = ArticleItem(portal="x-gov", url="http://x.gov.vn/tin-1", source_id="1",
                       published_raw="03/08/2024 10:00", fetched_at="2024-09-01T10:00:00+07:00",
                       body_text="Hội nghị sẽ họp vào ngày 5/8/2024.")
    stage_for(tmp_path, order_line).process_item(item)
    assert item.published is not None and item.published["value"] == published
    assert [e["value"] for e in item.event_dates] == [event]


def test_the_dates_stage_refuses_an_unknown_order():
    with pytest.raises(ValueError, match="DATES_ORDER 'ymd' is not a date order: use dmy or mdy"):
        DatesPipeline.from_crawler(SimpleNamespace(settings=Settings({"DATES_ORDER": "ymd"})))


def test_crawl_with_an_unknown_dates_order_setting_is_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "--url",
                             "http://127.0.0.1:9/", "--db", str(tmp_path / "x.db"),
                             "-s", "DATES_ORDER=ymd"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "portalnews: error: crawl of http://127.0.0.1:9/ failed: DATES_ORDER 'ymd' is not a date "
        "order: use dmy or mdy"]
