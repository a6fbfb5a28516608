"""The portal registry: every known portal as data (``data/portals.toml``), validated on load.

``load_registry()`` reads the TOML file and checks every field; a problem raises
:class:`RegistryError` naming the file, the entry (its id or index) and the field. The format is
described in docs/portals.md.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.urls import canonical_host

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "portals.toml"
PLATFORMS = ("nukeviet4", "nukeviet3", "nukeviet-egov", "wordpress", "sharepoint", "liferay",
             "generic", "unknown")
KINDS = ("party", "government", "council", "department", "district", "commune", "agency",
         "front", "media", "test")
ORDERS = ("dmy", "mdy", "ymd")
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
class Registry:
    """Portals in file order, with lookups by id and by host."""

    portals: tuple[Portal, ...]
    path: Path | None = None

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
        raise _err(where, f"field 'order' must be one of {', '.join(ORDERS)} (got {order!r})")
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


def parse_registry(data: dict[str, Any], where: str) -> tuple[Portal, ...]:
    """Check the whole document: every entry, unique ids, no host claimed twice."""
    if unknown := set(data) - {"portal"}:
        raise _err(where, f"unknown top-level key(s) {sorted(unknown)} (entries are [[portal]])")
    entries = data.get("portal", [])
    if not isinstance(entries, list):
        raise _err(where, "'portal' must be an array of tables ([[portal]])")
    portals: list[Portal] = []
    ids: dict[str, int] = {}
    hosts: dict[str, str] = {}
    for index, entry in enumerate(entries):
        portal = parse_portal(entry, f"{where}: portal[{index}]")
        loc = f"{where}: portal[{index}] (id {portal.id!r})"
        if portal.id in ids:
            raise _err(loc, f"field 'id' duplicates portal[{ids[portal.id]}]")
        ids[portal.id] = index
        for host in portal.hosts:
            if host in hosts and hosts[host] != portal.id:
                raise _err(loc, f"field 'urls': host {host} is already registered by {hosts[host]!r}")
            hosts[host] = portal.id
        portals.append(portal)
    return tuple(portals)


def load_registry(path: Path | str | None = None) -> Registry:
    """Load and validate the registry (default ``data/portals.toml``)."""
    file = Path(path) if path is not None else DEFAULT_PATH
    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise RegistryError(f"{file}: file not found") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{file}: invalid TOML: {exc}") from exc
    return Registry(parse_registry(data, str(file)), file)
