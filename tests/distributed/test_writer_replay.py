"""The writer dies with a batch in hand (before its commit, or after the commit and before the
acknowledgement): the next writer replays the batch; nothing is lost, nothing stored twice."""

from __future__ import annotations

import json
import subprocess

import pytest

from crawler.crawl import CrawlTarget
from crawler.distributed import jobs
from crawler.distributed.jobs import Keys
from crawler.distributed.worker import target_to_job
from crawler.distributed.writer import Writer
from crawler.spiders.portal import PortalSpider
from fixtures.portal import FixturePortal
from tests.distributed.conftest import cli, query

SIZE = 25


class Died(BaseException):
    """Stands for kill -9 (not an Exception: nothing in the writer catches it)."""


def crawl_to_stream(url: str, tmp_path) -> int:
    """One worker crawls a fixture portal with no writer running; the messages wait in Redis."""
    client = jobs.connect(url)
    with FixturePortal(synthetic=SIZE) as portal:
        target = CrawlTarget(url=portal.base_url, portal="mot", spider=PortalSpider)
        jobs.enqueue(client, Keys(), target_to_job(target, batch=None, overrides={}))
        done = subprocess.run(cli("worker", "--redis", url, "--exit-when-idle", "2", "-s",
                                  "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"),
                              capture_output=True, text=True, timeout=180, check=False)
        assert done.returncode == 0, done.stdout[-3000:]
        published = len(portal.corpus.published_articles())
    assert client.xlen(Keys().items) > published
    return published


@pytest.mark.parametrize("moment", ["before commit", "after commit"])
def test_writer_killed_mid_batch_replays_without_loss_or_duplicates(tmp_path, redis_server,
                                                                    monkeypatch, moment):
    published = crawl_to_stream(redis_server.url, tmp_path)
    db = tmp_path / "news.db"
    client = jobs.connect(redis_server.url)
    dying = Writer(client, Keys(), db, batch=8)
    calls = {"n": 0}
    if moment == "before commit":
        original = Writer.apply

        def apply(self, message):
            calls["n"] += 1
            if calls["n"] == 13:  # the second batch, half applied
                raise Died
            return original(self, message)
        monkeypatch.setattr(Writer, "apply", apply)
    else:
        def publish(self, effects):
            calls["n"] += 1
            if calls["n"] == 2:  # the second batch is committed, not yet acknowledged
                raise Died
        monkeypatch.setattr(Writer, "_publish", publish)
    with pytest.raises(Died):
        dying.run(idle_exit=1)
    dying.close()
    monkeypatch.undo()
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert client.xpending(Keys().items, jobs.ITEMS_GROUP)["pending"] == 8  # the batch in hand

    Writer(client, Keys(), db, batch=8).run(idle_exit=1)
    assert query(db, "SELECT count(*), count(DISTINCT source_id) FROM articles") == \
        [(published, published)]
    assert query(db, "SELECT count(*) FROM article_versions") == [(published,)]
    assert query(db, "SELECT count(*) FROM crawl_runs") == [(1,)]
    assert query(db, "SELECT finish_reason, health, articles_new FROM crawl_runs") == \
        [("finished", "ok", published)]
    assert query(db, "SELECT state, count(*) FROM crawl_ledger GROUP BY state") == \
        [("rejected", 2), ("stored", published)]
    assert query(db, "SELECT count(*) FROM failures") == [(0,)]
    assert client.xlen(Keys().items) == 0
    # What a re-run needs is published: every stored article with its fetch time and hash.
    assert client.hlen(Keys().known("mot")) == published
    assert client.get(Keys().last_finish("mot")) == "finished"


def test_a_message_the_writer_cannot_store_is_a_recorded_failure(tmp_path, redis_server):
    published = crawl_to_stream(redis_server.url, tmp_path)
    client = jobs.connect(redis_server.url)
    messages = [json.loads(f["m"]) for _id, f in client.xrange(Keys().items)]
    article = next(m for m in messages if m["type"] == "article")
    broken = {**article, "item": {"url": "http://127.0.0.1/hong.html", "portal": "mot"}}
    client.xadd(Keys().items, {"m": json.dumps(broken)})
    Writer(client, Keys(), tmp_path / "news.db", batch=500).run(idle_exit=1)
    db = tmp_path / "news.db"
    assert query(db, "SELECT count(*) FROM articles") == [(published,)]
    assert query(db, "SELECT portal, url, stage FROM failures") == \
        [("mot", "http://127.0.0.1/hong.html", "store")]
    assert query(db, "SELECT finish_reason FROM crawl_runs") == [("finished",)]
    assert client.xlen(Keys().items) == 0
