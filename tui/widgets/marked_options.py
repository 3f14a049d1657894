"""An option list whose highlighted option is marked by a symbol, not by colour alone.

Textual's OptionList shows the highlighted option by its colours only: with NO_COLOR, or to a
reader who cannot tell the colours apart, nothing says which one Enter follows. This one keeps a
two-column gutter at the left, and the highlighted option's first line has the cursor symbol
there (`▶`, `>` outside a UTF-8 locale: tui/symbols.py); under NO_COLOR the highlighted option
is also drawn in reverse video (set here: Textual's option styles leave `reverse` out).
By default both show only while the list has the focus (the related events: Tab puts it
there); a picker's list, whose input keeps the focus, marks its highlight always.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import OptionList

from .. import symbols

GUTTER = 2
REVERSE = Style(reverse=True)


class MarkedOptionList(OptionList):
    def __init__(self, *options, gutter: bool = True, focus_only: bool = True, **kwargs) -> None:
        super().__init__(*options, **kwargs)
        self.mark_width = GUTTER if gutter else 0
        self.focus_only = focus_only

    def _get_left_gutter_width(self) -> int:
        return self.mark_width

    @property
    def marking(self) -> bool:
        """Whether the highlighted option is marked now."""
        return self.has_focus or not self.focus_only

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return line
        marked = index == self.highlighted and self.marking
        if marked and self.app.no_color:
            line = Strip([Segment(text, (style or Style()) + REVERSE, control) for text, style, control in line], line.cell_length)
        if not self.mark_width:
            return line
        cursor = symbols.S.cursor
        mark = (cursor + " " * self.mark_width)[:self.mark_width] if marked and offset == 0 else " " * self.mark_width
        segments = list(line)
        style = segments[0].style if segments else None
        return Strip([Segment(mark, style), *segments], line.cell_length + self.mark_width)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
