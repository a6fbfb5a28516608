"""``portalnews serve``: Datasette over the database, read-only, with metadata and canned queries.

The database is opened as a normal (mutable) Datasette database, so a crawl can keep writing
(WAL); Datasette's read connections are ``mode=ro`` and the plugin in ``crawler/datasette`` sets
``PRAGMA query_only`` on every connection. No ``--root``, no write plugins, no writable canned
queries.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from crawler.cli import CommandError
from crawler.cli.options import add_db_option, db_path, open_readonly_db

SETTINGS = {"sql_time_limit_ms": "5000", "facet_time_limit_ms": "500", "default_page_size": "50",
            "allow_download": "off"}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command."""
    parser = subparsers.add_parser(
        "serve", help="browse the database in Datasette (read-only)",
        description="Browse the database in Datasette, read-only (a crawl may keep writing), with "
                    "table notes, facets and canned queries: search, a person's timeline, holders "
                    "of a post on a date. Needs Datasette (pip install 'datasette>=0.65,<1.0').")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("-p", "--port", type=int, default=8001, help="port (default 8001)")
    parser.add_argument("--print-command", action="store_true",
                        help="print the datasette command line instead of running it")
    add_db_option(parser)
    parser.set_defaults(func=run)


def package_dir() -> Path:
    """``crawler/datasette``: the metadata template and the plugin."""
    return Path(str(resources.files("crawler.datasette")))


def metadata_for(database_name: str) -> dict[str, Any]:
    """The packaged metadata with its database section under the served database's name."""
    meta = json.loads((package_dir() / "metadata.json").read_text(encoding="utf-8"))
    meta["databases"] = {database_name: meta["databases"]["portalnews"]}
    return meta


def datasette_argv(path: Path, *, host: str, port: int, metadata_file: Path) -> list[str]:
    """The ``python -m datasette serve ...`` command for this database."""
    argv = [sys.executable, "-m", "datasette", "serve", str(path), "--host", host, "--port", str(port),
            "--metadata", str(metadata_file), "--plugins-dir", str(package_dir())]
    for name, value in SETTINGS.items():
        argv += ["--setting", name, value]
    return argv


def run(args: argparse.Namespace) -> int:
    """Check the database (read-only), write the metadata, then become the Datasette process."""
    open_readonly_db(args).close()  # a current portal-news database, or one line saying why not
    path = db_path(args).resolve()
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise CommandError("Datasette is not installed: pip install 'datasette>=0.65,<1.0'") from None
    # One file per database, rewritten at each start (the Datasette process reads it after exec).
    digest = hashlib.sha1(str(path).encode()).hexdigest()[:12]
    metadata_file = Path(tempfile.gettempdir()) / f"portalnews-datasette-{digest}.json"
    metadata_file.write_text(json.dumps(metadata_for(path.stem), ensure_ascii=False), encoding="utf-8")
    argv = datasette_argv(path, host=args.host, port=args.port, metadata_file=metadata_file)
    if args.print_command:
        print(" ".join(argv))
        return 0
    print(f"portalnews: serving {path} read-only on http://{args.host}:{args.port}/", file=sys.stderr)
    sys.stdout.flush()
    os.execv(sys.executable, argv)  # the Datasette process replaces this one (same pid)
    return 0  # pragma: no cover
