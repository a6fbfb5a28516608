"""Text and validation stages."""

import unicodedata

import pytest

from crawler.items import ArticleItem
from pipelines.text import TextPipeline, content_hash
from pipelines.validation import InvalidArticle, ValidationPipeline


def make(**kw):
    base = {"portal": "p", "url": "http://p/a-1.html", "source_id": "news:1"}
    return ArticleItem(**{**base, **kw})


def test_text_pipeline_canonicalises_every_field():
    nfd = unicodedata.normalize("NFD", "Tỉnh ủy")
    item = make(title=f"  {nfd}\u00a0Thái Nguyên ", lead="\u00d0oàn đại biểu",
                body_text="Một\u200b đoạn.\n\n\n\n  Hai  đoạn. ", author="Minh  Hằng",
                tags=["Định Hóa", "Định Hóa ", "x"],
                images=[{"url": "u", "caption": " Quang\u00a0cảnh "}])
    TextPipeline().process_item(item)
    assert item.title == "Tỉnh ủy Thái Nguyên"
    assert item.lead == "Đoàn đại biểu"
    assert item.body_text == "Một đoạn.\n\nHai đoạn."
    assert item.author == "Minh Hằng"
    assert item.tags == ["Định Hóa", "x"]
    assert item.images == [{"url": "u", "caption": "Quang cảnh"}]
    assert item.content_hash == content_hash(item.title, item.lead, item.body_text)


def test_hash_ignores_nothing_but_text():
    assert content_hash("a", "b", "c") != content_hash("a", "b", "d")
    assert content_hash("ab", "", "c") != content_hash("a", "b", "c")


def test_text_pipeline_passes_other_items():
    other = object()
    assert TextPipeline().process_item(other) is other


@pytest.mark.parametrize(("fields", "reason"), [
    ({"title": None, "body_text": "x"}, "missing title"),
    ({"title": "t", "body_text": ""}, "missing body_text"),
])
def test_validation_drops_with_reason(fields, reason):
    with pytest.raises(InvalidArticle, match=reason):
        ValidationPipeline().process_item(make(**fields))


def test_validation_keeps_valid():
    item = make(title="t", body_text="b")
    assert ValidationPipeline().process_item(item) is item
