"""Fixture sites of every platform (WordPress, SharePoint, Liferay, a custom-PHP generic site,
NukeViet 3.x and the eGov theme) serving the fixture portal's corpus on 127.0.0.1.

``with FixtureSite("wordpress") as site: site.base_url``; each module's docstring gives its routes and
traps.
"""

from crawler.fixture_sites.server import APPS, FixtureSite

__all__ = ["APPS", "FixtureSite"]
