"""The portal registry: every known portal as data, validated on load.

The registry ships inside the package (``crawler/data/portals.toml``). A user keeps their own
changes in an overlay file (``$PORTALNEWS_REGISTRY``, else ``data/portals.toml`` in the working
directory when present) layered over it: an overlay entry with a packaged id changes only the
fields it sets (``selectors`` key by key), a new id adds a portal. ``--registry PATH`` reads one
complete registry file alone. A problem raises :class:`RegistryError` naming the file, the entry
(its id or index) and the field. The format is described in docs/portals.md.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.urls import canonical_host
from pipelines.datenorm.normalise import ORDERS

PACKAGED_PATH = Path(str(files("crawler").joinpath("data", "portals.toml")))
OVERLAY_ENV = "PORTALNEWS_REGISTRY"
LOCAL_OVERLAY = Path("data") / "portals.toml"  # relative to the working directory
PLATFORMS = ("nukeviet4", "nukeviet3", "nukeviet-egov", "wordpress", "sharepoint", "liferay",
             "generic", "unknown")
KINDS = ("party", "government", "council", "department", "district", "commune", "agency",
         "front", "media", "test")
SELECTOR_FIELDS = ("title", "lead", "body", "date", "author", "source", "category", "tags",
                   "article_links", "next_page")
ID_RE = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
_KEYS = {"id", "name", "province", "province_before_2025", "kind", "urls", "platform", "modules",
         "feeds", "order", "timezone", "verify_tls", "delay", "selectors", "article_pattern",
         "enabled", "verified", "notes"}


class RegistryError(ValueError):
    """The registry file is missing, unreadable or breaks the format (message says where)."""


@dataclass(frozen=True)
class Portal:
    """One registered portal and its per-portal overrides."""

    id: str
    name: str
    province: str
    kind: str
    urls: tuple[str, ...]
    platform: str = "unknown"
    province_before_2025: str | None = None
    modules: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    order: str = "dmy"
    timezone: str = "Asia/Ho_Chi_Minh"
    verify_tls: bool = True
    delay: float | None = None
    selectors: dict[str, str] = field(default_factory=dict)
    article_pattern: str | None = None
    enabled: bool = True
    verified: bool = False
    notes: str = ""

    @property
    def base_url(self) -> str:
        """The first URL: the address crawled."""
        return self.urls[0]

    @property
    def hosts(self) -> frozenset[str]:
        """Canonical hosts of every URL (``www.`` and scheme variants fold together)."""
        return frozenset(canonical_host(u) for u in self.urls)


@dataclass(frozen=True)
class Origin:
    """Where an entry's settings come from: the file defining it, and an overlay's changes."""

    file: str
    packaged: bool
    overlay: str | None = None
    fields: tuple[str, ...] = ()
    """Fields the overlay set on a packaged entry (empty for an entry the overlay added)."""

    @property
    def label(self) -> str:
        """``packaged``, ``overlay`` (added by it), ``packaged+overlay`` or ``file``."""
        if self.overlay and self.overlay != self.file:
            return "packaged+overlay"
        if self.overlay:
            return "overlay"
        return "packaged" if self.packaged else "file"

    def describe(self) -> str:
        """One line for people, e.g. ``packaged; overlay data/portals.toml sets enabled, delay``."""
        if self.overlay and self.overlay != self.file:
            return f"packaged; overlay {self.overlay} sets {', '.join(self.fields) or 'nothing'}"
        if self.overlay:
            return f"overlay {self.overlay} (not in the packaged registry)"
        return "packaged" if self.packaged else f"file {self.file}"


@dataclass(frozen=True)
class Registry:
    """Portals in file order, with lookups by id and by host, and where each entry comes from."""

    portals: tuple[Portal, ...]
    path: Path | None = None
    overlay: Path | None = None
    origins: Mapping[str, Origin] = field(default_factory=dict)

    def origin(self, portal_id: str) -> Origin:
        """Where the settings of ``portal_id`` come from."""
        found = self.origins.get(portal_id)
        return found or Origin(str(self.path), packaged=self.path == PACKAGED_PATH)

    def __iter__(self) -> Iterator[Portal]:
        return iter(self.portals)

    def __len__(self) -> int:
        return len(self.portals)

    def get(self, portal_id: str) -> Portal | None:
        """The portal with this id, or None."""
        return next((p for p in self.portals if p.id == portal_id), None)

    def by_url(self, url: str) -> Portal | None:
        """The portal serving this URL's host (``www.``/bare and http/https fold together)."""
        host = canonical_host(url)
        return next((p for p in self.portals if host in p.hosts), None)

    def close_matches(self, portal_id: str, n: int = 5) -> list[str]:
        """Registered ids that look like ``portal_id`` (for error messages)."""
        ids = [p.id for p in self.portals]
        found = difflib.get_close_matches(portal_id, ids, n=n, cutoff=0.6)
        found += [i for i in ids if portal_id and portal_id in i and i not in found]
        return found[:n]

    def resolve(self, ids: list[str]) -> list[Portal]:
        """Portals for ``ids``; raise :class:`RegistryError` listing unknown ids and close matches."""
        unknown = [i for i in ids if self.get(i) is None]
        if unknown:
            parts = []
            for i in unknown:
                near = self.close_matches(i)
                parts.append(f"{i!r}" + (f" (did you mean: {', '.join(near)}?)" if near else ""))
            raise RegistryError(f"unknown portal id {'; '.join(parts)}; "
                                "see `portalnews portals list`")
        return [self.get(i) for i in ids]  # type: ignore[misc]


def _err(where: str, message: str) -> RegistryError:
    return RegistryError(f"{where}: {message}")


def _field(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str, *,
           required: bool = False, default: Any = None) -> Any:
    if key not in data:
        if required:
            raise _err(where, f"missing field '{key}'")
        return default
    value = data[key]
    if isinstance(value, bool) and kind in (int, float, (int, float)):
        raise _err(where, f"field '{key}' must be a number, not a boolean")
    if not isinstance(value, kind):
        raise _err(where, f"field '{key}' has the wrong type ({type(value).__name__})")
    if isinstance(value, str) and required and not value.strip():
        raise _err(where, f"field '{key}' is empty")
    return value


def _strings(data: dict[str, Any], key: str, where: str, *, required: bool = False) -> tuple[str, ...]:
    values = _field(data, key, list, where, required=required, default=[])
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise _err(where, f"field '{key}' must be a list of non-empty strings")
    if required and not values:
        raise _err(where, f"field '{key}' is empty")
    return tuple(values)


def _url(value: str, where: str) -> str:
    if not re.match(r"^https?://[^/\s?#]+(/\S*)?$", value):
        raise _err(where, f"field 'urls' has a value that is not an http(s) URL: {value!r}")
    return value if value.count("/") > 2 else value + "/"


def parse_portal(data: Any, where: str) -> Portal:
    """Build and check one ``[[portal]]`` table."""
    if not isinstance(data, dict):
        raise _err(where, "not a table")
    if isinstance(data.get("id"), str):
        where = f"{where} (id {data['id']!r})"
    if unknown := set(data) - _KEYS:
        raise _err(where, f"unknown field(s) {sorted(unknown)}")
    portal_id = _field(data, "id", str, where, required=True)
    if not ID_RE.match(portal_id):
        raise _err(where, f"field 'id' is not a lowercase slug: {portal_id!r}")
    kind = _field(data, "kind", str, where, required=True)
    if kind not in KINDS:
        raise _err(where, f"field 'kind' must be one of {', '.join(KINDS)} (got {kind!r})")
    platform = _field(data, "platform", str, where, default="unknown")
    if platform not in PLATFORMS:
        raise _err(where, f"field 'platform' must be one of {', '.join(PLATFORMS)} (got {platform!r})")
    order = _field(data, "order", str, where, default="dmy")
    if order not in ORDERS:
        raise _err(where, f"field 'order' must be one of {', '.join(ORDERS)} (got {order!r}; "
                   "year-first dates such as 2024-03-14 are read under every order)")
    timezone = _field(data, "timezone", str, where, default="Asia/Ho_Chi_Minh")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise _err(where, f"field 'timezone' is not an IANA zone: {timezone!r}") from exc
    delay = _field(data, "delay", (int, float), where)
    if delay is not None and delay < 0:
        raise _err(where, "field 'delay' must be >= 0 seconds")
    selectors = _field(data, "selectors", dict, where, default={})
    for name, value in selectors.items():
        if name not in SELECTOR_FIELDS:
            raise _err(where, f"field 'selectors' has an unknown key {name!r} "
                              f"(known: {', '.join(SELECTOR_FIELDS)})")
        if not isinstance(value, str) or not value.strip():
            raise _err(where, f"field 'selectors.{name}' must be a non-empty CSS selector")
    pattern = _field(data, "article_pattern", str, where)
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise _err(where, f"field 'article_pattern' is not a regular expression: {exc}") from exc
    urls = tuple(_url(u, where) for u in _strings(data, "urls", where, required=True))
    return Portal(
        id=portal_id,
        name=_field(data, "name", str, where, required=True),
        province=_field(data, "province", str, where, required=True),
        province_before_2025=_field(data, "province_before_2025", str, where),
        kind=kind,
        urls=urls,
        platform=platform,
        modules=_strings(data, "modules", where),
        feeds=_strings(data, "feeds", where),
        order=order,
        timezone=timezone,
        verify_tls=_field(data, "verify_tls", bool, where, default=True),
        delay=float(delay) if delay is not None else None,
        selectors=dict(selectors),
        article_pattern=pattern,
        # An unverified entry (a guessed host or platform) stays off until someone enables it:
        # the nightly run must not crawl guesses.
        enabled=_field(data, "enabled", bool, where,
                       default=_field(data, "verified", bool, where, default=False)),
        verified=_field(data, "verified", bool, where, default=False),
        notes=_field(data, "notes", str, where, default=""),
    )


def _entries(data: dict[str, Any], where: str) -> list[Any]:
    """The ``[[portal]]`` tables of a document (no other top-level key)."""
    if unknown := set(data) - {"portal"}:
        raise _err(where, f"unknown top-level key(s) {sorted(unknown)} (entries are [[portal]])")
    entries = data.get("portal", [])
    if not isinstance(entries, list):
        raise _err(where, "'portal' must be an array of tables ([[portal]])")
    return entries


def _check_all(tables: list[tuple[Any, str]]) -> tuple[Portal, ...]:
    """Parse each (table, where) and check ids are unique and no host is claimed twice."""
    portals: list[Portal] = []
    ids: dict[str, str] = {}
    hosts: dict[str, str] = {}
    for entry, where in tables:
        portal = parse_portal(entry, where)
        loc = f"{where} (id {portal.id!r})"
        if portal.id in ids:
            raise _err(loc, f"field 'id' duplicates {ids[portal.id]}")
        ids[portal.id] = where.rpartition(": ")[2]
        for host in portal.hosts:
            if host in hosts and hosts[host] != portal.id:
                raise _err(loc, f"field 'urls': host {host} is already registered by {hosts[host]!r}")
            hosts[host] = portal.id
        portals.append(portal)
    return tuple(portals)


def parse_registry(data: dict[str, Any], where: str) -> tuple[Portal, ...]:
    """Check the whole document: every entry, unique ids, no host claimed twice."""
    return _check_all([(e, f"{where}: portal[{i}]") for i, e in enumerate(_entries(data, where))])


def _read(file: Path) -> dict[str, Any]:
    # fixtures.portal.corpus._read_toml reads its TOML alike, with its own error class: the
    # fixtures import nothing of the crawler (docs/architecture.md), so the few lines are twins.
    try:
        with file.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise RegistryError(f"{file}: file not found") from exc
    except IsADirectoryError as exc:
        raise RegistryError(f"{file}: is a directory, not a TOML file") from exc
    except OSError as exc:
        raise RegistryError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{file}: invalid TOML: {exc}") from exc


def load_registry(path: Path | str | None = None) -> Registry:
    """Load and validate one registry file (default: the packaged one), without overlay."""
    file = Path(path) if path is not None else PACKAGED_PATH
    return Registry(parse_registry(_read(file), str(file)), file)


def _layer(base: list[dict[str, Any]], overlay: list[Any], where: str
           ) -> tuple[list[tuple[Any, str]], dict[str, Origin]]:
    """Tables of ``base`` with the ``overlay`` entries merged in or appended, and their origins."""
    packaged = str(PACKAGED_PATH)
    tables: list[tuple[Any, str]] = [(t, f"{packaged}: portal[{i}]") for i, t in enumerate(base)]
    origins = {t["id"]: Origin(packaged, packaged=True) for t in base}
    index = {t["id"]: i for i, t in enumerate(base)}
    for i, entry in enumerate(overlay):
        loc = f"{where}: portal[{i}]"
        if not isinstance(entry, dict):
            raise _err(loc, "not a table")
        entry_id = _field(entry, "id", str, loc, required=True)
        origin = origins.get(entry_id)
        if origin is not None and origin.overlay:
            raise _err(f"{loc} (id {entry_id!r})", "the overlay sets this id twice")
        if entry_id not in index:
            tables.append((entry, loc))
            origins[entry_id] = Origin(where, packaged=False, overlay=where)
            continue
        merged = {**base[index[entry_id]], **entry}
        if isinstance(entry.get("selectors"), dict) and isinstance(merged.get("selectors"), dict):
            merged["selectors"] = {**base[index[entry_id]].get("selectors", {}), **entry["selectors"]}
        tables[index[entry_id]] = (merged, loc)
        origins[entry_id] = Origin(packaged, packaged=True, overlay=where,
                                   fields=tuple(k for k in entry if k != "id"))
    return tables, origins


def overlay_path(environ: Mapping[str, str] | None = None) -> Path | None:
    """The user's overlay: ``$PORTALNEWS_REGISTRY``, else ``data/portals.toml`` here if present."""
    environ = os.environ if environ is None else environ
    if environ.get(OVERLAY_ENV):
        return Path(environ[OVERLAY_ENV])
    return LOCAL_OVERLAY if LOCAL_OVERLAY.is_file() else None


def load_layered(overlay: Path | str | None) -> Registry:
    """The packaged registry with ``overlay`` (if any) layered over it, validated as a whole."""
    if overlay is None:
        return load_registry()
    file = Path(overlay)
    packaged = _read(PACKAGED_PATH)
    parse_registry(packaged, str(PACKAGED_PATH))  # well-formed before the overlay is merged in
    base = _entries(packaged, str(PACKAGED_PATH))
    tables, origins = _layer(base, _entries(_read(file), str(file)), str(file))
    return Registry(_check_all(tables), PACKAGED_PATH, file, origins)


def load_configured(registry: Path | str | None = None) -> Registry:
    """What the commands read: ``registry`` alone when given, else packaged + the user's overlay."""
    if registry is not None:
        return load_registry(registry)
    overlay = overlay_path()
    if overlay is not None and os.environ.get(OVERLAY_ENV) and not overlay.exists():
        raise RegistryError(f"{overlay}: file not found (named by ${OVERLAY_ENV})")
    return load_layered(overlay)
