"""The crawl ledger's rules without a crawl: holders, waiting URLs, end states, batched writes."""

from __future__ import annotations

from types import SimpleNamespace

from scrapy import Request
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from crawler.ledger import CrawlLedger, LedgerNote
from store.database import open_db, start_run


class Engine:
    def __init__(self) -> None:
        self.crawled: list[Request] = []

    def crawl(self, request: Request) -> None:
        self.crawled.append(request)


class Spider:
    def __init__(self) -> None:
        self.released: list[str] = []

    def release(self, identity: str) -> None:
        self.released.append(identity)

    def parse(self, response) -> None:
        pass


def make() -> tuple[CrawlLedger, Engine, Spider]:
    crawler = SimpleNamespace(engine=Engine(), signals=None, settings=Settings())
    crawler.stats = MemoryStatsCollector(crawler)
    return CrawlLedger(crawler), crawler.engine, Spider()


def article(spider: Spider, url: str, identity: str) -> Request:
    return Request(url, callback=spider.parse, meta={"portalnews_kind": "article",
                                                     "portalnews_identity": identity})


def test_a_rejected_holder_lets_the_waiting_url_through():
    ledger, engine, spider = make()
    page, real = "http://h/about/gioi-thieu-4.html", "http://h/thoi-su/hoi-nghi-4.html"
    ledger.candidate(article(spider, page, "news:4"), "home", "http://h/")
    waiting = article(spider, real, "news:4")
    ledger.note(LedgerNote(real, "waiting", identity="news:4", request=waiting), "home", "http://h/")
    assert ledger.entries[real].state == "waiting"
    ledger.settle(page, "rejected", "no article wrapper")
    assert engine.crawled == [waiting]  # fetched now, holding the identity
    assert ledger.holders["news:4"] == real
    ledger.candidate(waiting)
    ledger.settle(real, "stored", "new")
    assert ledger.counts() == {"rejected": 1, "stored": 1}


def test_a_failed_holder_without_waiting_urls_releases_its_identity():
    ledger, engine, spider = make()
    ledger.candidate(article(spider, "http://h/news/a/b-5.html", "news:5"))
    ledger.settle("http://h/news/a/b-5.html", "failed", "HTTP 404")
    assert spider.released == ["news:5"] and engine.crawled == []


def test_a_url_waiting_behind_a_stored_article_is_known():
    ledger, _engine, spider = make()
    first, second = "http://h/news/a/b-6.html", "http://h/news/c/b-6.html"
    ledger.candidate(article(spider, first, "news:6"))
    ledger.note(LedgerNote(second, "waiting", identity="news:6",
                           request=article(spider, second, "news:6")))
    ledger.settle(first, "stored", "new")
    assert (ledger.entries[second].state, ledger.entries[second].reason) == (
        "known", f"same identity (news:6) as {first}, stored in this run")
    third = "http://h/news/d/b-6.html"
    ledger.note(LedgerNote(third, "waiting", identity="news:6",
                           request=article(spider, third, "news:6")))
    assert ledger.entries[third].state == "known"


def test_a_redirect_to_another_article_takes_its_identity_unless_held():
    ledger, _engine, spider = make()
    a, b, c = "http://h/news/x/a-7.html", "http://h/news/x/b-8.html", "http://h/news/x/c-9.html"
    ledger.candidate(article(spider, a, "news:7"))
    ledger.candidate(article(spider, b, "news:8"))
    assert not ledger.reidentify(a, "news:8")  # b holds news:8
    ledger.candidate(article(spider, c, "news:9"))
    assert ledger.reidentify(c, "news:10")
    assert ledger.holders["news:10"] == c and "news:9" not in ledger.holders
    assert spider.released == ["news:9"]


def test_end_states_and_idempotent_close():
    ledger, _engine, spider = make()
    ledger.candidate(article(spider, "http://h/news/a/b-1.html", "news:1"))
    ledger.note(LedgerNote("http://h/news/a/b-2.html", "waiting", "held"))
    counts = ledger.close("closespider_timeout")
    assert counts == {"deferred": 2}
    assert ledger.entries["http://h/news/a/b-1.html"].reason == (
        "left for the next run: crawl stopped (closespider_timeout)")
    assert ledger.close("finished") == {"deferred": 2}  # the first close decides
    assert ledger.crawler.stats.get_value("ledger/deferred") == 2
    other, _engine, spider = make()
    other.candidate(article(spider, "http://h/news/a/b-3.html", "news:3"))
    assert other.close("finished") == {"unaccounted": 1}
    assert other.crawler.stats.get_value("ledger/unaccounted") == 1


def test_rows_are_upserted_in_batches(tmp_path):
    db = open_db(tmp_path / "l.db")
    run_id = start_run(db, portal="p", spider="nukeviet")
    ledger, _engine, spider = make()
    ledger.attach(db, run_id, "p")
    url = "http://h/news/a/b-1.html"
    ledger.candidate(article(spider, url, "news:1"), "sitemap", "http://h/sitemap-vi.news.xml")
    ledger.flush()
    assert db.execute("SELECT state, channel FROM crawl_ledger").fetchall() == [
        ("pending", "sitemap")]
    ledger.settle(url, "stored", "new", http_status=200, article_id=None)
    ledger.close("finished")
    rows = db.execute("SELECT run_id, portal, url, identity, state, reason, http_status"
                      " FROM crawl_ledger").fetchall()
    assert rows == [(run_id, "p", url, "news:1", "stored", "new", 200)]
