"""End to end: real Scrapy crawls the fixture portal on 127.0.0.1 into a temporary SQLite file."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest

from fixtures.portal import FixturePortal
from fixtures.portal.corpus import load_corpus
from pipelines.timezones import VN_TZ
from pipelines.vntext import ascii_key, canonicalise_inline

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4"]
FURNITURE = ("Những tin mới hơn", "Những tin cũ hơn", "Ý kiến bạn đọc", "Lượt xem", "Tác giả:",
             "Nguồn tin:", "Đánh giá", "Chia sẻ", "Từ khóa")


def crawl(base_url: str, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``portalnews crawl --url`` in a subprocess (a Twisted reactor runs once per process)."""
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "crawl", "--url", base_url, "--db", str(db),
         "--quiet", *FAST, *extra],
        capture_output=True, text=True, timeout=300, check=False,
    )


def rows(db: Path, sql: str, *params) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, corpus):
    """One portal, crawled twice into the same database."""
    db = tmp_path_factory.mktemp("e2e") / "portal.db"
    with FixturePortal() as portal:
        first = crawl(portal.base_url, db)
        after_first = rows(db, "SELECT count(*) AS n FROM articles")[0]["n"]
        requests_first = list(portal.requests)
        portal.reset_log()
        second = crawl(portal.base_url, db)
        requests_second = list(portal.requests)
        full = crawl(portal.base_url, db, "--full")
        yield {"db": db, "base": portal.base_url, "first": first, "second": second,
               "full": full, "after_first": after_first, "requests": requests_first,
               "requests_second": requests_second}


def expected_fields(article, corpus, base: str) -> dict:
    site = corpus.site
    category = site.module(article.module).category(article.category)
    images = []
    if article.lead_image:
        images.append({"url": urljoin(base, article.lead_image.src),
                       "caption": canonicalise_inline(article.lead_image.caption) or None})
    for block in article.body:
        if block.kind == "image":
            images.append({"url": urljoin(base, block.src),
                           "caption": canonicalise_inline(block.caption) or None})
    return {
        "title": canonicalise_inline(article.title),
        "lead": canonicalise_inline(article.lead),
        "body_text": "\n\n".join(canonicalise_inline(b.text) for b in article.body if b.kind == "p"),
        "author": canonicalise_inline(article.author) or None,
        "source": canonicalise_inline(article.source) or None,
        "category": canonicalise_inline(category.title),
        "tags": [canonicalise_inline(t) for t in article.tags],
        "images": images,
        "published": article.published.astimezone(VN_TZ).replace(second=0).isoformat(),
    }


def stored_fields(db: Path, article_id: int, row: sqlite3.Row) -> dict:
    tags = [r["tag"] for r in rows(db, "SELECT tag FROM tags WHERE article_id = ? ORDER BY rowid",
                                   article_id)]
    images = [dict(r) for r in rows(
        db, "SELECT url, caption FROM images WHERE article_id = ? ORDER BY position", article_id)]
    return {
        "title": row["title"], "lead": row["lead"], "body_text": row["body_text"],
        "author": row["author"], "source": row["source"], "category": row["category"],
        "tags": tags, "images": images, "published": row["published"],
    }


def test_crawl_succeeds(crawled):
    assert crawled["first"].returncode == 0, crawled["first"].stderr
    assert crawled["second"].returncode == 0, crawled["second"].stderr


def test_every_published_article_stored_once_with_every_field(crawled, corpus):
    db = crawled["db"]
    stored = {r["source_id"]: r for r in rows(db, "SELECT * FROM articles")}
    published = corpus.published_articles()
    assert len(stored) == len(published) >= 40
    for article in published:
        row = stored[f"{article.module}:{article.id}"]
        assert row["url"] == urljoin(crawled["base"], article.url_path.lstrip("/"))
        assert stored_fields(db, row["id"], row) == expected_fields(article, corpus,
                                                                    crawled["base"]), row["url"]
        assert row["published_precision"] == "minute"
        assert row["published_tz_source"] == "meta"


def test_update_time_is_the_edit_time(crawled, corpus):
    stored = {r["source_id"]: r for r in rows(crawled["db"], "SELECT * FROM articles")}
    for article in corpus.published_articles():
        row = stored[f"{article.module}:{article.id}"]
        assert row["updated"] == article.edited.astimezone(VN_TZ).isoformat()


def test_no_page_furniture_in_bodies(crawled):
    for row in rows(crawled["db"], "SELECT body_text, lead FROM articles"):
        for text in FURNITURE:
            assert text not in row["body_text"] and text not in (row["lead"] or "")


def test_unpublished_articles_absent(crawled, corpus):
    unpublished = [a for a in corpus.articles if not a.published_ok]
    assert unpublished
    ids = {r["source_id"] for r in rows(crawled["db"], "SELECT source_id FROM articles")}
    for article in unpublished:
        assert f"{article.module}:{article.id}" not in ids


def test_second_crawl_adds_nothing_and_fetches_no_article(crawled):
    db = crawled["db"]
    assert rows(db, "SELECT count(*) AS n FROM articles")[0]["n"] == crawled["after_first"]
    assert rows(db, "SELECT max(versions) AS v FROM articles")[0]["v"] == 1
    assert rows(db, "SELECT count(*) AS n FROM article_versions")[0]["n"] == crawled["after_first"]
    runs = rows(db, "SELECT * FROM crawl_runs ORDER BY id")
    assert len(runs) == 3
    assert runs[1]["articles_new"] == runs[1]["articles_updated"] == 0
    assert runs[1]["articles_unchanged"] == 0
    assert not [p for _m, p, _s in crawled["requests_second"] if p.endswith(".html")]
    assert not [p for _m, p, _s in crawled["requests_second"] if "/page-" in p]
    assert all(r["finish_reason"] == "finished" for r in runs)


def test_full_crawl_refetches_without_new_versions(crawled):
    assert crawled["full"].returncode == 0, crawled["full"].stderr
    full_run = rows(crawled["db"], "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    assert full_run["articles_unchanged"] == crawled["after_first"]
    assert full_run["articles_new"] == full_run["articles_updated"] == 0


def test_politeness_robots_and_traps(crawled):
    paths = [path for _method, path, _status in crawled["requests"]]
    assert "/robots.txt" in paths
    for path in paths:
        assert "/print/" not in path and "/sendmail/" not in path and "/savefile/" not in path


def test_no_failures_for_a_clean_portal(crawled):
    """(The pages of the page modules about and lich-su, whose aliases end like articles 1205
    and 1210, are never fetched: the ledger rejects them, tests/test_nukeviet_identity.py.)"""
    failures = rows(crawled["db"], "SELECT url, reason FROM failures")
    assert [dict(f) for f in failures] == []


def test_portal_rendered_in_another_zone_gives_the_same_times(tmp_path, corpus):
    """NukeViet renders times in the visitor's zone: the meta tells, the crawler converts."""
    db = tmp_path / "utc.db"
    with FixturePortal(render_tz="UTC") as portal:
        result = crawl(portal.base_url, db)
    assert result.returncode == 0, result.stderr
    stored = {r["source_id"]: r for r in rows(db, "SELECT * FROM articles")}
    for article in corpus.published_articles():
        row = stored[f"{article.module}:{article.id}"]
        assert row["published"] == article.published.astimezone(VN_TZ).replace(second=0).isoformat()
        assert row["published_tz_source"] == "meta"


def test_search_command_finds_every_crawled_article_with_the_words(crawled):
    """``search "dinh hoa"`` gives exactly the stored articles whose title, lead or body has both
    words, with or without diacritics."""
    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "search", "dinh hoa", "--db", str(crawled["db"]),
         "--json", "--limit", "1000"], capture_output=True, text=True, timeout=60, check=True)
    hits = [json.loads(line)["url"] for line in result.stdout.splitlines()]
    words = {row["url"]: set(re.findall(r"\w+", ascii_key(" ".join(
        row[k] or "" for k in ("title", "lead", "body_text")))))
        for row in rows(crawled["db"], "SELECT url, title, lead, body_text FROM articles")}
    expected = {url for url, found in words.items() if {"dinh", "hoa"} <= found}
    assert expected and len(hits) == len(set(hits)) and set(hits) == expected


def test_whole_publish_date_result_is_kept(crawled):
    for row in rows(crawled["db"], "SELECT published_raw, published_result FROM articles"):
        result = json.loads(row["published_result"])
        assert result["raw"] == row["published_raw"]
        assert result["weekday_consistent"] is True  # the fixture's weekday names are right
        assert result["error"] is None and result["year_inferred"] is False


def test_since_backfills_down_to_the_date(tmp_path, corpus):
    """``--since`` stores exactly what was published on or after the day. (The corpus has no
    article published before the day and edited after it, so the edited side is not told apart.)"""
    db = tmp_path / "since.db"
    since = "2025-01-01"
    with FixturePortal() as portal:
        result = crawl(portal.base_url, db, "--since", since)
    assert result.returncode == 0, result.stderr
    stored = {r["source_id"] for r in rows(db, "SELECT source_id FROM articles")}
    day = lambda when: when.astimezone(VN_TZ).date().isoformat()  # noqa: E731
    recent = {f"{a.module}:{a.id}" for a in corpus.published_articles() if day(a.published) >= since}
    edited = {f"{a.module}:{a.id}" for a in corpus.published_articles() if day(a.edited) >= since}
    assert recent and recent == edited
    assert stored == recent
