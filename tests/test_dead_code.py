"""No dead code in the production packages: vulture over crawler, pipelines, store and fixtures
(``[tool.vulture]`` in pyproject.toml) finds nothing that is not in the reviewed whitelist
(tests/vulture_whitelist.py: names a framework calls, fields read through asdict, fixtures the
tests use)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_vulture_finds_no_unused_code():
    pytest.importorskip("vulture", reason="vulture is a dev dependency: pip install vulture")
    run = subprocess.run([sys.executable, "-m", "vulture"], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, (
        "unused code (remove it, or add it to tests/vulture_whitelist.py saying who uses it):\n"
        + run.stdout + run.stderr)
