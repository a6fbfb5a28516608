"""News module views in NukeViet 4.5 default-theme markup: home, listings, tags, article.

Bodies follow ``themes/default/modules/news/*.tpl`` (``viewcat_main_right``, ``viewcat_page``,
``topic``, ``detail``, ``print``); the page frame comes from :func:`render.layout`. Links are
root-relative as NukeViet writes them; canonical and Open Graph URLs are absolute.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from crawler.fixture_portal.corpus import Article, Block, Category, Corpus
from crawler.fixture_portal.render import (
    LOGO,
    RenderContext,
    esc,
    iso,
    layout,
    pagination,
    php_date,
    quote_path,
    served_text,
    tag_path,
    title_of,
)

HitsFn = Callable[[Article], int]
RELATED_LINKS = 5


def _thumb(a: Article) -> str:
    if a.lead_image is None:
        return ""
    return (f'<a href="{a.url_path}" title="{title_of(a)}"><img alt="{title_of(a)}" '
            f'src="{quote_path(a.lead_image.src)}" width="100" '
            'class="img-thumbnail pull-left imghome" /></a>')


def home_page(ctx: RenderContext, corpus: Corpus) -> str:
    """Home: latest articles of every category (``viewcat_main_right``), site name in h1."""
    panels = []
    for m in corpus.site.modules:
        for c in m.categories:
            items = corpus.articles_in(m.name, c.alias)[:5]
            if not items:
                continue
            first, rest = items[0], items[1:]
            others = "".join(
                f'<li class="clearfix"><a class="show" href="{a.url_path}" '
                f'title="{title_of(a)}">{title_of(a)}</a></li>' for a in rest)
            panels.append(
                f'<div class="news_column panel panel-default"><div class="panel-heading">'
                f'<h4><a title="{esc(c.title)}" href="/{m.name}/{c.alias}/"><span>'
                f'{esc(c.title)}</span></a></h4></div><div class="panel-body"><div class="row">'
                f'<div class="col-md-16">{_thumb(first)}<h3><a href="{first.url_path}" '
                f'title="{title_of(first)}">{title_of(first)}</a></h3>'
                f'<p>{esc(served_text(first, first.lead))}</p></div>'
                f'<div class="col-md-8"><ul class="related">{others}</ul></div>'
                "</div></div></div>")
    return layout(ctx, corpus, title=corpus.site.name, body="\n".join(panels),
                  canonical_path="/", is_home=True)


def listing_page(ctx: RenderContext, corpus: Corpus, module: str, cat: Category | None,
                 items: Sequence[Article], page: int, pages: int, hits: HitsFn) -> str:
    """Module home or category page (``viewcat_page``): items, dates ``d/m/Y H:i:s``, pages."""
    mod = corpus.site.module(module)
    assert mod is not None
    base = f"/{module}/{cat.alias}/" if cat else f"/{module}/"
    heading = (f'<div class="news_column"><div class="alert alert-info clearfix">'
               f"<h1>{esc(cat.title)}</h1></div></div>") if cat else ""
    rows = []
    for a in items:
        rows.append(
            f'<div class="panel panel-default"><div class="panel-body">{_thumb(a)}'
            f'<h3><a href="{a.url_path}" title="{title_of(a)}">{title_of(a)}</a></h3>'
            '<div class="text-muted"><ul class="list-unstyled list-inline">'
            f'<li><em class="fa fa-clock-o">&nbsp;</em> '
            f'{php_date("d/m/Y H:i:s", a.published, ctx.tz)}</li>'
            f'<li><em class="fa fa-eye">&nbsp;</em> Xem: {hits(a)}</li>'
            '<li><em class="fa fa-comment-o">&nbsp;</em> Phản hồi: 0</li></ul></div>'
            f"<p>{esc(served_text(a, a.lead))}</p></div></div>")
    body = (heading + '<div class="news_column">' + "".join(rows) + "</div>"
            + pagination(lambda p: base if p == 1 else f"{base}page-{p}/", page, pages))
    title = cat.title if cat else mod.title
    if page > 1:
        title += f" - Trang {page}"
    crumbs = [(mod.title, f"/{module}/")] + ([(cat.title, base)] if cat else [])
    return layout(ctx, corpus, title=f"{title} - {corpus.site.name}", body=body,
                  canonical_path=base if page == 1 else f"{base}page-{page}/", module=module,
                  crumbs=crumbs)


def tag_page(ctx: RenderContext, corpus: Corpus, module: str, tag: str, alias: str,
             items: Sequence[Article], page: int, pages: int, *, short: bool) -> str:
    """Tag page (``topic.tpl``): items with dates ``H:i d/m/Y``, paged ``/page-N``."""
    rows = []
    for a in items:
        rows.append(
            f'<div class="news_column panel panel-default"><div class="panel-body">{_thumb(a)}'
            f'<h3><a href="{a.url_path}" title="{title_of(a)}">{title_of(a)}</a></h3>'
            f'<p><em class="fa fa-clock-o">&nbsp;</em><em>'
            f'{php_date("H:i d/m/Y", a.published, ctx.tz)}</em></p>'
            f'<div class="text-justify">{esc(served_text(a, a.lead))}</div></div></div>')
    body = (f'<div class="news_column"><div class="alert alert-info clearfix"><h3>{esc(tag)}'
            "</h3></div></div>" + "".join(rows)
            + pagination(lambda p: tag_path(module, alias, p, short=short), page, pages))
    mod_title = corpus.site.module(module).title  # type: ignore[union-attr]
    return layout(ctx, corpus, title=f"{tag} - {corpus.site.name}", body=body,
                  canonical_path=tag_path(module, alias, page, short=short), module=module,
                  crumbs=[(mod_title, f"/{module}/"), (tag, tag_path(module, alias, short=short))])


def _image_block(a: Article, b: Block) -> str:
    src = quote_path(b.src)
    cap = esc(served_text(a, b.caption)) if b.caption else ""
    if not cap:
        return f'<p style="text-align:center"><img alt="" src="{src}" width="600" /></p>'
    if b.style == "p-em":
        return (f'<p style="text-align:center"><img alt="{cap}" src="{src}" width="600" /></p>'
                f'<p style="text-align:center"><em>{cap}</em></p>')
    return (f'<figure class="image"><img alt="{cap}" src="{src}" width="600" />'
            f"<figcaption>{cap}</figcaption></figure>")


def body_html(a: Article) -> str:
    """``#news-bodyhtml`` content: paragraphs and images in the article's text form."""
    return "\n".join(
        f"<p>{esc(served_text(a, b.text))}</p>" if b.kind == "p" else _image_block(a, b)
        for b in a.body)


def _related(ctx: RenderContext, heading: str, items: Sequence[Article]) -> str:
    if not items:
        return ""
    lines = "".join(
        f'<li><em class="fa fa-angle-right">&nbsp;</em><h4><a href="{a.url_path}" '
        f'title="{title_of(a)}">{title_of(a)}</a></h4>'
        f'<em>({php_date("d/m/Y", a.published, ctx.tz)})</em></li>' for a in items)
    return (f'<p class="h3"><strong>{heading}</strong></p><div class="clearfix">'
            f'<ul class="detail-related related list-none list-items">{lines}</ul></div>')


def _comments(ctx: RenderContext, a: Article) -> str:
    shown = ""
    if a.id % 3 == 0:
        when = php_date("d/m/Y H:i", a.edited, ctx.tz)
        shown = ('<div class="media"><div class="media-body"><div class="media-heading">'
                 f'<strong>Nguyễn Văn Bình</strong> <span class="text-muted">{when}</span></div>'
                 '<div class="comment-content">Bài viết rất thiết thực, cảm ơn tác giả.</div>'
                 "</div></div>")
    return (
        '<div id="idcomment" class="nv-fullbg" data-module="' + a.module + '">'
        '<p class="comment-title"><em class="fa fa-comments">&nbsp;</em> Ý kiến bạn đọc</p>'
        f'<div id="showcomment" class="margin-bottom-lg">{shown}</div>'
        '<div id="formcomment"><form method="post" role="form" target="submitcommentarea">'
        '<input type="text" name="name" placeholder="Họ và tên" class="form-control" />'
        '<input type="email" name="email" placeholder="Email" class="form-control" />'
        '<textarea name="content" class="form-control"></textarea>'
        '<input type="submit" value="Gửi bình luận" class="btn btn-primary" />'
        "</form></div></div>")


def article_page(ctx: RenderContext, corpus: Corpus, a: Article, hits: int) -> str:
    """The article (``detail.tpl``) with every excluded part a real page carries."""
    site = corpus.site
    cat = site.module(a.module).category(a.category)  # type: ignore[union-attr]
    title = title_of(a)
    lead = esc(served_text(a, a.lead))
    url = ctx.abs(a.url_path)
    image = ctx.abs(a.lead_image.src) if a.lead_image else ctx.abs(LOGO)
    tags = ", ".join(a.tags)
    meta = (f'<meta name="keywords" content="{esc(tags)}" />\n'
            f'<meta name="news_keywords" content="{esc(tags)}" />\n'
            '<meta property="og:type" content="article" />\n'
            f'<meta property="og:image" content="{esc(image)}" />\n'
            '<meta property="article:published_time" content="'
            f'{php_date("Y-m-dTH:i:s", a.published, ctx.tz)}" />\n')
    if a.updated:
        meta += ('<meta property="article:modified_time" content="'
                 f'{php_date("Y-m-dTH:i:s", a.updated, ctx.tz)}" />\n')
    meta += f'<meta property="article:section" content="{esc(cat.title if cat else "")}" />\n'
    meta += "".join(f'<meta property="article:tag" content="{esc(t)}" />\n' for t in a.tags)
    edited = iso(a.edited, ctx.tz)
    tail = f"{a.alias}-{a.id}.html"
    lead_img = ""
    if a.lead_image:
        cap = a.lead_image.caption
        lead_img = (f'<figure class="article center"><img alt="{title}" '
                    f'src="{quote_path(a.lead_image.src)}" width="460" class="img-thumbnail"/>'
                    + (f"<figcaption>{esc(served_text(a, cap))}</figcaption>" if cap else "")
                    + "</figure>")
    files = ""
    if a.attachments:
        files = ('<div class="panel panel-default"><div class="panel-heading">'
                 '<i class="fa fa-download"></i> <strong>Tài liệu đính kèm</strong></div>'
                 '<div class="list-group news-download-file">'
                 + "".join(f'<div class="list-group-item"><a href="{quote_path(f.url)}" '
                           f'title="Tải về {esc(f.name)}" download>Tải về: '
                           f"<strong>{esc(f.name)}</strong></a></div>" for f in a.attachments)
                 + "</div></div>")
    author = ""
    if a.author or a.source:
        author = ('<div class="margin-bottom-lg">'
                  + (f'<p class="h5 text-right"><strong>Tác giả: </strong>{esc(a.author)}</p>'
                     if a.author else "")
                  + (f'<p class="h5 text-right"><strong>Nguồn tin: </strong>{esc(a.source)}</p>'
                     if a.source else "")
                  + "</div>")
    keywords = ""
    if a.tags:
        links = ", ".join(
            f'<a title="{esc(t)}" href="{tag_path(a.module, corpus.tag_alias(t))}"><em>{esc(t)}'
            "</em></a>" for t in a.tags)
        keywords = ('<div class="news_column panel panel-default"><div class="panel-body">'
                    '<div class="h5"><em class="fa fa-tags">&nbsp;</em><strong>Từ khóa: </strong>'
                    f"{links}</div></div></div>")
    stars = "".join(f'<input class="hover-star required" type="radio" value="{i}" '
                    f'title="{t}"/>' for i, t in enumerate(
                        ("Rất kém", "Kém", "Bình thường", "Tốt", "Rất tốt"), start=1))
    siblings = corpus.articles_in(a.module, a.category)
    pos = corpus.position(a)
    newer = siblings[max(0, pos - RELATED_LINKS):pos] if pos > 0 else []
    older = siblings[pos + 1:pos + 1 + RELATED_LINKS] if pos >= 0 else []
    body = f"""<div class="news_column panel panel-default" \
itemtype="http://schema.org/NewsArticle" itemscope>
<div class="panel-body">
<h1 class="title margin-bottom-lg" itemprop="headline">{title}</h1>
<div class="hidden hide d-none" itemprop="author" itemtype="http://schema.org/Person" itemscope>\
<span itemprop="name">{esc(a.author or site.name)}</span></div>
<span class="hidden hide d-none" itemprop="datePublished">{edited}</span>
<span class="hidden hide d-none" itemprop="dateModified">{edited}</span>
<span class="hidden hide d-none" itemprop="mainEntityOfPage">{esc(url)}</span>
<span class="hidden hide d-none" itemprop="image">{esc(image)}</span>
<div class="hidden hide d-none" itemprop="publisher" itemtype="http://schema.org/Organization" \
itemscope><span itemprop="name">{esc(site.name)}</span><span itemprop="logo" \
itemtype="http://schema.org/ImageObject" itemscope><span itemprop="url">{ctx.abs(LOGO)}</span>\
</span></div>
<div class="row margin-bottom-lg">
<div class="col-md-12"><span class="h5">{php_date("l - d/m/Y H:i", a.published, ctx.tz)}</span>\
<span class="hitcount" title="Lượt xem">{hits}</span></div>
<div class="col-md-12"><ul class="list-inline text-right">
<li><a class="dimgray" rel="nofollow" title="Gửi bài viết qua email" \
href="/{a.module}/sendmail/{tail}"><em class="fa fa-envelope fa-lg">&nbsp;</em></a></li>
<li><a class="dimgray" rel="nofollow" title="In ra" href="/{a.module}/print/{tail}">\
<em class="fa fa-print fa-lg">&nbsp;</em></a></li>
<li><a class="dimgray" rel="nofollow" title="Lưu bài viết này" \
href="/{a.module}/savefile/{tail}"><em class="fa fa-save fa-lg">&nbsp;</em></a></li>
</ul></div>
</div>
<div class="clearfix">
<div class="hometext m-bottom" itemprop="description">{lead}</div>
{lead_img}
</div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">
{body_html(a)}
</div>
{files}{author}
</div>
</div>
{keywords}
<div class="news_column panel panel-default"><div class="panel-body">
<p class="h5 text-muted news-views"><em class="fa fa-eye">&nbsp;</em> Lượt xem: \
<span class="hitstotal">{hits}</span></p>
<form id="form3B" action=""><div class="h5 clearfix">
<p id="stringrating">Tổng số điểm của bài viết là: 0 trong 0 đánh giá</p>
<div style="padding: 5px;">{stars}<span id="hover-test" style="margin: 0 0 0 20px;">\
Click để đánh giá bài viết</span></div></div></form>
</div></div>
<div class="news_column panel panel-default"><div class="panel-body" style="margin-bottom:0">
<div style="display:flex;align-items:flex-start;"><div class="margin-right"><div class="fb-like" \
data-href="{esc(url)}" data-layout="button_count" data-action="like" data-share="true"></div>\
</div><div class="margin-right"><a href="http://twitter.com/share" \
class="twitter-share-button">Tweet</a></div><div><div class="zalo-share-button" \
data-href="{esc(url)}" data-layout="1" data-color="blue"></div></div></div></div></div>
<div class="news_column panel panel-default"><div class="panel-body">{_comments(ctx, a)}</div></div>
<div class="news_column panel panel-default"><div class="panel-body other-news">
{_related(ctx, "Những tin mới hơn", newer)}
{_related(ctx, "Những tin cũ hơn", older)}
</div></div>"""
    return layout(ctx, corpus, title=f"{served_text(a, a.title)} - {site.name}", body=body,
                  canonical_path=a.url_path, module=a.module,
                  description=served_text(a, a.lead), meta=meta,
                  crumbs=[(site.module(a.module).title, f"/{a.module}/"),  # type: ignore[union-attr]
                          (cat.title if cat else a.category, f"/{a.module}/{a.category}/")])


def print_page(ctx: RenderContext, corpus: Corpus, a: Article) -> str:
    """The print view (``print.tpl``): a bare page with the article (a crawler trap)."""
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title_of(a)}</title><meta name="robots" content="noindex, nofollow" /></head>
<body><div id="print"><div id="hd_print"><h2>{esc(corpus.site.name)}</h2></div>
<div id="content"><h1>{title_of(a)}</h1>
<p class="time">{php_date("l - d/m/Y H:i", a.published, ctx.tz)}</p>
<div id="hometext">{esc(served_text(a, a.lead))}</div>
<div class="bodytext">{body_html(a)}</div>
<div class="copyright">{esc(corpus.site.name)} - {esc(ctx.abs(a.url_path))}</div>
</div></div></body></html>
"""


def sendmail_page(a: Article) -> str:
    """The send-by-mail form (a crawler trap)."""
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>Gửi bài viết qua email</title><meta name="robots" content="noindex, nofollow" /></head>
<body><form id="sendmailForm" method="post" action="/{a.module}/sendmail/{a.alias}-{a.id}.html">
<h2>{title_of(a)}</h2><input type="text" name="friend_email" placeholder="Email người nhận" />
<input type="text" name="name" placeholder="Họ và tên" /><textarea name="content"></textarea>
<input type="submit" value="Gửi bài viết" /></form></body></html>
"""


