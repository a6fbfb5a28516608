"""Lexicon of officials' titles, organs, abbreviations, modifiers, honorifics and ranks.

Phrases are matched on token match keys (tone style folded, casefolded); abbreviations whose
case carries meaning (``TU``, ``TT``, ``Q.``) are matched on the published text instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pipelines.rolenorm.tokens import Token, tokenize

__all__ = ["LEXICON", "Entry", "Lexicon"]


@dataclass(frozen=True, slots=True)
class Entry:
    """A lexicon entry: its kind and attributes (canonical value, level, organ defaults...)."""

    kind: str
    value: str = ""
    level: str | None = None
    organ: str | None = None
    deputy: bool = False
    party: bool = False
    overlap: int = 0
    needs_organ: bool = False
    sub: bool = False
    parent: bool = False
    takes_locality: bool = False
    lower_only: bool = False
    extra: tuple[str, ...] = field(default=())


_Trie = dict  # token -> child trie; the key ``None`` holds the entries of phrases ending here


class Lexicon:
    """Longest-match phrase table over tokens (folded keys, plus case-exact abbreviations).

    Phrases are kept in insertion order; :meth:`match` walks a trie built (once) for each set
    of kinds asked for, so a token that cannot start such a phrase costs one dict look-up.
    """

    def __init__(self) -> None:
        self._phrases: list[tuple[tuple[str, ...], Entry, bool]] = []
        self._tries: dict[frozenset[str], tuple[_Trie, _Trie]] = {}

    def add(self, phrases: str, entry: Entry, *, exact: bool = False) -> None:
        """Add ``|``-separated phrases for one entry."""
        for phrase in phrases.split("|"):
            toks = tokenize(phrase.strip())
            self._phrases.append((tuple(t.text if exact else t.key for t in toks), entry, exact))
        self._tries.clear()

    def phrases(self) -> list[tuple[tuple[str, ...], Entry, bool]]:
        """Every phrase as ``(token keys, entry, case-exact)``, in insertion order."""
        return list(self._phrases)

    def _tries_for(self, kinds: frozenset[str]) -> tuple[_Trie, _Trie]:
        tries = self._tries.get(kinds)
        if tries is None:
            exact: _Trie = {}
            folded: _Trie = {}
            for seq, entry, is_exact in self._phrases:
                if entry.kind not in kinds:
                    continue
                node = exact if is_exact else folded
                for part in seq:
                    node = node.setdefault(part, {})
                node.setdefault(None, []).append(entry)
            tries = self._tries[kinds] = (exact, folded)
        return tries

    def can_start(self, token: Token, kinds: frozenset[str]) -> bool:
        """Whether a phrase of one of ``kinds`` can start with ``token``."""
        exact, folded = self._tries.get(kinds) or self._tries_for(kinds)
        return token.key in folded or token.text in exact

    def match(self, toks: list[Token], i: int, kinds: frozenset[str]) -> tuple[Entry, int] | None:
        """Longest entry of one of ``kinds`` starting at token ``i``: ``(entry, end index)``.

        On equal length a case-exact phrase wins, then the entry added first.
        """
        n = len(toks)
        if i >= n:
            return None
        exact, folded = self._tries.get(kinds) or self._tries_for(kinds)
        tok = toks[i]
        if tok.key not in folded and tok.text not in exact:
            return None
        upper = tok.text[0].isupper()
        best: tuple[Entry, int] | None = None
        for trie, exact_walk in ((exact, True), (folded, False)):
            node = trie
            j = i
            while j < n:
                node = node.get(toks[j].text if exact_walk else toks[j].key)
                if node is None:
                    break
                j += 1
                ends = node.get(None)
                if ends and (best is None or j > best[1]):
                    for entry in ends:
                        if not (entry.lower_only and upper):
                            best = (entry, j)
                            break
        return best


LEXICON = Lexicon()
_add = LEXICON.add

# --- honorifics, ranks, academic titles -------------------------------------------------------
_add("đồng chí|đ/c|ông|bà|anh|chị|Đ.c", Entry("HON"))
# Nouns for a person that introduce a name as an honorific does (voters, teachers, pupils...).
_add("cử tri|Cử tri|cựu chiến binh|thầy|thầy giáo|cô giáo|cô|em|cháu|cụ|nghệ nhân|già làng|"
     "học sinh|sinh viên|chiến sĩ", Entry("HON", extra=("noun",)))
_add("các đồng chí|các đ/c|các ông|các bà|các vị|gồm các đồng chí", Entry("HON", extra=("plural",)))
_add(
    "Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá|"
    "Đại úy|Thượng úy|Trung úy|Thiếu úy|Chuẩn úy|Đô đốc|Phó Đô đốc|Chuẩn Đô đốc",
    Entry("RANK"),
)
_add(
    "Giáo sư|Phó Giáo sư|Tiến sĩ|Thạc sĩ|Bác sĩ|Kỹ sư|Luật sư|Nhà báo|Nhà giáo|Dược sĩ|"
    "Nghệ sĩ Nhân dân|Nghệ sĩ Ưu tú|Nhà giáo Nhân dân|Nhà giáo Ưu tú|Thầy thuốc Nhân dân|"
    "Thầy thuốc Ưu tú|Anh hùng Lao động|Anh hùng Lực lượng vũ trang nhân dân|Anh hùng LLVT|"
    "Anh hùng LLVTND|Mẹ Việt Nam Anh hùng",
    Entry("RANK"),
)
_add(
    "GS|PGS|TS|ThS|Th.S|BS|BSCKI|BSCKII|BS.CKI|BS.CKII|KS|NCS|LS|NSND|NSƯT|NGND|NGƯT|TTND|TTƯT|"
    "CKI|CKII|TSKH",
    Entry("RANK"),
    exact=True,
)

# --- status and modifiers -----------------------------------------------------------------------
_add("nguyên", Entry("STATUS", "former"))
_add("cố", Entry("STATUS", "deceased"))
_add("tân", Entry("STATUS", "newly_appointed"))
_add("Quyền|quyền|Q .|Q.", Entry("STATUS", "acting"))
_add("Phó|phó|P .", Entry("DEPUTY"))
_add("Thường trực|thường trực", Entry("MOD", "standing"))
_add("TT", Entry("MOD", "standing"), exact=True)
_add("dự khuyết|Dự khuyết", Entry("MOD", "alternate"))
_add("phụ trách", Entry("MOD", "in_charge"))
_add("chuyên trách", Entry("MOD", "full_time"))
_add("kiêm|đồng thời là|kiêm nhiệm", Entry("KIEM"))
_add("giữ chức|giữ chức vụ|giữ chức danh|tái đắc cử|tái cử|đắc cử|làm", Entry("APPOINT"))

# --- titles ---------------------------------------------------------------------------------------
_T = "TITLE"
_add("Bí thư", Entry(_T, "Bí thư", party=True))
_add("Tổng Bí thư", Entry(_T, "Tổng Bí thư", organ="Ban Chấp hành Trung ương Đảng", level="central"))
_add("Chủ tịch", Entry(_T, "Chủ tịch"))
_add("Chủ tịch nước", Entry(_T, "Chủ tịch nước", level="central"))
_add("Thủ tướng|Thủ tướng Chính phủ", Entry(_T, "Thủ tướng", organ="Chính phủ", level="central"))
_add("Bộ trưởng", Entry(_T, "Bộ trưởng", level="central"))
_add("Thứ trưởng", Entry(_T, "Thứ trưởng", level="central"))
_add("Trưởng ban", Entry(_T, "Trưởng ban", overlap=1))
_add("Trưởng đoàn", Entry(_T, "Trưởng đoàn", overlap=1))
_add("Trưởng phòng", Entry(_T, "Trưởng phòng", overlap=1))
_add("Trưởng", Entry(_T, "Trưởng", needs_organ=True))
_add("Trưởng thôn", Entry(_T, "Trưởng thôn", level="village"))
_add("Trưởng xóm", Entry(_T, "Trưởng xóm", level="village"))
_add("Trưởng bản", Entry(_T, "Trưởng bản", level="village"))
_add("Giám đốc", Entry(_T, "Giám đốc"))
_add("Tổng Giám đốc", Entry(_T, "Tổng Giám đốc"))
_add("Ủy viên|Uỷ viên", Entry(_T, "Ủy viên"))
_add("Thành viên", Entry(_T, "Thành viên", needs_organ=True))
_add("Chánh Văn phòng", Entry(_T, "Chánh Văn phòng", overlap=2, organ="Văn phòng"))
_add("Chánh Thanh tra", Entry(_T, "Chánh Thanh tra", overlap=2, organ="Thanh tra"))
_add("Chánh án", Entry(_T, "Chánh án", organ="Tòa án nhân dân"))
_add("Viện trưởng", Entry(_T, "Viện trưởng", organ="Viện kiểm sát nhân dân"))
_add("Chủ nhiệm", Entry(_T, "Chủ nhiệm"))
_add(
    "Đại biểu Quốc hội|ĐBQH|đại biểu Quốc hội",
    Entry(_T, "Đại biểu Quốc hội", organ="Quốc hội", level="central"),
)
_add("Đại biểu", Entry(_T, "Đại biểu", needs_organ=True))
_add("Chỉ huy trưởng", Entry(_T, "Chỉ huy trưởng", organ="Bộ Chỉ huy Quân sự"))
_add("Chính ủy|Chính uỷ", Entry(_T, "Chính ủy"))
_add("Tư lệnh", Entry(_T, "Tư lệnh"))
_add("Hiệu trưởng", Entry(_T, "Hiệu trưởng"))
_add("Đội trưởng", Entry(_T, "Đội trưởng"))
_add("Giảng viên|giảng viên", Entry(_T, "Giảng viên", needs_organ=True))
_add("Tổng Biên tập", Entry(_T, "Tổng Biên tập"))
_add("Cục trưởng", Entry(_T, "Cục trưởng", needs_organ=True))
_add("Chi cục trưởng", Entry(_T, "Chi cục trưởng", needs_organ=True))
_add("Trưởng Công an", Entry(_T, "Trưởng", overlap=2))
_add("Bí thư Chi bộ", Entry(_T, "Bí thư", overlap=2, party=True))
_add("PBT", Entry(_T, "Bí thư", deputy=True, party=True), exact=True)
_add("PCT", Entry(_T, "Chủ tịch", deputy=True), exact=True)
_add("PGĐ", Entry(_T, "Giám đốc", deputy=True), exact=True)
_add("GĐ", Entry(_T, "Giám đốc"), exact=True)
# The Party committees (spellings, canonical name, level; None: the level depends on the unit),
# the one list: organs below, their members (``Tỉnh ủy viên``) here, rolenorm.inherit's lookup.
COMMITTEES = (
    ("Tỉnh ủy|Tỉnh uỷ", "Tỉnh ủy", "province"),
    ("Thành ủy|Thành uỷ", "Thành ủy", None),
    ("Huyện ủy|Huyện uỷ", "Huyện ủy", "district"),
    ("Quận ủy|Quận uỷ", "Quận ủy", "district"),
    ("Thị ủy|Thị uỷ", "Thị ủy", "district"),
    ("Đảng ủy|Đảng uỷ", "Đảng ủy", None),
)
# Compound titles: member of a committee (organ and level inherited from the compound).
for _phr, _organ, _level in COMMITTEES:
    _add("|".join(f"{spelling} viên" for spelling in _phr.split("|")),
         Entry("COMPOUND", "Ủy viên", organ=_organ, level=_level))
_add("TUV", Entry("COMPOUND", "Ủy viên", organ="Tỉnh ủy", level="province"), exact=True)
_add("HUV", Entry("COMPOUND", "Ủy viên", organ="Huyện ủy", level="district"), exact=True)
_add("ĐUV", Entry("COMPOUND", "Ủy viên", organ="Đảng ủy"), exact=True)
_add("UVBTV|UV BTV|UV.BTV", Entry("COMPOUND", "Ủy viên", organ="Ban Thường vụ", sub=True),
     exact=True)
_add("UVTW|UV TW|UVTƯ", Entry("COMPOUND", "Ủy viên", organ="Ban Chấp hành Trung ương Đảng",
                               level="central"), exact=True)

# --- organs -----------------------------------------------------------------------------------------
_O = "ORGAN"
for _phr, _canon, _level in COMMITTEES:
    _add(_phr, Entry(_O, _canon, level=_level, parent=True, takes_locality=True))
_add("TU", Entry(_O, "Tỉnh ủy", level="province", parent=True, takes_locality=True), exact=True)
_add("HU", Entry(_O, "Huyện ủy", level="district", parent=True, takes_locality=True), exact=True)
_add("ĐU", Entry(_O, "Đảng ủy", parent=True, takes_locality=True), exact=True)
_add("Đảng bộ", Entry(_O, "Đảng bộ", parent=True))
_add("Chi bộ|chi bộ", Entry(_O, "Chi bộ"))
_add("Trung ương|TW|TƯ|T.Ư|Trung ương Đảng|TW Đảng|TƯ Đảng|T.Ư Đảng",
     Entry(_O, "Trung ương", level="central", parent=True))
_add("Ban Chấp hành Trung ương|BCH Trung ương|BCH TW|BCH TƯ|BCH T.Ư|Ban Chấp hành Trung ương Đảng|"
     "BCH Trung ương Đảng|BCHTW|Ban Chấp hành TW|BCH TW Đảng|BCH TƯ Đảng|BCH T.Ư Đảng|"
     "Ban Chấp hành TW Đảng",
     Entry(_O, "Ban Chấp hành Trung ương Đảng", level="central"))
_add("Bộ Chính trị", Entry(_O, "Bộ Chính trị", level="central"))
_add("Ban Bí thư", Entry(_O, "Ban Bí thư", level="central"))
_add("Ban Thường vụ|BTV|Thường vụ", Entry(_O, "Ban Thường vụ", sub=True))
_add("Ban Chấp hành|BCH", Entry(_O, "Ban Chấp hành", sub=True))
for _phr, _canon in (
    ("Ban Tổ chức|BTC", "Ban Tổ chức"),
    ("Ban Tuyên giáo", "Ban Tuyên giáo"),
    ("Ban Dân vận", "Ban Dân vận"),
    ("Ban Tuyên giáo và Dân vận|Ban Tuyên giáo - Dân vận", "Ban Tuyên giáo và Dân vận"),
    ("Ban Nội chính", "Ban Nội chính"),
    ("Ban Kinh tế", "Ban Kinh tế"),
    ("Ban Chính sách, chiến lược", "Ban Chính sách, chiến lược"),
    ("Văn phòng", "Văn phòng"),
    ("Ủy ban Kiểm tra|Uỷ ban Kiểm tra|UBKT|Ủy ban kiểm tra", "Ủy ban Kiểm tra"),
    ("Ban Pháp chế", "Ban Pháp chế"),
    ("Ban Kinh tế - Ngân sách|Ban Kinh tế-Ngân sách", "Ban Kinh tế - Ngân sách"),
    ("Ban Văn hóa - Xã hội|Ban Văn hoá - Xã hội|Ban Văn hóa-Xã hội", "Ban Văn hóa - Xã hội"),
    ("Ban Dân tộc", "Ban Dân tộc"),
    ("Ban Đô thị", "Ban Đô thị"),
    ("Ủy ban Thường vụ|Uỷ ban Thường vụ", "Ủy ban Thường vụ"),
    ("Ban Xây dựng Đảng", "Ban Xây dựng Đảng"),
):
    _add(_phr, Entry(_O, _canon, sub=True))
_add("Hội đồng nhân dân|HĐND|HDND|Hội đồng Nhân dân",
     Entry(_O, "Hội đồng nhân dân", parent=True))
_add("Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Ủy ban Nhân dân|UB nhân dân",
     Entry(_O, "Ủy ban nhân dân", parent=True))
_add("Ủy ban Mặt trận Tổ quốc Việt Nam|Uỷ ban Mặt trận Tổ quốc Việt Nam|Ủy ban MTTQ Việt Nam|"
     "Ủy ban MTTQ|Uỷ ban MTTQ|UBMTTQ Việt Nam|UBMTTQVN|UBMTTQ|UB MTTQ|UB MTTQ Việt Nam|MTTQ|"
     "MTTQ Việt Nam|MTTQVN|Mặt trận Tổ quốc Việt Nam|Mặt trận Tổ quốc|Ủy ban Mặt trận Tổ quốc|"
     "Uỷ ban Mặt trận Tổ quốc",
     Entry(_O, "Ủy ban Mặt trận Tổ quốc Việt Nam", parent=True))
_add("Đoàn đại biểu Quốc hội|Đoàn ĐBQH|đoàn ĐBQH|Đoàn Đại biểu Quốc hội",
     Entry(_O, "Đoàn đại biểu Quốc hội", level="province"))
_add("Quốc hội", Entry(_O, "Quốc hội", level="central", parent=True))
_add("Chính phủ", Entry(_O, "Chính phủ", level="central"))
# Committees of the National Assembly, only with ``của Quốc hội`` (``Ủy ban Kinh tế`` alone is
# ambiguous); names before and after the 2025 merger.
for _nac in ("Hội đồng Dân tộc", "Ủy ban Pháp luật", "Ủy ban Tư pháp", "Ủy ban Kinh tế",
             "Ủy ban Tài chính, Ngân sách", "Ủy ban Quốc phòng và An ninh",
             "Ủy ban Văn hóa, Giáo dục", "Ủy ban Xã hội", "Ủy ban Đối ngoại",
             "Ủy ban Khoa học, Công nghệ và Môi trường", "Ủy ban Pháp luật và Tư pháp",
             "Ủy ban Kinh tế và Tài chính", "Ủy ban Văn hóa và Xã hội",
             "Ủy ban Quốc phòng, An ninh và Đối ngoại"):
    _nac_variants = {_nac, _nac.replace("Ủy ban", "Uỷ ban"), _nac.replace("Văn hóa", "Văn hoá")}
    _add("|".join(f"{v} của Quốc hội" for v in sorted(_nac_variants)),
         Entry(_O, f"{_nac} của Quốc hội", level="central"))
# Organs, one row each (rows alike by design: `duplicates` pairs runs of them).
_add("Thanh tra", Entry(_O, "Thanh tra"))
_add("Hội Nông dân|Hội ND", Entry(_O, "Hội Nông dân"))
_add("Hội Liên hiệp Phụ nữ|Hội LHPN|Hội Phụ nữ|Hội Liên hiệp phụ nữ",
     Entry(_O, "Hội Liên hiệp Phụ nữ"))
_add("Hội Cựu chiến binh|Hội CCB|Hội Cựu Chiến binh", Entry(_O, "Hội Cựu chiến binh"))
_add("Hội Chữ thập đỏ", Entry(_O, "Hội Chữ thập đỏ"))
_add("Hội Người cao tuổi", Entry(_O, "Hội Người cao tuổi"))
_add("Hội Khuyến học", Entry(_O, "Hội Khuyến học"))
_add("Liên đoàn Lao động|LĐLĐ", Entry(_O, "Liên đoàn Lao động"))
_add("Đoàn Thanh niên Cộng sản Hồ Chí Minh|Đoàn TNCS Hồ Chí Minh|Đoàn TNCS HCM|Đoàn Thanh niên",
     Entry(_O, "Đoàn Thanh niên Cộng sản Hồ Chí Minh"))
_add("Tỉnh đoàn", Entry(_O, "Tỉnh đoàn", level="province", takes_locality=True))
_add("Huyện đoàn", Entry(_O, "Huyện đoàn", level="district", takes_locality=True))
_add("Thành đoàn", Entry(_O, "Thành đoàn", takes_locality=True))
_add("Công an", Entry(_O, "Công an"))
_add("Bộ Chỉ huy Quân sự|Bộ CHQS|BCHQS|Bộ Chỉ huy quân sự", Entry(_O, "Bộ Chỉ huy Quân sự"))
_add("Ban Chỉ huy Quân sự|Ban CHQS|Ban Chỉ huy quân sự", Entry(_O, "Ban Chỉ huy Quân sự"))
_add("Tòa án nhân dân|Toà án nhân dân|TAND|Tòa án", Entry(_O, "Tòa án nhân dân"))
_add("Viện kiểm sát nhân dân|Viện Kiểm sát nhân dân|VKSND|Viện kiểm sát",
     Entry(_O, "Viện kiểm sát nhân dân"))
_add("Ban Chỉ đạo|BCĐ|Ban chỉ đạo", Entry(_O, "Ban Chỉ đạo", extra=("numbered",)))
_add("Ban Chỉ đạo phòng, chống tham nhũng, tiêu cực|Ban Chỉ đạo phòng, chống tham nhũng, lãng phí, "
     "tiêu cực|Ban Chỉ đạo phòng chống tham nhũng, tiêu cực",
     Entry(_O, "Ban Chỉ đạo phòng, chống tham nhũng, lãng phí, tiêu cực"))
_add("Ban Chỉ đạo chuyển đổi số|Ban Chỉ đạo về chuyển đổi số",
     Entry(_O, "Ban Chỉ đạo chuyển đổi số"))
_add("Ban Quản lý", Entry(_O, "Ban Quản lý", extra=("named",)))
_add("Trung tâm", Entry(_O, "Trung tâm", extra=("named",)))
_add("Phòng", Entry(_O, "Phòng", extra=("named",)))
_add("Báo", Entry(_O, "Báo", extra=("named", "caps")))
# Named units that are not in the administrative lexicon: schools, hospitals, co-operatives,
# teams; their level comes from a level word after the name, or from the sibling roles.
_add("Trường", Entry(_O, "Trường", extra=("named",)))
_add("Học viện", Entry(_O, "Học viện", extra=("named",)))
_add("Bệnh viện", Entry(_O, "Bệnh viện", extra=("named",)))
_add("Hợp tác xã|HTX", Entry(_O, "Hợp tác xã", extra=("named",)))
_add("Đội", Entry(_O, "Đội", extra=("named",)))
for _head in ("Cục", "Chi cục", "Tổng cục"):
    _add(_head, Entry(_O, _head, extra=("named",)))
_add("Kho bạc Nhà nước|Kho bạc nhà nước|KBNN", Entry(_O, "Kho bạc Nhà nước"))
_add("Ngân hàng", Entry(_O, "Ngân hàng", extra=("named",)))
_add("Nhà trường|nhà trường", Entry(_O, "Nhà trường"))
_add("Quân khu", Entry(_O, "Quân khu", level="central", extra=("numbered",)))
_add("Ủy ban bầu cử|Uỷ ban bầu cử|Ủy ban Bầu cử|Uỷ ban Bầu cử", Entry(_O, "Ủy ban bầu cử"))
_add("Ban Tiếp công dân", Entry(_O, "Ban Tiếp công dân"))
_add("Đoàn giám sát|đoàn giám sát|Đoàn kiểm tra|đoàn kiểm tra", Entry(_O, "Đoàn giám sát"))
_add("Ban Công tác Mặt trận|Ban công tác Mặt trận", Entry(_O, "Ban Công tác Mặt trận", level="village"))
# The Party committee of the Party's (or the State's) agencies of a province or district is an
# organ of its own, not the province's or district's committee.
_add("Đảng ủy các cơ quan Đảng|Đảng uỷ các cơ quan Đảng|ĐU các cơ quan Đảng|"
     "Đảng ủy Các cơ quan Đảng", Entry(_O, "Đảng ủy các cơ quan Đảng", takes_locality=True))
_add("Đảng ủy các cơ quan|Đảng uỷ các cơ quan|ĐU các cơ quan",
     Entry(_O, "Đảng ủy các cơ quan", takes_locality=True))
# ``Đảng ủy Khối các cơ quan``, ``Đảng ủy Khối Doanh nghiệp``, ``Đảng ủy Khối Cơ quan và Doanh
# nghiệp``: the bloc's name is part of the organ (read up to a level word), never cut off.
_add("Đảng ủy Khối|Đảng uỷ Khối|Đảng ủy khối|Đảng uỷ khối|ĐU Khối",
     Entry(_O, "Đảng ủy Khối", parent=True, takes_locality=True, extra=("named_opt",)))
# Offices serving two bodies: one organ, not the first body's office cut short.
_add("Văn phòng HĐND và UBND|Văn phòng Hội đồng nhân dân và Ủy ban nhân dân|"
     "Văn phòng HĐND - UBND|Văn phòng HĐND&UBND",
     Entry(_O, "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"))
_add("Văn phòng Đoàn ĐBQH và HĐND|Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân|"
     "Văn phòng Đoàn ĐBQH, HĐND và UBND|"
     "Văn phòng Đoàn đại biểu Quốc hội, Hội đồng nhân dân và Ủy ban nhân dân",
     Entry(_O, "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân"))
_add("Đảng ủy Ủy ban nhân dân|Đảng ủy UBND|Đảng uỷ UBND|ĐU UBND",
     Entry(_O, "Đảng ủy Ủy ban nhân dân", takes_locality=True))

_DEPARTMENTS = (
    "Tài chính", "Nội vụ", "Tư pháp", "Xây dựng", "Y tế", "Công Thương", "Ngoại vụ",
    "Giáo dục và Đào tạo|GD&ĐT|GDĐT", "Kế hoạch và Đầu tư|KH&ĐT|KHĐT",
    "Nông nghiệp và Phát triển nông thôn|NN&PTNT|NNPTNT",
    "Nông nghiệp và Môi trường|NN&MT", "Tài nguyên và Môi trường|TN&MT|TNMT",
    "Giao thông vận tải|GTVT", "Thông tin và Truyền thông|TT&TT",
    "Khoa học và Công nghệ|KH&CN|KHCN",
    "Lao động - Thương binh và Xã hội|LĐ-TB&XH|LĐTB&XH|Lao động, Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch|Văn hoá, Thể thao và Du lịch|VH-TT&DL|VHTTDL",
    "Văn hóa và Thể thao|Văn hoá và Thể thao", "Du lịch", "Dân tộc và Tôn giáo",
)
_MINISTRIES = (
    "Công an", "Quốc phòng", "Ngoại giao", "Nội vụ", "Tài chính", "Tư pháp", "Y tế",
    "Xây dựng", "Công Thương", "Giáo dục và Đào tạo", "Khoa học và Công nghệ",
    "Nông nghiệp và Môi trường", "Văn hóa, Thể thao và Du lịch", "Dân tộc và Tôn giáo",
    "Kế hoạch và Đầu tư", "Tài nguyên và Môi trường", "Nông nghiệp và Phát triển nông thôn",
    "Lao động - Thương binh và Xã hội", "Giao thông vận tải", "Thông tin và Truyền thông",
)


def _canon_name(variants: str) -> str:
    return variants.split("|")[0].replace("Văn hoá", "Văn hóa")


for _dept in _DEPARTMENTS:
    _add("|".join(f"Sở {v}" for v in _dept.split("|")),
         Entry(_O, f"Sở {_canon_name(_dept)}", level="province"))
for _min in _MINISTRIES:
    _add(f"Bộ {_min}", Entry(_O, f"Bộ {_min}", level="central"))

# --- levels ---------------------------------------------------------------------------------------------
_L = "LEVEL"
_add("tỉnh", Entry(_L, "province"))
_add("thành phố|TP|TP .|Tp|Tp .|tp", Entry(_L, "city"))
_add("huyện|quận|thị xã|TX|TX .", Entry(_L, "district"))
_add("xã|phường|thị trấn|đặc khu", Entry(_L, "commune"))
_add("thôn|xóm|bản|tổ dân phố|khu phố|ấp|buôn|làng|tổ", Entry(_L, "village"))
_add("Tỉnh|Huyện|Xã|Phường|Quận|Thị xã|Thị trấn|Thành phố|Thôn|Xóm|Bản", Entry(_L, "upper"))

PARTY_COMMITTEE_BY_LEVEL = {
    "province": "Tỉnh ủy",
    "district": "Huyện ủy",
    "commune": "Đảng ủy",
    "village": "Chi bộ",
    "central": "Ban Chấp hành Trung ương Đảng",
}
LEVEL_WORD_LEVEL = {
    "tỉnh": "province", "huyện": "district", "quận": "district", "thị xã": "district",
    "tx": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune",
    "đặc khu": "commune", "thành phố": "city", "tp": "city",
}


@lru_cache(maxsize=1)
def kinds(*names: str) -> frozenset[str]:
    """A frozen set of entry kinds (cached for the hot path)."""
    return frozenset(names)
