"""The ``portalnews`` command: one module per command group under ``crawler.cli``.

Each command module exposes ``register(subparsers)`` that adds its parser and sets
``func`` (called with the parsed arguments, returns the exit status).

Exit status, the same for every command (``docs/cli.md``): 0 success; 1 the query found
nothing (``status`` and ``run``: some portal is unhealthy); 2 the input cannot be used (bad
option or date, missing, foreign, damaged, locked or outdated database); 3 a runtime failure
(a crawl that reached nothing, another run holding the lock); 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence

EXIT_OK = 0
EXIT_NO_RESULTS = 1
EXIT_INPUT = 2
EXIT_FAILURE = 3

COMMAND_MODULES = (
    "crawler.cli.demo",
    "crawler.cli.crawl",
    "crawler.cli.run",
    "crawler.cli.worker",
    "crawler.cli.writer",
    "crawler.cli.status",
    "crawler.cli.coverage",
    "crawler.cli.portals",
    "crawler.cli.search",
    "crawler.cli.export",
    "crawler.cli.stats",
    "crawler.cli.serve",
    "crawler.cli.normalise",
    "crawler.cli.people",
    "crawler.cli.migrate",
    "crawler.cli.chart",
)


class CommandError(Exception):
    """An error the user can act on: printed to stderr without a traceback, exit status 2."""

    status = EXIT_INPUT


class NoResults(CommandError):
    """The query was fine and found nothing: the message goes to stderr, exit status 1."""

    status = EXIT_NO_RESULTS


class RuntimeFailure(CommandError):
    """The command could not do its work (network, lock): one line on stderr, exit status 3."""

    status = EXIT_FAILURE


def version() -> str:
    """The installed distribution's version."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("portal-news")
    except PackageNotFoundError:
        return "unknown (not installed)"


class _Version(argparse.Action):
    """``--version``, read from the installed distribution only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help=str(kwargs.get("help")))

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"portalnews {version()}")
        parser.exit()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The top-level parser with every registered command, or with ``command`` alone when a
    command module of that name exists (``chart`` -> ``crawler.cli.chart``): the one command
    being run then imports only what it needs, not Scrapy and every other command's code."""
    parser = argparse.ArgumentParser(
        prog="portalnews",
        description="Collect news from Vietnamese provincial portals into SQLite and query it.",
        epilog="Exit status: 0 success, 1 nothing found (status/run: a portal unhealthy), "
               "2 bad input or database, 3 runtime failure; 130 interrupted.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    module = f"crawler.cli.{command}"
    for name in (module,) if module in COMMAND_MODULES else COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    describe_subcommands(subparsers)
    return parser


def describe_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Give every sub-command without a description its one-line help as description (so
    ``portalnews COMMAND --help`` always says what it does), at every level."""
    for choice in subparsers._choices_actions:  # (name, help) of each sub-command
        parser = subparsers.choices[choice.dest]
        if not parser.description and choice.help:
            parser.description = choice.help[0].upper() + choice.help[1:] + "."
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                describe_subcommands(action)


def _quiet_stdout() -> None:
    """After a broken pipe (``| head``): send what is left to /dev/null, so exit stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture stdout)
        pass


def _sqlite_utils_without_numpy() -> None:
    """Import sqlite-utils without numpy: sqlite-utils imports numpy when it is installed, only
    to store numpy values (which no command has), and numpy's start costs 0.1-0.15 s of CPU,
    a tenth of a small chart. numpy stays importable for any code that needs it later."""
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy`: ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]


_WITHOUT_NUMPY = ("chart",)  # commands timed against a budget (docs/benchmarks.md#charts)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in _WITHOUT_NUMPY:
        _sqlite_utils_without_numpy()
    parser = build_parser(argv[0] if argv and not argv[0].startswith("-") else None)
    args = parser.parse_args(argv)
    try:
        status = int(args.func(args) or 0)
        sys.stdout.flush()
        return status
    except BrokenPipeError:  # the reader (`head`) has what it wanted
        _quiet_stdout()
        return EXIT_OK
    except CommandError as exc:
        print(f"portalnews: {'error: ' if exc.status != EXIT_NO_RESULTS else ''}{exc}",
              file=sys.stderr)
        return exc.status
    except sqlite3.Error as exc:
        from store.database import default_db_path
        from store.readonly import describe_error

        path = getattr(args, "db", None) or default_db_path()
        print(f"portalnews: error: {describe_error(path, exc)}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("portalnews: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if not _gazetteer_unavailable(exc):
            raise
        print(f"portalnews: error: {exc}", file=sys.stderr)  # a broken install: one line
        return EXIT_INPUT


def _gazetteer_unavailable(exc: Exception) -> bool:
    """True for the gazetteer's GazetteerUnavailable, without importing the role extractor
    for commands that never load it (the exception exists only once its module is loaded)."""
    module = sys.modules.get("pipelines.rolenorm.gazetteer")
    return module is not None and isinstance(exc, module.GazetteerUnavailable)


if __name__ == "__main__":
    sys.exit(main())
