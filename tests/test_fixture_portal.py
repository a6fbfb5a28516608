"""Tests of the fixture portal: corpus loader, routes, markup quirks, feeds, synthetic corpus."""

from __future__ import annotations

import re
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from fixtures.portal import (
    CorpusError,
    FixturePortal,
    load_corpus,
    synthetic_corpus,
    tag_alias,
)
from fixtures.portal.corpus import BUNDLED_DIR

SITE_TOML = """
name = "Cổng thông tin thử nghiệm"
description = "Trang thử"
province = "Thái Nguyên"
generator = "NukeViet v4.5"
default_module = "news"
page_size = 5
rss_items = 30

[[modules]]
name = "news"
title = "Tin tức"
  [[modules.categories]]
  alias = "thoi-su-chinh-tri"
  title = "Thời sự - Chính trị"
  [[modules.categories]]
  alias = "kinh-te-xa-hoi"
  title = "Kinh tế - Xã hội"
  [[modules.categories]]
  alias = "rss-test"
  title = "Nhiều tin"

[[modules]]
name = "xay-dung-dang"
title = "Xây dựng Đảng"
  [[modules.categories]]
  alias = "to-chuc-dang"
  title = "Tổ chức đảng"
"""

MAIN = """
id = 1201
module = "news"
category = "thoi-su-chinh-tri"
title = "Định Hóa tổng kết công tác năm 2023"
alias = "dinh-hoa-tong-ket-cong-tac-nam-2023"
lead = "Ngày 27/12, Ban Chỉ đạo 35 huyện Định Hóa tổ chức Hội nghị."
published = "2023-08-24T14:03:00+07:00"
updated = "2023-08-24T16:30:00+07:00"
author = "Minh Hằng"
source = "Ban Tuyên giáo Huyện ủy Định Hóa"
tags = ["bảo vệ nền tảng tư tưởng", "Định Hóa"]
status = "published"
text_form = "nfc"
[lead_image]
src = "/uploads/news/2023_08/hoi-nghi.jpg"
caption = "Quang cảnh Hội nghị"
[[body]]
p = "Dự Hội nghị có đồng chí Đàm Tiến Niên."
[[body]]
image = "/uploads/news/2023_08/a.jpg"
caption = "Đồng chí Đàm Tiến Niên phát biểu"
style = "figure"
[[body]]
image = "/uploads/news/2023_08/b.jpg"
caption = "Quang cảnh phiên thảo luận"
style = "p-em"
[[body]]
p = "Đoạn thứ hai của bài viết."
[[attachments]]
url = "/uploads/news/2023_08/qd.pdf"
name = "Quyết định số 1234/QĐ-UBND"
[[people]]
name = "Đàm Tiến Niên"
roles = ["Phó Bí thư Thường trực Huyện ủy"]
"""


def article_toml(id: int, *, category: str = "thoi-su-chinh-tri", module: str = "news",
                 published: str = "2024-01-05T09:00:00+07:00", title: str | None = None,
                 status: str = "published", text_form: str = "nfc", extra: str = "") -> str:
    """A minimal valid article file."""
    return f"""
id = {id}
module = "{module}"
category = "{category}"
title = "{title or f"Đoàn công tác số {id} làm việc tại Đại Từ"}"
alias = "doan-cong-tac-so-{id}"
lead = "Đoàn công tác đã làm việc với Đảng ủy xã."
published = "{published}"
status = "{status}"
text_form = "{text_form}"
{extra}
[[body]]
p = "Đồng chí Bí thư Đảng ủy báo cáo kết quả số {id}."
"""


def write_corpus(root: Path, articles: dict[str, str]) -> Path:
    """Write site.toml and article files under ``root``."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    for name, text in articles.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    return root


def sample_articles() -> dict[str, str]:
    """Main article, 6 more in the same category, unpublished, NFD, eth, other module, 35 RSS."""
    base = datetime(2024, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=7)))
    files = {"main.toml": MAIN}
    for i in range(6):
        files[f"c{i}.toml"] = article_toml(1300 + i, published=(base + timedelta(days=i))
                                           .isoformat())
    files["unpub.toml"] = article_toml(1400, status="unpublished")
    files["nfd.toml"] = article_toml(1401, category="kinh-te-xa-hoi", text_form="nfd",
                                     title="Đảng bộ xã Điềm Mặc đại hội")
    files["eth.toml"] = article_toml(1402, category="kinh-te-xa-hoi", text_form="eth",
                                     title="Đảng bộ xã Điềm Mặc đại hội lần hai")
    files["xdd.toml"] = article_toml(7, module="xay-dung-dang", category="to-chuc-dang",
                                     extra='tags = ["kết nạp đảng viên"]')
    for i in range(35):
        files[f"rss{i}.toml"] = article_toml(
            2000 + i, category="rss-test",
            published=(base - timedelta(days=400 + i)).isoformat())
    return files


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", sample_articles())


@pytest.fixture()
def portal(corpus_dir: Path) -> Iterator[FixturePortal]:
    with FixturePortal(load_corpus(corpus_dir)) as p:
        yield p


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, method: str = "GET",
          headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """``(status, headers, text)`` without following redirects."""
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8", "replace")


def url(portal: FixturePortal, path: str) -> str:
    return portal.base_url.rstrip("/") + path


MAIN_PATH = "/news/thoi-su-chinh-tri/dinh-hoa-tong-ket-cong-tac-nam-2023-1201.html"


# --- loader --------------------------------------------------------------------------------


def test_loader_reads_sample(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    main = corpus.by_key("news", 1201)
    assert main is not None and main.url_path == MAIN_PATH
    assert main.published.utcoffset() == timedelta(hours=7)
    assert main.edited == main.updated and main.published_ok
    assert [b.kind for b in main.body] == ["p", "image", "image", "p"]
    assert main.body[2].style == "p-em" and main.lead_image and main.lead_image.caption
    assert main.people[0].roles == ("Phó Bí thư Thường trực Huyện ủy",)
    assert not corpus.by_key("news", 1400).published_ok  # type: ignore[union-attr]
    assert all(a.published_ok for a in corpus.published_articles())
    listed = corpus.articles_in("news", "thoi-su-chinh-tri")
    assert [a.id for a in listed] == [1305, 1304, 1303, 1302, 1301, 1300, 1201]


def test_tag_aliases() -> None:
    assert tag_alias("bảo vệ nền tảng tư tưởng") == "bao-ve-nen-tang-tu-tuong"
    assert tag_alias("Định Hóa") == "%C4%91%E1%BB%8Bnh-h%C3%B3a"
    assert tag_alias("Chuyển đổi số") == "chuyen-doi-so"


@pytest.mark.parametrize(("name", "text", "needle"), [
    ("module.toml", article_toml(1, module="nope"), "module"),
    ("cat.toml", article_toml(1, category="nope"), "category"),
    ("alias.toml", article_toml(1).replace('alias = "doan-cong-tac-so-1"', 'alias = "Bad Alias"'),
     "alias"),
    ("title.toml", article_toml(1).replace('title = "', 'xtitle = "'), "title"),
    ("body.toml", article_toml(1).split("[[body]]")[0] + "body = []\n", "body"),
    ("naive.toml", article_toml(1, published="2024-01-05T09:00:00"), "published"),
    ("form.toml", article_toml(1, text_form="nfkc"), "text_form"),
    ("status.toml", article_toml(1, status="draft"), "status"),
    ("unknown.toml", article_toml(1, extra='autor = "X"'), "autor"),
    ("broken.toml", "id = = 1", "invalid TOML"),
    ("block.toml", article_toml(1) + '[[body]]\nimage = "x.jpg"\n', "image"),
])
def test_loader_errors_name_file_and_field(tmp_path: Path, name: str, text: str,
                                           needle: str) -> None:
    root = write_corpus(tmp_path, {"ok.toml": article_toml(99), name: text})
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    assert name in str(info.value) and needle in str(info.value)


def test_loader_rejects_duplicate_id(tmp_path: Path) -> None:
    root = write_corpus(tmp_path, {"a.toml": article_toml(5), "b.toml": article_toml(5)})
    with pytest.raises(CorpusError, match=r"b\.toml.*'id'.*a\.toml"):
        load_corpus(root)
    # The same id in another module is fine.
    write_corpus(tmp_path, {"b.toml": article_toml(5, module="xay-dung-dang",
                                                   category="to-chuc-dang")})
    assert len(load_corpus(tmp_path).articles) == 2


def test_bundled_corpus_loads() -> None:
    assert any((BUNDLED_DIR / "articles").glob("*.toml"))
    corpus = load_corpus()
    assert corpus.site.default_module in {m.name for m in corpus.site.modules}
    assert all(re.fullmatch(r"/[a-z0-9-]+/[a-z0-9-]+/[a-z0-9-]+-\d+\.html", a.url_path)
               for a in corpus.articles)


# --- routes --------------------------------------------------------------------------------


def test_home_page(portal: FixturePortal) -> None:
    status, headers, html = fetch(portal.base_url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<meta name="generator" content="NukeViet v4.5" />' in html
    assert re.search(r"<h1>Cổng thông tin thử nghiệm</h1>", html)
    assert 'class="current-time"' in html
    for module in ("news", "xay-dung-dang"):
        assert f'href="{portal.base_url}{module}/rss/"' in html  # link rel=alternate per module
    assert 'href="/news/thoi-su-chinh-tri/"' in html and 'href="/xay-dung-dang/"' in html
    assert MAIN_PATH not in html  # only the 5 newest of the category
    assert "/news/thoi-su-chinh-tri/doan-cong-tac-so-1305-1305.html" in html


def test_robots_txt(portal: FixturePortal) -> None:
    status, _, text = fetch(url(portal, "/robots.txt"))
    assert status == 200
    lines = text.splitlines()
    for rule in ("Disallow: /admin/", "Disallow: /news/print/", "Disallow: /news/sendmail/",
                 "Disallow: /xay-dung-dang/print/", "Disallow: /xay-dung-dang/sendmail/"):
        assert rule in lines
    assert f"Sitemap: {portal.base_url}sitemap.xml" in lines
    assert not any("*" in line for line in lines if line.startswith("Disallow"))


def test_category_pagination_and_past_the_end(portal: FixturePortal) -> None:
    status, _, page1 = fetch(url(portal, "/news/thoi-su-chinh-tri/"))
    assert status == 200 and page1.count('<div class="panel panel-default"><div class="panel-body">'
                                         ) == 5
    assert '<ul class="pagination">' in page1
    assert 'rel="next" title="Trang 2" href="/news/thoi-su-chinh-tri/page-2/"' in page1
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}</li>", page1)
    status, _, page2 = fetch(url(portal, "/news/thoi-su-chinh-tri/page-2/"))
    assert status == 200 and MAIN_PATH in page2 and "24/08/2023 14:03:00" in page2
    assert 'rel="prev" title="Trang 1" href="/news/thoi-su-chinh-tri/"' in page2
    status, headers, _ = fetch(url(portal, "/news/thoi-su-chinh-tri/page-3/"))
    assert status == 302 and headers["Location"] == url(portal, "/news/thoi-su-chinh-tri/")
    status, headers, _ = fetch(url(portal, "/news/page-99/"))
    assert status == 302 and headers["Location"] == url(portal, "/news/")
    assert fetch(url(portal, "/news/page-2/"))[0] == 200
    assert fetch(url(portal, "/news/nope/"))[0] == 404


def test_article_page_markup(portal: FixturePortal) -> None:
    status, _, html = fetch(url(portal, MAIN_PATH))
    assert status == 200
    assert 'itemtype="http://schema.org/NewsArticle" itemscope' in html
    assert '<h1 class="title margin-bottom-lg" itemprop="headline">Định Hóa tổng kết' in html
    assert '<span class="h5">Thứ năm - 24/08/2023 14:03</span><span class="hitcount"' in html
    assert html.count(">2023-08-24T16:30:00+07:00</span>") == 2
    assert '<meta property="article:published_time" content="2023-08-24+0714:03:00" />' in html
    assert 'itemprop="description">Ngày 27/12' in html
    assert ('<figure class="article center"><img alt="Định Hóa tổng kết công tác năm 2023" '
            'src="/uploads/news/2023_08/hoi-nghi.jpg"') in html
    assert "<figcaption>Quang cảnh Hội nghị</figcaption></figure>" in html
    assert '<div id="news-bodyhtml" class="bodytext margin-bottom-lg">' in html
    assert "<figcaption>Đồng chí Đàm Tiến Niên phát biểu</figcaption>" in html
    assert '<p style="text-align:center"><em>Quang cảnh phiên thảo luận</em></p>' in html
    assert '<strong>Tác giả: </strong>Minh Hằng</p>' in html
    assert "<strong>Nguồn tin: </strong>Ban Tuyên giáo Huyện ủy Định Hóa</p>" in html
    assert '<em class="fa fa-tags">&nbsp;</em>' in html
    assert 'href="/news/tag/%C4%91%E1%BB%8Bnh-h%C3%B3a"><em>Định Hóa</em></a>' in html
    assert 'class="list-group news-download-file"' in html
    assert 'href="/uploads/news/2023_08/qd.pdf"' in html
    for view in ("print", "sendmail", "savefile"):
        assert f'href="/news/{view}/dinh-hoa-tong-ket-cong-tac-nam-2023-1201.html"' in html
    assert "Những tin mới hơn" in html and 'class="detail-related related' in html
    assert "Những tin cũ hơn" not in html  # the oldest of its category
    assert "Ý kiến bạn đọc" in html and 'id="form3B"' in html and "Lượt xem" in html
    assert "Tin xem nhiều" in html
    assert 'itemtype="https://schema.org/BreadcrumbList"' in html
    assert '<a href="/news/thoi-su-chinh-tri/" itemprop="item"' in html
    assert '<meta property="article:section" content="Thời sự - Chính trị" />' in html


def test_counter_increments(portal: FixturePortal) -> None:
    counts = []
    for _ in range(3):
        html = fetch(url(portal, MAIN_PATH + "?utm_source=x"))[2]
        counts.append(int(re.search(r'<span class="hitcount"[^>]*>(\d+)</span>', html)[1]))
    assert counts == [1, 2, 3]
    html = fetch(url(portal, MAIN_PATH))[2]
    assert '<span class="hitstotal">4</span>' in html


def test_non_canonical_redirects_and_404s(portal: FixturePortal) -> None:
    for wrong in ("/news/kinh-te-xa-hoi/dinh-hoa-tong-ket-cong-tac-nam-2023-1201.html",
                  "/news/thoi-su-chinh-tri/sai-alias-1201.html"):
        status, headers, _ = fetch(url(portal, wrong))
        assert status == 301 and headers["Location"] == url(portal, MAIN_PATH)
    status, _, html = fetch(url(portal, "/news/thoi-su-chinh-tri/doan-cong-tac-so-1400-1400.html"))
    assert status == 404 and 'class="nv-infodie text-center"' in html
    assert fetch(url(portal, "/news/thoi-su-chinh-tri/x-999999.html"))[0] == 404
    assert fetch(url(portal, "/nope/"))[0] == 404
    assert fetch(url(portal, "/index.php?nv=news"))[0] == 404
    listing = fetch(url(portal, "/news/thoi-su-chinh-tri/"))[2]
    assert "1400.html" not in listing


def test_tag_pages(portal: FixturePortal) -> None:
    status, _, html = fetch(url(portal, "/news/tag/%C4%91%E1%BB%8Bnh-h%C3%B3a"))
    assert status == 200 and MAIN_PATH in html and "<em>14:03 24/08/2023</em>" in html
    status, _, short = fetch(url(portal, "/tag/bao-ve-nen-tang-tu-tuong"))
    assert status == 200 and MAIN_PATH in short
    assert fetch(url(portal, "/tag/%c4%91%e1%bb%8bnh-h%c3%b3a"))[0] == 200
    assert fetch(url(portal, "/xay-dung-dang/tag/ket-nap-dang-vien"))[0] == 200
    status, headers, _ = fetch(url(portal, "/news/tag/bao-ve-nen-tang-tu-tuong/page-2"))
    assert status == 302
    assert headers["Location"] == url(portal, "/news/tag/bao-ve-nen-tang-tu-tuong")
    assert fetch(url(portal, "/news/tag/khong-co"))[0] == 404


def test_rss_feeds(portal: FixturePortal) -> None:
    status, headers, xml = fetch(url(portal, "/news/rss/"))
    assert status == 200 and "rss" in headers["Content-Type"]
    assert xml.count("<item>") == 30
    status, _, xml = fetch(url(portal, "/news/rss/thoi-su-chinh-tri/"))
    assert status == 200 and xml.count("<item>") == 7
    assert '<guid isPermaLink="false"><![CDATA[news_1201]]></guid>' in xml
    assert f"<link>{url(portal, MAIN_PATH)}</link>" in xml
    # 14:03 in August: the buggy PHP format puts the month (08) in the minutes field.
    assert "<pubDate>Thu, 24 Aug 2023 14:08:00 +0700</pubDate>" in xml
    assert fetch(url(portal, "/news/rss/nope/"))[0] == 404


def test_rss_without_bug(corpus_dir: Path) -> None:
    with FixturePortal(load_corpus(corpus_dir), rss_bug=False) as portal:
        xml = fetch(url(portal, "/news/rss/thoi-su-chinh-tri/"))[2]
    assert "<pubDate>Thu, 24 Aug 2023 14:03:00 +0700</pubDate>" in xml


def test_sitemaps(portal: FixturePortal) -> None:
    status, _, index = fetch(url(portal, "/sitemap.xml"))
    assert status == 200 and "<sitemapindex" in index
    for module in ("news", "xay-dung-dang"):
        assert f"<loc>{url(portal, f'/sitemap-vi.{module}.xml')}</loc>" in index
    status, _, sitemap = fetch(url(portal, "/sitemap-vi.news.xml"))
    assert status == 200 and sitemap.count("<url>") == 44  # 45 news articles, 1 unpublished
    assert (f"<loc>{url(portal, MAIN_PATH)}</loc><lastmod>2023-08-24T16:30:00+07:00</lastmod>"
            in sitemap)
    assert "1400.html" not in sitemap
    assert fetch(url(portal, "/sitemap-vi.nope.xml"))[0] == 404


def test_uploads_head_and_host(portal: FixturePortal) -> None:
    status, headers, _ = fetch(url(portal, "/uploads/news/2023_08/a.jpg"))
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert fetch(url(portal, "/uploads/news/2023_08/qd.pdf"))[1]["Content-Type"] == \
        "application/pdf"
    assert fetch(url(portal, "/uploads/news/x.exe"))[0] == 404
    status, headers, body = fetch(url(portal, MAIN_PATH), method="HEAD")
    assert status == 200 and body == "" and int(headers["Content-Length"]) > 1000
    html = fetch(url(portal, MAIN_PATH), headers={"Host": "www.example.vn"})[2]
    assert 'rel="canonical" href="http://www.example.vn' + MAIN_PATH in html
    assert ("GET", MAIN_PATH, 200) in portal.requests
    assert ("HEAD", MAIN_PATH, 200) in portal.requests
    portal.reset_log()
    assert portal.requests == []


def test_print_views(portal: FixturePortal) -> None:
    for view in ("print", "sendmail", "savefile"):
        path = f"/news/{view}/dinh-hoa-tong-ket-cong-tac-nam-2023-1201.html"
        assert fetch(url(portal, path))[0] == 200


@pytest.mark.parametrize(("zone", "meta", "line"), [
    ("UTC", "2023-08-24UTC07:03:00", "Thứ năm - 24/08/2023 07:03"),
    ("Europe/Paris", "2023-08-24CEST09:03:00", "Thứ năm - 24/08/2023 09:03"),
])
def test_render_tz(corpus_dir: Path, zone: str, meta: str, line: str) -> None:
    with FixturePortal(load_corpus(corpus_dir), render_tz=zone) as portal:
        html = fetch(url(portal, MAIN_PATH))[2]
    assert f'<meta property="article:published_time" content="{meta}" />' in html
    assert f'<span class="h5">{line}</span>' in html


def test_text_forms(portal: FixturePortal) -> None:
    nfd = fetch(url(portal, "/news/kinh-te-xa-hoi/doan-cong-tac-so-1401-1401.html"))[2]
    title = re.search(r'itemprop="headline">([^<]+)<', nfd)[1]
    assert title == unicodedata.normalize("NFD", "Đảng bộ xã Điềm Mặc đại hội")
    assert unicodedata.normalize("NFD", "Đồng chí Bí thư") in nfd
    eth = fetch(url(portal, "/news/kinh-te-xa-hoi/doan-cong-tac-so-1402-1402.html"))[2]
    title = re.search(r'itemprop="headline">([^<]+)<', eth)[1]
    assert title == "\u00d0ảng bộ xã \u00d0iềm Mặc ðại hội lần hai"
    assert "\u00d0ồng chí Bí thư" in eth


def test_rate_limit(corpus_dir: Path) -> None:
    with FixturePortal(load_corpus(corpus_dir), rate_limit=3) as portal:
        statuses = [fetch(url(portal, "/robots.txt"))[0] for _ in range(3)]
        status, headers, _ = fetch(url(portal, "/robots.txt"))
    assert statuses == [200, 200, 200]
    assert status == 429 and 1 <= int(headers["Retry-After"]) <= 60


def test_add_article(portal: FixturePortal) -> None:
    corpus = portal.corpus
    new = replace(corpus.by_key("news", 1305), id=1500, alias="tin-moi-dang",  # type: ignore[arg-type]
                  title="Tin mới đăng", published=datetime.now(UTC))
    assert fetch(url(portal, new.url_path))[0] == 404
    portal.add_article(new)
    assert fetch(url(portal, new.url_path))[0] == 200
    assert new.url_path in fetch(url(portal, "/news/thoi-su-chinh-tri/"))[2]
    assert "news_1500" in fetch(url(portal, "/news/rss/"))[2]


# --- synthetic -----------------------------------------------------------------------------


def test_synthetic_corpus_is_deterministic_and_complete() -> None:
    a, b = synthetic_corpus(400), synthetic_corpus(400)
    assert len(a.articles) == 400 and a.articles == b.articles
    assert synthetic_corpus(400, seed=2).articles != a.articles
    cats = {(x.module, x.category) for x in a.articles}
    assert cats == {(m.name, c.alias) for m in a.site.modules for c in m.categories}
    assert len({x.key for x in a.articles}) == 400
    years = {x.published.year for x in a.articles}
    assert len(years) >= 5
    assert all(3 <= sum(b.kind == "p" for b in x.body) <= 5 for x in a.articles)
    assert any(x.tags for x in a.articles) and any(x.lead_image for x in a.articles)


def test_synthetic_portal_serves() -> None:
    with FixturePortal(synthetic=60) as portal:
        article = portal.corpus.published_articles()[0]
        assert fetch(url(portal, article.url_path))[0] == 200
        sitemap = fetch(url(portal, "/sitemap-vi.news.xml"))[2]
        assert sitemap.count("<url>") == len(portal.corpus.articles_in("news"))
