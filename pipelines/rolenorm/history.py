"""Titles of the dead and of history: ``tưởng niệm Chủ tịch Hồ Chí Minh``, ``Tổng Bí thư Lê
Duẩn`` in a 2022 article. A role told about a person who had died by the article's date is
``deceased``, never ``current``: from a word of remembrance right before the mention (``tưởng
niệm``, ``ngày sinh``, ``viếng``, ``Đền thờ``...), or, for central roles and bare titles, from a
short list of leaders with their dates of death (``deceased_leaders.tsv``)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pipelines.rolenorm.grammar import RoleParse
from pipelines.rolenorm.lexicon import LEXICON
from pipelines.rolenorm.tokens import Token
from pipelines.vntext import match_key

__all__ = ["deceased_leaders", "mark_deceased"]

_HON_RANK = frozenset({"HON", "RANK"})
# Words of remembrance right before a person (their last one or two words, match keys).
_CUES = frozenset({
    ("tưởng", "niệm"), ("tưởng", "nhớ"), ("ngày", "sinh"), ("năm", "sinh"), ("truy", "điệu"),
    ("lễ", "tang"), ("tang", "lễ"), ("đền", "thờ"), ("tượng", "đài"), ("di", "chúc"),
    ("lưu", "niệm"), ("ngày", "mất"), ("ngày", "giỗ"), ("phần", "mộ"), ("lễ", "giỗ"),
    ("lễ", "viếng"), ("viếng",), ("lăng",), ("giỗ",), ("mộ",), ("tượng",),
})
_CUE_WORDS = frozenset(word for cue in _CUES for word in cue)
_LOOK_BACK = 3  # honorifics and ranks skipped between the cue and the mention


@lru_cache(maxsize=1)
def deceased_leaders() -> dict[str, date]:
    """Match key of a leader's name -> date of death."""
    out: dict[str, date] = {}
    path = Path(__file__).with_name("deceased_leaders.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, died = line.split("\t")[:2]
            out[match_key(name)] = date.fromisoformat(died.strip())
    return out


def _cue_before(toks: list[Token], start: int) -> bool:
    """A word of remembrance ends right before ``start``, honorifics and ranks skipped."""
    if not any(t.key in _CUE_WORDS for t in toks[max(0, start - 2 - 2 * _LOOK_BACK) : start]):
        return False
    k = start
    for _ in range(_LOOK_BACK):  # past ``đồng chí``, ``Đại tướng``
        j = next((j for j in (k - 1, k - 2) if j >= 0 and (
            m := LEXICON.match(toks, j, _HON_RANK)) is not None and m[1] == k), None)
        if j is None:
            break
        k = j
    keys = tuple(t.key for t in toks[max(0, k - 2) : k])
    return keys[-1:] in _CUES or keys in _CUES


def mark_deceased(toks: list[Token], start: int, end: int, roles: list[RoleParse],
                  when: date | None) -> None:
    """Make the current roles of the person at ``toks[start:end]`` deceased when the text or
    the list of leaders says they had died by ``when``."""
    if not any(r.status == "current" for r in roles):
        return
    first = min([start, *(r.start for r in roles)])
    if _cue_before(toks, first):
        dead = set(range(len(roles)))
    elif any(r.level == "central" or r.organ is None for r in roles):
        died = deceased_leaders().get(match_key(" ".join(t.text for t in toks[start:end])))
        if died is None or (when is not None and when <= died):
            return
        # a namesake holding a local office is somebody else
        dead = {i for i, r in enumerate(roles) if r.level == "central" or r.organ is None}
    else:
        return
    for i in dead:
        if roles[i].status == "current":
            roles[i].status = "deceased"
