"""NukeViet identity: article identities only for news modules; a page of another module whose
alias ends in an article's id never takes that article's place (the bug of a real NukeViet 4.5
site: /about/...-4.html took news:4 and article 4 was never requested)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest

from crawler.platforms.nukeviet_modules import SiteModules
from fixtures.portal import FixturePortal
from tests.local_server import serve

ABOUT = "/about/chuc-nang-nhiem-vu-theo-quyet-dinh-so-1205.html"
HISTORY = "/lich-su/tu-lieu-lich-su-ho-so-so-1210.html"
WRAPPER = "no NukeViet article wrapper (div.news_column / NewsArticle microdata)"


def crawl(base: str, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "crawl", "--url", base, "--db", str(db), "--quiet",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", *extra],
        capture_output=True, text=True, timeout=300, check=False)


def query(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


# -- the rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "key"), [
    ("/news/thoi-su/hoi-nghi-4.html", "news:4"),
    ("/tin-tuc/thoi-su/hoi-nghi-4.html", "tin-tuc:4"),  # a news module under another name
    ("/thoi-su/hoi-nghi-4.html", "news:4"),  # the default module, its name left out
    ("/news/thoi-su/hoi-nghi-4/", "news:4"),  # NukeViet 3.x
])
def test_articles_of_news_modules_have_identities(path, key):
    found, reason = SiteModules("news").identity("http://h" + path)
    assert (found.source_id if found else None, reason) == (key, None)


@pytest.mark.parametrize(("path", "module"), [
    ("/about/gioi-thieu-4.html", "about"),  # the page module: /{module}/{alias}.html
    ("/page/quy-che-lam-viec-4.html", "page"),
    ("/laws/quyet-dinh/quyet-dinh-so-4.html", "laws"),
    ("/download/bieu-mau/mau-so-4.html", "download"),
    ("/faq/hoi-dap/cau-hoi-4.html", "faq"),
])
def test_pages_of_other_modules_are_never_articles(path, module):
    found, reason = SiteModules("news").identity("http://h" + path)
    assert found is None
    assert reason is not None and f"page of module '{module}'" in reason


def test_a_module_learned_from_the_sitemap_index_owns_its_urls():
    site = SiteModules("news")
    url = "http://h/gioi-thieu/lich-su-dang-bo-4.html"
    assert site.ambiguous(url)
    assert site.identity(url)[0].source_id == "news:4"  # a category of the default module?
    assert site.learn_sitemap("http://h/sitemap-vi.gioi-thieu.xml") == "gioi-thieu"
    assert not site.ambiguous(url)
    assert site.identity(url) == (None, "page of module 'gioi-thieu' (a module's own page, not "
                                        "an article of the news module 'news')")
    assert site.identity("http://h/gioi-thieu/cat/bai-4.html")[0].source_id == "gioi-thieu:4"
    assert "about" not in site.news and not site.learn("about", news=True)
    assert site.learn_sitemap("http://h/index.php?language=vi&nv=van-ban&op=sitemap") == "van-ban"
    assert site.learn_sitemap("http://h/sitemap.xml") is None


# -- the fixture portal: both URLs accounted for, the articles stored -------------------------


@pytest.fixture(scope="module")
def fixture_crawl(tmp_path_factory):
    db = tmp_path_factory.mktemp("identity") / "portal.db"
    with FixturePortal() as portal:
        result = crawl(portal.base_url, db)
        requests = [path for _method, path, _status in portal.requests]
        base = portal.base_url
    return {"db": db, "result": result, "requests": requests, "base": base}


def test_the_articles_behind_colliding_page_aliases_are_stored(fixture_crawl):
    assert fixture_crawl["result"].returncode == 0, fixture_crawl["result"].stderr
    stored = dict(query(fixture_crawl["db"], "SELECT source_id, title FROM articles WHERE "
                        "source_id IN ('news:1205', 'news:1210')"))
    assert stored == {
        "news:1205": "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 19, khoá XX",
        "news:1210": "Bí thư Tỉnh ủy kiểm tra xây dựng nông thôn mới kiểu mẫu tại huyện Đại Từ",
    }
    assert query(fixture_crawl["db"], "SELECT count(*) FROM articles")[0][0] == 44


def test_the_module_pages_are_rejected_with_their_reason_and_never_fetched(fixture_crawl):
    base = fixture_crawl["base"]
    rows = {url: (state, reason, identity) for url, state, reason, identity in query(
        fixture_crawl["db"], "SELECT url, state, reason, identity FROM crawl_ledger "
        "WHERE url LIKE ? OR url LIKE ?", "%-1205.html", "%-1210.html")}
    about, history = urljoin(base, ABOUT), urljoin(base, HISTORY)
    assert rows.pop(about) == ("rejected", "page of module 'about' (a module's own page, not an "
                                           "article of the news module 'news')", None)
    assert rows.pop(history) == ("rejected", "page of module 'lich-su' (a module's own page, not "
                                             "an article of the news module 'news')", None)
    assert sorted((state, identity) for state, _reason, identity in rows.values()) == [
        ("stored", "news:1205"), ("stored", "news:1210")]
    # Learned before anything was fetched: the sitemap index names the module "lich-su".
    assert ABOUT not in fixture_crawl["requests"] and HISTORY not in fixture_crawl["requests"]
    assert query(fixture_crawl["db"], "SELECT count(*) FROM failures")[0][0] == 0
    assert query(fixture_crawl["db"], "SELECT health FROM crawl_runs")[0][0] == "ok"


# -- no sitemap index: the page is fetched, proves not to be the article, and lets it through ----
# Both links leave the module out (the default module's article, a page of a module the crawl
# cannot know): the page comes first in the menu and claims news:7; the article waits for it.


HOME = """<html><head><meta name="generator" content="NukeViet v4.5"></head><body>
<ul class="nav"><li><a href="/gioi-thieu/lich-su-dang-bo-7.html">Lịch sử</a></li></ul>
<a href="/thoi-su/hoi-nghi-tong-ket-7.html">Hội nghị tổng kết</a>
</body></html>"""
ARTICLE = """<html><head><meta name="generator" content="NukeViet v4.5">
<meta property="article:published_time" content="2024-03-14+0708:05:00"></head><body>
<div class="news_column" itemscope itemtype="http://schema.org/NewsArticle">
<h1 class="title" itemprop="headline">Hội nghị tổng kết</h1>
<span class="h5">Thứ năm - 14/03/2024 08:05</span>
<div id="news-bodyhtml" class="bodytext"><p>Sáng 14/3, hội nghị tổng kết năm.</p></div>
</div></body></html>"""
PAGE = """<html><head><meta name="generator" content="NukeViet v4.5"></head><body>
<div class="page panel panel-default" itemtype="http://schema.org/Article" itemscope>
<h1 class="title" itemprop="headline">Lịch sử Đảng bộ</h1>
<div class="bodytext" itemprop="articleBody"><p>Tư liệu.</p></div></div></body></html>"""


def test_an_identity_held_by_a_page_that_is_no_article_is_released(tmp_path):
    db = tmp_path / "release.db"
    pages = {"/": (200, {}, HOME), "/gioi-thieu/lich-su-dang-bo-7.html": (200, {}, PAGE),
             "/thoi-su/hoi-nghi-tong-ket-7.html": (200, {}, ARTICLE)}
    with serve(pages) as base:
        result = crawl(base, db, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
    assert result.returncode == 0, result.stderr
    assert query(db, "SELECT source_id, title FROM articles") == [("news:7", "Hội nghị tổng kết")]
    rows = {url.split("/", 3)[3]: (state, reason) for url, state, reason in query(
        db, "SELECT url, state, reason FROM crawl_ledger")}
    assert rows == {"gioi-thieu/lich-su-dang-bo-7.html": ("rejected", WRAPPER),
                    "thoi-su/hoi-nghi-tong-ket-7.html": ("stored", "new")}
