"""Feeds through feedparser: NukeViet RSS 2.0 with its pubDate bug, Atom 1.0 as Liferay and
WordPress serve it, unreadable feeds recorded as discovery failures."""

from __future__ import annotations

import urllib.request

import pytest
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from crawler.items import PageFailure
from crawler.platforms import nukeviet_listings, wordpress
from crawler.platforms.feeds import FeedError, checked_feed, feed_items, read_feed
from crawler.spiders.generic import GenericSpider
from crawler.spiders.nukeviet import NukeVietSpider
from crawler.spiders.wordpress import WordPressSpider
from fixtures.portal.corpus import load_corpus
from fixtures.portal.server import FixturePortal
from pipelines.datenorm import normalise_date, parse_rss_pubdate
from pipelines.timezones import VN_TZ

NUKEVIET_RSS = """<?xml version="1.0" encoding="utf-8"?>
<?xml-stylesheet type="text/xsl" href="http://tinhuy.example.vn/assets/css/rss.xsl" media="screen"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Thời sự chính trị</title>
    <link>http://tinhuy.example.vn/news/thoi-su-chinh-tri/</link>
    <atom:link href="http://tinhuy.example.vn/news/rss/" rel="self" type="application/rss+xml" />
    <pubDate>Thu, 24 Aug 2023 14:08:00 +0700</pubDate>
    <item>
      <title>Hội nghị Ban Chấp hành Đảng bộ tỉnh</title>
      <link>http://tinhuy.example.vn/news/thoi-su-chinh-tri/hoi-nghi-bch-1201.html</link>
      <guid isPermaLink="false"><![CDATA[news_1201]]></guid>
      <description><![CDATA[<img src="/uploads/a.jpg" align="left">Chiều 24/8, ...]]></description>
      <pubDate>Thu, 24 Aug 2023 14:08:00 +0700</pubDate>
    </item>
    <item>
      <title>Không có giờ</title>
      <link>/news/thoi-su-chinh-tri/khong-co-mui-gio-1202.html</link>
      <guid isPermaLink="false">news_1202</guid>
      <pubDate>Wed, 23 Aug 2023 09:08:00</pubDate>
    </item>
  </channel>
</rss>"""

LIFERAY_ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <title>Tin tức sự kiện</title>
  <link rel="alternate" href="http://sotttt.example.vn/tin-tuc-su-kien" />
  <subtitle>Tin tức sự kiện</subtitle>
  <entry>
    <title>Hội nghị trực tuyến toàn quốc</title>
    <link rel="alternate"
          href="http://sotttt.example.vn/tin-tuc-su-kien/-/view_content/2712345-hoi-nghi-truc-tuyen.html" />
    <author><name>Pho Ban bien tap</name></author>
    <id>http://sotttt.example.vn/c/asset_publisher/rss?groupId=554897&amp;articleId=2712345</id>
    <updated>2019-10-03T07:09:00Z</updated>
    <published>2019-10-03T07:09:00Z</published>
    <summary type="html">Sáng 3/10 ...</summary>
    <dc:creator>Pho Ban bien tap</dc:creator>
  </entry>
  <entry>
    <title>Bài chỉ có thời điểm cập nhật</title>
    <link href="/tin-tuc-su-kien/-/asset_publisher/AbCd/content/bai-cap-nhat" />
    <id>urn:uuid:0f1e2d3c</id>
    <updated>2019-10-04T01:30:00Z</updated>
  </entry>
</feed>"""

WORDPRESS_ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
  <title type="text">Xã Định Hóa</title>
  <updated>2024-03-09T02:15:00Z</updated>
  <link rel="alternate" type="text/html" href="https://xadinhhoa.example.vn/" />
  <id>https://xadinhhoa.example.vn/feed/atom/</id>
  <entry>
    <author><name>admin</name></author>
    <title type="html"><![CDATA[Ra mắt mô hình “Dân vận khéo”]]></title>
    <link rel="alternate" type="text/html"
          href="https://xadinhhoa.example.vn/2024/03/ra-mat-mo-hinh-dan-van-kheo/" />
    <id>https://xadinhhoa.example.vn/?p=123</id>
    <updated>2024-03-09T02:15:00Z</updated>
    <published>2024-03-09T01:00:00Z</published>
    <link rel="replies" type="text/html"
          href="https://xadinhhoa.example.vn/2024/03/ra-mat-mo-hinh-dan-van-kheo/#comments" />
  </entry>
  <entry>
    <title type="html"><![CDATA[Permalink thuần]]></title>
    <link rel="alternate" type="text/html" href="https://xadinhhoa.example.vn/?p=124" />
    <id>https://xadinhhoa.example.vn/?p=124</id>
    <published>2024-03-08T01:00:00Z</published>
  </entry>
</feed>"""


# -- RSS 2.0 (NukeViet) -----------------------------------------------------------------------------

def test_nukeviet_rss_keeps_the_raw_pubdate_for_the_repair():
    entries, problem = nukeviet_listings.parse_rss(NUKEVIET_RSS, "http://tinhuy.example.vn/news/rss/")
    assert problem is None
    assert [(e.url, e.guid, e.pub_date) for e in entries] == [
        ("http://tinhuy.example.vn/news/thoi-su-chinh-tri/hoi-nghi-bch-1201.html", "news_1201",
         "Thu, 24 Aug 2023 14:08:00 +0700"),
        ("http://tinhuy.example.vn/news/thoi-su-chinh-tri/khong-co-mui-gio-1202.html", "news_1202",
         "Wed, 23 Aug 2023 09:08:00"),
    ]
    # 14:03 in August: the minutes field holds the month; only the date and hour are trusted
    first = parse_rss_pubdate(entries[0].pub_date)
    assert (first.value, first.precision) == ("2023-08-24T14:00:00+07:00", "hour")
    # no zone in the text: the Vietnamese zone is assumed, not feedparser's UTC
    second = parse_rss_pubdate(entries[1].pub_date)
    assert (second.value, second.tz_source) == ("2023-08-23T09:00:00+07:00", "default")


def test_fixture_portal_rss_through_feedparser():
    corpus = load_corpus()
    with FixturePortal(corpus) as portal:
        feed_url = f"{portal.base_url}/news/rss/thoi-su-chinh-tri/"
        with urllib.request.urlopen(feed_url, timeout=30) as response:  # 127.0.0.1 only
            xml = response.read().decode("utf-8")
    entries, problem = nukeviet_listings.parse_rss(xml, feed_url)
    assert problem is None
    listed = [a for a in corpus.published_articles()
              if (a.module, a.category) == ("news", "thoi-su-chinh-tri")]
    assert len(entries) == min(30, len(listed)) > 0
    published = {f"{a.module}_{a.id}": a.published for a in listed}
    for entry in entries:
        when = published[entry.guid].astimezone(VN_TZ)
        result = parse_rss_pubdate(entry.pub_date)
        assert result.value == when.strftime("%Y-%m-%dT%H:00:00+07:00"), entry.guid


# -- Atom 1.0 (Liferay, WordPress) ---------------------------------------------------------------------

def test_liferay_atom_entries():
    feed = read_feed(LIFERAY_ATOM, "http://sotttt.example.vn/c/asset_publisher/rss?p_l_id=1")
    assert feed.version == "atom10" and feed.problem is None
    assert [(e.url, e.pub_date, e.updated) for e in feed.entries] == [
        ("http://sotttt.example.vn/tin-tuc-su-kien/-/view_content/2712345-hoi-nghi-truc-tuyen.html",
         "2019-10-03T07:09:00Z", "2019-10-03T07:09:00Z"),
        ("http://sotttt.example.vn/tin-tuc-su-kien/-/asset_publisher/AbCd/content/bai-cap-nhat",
         "2019-10-04T01:30:00Z", "2019-10-04T01:30:00Z"),
    ]
    assert feed.entries[1].guid == "urn:uuid:0f1e2d3c"
    assert normalise_date(feed.entries[0].pub_date).value == "2019-10-03T14:09:00+07:00"


def test_wordpress_atom_gives_post_ids():
    items = wordpress.parse_feed(WORDPRESS_ATOM, "https://xadinhhoa.example.vn/feed/atom/")
    assert [(i.url, i.post_id, i.pub_date) for i in items] == [
        ("https://xadinhhoa.example.vn/2024/03/ra-mat-mo-hinh-dan-van-kheo/", 123,
         "2024-03-09T01:00:00Z"),
        ("https://xadinhhoa.example.vn/?p=124", 124, "2024-03-08T01:00:00Z"),
    ]
    assert all(wordpress.is_post_url(i.url) for i in items)


# -- broken feeds ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "<html><body><h1>Không tìm thấy trang</h1></body></html>",
    '<?xml version="1.0"?><rss version="2.0"><channel><item><link>http://a.vn/b-1.html',
    "",
    "Database error: Too many connections",
    "http://tinhuy.example.vn/news/rss/",  # a string that looks like an address is never fetched
])
def test_unreadable_feed_raises(text):
    with pytest.raises(FeedError, match="not a readable RSS or Atom feed"):
        feed_items(text, "http://tinhuy.example.vn/news/rss/")


MALFORMED = ('<rss version="2.0"><channel><item><title>Kinh tế & xã hội</title>'
             "<link>http://a.vn/news/kt/bai-1.html</link></item></channel></rss>")


def test_malformed_but_readable_feed_is_read_and_flagged():
    feed = read_feed(MALFORMED, "http://a.vn/news/rss/")
    assert [e.url for e in feed.entries] == ["http://a.vn/news/kt/bai-1.html"]
    assert feed.problem and "not well-formed" in feed.problem
    entries, problem = checked_feed(MALFORMED, "http://a.vn/news/rss/")
    assert entries == feed.entries
    assert problem and problem.startswith("malformed feed, 1 entries read (")


def test_checked_feed_of_an_unreadable_document():
    entries, problem = checked_feed("<html></html>", "http://a.vn/news/rss/")
    assert entries == [] and problem and problem.startswith("not a readable RSS or Atom feed")


def test_empty_feed_is_not_an_error():
    text = '<?xml version="1.0"?><rss version="2.0"><channel><title>Trống</title></channel></rss>'
    assert feed_items(text, "http://a.vn/news/rss/") == []


def _feed_response(url: str, body: str, meta: dict | None = None) -> TextResponse:
    return TextResponse(url, body=body.encode("utf-8"), encoding="utf-8", status=200,
                        request=Request(url, meta=meta or {}))


@pytest.mark.parametrize("spider_class", [GenericSpider, NukeVietSpider, WordPressSpider])
def test_spiders_record_an_unreadable_feed_as_a_discovery_failure(spider_class):
    spider = spider_class.from_crawler(get_crawler(spider_class), url="http://tinhuy.example.vn/")
    url = "http://tinhuy.example.vn/news/rss/"
    out = list(spider.parse_feed(_feed_response(url, "<html><body>Lỗi</body></html>")))
    assert len(out) == 1
    failure = out[0]
    assert (failure.url, failure.stage, failure.http_status) == (url, "discover", 200)
    assert "not a readable RSS or Atom feed" in failure.reason


def test_spiders_read_a_malformed_feed_and_record_it():
    spider = NukeVietSpider.from_crawler(get_crawler(NukeVietSpider), url="http://a.vn/")
    out = list(spider.parse_feed(_feed_response("http://a.vn/news/rss/", MALFORMED)))
    failures = [o for o in out if isinstance(o, PageFailure)]
    requests = [o for o in out if isinstance(o, Request)]
    assert [f.reason[:26] for f in failures] == ["malformed feed, 1 entries "]
    assert "http://a.vn/news/kt/bai-1.html" in [r.url for r in requests]  # besides module pages


def test_a_guessed_nukeviet_module_feed_that_is_not_one_is_only_counted():
    crawler = get_crawler(NukeVietSpider)
    spider = NukeVietSpider.from_crawler(crawler, url="http://tinhuy.example.vn/")
    url = "http://tinhuy.example.vn/laws/rss/"
    out = list(spider.parse_feed(_feed_response(url, "<html></html>", {"optional": True})))
    assert out == []
    assert crawler.stats.get_value("portalnews/optional_missing") == 1
