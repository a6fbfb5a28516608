"""``crawler/datasette/metadata.json`` describes the tables as ``docs/schema.md`` does.

After changing docs/schema.md, refresh the notes with:
    python3 tests/storage/test_datasette_metadata.py --write
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "schema.md"
METADATA = REPO / "crawler" / "datasette" / "metadata.json"
NOT_SERVED = {"article_search"}  # FTS index: searched through the canned query


def documented() -> dict[str, dict[str, Any]]:
    """Table descriptions (the paragraph under the heading) and column notes from the doc."""
    tables: dict[str, dict[str, Any]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (\w+)\s*$", line)
        if line.startswith("## "):
            current = tables.setdefault(heading[1], {"intro": [], "columns": {}}) if heading else None
            continue
        if current is None:
            continue
        cell = re.match(r"^\| (\w+) \| ?\w* ?\| (.*) \|$", line)
        if cell and cell[1] != "column":
            current["columns"][cell[1]] = cell[2].replace("`", "")
        elif line and not line.startswith("|"):
            current["intro"].append(line)
    return {name: {"description": " ".join(t["intro"]).replace("`", "") or f"The {name} table.",
                   "columns": t["columns"]}
            for name, t in tables.items() if name not in NOT_SERVED}


def refreshed(meta: dict[str, Any]) -> dict[str, Any]:
    """The metadata with descriptions and column notes taken from the doc (facets etc. kept)."""
    tables = meta["databases"]["portalnews"]["tables"]
    for name, doc in documented().items():
        tables.setdefault(name, {}).update(doc)
    for name in set(tables) - set(documented()):
        del tables[name]
    return meta


def test_metadata_matches_schema_doc() -> None:
    meta = json.loads(METADATA.read_text(encoding="utf-8"))
    current = json.loads(json.dumps(meta))
    assert current == refreshed(meta), (
        "metadata.json is out of date: run python3 tests/storage/test_datasette_metadata.py --write")


def test_canned_queries_present() -> None:
    queries = json.loads(METADATA.read_text(encoding="utf-8"))["databases"]["portalnews"]["queries"]
    assert set(queries) == {"search", "person_timeline", "holders_on_date"}
    assert not any(q.get("write") for q in queries.values())


if __name__ == "__main__" and "--write" in sys.argv:
    data = refreshed(json.loads(METADATA.read_text(encoding="utf-8")))
    METADATA.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {METADATA}")
