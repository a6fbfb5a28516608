"""URL canonicalisation: one article, one identity."""

from crawler.urls import base_url, canonical_host, canonical_url


def test_canonical_host_variants():
    for url in ("http://www.thainguyen.dcs.vn/", "https://THAINGUYEN.dcs.vn:443/x",
                "http://thainguyen.dcs.vn:80", "thainguyen.dcs.vn"):
        assert canonical_host(url) == "thainguyen.dcs.vn"
    assert canonical_host("http://127.0.0.1:8765/") == "127.0.0.1:8765"


def test_canonical_url_drops_query_fragment_default_port():
    assert (canonical_url("HTTP://Host.vn:80/news/a-1.html?utm_source=x#top")
            == "http://host.vn/news/a-1.html")
    assert canonical_url("http://h/a?b=1", keep_query=True) == "http://h/a?b=1"


def test_canonical_url_percent_encoding_unified():
    assert canonical_url("http://h/news/tag/%c4%90%e1%BA%A1i") == canonical_url("http://h/news/tag/Đại")


def test_base_url():
    assert base_url("http://h.vn:8080/news/x.html?q") == "http://h.vn:8080/"
