"""``python -m crawler.fixture_portal``: serve the fixture portal until Ctrl-C."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from crawler.fixture_portal.corpus import CorpusError, load_corpus
from crawler.fixture_portal.server import FixturePortal


def main(argv: list[str] | None = None) -> int:
    """Parse options, start the portal, print its base URL, wait for Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m crawler.fixture_portal",
                                     description="Serve the NukeViet-shaped fixture portal.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--synthetic", type=int, default=0, metavar="N",
                        help="serve N generated articles instead of the corpus")
    parser.add_argument("--render-tz", default="Asia/Ho_Chi_Minh", metavar="ZONE",
                        help="IANA zone pages are rendered in (default Asia/Ho_Chi_Minh)")
    parser.add_argument("--corpus", type=Path, metavar="DIR",
                        help="corpus directory (site.toml + articles/); default: bundled")
    parser.add_argument("--rate-limit", type=int, metavar="PER_MINUTE",
                        help="answer 429 above this many requests a minute")
    parser.add_argument("--no-rss-bug", action="store_true",
                        help="format RSS pubDate correctly (NukeViet 4.6 and later)")
    args = parser.parse_args(argv)
    try:
        corpus = load_corpus(args.corpus) if args.corpus or not args.synthetic else None
    except CorpusError as exc:
        parser.error(str(exc))
    portal = FixturePortal(corpus, host=args.host, port=args.port, render_tz=args.render_tz,
                           synthetic=args.synthetic, rss_bug=not args.no_rss_bug,
                           rate_limit=args.rate_limit)
    print(portal.start(), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        portal.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
