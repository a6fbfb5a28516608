"""Captions inside article bodies: the three markups, the guards against false captions, the
same decision on every adapter, and real Liferay pages (expected captions read from the pages)."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawler.platforms import generic, liferay, nukeviet, sharepoint, wordpress
from crawler.platforms.article import ArticleFields
from crawler.platforms.body import CAPTION_MAX, detach_captions, walk_body
from tests.golden.realpages import REALPAGES, need_real

BASE = "http://portal.example.vn/tin-tuc/bai-1.html"
IMG = "http://portal.example.vn/uploads/a.jpg"
IMG2 = "http://portal.example.vn/uploads/b.jpg"
REAL = REALPAGES / "liferay"


def walk(fragment: str) -> tuple[list[str], list[dict[str, str | None]]]:
    return walk_body(lxml_html.fragment_fromstring(fragment, create_parent="div"), BASE)


# -- the three markups -------------------------------------------------------------------------

def test_ckeditor_image2_figure():
    paragraphs, images = walk(
        '<p>Mở đầu.</p><figure class="image"><img alt="" src="/uploads/a.jpg" width="600">'
        "<figcaption>Quang cảnh Hội nghị</figcaption></figure><p>Tiếp theo.</p>")
    assert paragraphs == ["Mở đầu.", "Tiếp theo."]
    assert images == [{"url": IMG, "caption": "Quang cảnh Hội nghị"}]


def test_image_paragraph_then_centred_em_line():
    paragraphs, images = walk(
        '<p style="text-align:center"><img src="/uploads/a.jpg"></p>'
        '<p style="text-align:center"><em>Quang cảnh Hội nghị</em></p><p>Hội nghị đã thảo luận.</p>')
    assert images == [{"url": IMG, "caption": "Quang cảnh Hội nghị"}]
    assert paragraphs == ["Hội nghị đã thảo luận."]


def test_caption_in_coloured_span_after_empty_paragraphs_and_credit_line():
    """The real Liferay/CKEditor shape: ``<p align=center><span style=color><em>``, an empty
    paragraph between, and a credit line that completes the caption."""
    paragraphs, images = walk(
        '<p align="center"><img src="/uploads/a.jpg" style="width:448px"></p>'
        '<p align="center">&nbsp;</p>'
        '<p align="center"><span style="color:#0000FF;"><em>Đ/c Phan Lan Tú trao Quyết định</em>'
        "</span></p>"
        '<p align="center"><span><em><strong>(Ảnh: Quý Hạnh)</strong></em></span></p>'
        "<p>Phát biểu tại Hội nghị.</p>")
    assert images == [{"url": IMG, "caption": "Đ/c Phan Lan Tú trao Quyết định (Ảnh: Quý Hạnh)"}]
    assert paragraphs == ["Phát biểu tại Hội nghị."]


def test_caption_inside_the_image_paragraph():
    paragraphs, images = walk('<p style="text-align:center"><img src="/uploads/a.jpg"><br>'
                              "<i>Một góc Khu công nghiệp Yên Bình</i></p><p>Thân bài.</p>")
    assert images == [{"url": IMG, "caption": "Một góc Khu công nghiệp Yên Bình"}]
    assert paragraphs == ["Thân bài."]


@pytest.mark.parametrize("table", [
    "<table><tr><td><img src='/uploads/a.jpg'></td></tr><tr><td>Quang cảnh Hội nghị</td></tr></table>",
    "<table><tbody><tr><td><img src='/uploads/a.jpg'><br>Quang cảnh Hội nghị</td></tr></tbody></table>",
    '<table class="image" align="center"><tr><td><img src="/uploads/a.jpg"></td></tr>'
    '<tr><td class="image_caption"><em>Quang cảnh Hội nghị</em></td></tr></table>',
])
def test_image_table(table):
    paragraphs, images = walk(f"<p>Trước.</p>{table}<p>Sau.</p>")
    assert images == [{"url": IMG, "caption": "Quang cảnh Hội nghị"}]
    assert paragraphs == ["Trước.", "Sau."]


def test_captions_stay_with_their_images_in_document_order():
    paragraphs, images = walk(
        '<figure class="image"><img src="/uploads/a.jpg"><figcaption>Ảnh một</figcaption></figure>'
        "<p>Giữa.</p>"
        '<p><img src="/uploads/c.jpg"></p><p>Không có chú thích, đây là thân bài dài hơn.</p>'
        '<p><img src="/uploads/b.jpg"></p><p style="text-align:center"><em>Ảnh hai</em></p>')
    assert [(i["url"][-5:], i["caption"]) for i in images] == [
        ("a.jpg", "Ảnh một"), ("c.jpg", None), ("b.jpg", "Ảnh hai")]
    assert paragraphs == ["Giữa.", "Không có chú thích, đây là thân bài dài hơn."]


def test_figure_without_caption_takes_the_em_line_after_it():
    _, images = walk('<figure class="image"><img src="/uploads/a.jpg"></figure>'
                     "<p><em>Quang cảnh</em></p>")
    assert images == [{"url": IMG, "caption": "Quang cảnh"}]


def test_centred_plain_line_directly_under_the_image():
    paragraphs, images = walk('<div style="text-align: center;"><img src="/uploads/a.jpg"></div>'
                              '<div style="text-align: center;">Hình ảnh minh họa</div><p>Thân.</p>')
    assert images == [{"url": IMG, "caption": "Hình ảnh minh họa"}]
    assert paragraphs == ["Thân."]


# -- false captions ------------------------------------------------------------------------------

LONG = "Đây là một đoạn trích dẫn dài được in nghiêng ngay sau ảnh " * 6


@pytest.mark.parametrize(("after", "why"), [
    (f"<p style='text-align:center'><em>{LONG}</em></p>", "longer than CAPTION_MAX"),
    ("<p style='text-align:center'><em>Bài và ảnh: Phạm Linh</em></p>", "byline"),
    ("<p style='text-align:center'><em>Nguồn: baothainguyen.vn</em></p>", "source"),
    ("<p style='text-align:center'><em>Tin, ảnh: Hoàng Anh</em></p>", "byline"),
    ("<p style='text-align:center'><em>Theo baochinhphu.vn</em></p>", "source"),
    ("<p style='text-align:right'><em>Quang cảnh Hội nghị</em></p>", "right-aligned"),
    ("<p align='center'>&nbsp;</p><p align='center'>./.</p>", "centred plain after a gap"),
    ("<p style='text-align:center'><strong>PHẦN II. NHIỆM VỤ</strong></p>", "bold heading"),
    ("<h3><em>Tiêu đề phụ</em></h3>", "heading"),
    ("<p>Quang cảnh Hội nghị nhìn từ trên cao, không in nghiêng.</p>", "plain, not centred"),
])
def test_not_a_caption(after, why):
    paragraphs, images = walk(f"<p><img src='/uploads/a.jpg'></p>{after}<p>Đoạn cuối.</p>")
    assert images == [{"url": IMG, "caption": None}], why
    assert paragraphs[-1] == "Đoạn cuối." and len(paragraphs) == 2, why
    assert len(LONG.strip()) > CAPTION_MAX


def test_em_line_not_after_an_image_is_body_text():
    paragraphs, images = walk("<p><img src='/uploads/a.jpg'></p><p>Đoạn thân bài.</p>"
                              "<p style='text-align:center'><em>Một câu in nghiêng</em></p>")
    assert images == [{"url": IMG, "caption": None}]
    assert paragraphs == ["Đoạn thân bài.", "Một câu in nghiêng"]


def test_name_only_line_ending_the_body_is_the_byline():
    paragraphs, images = walk("<p>Thân bài.</p><p><img src='/uploads/a.jpg'></p>"
                              "<p style='text-align:center'><em>Thu Lan</em></p>")
    assert images == [{"url": IMG, "caption": None}]
    assert paragraphs == ["Thân bài.", "Thu Lan"]


def test_a_credit_alone_under_an_image_is_its_caption():
    paragraphs, images = walk("<p><img src='/uploads/a.jpg'></p><p style='text-align:center'>"
                              "<em>Ảnh: Thu Lan</em></p><p>Thân bài.</p>")
    assert images == [{"url": IMG, "caption": "Ảnh: Thu Lan"}]
    assert paragraphs == ["Thân bài."]


def test_a_caption_takes_one_image_only():
    _, images = walk("<p><img src='/uploads/a.jpg'></p><p><em>Chú thích ảnh một</em></p>"
                     "<p><em>Chú thích thứ hai</em></p>")
    assert images == [{"url": IMG, "caption": "Chú thích ảnh một"}]


# -- nothing lost around the captions ---------------------------------------------------------------

def test_text_outside_paragraphs_is_kept():
    paragraphs, images = walk("Dòng mở đầu không có thẻ <strong>đậm</strong>"
                              "<p>Đoạn một.</p> dòng lẻ <a href='/x'>liên kết</a><p>Đoạn hai.</p>"
                              "<img src='/uploads/b.jpg'>")
    assert paragraphs == ["Dòng mở đầu không có thẻ đậm", "Đoạn một.", "dòng lẻ liên kết", "Đoạn hai."]
    assert images == [{"url": IMG2, "caption": None}]


def test_caption_of_an_unusable_image_stays_in_the_body():
    paragraphs, images = walk('<figure><img src="data:image/gif;base64,R0lGOD"><figcaption>Quang cảnh'
                              "</figcaption></figure><p><img alt='không có nguồn'><br><em>Ảnh hai</em></p>")
    assert images == [] and paragraphs == ["Quang cảnh", "Ảnh hai"]


def test_figure_without_image_is_body_text():
    paragraphs, images = walk('<figure class="table"><table><tr><td>Chỉ tiêu</td><td>Kết quả</td>'
                              "</tr></table></figure>")
    assert images == [] and paragraphs == ["Chỉ tiêu", "Kết quả"]


@pytest.mark.parametrize("table", [
    "<table><tr><td><img src='/uploads/a.jpg'></td><td><img src='/uploads/b.jpg'></td></tr>"
    "<tr><td><em>Ảnh một</em></td><td><em>Ảnh hai</em></td></tr></table>",
    "<table><tr><td><img src='/uploads/a.jpg'><br>Ảnh một</td>"
    "<td><img src='/uploads/b.jpg'><br>Ảnh hai</td></tr></table>",
    "<table><tr><td><img src='/uploads/a.jpg'></td></tr><tr><td>Ảnh một</td></tr>"
    "<tr><td>&nbsp;</td></tr><tr><td><img src='/uploads/b.jpg'></td></tr><tr><td>Ảnh hai</td></tr>"
    "</table>",
])
def test_gallery_table_pairs_each_image_with_its_caption(table):
    paragraphs, images = walk(f"<p>Một số hình ảnh:</p>{table}")
    assert images == [{"url": IMG, "caption": "Ảnh một"}, {"url": IMG2, "caption": "Ảnh hai"}]
    assert paragraphs == ["Một số hình ảnh:"]


def test_data_table_with_many_images_is_walked_cell_by_cell():
    paragraphs, images = walk(
        "<table><tr><td><img src='/uploads/a.jpg'></td><td><img src='/uploads/b.jpg'></td></tr>"
        "<tr><td>" + "Nội dung dài của bảng. " * 20 + "</td></tr></table>")
    assert [i["url"] for i in images] == [IMG, IMG2]
    assert paragraphs and paragraphs[0].startswith("Nội dung dài")


# -- one decision on every platform -------------------------------------------------------------------

BODY = ('<p>Thân bài một.</p><p style="text-align:center"><img src="/uploads/a.jpg"></p>'
        '<p style="text-align:center"><em>Quang cảnh Hội nghị</em></p><p>Thân bài hai.</p>')


def _nukeviet() -> ArticleFields:
    page = ('<div class="news_column" itemtype="https://schema.org/NewsArticle"><h1 class="title">'
            f'Tiêu đề</h1><div id="news-bodyhtml" class="bodytext">{BODY}</div></div>')
    return nukeviet.parse_article(page, BASE)


def _wordpress_page() -> ArticleFields:
    page = ('<html><body class="single single-post"><article class="post" id="post-5">'
            f'<h1 class="entry-title">Tiêu đề</h1><div class="entry-content">{BODY}</div>'
            "</article></body></html>")
    return wordpress.parse_post_page(page, BASE)


def _wordpress_api() -> ArticleFields:
    post = {"id": 5, "link": BASE, "title": {"rendered": "Tiêu đề"}, "content": {"rendered": BODY}}
    return wordpress.parse_api_post(post, BASE).fields


def _sharepoint() -> ArticleFields:
    page = ('<table class="ms-formtable"><tr><td class="ms-formlabel">Tiêu đề</td>'
            '<td class="ms-formbody">Tiêu đề</td></tr><tr><td class="ms-formlabel">Nội dung</td>'
            f'<td class="ms-formbody"><div class="ms-rtestate-field">{BODY}</div></td></tr></table>')
    return sharepoint.parse_item(page, BASE)


def _generic() -> ArticleFields:
    page = f'<h1 class="t">Tiêu đề</h1><div class="noi-dung">{BODY}</div>'
    return generic.parse_article(page, BASE, {"title": "h1.t", "body": "div.noi-dung"})


def _liferay() -> ArticleFields:
    page = ('<div class="asset-full-content"><h3 class="asset-title">Tiêu đề</h3>'
            f'<div class="journal-content-article">{BODY}</div></div>')
    return liferay.parse_content(page, BASE, {"title": ".asset-title",
                                              "body": ".journal-content-article"})


@pytest.mark.parametrize("extract", [_nukeviet, _wordpress_page, _wordpress_api, _sharepoint,
                                     _generic, _liferay])
def test_every_adapter_stores_the_caption_with_its_image_and_not_in_the_body(extract):
    fields = extract()
    assert fields.body_text == "Thân bài một.\n\nThân bài hai."
    assert {"url": IMG, "caption": "Quang cảnh Hội nghị"} in fields.images


# -- real pages -------------------------------------------------------------------------------------

# Captions of the body images of the saved sotttt.hanoi.gov.vn articles, in document order,
# written by reading each page's ``div.journal-content-article`` (None: the image has none).
REAL_CAPTIONS = {
    "05": ["Đ/c Phan Lan Tú, Bí thư Đảng ủy, Giám đốc Sở trao Quyết định và tặng hoa cho đ/c "
           "Trương Tú Tài (Ảnh:Quý Hạnh)"],
    "06": ["Đ/c Trương Tú Tài, Bí thư Chi bộ TTDL Nhà nước trao Quyết định kết nạp đảng cho đ/c "
           "Nguyễn Văn Lĩnh. Ảnh: Thu Lan",
           "Đ/c Trương Tú Tài, Bí thư Chi bộ TTDL Nhà nước trao Quyết định kết nạp đảng cho đ/c "
           "Lê Thị Hồng Huệ. Ảnh: Thu Lan",
           "Đ/c Nguyễn Xuân Quang, Phó Bí thư Đảng ủy tặng hoa chúc mừng 02 đ/c đảng viên mới. "
           "Ảnh: Thu Lan"],
    "08": ["Các đại biểu cắt băng khai mạc Hội Sách Hà Nội lần thứ VI. (Ảnh: Phạm Linh)",
           "Phó Chủ tịch UBND TP Ngô Văn Quý phát biểu khai mạc Hội Sách. (Ảnh: Phạm Linh)",
           "Các đại biểu thăm các gian hàng trưng bày tại Hội Sách. Ảnh: Phạm Linh",
           None, None, None],
    "09": ["Thành phố Hà Nội đảm bảo bình ổn thị trường các mặt hàng thiết yếu "
           "(Ảnh minh họa: Internet)"],
    "10": ["Đ/c Phan Lan Tú- Giám đốc Sở Thông tin và Truyền thông trao Quyết định điều động và "
           "luân chuyển cán bộ. Ảnh: Quang Tuấn",
           "Đ/c Phan Lan Tú-Giám đốc Sở TT&TT trao Quyết định phụ trách phòng Công nghệ thông tin. "
           "Ảnh: Quang Tuấn"],
    "12": ["Sở TT&TT trao Giấy khen cho các em học sinh có thành tích (Ảnh: Thu Hiền)"],
    "14": ["Các đại biểu tham dự hội nghị.",
           "Thủ tướng Chính phủ Nguyễn Xuân Phúc và lãnh đạo thành phố Hà Nội thăm quan trưng bày "
           "tại hội nghị",
           "Bí thư Thành ủy Vương Đình Huệ phát biểu khai mạc hội nghị"],
    "15": ["Hình ảnh minh họa"],
    "18": ["Thứ trưởng Nguyễn Minh Hồng chủ trì buổi họp báo."],
    "07": [], "13": [], "16": [], "17": [], "19": [],
}


@pytest.mark.parametrize("number", sorted(REAL_CAPTIONS))
def test_real_liferay_captions(number):
    page = need_real(REAL / f"sotttt.hanoi.gov.vn_{number}.html")
    root = lxml_html.fromstring(page.read_bytes().decode("utf-8", "replace"))
    body = root.xpath("//div[contains(concat(' ', @class, ' '), ' journal-content-article ')]")[0]
    paragraphs, images = walk_body(body, "http://sotttt.hanoi.gov.vn/a/b/c/d/e.html")
    assert [image["caption"] for image in images] == REAL_CAPTIONS[number]
    captions = {image["caption"] for image in images if image["caption"]}
    assert not captions & set(paragraphs), "a caption stays out of the body text"


def test_library_main_text_gives_its_caption_lines_to_the_images():
    page = lxml_html.fromstring(
        "<html><body><div class='banner'><img src='/logo.png'><p><em>Cổng thông tin</em></p></div>"
        "<div><p>Thân bài.</p><p><img src='/uploads/a.jpg'></p><p><em>Quang cảnh Hội nghị</em></p>"
        "<p><em>(Ảnh: Thu Lan)</em></p><p>Kết.</p></div></body></html>")
    lines = ["Thân bài.", "Quang cảnh Hội nghị", "(Ảnh: Thu Lan)", "Kết."]
    kept, images = detach_captions(lines, page, BASE)
    assert kept == ["Thân bài.", "Kết."]
    assert images == [{"url": IMG, "caption": "Quang cảnh Hội nghị (Ảnh: Thu Lan)"}]


def test_library_captions_inside_an_aspnet_form():
    page = lxml_html.fromstring(
        "<html><body><form id='aspnetForm'><div><p>Thân bài.</p><p><img src='/uploads/a.jpg'></p>"
        "<p><em>Quang cảnh Hội nghị</em></p></div></form></body></html>")
    kept, images = detach_captions(["Thân bài.", "Quang cảnh Hội nghị"], page, BASE)
    assert kept == ["Thân bài."] and images == [{"url": IMG, "caption": "Quang cảnh Hội nghị"}]


def test_generic_library_path_on_a_real_page():
    page = need_real(REAL / "sotttt.hanoi.gov.vn_06.html")
    fields = generic.with_library(page.read_text(encoding="utf-8"), "http://sotttt.hanoi.gov.vn/a/b/c/d")
    assert [i["caption"] for i in fields.images] == REAL_CAPTIONS["06"]
    assert "Ảnh: Thu Lan" not in fields.body_text
    assert "Dưới đây là một vài hình ảnh tại buổi lễ:" in fields.body_text
