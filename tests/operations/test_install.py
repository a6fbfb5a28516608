"""The built wheel works on its own: installed into a fresh virtual environment outside the
checkout, its commands run from another directory (packaged registry, surnames, settings).

This needs the package index (PyPI, or pip's cache) for the dependencies and about a minute.
Without it the test is skipped with pip's reason, unless ``PORTALNEWS_REQUIRE_INSTALL_TEST`` is
set (``.ci/run`` sets it): then an install that cannot be made fails.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = bool(os.environ.get("PORTALNEWS_REQUIRE_INSTALL_TEST"))
NO_INDEX = re.compile(r"No matching distribution|Could not find a version|Max retries|"
                      r"Temporary failure in name resolution|Network is unreachable|"
                      r"Connection (refused|reset)|timed out|ProxyError|NewConnectionError", re.I)
IGNORE = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                ".ruff_cache", ".hypothesis", ".venv", "*.db", "*.db-*", "logs", "*.whl",
                                "*.so")


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None,
        timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def pip_step(result: subprocess.CompletedProcess[str], what: str) -> None:
    """Fail on an error; skip (outside CI) when the package index is out of reach."""
    if result.returncode == 0:
        return
    output = result.stdout + result.stderr
    if not REQUIRED and NO_INDEX.search(output):
        reason = next(line.strip() for line in output.splitlines() if NO_INDEX.search(line))
        pytest.skip(f"{what}: the package index is out of reach ({reason})")
    pytest.fail(f"{what} failed:\n{output[-4000:]}")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A virtual environment (no system site-packages) holding the wheel built from this tree."""
    tmp = tmp_path_factory.mktemp("wheel")
    # Build from a copy: setuptools' build/ directory in the checkout could carry stale files.
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=IGNORE)
    env = clean_env(None)
    pip_step(run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
                 "-w", tmp / "dist", source, cwd=tmp, env=env), "building the wheel")
    wheel = next((tmp / "dist").glob("portal_news-*.whl"))
    env_dir = tmp / "venv"
    python = env_dir / "bin" / "python"
    import pip

    if tuple(int(x) for x in pip.__version__.split(".")[:2]) >= (22, 3):  # pip --python
        venv.create(env_dir, with_pip=False)
        installer = [sys.executable, "-m", "pip", "--python", str(python)]
    else:
        venv.create(env_dir, with_pip=True)
        installer = [str(python), "-m", "pip"]
    pip_step(run(*installer, "install", "--disable-pip-version-check", wheel, cwd=tmp, env=env),
             "installing the wheel")
    return env_dir


def clean_env(env_dir: Path | None) -> dict[str, str]:
    """No PYTHONPATH to the checkout (pip would take its metadata for an installed copy), no
    database or registry chosen by the caller; the environment's ``bin`` first on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in (
        "PYTHONPATH", "PORTALNEWS_DB", "PORTALNEWS_REGISTRY", "SCRAPY_SETTINGS_MODULE", "VIRTUAL_ENV")}
    if env_dir is not None:
        env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A working directory outside the checkout, with no data/ of its own."""
    here = tmp_path / "elsewhere"
    here.mkdir()
    assert ROOT not in here.parents
    return here


def test_the_installed_package_is_the_wheel_and_adds_no_settings_module(installed, elsewhere):
    python = installed / "bin" / "python"
    probe = run(python, "-c", "import crawler, pipelines, store, fixtures, importlib.util; "
                "[print(m.__file__) for m in (crawler, pipelines, store, fixtures)]; "
                "print(importlib.util.find_spec('settings'))", cwd=elsewhere, env=clean_env(installed))
    assert probe.returncode == 0, probe.stderr
    *locations, settings_spec = probe.stdout.splitlines()
    assert len(locations) == 4
    assert all(Path(location).is_relative_to(installed) for location in locations), locations
    assert settings_spec == "None"
    articles = Path("portal") / "corpus" / "articles"  # the fixture corpus ships with the wheel
    shipped = sorted(p.name for p in (Path(locations[3]).parent / articles).glob("*.toml"))
    assert shipped == sorted(p.name for p in (ROOT / "fixtures" / articles).glob("*.toml"))


def test_the_wheel_has_the_ranking_functions_in_c(installed, elsewhere):
    """store._fts5rank is built into the wheel (when a C compiler and SQLite's headers are
    there: required in CI) and registers its functions on the connections opened after it."""
    probe = run(installed / "bin" / "python", "-c",
                "import sqlite3, store, importlib.util; "
                "print(importlib.util.find_spec('store._fts5rank') is not None); "
                "c = sqlite3.connect(':memory:'); c.execute('CREATE VIRTUAL TABLE t USING fts5(a)'); "
                "c.execute(\"INSERT INTO t VALUES ('x')\"); "
                "print(c.execute(\"SELECT portalnews_bm25(t, 1, 0.5) FROM t WHERE t MATCH 'x'\")"
                ".fetchone()[0])", cwd=elsewhere, env=clean_env(installed))
    if probe.stdout.startswith("False") and not os.environ.get("PORTALNEWS_REQUIRE_NATIVE_RANK"):
        pytest.skip("store._fts5rank was not built (no C compiler or SQLite headers)")
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.split() == ["True", "-0.5"]


def test_demo_portals_and_normalise_from_another_directory(installed, elsewhere):
    env = clean_env(installed)
    portalnews = installed / "bin" / "portalnews"
    db = elsewhere / "tmp" / "demo.db"
    demo = run(portalnews, "demo", "--db", db, cwd=elsewhere, env=env, timeout=300)
    assert demo.returncode == 0, demo.stderr
    (count,) = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()
    assert count > 0

    listed = run(portalnews, "portals", "list", cwd=elsewhere, env=env)
    assert listed.returncode == 0, listed.stderr
    assert "thainguyen-dcs" in listed.stdout and "Traceback" not in listed.stderr

    roles = run(portalnews, "normalise", "roles", "Bí thư Tỉnh ủy Thái Nguyên Trịnh Việt Hùng",
                cwd=elsewhere, env=env)
    assert roles.returncode == 0, roles.stderr
    assert "Trịnh Việt Hùng" in roles.stdout and "Tỉnh ủy" in roles.stdout


def test_a_registry_overlay_in_the_working_directory_tunes_a_packaged_portal(installed, elsewhere):
    env = clean_env(installed)
    portalnews = installed / "bin" / "portalnews"
    (elsewhere / "data").mkdir()
    (elsewhere / "data" / "portals.toml").write_text(
        '[[portal]]\nid = "hanoi-gov"\nenabled = true\ndelay = 5\n', encoding="utf-8")
    listed = run(portalnews, "portals", "list", "--enabled", cwd=elsewhere, env=env)
    assert listed.returncode == 0, listed.stderr
    line = next(x for x in listed.stdout.splitlines() if x.startswith("hanoi-gov "))
    assert "overlay:enabled,delay" in line
