"""Deterministic generated corpora for benchmarks: plausible Vietnamese Party-portal news.

``synthetic_corpus(20_000)`` builds in about a second: titles and 3-5 paragraphs from templates
over lists of (fictional) people, real place names and topics; publish times spread over
2016-2025; ids increase with time per module as in NukeViet. A few articles use the NFD or eth
text forms and a few are unpublished, so the quirks stay exercised at scale.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from crawler.fixture_portal.corpus import (
    BUNDLED_DIR,
    Article,
    Attachment,
    Block,
    Corpus,
    Image,
    Person,
    Site,
    load_site,
    slugify,
)

VN = timezone(timedelta(hours=7))
START = datetime(2016, 1, 1, 7, 0, tzinfo=VN)
SPAN_SECONDS = int((datetime(2025, 6, 30, 18, 0, tzinfo=VN) - START).total_seconds())

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Đàm", "Ma", "Hà", "Triệu", "Lương")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Hữu", "Ngọc", "Xuân", "Kim", "Tiến")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hòa",
         "Hùng", "Huyền", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Niên", "Phong",
         "Phương", "Quân", "Sơn", "Thảo", "Thắng", "Thủy", "Trung", "Tuấn", "Vân", "Yến")
ROLES = ("Bí thư Tỉnh ủy", "Phó Bí thư Thường trực Tỉnh ủy", "Chủ tịch UBND tỉnh",
         "Phó Chủ tịch UBND tỉnh", "Trưởng Ban Tuyên giáo Tỉnh ủy", "Trưởng Ban Tổ chức Tỉnh ủy",
         "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", "Bí thư Huyện ủy", "Chủ tịch UBND huyện",
         "Phó Bí thư Thường trực Huyện ủy", "Bí thư Đảng ủy xã", "Giám đốc Sở Nội vụ")
PLACES = ("Định Hóa", "Đại Từ", "Phú Lương", "Võ Nhai", "Đồng Hỷ", "Phú Bình", "Phổ Yên",
          "Sông Công", "Thái Nguyên", "Điềm Mặc", "Tân Cương", "La Hiên", "Hóa Thượng")
ORGS = ("Huyện ủy", "Thành ủy", "Đảng ủy xã", "Ban Thường vụ Huyện ủy", "Ủy ban MTTQ huyện",
        "Ban Chỉ đạo 35 huyện", "Hội Nông dân huyện", "Đoàn Thanh niên huyện")
EVENTS = ("tổ chức hội nghị tổng kết", "sơ kết 6 tháng", "triển khai kế hoạch",
          "kiểm tra, giám sát", "quán triệt nghị quyết về", "tập huấn nghiệp vụ",
          "trao quyết định về", "gặp mặt, tọa đàm về")
TOPICS = ("công tác xây dựng Đảng", "bảo vệ nền tảng tư tưởng của Đảng", "công tác dân vận",
          "chuyển đổi số", "xây dựng nông thôn mới", "công tác cán bộ", "cải cách hành chính",
          "phát triển kinh tế - xã hội", "phòng, chống tham nhũng", "công tác kiểm tra đảng")
TAGS = ("xây dựng Đảng", "Định Hóa", "Đại Từ", "Đồng Hỷ", "chuyển đổi số", "nông thôn mới",
        "công tác cán bộ", "Đảng bộ tỉnh", "dân vận khéo", "nghị quyết")
SENTENCES = (
    "Dự {event_noun} có đồng chí {name}, {role}; đại diện lãnh đạo các sở, ngành và địa phương.",
    "Trong năm {year}, {org} {place} đã tập trung lãnh đạo, chỉ đạo thực hiện tốt {topic}.",
    "Phát biểu tại buổi làm việc, đồng chí {name}, {role} đề nghị các cấp ủy tiếp tục quan tâm "
    "{topic}, bám sát cơ sở và kịp thời tháo gỡ khó khăn.",
    "Các đại biểu đã tập trung thảo luận, đề xuất nhiều giải pháp nâng cao hiệu quả {topic} "
    "trong thời gian tới.",
    "Ngày {day}/{month}, {org} {place} {event} {topic} với sự tham gia của {count} đại biểu.",
    "Kết quả, {percent}% chỉ tiêu đề ra đã hoàn thành, trong đó nhiều chỉ tiêu vượt kế hoạch.",
    "Đồng chí {name}, {role} ghi nhận những kết quả mà {org} {place} đạt được trong thời gian qua.",
    "Dịp này, {count} tập thể và cá nhân có thành tích xuất sắc trong {topic} được khen thưởng.",
    "Theo báo cáo, thời gian qua {org} {place} đã ban hành nhiều văn bản lãnh đạo, chỉ đạo "
    "sát với tình hình thực tiễn của địa phương.",
    "Bên cạnh kết quả đạt được, {topic} vẫn còn một số hạn chế cần sớm khắc phục.",
    "Hội nghị đã nghe báo cáo tham luận của các chi bộ, đảng bộ trực thuộc về {topic}.",
    "Đồng chí {name} nhấn mạnh yêu cầu nâng cao vai trò của người đứng đầu cấp ủy, chính quyền.",
    "Năm {year}, toàn huyện {place} có {count} đảng viên mới được kết nạp.",
    "Các cơ quan, đơn vị cần chủ động xây dựng kế hoạch, phân công rõ người, rõ việc, rõ "
    "thời gian hoàn thành.",
    "Buổi làm việc diễn ra trong không khí dân chủ, cởi mở và trách nhiệm.",
    "Trước đó, đoàn công tác đã đi kiểm tra thực tế tại một số mô hình tiêu biểu của {place}.",
)
CAPTIONS = ("Quang cảnh Hội nghị", "Đồng chí {name} phát biểu tại buổi làm việc",
            "Các đại biểu tham quan mô hình tại {place}", "Trao khen thưởng cho các tập thể")
SOURCES = ("Ban Tuyên giáo Tỉnh ủy", "Báo Thái Nguyên", "Trung tâm TTVH huyện {place}",
           "Văn phòng Huyện ủy {place}")


def _pick(rng: random.Random, items: tuple[str, ...]) -> str:
    """``rng.choice`` without its overhead (20,000 articles make ~500,000 picks)."""
    return items[int(rng.random() * len(items))]


def _person(rng: random.Random) -> str:
    return f"{_pick(rng, FAMILY)} {_pick(rng, MIDDLE)} {_pick(rng, GIVEN)}"


def _article(rng: random.Random, site: Site, module: str, id: int, published: datetime) -> Article:
    mod = site.module(module)
    assert mod is not None
    category = rng.choice(mod.categories).alias
    place, org, topic = _pick(rng, PLACES), _pick(rng, ORGS), _pick(rng, TOPICS)
    name, role = _person(rng), _pick(rng, ROLES)
    event = _pick(rng, EVENTS)
    fill = {
        "name": name, "role": role, "place": place, "org": org, "topic": topic, "event": event,
        "event_noun": "hội nghị", "year": published.year - 1, "day": published.day,
        "month": published.month, "count": rng.randint(30, 300), "percent": rng.randint(80, 100),
    }
    sentences = tuple(t.format(**fill) for t in SENTENCES)
    title = _pick(rng, (
        f"{org} {place} {event} {topic}",
        f"Đồng chí {name}, {role} làm việc tại {place}",
        f"{place}: {event[0].upper()}{event[1:]} {topic} năm {published.year}",
    ))
    alias = slugify(title)[:90].rstrip("-")
    folder = f"/uploads/{module}/{published.year}_{published.month:02d}"
    order = list(sentences)
    rng.shuffle(order)
    body: list[Block] = []
    cursor = 0
    for i in range(3 + int(rng.random() * 3)):
        count = 2 + int(rng.random() * 3)
        text = " ".join(order[(cursor + k) % len(order)] for k in range(count))
        cursor += count
        body.append(Block("p", text=text))
        if i == 0 and rng.random() < 0.3:
            caption = _pick(rng, CAPTIONS).format(**fill) if rng.random() < 0.8 else None
            style = "p-em" if rng.random() < 0.2 else "figure"
            body.append(Block("image", src=f"{folder}/{alias[:40]}-{id}-{i}.jpg",
                              caption=caption, style=style))
    roll = rng.random()
    lead = (f"Ngày {published.day}/{published.month}, {org} {place} {event} {topic}. "
            f"Đồng chí {name}, {role} dự và chỉ đạo.")
    return Article(
        id=id, module=module, category=category, title=title, alias=alias, lead=lead,
        published=published, body=tuple(body),
        updated=published + timedelta(hours=rng.randint(1, 72)) if rng.random() < 0.3 else None,
        author=_person(rng) if rng.random() < 0.7 else None,
        source=_pick(rng, SOURCES).format(place=place) if rng.random() < 0.4 else None,
        tags=tuple(dict.fromkeys(rng.sample(TAGS, rng.randint(0, 3)))),
        status="unpublished" if roll < 0.01 else "published",
        text_form="nfd" if 0.01 <= roll < 0.03 else "eth" if 0.03 <= roll < 0.04 else "nfc",
        lead_image=(Image(f"{folder}/{alias[:40]}-{id}.jpg",
                          _pick(rng, CAPTIONS).format(**fill) if rng.random() < 0.5 else None)
                    if rng.random() < 0.6 else None),
        attachments=((Attachment(f"{folder}/qd-{id}.pdf", f"Quyết định số {id}/QĐ-UBND"),)
                     if rng.random() < 0.05 else ()),
        people=(Person(name, (role,)),),
    )


def synthetic_corpus(n: int, *, seed: int = 1, site: Site | None = None) -> Corpus:
    """``n`` generated articles over every module and category (same ``seed``, same corpus)."""
    site = site or load_site(BUNDLED_DIR / "site.toml")
    rng = random.Random(seed)
    times = sorted(START + timedelta(seconds=rng.randrange(SPAN_SECONDS)) for _ in range(n))
    names = [m.name for m in site.modules]
    weights = [3 if name == site.default_module else 1 for name in names]
    next_id = dict.fromkeys(names, 1)
    articles = []
    for published in times:
        module = rng.choices(names, weights)[0]
        articles.append(_article(rng, site, module, next_id[module], published))
        next_id[module] += 1
    return Corpus(site, tuple(articles))
