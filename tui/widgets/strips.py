"""Line helpers shared by the Line API widgets: Rich text to strips, margins drawn into the
line, and repainting only the rows that changed (every repainted byte crosses SSH)."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from .. import bidi, symbols


def text_strip(line: Text, console) -> Strip:
    """One line of Rich text as a strip."""
    return Strip(list(line.render(console, end="")), line.cell_len)


def bidi_strip(strip: Strip) -> Strip:
    """A line with its right-to-left runs shaped and in visual order (display only; each
    character keeps its style). A line without right-to-left text is returned as it is."""
    segments = list(strip)
    if not any(bidi.has_rtl(segment.text) for segment in segments):
        return strip
    runs = bidi.display_runs([(segment.text, segment.style) for segment in segments])
    return Strip([Segment(text, style) for text, style in runs])


def uses_bidi(widget: Widget) -> bool:
    """Whether the app draws right-to-left text in visual order (`--bidi`; off in bare apps)."""
    return bool(getattr(widget.app, "bidi", False))


def framed(text: Strip, width: int, margin: int, base: Style, marker: str = " ") -> Strip:
    """`text` cut or padded to `width`, in `base`, with `margin` blank columns either side; the
    last column holds `marker`. The margins take the style of the text beside them when a
    space looks the same in it, so that they join its run instead of costing a style change."""
    text = text.crop(0, width)
    segments = list(text.apply_style(base))
    left = segments[0].style if segments and _blank_safe(segments[0].style, base) else base
    right = segments[-1].style if segments and _blank_safe(segments[-1].style, base) else base
    pad = " " * (width - text.cell_length + margin - 1)
    line = [Segment(" " * margin, left), *segments, Segment(pad + marker, right)]
    return Strip(line, width + 2 * margin).simplify()


GAP = 6  # unchanged cells between two changed runs that are cheaper to rewrite than to skip (a cursor move is 6-8 bytes)


def repaint_changed(widget: Widget, before: list[Strip], after: list[Strip]) -> None:
    """Mark dirty only the cells that differ, line by line (a row missing from either list is
    repainted whole). Each changed run of a line is its own region; runs closer than GAP cells
    are one; a region never starts or ends inside a wide character, in either version."""
    width = widget.size.width
    for y in range(max(len(before), len(after))):
        if y >= len(before) or y >= len(after):
            widget.refresh(Region(0, y, width, 1))
        elif before[y] != after[y]:
            for x1, x2 in changed_spans(before[y], after[y]):
                widget.refresh(Region(x1, y, x2 - x1, 1))


def changed_spans(before: Strip, after: Strip, gap: int = GAP) -> list[tuple[int, int]]:
    """The cell ranges [x1, x2) where two lines differ (text or style)."""
    old, new = _cells(before), _cells(after)
    length = max(len(old), len(new))
    old += [None] * (length - len(old))
    new += [None] * (length - len(new))
    spans: list[tuple[int, int]] = []
    x = 0
    while x < length:
        if old[x] == new[x]:
            x += 1
            continue
        start = x
        while start > 0 and (old[start] == _WIDE or new[start] == _WIDE):  # back to a character's first cell
            start -= 1
        end = x + 1
        while end < length and (old[end] != new[end] or old[end] == _WIDE or new[end] == _WIDE):
            end += 1
        if spans and start - spans[-1][1] <= gap:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        x = end
    return spans


_WIDE = ("", None)  # the second cell of a wide character


def _cells(strip: Strip) -> list:
    cells: list = []
    for text, style, _control in strip:
        for char in text:
            cells.append((char, style))
            if cell_len(char) == 2:
                cells.append(_WIDE)
    return cells


def _blank_safe(style: Style | None, base: Style) -> bool:
    """Whether a space drawn in `style` looks like a space in `base` (only the foreground differs)."""
    if style is None:
        return True
    return (
        style.bgcolor == base.bgcolor
        and not (style.underline or style.underline2 or style.reverse or style.strike or style.overline)
        and style.link is None
    )


def cut(text: str, width: int) -> str:
    """`text` in at most `width` cells, ending in … when cut."""
    if cell_len(text) <= width:
        return text
    ell = symbols.S.ellipsis
    return set_cell_size(text, max(0, width - len(ell))) + ell if width > len(ell) else set_cell_size(text, max(0, width))
