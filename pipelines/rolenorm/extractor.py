"""Persons and their roles in portal prose (pure functions, no Scrapy).

Patterns: name first (``đồng chí X, ROLE, ROLE``), role first (``Bí thư Tỉnh ủy X``), lists
(``các đồng chí: A, ROLE; B, ROLE``), with honorifics, ranks and academic titles kept out of
names. The result is the roles result of ``interfaces.md`` plus ``sentence``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pipelines.rolenorm.appoint import add_appointed, skip_birth, towards
from pipelines.rolenorm.gazetteer import as_date, gazetteer
from pipelines.rolenorm.grammar import (
    Context,
    RoleParse,
    parse_organ,
    parse_role,
    parse_roles,
    split_locality,
)
from pipelines.rolenorm.history import mark_deceased
from pipelines.rolenorm.inherit import inherit, needs_body, party_body
from pipelines.rolenorm.lexicon import LEVEL_WORD_LEVEL, LEXICON
from pipelines.rolenorm.names import name_end, surname_kind
from pipelines.rolenorm.tokens import Token, Tokens, split_sentences, tokenize
from pipelines.vntext import cached_fold_tone, cached_match_key, canonicalise

__all__ = ["extract_roles", "make_context"]


_HON = frozenset({"HON"})
_RANK = frozenset({"RANK"})
_LEVEL = frozenset({"LEVEL"})
_ORGAN = frozenset({"ORGAN"})
_KIEM = frozenset({"KIEM"})
_STARTS = frozenset({"HON", "RANK", "STATUS", "DEPUTY", "TITLE", "COMPOUND"})
_NAME_SEPARATORS = frozenset({",", "-", "–", "(", ":"})
_LIST_BREAKS = frozenset({";", ",", "và"})
_Person = tuple[int, int, list[RoleParse]]


def make_context(text: str, *, date: date | datetime | str | None = None,
                 locality: str | None = None, province: str | None = None,
                 tokens: list[Token] | None = None) -> Context:
    """The article context: its date, province, the given locality and the places it names."""
    gaz = gazetteer()
    when = as_date(date)
    ctx = Context(when=when, province=province, gazetteer=gaz if len(gaz) else None)
    if province and ctx.gazetteer is not None:
        ctx.province_keys = ctx.gazetteer.province_keys(province, when)
    if locality:
        _given_locality(ctx, locality)
    _collect_places(tokens if tokens is not None else tokenize(text), ctx)
    return ctx


def _given_locality(ctx: Context, locality: str) -> None:
    toks = tokenize(locality)
    m = LEXICON.match(toks, 0, _LEVEL)
    level = None
    start = 0
    if m is not None:
        level = LEVEL_WORD_LEVEL.get(" ".join(t.key for t in toks[: m[1]]))
        start = m[1]
    name = cached_fold_tone(locality[toks[start].start :].strip()) if start < len(toks) else None
    if not name:
        return
    gaz = ctx.gazetteer
    levels = {"city": ("province", "district"), None: ("province", "district", "commune")}
    wanted = levels.get(level, (level,))
    units = gaz.lookup(name, levels=wanted, when=None if level == "district" else ctx.when,
                       provinces=ctx.province_keys) if gaz else []
    if not units and gaz:
        units = gaz.lookup(name, levels=wanted, when=None)
    if units:
        unit = units[0]
        ctx.given[unit.level] = name
        if unit.level != "province":
            ctx.given.setdefault("province", cached_fold_tone(unit.province))
            if unit.district:
                ctx.given.setdefault("district", cached_fold_tone(unit.district))
    elif level in ("province", "district", "commune"):
        ctx.given[level] = name
    else:
        ctx.given["province" if level == "city" else "district"] = name


def _collect_places(toks: list[Token], ctx: Context) -> None:
    for k, tok in enumerate(toks):
        if tok.key not in _PLACE_STARTS:
            continue
        m = LEXICON.match(toks, k, _LEVEL)
        level = None
        end = k
        if (m is not None and not toks[k].is_cap) or (m is not None and k + 1 < len(toks)
                                                     and toks[m[1] - 1].key != "ủy"):
            level = LEVEL_WORD_LEVEL.get(" ".join(t.key for t in toks[k : m[1]]).replace(" .", ""))
            end = m[1]
        else:
            organ = parse_organ(toks, k)
            if organ is not None and organ[2]:
                level, end = organ[1], organ[3]
        if level not in ("province", "district", "commune", "city"):
            continue
        stop = split_locality(toks, end, level, ctx)
        if stop == end:
            continue
        name = cached_fold_tone(" ".join(t.text for t in toks[end:stop]))
        if level == "city":
            units = ctx.gazetteer.lookup(name, levels=("province", "district"), when=ctx.when) \
                if ctx.gazetteer else []
            level = units[0].level if units else None
            if level is None:
                continue
        ctx.places.setdefault(level, []).append(name)


_PLACE_STARTS = frozenset(
    {"tỉnh", "huyện", "quận", "thị", "xã", "phường", "thành", "tp", "đặc", "tx",
     ["huyện", "ủy"][0]}
)


def _is_role_start(toks: list[Token], k: int) -> bool:
    return parse_role(toks, k, _EMPTY) is not None or _organ_start(toks, k)


def _organ_start(toks: list[Token], k: int) -> bool:
    m = LEXICON.match(toks, k, _ORGAN)
    return m is not None and (m[1] - k > 1 or toks[k].text.isupper())


_EMPTY = Context()


def _skip_ranks(toks: list[Token], k: int) -> tuple[int, bool]:
    found = False
    while k < len(toks):
        m = LEXICON.match(toks, k, _RANK)
        if m is None:
            break
        found = True
        k = m[1]
        while k < len(toks) and toks[k].text in (".", ","):
            if toks[k].text == "," and not (k + 1 < len(toks) and LEXICON.match(toks, k + 1, _RANK)):
                break
            k += 1
    return k, found


# Places named after a person: after a title (``Chủ tịch Hồ Chí Minh``) they are the person.
_NAMED_AFTER_PERSON = frozenset({"hồ chí minh"})


def _name_at(toks: list[Token], k: int, context: bool, honour: bool = False,
             after_title: bool = False) -> int:
    """End of a person's name at ``k`` (``k`` when none): 2+ capitalised syllables starting
    with a surname; a surname that is also a place or common word needs ``context``; an
    unlisted surname needs an honorific or rank right before (``honour``)."""
    if k >= len(toks):
        return k
    kind = surname_kind(toks[k])
    if kind is None and not (honour and toks[k].is_cap):
        return k
    if kind is None and _is_role_start(toks, k):
        return k
    if kind == "context" and not context:
        return k
    end = name_end(toks, k, _is_role_start)
    if end - k < 2:
        return k
    named_after = after_title and " ".join(t.key for t in toks[k:end]) in _NAMED_AFTER_PERSON
    if kind != "name" and not named_after and ctx_place(toks, k, end,
                                                        ("province", "district", "commune")):
        return k
    if kind == "name" and ctx_place(toks, k, end, ("province", "district")):
        return k
    return end


def ctx_place(toks: list[Token], k: int, end: int, levels: tuple[str, ...]) -> bool:
    """Whether ``toks[k:end]`` is exactly a known place name (a place is not a person)."""
    return bool(gazetteer().lookup(" ".join(t.text for t in toks[k:end]), levels=levels))


def parse_sentence(toks: list[Token], ctx: Context) -> list[_Person]:
    """Persons in one sentence: ``(name start, name end, roles)`` by token index."""
    persons: list[_Person] = []
    n = len(toks)
    i = 0
    honour = False
    listing = False
    while i < n:
        tok = toks[i]
        if not LEXICON.can_start(tok, _STARTS) and (not tok.is_cap or not (
                honour or surname_kind(tok) is not None)):
            # nothing can start here: no honorific, rank, role or name
            if tok.text not in _LIST_BREAKS:
                honour = False
                listing = False
            i += 1
            continue
        m = LEXICON.match(toks, i, _HON)
        if m is not None and (toks[i].text[0].islower() or i == 0 or m[1] - i > 1
                              or toks[i - 1].text in ";,:(-–"):
            honour = True
            listing = listing or "plural" in m[0].extra
            i = m[1]
            if i < n and toks[i].text == ":":
                i += 1
            continue
        k, ranked = _skip_ranks(toks, i)
        if ranked:
            honour = True
            i = k
            continue
        if i > 0 and toks[i - 1].key == "ban" and toks[i - 1].is_cap:
            # ``Thay mặt Ban Giám đốc, Thượng tá X``: the board, not a title of X
            i += 1
            continue
        roles, j = parse_roles(toks, i, ctx)
        if roles:
            k, status = towards(toks, roles, j)
            if status == "former":
                for role in roles:
                    role.status = "former" if role.status == "current" else role.status
            if k < n and toks[k].text in (",", "-", "–"):
                m = LEXICON.match(toks, k + 1, _HON)
                k2, ranked = _skip_ranks(toks, m[1] if m else k + 1)
                if m is not None or ranked:
                    k = k2
            else:
                m = LEXICON.match(toks, k, _HON)
                k, _ = _skip_ranks(toks, m[1] if m else k)
            end = _name_at(toks, k, True, k != j, after_title=k == j)
            if end > k:
                persons.append((k, end, [] if _issuer(toks, i, j, k, end, ctx) else roles))
                i = add_appointed(toks, _roles_after(toks, end, persons, ctx, listing), persons, ctx)
            else:
                i = j
            honour = False
            continue
        end = _name_at(toks, i, honour or listing, honour)
        if end > i:
            start = i
            before = len(persons)
            i = _roles_after(toks, end, persons, ctx, listing, start=start, honour=honour)
            if len(persons) > before:
                i = add_appointed(toks, i, persons, ctx)
            honour = False
            continue
        if toks[i].text not in _LIST_BREAKS:
            honour = False
            listing = False
        i += 1
    return persons


def _issuer(toks: list[Token], i: int, j: int, k: int, end: int, ctx: Context) -> bool:
    """``Quyết định ... của Chủ tịch UBND tỉnh, ông X, Phó Giám đốc Sở Y tế, được giao ...``: the
    role after ``của`` is the signer's, and X, set off by commas with a role of their own, starts
    a new clause."""
    return (k != j and i > 0 and toks[i - 1].key == "của" and end + 1 < len(toks)
            and toks[end].text == "," and parse_role(toks, end + 1, ctx) is not None)


def _roles_after(toks: list[Token], end: int, persons: list[_Person], ctx: Context,
                 listing: bool, *, start: int | None = None, honour: bool = True) -> int:
    """Roles following a name (name-first); ``start`` set means the name is not yet recorded."""
    n = len(toks)
    k = end
    paren = k < n and toks[k].text == "("
    if k < n and toks[k].text in _NAME_SEPARATORS:
        k = skip_birth(toks, k + 1)
    kiem = LEXICON.match(toks, k, _KIEM)
    if kiem is not None:
        k = kiem[1]
    roles, j = parse_roles(toks, k, ctx)
    taken: list[RoleParse] = []
    if roles:
        # A role directly followed by a name belongs to that name (role first).
        after = j
        nxt = LEXICON.match(toks, after, _HON)
        after_name = _name_at(toks, nxt[1] if nxt else after, True, nxt is not None)
        if after_name > (nxt[1] if nxt else after) and not paren:
            taken = roles[:-1]
            j = roles[-1].start
        else:
            taken = roles
    if start is not None:
        if not taken and not (honour or listing):
            return end if end > start else start + 1
        persons.append((start, end, taken))
    elif taken:
        s, e, old = persons[-1]
        persons[-1] = (s, e, old + taken)
    if not taken:
        return end
    if paren and j < n and toks[j].text == ")":
        j += 1
    return j


def extract_roles(text: str, *, date: date | datetime | str | None = None,
                  locality: str | None = None, province: str | None = None) -> list[dict[str, Any]]:
    """Persons and roles in ``text``: the roles result of interfaces.md, plus ``sentence``.

    Spans index the canonicalised text (the input itself when it is already canonical).
    """
    text = canonicalise(text) if text else ""
    if not text:
        return []
    all_toks = tokenize(text)
    ctx = make_context(text, date=date, locality=locality, province=province, tokens=all_toks)
    entries: dict[str, dict[str, Any]] = {}
    pos = 0
    prev: Tokens | None = None
    for s_start, s_end in split_sentences(text):
        sentence = text[s_start:s_end]
        while pos < len(all_toks) and all_toks[pos].start < s_start:
            pos += 1
        first = pos
        while pos < len(all_toks) and all_toks[pos].end <= s_end:
            pos += 1
        toks = Tokens(all_toks[first:pos])
        for n_start, n_end, roles in parse_sentence(toks, ctx):
            body = party_body(toks, min([n_start, *(r.start for r in roles)]), prev, ctx) \
                if needs_body(roles) else None
            inherit(roles, ctx, body)
            mark_deceased(toks, n_start, n_end, roles, ctx.when)
            name = text[toks[n_start].start : toks[n_end - 1].end]
            key = cached_match_key(name)
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = {
                    "name": name,
                    "span": [toks[n_start].start, toks[n_end - 1].end],
                    "roles": [],
                    "sentence": sentence,
                }
            for role in roles:
                out = _role_dict(text, toks, role)
                if not any(_same(out, old) for old in entry["roles"]):
                    entry["roles"].append(out)
        prev = toks
    return list(entries.values())


def _role_dict(text: str, toks: list[Token], role: RoleParse) -> dict[str, Any]:
    return {
        "raw": text[toks[role.start].start : toks[role.end - 1].end],
        "title": role.title,
        "modifiers": role.ordered_modifiers(),
        "status": role.status,
        "organ": role.organ,
        "level": role.level,
        "locality": role.locality,
    }


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a[k] == b[k] for k in ("title", "modifiers", "status", "organ", "level", "locality"))
