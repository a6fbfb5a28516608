"""Bad input: clear errors, recorded failures, and the crawl goes on."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from http.server import BaseHTTPRequestHandler

import pytest

from tests.local_server import Page, serve, serve_route

HOME = """<html><head><meta name="generator" content="NukeViet v4.5"></head><body>
<h1>Cổng thử</h1>
<a href="/news/rss/">RSS</a>
<a href="/news/thoi-su/bai-tot-1.html">Bài tốt</a>
<a href="/news/thoi-su/bai-khong-tieu-de-2.html">Bài lỗi</a>
<a href="/news/thoi-su/bai-mat-3.html">Bài mất</a>
<a href="/news/thoi-su/bai-la-4.html">Bài lạ</a>
<a href="http://example.org/news/thoi-su/ngoai-5.html">Ngoài trang</a>
</body></html>"""
ARTICLE = """<html><head><meta name="generator" content="NukeViet v4.5">
<meta property="article:published_time" content="2024-03-14+0708:05:00"></head><body>
<div class="news_column" itemscope itemtype="http://schema.org/NewsArticle">
<h1 class="title" itemprop="headline">{title}</h1>
<span class="h5">Thứ năm - 14/03/2024 08:05</span>
<div class="hometext" itemprop="description">Tóm tắt.</div>
<div id="news-bodyhtml" class="bodytext">{body}</div>
</div></body></html>"""
PAGES = {
    "/": (200, {}, HOME),
    "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /admin/\n"),
    "/news/thoi-su/bai-tot-1.html": (200, {}, ARTICLE.format(title="Bài tốt", body="<p>Nội dung.</p>")),
    "/news/thoi-su/bai-khong-tieu-de-2.html": (200, {}, ARTICLE.format(title="", body="<p>Có thân.</p>")),
    "/news/thoi-su/bai-la-4.html": (200, {}, "<html><body><p>Không phải bài viết</p></body></html>"),
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True,
                          text=True, timeout=120, check=False)


def fast(base: str, db) -> list[str]:
    return ["crawl", "--url", base, "--db", str(db), "--quiet", "-s", "DOWNLOAD_DELAY=0",
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0"]


def test_bad_pages_are_recorded_and_the_crawl_goes_on(tmp_path):
    db = tmp_path / "x.db"
    with serve(PAGES) as base:
        result = run(*fast(base, db))
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(db)
    titles = [r[0] for r in conn.execute("SELECT title FROM articles")]
    assert titles == ["Bài tốt"]
    failures = {url.rsplit("/", 1)[1]: (stage, reason) for url, stage, reason in
                conn.execute("SELECT url, stage, reason FROM failures")}
    assert failures["bai-khong-tieu-de-2.html"] == ("validate", "missing title")
    assert failures["bai-mat-3.html"] == ("fetch", "HTTP 404")
    assert failures["bai-la-4.html"][0] == "parse"
    assert "wrapper" in failures["bai-la-4.html"][1]
    assert not any("ngoai" in url for url in failures)
    run_row = conn.execute("SELECT failures, articles_new, finish_reason FROM crawl_runs").fetchone()
    assert run_row == (3, 1, "finished")


def test_unsupported_platform_is_a_clear_error(tmp_path):
    wordpress = '<html><head><meta name="generator" content="WordPress 6.5"></head><body>' \
                '<link rel="stylesheet" href="/wp-content/themes/x.css"></body></html>'
    with serve({"/": (200, {}, wordpress)}) as base:
        result = run(*fast(base, tmp_path / "x.db"))
    assert result.returncode == 2
    assert "wordpress" in result.stderr and "no adapter" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_portal_fails_with_a_message(tmp_path):
    with serve({}) as base:
        pass  # server stopped: the port refuses connections
    log = tmp_path / "crawl.log"
    result = run(*fast(base, tmp_path / "x.db"), "--log-file", str(log))
    assert result.returncode == 3  # a runtime failure (docs/cli.md)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "could not fetch the home page" in lines[0], result.stderr
    assert "Connection" in lines[0] and str(log) in lines[0]
    assert "Traceback" not in result.stderr and "Traceback" in log.read_text(encoding="utf-8")
    conn = sqlite3.connect(tmp_path / "x.db")
    assert conn.execute("SELECT stage FROM failures").fetchone()[0] == "home"
    # the attempt is recorded, but a host never reached is not left behind as a portal
    assert conn.execute("SELECT count(*) FROM portals").fetchone()[0] == 0
    assert conn.execute("SELECT health FROM crawl_runs").fetchall() == [("failed",)]


@pytest.mark.parametrize(("url", "says"), [
    ("ftp://thainguyen.dcs.vn/", "http:// or https://"),
    ("thainguyen.dcs.vn", "did you mean http://thainguyen.dcs.vn"),
    ("http://", "has no host"),
    ("http://bad_host/", "is not a host name"),
    ("http://thainguyen.dcs.vn:99999/", "Port out of range"),
])
def test_bad_url_is_refused_before_scrapy_starts(tmp_path, url, says):
    result = run("crawl", "--url", url, "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and says in result.stderr, result.stderr
    assert not (tmp_path / "x.db").exists()


def test_bad_setting_override(tmp_path):
    result = run("crawl", "--url", "http://127.0.0.1:9/", "--db", str(tmp_path / "x.db"),
                 "-s", "NOEQUALS")
    assert result.returncode == 2 and "NAME=VALUE" in result.stderr


def test_crawl_without_url_explains(tmp_path):
    result = run("crawl", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2 and "--url" in result.stderr


def test_retry_after_is_honoured(tmp_path):
    """A 429 with Retry-After pauses the portal for that long, then the page is fetched."""
    import time

    hits: list[tuple[str, float]] = []
    limited = {"done": False}

    def route(handler: BaseHTTPRequestHandler) -> Page:
        hits.append((handler.path, time.monotonic()))
        if handler.path == "/news/thoi-su/bai-tot-1.html" and not limited["done"]:
            limited["done"] = True
            return 429, {"Retry-After": "2"}, ""
        return PAGES.get(handler.path, (404, {}, "x"))

    with serve_route(route) as base:
        result = run(*fast(base, tmp_path / "x.db"))
    assert result.returncode == 0, result.stderr
    times = [t for path, t in hits if path == "/news/thoi-su/bai-tot-1.html"]
    assert len(times) == 2
    assert times[1] - times[0] >= 1.9  # the announced wait, not the 0 s delay of the test
    conn = sqlite3.connect(tmp_path / "x.db")
    assert conn.execute("SELECT title FROM articles").fetchall() == [("Bài tốt",)]
