"""Liferay adapter and spider on the real-like fixture (no network): identities, pages, stamps."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request

from crawler.platforms import liferay
from crawler.spiders.liferay import LiferaySpider
from fixtures.portal.corpus import load_corpus
from fixtures.sites import FixtureSite
from fixtures.sites.liferay import SECTIONS, SELECTORS, LiferayApp, asset_id, detail_path
from pipelines.datenorm import normalise_date

HOST = "portal.example.vn"


@pytest.fixture(scope="module")
def site():
    return FixtureSite("liferay")


@pytest.fixture(scope="module")
def app():
    return LiferayApp(load_corpus())


def get(site, path: str) -> HtmlResponse:
    answer = site.handle("GET", path, HOST)
    assert answer.status == 200, path
    return HtmlResponse(f"http://{HOST}{path}", body=answer.body, encoding="utf-8",
                        request=Request(f"http://{HOST}{path}"))


def spider() -> LiferaySpider:
    return LiferaySpider(url=f"http://{HOST}/")


@pytest.mark.parametrize(("text", "stamp", "precision"), [
    ("Ngày đăng 22/08/2020 | 8:06 AM  |  View count: 423", "22/08/2020 | 8:06 AM", "minute"),
    ("Publish date 03/10/2019 | 2:09 PM", "03/10/2019 | 2:09 PM", "minute"),
    ("05/08/2016 | 4:18 PM", "05/08/2016 | 4:18 PM", "minute"),
    ("Ngày đăng 24/08/2022 | 04:30 PM | View count: 8", "24/08/2022 | 04:30 PM", "minute"),
    ("28/05/2015 | 12:00 AM", "28/05/2015", "day"),
    ("21/07/2023 | 12:00 PM", "21/07/2023 | 12:00 PM", "minute"),
    ("View count: 12", None, None),
])
def test_publish_stamp(text, stamp, precision):
    assert liferay.publish_stamp(text) == stamp
    if stamp:
        assert normalise_date(stamp).precision == precision


def test_article_under_two_sections_is_one_identity(site, app):
    shared = app.sections["hoat-ong-ang-oan-the"][0]
    assert shared in app.sections["vi/tin-tuc-su-kien"]
    ids, labels = set(), set()
    for section in SECTIONS:
        response = get(site, detail_path(shared, section))
        link = spider().article_link(response.url)
        _, source_id, fields = spider().extract(response)
        ids |= {link.identity, link.source_id, source_id}
        labels.add(fields.category)
        assert fields.published_raw and not fields.published_raw.startswith(("Ngày", "Publish"))
    assert ids == {f"liferay:{asset_id(shared)}"}
    assert labels == set(SECTIONS.values())


def test_listing_pages_continue_and_ignore_the_session_token(site):
    response = get(site, "/vi/tin-tuc-su-kien")
    articles, listings = spider().classify(response)
    assert len(articles) == 10 and all(a.identity.startswith("liferay:") for a in articles)
    pages = [link for link in listings if "_101_cur=" in link.url]
    assert pages and all(link.continuation for link in pages)
    assert all("p_p_auth" not in link.url and "p_p_auth" not in link.identity for link in listings)
    assert not any("update_language" in link.url or "/c/portal/" in link.url for link in listings)
    sections = {link.identity for link in listings if not link.continuation}
    assert {"/vi/tin-tuc-su-kien", "/hoat-ong-ang-oan-the"} <= sections


@pytest.mark.parametrize("selectors", [SELECTORS, None], ids=["theme-selectors", "liferay-only"])
def test_migrated_item_has_the_day_alone_and_byline_is_the_writer(site, app, selectors):
    oldest = app.items[-1]
    assert app.is_migrated(oldest)
    response = get(site, detail_path(oldest))
    fields = liferay.parse_content(response.text, response.url, selectors)
    assert normalise_date(fields.published_raw).precision == "day"
    assert fields.author == (oldest.author or None)
    assert "Pho Ban bien tap" not in fields.body_text and "w:WordDocument" not in fields.body_text
    assert fields.lead and fields.title


def test_broken_entities_are_repaired():
    assert liferay.repair_entities("Văn phograve;ng Bộ TTamp;TT tại Hà Nộihellip;") == \
        "Văn phòng Bộ TT&TT tại Hà Nội…"
    assert liferay.repair_entities("Bình thường & đúng") == "Bình thường & đúng"


PAGE = ('<html><head><title>{title} - Tin tức - Sở X</title></head><body><div class="portlet-boundary">'
        '<div class="asset-full-content"><div class="asset-content" id="_101_77">'
        '<div class="journal-content-article">{body}</div></div></div></div></body></html>')


@pytest.mark.parametrize(("body", "lead", "author", "first"), [
    ("<p><strong>I. Tình hình chung</strong></p><p>Nội dung.</p>", None, None, "I. Tình hình chung"),
    ("<p><b>Sáng 2/3, Sở tổ chức hội nghị tổng kết công tác năm và triển khai nhiệm vụ năm mới.</b>"
     "</p><p>Nội dung.</p><p align=\"right\"><strong>Bài và ảnh: Phạm Linh</strong></p>",
     "Sáng 2/3, Sở tổ chức hội nghị tổng kết công tác năm và triển khai nhiệm vụ năm mới.",
     "Phạm Linh", "Nội dung."),
    ("<p>Nội dung.</p><p align=\"right\" class=\"view-content-author\">admin admin</p>", None, None,
     "Nội dung."),
])
def test_lead_and_byline_rules(body, lead, author, first):
    fields = liferay.parse_content(PAGE.format(title="Tiêu đề", body=body),
                                   "http://h.vn/tin-tuc/-/view_content/77-tieu-de")
    assert (fields.lead, fields.author) == (lead, author)
    assert fields.body_text.split("\n\n")[0] == first and "admin" not in fields.body_text
    assert (fields.title, fields.category) == ("Tiêu đề", "Tin tức")
    assert fields.category_url == "http://h.vn/tin-tuc"
