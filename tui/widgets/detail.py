"""The detail pane: an event's text, wrapped once and drawn with the Line API.

Bytes over SSH decide the shape of this widget; it is redrawn each time the cursor rests:

- It is a plain Widget that keeps its own scroll offset: no virtual size, so a new event
  never causes a layout pass or a scrollbar repaint. A ▲ or ▼ in the right-hand column says
  there is more above or below (Enter opens the whole event; the mouse wheel scrolls here).
- The margins are drawn into each line in the text's own style, so a plain line goes out as
  one styled run instead of three.
- `show` repaints only the lines that differ from what is on screen, and never the border.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from ..keys import BODY_KEYS, bindings
from .. import symbols
from .strips import bidi_strip, framed, repaint_changed, text_strip, uses_bidi

MARGIN = 1  # blank columns left and right of the text; the right one holds ▲/▼


HANGING = re.compile(r"\s*(?:\S{1,2}|\d+\.)\s")  # "  • ", "  12. ", "  -> ": a list item's marker


def wrap_hanging(text: Text, console, width: int) -> list[Text]:
    """`text` wrapped to `width` at spaces: a list item's following lines hang under its first
    word (claims, sources); a word longer than a line (a URL) is cut with …, never broken
    (its hyperlink still holds the whole address)."""
    out: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        match = HANGING.match(paragraph.plain)
        hang = len(match.group(0)) if match and match.group(0).startswith(" ") and width > 20 else 0
        lines = paragraph.wrap(console, width - hang, overflow="ellipsis") if hang else paragraph.wrap(console, width, overflow="ellipsis")
        for n, line in enumerate(lines):
            if n and hang:
                line = Text(" " * hang) + line
            out.append(line)
    return out


class DetailView(Widget, can_focus=False):
    def __init__(self, *, id: str | None = None, margin: int = MARGIN) -> None:
        super().__init__(id=id)
        self.margin = max(1, margin)
        self.text = Text()
        self._lines: list[Strip] = []  # the text wrapped to the width, without margins
        self._wrapped_at = -1
        self.top = 0  # first text line on screen

    @property
    def plain_text(self) -> str:
        return self.text.plain

    @property
    def line_count(self) -> int:
        self._wrap()
        return len(self._lines)

    # -- content -----------------------------------------------------------------
    def show(self, text: Text) -> None:
        """Show new text from its first line, repainting only the lines that change."""
        height = self.size.height
        before = [self._line(y) for y in range(height)] if self._wrapped_at == self._text_width() else None
        self.text = text
        self._wrapped_at = -1
        self.top = 0
        if before is None or not self.is_mounted:
            self.refresh()
            return
        repaint_changed(self, before, [self._line(y) for y in range(height)])

    def scroll_lines(self, delta: int) -> None:
        self._wrap()
        top = max(0, min(self.top + delta, len(self._lines) - self.size.height))
        if top != self.top:
            self.top = top
            self.refresh()

    def _text_width(self) -> int:
        return max(1, self.size.width - 2 * self.margin)

    def _wrap(self) -> None:
        width = self._text_width()
        if width == self._wrapped_at:
            return
        console = self.app.console
        self._lines = [text_strip(line, console) for line in wrap_hanging(self.text, console, width)]
        if uses_bidi(self):  # after wrapping: each line is laid out on its own (UAX #9, L1-L2)
            self._lines = [bidi_strip(line) for line in self._lines]
        self._wrapped_at = width
        self.top = max(0, min(self.top, len(self._lines) - self.size.height))

    # -- drawing -----------------------------------------------------------------
    def on_resize(self) -> None:
        self._wrap()
        self.refresh()

    def _line(self, y: int) -> Strip:
        self._wrap()
        index = self.top + y
        text = self._lines[index] if 0 <= index < len(self._lines) else Strip([])
        marker = " "
        if y == 0 and self.top > 0:
            marker = symbols.S.more_above
        elif y == self.size.height - 1 and self.top + self.size.height < len(self._lines):
            marker = symbols.S.more_below
        return framed(text, self._text_width(), self.margin, self.rich_style, marker)

    def render_line(self, y: int) -> Strip:
        return self._line(y).crop_extend(0, self.size.width, self.rich_style)

    # -- mouse -------------------------------------------------------------------
    def on_mouse_scroll_down(self, event) -> None:
        event.stop()
        self.scroll_lines(3)

    def on_mouse_scroll_up(self, event) -> None:
        event.stop()
        self.scroll_lines(-3)


class EventBody(DetailView, can_focus=True):
    """The event screen's text: the detail pane, focusable and scrolled by keys."""

    BINDINGS = bindings(BODY_KEYS)

    def action_scroll_lines(self, delta: int) -> None:
        self.scroll_lines(delta)

    def action_scroll_page(self, direction: int) -> None:
        self.scroll_lines(direction * max(1, self.size.height - 1))

    def action_scroll_home(self) -> None:
        self.scroll_lines(-self.line_count)

    def action_scroll_end(self) -> None:
        self.scroll_lines(self.line_count)
