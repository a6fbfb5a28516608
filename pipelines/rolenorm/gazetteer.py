"""Versioned gazetteer of Vietnamese administrative units (before and after 1 July 2025).

Data: the ``vietnamadminunits`` package (MIT, offline): 63 provinces, their districts and
10,040 communes valid until 30 June 2025 (version ``legacy``), and 34 provinces with 3,321
communes from 1 July 2025 (version ``2025``), plus its conversion table, read here as successor
links. Unit ids are namespaced by version (``legacy:w:00001``) because codes were reused.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from pipelines.vntext import match_key as _match_key

__all__ = ["REFORM_DATE", "Gazetteer", "Unit", "gazetteer", "versions_for"]

REFORM_DATE = date(2025, 7, 1)
match_key = lru_cache(maxsize=65536)(_match_key)
_LEVEL_CODE = {"province": "p", "district": "d", "commune": "w"}


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit valid in one version of the map."""

    uid: str
    version: str
    level: str
    name: str
    type_word: str
    province: str
    district: str | None = None

    @property
    def valid_from(self) -> str | None:
        """First day of validity (None: before the data's horizon)."""
        return REFORM_DATE.isoformat() if self.version == "2025" else None

    @property
    def valid_to(self) -> str | None:
        """Last day of validity (None: still valid)."""
        return "2025-06-30" if self.version == "legacy" else None


def versions_for(when: date | None) -> tuple[str, ...]:
    """Versions to search for an article of this date, preferred first."""
    if when is None:
        return ("2025", "legacy")
    return ("legacy",) if when < REFORM_DATE else ("2025",)


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data"
    return path if (path / "dataset.db").exists() else None


class Gazetteer:
    """Units indexed by match key of their short name, with successor links."""

    def __init__(self, units: list[Unit], successors: dict[str, list[str]]) -> None:
        self.units = {u.uid: u for u in units}
        self._successors = successors
        self._predecessors: dict[str, list[str]] = defaultdict(list)
        for old, news in successors.items():
            for new in news:
                self._predecessors[new].append(old)
        self._by_key: dict[str, list[Unit]] = defaultdict(list)
        self._first: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for unit in units:
            key = match_key(unit.name)
            self._by_key[key].append(unit)
            words = tuple(key.split())
            if words:
                self._first[words[0]].add(words)

    def __len__(self) -> int:
        return len(self.units)

    def lookup(self, name: str, *, levels: tuple[str, ...] | None = None,
               when: date | None = None, provinces: frozenset[str] | None = None) -> list[Unit]:
        """Units named ``name`` (type word excluded) valid at ``when``, optionally filtered."""
        found = []
        allowed = versions_for(when)
        for unit in self._by_key.get(match_key(name), ()):
            if unit.version not in allowed or (levels and unit.level not in levels):
                continue
            if provinces is not None and match_key(unit.province) not in provinces:
                continue
            found.append(unit)
        found.sort(key=lambda u: allowed.index(u.version))
        return found

    def names_starting(self, first_key: str) -> set[tuple[str, ...]]:
        """Token-key tuples of unit names starting with ``first_key``."""
        return self._first.get(first_key, set())

    def successors(self, unit: Unit) -> list[Unit]:
        """Units that took over ``unit`` on 1 July 2025."""
        return [self.units[u] for u in self._successors.get(unit.uid, ()) if u in self.units]

    def predecessors(self, unit: Unit) -> list[Unit]:
        """Units that ``unit`` took over on 1 July 2025."""
        return [self.units[u] for u in self._predecessors.get(unit.uid, ()) if u in self.units]

    @lru_cache(maxsize=256)  # noqa: B019 - one gazetteer per process
    def province_keys(self, province: str, when: date | None) -> frozenset[str]:
        """Match keys of the provinces meant by ``province`` at ``when``, merged ones included.

        ``Thái Nguyên`` in a 2024 article covers the old Thái Nguyên and Bắc Kạn (merged into it)
        so that a portal named after the 2025 province finds communes of both.
        """
        keys = {match_key(province)}
        for unit in self.lookup(province, levels=("province",)):
            keys.add(match_key(unit.province))
            for other in self.successors(unit) + self.predecessors(unit):
                keys.add(match_key(other.province))
        for unit in self._by_key.get(match_key(province), ()):
            if unit.level == "province":
                for other in self.successors(unit) + self.predecessors(unit):
                    keys.add(match_key(other.province))
        return frozenset(keys)


def _load() -> Gazetteer:
    data = _data_dir()
    if data is None:
        return Gazetteer([], {})
    units: list[Unit] = []
    legacy_ward_by_key: dict[str, str] = {}
    prov_by_key: dict[tuple[str, str], str] = {}
    new_ward_by_key: dict[tuple[str, str], str] = {}
    seen: set[str] = set()
    conn = sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)
    try:
        for row in conn.execute(
            "SELECT province, provinceShort, provinceCode, provinceKey, district, districtShort,"
            " districtType, districtCode, districtKey, ward, wardShort, wardType, wardCode, wardKey"
            " FROM admin_units_legacy"
        ):
            (prov, pshort, pcode, pkey, _dist, dshort, dtype, dcode, dkey,
             ward, wshort, wtype, wcode, wkey) = row
            _add_unit(units, seen, "legacy", "province", pcode, pshort, prov.split(pshort)[0], pshort)
            prov_by_key[("legacy", pkey)] = f"legacy:p:{pcode}"
            _add_unit(units, seen, "legacy", "district", dcode, dshort, dtype or "", pshort)
            if ward and wcode:
                uid = _add_unit(units, seen, "legacy", "commune", wcode, wshort, wtype or "",
                                pshort, dshort)
                legacy_ward_by_key[f"{pkey}_{dkey}_{wkey}"] = uid
        for row in conn.execute(
            "SELECT province, provinceShort, provinceCode, provinceKey, wardShort, wardType,"
            " wardCode, wardKey FROM admin_units"
        ):
            prov, pshort, pcode, pkey, wshort, wtype, wcode, wkey = row
            _add_unit(units, seen, "2025", "province", pcode, pshort, prov.split(pshort)[0], pshort)
            prov_by_key[("2025", pkey)] = f"2025:p:{pcode}"
            uid = _add_unit(units, seen, "2025", "commune", wcode, wshort, wtype or "", pshort)
            new_ward_by_key[(pkey, wkey)] = uid
    finally:
        conn.close()
    successors = _successor_links(data, prov_by_key, legacy_ward_by_key, new_ward_by_key)
    return Gazetteer(units, successors)


def _add_unit(units: list[Unit], seen: set[str], version: str, level: str, code: str, name: str,
              type_word: str, province: str, district: str | None = None) -> str:
    uid = f"{version}:{_LEVEL_CODE[level]}:{code}"
    if uid not in seen:
        seen.add(uid)
        units.append(Unit(uid, version, level, name, type_word.strip(), province, district))
    return uid


def _successor_links(data: Path, provs: dict[tuple[str, str], str], old_wards: dict[str, str],
                     new_wards: dict[tuple[str, str], str]) -> dict[str, list[str]]:
    path = data / "converter_2025.json"
    links: dict[str, list[str]] = defaultdict(list)
    if not path.exists():
        return links
    table = json.loads(path.read_text(encoding="utf-8"))
    for new_key, old_keys in table.get("DICT_PROVINCE", {}).items():
        new_uid = provs.get(("2025", new_key))
        for old_key in old_keys:
            old_uid = provs.get(("legacy", old_key))
            if new_uid and old_uid:
                links[old_uid].append(new_uid)
    for new_pkey, wards in table.get("DICT_PROVINCE_WARD_NO_DIVIDED", {}).items():
        for new_wkey, olds in wards.items():
            new_uid = new_wards.get((new_pkey, new_wkey))
            for old in olds:
                old_uid = old_wards.get(old)
                if new_uid and old_uid and new_uid not in links[old_uid]:
                    links[old_uid].append(new_uid)
    for new_pkey, olds in table.get("DICT_PROVINCE_WARD_DIVIDED", {}).items():
        for old, targets in olds.items():
            old_uid = old_wards.get(old)
            for target in targets:
                new_uid = new_wards.get((new_pkey, target.get("newWardKey")))
                if new_uid and old_uid and new_uid not in links[old_uid]:
                    links[old_uid].append(new_uid)
    return dict(links)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded on first use, about a tenth of a second)."""
    return _load()


def as_date(value: date | datetime | str | None) -> date | None:
    """A date from a date, datetime or ISO string (None when absent or unreadable)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for size in (10, 7, 4):
        part = text[:size]
        try:
            if size == 10:
                return date.fromisoformat(part)
            if size == 7:
                return date.fromisoformat(part + "-01")
            return date(int(part), 1, 1)
        except ValueError:
            continue
    return None
