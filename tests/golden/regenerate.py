"""Rewrite the expected JSON of every snapshot golden page from the current adapters (then review
the diff). Independent goldens (expected values written by reading the page) are never rewritten.

    python tests/golden/regenerate.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.golden.support import GOLDEN_DIR, expected_kind, extract

for page in sorted(GOLDEN_DIR.glob("*/*.html")):
    if expected_kind(page.with_suffix(".source.md")) == "independent":
        print("kept (independent: written by reading the page)", page)
        continue
    expected_path = page.with_suffix(".json")
    meta = json.loads(expected_path.read_text()) if expected_path.exists() else {}
    url = meta.get("url") or input(f"URL of {page.name}: ")
    result = {"url": url, "platform": page.parent.name, "fields": extract(page, url)}
    expected_path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print("wrote", expected_path)
