"""The full event: text, claims, sources, and related events to follow (Esc goes back)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from .. import bidi, symbols
from ..keys import EVENT_KEYS, bindings
from ..model import Timeline
from ..event_outline import outline
from ..widgets.strips import cut
from ..widgets.detail import EventBody
from ..widgets.marked_options import MarkedOptionList
from ..widgets.event_text import citation, event_text


class EventScreen(Screen[None]):
    BINDINGS = bindings(EVENT_KEYS)

    def __init__(self, timeline: Timeline, event_index: int, trail: tuple[str, ...] = (), why: dict | None = None) -> None:
        super().__init__()
        self.why = why or {}  # the search's marks and "via" lines (MainScreen._why)
        self.timeline = timeline
        self.event = timeline.events[event_index]
        self.trail = trail + (self.event.id,)

    def _shown(self, text: str) -> str:
        return bidi.display(text) if getattr(self.app, "bidi", False) else text

    def _title(self, event_id: str) -> str:
        """The title of an event of the trail (its id, should the timeline not have it)."""
        position = self.timeline.index_of(event_id)
        return self.timeline.events[position].title if position is not None else event_id

    def compose(self) -> ComposeResult:
        if len(self.trail) > 1:
            path = " › ".join(self._shown(cut(self._title(i), 30)) for i in self.trail[:-1])
            yield Static(Text(f"Path: {path}  (Esc goes back)", style="dim", no_wrap=True, overflow="ellipsis"), id="event-trail")
        # Line API text, scrolled by its own offset: a line of scrolling repaints the text once,
        # in runs of one style (bytes over SSH: about half of a scrolled Static's)
        yield EventBody(id="event-full", margin=2)
        related = [item for item in outline(self.timeline, self.event).related if item.when]
        if related:
            yield Static(Text("Related events (Tab to reach, Enter to follow)", style="bold underline"), id="related-title")
            options = [Option(Text.assemble(f"{symbols.S.arrow} {symbols.chrome(item.when)}  ", self._shown(item.title)), id=item.id) for item in related]
            yield MarkedOptionList(*options, id="related")
        yield Footer()

    @property
    def body(self) -> EventBody:
        return self.query_one(EventBody)

    keys_ready = False  # until the text has the focus, typed-ahead keys wait (TimelineApp)

    def on_mount(self) -> None:
        self.body.show(event_text(self.timeline, self.event, full=True, **self.why))
        self.set_focus(self.body)
        self.keys_ready = True

    def action_related(self) -> None:
        """Tab moves between the text and the related events (Enter follows one)."""
        related = self.query("#related")
        if not related:
            self.notify("This event has no related events", markup=False, timeout=2)
        elif self.focused is related.first():
            self.body.focus()
        else:
            related.first().focus()

    def action_scroll_body(self, direction: int) -> None:
        self.body.scroll_lines(direction)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        index = self.timeline.index_of(event.option.id or "")
        if index is not None:
            self.app.push_screen(EventScreen(self.timeline, index, self.trail))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_copy_source(self) -> None:
        """Copy one source's URL: the only one at once, else picked from a list."""
        sources = [source for source in self.event.sources if source.url]
        if not sources:
            self.notify("This event's sources have no URLs", markup=False, timeout=2)
            return

        def copy(url: str) -> None:
            self.app.copy_to_clipboard(url)
            self.notify("Source URL sent to the terminal's clipboard (OSC 52)", markup=False, timeout=2)

        if len(sources) == 1:
            copy(sources[0].url)
            return
        from .picker import Item, Picker

        items = [Item(str(n), f"{n}. {source.publisher}: {source.url}", (source.url, source.publisher, source.title), 1)
                 for n, source in enumerate(sources, 1)]

        def done(result) -> None:
            if result is not None and result.ids:
                copy(sources[int(result.ids[-1]) - 1].url)

        self.app.push_screen(Picker("Copy a source's URL (Enter copies)", items, single=True, placeholder="type to narrow the sources (publisher, title, URL)"), done)

    def action_copy_citation(self) -> None:
        self.app.copy_to_clipboard(citation(self.timeline, self.event))
        self.notify("Citation sent to the terminal's clipboard (OSC 52)", markup=False, timeout=2)
