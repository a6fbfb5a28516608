"""The chart pages of the Datasette plugin in headless Chromium: each draws its chart (an SVG
of non-zero size), logs nothing to the console, loads no script from elsewhere, and leaves a
screenshot in ``tests/artifacts/charts/`` (git-ignored)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.storage.datasette_server import Server, serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "charts"

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does it)",
                allow_module_level=True)

PAGES = {
    "person": ("/-/charts/person", {"name": "Nông Đức Thịnh"}, "Career of Nông Đức Thịnh"),
    "holders": ("/-/charts/holders", {"role": "Bi thu Tinh uy Thai Nguyen"},
                "Holders of Bí thư Tỉnh ủy tỉnh Thái Nguyên"),
    "activity": ("/-/charts/activity", {}, "Articles per portal per week"),
    "portal": ("/-/charts/portal/demo-thainguyen", {}, "Publishing rhythm of demo-thainguyen"),
    "health": ("/-/charts/health", {"days": "0"}, "Crawl health"),
    "provinces": ("/-/charts/provinces", {"by": "health"}, "Provinces by health of the latest runs"),
}


@pytest.fixture(scope="module")
def server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(demo_db, tmp_path_factory.mktemp("serve") / "serve.log") as running:
        yield running


def chromium(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on ``url``, console messages logged to stderr, scripts given 20 s."""
    assert CHROMIUM is not None, "chromium is required in CI (.ci/run installs it)"
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=20000", "--window-size=1400,1000", *extra, url],
        capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_draws_its_chart(server: Server, tmp_path: Path, name: str) -> None:
    path, params, title = PAGES[name]
    url = server.url(path, **params)
    html = server.get_text(path, **params)
    assert re.findall(r"<script src=\"([^\"]+)\"", html) == ["/-/charts/vega.js"]  # no CDN
    result = chromium(url, tmp_path / "profile", "--dump-dom")
    body = re.search(r"<body[^>]*>", result.stdout)
    assert body, result.stdout[:500]
    assert "data-chart-error" not in body.group(0), body.group(0)
    size = re.search(r'data-chart="(\d+)x(\d+)"', body.group(0))
    assert size and int(size.group(1)) > 100 and int(size.group(2)) > 50, body.group(0)
    assert title in result.stdout
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    assert not console, console
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{name}.png"
    chromium(url, tmp_path / "profile2", f"--screenshot={shot}")
    assert shot.stat().st_size > 5000


def test_unknown_person_page_says_so(server: Server) -> None:
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(server.url("/-/charts/person", name="Người Không Có"), timeout=60)
    assert err.value.code == 404
    page = err.value.read().decode("utf-8")
    assert "no person &#x27;Người Không Có&#x27; in the database" in page
    assert "vega.js" not in page


def test_rows_link_to_charts(server: Server) -> None:
    persons = server.get_text("/{db}/persons")
    assert re.search(r'href="/-/charts/person/\d+"', persons)
    portals = server.get_text("/{db}/portals")
    assert 'href="/-/charts/portal/demo-thainguyen"' in portals
    timeline = server.get_text("/{db}/person_timeline", name="Nông Đức Thịnh")
    assert "/-/charts/person?name=N%C3%B4ng" in timeline
    assert 'href="/-/charts"' in server.get_text("/-/charts")
    page = server.get_text("/-/charts/portal/demo-thainguyen")
    assert 'href="/-/charts/health?portal=demo-thainguyen"' in page
    assert server.url("/{db}/articles?portal=demo-thainguyen").removeprefix(server.base) in page


def test_html_file_draws_offline(demo_db: Path, tmp_path: Path) -> None:
    """``portalnews chart ... -o FILE.html`` opened from disk (no server, no network)."""
    import sys

    out = tmp_path / "career.html"
    subprocess.run([sys.executable, "-m", "crawler.cli", "chart", "person", "Nông Đức Thịnh",
                    "--db", str(demo_db), "-o", str(out)], check=True, capture_output=True,
                   timeout=300)
    result = chromium(out.as_uri(), tmp_path / "profile", "--dump-dom")
    svg = re.search(r'<svg[^>]*class="marks" width="(\d+)" height="(\d+)"', result.stdout)
    assert svg and int(svg.group(1)) > 100 and int(svg.group(2)) > 50, result.stdout[:1000]
    assert "Nông Đức Thịnh" in result.stdout
    assert not [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
