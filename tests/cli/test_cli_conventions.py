"""The conventions every command keeps (docs/cli.md): exit status, one-line errors, one date
parser, quiet pipes, help and version, plurals."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.cli import build_parser, main
from tests.cli.conftest import ROOT, run_cli


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(("option", "value", "says"), [
    ("--on", "2024-13-01", "month must be in 1..12"),
    ("--on", "24/06/2024", "did you mean 2024-06-24"),
    ("--on", "2024-02-30", "day is out of range for month"),
    ("--on", "2024", "use YYYY-MM-DD"),
    ("--on", "20240624", "use YYYY-MM-DD"),
])
def test_holders_on_dates(demo_db: Path, capsys: pytest.CaptureFixture[str], option: str,
                          value: str, says: str) -> None:
    status, out, err = run(capsys, "holders", "Bí thư Tỉnh ủy", option, value, "--db", str(demo_db))
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and says in err and f"{option}: bad date" in err


@pytest.mark.parametrize("command", [["search", "tỉnh"], ["export"]])
@pytest.mark.parametrize(("option", "value"), [("--since", "2024-13"), ("--until", "31/12/2024"),
                                               ("--since", "2023-02-29")])
def test_filter_dates(demo_db: Path, capsys: pytest.CaptureFixture[str], command: list[str],
                      option: str, value: str) -> None:
    status, out, err = run(capsys, *command, option, value, "--db", str(demo_db))
    assert status == 2 and out == "" and err.count("\n") == 1 and f"{option}: bad date" in err


def test_crawl_and_normalise_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "crawl", "--url", "http://127.0.0.1:9/", "--since", "2024-02-30",
                         "--db", str(tmp_path / "x.db"))
    assert status == 2 and "--since: bad date '2024-02-30'" in err
    assert not (tmp_path / "x.db").exists()
    status, _, err = run(capsys, "normalise", "roles", "Bí thư Tỉnh ủy Lâm Quốc Bảo", "--date",
                         "2024-13-01")
    assert status == 2 and "--date: bad date" in err


def test_no_results_is_exit_1(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(demo_db)]
    for args in (["search", "xyzzyqua"], ["holders", "Bí thư Tỉnh ủy", "--on", "1990-01-01"],
                 ["people", "--name", "Xyzzy"], ["person", "Xyzzy Qua"],
                 ["export", "--since", "2099"]):
        status, out, err = run(capsys, *args, *db)
        assert status == 1, args
        assert err.count("\n") == 1 and "error" not in err and "Traceback" not in err
        assert err.startswith("exported 0 articles" if args[0] == "export" else "portalnews: ")
    status, out, _ = run(capsys, "holders", "nobody", "--json", *db)
    assert status == 1 and json.loads(out) == []
    status, out, _ = run(capsys, "portals", "list", "--province", "Atlantis")
    assert status == 1


def test_people_filters_and_json(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(demo_db)]
    status, out, _ = run(capsys, "people", "--name", "bao", "--json", *db)
    rows = json.loads(out)
    assert status == 0 and [r["name"] for r in rows] == ["Lâm Quốc Bảo"]
    assert isinstance(rows[0]["positions"], list) and "Bí thư Tỉnh ủy tỉnh Thái Nguyên" in \
        rows[0]["positions"]
    assert rows[0]["province"] == "Thái Nguyên"  # as stats prints it
    status, out, _ = run(capsys, "people", "--limit", "3", "--json", *db)
    assert len(json.loads(out)) == 3
    status, out, _ = run(capsys, "stats", "--json", *db)
    assert {p["province"] for p in json.loads(out)["portals"]} == {"Thái Nguyên"}
    status, out, err = run(capsys, "person", "Bảo", *db)
    assert status == 1 and "candidates: Lâm Quốc Bảo (Thái Nguyên)" in err


def test_portals_list_province_without_diacritics(capsys: pytest.CaptureFixture[str]) -> None:
    ids = [run(capsys, "portals", "list", "--province", name, "--json")[1].splitlines()
           for name in ("Thái Nguyên", "thai nguyen", "Thai Nguyen", "THÁI NGUYÊN")]
    assert ids[0] and all(found == ids[0] for found in ids)


def test_normalise_roles_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    text = "Bí thư Tỉnh ủy Lâm Quốc Bảo chủ trì."
    status, out, _ = run(capsys, "normalise", "roles", text)
    assert status == 0 and out.count("\n") == 1 and json.loads(out)[0]["name"] == "Lâm Quốc Bảo"
    status, pretty, _ = run(capsys, "normalise", "roles", text, "--pretty")
    assert pretty.count("\n") > 1 and json.loads(pretty) == json.loads(out)
    status, out, _ = run(capsys, "normalise", "roles", "Trời mưa.")
    assert status == 1 and json.loads(out) == []


def test_csv_export_flat_dates_and_bom(demo_db: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "a.csv"
    status, _, err = run(capsys, "export", "--format", "csv", "--bom", "-o", str(target),
                         "--db", str(demo_db))
    assert status == 0 and "exported 44 articles" in err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    first = rows[0]
    assert first["published"] == json.loads(first["published_result"])["value"]
    assert first["published_precision"] == "minute"
    status, _, err = run(capsys, "export", "--bom", "--db", str(demo_db))
    assert status == 2 and "--bom is for --format csv" in err


def test_every_subcommand_has_a_description_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    def walk(parser: argparse.ArgumentParser, path: list[str]) -> list[list[str]]:
        missing = [] if parser.description else [path]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    missing += walk(sub, [*path, name])
        return missing

    assert walk(build_parser(), []) == []
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.startswith("portalnews ")


def test_plurals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.cli.conftest import current_db

    path = current_db(tmp_path / "one.db")
    from sqlite_utils import Database

    Database(path)["portals"].insert({"id": "p", "province": "Thái Nguyên"})
    _, out, _ = run(capsys, "stats", "--db", str(path))
    assert out.startswith("0 articles from 1 portal (")
    assert "1 portals" not in out


@pytest.mark.parametrize("args", [["export"], ["search", "tỉnh", "--limit", "40"],
                                  ["people"], ["export", "--format", "csv"]])
def test_piping_into_head_is_quiet(demo_db: Path, args: list[str]) -> None:
    command = (f"{sys.executable} -m crawler.cli {' '.join(args)} --db {demo_db} | head -n 1")
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True,
                            text=True, timeout=120, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    assert result.stdout.count("\n") == 1


def test_subprocess_errors_are_one_line(tmp_path: Path) -> None:
    for args in (["holders", "x", "--on", "24/06/2024", "--db", str(tmp_path / "none.db")],
                 ["stats", "--db", str(tmp_path)]):
        result = run_cli(*args)
        assert result.returncode == 2 and result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr


def test_readme_commands_after_the_demo_work_as_printed(demo_db: Path, tmp_path: Path) -> None:
    """The README's commands that read `data/demo.db` run, from a directory where the demo ran."""
    import re
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [line.split("#")[0].strip() for line in re.findall(r"^portalnews .*$", readme, re.M)
                if "data/demo.db" in line]
    assert len(commands) >= 3
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "demo.db").write_bytes(demo_db.read_bytes())
    for command in commands:
        argv = shlex.split(command)[1:] + (["--print-command"] if "serve" in command else [])
        result = subprocess.run([sys.executable, "-m", "crawler.cli", *argv], capture_output=True,
                                text=True, timeout=120, check=False, cwd=tmp_path,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert result.returncode == 0 and result.stdout.strip(), (command, result.stderr)
