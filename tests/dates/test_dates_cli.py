"""``portalnews normalise date`` (single text and ``--jsonl``)."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from crawler.cli import normalise_date as cli


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="portalnews normalise")
    cli.register(parser.add_subparsers(dest="normaliser"))
    return parser.parse_args(argv)


def test_single_text(capsys: pytest.CaptureFixture[str]) -> None:
    args = parse(["date", "Sáng 14/3", "--reference", "2024-03-15T10:00:00+07:00"])
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out) == {
        "raw": "Sáng 14/3", "value": "2024-03-14", "precision": "day", "end": None,
        "tz_source": "none", "year_inferred": True, "relative": False,
        "weekday_consistent": None, "error": None,
    }


def test_output_keeps_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    args = parse(["date", "Thứ tư - 27/12/2023 05:16"])
    assert args.func(args) == 0
    assert '"raw": "Thứ tư - 27/12/2023 05:16"' in capsys.readouterr().out


def test_order_and_tz(capsys: pytest.CaptureFixture[str]) -> None:
    args = parse(["date", "11/19/2019 3:00 PM", "--order", "mdy", "--tz", "UTC"])
    assert args.func(args) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["value"], result["tz_source"]) == ("2019-11-19T22:00:00+07:00", "portal")


def test_no_date_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    args = parse(["date", "461/465 đại biểu"])
    assert args.func(args) == 1
    assert json.loads(capsys.readouterr().out)["error"] == "no date found"


def test_bad_options_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    args = parse(["date", "14/3/2024", "--reference", "yesterday"])
    assert args.func(args) == 2
    assert "ISO 8601" in capsys.readouterr().err
    args = parse(["date"])
    assert args.func(args) == 2
    with pytest.raises(SystemExit):
        parse(["date", "x", "--order", "ymd"])


def test_jsonl_batch_keeps_order_and_survives_bad_lines() -> None:
    lines = "\n".join([
        json.dumps({"text": "Ngày 5/1", "reference": "2023-12-28T09:00:00+07:00"}),
        "{not json",
        json.dumps({"text": 42}),
        json.dumps(["a list"]),
        "",
        json.dumps({"text": "3/8/2024", "order": "mdy"}, ensure_ascii=False),
        json.dumps({"text": "14/3/2024", "reference": "nope"}),
        json.dumps({"text": "14/3/2024", "order": "ymd"}),
    ]) + "\n"
    out = io.StringIO()
    args = parse(["date", "--jsonl"])
    assert cli.run_jsonl(args, io.StringIO(lines), out) == 0
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(results) == 7
    assert results[0]["value"] == "2024-01-05" and results[0]["year_inferred"] is True
    assert [set(r) == {"error"} for r in results[1:4]] == [True, True, True]
    assert results[4]["value"] == "2024-03-08"
    assert set(results[5]) == {"error"} and set(results[6]) == {"error"}


def test_registered_under_normalise() -> None:
    from crawler.cli import normalise

    parser = argparse.ArgumentParser()
    normalise.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["normalise", "date", "14/03/2024"])
    assert args.func is cli.run
