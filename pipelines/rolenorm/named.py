"""Where the name of an organ we do not list ends (``Phòng ...``, ``Trường ...``, ``Hợp tác
xã ...``): up to a level word, punctuation, a person's name, a listed organ or a sentence word.
A place name closes the organ's name (``Hợp tác xã Rau an toàn Hà Châu``)."""

from __future__ import annotations

from pipelines.rolenorm.gazetteer import gazetteer
from pipelines.rolenorm.lexicon import LEXICON
from pipelines.rolenorm.names import surname_kind
from pipelines.rolenorm.tokens import Token

__all__ = ["named_end"]

_LEVEL = frozenset({"LEVEL"})
_ORGAN = frozenset({"ORGAN"})
_DASHES = frozenset({"-", "–"})

# Words that end the name (the sentence's verb or preposition), in lower case. A word mapped to
# a set ends it only before one of those words (``thông báo`` ends it, ``Phổ thông`` does not).
_NAMED_STOP: dict[str, frozenset[str] | None] = {w: None for w in (
    "cho", "đã", "tại", "về", "với", "được", "đang", "sẽ", "là", "có", "phát", "chủ", "đề",
    "trao", "dự", "nhấn", "khẳng", "báo", "trình", "giới", "thăm", "làm", "chúc",
    "tặng", "ghi", "nêu", "yêu", "mong", "tham", "tiếp", "đến", "nhận", "bày", "gửi", "ký",
    "cùng", "kiêm", "đồng", "nguyên", "trong", "của", "từ", "theo", "này", "đó", "ngày",
    "chia", "vừa", "đánh", "hướng", "lưu", "thừa",
)}
_NAMED_STOP["thông"] = frozenset({"báo", "tin", "qua"})
_MAX_NAMED = 10


def _stops(toks: list[Token], k: int) -> bool:
    tok = toks[k]
    if tok.is_cap or tok.key not in _NAMED_STOP:
        return False
    before = _NAMED_STOP[tok.key]
    return before is None or (k + 1 < len(toks) and toks[k + 1].key in before)


def _place_end(toks: list[Token], k: int) -> int:
    """End of a known place name at ``k`` that closes the organ's name (``k`` when none)."""
    gaz = gazetteer()
    keys = tuple(t.key for t in toks[k : k + 4])
    best = k
    for cand in gaz.names_starting(toks[k].key):
        size = len(cand)
        end = k + size
        if end > best and keys[:size] == cand and all(t.is_cap for t in toks[k:end]) and not (
                end < len(toks) and toks[end].is_cap) and gaz.lookup(" ".join(cand)):
            best = end
    return best


def named_end(toks: list[Token], k: int, *, capitalised: bool) -> int:
    """End of the name of a ``named`` organ starting at token ``k``."""
    start = k
    n = len(toks)
    while k < n and k - start < _MAX_NAMED:
        tok = toks[k]
        if tok.text in _DASHES and k > start and k + 1 < n and toks[k + 1].is_cap and \
                tok.start > toks[k - 1].end:
            k += 1  # ``Phòng Tài chính - Kế hoạch``
            continue
        if not tok.is_word or _stops(toks, k):
            break
        level = LEXICON.match(toks, k, _LEVEL)
        if level is not None and tok.key == "xã" and k + 1 < n and toks[k + 1].key == "hội":
            level = None  # ``Ngân hàng Chính sách xã hội``: society, not a commune
        # a level word ends the name, except a village word inside it (``nông thôn huyện``)
        if level is not None and (level[0].value != "village" or (
                level[1] < n and toks[level[1]].is_cap)):
            break
        if capitalised and not (tok.is_cap or tok.text.isdigit()):
            break
        if k > start and tok.is_cap and surname_kind(tok) and k + 1 < n and toks[k + 1].is_cap:
            place = _place_end(toks, k)
            return place if place > k else k
        if k > start and tok.is_cap and LEXICON.match(toks, k, _ORGAN) is not None:
            break
        if tok.key == "và" and not (k + 1 < n and toks[k + 1].is_cap):
            break
        k += 1
    return k
