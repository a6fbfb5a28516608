"""The distributed commands' errors are one line, and nothing imports Redis without --redis."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.distributed.conftest import cli


@pytest.mark.parametrize("command", [["worker"], ["writer"], ["status"],
                                     ["run", "--portal", "x"]])
def test_unreachable_redis_is_one_line(tmp_path, command):
    pytest.importorskip("redis", reason="the redis client is not installed (pip install redis)")
    registry = tmp_path / "portals.toml"
    registry.write_text('[[portal]]\nid = "x"\nname = "X"\nurls = ["http://127.0.0.1:9/"]\n'
                        'province = "Thái Nguyên"\nkind = "party"\n', encoding="utf-8")
    extra = ["--registry", str(registry)] if command[0] == "run" else []
    result = subprocess.run(cli(*command, "--redis", "redis://127.0.0.1:9/0", "--db",
                                str(tmp_path / "x.db"), *extra)
                            if command[0] != "worker" else
                            cli("worker", "--redis", "redis://127.0.0.1:9/0"),
                            capture_output=True, text=True, timeout=120, check=False)
    if command[0] == "status":  # status reads the database first: none here
        assert result.returncode == 2, result.stderr
    else:
        assert result.returncode == 3, result.stderr
        assert "cannot reach Redis at redis://127.0.0.1:9/0" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_single_machine_commands_never_import_redis():
    code = ("import sys; from crawler.cli import build_parser; build_parser(); "
            "import crawler.scheduled, crawler.crawl, pipelines.storage; "
            "print('redis' in sys.modules or 'crawler.distributed.jobs' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=True)
    assert result.stdout.strip() == "False"
