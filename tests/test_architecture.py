"""The import contracts of pyproject.toml (``[tool.importlinter]``, docs/architecture.md) hold:
layers from the command line down to the normalisers, no Scrapy in the store, nothing imports
the command line, only the demo imports the fixtures, no cycles inside any package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    pytest.importorskip("importlinter", reason="import-linter is a dev dependency: pip install import-linter")
    run = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()",
         "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout, run.stdout
