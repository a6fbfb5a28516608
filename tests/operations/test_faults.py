"""Faulty servers and pages: each gives the right article or a recorded failure, never a crash
and never a wrong article."""

from __future__ import annotations

import gzip
import socket
import sqlite3
import subprocess
import sys
import time
import unicodedata
from http.server import BaseHTTPRequestHandler

from tests.local_server import Page, serve, serve_route

TITLE = "Đồng chí Bí thư Tỉnh ủy thăm và làm việc tại huyện Định Hóa"
BODY = "Sáng 14/3, đoàn công tác của Tỉnh ủy đã đến thăm và làm việc tại xã Phú Đình."
PAGE = """<html><head>{meta}<meta name="generator" content="NukeViet v4.5">
<meta property="article:published_time" content="2024-03-14+0708:05:00"></head><body>
<div class="news_column" itemscope itemtype="http://schema.org/NewsArticle">
<h1 class="title" itemprop="headline">{title}</h1>
<span class="h5">Thứ năm - 14/03/2024 08:05</span>
<div id="news-bodyhtml" class="bodytext"><p>{body}</p></div>
</div></body></html>"""
FAULTS = ["ok", "error500", "flaky503", "timeout", "dropped", "truncated", "loop", "offsite",
          "oversized", "bomb", "malformed", "wrongcharset", "nocharset", "cp1258"]
TONES = "\u0300\u0301\u0303\u0309\u0323"
STORED = {"ok", "flaky503", "malformed", "wrongcharset", "nocharset", "cp1258"}


def page(meta: str = "", title: str = TITLE, body: str = BODY) -> str:
    return PAGE.format(meta=meta, title=title, body=body)


def cp1258(text: str) -> bytes:
    """Windows-1258: base letters precomposed where the code page has them, tones combining."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            tones = "".join(c for c in parts if c in TONES)
            out += (base + tones).encode("cp1258")
    return bytes(out)


def fault_site(offsite_base: str):
    flaky = {"count": 0}

    def route(handler: BaseHTTPRequestHandler) -> Page | None:
        path = handler.path
        name = path.rsplit("/", 1)[-1].removesuffix(".html").rsplit("-", 1)[0]
        if path == "/":
            links = "".join(f'<a href="/news/thu/{f}-{i + 1}.html">{f}</a>' for i, f in enumerate(FAULTS))
            return 200, {}, f'<html><head><meta name="generator" content="NukeViet v4.5"></head><body>{links}'
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow:\n"
        if name == "ok":
            return 200, {}, page()
        if name == "error500":
            return 500, {}, "Internal Server Error"
        if name == "flaky503":
            flaky["count"] += 1
            return (503, {}, "busy") if flaky["count"] == 1 else (200, {}, page())
        if name == "timeout":
            time.sleep(3)
            return 200, {}, page()
        if name == "dropped":
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return None
        if name == "truncated":
            body = page().encode()
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(body) * 3))
            handler.end_headers()
            handler.wfile.write(body)
            handler.close_connection = True
            return None
        if name == "loop":
            again = "again" not in path
            target = "/news/thu/loop-7.html?again" if again else "/news/thu/loop-7.html"
            return 302, {"Location": target}, ""
        if name == "offsite":
            return 301, {"Location": offsite_base + "news/thu/ok-1.html"}, ""
        if name == "oversized":
            return 200, {}, page(body=BODY + " x" * 600_000)
        if name == "bomb":
            return 200, {"Content-Encoding": "gzip"}, gzip.compress(b"\0" * 30_000_000)
        if name == "malformed":
            broken = (page().replace('class="title" itemprop="headline"', "class=title itemprop=headline")
                      .replace(f"{BODY}</p>", f"{BODY}</span></font>")
                      .replace("</div></body></html>", "<p><b><i>unclosed <table><tr><td>"))
            return 200, {}, broken
        if name == "wrongcharset":
            return 200, {"Content-Type": "text/html; charset=iso-8859-1"}, page()
        if name == "nocharset":
            return 200, {"Content-Type": "text/html"}, page()
        if name == "cp1258":
            meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
            return 200, {"Content-Type": "text/html"}, cp1258(page(meta=meta))
        return 404, {}, "not found"

    return serve_route(route, http11=True)


def test_every_fault_gives_the_right_article_or_a_recorded_failure(tmp_path):
    db = tmp_path / "faults.db"
    with serve({"/news/thu/ok-1.html": (200, {}, page(title="Bài của trang khác"))}) as offsite, \
            fault_site(offsite) as base:
        result = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", "--url", base, "--db", str(db),
             "--quiet", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "RETRY_TIMES=1", "-s", "DOWNLOAD_TIMEOUT=1",
             "-s", "DOWNLOAD_MAXSIZE=1000000", "-s", "DOWNLOAD_WARNSIZE=0",
             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4"],
            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    conn = sqlite3.connect(db)
    stored = {url.rsplit("/", 1)[1].rsplit("-", 1)[0]: (title, body)
              for url, title, body in conn.execute("SELECT url, title, body_text FROM articles")}
    assert set(stored) == STORED
    for name in STORED:
        assert stored[name] == (TITLE, BODY), name  # the right text, whatever the encoding
    failures = {url.rsplit("/", 1)[1].split("?")[0].rsplit("-", 1)[0]: reason
                for url, reason in conn.execute("SELECT url, reason FROM failures")}
    assert set(failures) == set(FAULTS) - STORED, failures
    assert failures["error500"] == "HTTP 500"
    assert "off the portal" in failures["offsite"]
    assert "Timeout" in failures["timeout"] or "timed out" in failures["timeout"].lower()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
