"""The delay as a floor (``DELAY_FLOOR_ENABLED``, crawler/politeness.py): with Scrapy's ±50%
jitter, a crawl's requests still arrive at the server at least the delay apart (less 2 ms of
clock granularity); off by default, where the jitter may go below the delay."""

from __future__ import annotations

import subprocess
import sys

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.politeness import DelayFloor
from fixtures.loopback import TimedPortal, too_close

DELAY = 0.2


def test_on_in_the_project_settings():
    from scrapy.settings import Settings

    from crawler import settings as project_settings

    assert Settings(vars(project_settings)).getbool("DELAY_FLOOR_ENABLED")


def test_off_unless_enabled():
    with pytest.raises(NotConfigured):
        DelayFloor.from_crawler(get_crawler(settings_dict={}))
    assert isinstance(DelayFloor.from_crawler(get_crawler(settings_dict={
        "DELAY_FLOOR_ENABLED": True})), DelayFloor)


def test_requests_arrive_at_least_the_delay_apart(tmp_path):
    with TimedPortal(synthetic=12) as portal:
        result = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", "--url", portal.base_url, "--db",
             str(tmp_path / "news.db"), "--quiet", "-s", f"DOWNLOAD_DELAY={DELAY}",
             "-s", "DOWNLOAD_DELAY_JITTER=0.5", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "DELAY_FLOOR_ENABLED=True"],
            capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr[-3000:]
        arrivals = portal.arrivals
    assert len(arrivals) > 20
    assert too_close(arrivals, DELAY) == []
