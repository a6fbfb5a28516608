"""Every reading command answers a missing database with a clear message, not a traceback."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("args", [["search", "Định Hóa"], ["export"], ["stats"], ["status"],
                                  ["people"], ["person", "Nguyễn Văn A"],
                                  ["holders", "Bí thư Tỉnh ủy"], ["serve"]])
def test_missing_database(tmp_path, args):
    result = subprocess.run([sys.executable, "-m", "crawler.cli", *args, "--db",
                             str(tmp_path / "none.db")], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 2
    assert "no database at" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "none.db").exists()  # a reading command never creates one
