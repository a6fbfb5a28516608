"""Compatibility shim: the settings live in ``crawler.settings`` (shipped in the package).

``scrapy.cfg`` names ``crawler.settings`` directly; this module is kept for scripts that set
``SCRAPY_SETTINGS_MODULE=settings`` from the repository root. It is not installed.
"""

from crawler.settings import *  # noqa: F403
