"""``portalnews portals list|show|check`` and ``crawl PORTAL_ID`` errors, against local servers only."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from fixtures.sites import FixtureSite
from tests.local_server import serve

UNKNOWN = "<html><head><title>Xã X</title></head><body><p>Trang tin</p></body></html>"
ENTRY = """[[portal]]
id = "{id}"
name = "{id}"
province = "Thái Nguyên"
kind = "test"
urls = ["{url}"]
platform = "{platform}"
verify_tls = {verify}
"""


def cli(*args: str, env_registry=None) -> subprocess.CompletedProcess[str]:
    extra = ["--registry", str(env_registry)] if env_registry else []
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args, *extra], capture_output=True,
                          text=True, timeout=120, check=False)


def registry(tmp_path, *entries) -> object:
    path = tmp_path / "portals.toml"
    path.write_text("".join(ENTRY.format(id=i, url=u, platform=p, verify=v) for i, u, p, v in entries),
                    encoding="utf-8")
    return path


def test_list_and_show_the_shipped_registry(tmp_path):
    listed = cli("portals", "list", "--province", "Thái Nguyên")
    assert listed.returncode == 0
    assert "thainguyen-dcs" in listed.stdout and "backan-gov" in listed.stdout
    as_json = [json.loads(line) for line in cli("portals", "list", "--json").stdout.splitlines()]
    assert len(as_json) > 68 and {"id", "urls", "platform", "verified"} <= set(as_json[0])
    shown = cli("portals", "show", "thainguyen-dcs", "--db", str(tmp_path / "none.db"))
    assert "xay-dung-dang" in shown.stdout and shown.returncode == 0


def test_unknown_ids_are_clear_errors(tmp_path):
    for args in (("portals", "show", "thainguyen-dc"), ("crawl", "thainguyen-dc", "--db",
                                                         str(tmp_path / "x.db"))):
        result = cli(*args)
        assert result.returncode == 2
        assert "unknown portal id 'thainguyen-dc'" in result.stderr
        assert "thainguyen-dcs" in result.stderr and "Traceback" not in result.stderr


def test_broken_registry_is_a_clear_error(tmp_path):
    path = tmp_path / "portals.toml"
    path.write_text('[[portal]]\nid = "x"\n', encoding="utf-8")
    result = cli("portals", "list", env_registry=path)
    assert result.returncode == 2 and "missing field" in result.stderr and str(path) in result.stderr


def test_check_records_health(tmp_path, certfile):
    db = tmp_path / "health.db"
    with serve({"/": (200, {}, UNKNOWN)}) as plain:
        moved_target = plain.replace("127.0.0.1", "localhost")
        with serve({"/": (301, {"Location": moved_target}, "")}) as moved, \
                serve({"/": (500, {}, "error")}) as broken, \
                FixtureSite("wordpress") as wp, FixtureSite("liferay", certfile=certfile) as tls:
            path = registry(tmp_path,
                            ("plain", plain, "unknown", "true"),
                            ("moved", moved, "unknown", "true"),
                            ("broken", broken, "unknown", "true"),
                            ("wp", wp.base_url, "liferay", "true"),
                            ("tls-strict", tls.base_url, "liferay", "true"),
                            ("tls-optout", tls.base_url.replace("127.0.0.1", "localhost"), "liferay",
                             "false"),
                            ("refused", "http://127.0.0.1:9/", "unknown", "true"))
            result = cli("portals", "check", "--all", "--timeout", "10", "--db", str(db),
                         env_registry=path)
    assert result.returncode == 1, result.stderr  # some portals are unhealthy
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = {r["portal"]: r for r in conn.execute("SELECT * FROM portal_checks")}
    assert rows["plain"]["http_status"] == 200 and rows["plain"]["platform"] == "unknown"
    assert rows["plain"]["error"] is None and rows["plain"]["tls_error"] is None
    assert rows["moved"]["final_url"] == moved_target and rows["moved"]["redirected"] == 1
    assert rows["broken"]["http_status"] == 500 and rows["broken"]["error"] == "HTTP 500"
    assert rows["wp"]["platform"] == "wordpress" and "/wp-content/" in rows["wp"]["platform_evidence"]
    assert "platform changed (registry: liferay)" in result.stdout
    assert rows["tls-strict"]["tls_error"].startswith("certificate")
    assert rows["tls-strict"]["http_status"] is None and "verify_tls" in rows["tls-strict"]["error"]
    assert rows["tls-optout"]["tls_error"] and rows["tls-optout"]["http_status"] == 200
    assert rows["tls-optout"]["platform"] == "liferay" and rows["tls-optout"]["final_url"].endswith(
        "/trang-chu")
    assert rows["refused"]["http_status"] is None and rows["refused"]["error"]
    assert all(r["checked_at"] and r["elapsed_ms"] is not None for r in rows.values())
