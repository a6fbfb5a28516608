"""Filling the parts a role leaves out: compound titles and organ levels (done by the grammar),
then sibling roles of the same person, then the article's context (places it names, the given
locality, the portal's province)."""

from __future__ import annotations

from collections import Counter

from pipelines.rolenorm.grammar import Context, RoleParse
from pipelines.rolenorm.lexicon import PARTY_COMMITTEE_BY_LEVEL

__all__ = ["inherit"]

_LOCAL_LEVELS = ("province", "district", "commune", "village")


def inherit(roles: list[RoleParse], ctx: Context) -> None:
    """Complete ``roles`` (one person's, in text order) in place."""
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
    for idx, role in enumerate(roles):
        if role.organ in _BARE_PARTY_BODIES:
            _complete_party_body(roles, idx, role)
    for role in roles:
        if role.locality is None and role.level in _LOCAL_LEVELS:
            role.locality = context_locality(role.level or "", ctx)


# ``Ủy viên Ban Thường vụ`` without its committee: the Party committee of the same person's
# other role (``UVBTV, Chủ nhiệm UBKT Tỉnh ủy`` is a member of the Tỉnh ủy's standing committee).
_BARE_PARTY_BODIES = frozenset({"Ban Thường vụ", "Ban Chấp hành"})
_COMMITTEES = ("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy")


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
