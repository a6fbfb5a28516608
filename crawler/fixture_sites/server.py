"""``FixtureSite``: one platform's fixture app served by the fixtures' :class:`LocalServer`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from crawler.fixture_portal.corpus import Corpus, load_corpus
from crawler.fixture_portal.server import LocalServer
from crawler.fixture_sites import (
    district,
    generic,
    liferay,
    nukeviet_variants,
    sharepoint,
    wordpress,
)
from crawler.fixture_sites.common import Response

APPS: dict[str, Callable[..., Any]] = {
    "wordpress": wordpress.WordPressApp,
    "sharepoint": sharepoint.SharePointApp,
    "liferay": liferay.LiferayApp,
    "generic": generic.GenericApp,
    "nukeviet3": nukeviet_variants.NukeViet3App,
    "nukeviet-egov": nukeviet_variants.EgovApp,
    "district": district.DistrictApp,
}


class FixtureSite(LocalServer):
    """Serve the corpus as ``platform`` would. ``options`` go to the platform's app
    (e.g. ``api=False`` for a WordPress site with its REST API closed)."""

    def __init__(self, platform: str, corpus: Corpus | None = None, *, host: str = "127.0.0.1",
                 port: int = 0, certfile: Path | None = None, **options: Any) -> None:
        if platform not in APPS:
            raise ValueError(f"unknown fixture platform {platform!r} (known: {', '.join(APPS)})")
        self.platform = platform
        self.corpus = corpus if corpus is not None else load_corpus()
        self.app = APPS[platform](self.corpus, **options)
        super().__init__(host=host, port=port, certfile=certfile, name=f"fixture-{platform}",
                         server_header=getattr(self.app, "server_header", "Apache"),
                         headers=getattr(self.app, "headers", None))

    def handle(self, method: str, raw: str, host: str | None) -> Response:
        """Route one request through the app."""
        scheme = "https" if self.certfile else "http"
        base = f"{scheme}://{host or self.host}/"
        parts = urlsplit(raw)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        found = self.app.route(base, parts.path, query, raw)
        return found or self.app.not_found(base)
