"""Real pages of ../shared/realpages (never copied into the repository) and their expected fields.

Expected values live in ``tests/golden/realpages/*.toml``, written by reading the pages
(independent); :func:`liferay_scores` compares the Liferay adapter's fields with them field by field
(also used by ``benchmarks/bench_realpages.py`` for docs/benchmarks.md).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from crawler.platforms import liferay
from crawler.platforms.article import ArticleFields
from crawler.registry import load_registry
from pipelines.datenorm import normalise_date

REPO = Path(__file__).resolve().parents[2]
REALPAGES = REPO.parent / "shared" / "realpages"
EXPECTED = Path(__file__).resolve().parent / "realpages"
MIRRORED = re.compile(r"<!-- Mirrored from (\S+) by HTTrack")
FIELDS = ("title", "source_id", "published", "lead", "body_first", "body_last", "author",
          "images", "captions", "category")
END_MARK = re.compile(r"[\s./]+$")


def need_real(path: Path) -> Path:
    """``path`` under ../shared/realpages, or skip the test with the reason (a fresh clone has
    no ../shared/realpages: the pages are never copied into the repository)."""
    if not path.exists():
        import pytest

        pytest.skip(f"real pages not available at {path} (a fresh clone has no ../shared/realpages)")
    return path


def original_url(page: Path) -> str:
    """The address the page was saved from (HTTrack's comment at the top)."""
    match = MIRRORED.search(page.read_text(encoding="utf-8")[:2000])
    if not match:
        raise ValueError(f"{page.name}: no HTTrack 'Mirrored from' comment")
    return "http://" + match.group(1)


def liferay_cases() -> dict[str, dict[str, Any]]:
    """Expected fields per page suffix (``_05`` ...)."""
    with (EXPECTED / "liferay.toml").open("rb") as fh:
        return tomllib.load(fh)


def liferay_page(suffix: str) -> Path:
    """The saved page of a case."""
    return REALPAGES / "liferay" / f"sotttt.hanoi.gov.vn{suffix}.html"


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


def liferay_fields(page: Path, registry: bool = True) -> tuple[str, ArticleFields]:
    """``(source id, fields)`` of a saved page, with the registry's selectors of the portal
    (``registry=False``: Liferay's own markup only, as for a portal not in the registry)."""
    url = original_url(page)
    portal = load_registry().by_url(url) if registry else None
    html = page.read_text(encoding="utf-8")
    fields = liferay.parse_content(html, url, portal.selectors if portal else None)
    return liferay.content_id(liferay.Selector(text=html), url) or "", fields


def liferay_scores(suffix: str, expected: dict[str, Any],
                   registry: bool = True) -> dict[str, tuple[bool, Any, Any]]:
    """Per field: (matches, expected, got) for one real page."""
    source_id, got = liferay_fields(liferay_page(suffix), registry)
    date = normalise_date(got.published_raw)
    flat_body = _flat(got.body_text)
    body = END_MARK.sub("", flat_body)
    images = [(img["url"] or "", _flat(img["caption"])) for img in got.images]
    wanted = [(frag, cap) for frag, cap in expected["images"]]
    same_images = len(images) == len(wanted) and all(
        unquote(frag).lower() in unquote(u).lower()
        for (frag, _), (u, _) in zip(wanted, images, strict=False))
    checks = {
        "title": (expected["title"], _flat(got.title)),
        "source_id": (expected["source_id"], source_id),
        "published": ((expected["published"], expected["precision"]), (date.value, date.precision)),
        "lead": (expected["lead"], _flat(got.lead)),
        "body_first": (expected["body_first"], flat_body[:len(expected["body_first"])]),
        "body_last": (END_MARK.sub("", expected["body_last"]),
                      body[-len(END_MARK.sub("", expected["body_last"])):]),
        "author": (expected["author"], _flat(got.author)),
        "images": ([frag for frag, _ in wanted], [u for u, _ in images]),
        "captions": ([cap for _, cap in wanted], [cap for _, cap in images]),
        "category": (expected["category"], _flat(got.category)),
    }
    scores = {name: (want == have, want, have) for name, (want, have) in checks.items()}
    scores["images"] = (same_images, *checks["images"])
    return scores
