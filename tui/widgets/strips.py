"""Line helpers shared by the Line API widgets: Rich text to strips, margins drawn into the
line, and repainting only the rows that changed (every repainted byte crosses SSH)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from .. import bidi


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


def repaint_changed(widget: Widget, before: list[Strip], after: list[Strip]) -> None:
    """Mark dirty only the rows whose strips differ (a row missing from either list differs)."""
    width = widget.size.width
    for y in range(max(len(before), len(after))):
        if y >= len(before) or y >= len(after) or before[y] != after[y]:
            widget.refresh(Region(0, y, width, 1))


def _blank_safe(style: Style | None, base: Style) -> bool:
    """Whether a space drawn in `style` looks like a space in `base` (only the foreground differs)."""
    if style is None:
        return True
    return (
        style.bgcolor == base.bgcolor
        and not (style.underline or style.underline2 or style.reverse or style.strike or style.overline)
        and style.link is None
    )
