"""The run lock."""

import subprocess
import sys

import pytest

from crawler.lock import LockHeld, RunLock


def test_second_lock_refused_then_free(tmp_path):
    path = tmp_path / "run.lock"
    with RunLock(path), pytest.raises(LockHeld, match="pid"):
        RunLock(path).acquire()
    with RunLock(path):
        pass


def test_lock_released_when_holder_dies(tmp_path):
    path = tmp_path / "run.lock"
    code = f"from crawler.lock import RunLock; RunLock(__import__('pathlib').Path({str(path)!r})).acquire()"
    subprocess.run([sys.executable, "-c", code], check=True)
    with RunLock(path):
        pass
