"""Roles taken in the same clause (``Đồng chí X, ROLE, được bầu giữ chức ROLE``): the role after
``giữ chức``, ``tái đắc cử``... belongs to the person the clause is about; in a list of persons
without roles (``các đồng chí A, B được bầu giữ chức Phó Bí thư``) it belongs to each of them."""

from __future__ import annotations

from dataclasses import replace

from pipelines.rolenorm.grammar import Context, RoleParse, parse_roles
from pipelines.rolenorm.lexicon import LEXICON
from pipelines.rolenorm.names import surname_kind
from pipelines.rolenorm.tokens import Token

__all__ = ["add_appointed", "skip_birth", "towards"]

_APPOINT = frozenset({"APPOINT"})
_CLAUSE_ENDS = frozenset({";", ".", ":", "(", ")", "!", "?", "“", "”", "\""})
_WINDOW = 20  # tokens between the person (or their roles) and ``giữ chức``
_LIST_GLUE = frozenset({",", "và"})
_PAST = frozenset({"từng", "thôi"})
_ELECT_BACK = 3  # tokens before the person where ``bầu`` may stand (``bầu đồng chí X``)


def _elects(toks: list[Token], j: int) -> bool:
    """``bầu``, ``chỉ định``, ``bổ nhiệm``, ``phân công`` at ``j``: a verb giving a post."""
    key = toks[j].key
    if key == "bầu":
        return True
    return key in _ELECT_FIRST and j + 1 < len(toks) and (key, toks[j + 1].key) in _ELECT_PAIRS


_ELECT_PAIRS = frozenset({("chỉ", "định"), ("bổ", "nhiệm"), ("phân", "công")})
_ELECT_FIRST = frozenset(first for first, _ in _ELECT_PAIRS)


def _appointed(toks: list[Token], k: int, ctx: Context, elected: bool = False) -> list[RoleParse]:
    n = len(toks)
    past = False
    for j in range(k, min(n, k + _WINDOW)):
        tok = toks[j]
        if tok.text in _CLAUSE_ENDS or (j > k and tok.start - toks[j - 1].end > 1):
            return []
        past = past or tok.key in _PAST
        elected = elected or _elects(toks, j)
        m = LEXICON.match(toks, j, _APPOINT)
        if m is not None:
            roles = parse_roles(toks, m[1], ctx)[0]
            if past:  # ``từng giữ chức``, ``thôi giữ chức``: held before, not now
                for role in roles:
                    role.status = "former" if role.status == "current" else role.status
            if toks[j].key != "làm" or (elected and roles):
                return roles  # ``được bầu làm Bí thư``, ``bầu đồng chí X làm Bí thư``
            # ``do đồng chí X, ROLE, làm Trưởng đoàn``; ``làm việc``, ``được cử làm Bí thư``
            # (a past post, told as history) are not taken
            if roles and roles[0].title == "Trưởng đoàn":
                return roles[:1]
        if tok.is_cap and surname_kind(tok) and j + 1 < n and toks[j + 1].is_cap:
            return []  # another person's clause
    return []


def add_appointed(toks: list[Token], k: int, persons: list[tuple[int, int, list[RoleParse]]],
                  ctx: Context) -> int:
    """Add the role taken in the clause at ``k`` to the last person (and to role-less persons
    listed right before them); the index after that role, or ``k``."""
    start, end, old = persons[-1]
    # ``đã bầu đồng chí X làm Bí thư``: the verb before the person
    elected = any(_elects(toks, j) for j in range(max(0, start - _ELECT_BACK), start))
    roles = _appointed(toks, k, ctx, elected)
    if not roles:
        return k
    persons[-1] = (start, end, old + roles)
    idx = len(persons) - 2
    while idx >= 0:
        p_start, p_end, p_roles = persons[idx]
        if p_roles or not all(t.text in _LIST_GLUE for t in toks[p_end:start]):
            break
        persons[idx] = (p_start, p_end, [replace(r, modifiers=list(r.modifiers)) for r in roles])
        start = p_start
        idx -= 1
    return roles[-1].end


def skip_birth(toks: list[Token], k: int) -> int:
    """Past ``sinh năm 1929,`` after a name (the roles follow it)."""
    if k + 3 < len(toks) and toks[k].key == "sinh" and toks[k + 1].key == "năm" and \
            toks[k + 2].text.isdigit() and toks[k + 3].text == ",":
        return k + 4
    return k


# ``miễn nhiệm chức danh Chủ tịch UBND huyện đối với ông X``: the role is X's (``former``: it is
# taken from them); ``bầu chức danh ... đối với ông X``, ``phê chuẩn ...``: X's, current.
_REMOVED = frozenset({"miễn", "bãi", "cách", "thôi"})
_GIVEN = frozenset({"bầu", "bổ", "phê", "chỉ", "giao"})
_LOOK_BACK = 6


def towards(toks: list[Token], roles: list[RoleParse], j: int) -> tuple[int, str | None]:
    """After roles ending at ``j``: ``(index of the name, status)`` when ``đối với`` follows and
    a verb giving or taking the post precedes (``j`` and None otherwise)."""
    if not (j + 1 < len(toks) and toks[j].key == "đối" and toks[j + 1].key == "với"):
        return j, None
    start = roles[0].start
    for tok in reversed(toks[max(0, start - _LOOK_BACK) : start]):
        if tok.text in _CLAUSE_ENDS or tok.text == ",":
            break
        if tok.key in _REMOVED:
            return j + 2, "former"
        if tok.key in _GIVEN:
            return j + 2, "current"
    return j, None
