"""The crawl ledger over real crawls: every candidate article ends in one recorded state, with its
reason, including a time limit; nothing found is lost silently."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.local_server import Page, serve_route

HOME = """<html><head><meta name="generator" content="NukeViet v4.5"></head><body>
<ul class="nav"><li><a href="/about/gioi-thieu-so-1.html">Giới thiệu</a></li></ul>
<a href="/news/thoi-su/bai-tot-1.html">stored</a>
<a href="/news/su-kien/bai-tot-ban-cu-1.html">same article, another URL</a>
<a href="/news/thoi-su/bai-khong-tieu-de-2.html">validation</a>
<a href="/news/thoi-su/bai-mat-3.html">404</a>
<a href="/news/thoi-su/bai-la-4.html">not an article</a>
<a href="/news/cam/bai-cam-6.html">robots.txt</a>
<a href="/news/thoi-su/chuyen-7.html">redirected to 8</a>
<a href="/news/thoi-su/bai-dich-8.html">8</a>
<a href="/news/thoi-su/loi-9.html">500</a>
<a href="http://example.org/news/thoi-su/ngoai-10.html">another site</a>
</body></html>"""
LISTING = ('<html><head><meta name="generator" content="NukeViet v4.5"></head><body>'
           + "".join(f'<h3><a href="/news/thoi-su/cham-{n}.html">slow</a></h3>' for n in range(20, 24))
           + "</body></html>")
ARTICLE = """<html><head><meta name="generator" content="NukeViet v4.5">
<meta property="article:published_time" content="2024-03-14+0708:05:00"></head><body>
<div class="news_column" itemscope itemtype="http://schema.org/NewsArticle">
<h1 class="title" itemprop="headline">{title}</h1>
<span class="h5">Thứ năm - 14/03/2024 08:05</span>
<div id="news-bodyhtml" class="bodytext"><p>Nội dung của bài {title}.</p></div>
</div></body></html>"""
SLOW_SECONDS = 8


def ledger_site(slow: dict[str, bool]):
    """A NukeViet-like site with one page per outcome, and a module listing of four articles that
    answer after SLOW_SECONDS while ``slow["on"]`` (a time limit leaves them for the next run)."""

    def route(handler: BaseHTTPRequestHandler) -> Page:
        path = handler.path
        if path == "/":
            return 200, {}, HOME
        if path == "/news/":
            return 200, {}, LISTING
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /news/cam/\n"
        if path == "/news/thoi-su/bai-khong-tieu-de-2.html":
            return 200, {}, ARTICLE.format(title="")
        if path == "/news/thoi-su/bai-la-4.html" or path.startswith("/about/"):
            return 200, {}, "<html><body><p>Trang giới thiệu</p></body></html>"
        if path == "/news/thoi-su/chuyen-7.html":
            return 301, {"Location": "/news/thoi-su/bai-dich-8.html"}, ""
        if path == "/news/thoi-su/loi-9.html":
            return 500, {}, "error"
        if "/cham-" in path and slow["on"]:
            time.sleep(SLOW_SECONDS)
        if path.startswith(("/news/thoi-su/bai-tot-", "/news/su-kien/bai-tot-",
                            "/news/thoi-su/bai-dich-", "/news/thoi-su/cham-")):
            return 200, {}, ARTICLE.format(title=path.rsplit("/", 1)[1])
        return 404, {}, "not found"

    return serve_route(route, http11=True)


def crawl(base: str, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "crawl", "--url", base, "--db", str(db), "--quiet",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0",
         *extra],
        capture_output=True, text=True, timeout=300, check=False)


def ledger(db: Path, run_id: int) -> dict[str, tuple[str, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return {url.split("/", 3)[3]: (state, reason) for url, state, reason in conn.execute(
            "SELECT url, state, reason FROM crawl_ledger WHERE run_id = ?", [run_id])}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The site crawled three times: with a time limit, then to the end, then again."""
    db = tmp_path_factory.mktemp("ledger") / "ledger.db"
    slow = {"on": True}
    with ledger_site(slow) as base:
        # One request at a time (the downloader finishes what it was handed, even after a time
        # limit): the home page's articles first (higher priority than the module listing),
        # then the slow ones; the limit falls during the first slow one.
        limited = crawl(base, db, "-s", "CLOSESPIDER_TIMEOUT=4",
                        "-s", "CONCURRENT_REQUESTS=1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
        slow["on"] = False
        complete = crawl(base, db, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8")
        again = crawl(base, db, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8")
    return {"db": db, "base": base, "limited": limited, "complete": complete, "again": again}


def test_every_outcome_is_recorded_with_its_reason(crawled):
    assert crawled["limited"].returncode == 0, crawled["limited"].stderr
    rows = ledger(crawled["db"], 1)
    slow = {f"news/thoi-su/cham-{n}.html" for n in range(20, 24)}
    assert {url: rows[url] for url in rows if url not in slow} == {
        "news/thoi-su/bai-tot-1.html": ("stored", "new"),
        "news/su-kien/bai-tot-ban-cu-1.html": (
            "known", f"same identity (news:1) as {crawled['base']}news/thoi-su/bai-tot-1.html, "
                     "stored in this run"),
        "news/thoi-su/bai-khong-tieu-de-2.html": ("failed", "invalid article: missing title"),
        "news/thoi-su/bai-mat-3.html": ("failed", "HTTP 404"),
        "news/thoi-su/bai-la-4.html": (
            "rejected", "no NukeViet article wrapper (div.news_column / NewsArticle microdata)"),
        "about/gioi-thieu-so-1.html": (
            "rejected", "page of module 'about' (a module's own page, not an article of the news "
                        "module 'news')"),
        "news/cam/bai-cam-6.html": ("failed", "forbidden by robots.txt"),
        "news/thoi-su/chuyen-7.html": rows["news/thoi-su/chuyen-7.html"],
        "news/thoi-su/bai-dich-8.html": rows["news/thoi-su/bai-dich-8.html"],
        "news/thoi-su/loi-9.html": ("failed", "HTTP 500"),
    }
    # 7 redirects to 8: one of the two URLs stores news:8, the other is the same article.
    pair = sorted([rows["news/thoi-su/chuyen-7.html"][0], rows["news/thoi-su/bai-dich-8.html"][0]])
    assert pair == ["known", "stored"]
    # The time limit fell while the first slow article was downloading: that one is stored
    # (Scrapy finishes the downloads in flight), the three still queued are left for the next run.
    assert sorted(rows[url][0] for url in slow) == ["deferred", "deferred", "deferred", "stored"]
    assert {rows[url][1] for url in slow if rows[url][0] == "deferred"} == {
        "left for the next run: crawl stopped (closespider_timeout)"}


def test_a_time_limited_run_is_not_healthy_but_accounts_for_everything(crawled):
    conn = sqlite3.connect(crawled["db"])
    health, problems, reason, stats = conn.execute(
        "SELECT health, problems, finish_reason, stats FROM crawl_runs WHERE id = 1").fetchone()
    assert reason == "closespider_timeout"
    assert health == "warning"
    assert "crawl stopped early: closespider_timeout" in json.loads(problems)
    stats = json.loads(stats)
    assert stats["ledger/unaccounted"] == 0
    assert stats["ledger/candidates"] == 14
    assert stats["ledger/deferred"] == 3


def test_the_next_run_fetches_what_was_left(crawled):
    assert crawled["complete"].returncode == 0, crawled["complete"].stderr
    rows = ledger(crawled["db"], 2)
    slow = [rows[f"news/thoi-su/cham-{n}.html"] for n in range(20, 24)]
    assert sorted(slow) == [("known", "stored (no modification time offered)")] + [
        ("stored", "new")] * 3
    assert rows["news/thoi-su/bai-tot-1.html"] == ("known", "stored (no modification time offered)")
    assert rows["news/thoi-su/bai-mat-3.html"] == ("failed", "HTTP 404")
    conn = sqlite3.connect(crawled["db"])
    stats = json.loads(conn.execute("SELECT stats FROM crawl_runs WHERE id = 2").fetchone()[0])
    assert stats["finish_reason"] == "finished" and stats["ledger/unaccounted"] == 0
    stored = {r[0] for r in conn.execute("SELECT source_id FROM articles")}
    assert stored == {"news:1", "news:8", "news:20", "news:21", "news:22", "news:23"}


def test_states_are_final_and_one_per_url(crawled):
    conn = sqlite3.connect(crawled["db"])
    states = {r[0] for r in conn.execute("SELECT DISTINCT state FROM crawl_ledger")}
    assert states <= {"stored", "unchanged", "known", "failed", "rejected", "deferred"}
    assert conn.execute("SELECT count(*) FROM crawl_ledger WHERE reason IS NULL AND state != "
                        "'unchanged'").fetchone()[0] == 0
    dupes = conn.execute("SELECT count(*) FROM (SELECT run_id, url FROM crawl_ledger "
                         "GROUP BY 1, 2 HAVING count(*) > 1)").fetchone()[0]
    assert dupes == 0


def test_a_candidate_lost_on_the_way_makes_the_run_unhealthy(tmp_path):
    """Scrapy's URL length filter drops requests with a log line only: the ledger still has them
    and calls them unaccounted, and the run is not healthy."""
    db = tmp_path / "lost.db"
    with ledger_site({"on": False}) as base:
        result = crawl(base, db, "-s", f"URLLENGTH_LIMIT={len(base) + 30}")
    assert result.returncode == 0, result.stderr
    rows = ledger(db, 1)
    lost = {url: reason for url, (state, reason) in rows.items() if state == "unaccounted"}
    # The only article URL longer than the limit (the other long one is the same article as
    # bai-tot-1, never requested).
    assert lost == {"news/thoi-su/bai-khong-tieu-de-2.html":
                    "no outcome when the crawl finished (pending)"}
    conn = sqlite3.connect(db)
    health, problems = conn.execute("SELECT health, problems FROM crawl_runs").fetchone()
    assert health == "warning"
    assert any(f"{len(lost)} candidate article(s) unaccounted for" in p for p in json.loads(problems))


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True,
                          text=True, timeout=120, check=False)


def test_coverage_json_lists_every_candidate(crawled):
    result = cli("coverage", "--db", str(crawled["db"]), "--run", "1", "--json")
    assert result.returncode == 0, result.stderr
    [run] = json.loads(result.stdout)["runs"]
    assert run["run_id"] == 1 and run["finish_reason"] == "closespider_timeout"
    assert run["candidates"] == 14 and run["unaccounted"] == 0
    # stored: bai-tot-1, news:8 (through one of its two URLs), the slow article in flight.
    assert run["states"] == {"stored": 3, "unchanged": 0, "known": 2, "failed": 4, "rejected": 2,
                             "deferred": 3, "unaccounted": 0}
    entries = {e["url"].split("/", 3)[3]: e for e in run["entries"]}
    assert len(entries) == 14
    assert entries["news/thoi-su/bai-mat-3.html"]["http_status"] == 404
    assert entries["about/gioi-thieu-so-1.html"]["channel"] == "home"
    assert entries["news/thoi-su/bai-tot-1.html"]["source_id"] == "news:1"
    assert entries["news/thoi-su/bai-tot-1.html"]["article_id"] is not None


def test_coverage_text_defaults_to_the_latest_run(crawled):
    result = cli("coverage", "--db", str(crawled["db"]))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Run #3  127.0.0.1:")
    assert "finished, health" in lines[0]
    assert lines[1].startswith("  candidates 14: ")
    assert "unaccounted 0" in lines[1]
    assert any(line.split() == ["failed", "1", "HTTP", "404"] for line in lines)
    assert f"    {crawled['base']}news/thoi-su/bai-mat-3.html  HTTP 404" in lines


def test_coverage_and_status_exit_1_when_a_candidate_is_unaccounted(tmp_path):
    """A run killed mid-way keeps pending rows: counted as unaccounted by every reader."""
    from store.database import open_db, start_run

    db_path = tmp_path / "killed.db"
    db = open_db(db_path)
    run_id = start_run(db, portal="p", spider="nukeviet")
    with db.conn:
        db["crawl_ledger"].insert_all([
            {"run_id": run_id, "portal": "p", "url": "http://p/news/a/b-1.html", "state": "stored",
             "reason": "new"},
            {"run_id": run_id, "portal": "p", "url": "http://p/news/a/c-2.html", "state": "pending"},
        ])
    db.close()
    result = cli("coverage", "--db", str(db_path), "--portal", "p")
    assert result.returncode == 1
    assert "did not finish (killed?)" in result.stdout
    assert "candidates 2: stored 1 (new 1), unaccounted 1" in result.stdout
    assert "    http://p/news/a/c-2.html" in result.stdout.splitlines()
    text = cli("status", "--db", str(db_path))
    assert text.returncode == 1
    assert "candidates 2 (run #1): stored 1, unaccounted 1" in text.stdout
    status = cli("status", "--db", str(db_path), "--json")
    assert status.returncode == 1
    [portal] = json.loads(status.stdout)["portals"]
    assert portal["ledger"] == {"candidates": 2, "unaccounted": 1, "states": {
        "stored": 1, "unchanged": 0, "known": 0, "failed": 0, "rejected": 0, "deferred": 0,
        "unaccounted": 1}}


def test_coverage_errors_are_one_line(tmp_path):
    from store.database import open_db

    db_path = tmp_path / "empty.db"
    open_db(db_path).close()
    assert cli("coverage", "--db", str(db_path)).stderr == (
        "portalnews: error: no crawl in this database yet\n")
    result = cli("coverage", "--db", str(db_path), "--run", "7")
    assert result.returncode == 2
    assert result.stderr.startswith("portalnews: error: no run #7")
    assert "Traceback" not in result.stderr


def test_unaccounted_candidates_make_the_verdict_and_the_run_unhealthy():
    from crawler.scheduled import EXIT_FAILED, EXIT_OK, PortalOutcome, exit_code
    from store.verdict import evaluate

    stats = {"portalnews/platform": "nukeviet4", "finish_reason": "finished",
             "portalnews/articles_new": 3, "ledger/stored": 3, "ledger/unaccounted": 0}
    assert evaluate(stats).status == "ok"
    assert exit_code([PortalOutcome("p", evaluate(stats), stats)]) == EXIT_OK
    lost = {**stats, "ledger/unaccounted": 2}
    verdict = evaluate(lost)
    assert verdict.status == "warning"
    assert verdict.problems[0].startswith("2 candidate article(s) unaccounted for")
    outcome = PortalOutcome("p", verdict, lost)
    assert exit_code([outcome]) == EXIT_FAILED
    assert "2 unaccounted" in outcome.line()
