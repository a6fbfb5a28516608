"""TLS: certificates are verified by default; a portal opts out in the registry."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from fixtures.sites import FixtureSite

ENTRY = """[[portal]]
id = "{id}"
name = "Cổng {id}"
province = "Thái Nguyên"
kind = "test"
urls = ["{url}"]
platform = "generic"
verified = true
verify_tls = {verify}
"""


def test_self_signed_portal_fails_unless_it_opts_out(tmp_path, certfile):
    db = tmp_path / "tls.db"
    with FixtureSite("generic", certfile=certfile) as site:
        registry = tmp_path / "portals.toml"
        registry.write_text(
            ENTRY.format(id="strict", url=site.base_url, verify="true")
            + ENTRY.format(id="optout", url=site.base_url.replace("127.0.0.1", "localhost"),
                           verify="false"), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", "strict", "optout", "--registry",
             str(registry), "--db", str(db), "--quiet", "-s", "DOWNLOAD_DELAY=0",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0"],
            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode != 0  # one portal failed
    conn = sqlite3.connect(db)
    counts = dict(conn.execute("SELECT portal, count(*) FROM articles GROUP BY portal"))
    assert counts.get("strict") is None and counts["optout"] > 40
    stage, reason = conn.execute("SELECT stage, reason FROM failures WHERE portal = 'strict'").fetchone()
    assert stage == "home" and ("SSL" in reason or "certificate" in reason.lower()), reason
