"""Smoke test in headless Chromium: the search page and a canned query render their rows."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from datasette_server import Server, serving
from storage_corpus import make_db

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does it)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    path = make_db(tmp_path_factory.mktemp("browser") / "news.db")
    with serving(path, path.parent / "serve.log") as running:
        yield running


def dump_dom(url: str, profile: Path) -> str:
    """The DOM after load, as Chromium renders it."""
    assert CHROMIUM is not None, "chromium is required in CI (.ci/run installs it)"
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_search_page(server: Server, tmp_path: Path) -> None:
    dom = dump_dom(server.url("/{db}/search", q="dinh hoa"), tmp_path / "profile")
    assert "Search articles" in dom
    assert "Định Hoá phát triển sản phẩm OCOP" in dom
    assert "[Định] [Hóa]" in dom


def test_person_timeline_page(server: Server, tmp_path: Path) -> None:
    dom = dump_dom(server.url("/{db}/person_timeline", name="Nguyễn Văn An"), tmp_path / "profile")
    assert "A person's timeline" in dom or "A person&#39;s timeline" in dom
    assert "Bí thư Huyện ủy huyện Định Hóa" in dom and "2023-09-15" in dom
