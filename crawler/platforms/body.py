"""The article body walker shared by every adapter: paragraphs, and images with their captions.

One walk over the body in document order gives the paragraph texts and the images
(``{url, caption}``). A caption is stored with its image and leaves the body text (docs/portals.md,
"Images and captions"). Three markups carry a caption:

1. ``<figure>`` with ``<img>`` and ``<figcaption>`` (CKEditor 4 image2, WordPress, CKEditor 5);
2. an image block followed by a caption line: a block whose whole text is emphasised
   (``<em>``/``<i>``, any wrapper such as ``<span style="color">`` or ``<strong>`` allowed) or whose
   class names a caption, at most :data:`CAPTION_MAX` characters, not right-aligned, not a heading,
   not a byline or source line (``Bài và ảnh: ...``, ``Nguồn: ...``, ``Theo baochinhphu.vn``).
   Empty blocks between the image and the line do not separate them. A centred line of plain
   text directly under the image (no empty block between, not bold, not capitals only) is a
   caption too. A photo credit line right after a caption (``(Ảnh: Quý Hạnh)``) joins it (alone
   under an image, it is the caption). A
   caption line made only of a name (``Thu Lan``) that ends the body is the byline: body text;
3. a table holding exactly one image and at most :data:`CAPTION_MAX` characters of text (the
   one-cell table with both, or an image row over a caption row): that text is the caption; a
   gallery table (one image a cell, captions in the same cells or in the row below) pairs each
   image with its own caption.

Anything else is body text. Pure functions over lxml elements: no Scrapy import.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from urllib.parse import urljoin

from lxml import html as lxml_html

from crawler.urls import canonical_url

Image = dict[str, str | None]

BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li",
     "ul", "ol", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "pre", "center", "dl", "dt",
     "dd", "figure", "figcaption", "header", "footer", "aside", "main", "caption"}
)
SKIP_TAGS = frozenset({"script", "style", "noscript", "iframe", "form", "button", "svg", "object",
                       "template", "head", "title", "select", "textarea"})
EMPHASIS = frozenset({"em", "i"})
STRONG = frozenset({"strong", "b", "h1", "h2", "h3", "h4", "h5", "h6"})
CAPTION_MAX = 250
"""Longest caption line (characters) taken from an emphasised paragraph or an image table. Real
captions run to about 120 characters (a title list and an action); a longer emphasised paragraph
after an image is a quotation or a lead and stays in the body."""
CREDIT_MAX = 80
BYLINE = re.compile(
    r"^(?:(?:bài|tin)(?:\s*(?:và|,|&|-|/)\s*ảnh)?|ảnh\s*(?:và|,|&|-|/)\s*(?:bài|tin)|tác giả|"
    r"người viết|phóng viên|nguồn tin|nguồn)\s*[:：]"
    r"|^theo\s+(?:[\w.-]+\.(?:vn|com|net|org)\b|báo\b|tạp chí\b|ttxvn\b|vtv\b|vov\b|cổng\b|trang\b)",
)
CREDIT = re.compile(r"^\(?\s*(?:nguồn\s+)?ảnh(?:\s+(?:minh\s+họa|minh\s+hoạ|tư\s+liệu|internet))?"
                    r"\s*(?:[:：\-–]|\)|$)")
ALIGN_STYLE = re.compile(r"text-align\s*:\s*([a-z]+)")


def text_of(node: lxml_html.HtmlElement | None) -> str:
    """The node's text with whitespace runs collapsed (scripts and styles excluded)."""
    if node is None:
        return ""
    if node.tag in ("script", "style"):
        return ""
    parts = node.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
    return " ".join("".join(parts).split())


def _src(img: lxml_html.HtmlElement) -> str:
    return (img.get("data-src") or img.get("data-original") or img.get("src") or "").strip()


def img_url(img: lxml_html.HtmlElement, base: str) -> str:
    """Absolute, canonical address of an image (lazy-loading ``data-src`` first)."""
    return canonical_url(urljoin(base, _src(img)), keep_query=True)


def unique_images(images: list[Image]) -> list[Image]:
    """Each image once (first place kept), with the first caption any of its copies has."""
    seen: dict[str, Image] = {}
    for image in images:
        kept = seen.setdefault(image["url"] or "", image)
        if not kept["caption"] and image["caption"]:
            kept["caption"] = image["caption"]
    return [img for key, img in seen.items() if key]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _alignment(node: lxml_html.HtmlElement) -> str | None:
    align = (node.get("align") or "").strip().lower()
    match = ALIGN_STYLE.search((node.get("style") or "").lower())
    if match:
        align = match.group(1)
    classes = (node.get("class") or "").lower()
    if not align and re.search(r"(?:^|[\s_-])(?:text-)?right(?:$|\s)", classes):
        align = "right"
    elif not align and "center" in classes:  # text-center, aligncenter, has-text-align-center
        align = "center"
    return align or None


def _inside_only(node: lxml_html.HtmlElement, tags: frozenset[str] = EMPHASIS) -> bool:
    """Every visible text piece of ``node`` is inside one of ``tags`` within ``node``."""
    pieces = node.xpath(".//text()[normalize-space()]")
    if not pieces:
        return False
    for piece in pieces:
        owner = piece.getparent()
        element = owner if piece.is_text else owner.getparent()
        emphasised = False
        while element is not None:
            if element.tag in tags:
                emphasised = True
                break
            if element is node:
                break
            element = element.getparent()
        if not emphasised:
            return False
    return True


def is_byline(text: str) -> bool:
    """An author, source or "Theo <outlet>" line: never a caption."""
    return bool(BYLINE.match(_fold(text)))


def is_credit(text: str) -> bool:
    """A photo credit (``Ảnh: ...``, ``(Ảnh minh họa: Internet)``)."""
    return len(text) <= CREDIT_MAX and bool(CREDIT.match(_fold(text)))


def caption_line(node: lxml_html.HtmlElement, text: str, adjacent: bool = True) -> bool:
    """A block that can caption the image just before it (rule 2 of the module docstring);
    ``adjacent``: no empty block between the image and this one."""
    align = _alignment(node)
    if node.tag in STRONG or not text or len(text) > CAPTION_MAX or align == "right" or is_byline(text):
        return False
    marked = node.tag == "figcaption" or "caption" in (node.get("class") or "").lower()
    if marked or _inside_only(node):
        return True
    # a centred plain line right under the image ("Hình ảnh minh họa"), not a heading
    return (adjacent and align == "center" and any(c.isalpha() for c in text)
            and text.upper() != text and not _inside_only(node, STRONG))


def _has_blocks(node: lxml_html.HtmlElement) -> bool:
    """Some element inside ``node`` is a block (or a figure): ``node`` is a container."""
    return any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in node.iterdescendants())


def _name_like(text: str) -> bool:
    """A bare personal name (``Thu Lan``): a byline when it ends the body."""
    words = unicodedata.normalize("NFC", text).split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and w.isalpha() for w in words)


class _Walk:
    """State of one walk: the output lists and which image may still take a caption."""

    def __init__(self, base: str, skip: frozenset[str] = SKIP_TAGS) -> None:
        self.base = base
        self.skip = skip
        self.paragraphs: list[str] = []
        self.images: list[Image] = []
        self.open: int | None = None  # image that the next caption line may caption
        self.credit: int | None = None  # captioned image that a credit line may complete
        self.last_line: tuple[int, str, int, int] | None = None  # caption taken from a line
        self.gap = 0  # empty blocks since the last image

    def add_images(self, imgs: list[lxml_html.HtmlElement], caption: str | None) -> bool:
        """Append the images (without a source or inline ``data:``: none); False if none was."""
        added = 0
        for img in imgs:
            if _src(img) and not _src(img).startswith("data:"):
                self.images.append({"url": img_url(img, self.base), "caption": caption})
                added += 1
        last = len(self.images) - 1 if added else None
        self.gap = 0
        self.open = last if caption is None else None
        self.credit = last if caption is not None else None
        return bool(added)

    def paragraph(self, text: str) -> None:
        if text:
            self.paragraphs.append(text)
            self.open = self.credit = None

    def take_line(self, node: lxml_html.HtmlElement, text: str) -> bool:
        """Use a text block as caption or credit of the preceding image; False if it is body."""
        if self.credit is not None and is_credit(text) and _alignment(node) != "right":
            image = self.images[self.credit]
            image["caption"] = f"{image['caption']} {text}".strip()
            self.credit = None
            return True
        if self.open is not None and caption_line(node, text, adjacent=not self.gap):
            self.images[self.open]["caption"] = text
            self.last_line = (self.open, text, len(self.paragraphs), len(self.images))
            self.credit, self.open = self.open, None
            return True
        return False

    def block(self, node: lxml_html.HtmlElement) -> None:
        """A block without block children: an image block, a caption line or a paragraph."""
        imgs = list(node.iter("img"))
        text = text_of(node)
        if imgs:
            inline_caption = text if text and caption_line(node, text) else None
            if not self.add_images(imgs, inline_caption):
                self.paragraph(text)  # no usable image: the text is body text
            elif text and inline_caption is None:
                self.paragraphs.append(text)  # an image inside a paragraph: the image stays open
            return
        if not text:
            self.gap += 1  # empty blocks never separate an image from an emphasised caption
            return
        if not self.take_line(node, text):
            self.paragraph(text)

    def figure(self, node: lxml_html.HtmlElement) -> None:
        captions = node.xpath(".//figcaption")
        caption = " ".join(text_of(c) for c in captions).strip() or None
        if self.add_images(list(node.iter("img")), caption):
            for cap in captions:  # the rest of the figure (rare) is body text
                cap.drop_tree()
        rest = text_of(node)
        if rest:
            self.paragraph(rest)

    def table(self, node: lxml_html.HtmlElement) -> bool:
        """An image table (rule 3) or a gallery; False when the table is something else."""
        imgs = list(node.iter("img"))
        if not imgs or node.xpath(".//table"):
            return False
        if len(imgs) > 1:
            return self.gallery(node)
        text = text_of(node)
        if len(text) > CAPTION_MAX or is_byline(text):
            return False
        if not self.add_images(imgs, text or None):
            self.paragraph(text)
        return True

    def gallery(self, node: lxml_html.HtmlElement) -> bool:
        """A grid of images, one a cell, each captioned by its own cell's text or by the cell
        below it in the next row; False (walk it cell by cell) when the grid is anything else."""
        rows = [[c for c in tr if c.tag in ("td", "th")] for tr in node.iter("tr")]
        rows = [row for row in rows if any(text_of(c) or c.xpath(".//img") for c in row)]
        pairs: list[tuple[lxml_html.HtmlElement, str]] = []
        i = 0
        while i < len(rows):
            cells = [c for c in rows[i] if text_of(c) or c.xpath(".//img")]
            if not cells or any(len(c.xpath(".//img")) != 1 for c in cells):
                return False
            captions = [text_of(c) for c in cells]
            below = [c for c in rows[i + 1] if text_of(c)] if i + 1 < len(rows) else []
            if (not any(captions) and len(below) == len(cells)
                    and not any(c.xpath(".//img") for c in rows[i + 1])):
                captions, i = [text_of(c) for c in below], i + 1
            if any(len(c) > CAPTION_MAX or is_byline(c) for c in captions):
                return False
            pairs.extend((c.xpath(".//img")[0], text) for c, text in zip(cells, captions, strict=True))
            i += 1
        for img, caption in pairs:
            if not self.add_images([img], caption or None) and caption:
                self.paragraph(caption)
        return bool(pairs)

    def visit(self, node: lxml_html.HtmlElement) -> None:
        """Children of a container in order; inline runs between blocks are paragraphs too."""
        run: lxml_html.HtmlElement | None = None

        def flush() -> None:
            nonlocal run
            if run is not None:
                self.block(run)
                run = None

        def inline(text: str | None, element: lxml_html.HtmlElement | None = None) -> None:
            nonlocal run
            if run is None:
                if element is None and not (text or "").strip():
                    return
                run = lxml_html.Element("p")
            if element is not None:
                run.append(copy.deepcopy(element))
            elif text:
                last = run[-1] if len(run) else None
                if last is None:
                    run.text = (run.text or "") + text
                else:
                    last.tail = (last.tail or "") + text

        inline(node.text)
        for child in node:
            if not isinstance(child.tag, str) or child.tag in self.skip:
                inline(child.tail)
                continue
            if child.tag == "img" or (child.tag not in BLOCK_TAGS and not _has_blocks(child)):
                if child.tag == "img" and run is None:
                    self.add_images([child], None)
                    inline(child.tail)
                else:
                    inline(None, child)  # its tail travels with the copy
                continue
            flush()
            self.element(child)
            inline(child.tail)
        flush()

    def element(self, child: lxml_html.HtmlElement) -> None:
        if child.tag == "figure" and child.xpath(".//img"):
            self.figure(copy.deepcopy(child))
        elif child.tag == "table" and self.table(child):
            pass
        elif _has_blocks(child):
            self.visit(child)
        else:
            self.block(child)

    def finish(self) -> tuple[list[str], list[Image]]:
        """A name-like caption line that ends the body is the article's byline: back to the body."""
        if self.last_line is not None:
            index, text, n_paragraphs, n_images = self.last_line
            if (n_paragraphs == len(self.paragraphs) and n_images == len(self.images)
                    and self.images[index]["caption"] == text and _name_like(text)):
                self.images[index]["caption"] = None
                self.paragraphs.append(text)
        return self.paragraphs, self.images


def walk_body(root: lxml_html.HtmlElement, base: str) -> tuple[list[str], list[Image]]:
    """Paragraph texts and images (with captions) of a body element, in document order."""
    walk = _Walk(base)
    walk.visit(root)
    return walk.finish()


def detach_captions(lines: list[str], page: lxml_html.HtmlElement,
                    base: str) -> tuple[list[str], list[Image]]:
    """For a main text found by an extraction library (one paragraph a line): the page's captioned
    images whose caption is among the lines, and the lines without those captions. The walker
    reads the whole page; a caption counts only when the library kept it as main text, so
    captions of banners and sidebars never enter the article."""
    body = page.find("body")
    walk = _Walk(base, SKIP_TAGS - {"form"})  # ASP.NET pages sit inside one <form>
    walk.visit(body if body is not None else page)
    _, found = walk.finish()
    kept = list(lines)
    images: list[Image] = []
    for image in found:
        caption = image["caption"]
        if not caption:
            continue
        for i, line in enumerate(kept):
            if line == caption:
                del kept[i]
            elif i + 1 < len(kept) and f"{line} {kept[i + 1]}" == caption:  # caption + credit
                del kept[i:i + 2]
            else:
                continue
            images.append(image)
            break
    return kept, images
