"""Field accuracy of the platform adapters, the generic fallback and trafilatura alone.

    python benchmarks/bench_extraction.py [--markdown]

Every published corpus article is rendered by each fixture site (``fixtures.sites`` and the
NukeViet 4.5 fixture portal, no network) and extracted three ways: (a) the platform's adapter,
(b) the generic fallback without selectors (trafilatura + htmldate + label rules), (c) trafilatura's
own ``bare_extraction`` result. Scores per field against the corpus: title exact; body exact, and
paragraph precision/recall; publish time right to the minute, and the day alone; author exact.
Not a test: figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.platforms import generic, liferay, nukeviet, sharepoint, wordpress
from fixtures.portal import FixturePortal, load_corpus
from fixtures.portal.corpus import Article
from fixtures.sites import FixtureSite
from fixtures.sites.liferay import detail_path
from fixtures.sites.wordpress import author_of, permalink
from pipelines.datenorm import normalise_date
from pipelines.timezones import VN_TZ
from pipelines.vntext import canonicalise_inline

PLATFORMS = {
    # name: (page path, adapter, date order, expected author)
    "nukeviet4": (lambda a: a.url_path, nukeviet.parse_article, "dmy"),
    "nukeviet3": (lambda a: f"/{a.module}/{a.category}/{a.alias}-{a.id}/", nukeviet.parse_article, "dmy"),
    "nukeviet-egov": (lambda a: a.url_path, nukeviet.parse_article, "dmy"),
    "wordpress": (permalink, wordpress.parse_post_page, "dmy"),
    "sharepoint": (lambda a: f"/Lists/TinTuc/DispForm.aspx?ID={a.id}", sharepoint.parse_item, "mdy"),
    "liferay": (detail_path, liferay.parse_content, "dmy"),
    "generic": (lambda a: f"/chi-tiet-tin.php?id={a.id}", None, "dmy"),
}
FIELDS = ("title", "body exact", "body P", "body R", "date min", "date day", "author")


def page(platform: str, path: str) -> str:
    if platform == "nukeviet4":
        portal = FixturePortal()
        return portal.handle("GET", path, "bench.example.vn").body.decode()
    return FixtureSite(platform).handle("GET", path, "bench.example.vn").body.decode()


def canon(text: Any) -> str | None:
    return canonicalise_inline(text) or None if isinstance(text, str) else None


def when(raw: str | None, order: str) -> str | None:
    result = normalise_date(raw, order=order) if raw else None
    return result.value if result is not None else None


def score(a: Article, platform: str, title: Any, body: str, published: str | None, author: Any,
          order: str) -> dict[str, float]:
    want_body = [canon(b.text) for b in a.body if b.kind == "p"]
    got_body = [canon(p) for p in (body or "").split("\n") if canon(p)]
    hits = len(set(got_body) & set(want_body))
    want_time = a.published.astimezone(VN_TZ).replace(second=0).isoformat()
    value = when(published, order) or ""
    want_author = author_of(a) if platform == "wordpress" else a.author
    return {
        "title": float(canon(title) == canon(a.title)),
        "body exact": float(got_body == want_body),
        "body P": hits / len(got_body) if got_body else 0.0,
        "body R": hits / len(want_body),
        "date min": float(value[:16] == want_time[:16]),
        "date day": float(value[:10] == want_time[:10]),
        "author": float(canon(author) == canon(want_author)),
    }


def run() -> tuple[dict[tuple[str, str], dict[str, float]], int, float]:
    corpus = load_corpus()
    articles = corpus.published_articles()
    totals: dict[tuple[str, str], dict[str, float]] = {}
    started = time.perf_counter()
    for platform, (path_of, adapter, order) in PLATFORMS.items():
        for a in articles:
            html = page(platform, path_of(a))
            url = f"http://bench.example.vn{path_of(a)}"
            results = {}
            if adapter is not None:
                f = adapter(html, url)
                results["adapter"] = (f.title, f.body_text, f.published_raw, f.author)
            f = generic.with_library(html, url)
            results["generic"] = (f.title, f.body_text, f.published_raw, f.author)
            raw = generic.trafilatura_raw(html, url)
            results["trafilatura"] = (raw.get("title"), raw.get("text") or "", raw.get("date"),
                                      raw.get("author"))
            if platform == "generic":
                sel = {"title": ".tieude", "lead": ".tomtat", "body": ".noidung", "date": ".ngaydang",
                       "author": ".tacgia"}
                f = generic.parse_article(html, url, sel)
                results["adapter"] = (f.title, f.body_text, f.published_raw, f.author)
            for method, (title, body, published, author) in results.items():
                s = score(a, platform, title, body.replace("\n\n", "\n"), published, author, order)
                acc = totals.setdefault((platform, method), dict.fromkeys(FIELDS, 0.0))
                for k, v in s.items():
                    acc[k] += v
    return totals, len(articles), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.parse_args()
    totals, n, seconds = run()
    print(f"{n} articles per platform; {seconds:.1f} s in all\n")
    print("| platform | method | " + " | ".join(FIELDS) + " |")
    print("|---|---|" + "---|" * len(FIELDS))
    for (platform, method), acc in totals.items():
        cells = " | ".join(f"{acc[k] / n:.0%}" for k in FIELDS)
        print(f"| {platform} | {method} | {cells} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
