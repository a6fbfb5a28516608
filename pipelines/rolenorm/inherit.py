"""Filling the parts a role leaves out: compound titles and organ levels (done by the grammar),
then sibling roles of the same person, then the article's context (places it names, the given
locality, the portal's province)."""

from __future__ import annotations

from collections import Counter

from pipelines.rolenorm.grammar import Context, RoleParse, level_and_locality
from pipelines.rolenorm.lexicon import COMMITTEES, LEXICON, PARTY_COMMITTEE_BY_LEVEL
from pipelines.rolenorm.tokens import Token

__all__ = ["Body", "inherit", "needs_body", "party_body"]

Body = tuple[str, str, str]  # (organ, level, locality) of a Party body named in the text

_LOCAL_LEVELS = ("province", "district", "commune", "village")


def inherit(roles: list[RoleParse], ctx: Context, body: Body | None = None) -> None:
    """Complete ``roles`` (one person's, in text order) in place; ``body``: the Party body the
    sentence (or the one before) names, for a bare ``Bí thư`` or an elided place."""
    for idx, role in enumerate(roles):
        if role.level is None and ((role.organ is None and role.party) or
                                   (role.organ is not None and role.organ not in _NO_LEVEL)):
            sibling = _sibling(roles, idx, lambda r: r.level in _LOCAL_LEVELS)
            if sibling is not None:
                role.level, role.locality = sibling.level, role.locality or sibling.locality
                if role.organ is None:
                    role.organ = PARTY_COMMITTEE_BY_LEVEL.get(sibling.level or "")
    for idx, role in enumerate(roles):
        if role.locality is None and role.level in _LOCAL_LEVELS:
            sibling = _sibling(roles, idx, lambda r, lv=role.level: r.level == lv and r.locality)
            if sibling is not None:
                role.locality = sibling.locality
    if body is not None:
        _from_body(roles, body)
    for idx, role in enumerate(roles):
        if role.organ in _BARE_PARTY_BODIES:
            _complete_party_body(roles, idx, role)
    for role in roles:
        if role.locality is None and role.level in _LOCAL_LEVELS:
            role.locality = context_locality(role.level or "", ctx)


# ``Ủy viên Ban Thường vụ`` without its committee: the Party committee of the same person's
# other role (``UVBTV, Chủ nhiệm UBKT Tỉnh ủy`` is a member of the Tỉnh ủy's standing committee).
_BARE_PARTY_BODIES = frozenset({"Ban Thường vụ", "Ban Chấp hành"})
_COMMITTEES = tuple(canonical for _, canonical, _ in COMMITTEES)


def _complete_party_body(roles: list[RoleParse], idx: int, role: RoleParse) -> None:
    def committee(r: RoleParse) -> str | None:
        return next((c for c in _COMMITTEES if r.organ and r.organ.endswith(c)), None)

    sibling = _sibling(roles, idx, lambda r: committee(r) is not None)
    parent = committee(sibling) if sibling is not None else None
    if sibling is not None and (role.level is None or role.level == sibling.level):
        role.level = sibling.level
        role.locality = role.locality or sibling.locality
    if parent is None and role.level in _LOCAL_LEVELS:
        parent = PARTY_COMMITTEE_BY_LEVEL.get(role.level or "")
    if parent is not None:
        role.organ = f"{role.organ} {parent}"


_NO_LEVEL = frozenset({"Chi bộ"})


def _sibling(roles: list[RoleParse], idx: int, ok) -> RoleParse | None:  # type: ignore[no-untyped-def]
    for other in roles[idx + 1 :]:
        if ok(other):
            return other
    for other in reversed(roles[:idx]):
        if ok(other):
            return other
    return None


def context_locality(level: str, ctx: Context) -> str | None:
    """The article's place of this level: named in the text, else given, else the portal's."""
    named = ctx.places.get(level)
    if named:
        return Counter(named).most_common(1)[0][0]
    if level in ctx.given:
        return ctx.given[level]
    if level == "province":
        return ctx.province
    return None


# Party bodies whose mention gives the organ of ``được bầu làm Bí thư``: ``Đại hội Đảng bộ xã X
# ... Đồng chí Y được bầu làm Bí thư`` (the committee of that Party organisation).
_BODY_ORGANS = frozenset({"Đảng bộ", "Chi bộ", *(c for c in PARTY_COMMITTEE_BY_LEVEL.values())},
                         ) | frozenset({"Thành ủy", "Quận ủy", "Thị ủy"})
_ORGAN = frozenset({"ORGAN"})


def needs_body(roles: list[RoleParse]) -> bool:
    """A bare Party title, or a Party committee without its place."""
    return any((r.party and r.organ is None and r.level is None) or
               (r.organ in _BODY_ORGANS and r.locality is None) for r in roles)


def _bodies(toks: list[Token], end: int, ctx: Context) -> list[Body]:
    found: list[Body] = []
    for j in range(end):
        if toks[j].key not in _BODY_STARTS:
            continue
        m = LEXICON.match(toks, j, _ORGAN)
        if m is None or m[0].value not in _BODY_ORGANS:
            continue
        entry, k = m
        city = k < len(toks) and toks[k].key in ("thành", "tp")
        _, level, locality = level_and_locality(toks, k, entry.level, entry.takes_locality, ctx,
                                                entry.value == "Thành ủy")
        if level is None or locality is None or level == "central":
            continue
        organ = entry.value
        if organ == "Đảng bộ":
            organ = "Thành ủy" if city else PARTY_COMMITTEE_BY_LEVEL.get(level, "")
        found.append((organ, level, locality))
    return found


_BODY_STARTS = frozenset({"đảng", "chi", "tỉnh", "huyện", "thành", "quận", "thị", "đu", "hu", "tu"})


def party_body(toks: list[Token], start: int, prev: list[Token] | None, ctx: Context
               ) -> Body | None:
    """The last Party body named before token ``start`` of the sentence, else in ``prev``."""
    found = _bodies(toks, start, ctx)
    if not found and prev is not None:
        found = _bodies(prev, len(prev), ctx)
    return found[-1] if found else None


def _from_body(roles: list[RoleParse], body: Body) -> None:
    organ, level, locality = body
    for role in roles:
        if role.party and role.organ is None and role.level is None:
            role.organ, role.level, role.locality = organ, level, locality
        elif role.organ == organ and role.locality is None and role.level in (None, level):
            role.level, role.locality = level, locality
