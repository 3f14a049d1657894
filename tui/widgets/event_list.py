"""The event list: one line per event with year headers, drawn with the Line API.

Rows are ints: an event index (>= 0) or a year header (-year). Only the rows on
screen are ever rendered, and a cursor move repaints just the two rows it touches,
so the list costs the same with 100 events or 100,000.
"""

from __future__ import annotations

import bisect
import time
from collections import OrderedDict
from types import EllipsisType

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .. import bidi, symbols
from ..keys import LIST_KEYS, bindings
from ..model import Timeline, event_values
from ..search_why import NO_MARKS, Marks, spans

DATE_WIDTH = 12
WHEEL_LINES = 3  # rows one notch of the mouse wheel moves the view and the cursor
REPEAT_GAP = 0.1  # seconds: cursor moves closer together than this come from a held-down key


def build_rows(timeline: Timeline, visible: list[int]) -> list[int]:
    """Rows for the visible events: a -year header before each year's first event."""
    rows: list[int] = []
    dates = event_values(timeline.events, "date")  # builds no event read from the cache
    year = None
    for i in visible:
        y = dates[i].year
        if y != year:
            rows.append(-y)
            year = y
        rows.append(i)
    return rows


class EventList(ScrollView, can_focus=True):
    BINDINGS = bindings(LIST_KEYS)
    COMPONENT_CLASSES = {
        "event-list--cursor",
        "event-list--year",
        "event-list--date",
        "event-list--actors",
        "event-list--hit",
        "event-list--empty",
    }

    class Opened(Message):
        """The reader double-clicked an event."""

        def __init__(self, event_index: int) -> None:
            super().__init__()
            self.event_index = event_index

    class Moved(Message):
        """The cursor is on another event (or on none: -1)."""

        def __init__(self, event_index: int) -> None:
            super().__init__()
            self.event_index = event_index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timeline: Timeline | None = None
        self.rows: list[int] = []
        self.event_rows: list[int] = []  # row numbers of event rows, ascending
        self._visible: list[int] = []  # the events shown, ascending (the list given to set_events)
        self.cursor = 0  # index into event_rows
        self.hits: set[int] = set()
        self.words: Marks = NO_MARKS  # the search's words, underlined in the titles
        self.bookmarks: set[str] = set()
        self.empty_message = f"Loading{symbols.S.ellipsis}"
        self._cache: OrderedDict[tuple, Strip] = OrderedDict()
        self._last_move = 0.0
        self._top_before_resize: int | None = None  # the view a resize moved away from the cursor

    # -- data ------------------------------------------------------------------
    def set_events(self, timeline: Timeline, visible: list[int], keep: int | None = None) -> None:
        """Show `visible` events; keep the cursor on event index `keep` (or the nearest after it)."""
        self.timeline = timeline
        self._visible = visible
        self.rows = build_rows(timeline, visible)
        self.event_rows = [r for r, v in enumerate(self.rows) if v >= 0]
        self._cache.clear()
        self.virtual_size = Size(0, len(self.rows))
        position = 0
        if keep is not None and visible:
            position = bisect.bisect_left(visible, keep)
            position = min(position, len(visible) - 1)
        self.cursor = position
        self.refresh()
        self._scroll_cursor_into_view(center=True)
        self.post_message(self.Moved(self.current_event))

    def set_marks(self, hits: set[int] | None = None, bookmarks: set[str] | None = None, words: Marks | None | EllipsisType = ...) -> None:
        """New marks; a mark kind not given stays as it is (`words=None` clears the search's words)."""
        if not isinstance(words, EllipsisType):
            words = words or NO_MARKS
            if words != self.words:
                self.words = words
                self._cache.clear()
                self.refresh()
        if hits is not None:
            self.hits = hits
        if bookmarks is not None:
            self.bookmarks = bookmarks
        self._cache.clear()
        self.refresh()

    @property
    def current_event(self) -> int:
        """Event index under the cursor, or -1 when the list is empty."""
        if not self.event_rows:
            return -1
        return self.rows[self.event_rows[self.cursor]]

    @property
    def visible_events(self) -> list[int]:
        """The events shown, ascending (one per event row). Do not change the list."""
        return self._visible

    # -- cursor ----------------------------------------------------------------
    def move_to(self, position: int, center: bool = False) -> None:
        """Put the cursor on the `position`-th visible event."""
        if not self.event_rows:
            return
        position = max(0, min(position, len(self.event_rows) - 1))
        if position == self.cursor:
            return
        now = time.monotonic()
        held, self._last_move = now - self._last_move < REPEAT_GAP, now
        self._top_before_resize = None
        old_row = self.event_rows[self.cursor]
        self.cursor = position
        new_row = self.event_rows[position]
        self._refresh_row(old_row)
        self._refresh_row(new_row)
        self._scroll_cursor_into_view(center=center, held=held)
        self.post_message(self.Moved(self.current_event))

    def move_to_event(self, event_index: int, center: bool = True) -> bool:
        """Put the cursor on an event index if it is visible."""
        visible = self.visible_events
        pos = bisect.bisect_left(visible, event_index)
        if pos < len(visible) and visible[pos] == event_index:
            self.move_to(pos, center=center)
            return True
        return False

    def _refresh_row(self, row: int) -> None:
        """Repaint one row, and not the scrollbar beside it (bytes over SSH: ~25 a row)."""
        width = self.scrollable_content_region.width
        self.refresh(Region(0, row - self.scroll_offset.y, width, 1))

    def _scroll_cursor_into_view(self, center: bool = False, held: bool = False) -> None:
        if not self.event_rows:
            return
        row = self.event_rows[self.cursor]
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        # keep the year header above the first event of a year in view
        want_top = row - 1 if row > 0 and self.rows[row - 1] < 0 else row
        # Bytes over SSH: every scroll step repaints the whole list (about 2 KB at 80x24), so a
        # held-down key scrolls a page at a time (the cursor lands near the far edge, with one
        # line of context), and a single press still scrolls by one line.
        if center and not (top <= want_top and row < top + height):
            self.scroll_to(y=max(0, row - height // 3), animate=False, immediate=True)
        elif want_top < top:
            y = max(0, min(want_top, row - height + 2)) if held and height > 3 else want_top
            self.scroll_to(y=y, animate=False, immediate=True)
        elif row >= top + height:
            y = max(row - height + 1, want_top - 1) if held and height > 3 else row - height + 1
            self.scroll_to(y=y, animate=False, immediate=True)
        if not self._cursor_in_view():
            # before the first layout (start flags) the scroll is clamped to a size not known yet:
            # look again once the list has its size
            self.call_after_refresh(self.keep_cursor_in_view)

    def _cursor_in_view(self) -> bool:
        if not self.event_rows:
            return True
        row = self.event_rows[self.cursor]
        top = self.scroll_offset.y
        return top <= row < top + max(1, self.scrollable_content_region.height)

    def keep_cursor_in_view(self) -> None:
        """Scroll so the cursor is on screen, a third down, if it is not (after a resize or a
        first layout); nothing is repainted when it already is. The view from before a resize
        moved it comes back when the list is tall enough again."""
        height = self.scrollable_content_region.height
        if not self.event_rows or height <= 0:
            return
        row = self.event_rows[self.cursor]
        wish = self._top_before_resize
        if wish is not None and wish != self.scroll_offset.y and wish <= row < wish + height:
            self._top_before_resize = None
            self.scroll_to(y=wish, animate=False, immediate=True)
        elif not self._cursor_in_view():
            if wish is None:
                self._top_before_resize = self.scroll_offset.y
            self.scroll_to(y=max(0, row - height // 3), animate=False, immediate=True)

    def on_click(self, event) -> None:
        """Mouse works but is never needed: a click puts the cursor on the event, a double-click opens it."""
        row = self.scroll_offset.y + event.y
        if not self.event_rows or not 0 <= row < len(self.rows):
            return
        position = bisect.bisect_left(self.event_rows, row)  # a year header selects its first event
        position = min(position, len(self.event_rows) - 1)
        self.move_to(position)
        if getattr(event, "chain", 1) >= 2:
            self.post_message(self.Opened(self.current_event))

    def _on_mouse_scroll_down(self, event) -> None:
        self._wheel(WHEEL_LINES, event)

    def _on_mouse_scroll_up(self, event) -> None:
        self._wheel(-WHEEL_LINES, event)

    def _wheel(self, lines: int, event) -> None:
        """The wheel moves the view and the cursor with it (as lnav does): the cursor never
        scrolls away."""
        event.stop()
        event.prevent_default()  # not Textual's own scroll as well
        self.scroll_with_cursor(lines)

    def scroll_with_cursor(self, lines: int) -> None:
        """Move the view by `lines` and the cursor by as many, keeping its place on screen (the
        wheel, PgDn/PgUp, Space/b, ctrl+d/ctrl+u). At either end the cursor goes on to the
        first or last event."""
        if not self.event_rows:
            return
        top = self.scroll_offset.y
        height = max(1, self.scrollable_content_region.height)
        new_top = max(0, min(top + lines, len(self.rows) - height))
        row = self.event_rows[self.cursor] + lines
        row = max(new_top, min(row, new_top + height - 1))
        position = bisect.bisect_left(self.event_rows, row)
        if lines < 0 and (position >= len(self.event_rows) or self.event_rows[position] != row):
            position -= 1  # on a year header going up: the event above it
        position = max(0, min(position, len(self.event_rows) - 1))
        if new_top != top:
            self.scroll_to(y=new_top, animate=False, immediate=True)
        self.move_to(position)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_page_down(self) -> None:
        self.scroll_with_cursor(self._page())

    def action_page_up(self) -> None:
        self.scroll_with_cursor(-self._page())

    def action_half_page_down(self) -> None:
        self.scroll_with_cursor(max(1, self._page() // 2))

    def action_half_page_up(self) -> None:
        self.scroll_with_cursor(-max(1, self._page() // 2))

    def action_first(self) -> None:
        self.move_to(0)
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_last(self) -> None:
        self.move_to(len(self.event_rows) - 1)

    def _year_header_rows(self) -> list[int]:
        return [r for r, v in enumerate(self.rows) if v < 0]

    def action_next_year(self) -> None:
        if not self.event_rows:
            return
        headers = self._year_header_rows()
        row = self.event_rows[self.cursor]
        pos = bisect.bisect_right(headers, row)
        if pos < len(headers):
            self.move_to(bisect.bisect_left(self.event_rows, headers[pos]), center=False)
            self._top_at(headers[pos])

    def action_prev_year(self) -> None:
        if not self.event_rows:
            return
        headers = self._year_header_rows()
        row = self.event_rows[self.cursor]
        pos = bisect.bisect_left(headers, row) - 1  # header of this year
        first_of_year = headers[pos] + 1 if pos >= 0 else 0
        if row == first_of_year and pos >= 1:
            pos -= 1
        if pos >= 0:
            self.move_to(bisect.bisect_left(self.event_rows, headers[pos]), center=False)
            self._top_at(headers[pos])

    def _top_at(self, row: int) -> None:
        """Scroll so a year header sits near the top, as a reader jumping by year expects."""
        self.scroll_to(y=row, animate=False, immediate=True)

    # -- drawing ---------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(0, len(self.rows))
        self.call_after_refresh(self.keep_cursor_in_view)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # Bytes over SSH: Textual's ScrollView compares the compositor's virtual size (the visible
        # region) with its own (all rows); they never match, so every layout pass anywhere on the
        # screen (each detail-pane update) repainted this list's scrollbar, about 250 bytes. Only a
        # change of our size or of our row count needs the scrollbar updated.
        key = (size, container_size, self.virtual_size)
        if key == getattr(self, "_sized_for", None):
            return False
        self._sized_for = key
        return super()._size_updated(size, virtual_size, container_size, layout)

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not self.rows:
            if y == 0:
                style = self.get_component_rich_style("event-list--empty")
                return Strip([Segment(set_cell_size(f"  {self.empty_message}", width), style)], width)
            return Strip.blank(width, self.rich_style)
        if row >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        value = self.rows[row]
        is_cursor = bool(self.event_rows) and row == self.event_rows[self.cursor]
        marked = value >= 0 and self.timeline is not None and self.timeline.events[value].id in self.bookmarks
        key = (value, width, is_cursor, value in self.hits, marked, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(value, width, is_cursor)
            self._cache[key] = strip
            if len(self._cache) > 512:
                self._cache.popitem(last=False)
        return strip

    @property
    def bidi(self) -> bool:
        return bool(getattr(self.app, "bidi", False))

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def _title_segments(self, title: str, style: Style) -> list[Segment]:
        """The title (as cut to fit, in logical order) with the search's words underlined; with
        bidi on, laid out for display afterwards, so each underline stays on its letters."""
        found = spans(title, self.words) if self.words else []
        if not found:  # most rows: one run (bidi.display keeps laid-out lines, names recur)
            return [Segment(bidi.display(title) if self.bidi else title, style)]
        match = style + Style(bold=True, underline=True)
        runs: list[tuple[str, Style]] = []
        at = 0
        for lo, hi in found:
            if lo > at:
                runs.append((title[at:lo], style))
            runs.append((title[lo:hi], match))
            at = hi
        if at < len(title) or not runs:
            runs.append((title[at:], style))
        if self.bidi:
            runs = bidi.display_runs(runs)
        return [Segment(text, run_style) for text, run_style in runs]

    def _render_row(self, value: int, width: int, is_cursor: bool) -> Strip:
        assert self.timeline is not None
        base = self.rich_style
        if value < 0:
            style = self.get_component_rich_style("event-list--year")
            rule = symbols.S.rule
            label = f"{rule * 2} {-value} "
            return Strip([Segment(set_cell_size(label + rule * max(0, width - cell_len(label)), width), base + style)], width)
        event = self.timeline.events[value]
        style = base
        if is_cursor:
            style = base + self.get_component_rich_style("event-list--cursor")
        S = symbols.S
        marks = (S.cursor if is_cursor else " ") + (S.bookmark if event.id in self.bookmarks else S.hit if value in self.hits else " ")
        date = str(event.date).rjust(DATE_WIDTH)
        actors = ""
        if width >= 90:  # one column for every row, so it lines up; cut with … when it does not fit
            column = max(12, width // 5)
            names = ", ".join(self.timeline.actor_label_on(a, event.date) for a in event.actors[:4])
            if len(event.actors) > 4:
                names += f" +{len(event.actors) - 4}"
            if cell_len(names) > column:
                ell = S.ellipsis
                names = set_cell_size(names, column - len(ell)) + ell
            actors = set_cell_size(names, column)
        title_width = max(0, width - 2 - DATE_WIDTH - 1 - (cell_len(actors) + 1 if actors else 0) - 1)
        title = event.title
        if cell_len(title) > title_width:
            ell = S.ellipsis
            title = set_cell_size(title, max(0, title_width - len(ell))) + ell if title_width > len(ell) else set_cell_size(title, max(0, title_width))
        else:
            title = set_cell_size(title, title_width)
        date_style = style if is_cursor else style + self.get_component_rich_style("event-list--date")
        hit_style = style + self.get_component_rich_style("event-list--hit") if value in self.hits and not is_cursor else style
        if self.bidi:  # cut in logical order first, then laid out for display (the title in _title_segments)
            actors = bidi.display(actors)
        if marks == "  ":
            hit_style = date_style  # blank marks join the date's run: one style change fewer a row
        segments = [
            Segment(marks, hit_style),
            Segment(date, date_style),
            Segment(" ", style),
            *self._title_segments(title, style),
        ]
        if actors:
            actor_style = style if is_cursor else style + self.get_component_rich_style("event-list--actors")
            segments += [Segment(" ", style), Segment(actors, actor_style)]
        return Strip(segments).adjust_cell_length(width, style).simplify()
