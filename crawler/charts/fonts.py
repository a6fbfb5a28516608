"""A small copy of DejaVu Sans for drawing PNGs: the same glyphs, read faster by vl-convert.

vl-convert (1.9) reads a system font's file again for every glyph it measures and draws (an
open, a memory map and an unmap per glyph, several times: about 0.1 ms per glyph here), and the
200 labels of the largest chart are about 3,000 glyphs. From a subset of DejaVu Sans holding
only the letters of Vietnamese and Latin text (80 kB instead of 760 kB), it measures and
draws them 30-45% faster, with the same pixels (the outlines and spacing are copied unchanged;
vl-convert does not use hinting). The subset is made once with fontTools from the machine's own
DejaVu Sans (and its Bold, for titles), kept in the cache directory beside the JavaScript bundle,
named ``PortalNews Sans`` (the DejaVu licence asks for another name), and registered with
vl-convert by each process that draws a PNG. A chart with a character outside the subset, a
machine without DejaVu Sans or without fontTools: the font list is the usual one.
"""

from __future__ import annotations

import hashlib
import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["FAMILY", "RANGES", "covers", "picture_font_dir", "subset_font"]

FAMILY = "PortalNews Sans"
# Basic Latin, Latin-1, Latin Extended-A and -B (Ơ, Ư, Đ), combining accents (decomposed
# text), Latin Extended Additional (ạ .. ỹ), general punctuation (– — ‘ ’ “ ” …), the đồng sign
RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F),
          (0x20AB, 0x20AB))
FACES = (("DejaVuSans.ttf", "Book"), ("DejaVuSans-Bold.ttf", "Bold"))
_RECIPE = 1  # the subset's options below: a change makes a new cache folder
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
              "/Library/Fonts", "~/Library/Fonts", "/System/Library/Fonts",
              os.path.join(os.environ.get("WINDIR", "C:\\Windows"), "Fonts"))


def covers(text: str) -> bool:
    """True when every character of ``text`` (except controls) is in :data:`RANGES`."""
    return all(c < " " or any(lo <= ord(c) <= hi for lo, hi in RANGES) for c in set(text))


@lru_cache(maxsize=1)
def picture_font_dir(cache: Path) -> Path | None:
    """The directory of the subset (built under ``cache`` on first use), registered with
    vl-convert; None when it cannot be had (no DejaVu Sans, no fontTools, no cache)."""
    sources = _dejavu_files()
    if sources is None:
        return None
    stamp = hashlib.sha256(repr([(str(p), p.stat().st_size, p.stat().st_mtime_ns)
                                 for p in sources] + [RANGES, FAMILY, _RECIPE]).encode()).hexdigest()[:12]
    folder = cache / f"fonts-{stamp}"
    if not all((folder / _name(style)).is_file() for _, style in FACES):
        try:
            _build(sources, folder)
        except (ImportError, OSError, ValueError, KeyError):  # no fontTools, or no cache
            return None
    import vl_convert

    vl_convert.register_font_directory(str(folder))
    return folder


def _dejavu_files() -> list[Path] | None:
    """DejaVu Sans and DejaVu Sans Bold as installed, or None."""
    for base in _FONT_DIRS:
        root = Path(base).expanduser()
        if not root.is_dir():
            continue
        found = [next(root.rglob(name), None) for name, _ in FACES]
        if all(found):
            return [p for p in found if p is not None]
    return None


def _name(style: str) -> str:
    return f"{FAMILY.replace(' ', '')}-{style}.ttf"


def _build(sources: list[Path], folder: Path) -> None:
    """Write the subsets of ``sources`` into ``folder`` (atomically: never a half file)."""
    folder.mkdir(parents=True, exist_ok=True)
    for source, (_, style) in zip(sources, FACES, strict=True):
        font = subset_font(source, style)
        part = folder / f"{_name(style)}.{os.getpid()}.part"
        font.save(str(part))
        os.replace(part, folder / _name(style))


def subset_font(source: Path, style: str) -> Any:
    """The ``fontTools`` font of ``source`` keeping :data:`RANGES`, renamed :data:`FAMILY`."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(
        name_IDs=["*"],  # keep the copyright and licence
        layout_features=["*"],  # kerning and accent placement, as in the original
        notdef_outline=True, hinting=False)  # vl-convert draws without hinting
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[u for lo, hi in RANGES for u in range(lo, hi + 1)])
    log = logging.getLogger("fontTools")
    level = log.level
    log.setLevel(logging.ERROR)  # not a warning per table it does not know (FFTM) on stderr
    try:
        subsetter.subset(font)
    finally:
        log.setLevel(level)
    names = {1: FAMILY, 16: FAMILY, 3: f"{FAMILY} {style}", 4: f"{FAMILY} {style}",
             6: f"{FAMILY.replace(' ', '')}-{style}"}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            table.setName(names[record.nameID], record.nameID, record.platformID,
                          record.platEncID, record.langID)
    return font
