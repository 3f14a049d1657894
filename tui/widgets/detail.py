"""The detail pane: an event's text, wrapped once and drawn with the Line API.

A Static inside a VerticalScroll is laid out twice per update (its new height changes the
container's virtual size, which is a layout reactive), so every cursor rest painted the pane
twice. Here the wrapped lines are kept as strips and only this widget repaints, once.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class DetailView(ScrollView, can_focus=False):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()
        self._strips: list[Strip] = []
        self._wrapped_at = -1

    @property
    def plain_text(self) -> str:
        return self.text.plain

    def show(self, text: Text) -> None:
        self.text = text
        self._wrapped_at = -1
        self._wrap()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_at:
            return
        console = self.app.console
        lines = self.text.wrap(console, width, overflow="fold")
        self._strips = [Strip(list(line.render(console, end="")), line.cell_len) for line in lines]
        self._wrapped_at = width
        self.virtual_size = Size(width, len(self._strips))

    def on_resize(self) -> None:
        self._wrap()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        self._wrap()
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        if 0 <= index < len(self._strips):
            return self._strips[index].adjust_cell_length(width).apply_style(self.rich_style)
        return Strip([Segment(" " * max(0, width), self.rich_style)], max(0, width))
