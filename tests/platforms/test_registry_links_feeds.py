"""The registry's ``article_links`` and ``next_page`` selectors and ``feeds``, end to end: a site
whose addresses tell nothing (``/tin/bai-bc``, ``/tin-tuc?trang=N`` with only a "next" link),
crawled by ``portalnews crawl`` with each of them, and with none."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections import Counter
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


def crawl_setup(setup: str, tmp: Path) -> tuple[str, Path, subprocess.CompletedProcess[str], list]:
    """The slug site crawled with one registry setup: (setup, db, result, requests)."""
    db = tmp / "portal.db"
    with FixtureSite("generic", slugs=True) as site:
        registry = tmp / "portals.toml"
        registry.write_text(REGISTRY.format(url=site.base_url, extra=SETUPS[setup]), encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "fixture-slugs",
                                 "--registry", str(registry), "--db", str(db), *FAST],
                                capture_output=True, text=True, timeout=300, check=False)
        return setup, db, result, list(site.requests)


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    """``crawls(setup)``: each setup crawled once, when a test first asks for it."""
    done: dict[str, tuple] = {}

    def get(setup: str) -> tuple:
        if setup not in done:
            done[setup] = crawl_setup(setup, tmp_path_factory.mktemp(setup))
        return done[setup]
    return get


def _stored(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT source_id, title FROM articles"))


@pytest.mark.parametrize("setup", ["selectors", "feeds"])
def test_selectors_or_feeds_find_every_article(crawls, setup):
    """With ``article_links`` or ``feeds`` every published article is stored, and no failure."""
    _, db, result, _requests = crawls(setup)
    assert result.returncode == 0, result.stderr
    assert set(_stored(db)) == {f"url:/tin/{slug(a)}" for a in load_corpus().published_articles()}
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0


def test_without_either_nothing_is_stored(crawls):
    """Nothing in the addresses says "article": the pages reached are listings, nothing stored."""
    _, db, result, requests = crawls("neither")
    assert result.returncode == 0, result.stderr
    assert _stored(db) == {}
    assert any(path.startswith("/tin/") for _m, path, _s in requests)  # opened, as listings


def test_each_article_fetched_once_with_selectors(crawls):
    """With ``article_links``, every article page is requested exactly once: the "most read"
    box links (outside the selector) to articles already requested are not opened as listings."""
    _, _db, _result, requests = crawls("selectors")
    fetched = Counter(path for _m, path, _s in requests if path.startswith("/tin/"))
    assert fetched == Counter({f"/tin/{slug(a)}": 1 for a in load_corpus().published_articles()})


def test_with_feeds_each_article_fetched_at_most_twice(crawls):
    """With ``feeds``, every article page is requested once as an article, and a page linked from
    the home page's listings may have been opened once before as a listing, before the feed told
    it is an article (the home page and the feed are read at the same time): at most twice."""
    _, _db, _result, requests = crawls("feeds")
    fetched = Counter(path for _m, path, _s in requests if path.startswith("/tin/"))
    assert set(fetched) == {f"/tin/{slug(a)}" for a in load_corpus().published_articles()}
    assert max(fetched.values()) <= 2


@pytest.mark.parametrize("setup", list(SETUPS))
def test_next_page_selector_reaches_the_last_page_else_max_depth(crawls, setup):
    _, _db, _result, requests = crawls(setup)
    pages = {path for _m, path, _s in requests if path.startswith("/tin-tuc")}
    if setup == "selectors":  # 11 pages, far beyond the generic spider's depth of 2
        assert pages == {f"/tin-tuc?trang={n}" for n in range(1, 12)}
    else:  # without the selector, as deep as max_depth (2) allows: home -> page 1 -> page 2
        assert pages == {"/tin-tuc?trang=1", "/tin-tuc?trang=2"}


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
