"""Officials' names and roles in portal prose: lexicon, names, gazetteer, grammar, extractor."""

from __future__ import annotations

from pipelines.rolenorm.extractor import extract_roles

__all__ = ["extract_roles"]
