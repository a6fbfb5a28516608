"""The registry's ``article_links`` and ``next_page`` selectors and ``feeds``, end to end: a site
whose addresses tell nothing (``/tin/bai-bc``, ``/tin-tuc?trang=N`` with only a "next" link),
crawled by ``portalnews crawl`` with each of them, and with none."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fixtures.portal.corpus import load_corpus
from fixtures.sites import FixtureSite
from fixtures.sites.generic import slug

FAST = ["--quiet", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "RETRY_TIMES=0"]
REGISTRY = """[[portal]]
id = "fixture-slugs"
name = "Fixture slugs"
province = "Thái Nguyên"
kind = "test"
urls = ["{url}"]
platform = "generic"
verified = true
{extra}
"""
SETUPS = {
    "selectors": 'selectors = { article_links = "div.news-list a.title", next_page = "a.next" }',
    "feeds": 'feeds = ["/rss.xml"]',
    "neither": "",
}


@pytest.fixture(scope="module", params=list(SETUPS))
def crawled(request, tmp_path_factory):
    """The slug site crawled with one registry setup: (setup, db, result, requests)."""
    tmp = tmp_path_factory.mktemp(request.param)
    db = tmp / "portal.db"
    with FixtureSite("generic", slugs=True) as site:
        registry = tmp / "portals.toml"
        registry.write_text(REGISTRY.format(url=site.base_url, extra=SETUPS[request.param]),
                            encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "fixture-slugs",
                                 "--registry", str(registry), "--db", str(db), *FAST],
                                capture_output=True, text=True, timeout=300, check=False)
        yield request.param, db, result, list(site.requests)


def _stored(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT source_id, title FROM articles"))


def test_selectors_or_feeds_find_every_article(crawled):
    setup, db, result, requests = crawled
    expected = {f"url:/tin/{slug(a)}" for a in load_corpus().published_articles()}
    if setup == "neither":  # nothing in the addresses says "article": nothing is stored
        assert _stored(db) == {}
        return
    assert result.returncode == 0, result.stderr
    assert set(_stored(db)) == expected
    fetched = [path for _m, path, _s in requests if path.startswith("/tin/")]
    # an article is requested once as such; a "most read" link outside the selector may also
    # have been opened as a listing before the listing pages told it is an article
    assert {f"/tin/{key[len('url:/tin/'):]}" for key in expected} == set(fetched)
    assert all(fetched.count(path) <= 2 for path in fetched)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0


def test_next_page_is_followed_to_the_last_page(crawled):
    setup, _db, _result, requests = crawled
    pages = {path for _m, path, _s in requests if path.startswith("/tin-tuc")}
    if setup == "selectors":  # 11 pages, far beyond the generic spider's depth of 2
        assert pages == {f"/tin-tuc?trang={n}" for n in range(1, 12)}
    else:  # without the selector, only as deep as max_depth allows
        assert len(pages) <= 3


def test_selected_links_take_anchors_at_or_under_the_first_matching_alternative():
    from crawler.platforms.generic import selected_links

    page = ('<div class="list"><a class="t" href="/tin/a">A</a><p><a href="b">B</a></p></div>'
            '<a class="next" href="?trang=2#top">Sau</a>')
    assert selected_links(page, "http://h/x/", "div.list") == ["http://h/tin/a", "http://h/x/b"]
    assert selected_links(page, "http://h/x/", "a.t") == ["http://h/tin/a"]
    assert selected_links(page, "http://h/x/", ".missing, a.next, a.t") == ["http://h/x/?trang=2"]
    assert selected_links(page, "http://h/x/", None) == []


def test_registry_feeds_reach_the_spider():
    from crawler.registry import Portal
    from crawler.spiders.base import parse_urls
    from crawler.targets import portal_target

    portal = Portal(id="p", name="P", province="Thái Nguyên", kind="test",
                    urls=("http://h/",), feeds=("/rss.xml", "http://h/tin-tuc/rss"))
    assert portal_target(portal).spider_args["feeds"] == "/rss.xml,http://h/tin-tuc/rss"
    assert parse_urls("/rss.xml, /b ,,/rss.xml") == ("/rss.xml", "/b")
    assert parse_urls(["/a", " "]) == ("/a",)


def test_nukeviet_reads_the_registry_feeds_and_reports_a_wrong_one(tmp_path):
    """A NukeViet portal's registry feeds are requested too; one that answers 404 is a recorded
    discovery failure, not a silent gap (the crawl itself goes on)."""
    from fixtures.portal import FixturePortal

    db = tmp_path / "portal.db"
    with FixturePortal() as portal:
        registry = tmp_path / "portals.toml"
        registry.write_text(REGISTRY.format(url=portal.base_url, extra='feeds = ["/rss/cu.rss"]')
                            .replace('platform = "generic"', 'platform = "nukeviet4"'),
                            encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "fixture-slugs",
                                 "--registry", str(registry), "--db", str(db), *FAST],
                                capture_output=True, text=True, timeout=300, check=False)
        requested = [path for _m, path, _s in portal.requests]
    assert "/rss/cu.rss" in requested
    with sqlite3.connect(db) as conn:
        failures = conn.execute("SELECT url, reason, stage FROM failures").fetchall()
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert [(url.rsplit("/", 2)[-2:], reason, stage) for url, reason, stage in failures] == [
        (["rss", "cu.rss"], "HTTP 404", "discover")]
    assert stored == len(load_corpus().published_articles())
    assert result.returncode == 0, result.stderr  # a failed page does not fail the crawl
    assert "1 failure " in result.stdout
