"""The symbols the map draws with, for each kind of terminal.

- "braille": a UTF-8 terminal; borders in braille dots (2x4 a cell), places as • ● …
- "blocks": the Linux console (its font has block elements but no braille); borders in half
  blocks (1x2 a cell).
- "ascii": a locale that is not UTF-8; every symbol is plain ASCII.

Colour is never the only signal: the event under the cursor, the place picked on the map and
the weight of each place all have their own symbols, so NO_COLOR and --ansi read the same.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

from ..safetext import is_utf8_locale


@dataclass(frozen=True)
class Glyphs:
    mode: str  # braille | blocks | ascii
    dot_cols: int  # dots a cell holds across and down
    dot_rows: int
    home_border: str  # ascii only: the character for a cell Syria's border crosses
    border: str  # ascii only: the same for other countries' borders
    weights: tuple[str, ...]  # a place with few events … many
    here: str  # a place of the event under the cursor
    picked: str  # left of the place picked on the map (with the symbol of its weight after it)
    ellipsis: str
    sep: str
    enter: str = "⏎"  # the Enter key, as the footer writes it
    river: str = "~"  # ascii only: a cell a river crosses

    def dots(self, bits: int) -> str:
        """The character for a cell whose dots are `bits` (bit i = dot i, row by row, left first)."""
        if self.mode == "braille":
            return chr(0x2800 + sum(_BRAILLE[i] for i in range(8) if bits >> i & 1)) if bits else " "
        if self.mode == "blocks":
            return " ▀▄█"[bits & 3]
        return "." if bits else " "


# dot i (row r = i // 2, column c = i % 2) to its Unicode braille bit
_BRAILLE = (0x01, 0x08, 0x02, 0x10, 0x04, 0x20, 0x40, 0x80)

BRAILLE = Glyphs("braille", 2, 4, "", "", ("·", "•", "●"), "◆", "▸", "…", " · ")
BLOCKS = Glyphs("blocks", 1, 2, "", "", ("·", "•", "●"), "◆", "►", "…", " · ")
ASCII = Glyphs("ascii", 1, 1, ":", ".", (".", "o", "O"), "X", ">", "...", " | ", "Enter", "~")
MODES = {g.mode: g for g in (BRAILLE, BLOCKS, ASCII)}


def choose(environ: Mapping[str, str] | None = None) -> Glyphs:
    """The glyphs for this terminal: ASCII outside a UTF-8 locale, half blocks on the Linux
    console, braille elsewhere. SYRIA_TIMELINE_MAP=ascii|blocks|braille overrides."""
    environ = os.environ if environ is None else environ
    forced = environ.get("SYRIA_TIMELINE_MAP", "").strip().lower()
    if forced in MODES:
        return MODES[forced]
    if not is_utf8_locale(environ):
        return ASCII
    if environ.get("TERM", "") == "linux":
        return BLOCKS
    return BRAILLE
