"""Crawl safety: trap links, session tokens and one identity per article on every platform."""

from __future__ import annotations

import pytest

from crawler.platforms import generic, liferay, sharepoint, wordpress
from crawler.platforms.nukeviet import article_key
from crawler.safety import strip_session, trap_reason


@pytest.mark.parametrize("url", [
    "http://h/news/print/bai-viet-12.html", "http://h/news/sendmail/bai-12.html",
    "http://h/news/savefile/bai-12.html", "http://h/news/external_link/?url=http%3A%2F%2Fx",
    "http://h/c/portal/update_language?p_l_id=20&redirect=%2Fweb%2Fx&languageId=en_US",
    "http://h/chi-tiet-tin.php?id=3&lang=en", "http://h/in-bai.php?id=3", "http://h/wp-login.php",
    "http://h/2024/01/02/bai/?replytocom=93", "mailto:a@b.vn", "http://h/_layouts/15/Authenticate.aspx",
])
def test_traps(url):
    assert trap_reason(url)


@pytest.mark.parametrize("url", [
    "http://h/news/thoi-su/bai-viet-12.html", "http://h/Lists/TinTuc/DispForm.aspx?ID=3",
    "http://h/web/tn/tin-tuc/-/asset_publisher/A1/content/bai", "http://h/chi-tiet-tin.php?id=3",
    "http://h/2024/01/02/bai/",
])
def test_content_is_not_a_trap(url):
    assert trap_reason(url) is None


def test_session_tokens_never_in_identities():
    url = ("http://www.h.vn/web/tn/tin-tuc?p_p_id=P&_P_cur=2&p_p_auth=Zx81&_P_redirect=%2Fx"
           "&utm_source=fb")
    assert strip_session(url) == "http://www.h.vn/web/tn/tin-tuc?p_p_id=P&_P_cur=2"
    assert liferay.listing_identity(url) == liferay.listing_identity(url.replace("Zx81", "Qq00"))
    assert strip_session("http://h/a.php;jsessionid=ABC?id=3&sid=9f") == "http://h/a.php?id=3"


def test_one_identity_per_article():
    a = "http://h/Lists/TinTuc/DispForm.aspx?ID=12&Source=http%3A%2F%2Fh%2FPages%2Fx.aspx"
    b = "http://h/Lists/TinTuc/DispForm.aspx?ID=12&ContentTypeId=0x01"
    assert sharepoint.canonical_item_url(a) == sharepoint.canonical_item_url(b)
    assert sharepoint.source_id(sharepoint.item_key(a)) == "TinTuc:12"
    assert liferay.content_key("http://h/web/tn/tin-tuc/-/asset_publisher/A1/content/bai-x?r=1") == \
        liferay.content_key("http://h/web/tn/-/asset_publisher/B2/content/bai-x") == ("slug", "bai-x")
    assert generic.source_id("http://h/chi-tiet.php?id=7&sid=1") == "id:7"
    assert generic.source_id("http://h/tin/7.htm", r"/tin/(\d+)\.htm") == "id:7"
    assert wordpress.is_post_url("http://h/?p=12") and not wordpress.is_post_url("http://h/page/2/")


def test_nukeviet3_urls():
    key = article_key("http://h/news/thoi-su/bai-viet-hay-123/")
    assert key is not None and key.source_id == "news:123"
    assert article_key("http://h/news/thoi-su/page-2/") is None
    assert article_key("http://h/news/print/bai-viet-hay-123/") is None
    assert article_key("http://h/news/thoi-su/bai-viet-hay-123.html").source_id == "news:123"
