"""The portal's province read from its home page (site name, title, logo, header, footer).

Snippets are written to look like real portal headers; expected provinces come from reading them
and from the 2025 merger resolutions (Bắc Kạn -> Thái Nguyên, Hà Giang -> Tuyên Quang, Yên Bái ->
Lào Cai), not from the code under test.
"""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.rolenorm.site_province import (
    PortalProvince,
    note_site_province,
    provinces_named_in,
    read_site_province,
    registered_province,
)
from tests.golden.realpages import REALPAGES, need_real


def page(head: str = "", body: str = "") -> str:
    return f'<html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


def test_og_site_name_of_a_provincial_party_portal() -> None:
    found = read_site_province(page(
        '<title>Trang chủ - Cổng thông tin điện tử Đảng bộ tỉnh Thái Nguyên</title>'
        '<meta property="og:site_name" content="Cổng thông tin điện tử Đảng bộ tỉnh Thái Nguyên">'))
    assert found == PortalProvince(
        named="Thái Nguyên", province="Thái Nguyên", source="page",
        evidence="og:site_name: Đảng bộ tỉnh Thái Nguyên")


def test_a_merged_province_keeps_its_name_and_gets_its_successor() -> None:
    found = read_site_province(page("<title>Cổng thông tin điện tử tỉnh Bắc Kạn</title>"))
    assert found is not None
    assert (found.named, found.province, found.evidence) == (
        "Bắc Kạn", "Thái Nguyên", "title: Cổng thông tin điện tử tỉnh Bắc Kạn")


def test_logo_alt_in_the_header_upper_case() -> None:
    found = read_site_province(page(
        "<title>Trang chủ</title>",
        '<div id="header"><div class="logo"><a href="/"><img src="/logo.png" '
        'alt="ỦY BAN NHÂN DÂN TỈNH HÀ GIANG"></a></div></div>'))
    assert found is not None and (found.named, found.province) == ("Hà Giang", "Tuyên Quang")
    assert found.evidence.startswith("logo: ")


@pytest.mark.parametrize(("name", "named"), [
    ("Cổng thông tin điện tử thành phố Hà Nội", "Hà Nội"),
    ("Cổng TTĐT UBND TP. Hồ Chí Minh", "Hồ Chí Minh"),
    ("Báo điện tử Đảng bộ Thành phố Hải Phòng", "Hải Phòng"),
    ("Tỉnh ủy Lạng Sơn", "Lạng Sơn"),
    ("Thành ủy TP.HCM", "Hồ Chí Minh"),
    ("Ủy ban nhân dân tỉnh Hoà Bình", "Hòa Bình"),
    ("UBND tỉnh Thừa Thiên Huế", "Huế"),
    ("Cổng thông tin điện tử Sở Tư pháp tỉnh Cao Bằng", "Cao Bằng"),
    ("Huyện ủy Phú Bình - Tỉnh Thái Nguyên", "Thái Nguyên"),
    ("Đảng ủy xã Tân Long, huyện Đồng Hỷ, tỉnh Thái Nguyên", "Thái Nguyên"),
    ("Cổng thông tin điện tử huyện Định Hóa", "Thái Nguyên"),  # one district of that name
    ("Báo Bắc Kạn điện tử", "Bắc Kạn"),
    ("BÁO HÀ GIANG", "Hà Giang"),
    ("Đài Phát thanh và Truyền hình tỉnh Yên Bái", "Yên Bái"),
    ("Tỉnh đoàn Thái Nguyên", "Thái Nguyên"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
])
def test_site_names(name: str, named: str) -> None:
    assert {n for n, _ in provinces_named_in(name)} == {named}


def test_a_district_level_city_is_not_the_province_of_the_same_name() -> None:
    # thành phố Thái Nguyên was a city inside Thái Nguyên province; thành phố Hà Giang inside
    # Hà Giang: the city's portal belongs to the province it lies in, before and after 2025.
    [(named, _)] = provinces_named_in("UBND thành phố Hà Giang")
    assert named == "Hà Giang"
    found = read_site_province(page("<title>Cổng thông tin điện tử thành phố Hà Giang</title>"))
    assert found is not None and found.province == "Tuyên Quang"


@pytest.mark.parametrize("text", [
    "Thái Nguyên",  # no organ or portal prefix
    "Địa chỉ: số 1 đường Quang Trung, Thái Nguyên",
    "Trụ sở: 16 Lê Hồng Phong - Ba Đình - Hà Nội",
    "Cơ sở dữ liệu tỉnh Cao Bằng",
    "CỔNG THÔNG TIN ĐIỆN TỬ SỞ THÔNG TIN VÀ TRUYỀN THÔNG THÀNH PHỐ X",
    "UBND huyện Châu Thành",  # a district name of several provinces, none named
    "Văn phòng Chính phủ",
    "Báo Nhân Dân", "Báo Lao Động",  # national newspapers
    "Báo điện tử Đảng Cộng sản Việt Nam",
])
def test_nothing_without_an_organ_and_a_known_unit(text: str) -> None:
    assert provinces_named_in(text) == []


def test_a_headline_naming_two_provinces_gives_nothing() -> None:
    html = page("<title>Trang chủ</title>",
                '<div class="header"><p>Tỉnh ủy Bắc Kạn làm việc với Tỉnh ủy Cao Bằng</p></div>')
    assert read_site_province(html) is None


def test_a_later_source_settles_an_ambiguous_one() -> None:
    html = page("<title>Trang chủ</title>",
                '<div class="header"><p>Tỉnh ủy Bắc Kạn làm việc với Tỉnh ủy Cao Bằng</p></div>'
                '<div id="footer">Cơ quan chủ quản: UBND tỉnh Cao Bằng</div>')
    found = read_site_province(html)
    assert found is not None and found.named == "Cao Bằng" and found.evidence.startswith("footer")


def test_the_site_name_wins_over_a_header_headline() -> None:
    html = page('<meta property="og:site_name" content="Cổng thông tin điện tử tỉnh Tuyên Quang">',
                '<header><p>UBND tỉnh Hà Giang (cũ) bàn giao hồ sơ</p></header>')
    found = read_site_province(html)
    assert found is not None and (found.named, found.province) == ("Tuyên Quang", "Tuyên Quang")


def test_tickers_menus_and_link_lists_are_not_the_site_name() -> None:
    html = page("<title>Trang chủ</title>",
                '<div id="header"><h2>ĐẢNG BỘ TỈNH LẠNG SƠN</h2>'
                "<marquee>UBND tỉnh Cao Bằng tiếp đoàn công tác</marquee>"
                '<nav><a href="http://backan.gov.vn/">Cổng TTĐT tỉnh Bắc Kạn</a></nav></div>'
                '<div class="footer">Bản quyền thuộc Cổng TTĐT tỉnh Lạng Sơn'
                "<select><option>Cổng TTĐT tỉnh Yên Bái</option>"
                "<option>Cổng TTĐT tỉnh Hà Giang</option></select></div>")
    found = read_site_province(html)
    assert found is not None and found.named == "Lạng Sơn" and found.evidence.startswith("header")


def test_a_district_portal_naming_a_merged_province_in_its_footer() -> None:
    html = page("<title>Cổng thông tin điện tử huyện Lục Yên</title>",
                '<div class="footer">Cơ quan chủ quản: UBND huyện Lục Yên, tỉnh Yên Bái</div>')
    found = read_site_province(html)
    assert found is not None and (found.named, found.province) == ("Yên Bái", "Lào Cai")


def test_no_page_no_province() -> None:
    assert read_site_province("") is None
    assert read_site_province(page("<title>Trang chủ</title>", "<p>Xin chào</p>")) is None


def test_the_default_locality_is_the_unit_valid_at_the_article_date() -> None:
    backan = PortalProvince(named="Bắc Kạn", province="Thái Nguyên", source="page")
    assert backan.at("2024-05-01T08:00:00+07:00") == "Bắc Kạn"
    assert backan.at("2025-06-30") == "Bắc Kạn"
    assert backan.at("2025-07-01T00:00:00+07:00") == "Thái Nguyên"
    assert backan.at(date(2026, 2, 1)) == "Thái Nguyên"
    assert backan.at(None) == "Bắc Kạn"
    thai_nguyen = PortalProvince(named="Thái Nguyên", province="Thái Nguyên", source="page")
    assert {thai_nguyen.at(d) for d in ("2023-01-01", "2026-01-01", None)} == {"Thái Nguyên"}


def test_registered_province_from_settings() -> None:
    assert registered_province({}) is None
    reg = registered_province({"ROLES_PROVINCE": "Thái Nguyên", "PORTAL_NAME": "Cổng X",
                               "ROLES_PROVINCE_BEFORE_2025": "Bắc Kạn"})
    assert reg is not None and (reg.named, reg.province, reg.source) == (
        "Bắc Kạn", "Thái Nguyên", "registry")
    manual = registered_province({"ROLES_PROVINCE": "Thái Nguyên"})
    assert manual is not None and manual.source == "setting" and manual.named == "Thái Nguyên"


def _real(name: str) -> str:
    return need_real(REALPAGES / name).read_text(encoding="utf-8", errors="replace")


def test_real_liferay_department_portal_of_hanoi() -> None:
    # sotttt.hanoi.gov.vn: the footer reads "CỔNG THÔNG TIN ĐIỆN TỬ SỞ THÔNG TIN VÀ TRUYỀN THÔNG
    # THÀNH PHỐ HÀ NỘI" on article pages, but "... THÀNH PHỐ X" on the saved home page.
    found = read_site_province(_real("liferay/sotttt.hanoi.gov.vn_05.html"))
    assert found is not None and (found.named, found.province) == ("Hà Nội", "Hà Nội")
    assert found.evidence.startswith("footer: ")
    assert read_site_province(_real("liferay/sotttt.hanoi.gov.vn_01.html")) is None


@pytest.mark.parametrize("name", ["vccorp-cms/vpcp.chinhphu.vn_01.html",
                                  "sharepoint/vbpl.vn_01.html", "oracle-adf/anle.toaan.gov.vn_01.html"])
def test_real_national_portals_name_no_province(name: str) -> None:
    # The Government Office, the legal documents database and the court precedents site are
    # national: a headline about Thái Bình or an address in Hà Nội is not their province.
    assert read_site_province(_real(name)) is None


def test_a_bare_setting_of_a_merged_province_gets_its_successor() -> None:
    setting = registered_province({"ROLES_PROVINCE": "Bắc Kạn"})
    assert setting is not None
    assert (setting.named, setting.province, setting.source) == ("Bắc Kạn", "Thái Nguyên", "setting")
    assert setting.evidence == "setting: Bắc Kạn (since 1 July 2025: Thái Nguyên)"


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def set_value(self, key: str, value: object) -> None:
        self.values[key] = value


class _Crawler:
    def __init__(self, settings: dict[str, str]) -> None:
        self.settings, self.stats, self.spider = settings, _Stats(), None


class _Spider:
    def __init__(self, crawler: _Crawler) -> None:
        self.crawler = crawler
        crawler.spider = self


class _Response:
    url = "http://127.0.0.1/"

    def __init__(self, text: str) -> None:
        self.text = text


def test_home_page_hook_for_a_portal_crawled_by_url() -> None:
    spider = _Spider(_Crawler({}))
    found = note_site_province(spider, _Response(page("<title>UBND tỉnh Bắc Kạn</title>")))
    assert found is not None and spider.site_province is found
    assert spider.crawler.stats.values == {"portalnews/site_province": "Bắc Kạn"}
    unknown = _Spider(_Crawler({}))
    assert note_site_province(unknown, _Response(page("<title>Trang chủ</title>"))) is None
    assert unknown.site_province is None
    assert unknown.crawler.stats.values == {"portalnews/site_province": "unknown"}


def test_home_page_hook_leaves_a_registered_portal_alone() -> None:
    spider = _Spider(_Crawler({"ROLES_PROVINCE": "Lạng Sơn", "PORTAL_NAME": "X"}))
    assert note_site_province(spider, _Response(page("<title>UBND tỉnh Bắc Kạn</title>"))) is None
    assert not hasattr(spider, "site_province")
    assert spider.crawler.stats.values == {"portalnews/province_mismatch": (
        "registry says Lạng Sơn, the page names Bắc Kạn (title: UBND tỉnh Bắc Kạn)")}
    agreeing = _Spider(_Crawler({"ROLES_PROVINCE": "Thái Nguyên", "PORTAL_NAME": "X",
                                 "ROLES_PROVINCE_BEFORE_2025": "Bắc Kạn"}))
    assert note_site_province(agreeing, _Response(page("<title>UBND tỉnh Bắc Kạn</title>"))) is None
    assert agreeing.crawler.stats.values == {}
