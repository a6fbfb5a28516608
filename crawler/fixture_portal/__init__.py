"""A NukeViet-4.5-shaped news portal served locally, for crawler tests and benchmarks.

``with FixturePortal() as portal: ...`` serves the bundled corpus (``corpus/``) at
``portal.base_url``; see README.md for routes and the quirks the crawler must handle.
"""

from crawler.fixture_portal.corpus import (
    Article,
    Attachment,
    Block,
    Category,
    Corpus,
    CorpusError,
    Image,
    Module,
    Person,
    Site,
    load_corpus,
    tag_alias,
)
from crawler.fixture_portal.server import FixturePortal
from crawler.fixture_portal.synthetic import synthetic_corpus

__all__ = [
    "Article",
    "Attachment",
    "Block",
    "Category",
    "Corpus",
    "CorpusError",
    "FixturePortal",
    "Image",
    "Module",
    "Person",
    "Site",
    "load_corpus",
    "synthetic_corpus",
    "tag_alias",
]
