"""Run ``portalnews serve`` as a subprocess on a free port for the Datasette tests."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A running Datasette: ``get_json(path, **params)``, ``get_text(path, **params)``."""

    def __init__(self, base: str, database: str) -> None:
        self.base = base
        self.database = database

    def url(self, path: str, **params: str) -> str:
        """Absolute URL; ``{db}`` in ``path`` is the database name."""
        query = ("?" + urllib.parse.urlencode(params)) if params else ""
        return self.base + path.format(db=self.database) + query

    def get_text(self, path: str, **params: str) -> str:
        """The body of a GET, decoded."""
        with urllib.request.urlopen(self.url(path, **params), timeout=60) as response:
            return response.read().decode("utf-8")

    def get_json(self, path: str, **params: str) -> Any:
        """The JSON of a GET (``.json`` paths)."""
        return json.loads(self.get_text(path, **params))


@contextmanager
def serving(db_path: Path, log: Path) -> Iterator[Server]:
    """Start ``portalnews serve``; wait until it answers; stop it at the end."""
    port = free_port()
    with log.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", "serve", "--db", str(db_path), "--port", str(port)],
            cwd=REPO, stdout=err, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", db_path.stem)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                server.get_json("/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"datasette did not start: {log.read_text()}") from None
                time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
