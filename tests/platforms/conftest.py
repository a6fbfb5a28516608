"""Fixtures shared by the platform tests."""

from __future__ import annotations

import shutil
import subprocess

import pytest


@pytest.fixture(scope="module")
def certfile(tmp_path_factory):
    """A self-signed certificate (and key) for 127.0.0.1, for local HTTPS fixture sites."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl not available to make a self-signed certificate")
    path = tmp_path_factory.mktemp("tls") / "self-signed.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(path), "-out", str(path)],
                   check=True, capture_output=True)
    return path
