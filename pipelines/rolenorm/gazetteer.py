"""Versioned gazetteer of Vietnamese administrative units (before and after 1 July 2025).

Data: the ``vietnamadminunits`` package (MIT, offline, pinned in pyproject.toml), read through
its documented interface only: ``vietnamadminunits.database.get_data`` gives 63 provinces, their
districts and 10,040 communes valid until 30 June 2025 (version ``legacy``) and 34 provinces with
3,321 communes from 1 July 2025 (version ``2025``); ``convert_address`` gives the successor of a
legacy province (all 63 at load time) or commune (on first use). Unit ids are namespaced by
version (``legacy:w:00001``) because codes were reused. A missing package or unreadable data
raises :class:`GazetteerUnavailable` (never an empty gazetteer).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from pipelines.vntext import cached_match_key

__all__ = ["PINNED_VERSION", "REFORM_DATE", "Gazetteer", "GazetteerUnavailable", "Unit",
           "gazetteer", "versions_for"]

PINNED_VERSION = "1.0.4"
"""The vietnamadminunits release pinned in pyproject.toml (named in error messages)."""
REFORM_DATE = date(2025, 7, 1)
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


def versions_for(when: date | None) -> tuple[str, ...]:
    """Versions to search for an article of this date, preferred first."""
    if when is None:
        return ("2025", "legacy")
    return ("legacy",) if when < REFORM_DATE else ("2025",)


class Gazetteer:
    """Units indexed by match key of their short name, with successor links."""

    def __init__(self, units: list[Unit], successors: dict[str, list[str]],
                 commune_successor: Callable[[str], list[str]] | None = None) -> None:
        self.units = {u.uid: u for u in units}
        self._successors = dict(successors)
        self._commune_successor = commune_successor
        self._predecessors: dict[str, list[str]] = defaultdict(list)
        for old, news in successors.items():
            for new in news:
                self._predecessors[new].append(old)
        self._by_key: dict[str, list[Unit]] = defaultdict(list)
        self._first: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for unit in units:
            key = cached_match_key(unit.name)
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
        for unit in self._by_key.get(cached_match_key(name), ()):
            if unit.version not in allowed or (levels and unit.level not in levels):
                continue
            if provinces is not None and cached_match_key(unit.province) not in provinces:
                continue
            found.append(unit)
        found.sort(key=lambda u: allowed.index(u.version))
        return found

    def names_starting(self, first_key: str) -> set[tuple[str, ...]]:
        """Token-key tuples of unit names starting with ``first_key``."""
        return self._first.get(first_key, set())

    def successors(self, unit: Unit) -> list[Unit]:
        """Units that took over ``unit`` on 1 July 2025 (a divided commune: its main successor)."""
        uids = self._successors.get(unit.uid)
        if uids is None and unit.level == "commune" and self._commune_successor is not None:
            uids = self._successors[unit.uid] = self._commune_successor(unit.uid)
            for new in uids:
                self._predecessors[new].append(unit.uid)
        return [self.units[u] for u in uids or () if u in self.units]

    def predecessors(self, unit: Unit) -> list[Unit]:
        """Provinces that ``unit`` (a 2025 province) took over on 1 July 2025 (communes: those
        whose successor was already asked for)."""
        return [self.units[u] for u in self._predecessors.get(unit.uid, ()) if u in self.units]

    def provinces_named(self, name: str) -> list[Unit]:
        """Province units (both versions) named ``name``, legacy first."""
        units = [u for u in self._by_key.get(cached_match_key(name), ()) if u.level == "province"]
        return sorted(units, key=lambda u: u.version != "legacy")

    def province_after_reform(self, name: str) -> str | None:
        """The province that ``name`` (a province before or after 1 July 2025) is part of since
        1 July 2025 (``Bắc Kạn`` -> ``Thái Nguyên``); None for a name that is no province."""
        units = self.provinces_named(name)
        current = [u.name for u in units if u.version == "2025"]
        if current:
            return current[0]
        after = {s.name for u in units for s in self.successors(u)}
        return after.pop() if len(after) == 1 else None

    def province_at(self, name: str, when: date | None) -> str:
        """The province meant by ``name`` for an article of date ``when``: a merged province
        becomes its successor from 1 July 2025 (``Bắc Kạn`` -> ``Thái Nguyên``); a 2025 name
        that is new becomes its only predecessor before (none here today); undated: ``name``."""
        units = self.provinces_named(name)
        if when is None or not units:
            return name
        if when >= REFORM_DATE:
            return self.province_after_reform(name) or name
        if any(u.version == "legacy" for u in units):
            return name
        before = {p.name for u in units for p in self.predecessors(u)}
        return before.pop() if len(before) == 1 else name

    @lru_cache(maxsize=256)  # noqa: B019 - one gazetteer per process
    def province_keys(self, province: str, when: date | None) -> frozenset[str]:
        """Match keys of the provinces meant by ``province`` at ``when``, merged ones included.

        ``Thái Nguyên`` in a 2024 article covers the old Thái Nguyên and Bắc Kạn (merged into it)
        so that a portal named after the 2025 province finds communes of both.
        """
        keys = {cached_match_key(province)}
        for unit in self.lookup(province, levels=("province",)):
            keys.add(cached_match_key(unit.province))
            for other in self.successors(unit) + self.predecessors(unit):
                keys.add(cached_match_key(other.province))
        for unit in self._by_key.get(cached_match_key(province), ()):
            if unit.level == "province":
                for other in self.successors(unit) + self.predecessors(unit):
                    keys.add(cached_match_key(other.province))
        return frozenset(keys)


class GazetteerUnavailable(RuntimeError):
    """The ``vietnamadminunits`` package or its data is missing or unreadable."""


_INSTALL = f"pip install 'vietnamadminunits=={PINNED_VERSION}'"
_LEGACY_FIELDS = ["province", "provinceShort", "provinceCode", "district", "districtShort",
                  "districtType", "districtCode", "ward", "wardShort", "wardType", "wardCode"]
_NEW_FIELDS = ["province", "provinceShort", "provinceCode", "ward", "wardShort", "wardType",
               "wardCode"]


def _package() -> tuple[Callable[..., list[dict[str, Any]]], Callable[[str], Any]]:
    """``get_data`` and ``convert_address`` of vietnamadminunits (its documented interface)."""
    try:
        from vietnamadminunits import convert_address
        from vietnamadminunits.database import get_data
    except ImportError as exc:
        raise GazetteerUnavailable(
            f"the gazetteer needs the vietnamadminunits package ({exc}): {_INSTALL}") from exc
    except Exception as exc:  # the package imports its data files at import time
        raise GazetteerUnavailable(
            f"the vietnamadminunits package cannot load its data ({type(exc).__name__}: {exc}):"
            f" reinstall it with {_INSTALL}") from exc
    return get_data, convert_address


def _rows(get_data: Callable[..., list[dict[str, Any]]], table: str,
          fields: list[str]) -> list[dict[str, Any]]:
    try:
        rows = get_data(fields=fields, table=table)
    except Exception as exc:  # sqlite3 errors: missing or damaged dataset.db
        raise GazetteerUnavailable(
            f"the vietnamadminunits data cannot be read (table {table}: {type(exc).__name__}: "
            f"{exc}): reinstall it with {_INSTALL}") from exc
    if not rows:
        raise GazetteerUnavailable(
            f"the vietnamadminunits data has no units in table {table}: reinstall it with "
            f"{_INSTALL}")
    return rows


def _load() -> Gazetteer:
    get_data, convert = _package()
    units: list[Unit] = []
    seen: set[str] = set()
    provinces: dict[str, str] = {}  # legacy uid -> full name ("Tỉnh Bắc Kạn")
    addresses: dict[str, str] = {}  # legacy commune uid -> its full address
    for row in _rows(get_data, "admin_units_legacy", _LEGACY_FIELDS):
        pshort = row["provinceShort"]
        uid = _add_unit(units, seen, "legacy", "province", row["provinceCode"], pshort,
                        row["province"].split(pshort)[0], pshort)
        provinces[uid] = row["province"]
        _add_unit(units, seen, "legacy", "district", row["districtCode"], row["districtShort"],
                  row["districtType"] or "", pshort)
        if row["ward"] and row["wardCode"]:
            uid = _add_unit(units, seen, "legacy", "commune", row["wardCode"], row["wardShort"],
                            row["wardType"] or "", pshort, row["districtShort"])
            addresses[uid] = f"{row['ward']}, {row['district']}, {row['province']}"
    for row in _rows(get_data, "admin_units", _NEW_FIELDS):
        pshort = row["provinceShort"]
        _add_unit(units, seen, "2025", "province", row["provinceCode"], pshort,
                  row["province"].split(pshort)[0], pshort)
        _add_unit(units, seen, "2025", "commune", row["wardCode"], row["wardShort"],
                  row["wardType"] or "", pshort)
    successors: dict[str, list[str]] = {}
    for uid, full_name in provinces.items():
        code = getattr(convert(full_name), "province_code", None)
        if code:
            successors[uid] = [f"2025:p:{code}"]
    return Gazetteer(units, successors, _commune_successor(convert, addresses))


def _commune_successor(convert: Callable[[str], Any],
                       addresses: dict[str, str]) -> Callable[[str], list[str]]:
    """Successor of a legacy commune, asked of ``convert_address`` when first needed (about half
    a millisecond each: converting all 10,040 communes at load time would take seconds)."""

    def successor(uid: str) -> list[str]:
        address = addresses.get(uid)
        if address is None:
            return []
        try:
            code = getattr(convert(address), "ward_code", None)
        except Exception:  # an address the converter cannot place: no successor known
            return []
        return [f"2025:w:{code}"] if code else []

    return successor


def _add_unit(units: list[Unit], seen: set[str], version: str, level: str, code: str, name: str,
              type_word: str, province: str, district: str | None = None) -> str:
    uid = f"{version}:{_LEVEL_CODE[level]}:{code}"
    if uid not in seen:
        seen.add(uid)
        units.append(Unit(uid, version, level, name, type_word.strip(), province, district))
    return uid


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded on first use: about 1 s of CPU, most of it importing
    vietnamadminunits, whose package imports its address parser and geopy)."""
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
