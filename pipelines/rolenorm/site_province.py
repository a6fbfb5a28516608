"""The portal's province: from the registry, or read from the site's own name on its home page.

A portal crawled by URL names itself: ``og:site_name``, ``<title>``, the logo and header, the
footer (``Cổng thông tin điện tử tỉnh Bắc Kạn``, ``Đảng bộ tỉnh Thái Nguyên``, ``UBND thành phố
Hà Nội``, ``Tỉnh ủy Lạng Sơn``, ``Báo Bắc Kạn``, ``Huyện ủy Phú Bình - Tỉnh Thái Nguyên``). A
province is read only after an organ or portal prefix and checked against the gazetteer; sources
are read in order of reliability and the first that names exactly one province decides; a source
naming several leaves the decision to a later source that names one of them, else nothing is
stored.

What is stored (:class:`PortalProvince`): the province as the site names it (``Bắc Kạn``) and the
province it belongs to since 1 July 2025 (``Thái Nguyên``); an article's default locality is the
unit valid at its date (:meth:`PortalProvince.at`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from parsel import Selector

from pipelines.rolenorm.gazetteer import REFORM_DATE, Gazetteer, Unit, as_date, gazetteer
from pipelines.vntext import canonicalise_inline, match_key

__all__ = ["PortalProvince", "note_site_province", "provinces_named_in", "read_site_province",
           "registered_province"]

logger = logging.getLogger(__name__)

SOURCES = ("og:site_name", "title", "logo", "header", "footer")
"""Where the site names itself, most reliable first."""


@dataclass(frozen=True, slots=True)
class PortalProvince:
    """A portal's province: as named (registry or site) and its province since 1 July 2025."""

    named: str
    """The province as the registry or the site names it (``Bắc Kạn``), gazetteer spelling."""
    province: str
    """The province it is part of since 1 July 2025 (``Thái Nguyên``): ``portals.province``."""
    source: str
    """``registry`` (the registry entry), ``setting`` (``-s ROLES_PROVINCE``), ``page``."""
    evidence: str = ""
    """Where it was read: ``og:site_name: Cổng thông tin điện tử tỉnh Bắc Kạn``."""

    def at(self, when: date | datetime | str | None) -> str:
        """The province an article of this date belongs to: the named one before 1 July 2025
        (and when undated), the post-merger one from then on."""
        day = as_date(when)
        if day is None:
            return self.named
        if day >= REFORM_DATE:
            return self.province
        return gazetteer().province_at(self.named, day)


def registered_province(settings: Any) -> PortalProvince | None:
    """The configured province: a registry entry's (``ROLES_PROVINCE`` with ``PORTAL_NAME``, and
    ``ROLES_PROVINCE_BEFORE_2025`` for a merged province) or a bare ``-s ROLES_PROVINCE``."""
    province = settings.get("ROLES_PROVINCE")
    if not province:
        return None
    before = settings.get("ROLES_PROVINCE_BEFORE_2025")
    source = "registry" if settings.get("PORTAL_NAME") else "setting"
    if source == "setting":  # ``-s ROLES_PROVINCE=Bắc Kạn``: named so, part of Thái Nguyên since
        before, province = province, gazetteer().province_after_reform(province) or province
    named = before or province
    since = f" (since 1 July 2025: {province})" if match_key(named) != match_key(province) else ""
    return PortalProvince(named=named, province=province, source=source,
                          evidence=f"{source}: {named}{since}")


def note_site_province(spider: Any, response: Any) -> PortalProvince | None:
    """Home-page hook: a portal without a configured province gets the one its page names.

    Sets ``site_province`` on the crawler's spider (read by the roles and storage stages) and the
    ``portalnews/site_province`` statistic. The registry (or ``-s ROLES_PROVINCE``) wins: a page
    naming another province only raises a warning (``portalnews/province_mismatch``)."""
    crawler = spider.crawler
    registered = registered_province(crawler.settings)
    try:
        found = read_site_province(response.text)
    except Exception:  # never lose the crawl over its province: unknown, and said so
        logger.exception("%s: the province could not be read from the page", response.url)
        found = None
    if registered is not None:
        if found is not None and match_key(found.province) != match_key(registered.province):
            message = (f"{registered.source} says {registered.province}, the page names "
                       f"{found.named} ({found.evidence})")
            crawler.stats.set_value("portalnews/province_mismatch", message)
            logger.warning("%s: %s: keeping %s", response.url, message, registered.province)
        return None
    target = getattr(crawler, "spider", None) or spider
    target.site_province = found
    crawler.stats.set_value("portalnews/site_province", found.named if found else "unknown")
    if found:
        logger.info("%s: province %s read from the page (%s)", response.url, found.named,
                    found.evidence)
    return found


# -- reading a page --------------------------------------------------------------------------

_SKIP = "ancestor-or-self::*[self::script or self::style or self::select or self::option"\
        " or self::nav or self::marquee]"
_CLASS = "concat(' ', translate(@id, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),"\
         " ' ', translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'))"
_HEADER = f"//header | //*[contains({_CLASS}, 'header') or contains({_CLASS}, 'banner')]"
_FOOTER = f"//footer | //*[contains({_CLASS}, 'footer') or contains({_CLASS}, 'copyright')]"
_LOGO = (f"//*[contains({_CLASS}, 'logo') or contains({_CLASS}, 'site_name') or "
         f"contains({_CLASS}, 'site-name') or contains({_CLASS}, 'sitename') or "
         f"contains({_CLASS}, 'brand')]")


def _texts(page: Selector, source: str) -> list[str]:
    if source == "og:site_name":
        return page.xpath("//meta[@property='og:site_name' or @name='og:site_name']/@content").getall()
    if source == "title":
        return page.xpath("//head/title//text()").getall()
    if source == "logo":
        regions = page.xpath(f"{_LOGO} | ({_HEADER})//h1")
        return [t for r in regions for t in (*r.xpath(".//img/@alt | .//a/@title").getall(),
                                             _region_text(r))]
    return [_region_text(r) for r in page.xpath(_HEADER if source == "header" else _FOOTER)]


def _region_text(region: Selector) -> str:
    return " ".join(region.xpath(f".//text()[not({_SKIP})]").getall())


def read_site_province(html: str) -> PortalProvince | None:
    """The province a home page names itself after (None when it names none, or is unsure)."""
    if not html:
        return None
    page = Selector(text=html)
    gaz = gazetteer()
    allowed: set[str] | None = None
    for source in SOURCES:
        found: dict[str, str] = {}
        for text in _texts(page, source):
            for named, phrase in provinces_named_in(text, gaz):
                found.setdefault(named, phrase)
        if allowed is not None:
            found = {k: v for k, v in found.items() if k in allowed}
        if len(found) == 1:
            [(named, phrase)] = found.items()
            return PortalProvince(named=named, province=gaz.province_after_reform(named) or named,
                                  source="page", evidence=f"{source}: {phrase}"[:240])
        if found:
            allowed = set(found)
    return None


# -- reading one text ------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
_SEPARATORS = frozenset({",", "-", "–", "|", "/", ":", "(", "."})
# Organs and portal names that are followed by a level word and a unit name.
_ORGANS = tuple(tuple(p.split()) for p in (
    "đảng bộ", "ủy ban nhân dân", "ubnd", "hội đồng nhân dân", "hđnd", "cổng thông tin điện tử",
    "cổng thông tin", "cổng ttđt", "cổng tt", "trang thông tin điện tử", "trang thông tin",
    "trang tin điện tử", "văn phòng", "công an", "sở", "đài phát thanh và truyền hình",
    "đài phát thanh - truyền hình", "hội nông dân", "liên đoàn lao động",
    "mặt trận tổ quốc việt nam", "ủy ban mặt trận tổ quốc việt nam"))
# Party committees named by their unit's level: the unit name follows (its level word optional).
# Not rolenorm.lexicon.COMMITTEES (the organs of a role): here the level of the *unit that owns a
# portal* (a Thành ủy's portal is a city's, an Đảng ủy's a commune's), with the Youth Union's
# committees and the Party newspapers, on match-key words.
_COMMITTEES = {("tỉnh", "ủy"): "province", ("thành", "ủy"): "city", ("huyện", "ủy"): "district",
               ("quận", "ủy"): "district", ("thị", "ủy"): "district", ("đảng", "ủy"): "commune",
               ("tỉnh", "đoàn"): "province", ("thành", "đoàn"): "city",
               # a province's Party newspaper: ``Báo Bắc Kạn``, ``Báo điện tử Hà Giang``
               ("báo",): "newspaper", ("báo", "điện", "tử"): "newspaper"}
_LEVEL_WORDS = {("tỉnh",): "province", ("thủ", "đô"): "province", ("thành", "phố"): "city",
                ("tp",): "city", ("huyện",): "district", ("quận",): "district",
                ("thị", "xã"): "district", ("xã",): "commune", ("phường",): "commune",
                ("thị", "trấn"): "commune", ("đặc", "khu"): "commune"}
_ALIASES = {"hcm": "Hồ Chí Minh", "thừa thiên huế": "Huế", "thừa thiên - huế": "Huế"}
_NOT_ORGAN = frozenset({"cơ", "trụ"})
_SO_WORDS = 10  # words of a department's name (``Sở Thông tin và Truyền thông``)


def _match(keys: list[str], i: int, table: Any) -> tuple[tuple[str, ...], int] | None:
    for size in range(8, 0, -1):  # the longest phrase first (``Ủy ban Mặt trận Tổ quốc Việt Nam``)
        phrase = tuple(keys[i : i + size])
        if len(phrase) == size and phrase in table:
            return phrase, i + size
    return None


def provinces_named_in(text: str, gaz: Gazetteer | None = None) -> list[tuple[str, str]]:
    """``(province as named, phrase)`` for each organ or portal name of ``text`` that names its
    province, directly or through a district or commune that the gazetteer places."""
    gaz = gaz or gazetteer()
    text = canonicalise_inline(text)
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    keys = [match_key(text[a:b]) for a, b in spans]
    out = []
    for i in range(len(keys)):
        if not text[spans[i][0]].isupper() or (i and keys[i - 1] in _NOT_ORGAN):
            continue  # organs are proper names: ``Sở``, not ``cơ sở``/``trụ sở``
        found = _organ_at(keys, i, gaz)
        if found is not None:
            named, end = found
            out.append((named, text[spans[i][0] : spans[end - 1][1]]))
    return out


def _organ_at(keys: list[str], i: int, gaz: Gazetteer) -> tuple[str, int] | None:
    committee = _match(keys, i, _COMMITTEES)
    if committee is not None:
        level, k = _COMMITTEES[committee[0]], committee[1]
        word = _match(keys, k, _LEVEL_WORDS)
        if level == "newspaper":  # a province's name right after it, nothing else
            return _province_name(keys, k, gaz, cities_only=False)
        if word is not None:
            level, k = _LEVEL_WORDS[word[0]], word[1]
        elif level == "commune":  # ``Đảng ủy`` needs ``xã``/``phường``/...
            return None
        return _unit(keys, k, level, gaz)
    organ = _match(keys, i, _ORGANS)
    if organ is None:
        return None
    k = organ[1]
    if organ[0] == ("sở",):
        stop = min(k + _SO_WORDS, len(keys))
        while k < stop and _match(keys, k, _LEVEL_WORDS) is None \
                and keys[k] not in _SEPARATORS - {","}:
            k += 1
    word = _match(keys, k, _LEVEL_WORDS)
    if word is None:
        return None
    return _unit(keys, word[1], _LEVEL_WORDS[word[0]], gaz)


def _unit(keys: list[str], k: int, level: str, gaz: Gazetteer) -> tuple[str, int] | None:
    """The province meant by a unit of ``level`` named at ``k`` (and what follows it)."""
    if level in ("province", "city"):
        found = _province_name(keys, k, gaz, cities_only=level == "city")
        if found is not None or level == "province":
            return found
    name = _unit_name(keys, k, gaz, "district" if level == "city" else level)
    units, end = name if name is not None else ([], _skip_name(keys, k))
    explicit = _explicit_province(keys, end, gaz)
    if explicit is not None:
        return explicit
    provinces = {u.province for u in units}
    return (provinces.pop(), end) if len(provinces) == 1 else None


def _province_name(keys: list[str], k: int, gaz: Gazetteer, *,
                   cities_only: bool) -> tuple[str, int] | None:
    if k < len(keys) and keys[k] == ".":  # ``TP. Hồ Chí Minh``
        k += 1
    for size in (5, 4, 3, 2, 1):
        if k + size > len(keys):
            continue
        phrase = " ".join(keys[k : k + size])
        units = gaz.provinces_named(_ALIASES.get(phrase, phrase))
        if cities_only:
            units = [u for u in units if match_key(u.type_word) == "thành phố"]
        if units:
            return units[0].name, k + size
    return None


def _unit_name(keys: list[str], k: int, gaz: Gazetteer,
               level: str) -> tuple[list[Unit], int] | None:
    for size in (5, 4, 3, 2, 1):
        if k + size <= len(keys):
            units = gaz.lookup(" ".join(keys[k : k + size]), levels=(level,))
            if units:
                return units, k + size
    return None


def _skip_name(keys: list[str], k: int) -> int:
    """The end of a name the gazetteer does not know (up to 4 words, before a separator)."""
    end = k
    while end < min(k + 4, len(keys)) and keys[end] not in _SEPARATORS \
            and _match(keys, end, _LEVEL_WORDS) is None:
        end += 1
    return end


def _explicit_province(keys: list[str], k: int, gaz: Gazetteer) -> tuple[str, int] | None:
    """``, tỉnh Thái Nguyên`` (after separators, and after a district for a commune)."""
    for _ in range(2):
        while k < len(keys) and keys[k] in _SEPARATORS:
            k += 1
        word = _match(keys, k, _LEVEL_WORDS)
        if word is None:
            return None
        level = _LEVEL_WORDS[word[0]]
        if level in ("province", "city"):
            found = _province_name(keys, word[1], gaz, cities_only=level == "city")
            if found is not None or level == "province":
                return found
        name = _unit_name(keys, word[1], gaz, "district")
        if name is None:
            return None
        k = name[1]
    return None
