"""Benchmark (not a test): the date normaliser vs dateparser 1.5 and htmldate on the corpus.

    python3 benchmarks/bench_dates.py [--part dev|heldout|independent] [--repeat 20] [--rounds 15]
                                      [--no-libraries]

Prints, side by side from one run: accuracy on one part of the date corpus (``dev``:
tests/dates/corpus.jsonl, the cases the rules were tuned on; ``heldout``:
tests/dates/heldout.jsonl, written before the rules they test and never tuned on; ``independent``:
tests/dates/heldout_independent.jsonl, written by someone who never read the rules) and strings/s on one
core: CPU time of this process (other load on the machine matters less), measured in rounds of
``--repeat`` passes over the corpus; the median round is the figure, the slowest and fastest
rounds show the spread (a shared VM varies by +-15% from minute to minute). Only the parse call
is timed, for every tool alike: its arguments are bound before the clock starts, and turning the
answers into scores happens after.

Scoring the libraries: they only return a datetime, so each is given the benefit of the
expected precision (its answer is truncated to it) and of ranges (only the start is compared).
"exact" = the value matches; "day" = the calendar day matches (coarse values must match exactly;
negatives count when nothing is returned); "full" = the whole date result (this normaliser only).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.datenorm import DateResult, get_zone, normalise_date  # noqa: E402
from pipelines.datenorm.result import format_value  # noqa: E402
from pipelines.timezones import VN_TZ  # noqa: E402

CORPUS = ROOT / "tests" / "dates" / "corpus.jsonl"
PARTS = {"dev": CORPUS, "heldout": ROOT / "tests" / "dates" / "heldout.jsonl",
         "independent": ROOT / "tests" / "dates" / "heldout_independent.jsonl"}
Answer = str | None


def load(part: str = "dev") -> list[dict[str, Any]]:
    """Cases of one part of the corpus with their parsed reference and zone."""
    cases = []
    for line in PARTS[part].read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            case["ref"] = datetime.fromisoformat(case["reference"])
            case["zone"] = get_zone(case.get("tz", "Asia/Ho_Chi_Minh"))
            cases.append(case)
    return cases


def truncate(when: datetime, precision: str, zone: tzinfo) -> str:
    """A library's datetime in the corpus' value form at the expected precision."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=zone)
    if precision in ("second", "minute", "hour"):
        return format_value(when.astimezone(VN_TZ), precision)
    return format_value(when, precision)


def ours(case: dict[str, Any], normalise: Callable[..., DateResult] = normalise_date
         ) -> Callable[[], DateResult]:
    """This normaliser's call for one case, arguments bound (``normalise``: another version's)."""
    return partial(normalise, case["text"], reference=case["ref"],
                   order=case.get("order", "dmy"), tz=case["zone"],
                   tz_source=case.get("tz_source", "default"))


def make_dateparser() -> Callable[[dict[str, Any]], Callable[[], datetime | None]]:
    """dateparser 1.5 with languages=["vi"], DMY (or MDY), the case's zone, relative base set."""
    import dateparser

    def call(case: dict[str, Any]) -> Callable[[], datetime | None]:
        zone_name = case.get("tz", "Asia/Ho_Chi_Minh")
        settings = {
            "DATE_ORDER": case.get("order", "dmy").upper(),
            "TIMEZONE": zone_name,
            "RETURN_AS_TIMEZONE_AWARE": True,
            "RELATIVE_BASE": case["ref"].astimezone(case["zone"]).replace(tzinfo=None),
        }

        def run() -> datetime | None:
            try:
                return dateparser.parse(case["text"], languages=["vi"], settings=settings)
            except Exception:  # a crash counts as no answer
                return None

        return run

    return call


def make_htmldate() -> Callable[[dict[str, Any]], Callable[[], str | None]]:
    """htmldate.find_date on the text wrapped in a page (day precision, its best effort)."""
    from htmldate import find_date

    def call(case: dict[str, Any]) -> Callable[[], str | None]:
        html = f"<html><body><p>{case['text']}</p></body></html>"

        def run() -> str | None:
            try:
                return find_date(html, extensive_search=True, original_date=True,
                                 outputformat="%Y-%m-%d", max_date="2099-12-31")
            except Exception:
                return None

        return run

    return call


def score(expected: dict[str, Any], answer: Answer) -> tuple[bool, bool]:
    """(exact value, right day) for one answer already in value form."""
    value = expected["value"]
    if value is None:
        return answer is None, answer is None
    if answer is None:
        return False, False
    if expected["precision"] in ("month", "year"):
        return answer == value, answer == value
    return answer == value, answer[:10] == value[:10]


def timed(make_call: Callable[[dict[str, Any]], Callable[[], Any]], cases: list[dict[str, Any]],
          repeat: int, rounds: int) -> tuple[list[Any], list[float], float]:
    """Answers of one pass; CPU strings/s of each round of ``repeat`` passes; wall strings/s."""
    calls = [make_call(case) for case in cases]  # arguments bound before the clock starts
    answers = [call() for call in calls]  # warm-up and answers
    rates = []
    wall0 = time.perf_counter()
    for _ in range(rounds):
        cpu0 = time.process_time()
        for _ in range(repeat):
            for call in calls:
                call()
        rates.append(repeat * len(calls) / max(time.process_time() - cpu0, 1e-9))
    wall = time.perf_counter() - wall0
    return answers, rates, rounds * repeat * len(calls) / max(wall, 1e-9)


def _load() -> str:
    """The 1/5/15-minute load averages (other jobs on the machine slow every figure down)."""
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # not available on this platform
        return "n/a"


def main(argv: list[str] | None = None) -> int:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=sorted(PARTS), default="dev",
                        help="dev (tuned on), heldout (never tuned on) or independent "
                        "(written without reading the rules)")
    parser.add_argument("--repeat", type=int, default=20, help="passes per round, this normaliser")
    parser.add_argument("--rounds", type=int, default=15, help="timed rounds, this normaliser")
    parser.add_argument("--lib-repeat", type=int, default=1, help="passes per round, libraries")
    parser.add_argument("--lib-rounds", type=int, default=3, help="timed rounds, libraries")
    parser.add_argument("--no-libraries", action="store_true")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    load_before = _load()
    cases = load(args.part)
    rows: list[tuple[str, int, int, int | None, list[float], float]] = []
    families: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))

    results, cpu_rates, wall_rate = timed(ours, cases, args.repeat, args.rounds)
    full = exact = day = 0
    for case, result in zip(cases, results, strict=True):
        got = result.to_dict()
        ok_exact, ok_day = score(case["expected"], got["value"])
        full += got == case["expected"]
        exact += ok_exact
        day += ok_day
        families[case["family"]]["datenorm"].append(got == case["expected"])
    rows.append(("portal-news datenorm", exact, day, full, cpu_rates, wall_rate))

    if not args.no_libraries:
        for name, factory in (("dateparser 1.5 (vi, DMY, VN, base)", make_dateparser),
                              ("htmldate", make_htmldate)):
            try:
                fn = factory()
            except ImportError as exc:
                print(f"skipping {name}: {exc}", file=sys.stderr)
                continue
            answers, cpu_rates, wall_rate = timed(fn, cases, args.lib_repeat, args.lib_rounds)
            exact = day = 0
            for case, raw in zip(cases, answers, strict=True):
                expected = case["expected"]
                if isinstance(raw, datetime) and expected["precision"]:
                    answer = truncate(raw, expected["precision"], case["zone"])
                elif isinstance(raw, datetime):
                    answer = raw.isoformat()
                else:
                    answer = raw
                if isinstance(raw, str) and expected["precision"] in ("month", "year"):
                    answer = raw[: 7 if expected["precision"] == "month" else 4]
                ok_exact, ok_day = score(expected, answer)
                exact += ok_exact
                day += ok_day
                families[case["family"]][name.split()[0]].append(ok_exact)
            rows.append((name, exact, day, None, cpu_rates, wall_rate))

    n = len(cases)
    print(f"corpus: {args.part} part, {n} cases ({PARTS[args.part].relative_to(ROOT)}); "
          f"Python {platform.python_version()} "
          f"on {platform.machine()}, {platform.processor() or platform.system()}, "
          f"{os.cpu_count()} CPUs, load average {load_before} before / {_load()} after")
    print(f"{'tool':38} {'exact':>7} {'day':>7} {'full':>7} {'str/s cpu':>10} {'slowest-fastest':>16}"
          f" {'str/s wall':>10} {'speed-up':>8}")
    base = next((median(r[4]) for r in rows if r[0].startswith("dateparser")), None)
    for name, exact, day, full, cpu_rates, wall_rate in rows:
        full_s = f"{full / n:7.1%}" if full is not None else f"{'-':>7}"
        cpu_rate = median(cpu_rates)
        ratio = f"{cpu_rate / base:7.0f}x" if base else f"{'-':>8}"
        spread = f"{min(cpu_rates):,.0f}-{max(cpu_rates):,.0f}"
        print(f"{name:38} {exact / n:7.1%} {day / n:7.1%} {full_s} {cpu_rate:10,.0f} {spread:>16} "
              f"{wall_rate:10,.0f} {ratio}")
    print("\nexact value by family:")
    tools = [t for t in ("datenorm", "dateparser", "htmldate")
             if any(t in f for f in families.values())]
    print(f"{'family':18} {'n':>4} " + " ".join(f"{t:>11}" for t in tools))
    for family, per_tool in families.items():
        count = len(per_tool["datenorm"])
        cells = " ".join(f"{sum(per_tool[t]) / count:11.0%}" for t in tools)
        print(f"{family:18} {count:4} {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
