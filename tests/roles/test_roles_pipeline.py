"""The Scrapy pipeline stage: mentions set on the item, never raises, never drops."""

from __future__ import annotations

from types import SimpleNamespace

from scrapy.settings import Settings

from crawler.items import ArticleItem
from pipelines.roles import RolesPipeline


def _pipeline(**settings: object) -> RolesPipeline:
    return RolesPipeline.from_crawler(SimpleNamespace(settings=Settings(settings)))


def test_mentions_from_title_lead_and_body() -> None:
    item = ArticleItem(
        portal="tn", url="https://x/1", source_id="1",
        title="Bí thư Tỉnh ủy Trịnh Việt Hùng làm việc tại huyện Định Hóa",
        lead="Ngày 27/12, Ban Chỉ đạo 35 huyện Định Hóa tổ chức Hội nghị.",
        body_text="Đồng chí Đàm Tiến Niên, Phó Bí thư Thường trực Huyện ủy chủ trì.\n\nKết thúc.",
        published={"value": "2023-12-27T05:16:00+07:00"})
    out = _pipeline(ROLES_PROVINCE="Thái Nguyên").process_item(item)
    assert out is item
    by_name = {m["name"]: m for m in item.mentions}
    assert by_name["Trịnh Việt Hùng"]["field"] == "title"
    assert by_name["Trịnh Việt Hùng"]["roles"][0]["locality"] == "Thái Nguyên"
    niên = by_name["Đàm Tiến Niên"]
    assert niên["field"] == "body_text" and niên["roles"][0]["locality"] == "Định Hóa"
    assert niên["sentence"].startswith("Đồng chí Đàm Tiến Niên")


def test_disabled_and_odd_items_pass_through() -> None:
    item = ArticleItem(portal="tn", url="u", source_id="1", title=None, body_text="\x00\u200b")
    assert _pipeline(ROLES_ENABLED=False).process_item(item) is item
    assert _pipeline().process_item(item).mentions == []
    assert _pipeline().process_item({"url": "u"}) == {"url": "u"}
