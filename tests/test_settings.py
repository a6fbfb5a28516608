"""Project settings: politeness defaults and the contact URL in the User-Agent."""

from crawler.crawl import parse_setting_overrides, project_settings


def test_polite_defaults():
    settings = project_settings()
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert settings.getfloat("DOWNLOAD_DELAY") >= 2
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert 429 in settings.getlist("RETRY_HTTP_CODES")
    assert settings.getbool("DOWNLOAD_VERIFY_CERTIFICATES")
    assert not settings.getbool("REMOTE_CONTROL_ENABLED")
    assert "portal-news" in settings["USER_AGENT"] and "+http" in settings["USER_AGENT"]


def test_contact_url_goes_into_the_user_agent():
    settings = project_settings({"PORTALNEWS_CONTACT_URL": "mailto:ops@example.org"})
    assert "mailto:ops@example.org" in settings["USER_AGENT"]
    explicit = project_settings({"PORTALNEWS_CONTACT_URL": "x", "USER_AGENT": "mine"})
    assert explicit["USER_AGENT"] == "mine"


def test_overrides_parse():
    assert parse_setting_overrides(["A=1", "B=x=y"]) == {"A": "1", "B": "x=y"}


def test_settings_live_in_the_package_and_load_from_any_directory(tmp_path):
    """Crawls started from code read ``crawler.settings``: no scrapy.cfg or root module needed."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    path = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    code = ("from crawler.crawl import project_settings; s = project_settings(); "
            "print(s['BOT_NAME'], s.getdict('ITEM_PIPELINES')['pipelines.storage.StoragePipeline'])")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["portalnews", "900"]


def test_the_root_settings_module_is_the_package_settings():
    import crawler.settings
    import settings

    names = {n for n in dir(crawler.settings) if n.isupper()}
    assert names and all(getattr(settings, n) == getattr(crawler.settings, n) for n in names)
