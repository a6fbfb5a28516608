"""Reading a role typed by a user (``Bí thư Huyện ủy``) into the parts stored for positions."""

from __future__ import annotations

from typing import Any

from pipelines.rolenorm.grammar import Context, parse_role
from pipelines.rolenorm.tokens import tokenize
from pipelines.vntext import canonicalise_inline, fold_tone

__all__ = ["role_query"]


def role_query(text: str) -> dict[str, Any] | None:
    """Title, modifiers, organ, level and locality stated in ``text`` (None if not a role).

    Nothing is inherited: parts the user leaves out are not filtered on.
    """
    text = canonicalise_inline(text)
    toks = tokenize(text)
    role = parse_role(toks, 0, Context())
    if role is None or role.end < len(toks):
        return None
    return {"title": role.title, "modifiers": role.ordered_modifiers(), "organ": role.organ,
            "level": role.level, "locality": fold_tone(role.locality) if role.locality else None}
