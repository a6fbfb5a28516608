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
