"""``portalnews demo``: offline crawl of the bundled fixture portal, summary, working examples."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from fixtures.portal.corpus import load_corpus


def test_demo_crawls_the_fixture_portal_and_runs_its_examples(tmp_path):
    result = subprocess.run([sys.executable, "-m", "crawler.cli", "demo"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    published = len(load_corpus().published_articles())
    out = result.stdout
    assert f"{published} articles stored in data/demo.db" in out
    assert "0 failures recorded" in out
    examples = out.split("Example queries")[1].split("\n$ ")[1:]
    assert len(examples) == 3
    for example in examples:
        command, _, output = example.partition("\n")
        assert output.strip() and "error" not in output.lower(), command
    assert "pages" in result.stderr  # visible progress
    db = tmp_path / "data" / "demo.db"
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] == published
