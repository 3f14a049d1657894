"""The map pane: Syria's borders and the places of the shown events, drawn with the Line API.

`tui.geo` composes the picture (rows of text runs with style names); this widget only turns
style names into colours, remembers what is on screen and repaints the rows that changed: a
cursor move redraws the rows of the old and new ◆ and the status line, not the map.

With the focus (Tab, or a click), the arrows move between places (the nearest in that
direction), Enter filters the events by the picked place (all the places in its cell), z / +
zooms to the picked place's governorate and then its city area, Z / - zooms back out, Esc
gives the focus back to the list. A click on a place picks it and filters by it.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from ..geo import glyphs as geo_glyphs
from ..geo.outline import load_outline
from ..geo.picture import Picture, draw, width
from ..geo.places import ZOOMS, count_places, nearest, spots, step, zoom_box
from ..keys import MAP_KEYS, bindings
from ..model import Timeline

STYLES = ("home", "border", "river", "sea", "label", "w0", "w1", "w2", "here", "picked", "status", "dim")


def _cells(line) -> list[tuple[str, str]]:
    """A row of runs as one (character, style) a cell; a wide character's second cell is ("", style)."""
    out = []
    for text, style in line:
        for ch in text:
            out.append((ch, style))
            if width(ch) == 2:
                out.append(("", style))
    return out


def changed_span(old, new) -> tuple[int, int]:
    """The columns [first, last) where two rows of runs differ (bytes over SSH: a moved ◆
    repaints a cell or two, not the row)."""
    a, b = _cells(old), _cells(new)
    n = max(len(a), len(b))
    first = next((x for x in range(n) if x >= len(a) or x >= len(b) or a[x] != b[x]), n)
    last = next((x for x in range(n - 1, first - 1, -1) if x >= len(a) or x >= len(b) or a[x] != b[x]), first - 1) + 1
    if first >= n:
        return 0, 0
    # a wide character's cells go together
    if first > 0 and first < len(b) and b[first][0] == "":
        first -= 1
    return first, max(last, first + 1)


class MapView(Widget, can_focus=True):
    BINDINGS = bindings(MAP_KEYS)
    COMPONENT_CLASSES = {f"map--{name}" for name in STYLES}
    DEFAULT_CSS = """
    MapView { background: $surface; }
    MapView > .map--home { color: $text; }
    MapView > .map--border { color: $text-muted; }
    MapView > .map--river { color: $primary; }
    MapView > .map--label { color: $text-muted; }
    MapView > .map--w0 { color: $accent; }
    MapView > .map--w1 { color: $accent; }
    MapView > .map--w2 { color: $accent; text-style: bold; }
    MapView > .map--here { color: $warning; text-style: bold; }
    MapView > .map--picked { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    MapView:blur > .map--picked { background: $block-cursor-blurred-background; }
    MapView > .map--status { color: $text; }
    MapView > .map--dim { color: $text-muted; }
    """

    class Chosen(Message):
        """The reader picked a place on the map to filter by (Enter or a click)."""

        def __init__(self, place_ids: tuple[str, ...]) -> None:
            super().__init__()
            self.place_ids = place_ids

    class Left(Message):
        """The reader pressed Esc: the focus goes back to the list."""

    def __init__(self, *, id: str | None = None, glyphs: geo_glyphs.Glyphs | None = None) -> None:
        super().__init__(id=id)
        self.glyphs = glyphs or geo_glyphs.choose()
        self.outline = load_outline()
        self.timeline: Timeline | None = None
        self.found: list = []  # Spots of the shown events (or the search hits)
        self.what = "events"
        self.total: int | None = None  # events (or hits) counted
        self.here: tuple[str, ...] = ()
        self.picked: str | None = None
        self.zoom = 0
        self.zoom_around: str | None = None
        self.picture: Picture | None = None
        self._strips: dict[int, Strip] = {}
        self._styles: dict[str, Style] | None = None
        self._counted: tuple | None = None

    # -- data ------------------------------------------------------------------------------
    def show(
        self,
        timeline: Timeline,
        by_place: Mapping[str, Sequence[int]],
        shown: Sequence[int] | None,
        here: Sequence[str] = (),
        what: str = "events",
    ) -> None:
        """Places of the `shown` events (all when None) weighted by count; `here`: the places of
        the event under the cursor. Counting is skipped when the events are the same as before."""
        counted = self._counted
        if counted is None or counted[0] is not timeline or counted[1] is not shown or counted[2] != what:
            self._counted = (timeline, shown, what)  # kept by reference: a new list is counted again
            self.timeline = timeline
            self.found = spots(timeline.places, count_places(by_place, shown))
            self.what = what
            self.total = len(shown) if shown is not None else len(timeline.events)
        self.here = tuple(here)
        self.redraw()

    def show_here(self, here: Sequence[str]) -> None:
        """The cursor moved: mark the places of its event (repaints only the rows that change)."""
        here = tuple(here)
        if here != self.here:
            self.here = here
            self.redraw()

    # -- drawing ----------------------------------------------------------------------------
    def _make_picture(self) -> Picture | None:
        width, height = self.size
        if width <= 0 or height <= 0:
            return None
        places = self.timeline.places if self.timeline is not None else {}
        box, caption = zoom_box(self.zoom, places, self.zoom_around)
        located = [(s.name, s.lon, s.lat) for s in self.found if s.located]
        return draw(
            outline=self.outline,
            glyphs=self.glyphs,
            cols=width,
            rows=height,
            box=box,
            found=self.found,
            here=self.here,
            picked=self.picked,
            caption=caption,
            what=self.what,
            focused=self.has_focus,
            labels=located,
            names={p.id: p.name for p in places.values()} if self.here else None,
            total=self.total,
        )

    def redraw(self, everything: bool = False) -> None:
        """Compose again; repaint the rows that differ from what is on screen."""
        before = self.picture
        self.picture = self._make_picture()
        if self.picture is None:
            return
        if everything or before is None or len(before.lines) != len(self.picture.lines):
            self._strips.clear()
            self.refresh()
            return
        for y, (old, new) in enumerate(zip(before.lines, self.picture.lines)):
            if old != new:
                self._strips.pop(y, None)
                first, last = changed_span(old, new)
                self.refresh(Region(first, y, last - first, 1))

    def _style(self, name: str) -> Style:
        if self._styles is None:
            base = self.rich_style
            self._styles = {n: base + self.get_component_rich_style(f"map--{n}") for n in STYLES}
        return self._styles.get(name) or self.rich_style

    def render_line(self, y: int) -> Strip:
        strip = self._strips.get(y)
        if strip is not None:
            return strip
        width = self.size.width
        if self.picture is None or (self.picture.lines and len(self.picture.lines) != self.size.height):
            self.picture = self._make_picture()
        if self.picture is None or y >= len(self.picture.lines):
            return Strip.blank(width, self.rich_style)
        segments = [Segment(text, self._style(style)) for text, style in self.picture.lines[y] if text]
        strip = Strip(segments).adjust_cell_length(width, self.rich_style).simplify()
        self._strips[y] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._strips.clear()

    def on_resize(self) -> None:
        self.redraw(everything=True)

    def on_focus(self) -> None:
        if self.picture is not None and self.picked is None and self.picture.groups:
            # start from the busiest place of the event under the cursor, else the busiest place
            lead = next((s.id for s in self.found if s.id in self.here and s.located), None)
            self.picked = lead or max(self.picture.groups, key=lambda g: g.count).lead.id
        self.redraw()

    def on_blur(self) -> None:
        self.redraw()

    # -- the reader's moves ---------------------------------------------------------------------
    def action_step(self, direction: str) -> None:
        picture = self.picture
        if picture is None or not picture.groups:
            return
        current = picture.picked if picture.picked >= 0 else 0
        target = step(picture.groups, current, direction)
        if target == current and picture.picked >= 0:
            return
        self.picked = picture.groups[target].lead.id
        self.redraw()

    def action_choose(self) -> None:
        picture = self.picture
        if picture is not None and picture.picked >= 0:
            self.post_message(self.Chosen(picture.groups[picture.picked].ids))

    def action_zoom(self, change: int) -> None:
        level = max(0, min(len(ZOOMS) - 1, self.zoom + change))
        if level == self.zoom:
            return
        if change > 0:  # zoom in around the picked place (else this event's, else the busiest)
            around = self.picked or next((s.id for s in self.found if s.located and s.id in self.here), None)
            around = around or next((s.id for s in self.found if s.located), None)
            if around is None:
                return
            self.zoom_around = around
        self.zoom = level
        self.redraw(everything=True)

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def on_click(self, event) -> None:
        picture = self.picture
        if picture is None or not picture.groups or event.y >= picture.map_rows:
            return
        hit = picture.cells.get((event.x, event.y))
        if hit is None:
            # a click beside a dot still counts (one cell either way)
            close = nearest(picture.groups, event.x, event.y)
            g = picture.groups[close] if close >= 0 else None
            if g is None or abs(g.col - event.x) > 1 or abs(g.row - event.y) > 1:
                return
            hit = close
        self.picked = picture.groups[hit].lead.id
        self.redraw()
        self.post_message(self.Chosen(picture.groups[hit].ids))
