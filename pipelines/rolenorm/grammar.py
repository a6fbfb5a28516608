"""The role grammar: ``[status] [Phó] TITLE [Thường trực] [ORGAN [PARENT]] [LEVEL [LOCALITY]]``.

Works on the tokens of one sentence; returns :class:`RoleParse` objects with the parts the text
states. Inheritance of missing parts happens later (:mod:`pipelines.rolenorm.inherit`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pipelines.rolenorm.gazetteer import REFORM_DATE, Gazetteer
from pipelines.rolenorm.lexicon import LEVEL_WORD_LEVEL, LEXICON, PARTY_COMMITTEE_BY_LEVEL, Entry
from pipelines.rolenorm.named import named_end
from pipelines.rolenorm.names import surname_kind
from pipelines.rolenorm.tokens import Token
from pipelines.vntext import cached_fold_tone

__all__ = ["Context", "RoleParse", "level_and_locality", "parse_organ", "parse_role", "parse_roles",
           "split_locality"]


_PRE = frozenset({"STATUS", "DEPUTY"})
_TITLE = frozenset({"TITLE", "COMPOUND"})
_MOD = frozenset({"MOD"})
_ORGAN = frozenset({"ORGAN"})
_LEVEL = frozenset({"LEVEL"})
_KIEM = frozenset({"KIEM"})
_ROLE_SEPARATORS = frozenset({",", "-", "–"})
_MOD_ORDER = ("deputy", "standing", "alternate", "in_charge", "full_time")


@dataclass
class Context:
    """What the article tells about itself: date, province, places it names."""

    when: date | None = None
    province: str | None = None
    gazetteer: Gazetteer | None = None
    province_keys: frozenset[str] | None = None
    places: dict[str, list[str]] = field(default_factory=dict)
    given: dict[str, str] = field(default_factory=dict)


@dataclass
class RoleParse:
    """One role as stated in the text (offsets are token indexes ``start``..``end``)."""

    start: int
    end: int
    title: str
    modifiers: list[str]
    status: str
    organ: str | None
    level: str | None
    locality: str | None
    party: bool = False

    def ordered_modifiers(self) -> list[str]:
        """Modifiers in the documented order, without duplicates."""
        return [m for m in _MOD_ORDER if m in self.modifiers]


def _match(toks: list[Token], i: int, kinds: frozenset[str]) -> tuple[Entry, int] | None:
    return LEXICON.match(toks, i, kinds)


def parse_role(toks: list[Token], i: int, ctx: Context) -> RoleParse | None:
    """One role starting at token ``i``, or None."""
    k = i
    status = "current"
    mods: list[str] = []
    for _ in range(3):
        m = _match(toks, k, _PRE)
        if m is None:
            break
        entry, k = m
        if entry.kind == "DEPUTY":
            mods.append("deputy")
        else:
            status = entry.value
    m = _match(toks, k, _TITLE)
    if m is None:
        return None
    entry, k = m
    if entry.deputy:
        mods.append("deputy")
    title, organ, level = entry.value, entry.organ, entry.level
    takes_locality = False
    title_end = k
    k = _modifiers(toks, k, mods)
    parsed = None
    if entry.kind == "COMPOUND" and entry.sub:
        parsed = _parent(toks, k, entry.organ or "", None)
    elif entry.kind == "TITLE":
        if entry.overlap and k == title_end:
            parsed = parse_organ(toks, k - entry.overlap)
            if parsed is not None and parsed[3] < k:
                parsed = None
        if parsed is None:
            parsed = parse_organ(toks, k)
    if parsed is not None:
        organ, organ_level, takes_locality, k = parsed
        level = organ_level or level
        k = _modifiers(toks, k, mods)
    elif entry.needs_organ or _unknown_organ(toks, k):
        return None
    elif entry.kind == "COMPOUND":
        takes_locality = False
    if title == "Trưởng" and organ:
        title = _head_title(organ)
    if title == "Ủy viên" and organ == "Trung ương":
        organ, level = "Ban Chấp hành Trung ương Đảng", "central"
    locality = None
    if level != "central":
        bare = k
        k, level, locality = level_and_locality(toks, k, level, takes_locality or
                                                 entry.level == "village", ctx, _city_organ(organ))
        if organ is None and parsed is None and k > bare and entry.kind == "TITLE":
            organ = _implied_organ(title, entry.party, level, toks[bare])
    return RoleParse(i, k, title, mods, status, organ, level, locality, entry.party)


def _implied_organ(title: str, party: bool, level: str | None, word: Token) -> str | None:
    """``Chủ tịch xã X`` is the chairman of the commune's people's committee, ``Bí thư huyện X``
    the secretary of the district's Party committee (a level word right after the title)."""
    if level not in ("province", "district", "commune") or word.is_cap:
        return None
    if title == "Chủ tịch":
        return "Ủy ban nhân dân"
    if party:
        return "Thành ủy" if word.key in ("thành", "tp") else PARTY_COMMITTEE_BY_LEVEL[level]
    return None


def _city_organ(organ: str | None) -> bool:
    return organ is not None and organ.endswith(("Thành ủy", "Thành đoàn"))


def _unknown_organ(toks: list[Token], k: int) -> bool:
    """A capitalised word that is neither a name, a level nor a place follows the title:
    an organ this lexicon does not know (``Viện trưởng Viện Kinh tế``)."""
    if k >= len(toks) or not toks[k].is_cap or not toks[k].is_word:
        return False
    if surname_kind(toks[k]) is not None or _match(toks, k, _LEVEL) is not None:
        return False
    return toks[k].key in _ORGAN_HEADS


_ORGAN_HEADS = frozenset({
    "viện", "ủy", "uỷ", "ban", "bệnh", "trường", "hội", "học", "công", "tổng", "cục", "chi",
    "đoàn", "sở", "bộ", "trung", "phòng",
})


def _modifiers(toks: list[Token], k: int, mods: list[str]) -> int:
    while True:
        m = _match(toks, k, _MOD)
        if m is None:
            return k
        mods.append(m[0].value)
        k = m[1]


def _head_title(organ: str) -> str:
    head = organ.split()[0]
    return {"Ban": "Trưởng ban", "Đoàn": "Trưởng đoàn", "Phòng": "Trưởng phòng"}.get(head, "Trưởng")


def parse_organ(toks: list[Token], k: int) -> tuple[str, str | None, bool, int] | None:
    """``(canonical organ, usual level, takes a locality directly, end)`` at token ``k``."""
    m = _match(toks, k, _ORGAN)
    if m is None:
        return None
    entry, k = m
    canon, level = entry.value, entry.level
    if "numbered" in entry.extra and k < len(toks) and toks[k].text.isdigit():
        canon = f"{canon} {toks[k].text}"
        k += 1
    elif "named" in entry.extra or "named_opt" in entry.extra:
        start = k
        k = named_end(toks, k, capitalised="caps" in entry.extra)
        if k == start and "named_opt" not in entry.extra:
            return None
        if k > start:
            canon = f"{canon} {' '.join(t.text for t in toks[start:k])}"
            parent = _match(toks, k, _ORGAN)
            if parent is not None and parent[0].level and not parent[0].extra:
                # Phòng Quản lý ngân sách Sở Tài chính: a unit of a known organ
                canon = f"{canon} {' '.join(t.text for t in toks[k : parent[1]])}"
                return canon, parent[0].level, parent[0].takes_locality, parent[1]
    if entry.sub:
        return _parent(toks, k, canon, level)
    return canon, level, entry.takes_locality, k


def _parent(toks: list[Token], k: int, canon: str, level: str | None
            ) -> tuple[str, str | None, bool, int]:
    m = _match(toks, k, _ORGAN)
    if m is not None and m[0].parent:
        parent, end = m
        name, p_level, takes = parent.value, parent.level, parent.takes_locality
        if "named_opt" in parent.extra:  # Ban Thường vụ Đảng ủy Khối các cơ quan
            name, p_level, takes, end = parse_organ(toks, k) or (name, p_level, takes, end)
        if canon == "Ban Chấp hành" and parent.value == "Trung ương":
            return "Ban Chấp hành Trung ương Đảng", "central", False, end
        return f"{canon} {name}", p_level or level, takes, end
    return canon, level, False, k


def level_and_locality(toks: list[Token], k: int, level: str | None, direct: bool,
                        ctx: Context, city: bool = False) -> tuple[int, str | None, str | None]:
    """Level word and locality after an organ; ``city``: the organ is a city's (``Thành ủy``),
    so a bare place name after it means the city of that name, not the province."""
    m = _match(toks, k, _LEVEL)
    word_level = None
    if m is not None:
        phrase = " ".join(t.key for t in toks[k : m[1]]).replace(" .", "")
        word_level = LEVEL_WORD_LEVEL.get(phrase, m[0].value)
        if word_level in ("upper", "village") and m[0].value != "village":
            word_level = LEVEL_WORD_LEVEL.get(phrase)
        if word_level is None:
            return k, level, None
        k = m[1]
        level = word_level
        direct = True
    if not direct:
        return k, level, None
    end = split_locality(toks, k, level, ctx)
    if end == k:
        if level == "city":
            level = _city_level(None, ctx)
        return k, level, None
    locality = _join_hyphens(toks, k, end)
    if level in ("city", None) or (level == "province" and word_level is None):
        level = _city_level(locality, ctx, "city" if city and word_level is None else level)
    return end, level, locality


def _join_hyphens(toks: list[Token], k: int, end: int) -> str:
    parts: list[str] = []
    prev_end = toks[k].start
    for t in toks[k:end]:
        if parts and t.start > prev_end:
            parts.append(" ")
        parts.append(t.text)
        prev_end = t.end
    return cached_fold_tone("".join(parts))


def _city_level(locality: str | None, ctx: Context, default: str | None = None) -> str | None:
    gaz = ctx.gazetteer
    if locality and gaz is not None:
        units = gaz.lookup(locality, levels=("province", "district"), when=ctx.when)
        if default == "city":
            units = [u for u in units if u.type_word.casefold() == "thành phố"] or units
        if units:
            return "province" if any(u.level == "province" for u in units) else "district"
    if default not in ("city", None):
        return default
    if ctx.when is not None and ctx.when >= REFORM_DATE:
        return "province"  # no district-level cities after the reform
    return "district" if default == "city" else default


_GAZ_LEVELS = {
    "province": ("province",), "district": ("district",), "commune": ("commune",),
    "city": ("province", "district"), None: ("province", "district", "commune"),
    "village": (),
}


def _cap_run(toks: list[Token], k: int, limit: int = 7) -> int:
    j = k
    while j < len(toks) and j - k < limit:
        t = toks[j]
        if t.text in ("-", "–") and j > k and j + 1 < len(toks) and toks[j + 1].is_cap:
            j += 1
            continue
        if not (t.is_cap or (t.text.isdigit() and j == k)):
            break
        if j > k and t.start - toks[j - 1].end > 1:
            break
        if j > k and len(t.text) > 1 and t.text.isupper():
            break
        j += 1
    return j


def split_locality(toks: list[Token], k: int, level: str | None, ctx: Context) -> int:
    """End of the locality name at ``k`` (``k`` when there is none), the gazetteer deciding
    where a place name ends and a person's name begins (``tỉnh Thái Nguyên Nguyễn Văn A``)."""
    run_end = _cap_run(toks, k)
    if run_end == k:
        return k
    if k > 0 and toks[k].start - toks[k - 1].end > 1:
        return k  # across a line break or a gap: not the level word's locality
    if toks[k].text.isdigit():
        return k + 1
    gaz = ctx.gazetteer
    if gaz is not None and level != "village":
        levels = _GAZ_LEVELS.get(level, ())
        when = None if level == "district" else ctx.when
        best = 0
        keys = tuple(t.key for t in toks[k:run_end])
        for cand in gaz.names_starting(toks[k].key):
            size = len(cand)
            if size > best and keys[:size] == cand and gaz.lookup(
                    " ".join(cand), levels=levels, when=when):
                best = size
        # hyphenated names (Bà Rịa - Vũng Tàu) have a "-" token in keys; the index keeps it too
        if best:
            return k + best
    size = run_end - k
    if size == 2 and gaz is not None and level != "village" and surname_kind(toks[k]):
        return k
    if size <= 2:
        return run_end
    if surname_kind(toks[k]) is not None:
        return k
    return k + 2


def _elliptic(toks: list[Token], k: int, prev: RoleParse, ctx: Context) -> RoleParse | None:
    """``Chủ tịch HĐND, UBND xã X``: an organ alone after a role shares that role's title."""
    if prev.organ is None:
        return None
    parsed = parse_organ(toks, k)
    if parsed is None or parsed[0] == prev.organ:
        return None
    organ, level, takes_locality, end = parsed
    end, level, locality = level_and_locality(toks, end, level, takes_locality, ctx,
                                               _city_organ(organ))
    return RoleParse(k, end, prev.title, list(prev.modifiers), prev.status, organ, level,
                     locality, prev.party)


def _shared_by_and(toks: list[Token], k: int, prev: RoleParse, ctx: Context) -> RoleParse | None:
    """``Trưởng Ban Chỉ đạo 138 và Ban Chỉ đạo 389 thành phố``: one title for two organs of the
    same kind; a level and place after the second belong to both."""
    shared = _elliptic(toks, k, prev, ctx)
    if shared is None or (shared.organ or "").split()[:2] != (prev.organ or "").split()[:2]:
        return None
    if prev.level is None and prev.locality is None:
        prev.level, prev.locality = shared.level, shared.locality
    return shared


def parse_roles(toks: list[Token], i: int, ctx: Context) -> tuple[list[RoleParse], int]:
    """Roles separated by ``,``, dashes or ``kiêm`` starting at ``i``: ``(roles, end)``."""
    roles: list[RoleParse] = []
    k = i
    while True:
        role = parse_role(toks, k, ctx)
        if role is None:
            break
        roles.append(role)
        k = role.end
        if k >= len(toks):
            break
        nxt = k
        m = _match(toks, k, _KIEM)
        if toks[k].key == "và" and role.organ:
            shared = _shared_by_and(toks, k + 1, role, ctx)
            if shared is None:
                break
            roles.append(shared)
            k = shared.end
            continue
        if m is not None:
            nxt = m[1]
        elif toks[k].text in _ROLE_SEPARATORS:
            nxt = k + 1
            m = _match(toks, nxt, _KIEM)
            if m is not None:
                nxt = m[1]
        else:
            break
        if parse_role(toks, nxt, ctx) is None:
            shared = _elliptic(toks, nxt, role, ctx)
            if shared is None:
                break
            roles.append(shared)
            k = shared.end
            continue
        k = nxt
    return roles, k
