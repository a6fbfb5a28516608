"""The gazetteer reads vietnamadminunits through its public interface and fails loudly."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from typing import Any

import pytest

from pipelines.rolenorm import gazetteer as gaz_module
from pipelines.rolenorm.gazetteer import GazetteerUnavailable, gazetteer


def test_missing_package_raises_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "vietnamadminunits", None)
    monkeypatch.setitem(sys.modules, "vietnamadminunits.database", None)
    with pytest.raises(GazetteerUnavailable, match=r"pip install 'vietnamadminunits==1\.0\.4'"):
        gaz_module._load()


def test_unreadable_data_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**_: Any) -> list[dict[str, Any]]:
        raise sqlite3.OperationalError("no such table: admin_units_legacy")

    monkeypatch.setattr(gaz_module, "_package", lambda: (broken, lambda _a: None))
    with pytest.raises(GazetteerUnavailable, match="no such table"):
        gaz_module._load()


def test_empty_data_raises_instead_of_an_empty_gazetteer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gaz_module, "_package", lambda: (lambda **_: [], lambda _a: None))
    with pytest.raises(GazetteerUnavailable, match="no units"):
        gaz_module._load()


def test_cli_turns_a_missing_package_into_one_line() -> None:
    code = ("import sys; sys.modules['vietnamadminunits'] = None; "
            "from crawler.cli import main; "
            "sys.exit(main(['normalise', 'roles', 'Ông Nguyễn Văn A, Bí thư Tỉnh ủy Bắc Kạn']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "vietnamadminunits" in lines[0] and "Traceback" not in done.stderr


def test_province_successors_and_dates() -> None:
    gaz = gazetteer()
    assert gaz.province_after_reform("Bắc Kạn") == "Thái Nguyên"
    assert gaz.province_after_reform("Hà Giang") == "Tuyên Quang"
    assert gaz.province_after_reform("Bà Rịa - Vũng Tàu") == "Hồ Chí Minh"
    assert gaz.province_after_reform("Thái Nguyên") == "Thái Nguyên"
    assert gaz.province_after_reform("Định Hóa") is None  # a district, not a province
    assert gaz.province_at("Bắc Kạn", date(2025, 6, 30)) == "Bắc Kạn"
    assert gaz.province_at("Bắc Kạn", date(2025, 7, 1)) == "Thái Nguyên"
    assert gaz.province_at("Bắc Kạn", date(2027, 1, 15)) == "Thái Nguyên"
    assert gaz.province_at("Bắc Kạn", None) == "Bắc Kạn"
    assert gaz.province_at("Quảng Nam", date(2026, 3, 1)) == "Đà Nẵng"


def test_commune_successor_through_convert_address() -> None:
    gaz = gazetteer()
    [truc_bach] = gaz.lookup("Trúc Bạch", levels=("commune",), when=date(2024, 1, 1))
    after = gaz.successors(truc_bach)
    assert [(u.version, u.name, u.province) for u in after] == [("2025", "Ba Đình", "Hà Nội")]
    assert truc_bach in gaz.predecessors(after[0])
