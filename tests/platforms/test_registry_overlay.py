"""The user's registry overlay layered over the packaged registry, and where entries come from."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.registry import (
    PACKAGED_PATH,
    RegistryError,
    load_configured,
    load_layered,
    load_registry,
    overlay_path,
)

ROOT = Path(__file__).resolve().parents[2]
NEW = """[[portal]]
id = "mine-gov"
name = "Cổng của tôi"
province = "Hà Nội"
kind = "agency"
urls = ["https://mine.example.vn/"]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_registry_ships_inside_the_package():
    assert PACKAGED_PATH.is_file()
    assert PACKAGED_PATH.parent.parent == ROOT / "crawler"
    assert load_registry().get("thainguyen-dcs") is not None


def test_an_overlay_entry_changes_only_the_fields_it_sets(tmp_path):
    packaged = load_registry()
    before = packaged.get("thainguyen-dcs")
    overlay = write(tmp_path / "mine.toml", '[[portal]]\nid = "thainguyen-dcs"\ndelay = 7\n'
                    'selectors = { author = ".tac-gia" }\n\n[[portal]]\nid = "hanoi-gov"\n'
                    'enabled = true\n')
    registry = load_layered(overlay)
    seed = registry.get("thainguyen-dcs")
    assert seed.delay == 7.0
    assert seed.modules == before.modules and seed.urls == before.urls and seed.verified
    assert seed.selectors == {**before.selectors, "author": ".tac-gia"}
    assert registry.get("hanoi-gov").enabled and not packaged.get("hanoi-gov").enabled
    assert [p.id for p in registry] == [p.id for p in packaged]  # order kept, nothing added
    origin = registry.origin("thainguyen-dcs")
    assert origin.label == "packaged+overlay" and origin.fields == ("delay", "selectors")
    assert str(overlay) in origin.describe() and "delay, selectors" in origin.describe()
    assert registry.origin("hanoi-dcs").label == "packaged"


def test_an_overlay_adds_new_portals_at_the_end(tmp_path):
    registry = load_layered(write(tmp_path / "mine.toml", NEW))
    assert registry.portals[-1].id == "mine-gov"
    assert registry.by_url("http://www.mine.example.vn/tin").id == "mine-gov"
    assert registry.origin("mine-gov").label == "overlay"
    assert len(registry) == len(load_registry()) + 1


@pytest.mark.parametrize(("text", "message"), [
    ('[[portal]]\nid = "hanoi-gov"\nkind = "ministry"\n', "(id 'hanoi-gov'): field 'kind' must be one of"),
    ('[[portal]]\nid = "hanoi-gov"\ncolour = "red"\n', "unknown field(s) ['colour']"),
    ('[[portal]]\nid = "hanoi-gov"\n\n[[portal]]\nid = "hanoi-gov"\n', "the overlay sets this id twice"),
    ('[[portal]]\nname = "x"\n', "portal[0]: missing field 'id'"),
    (NEW.replace("mine-gov", "x-gov").replace("Cổng của tôi", "X").replace(
        "https://mine.example.vn/", "https://hanoi.gov.vn/"), "host hanoi.gov.vn is already registered"),
    (NEW.replace('kind = "agency"\n', ""), "(id 'mine-gov'): missing field 'kind'"),
    ('portal = 3\n', "'portal' must be an array of tables"),
])
def test_overlay_errors_name_the_overlay_file_and_entry(tmp_path, text, message):
    overlay = write(tmp_path / "mine.toml", text)
    with pytest.raises(RegistryError) as error:
        load_layered(overlay)
    assert str(error.value).startswith(str(overlay)) and message in str(error.value)


def test_where_the_overlay_is_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PORTALNEWS_REGISTRY", raising=False)
    assert overlay_path() is None
    assert load_configured().overlay is None
    write(tmp_path / "data" / "portals.toml", NEW)
    assert overlay_path() == Path("data") / "portals.toml"
    assert load_configured().get("mine-gov") is not None
    other = write(tmp_path / "elsewhere.toml", NEW.replace("mine", "theirs"))
    assert overlay_path({"PORTALNEWS_REGISTRY": str(other)}) == other
    monkeypatch.setenv("PORTALNEWS_REGISTRY", str(other))
    layered = load_configured()
    assert layered.get("theirs-gov") is not None and layered.get("mine-gov") is None
    monkeypatch.setenv("PORTALNEWS_REGISTRY", str(tmp_path / "missing.toml"))
    with pytest.raises(RegistryError, match=r"missing.toml: file not found \(named by \$PORTALNEWS_REG"):
        load_configured()


def test_a_registry_file_given_explicitly_is_read_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "data" / "portals.toml", NEW.replace("mine", "ignored"))
    only = load_configured(write(tmp_path / "all.toml", NEW))
    assert [p.id for p in only] == ["mine-gov"]
    assert only.origin("mine-gov").label == "file"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PORTALNEWS_REGISTRY"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_portals_list_and_show_say_where_settings_come_from(tmp_path):
    write(tmp_path / "data" / "portals.toml",
          '[[portal]]\nid = "hanoi-gov"\nenabled = true\ndelay = 5\n\n' + NEW)
    listed = cli("portals", "list", "--enabled", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    lines = {line.split()[0]: line for line in listed.stdout.splitlines()}
    assert lines["hanoi-gov"].endswith("overlay:enabled,delay")
    assert "overlay" not in lines["thainguyen-dcs"]
    as_json = {d["id"]: d for d in map(json.loads, cli("portals", "list", "--json", "hanoi-gov",
                                                          "mine-gov", cwd=tmp_path).stdout.splitlines())}
    assert as_json["hanoi-gov"]["source"] == "packaged+overlay"
    assert as_json["hanoi-gov"]["overlay_fields"] == ["enabled", "delay"]
    assert as_json["mine-gov"]["source"] == "overlay"
    shown = cli("portals", "show", "hanoi-gov", "thainguyen-dcs", "--db", str(tmp_path / "none.db"),
                cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    sources = [line for line in shown.stdout.splitlines() if line.startswith("source ")]
    assert sources[0].split(None, 1)[1] == "packaged; overlay data/portals.toml sets enabled, delay"
    assert sources[1].split(None, 1)[1] == "packaged"
