"""A synthetic portal-news database for the storage benchmark (deterministic, no network).

Articles are written through ``store_article`` like a crawl writes them: text from a Zipf-like
draw over Vietnamese words, 8 portals in 4 provinces, categories, tags, an image, event dates and
one to three mentions of 2,000 officials. About 5% of articles are stored twice with changed text.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipelines.text import content_hash
from store.database import ensure_portal, open_db, store_article


def _split(text: str) -> list[str]:
    return text.split()


WORDS = _split(
    "hội nghị ban chấp hành đảng bộ huyện tỉnh xã phường thị trấn định hóa thái nguyên bắc kạn "
    "phú bình võ nhai đại từ đồng hỷ phổ yên sông công chủ tịch ủy ban nhân dân hội đồng bí thư "
    "phó thường trực giám đốc sở tài chính kế hoạch đầu tư nông thôn mới chương trình mục tiêu "
    "quốc gia phát triển kinh tế xã hội năm nay năm mới kế hoạch nhiệm vụ giải pháp trọng tâm "
    "đồng chí lãnh đạo cán bộ đảng viên nhân dân tổ chức thực hiện kết quả đạt được tiêu chí "
    "đường giao thông trường học trạm y tế nước sạch môi trường du lịch sản phẩm ocop chè tân cương "
    "hợp tác xã doanh nghiệp lao động việc làm giảm nghèo an sinh chính sách người có công "
    "quốc phòng an ninh trật tự công an quân sự biên phòng mặt trận tổ quốc đoàn thanh niên "
    "hội phụ nữ nông dân cựu chiến binh tuyên giáo dân vận kiểm tra giám sát kỷ luật "
    "chuyển đổi số cải cách hành chính dịch vụ công trực tuyến ngân sách thu chi đầu tư công "
    "khánh thành khởi công bàn giao trao tặng quà tết thăm hỏi chúc mừng kỷ niệm thành lập "
    "đại hội nhiệm kỳ bầu cử đại biểu quốc hội tiếp xúc cử tri kỳ họp nghị quyết quyết định "
    "mưa lũ thiên tai khắc phục hậu quả hỗ trợ gia đình học sinh sinh viên giáo dục đào tạo "
    "văn hóa thể thao lễ hội di tích lịch sử atk bảo tồn phát huy giá trị truyền thống "
    "hòa bình thủy lợi hồ núi cốc quỹ đất quy hoạch khu công nghiệp yên bình điềm thụy "
    "uỷ viên thuỷ sản hoá chất khoẻ mạnh đã được sẽ và của các những cho với tại trong "
)
SURNAMES = _split("Nguyễn Trần Lê Phạm Hoàng Phan Vũ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đàm Ma Triệu")
MIDDLE = _split("Văn Thị Đức Minh Thanh Quang Hữu Xuân Ngọc Tiến Đình Thu")
GIVEN = _split("An Bình Cường Dũng Giang Hà Hải Hùng Khoa Lan Long Mai Nam Niên Phong Quân Sơn Thủy")
TITLES = [("Bí thư", "Huyện ủy", "district"), ("Chủ tịch", "Ủy ban nhân dân", "district"),
          ("Chủ tịch", "Ủy ban nhân dân", "province"), ("Giám đốc", "Sở Tài chính", "province"),
          ("Bí thư", "Đảng ủy", "commune"), ("Trưởng ban", "Ban Tuyên giáo", "province")]
PORTALS = [(f"portal{i}", ["Thái Nguyên", "Bắc Kạn", "Tuyên Quang", "Lào Cai"][i % 4]) for i in range(8)]
CATEGORIES = ["Thời sự", "Xây dựng Đảng", "Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh",
              "Nông thôn mới"]
LOCALITIES = ["Định Hóa", "Phú Bình", "Võ Nhai", "Đại Từ", "Đồng Hỷ", "Phổ Yên"]


def _weights(n: int) -> list[float]:
    return [1.0 / (rank + 1) ** 0.9 for rank in range(n)]


class Generator:
    """Deterministic articles, persons and mentions."""

    def __init__(self, seed: int = 6) -> None:
        self.rng = random.Random(seed)
        self.cum = list(_cumulative(_weights(len(WORDS))))
        self.persons = [f"{self.rng.choice(SURNAMES)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"
                        for _ in range(2000)]

    def words(self, n: int) -> str:
        picks = self.rng.choices(WORDS, cum_weights=self.cum, k=n)
        return " ".join(picks)

    def sentence(self, n: int) -> str:
        text = self.words(n)
        return text[0].upper() + text[1:] + "."

    def mention(self, name: str) -> dict[str, Any]:
        title, organ, level = self.rng.choice(TITLES)
        locality = self.rng.choice(LOCALITIES) if level != "province" else "Thái Nguyên"
        raw = f"{title} {organ} {locality}"
        sentence = f"Đồng chí {name}, {raw} phát biểu."
        return {"name": name, "span": [9, 9 + len(name)], "sentence": sentence,
                "roles": [{"raw": raw, "title": title, "modifiers": [], "status": "current",
                           "organ": organ, "level": level, "locality": locality}]}

    def article(self, i: int, *, revision: int = 0) -> dict[str, Any]:
        portal, _ = PORTALS[i % len(PORTALS)]
        day = f"20{20 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        names = self.rng.sample(self.persons[: 200 + i % 1800], self.rng.randint(1, 3))
        mentions = [self.mention(n) for n in names]
        body = "\n\n".join([m["sentence"] for m in mentions]
                           + [" ".join(self.sentence(18) for _ in range(3)) for _ in range(5)])
        if revision:
            body += f"\n\nCập nhật lần {revision}."
        item = {
            "portal": portal, "source_id": f"news:{i}", "url": f"https://{portal}.example/news/{i}.html",
            "title": self.sentence(11)[:-1], "lead": self.sentence(30), "body_text": body,
            "category": CATEGORIES[i % len(CATEGORIES)], "author": "Phóng viên",
            "tags": [self.rng.choice(WORDS) for _ in range(2)],
            "images": [{"url": f"https://{portal}.example/img/{i}.jpg", "caption": self.sentence(8)}],
            "published": {"value": f"{day}T08:00:00+07:00", "precision": "minute", "tz_source": "meta"},
            "published_raw": f"{day} 08:00", "fetched_at": f"{day}T09:00:00+07:00",
            "event_dates": [{"raw": "Sáng 14/3", "value": day, "precision": "day", "end": None,
                             "tz_source": "none", "year_inferred": True, "relative": False,
                             "weekday_consistent": None, "sentence": mentions[0]["sentence"],
                             "span": [0, 9]}],
            "mentions": mentions,
        }
        item["content_hash"] = content_hash(item["title"], item["lead"], item["body_text"])
        return item


def _cumulative(weights: list[float]) -> Iterator[float]:
    total = 0.0
    for w in weights:
        total += w
        yield total


def build(path: Path, articles: int, *, timed_articles: int = 5000, progress: bool = True
          ) -> dict[str, float]:
    """Write ``articles`` articles (plus ~5% changed versions) to a new database at ``path``.

    Throughput is measured over the first ``timed_articles`` with the code as it is.
    """
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_db(path)
    for portal, province in PORTALS:
        ensure_portal(db, portal, name=portal, province=province)
    gen = Generator()
    measured = min(articles, timed_articles)
    start = time.perf_counter()
    for i in range(articles):
        if i == measured:
            seconds = time.perf_counter() - start
        store_article(db, gen.article(i))
        if i % 20 == 19:
            store_article(db, gen.article(i, revision=1))
        if progress and i % 10000 == 9999:
            print(f"  {i + 1} articles, {time.perf_counter() - start:.0f}s", flush=True)
    if measured == articles:
        seconds = time.perf_counter() - start
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    writes = measured + measured // 20
    return {"seconds": seconds, "writes": writes, "writes_per_s": writes / seconds}
