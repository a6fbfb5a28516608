"""Platform fingerprinting of every platform's pages (fixture sites, golden pages, snippets)."""

from __future__ import annotations

import urllib.request

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.platforms import detect_platform, fingerprint
from crawler.platforms.fingerprint import CRAWLED_AS_GENERIC, Fingerprint
from crawler.spiders.generic import GenericSpider
from crawler.spiders.portal import PortalSpider, spider_for
from fixtures.portal import FixturePortal
from fixtures.sites import FixtureSite
from tests.golden.realpages import REALPAGES, need_real
from tests.golden.support import GOLDEN_DIR

EXPECTED = {"wordpress": "wordpress", "sharepoint": "sharepoint", "liferay": "liferay",
            "generic": "unknown", "nukeviet3": "nukeviet3", "nukeviet-egov": "nukeviet-egov"}


def fetch(url: str) -> tuple[str, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8"), dict(response.headers.items())


@pytest.mark.parametrize("platform", list(EXPECTED))
def test_fixture_home_pages(platform):
    with FixtureSite(platform) as site:
        html, headers = fetch(site.base_url)
    assert fingerprint(html, headers).platform == EXPECTED[platform]
    assert fingerprint(html).platform == EXPECTED[platform]  # the markup alone suffices


def test_nukeviet4_fixture_and_seed():
    with FixturePortal() as portal:
        html, _ = fetch(portal.base_url)
    assert fingerprint(html).platform == "nukeviet4"
    seed = (GOLDEN_DIR / "nukeviet4" / "thainguyen-seed.html").read_text(encoding="utf-8")
    assert fingerprint(seed).platform == "nukeviet4"


@pytest.mark.parametrize("page", sorted(GOLDEN_DIR.glob("*/*.html")), ids=lambda p: p.parent.name)
def test_golden_article_pages(page):
    found = fingerprint(page.read_text(encoding="utf-8")).platform
    assert found == {"generic": "unknown"}.get(page.parent.name, page.parent.name)


@pytest.mark.parametrize(("html", "platform"), [
    ('<meta name="generator" content="WordPress 6.5">', "wordpress"),
    ('<link rel="stylesheet" href="/wp-content/themes/x/style.css">', "wordpress"),
    ('<div class="ms-hide"><a href="#mainContent">Skip Ribbon Commands</a></div>', "sharepoint"),
    ('<a href="/Lists/TinTuc/DispForm.aspx?ID=3">x</a>', "sharepoint"),
    ('<a href="/web/guest/tin-tuc/-/asset_publisher/Ab12/content/x">x</a>', "liferay"),
    ('<script>Liferay.currentURL = "/web/guest";</script>', "liferay"),
    ('<meta name="generator" content="NukeViet v3.4">', "nukeviet3"),
    ('<meta name="generator" content="NukeViet v4.5"><link rel="stylesheet" '
     'href="/themes/egov/css/style.css">', "nukeviet-egov"),
    ("<html><body><p>Xin chào</p></body></html>", "unknown"),
    ("", "unknown"),
])
def test_snippets(html, platform):
    assert fingerprint(html).platform == platform
    assert fingerprint(html).evidence


def test_detect_platform_keeps_the_family_name_for_nukeviet():
    assert detect_platform('<meta name="generator" content="NukeViet v3.4">') == "nukeviet4"
    assert detect_platform('<meta name="generator" content="WordPress 6.5">') == "wordpress"


REAL_EXPECTED = {"liferay": "liferay", "sharepoint": "sharepoint", "oracle-adf": "oracle-webcenter",
                 "vccorp-cms": "vccorp"}


def test_every_real_page_is_recognised_by_name():
    pages = sorted(need_real(REALPAGES).glob("*/*.html"))
    assert {p.parent.name for p in pages} == set(REAL_EXPECTED)
    for page in pages:
        found = fingerprint(page.read_text(encoding="utf-8"))
        assert found.platform == REAL_EXPECTED[page.parent.name], (page.name, found)
        assert found.evidence


@pytest.mark.parametrize(("html", "platform"), [
    ('<html class="aui ltr"><link class="lfr-css-file" href="/x/css/aui.css"><script>var Liferay={'
     '};</script>', "liferay"),
    ('<a href="/tin-tuc/-/view_content/1129482-cong-bo.html">x</a>', "liferay"),
    ('<script>var _spPageContextInfo={webServerRelativeUrl:"/"};</script>', "sharepoint"),
    ('<a href="/tw/Pages/vbpq-toanvan.aspx?ItemID=1">x</a>', "sharepoint"),
    ('<link href="/webcenter/webcenter-framework-resources/x.css"><input name="javax.faces.ViewState">',
     "oracle-webcenter"),
    ('<img src="https://static.mediacdn.vn/x.png"><a data-linktype="newsdetail" data-id="1" '
     'href="/tin-a-102230101093412345.htm">x</a>', "vccorp"),
    ('<img src="https://static.mediacdn.vn/x.png">', "unknown"),  # one signal is not enough
])
def test_real_platform_snippets(html, platform):
    assert fingerprint(html).platform == platform


@pytest.mark.parametrize("platform", CRAWLED_AS_GENERIC)
def test_named_platforms_without_adapter_go_to_the_generic_spider(platform):
    assert spider_for(platform) is GenericSpider
    assert GenericSpider.platform_name(None, Fingerprint(platform, ("x",))) == platform  # type: ignore[arg-type]
    assert GenericSpider.platform_name(None, Fingerprint("unknown", ("x",))) == "generic"  # type: ignore[arg-type]


@pytest.mark.parametrize(("folder", "platform"), [("oracle-adf", "oracle-webcenter"),
                                                  ("vccorp-cms", "vccorp")])
def test_dispatcher_routes_named_platforms_to_generic_and_records_the_name(folder, platform):
    pages = sorted((REALPAGES / folder).glob("*.html"))
    if not pages:
        pytest.skip(f"real pages not available at {REALPAGES / folder}")
    crawler = get_crawler(PortalSpider)
    spider = PortalSpider.from_crawler(crawler, url="http://portal.example.vn/")
    response = HtmlResponse("http://portal.example.vn/", body=pages[0].read_bytes(), encoding="utf-8",
                            request=Request("http://portal.example.vn/"))
    list(spider.parse_home(response))
    assert isinstance(spider.delegate, GenericSpider)
    assert crawler.stats.get_value("portalnews/fingerprint") == platform
    assert crawler.stats.get_value("portalnews/platform") == platform
    assert spider.delegate.platform == platform
