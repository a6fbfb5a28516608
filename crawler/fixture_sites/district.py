"""A district portal of a province merged on 1 July 2025, crawled by URL (not in the registry).

The custom-PHP site of :mod:`crawler.fixture_sites.generic` (same routes, markup and corpus) in
the frame of a district Party committee of Bắc Kạn: no ``og:site_name``, a title without the
province (``Trang chủ | Chợ Đồn``), the province named by the logo and banner of the header
(``Huyện ủy Chợ Đồn - Tỉnh Bắc Kạn``) and by the footer, and traps: a scrolling headline naming
another province's committee, a menu link to a neighbour's portal and a footer list of links to
other provinces' portals (none of them is the site's province).
"""

from __future__ import annotations

from crawler.fixture_sites.common import title
from crawler.fixture_sites.generic import GenericApp

SITE = "Huyện ủy Chợ Đồn - Tỉnh Bắc Kạn"


class DistrictApp(GenericApp):
    """The generic fixture framed as the portal of Huyện ủy Chợ Đồn (Bắc Kạn)."""

    server_header = "Apache/2.4.41 (Ubuntu)"

    def _frame(self, base: str, main: str, page_title: str) -> str:
        hot = "".join(f'<li><a href="{self._href(base, a)}">{title(a)}</a></li>'
                      for a in self.items[:4])
        return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
                f"<title>{page_title} | Chợ Đồn</title></head><body>"
                f'<div id="header"><div class="logo"><a href="{base}" title="Trang chủ">'
                f'<img src="{base}images/logo.png" alt="{SITE}"></a></div>'
                f'<div class="banner"><span class="line1">HUYỆN ỦY CHỢ ĐỒN</span> '
                f'<span class="line2">TỈNH BẮC KẠN</span></div>'
                f"<marquee>Tỉnh ủy Lạng Sơn và Tỉnh ủy Cao Bằng ký kết chương trình phối hợp"
                f"</marquee>"
                f'<nav class="menu"><a href="{base}">Trang chủ</a> | '
                f'<a href="{base}tin-tuc.php">Tin tức</a> | '
                f'<a href="http://thainguyen.gov.vn/">Cổng TTĐT tỉnh Thái Nguyên</a></nav></div>'
                f'<div id="wrapper"><div class="main">{main}</div>'
                f'<div class="right"><div class="box"><div class="box-title">Tin đọc nhiều</div>'
                f"<ul>{hot}</ul></div></div></div>"
                f'<div id="footer"><p>Cơ quan chủ quản: Huyện ủy Chợ Đồn, tỉnh Bắc Kạn</p>'
                f"<p>Liên kết: <select><option>Cổng TTĐT tỉnh Cao Bằng</option>"
                f"<option>Cổng TTĐT tỉnh Tuyên Quang</option></select></p></div>"
                f"</body></html>")
