"""The main screen: filter bar, overview strip, event list, detail pane, footer.

The screen holds the reader's state (filters, search, hits) and asks `query` for
answers; widgets only draw what they are given.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from .. import query as q
from ..dates import DateError, parse_date, parse_range
from ..keys import MAIN_KEYS, bindings
from ..widgets.bars import FilterBar, Histogram
from ..widgets.detail import DetailView
from ..widgets.event_list import EventList
from ..widgets.event_text import citation, event_text
from .map_pane import MapPane
# the event screen, help and the pickers are imported when first opened, not at start-up
if TYPE_CHECKING:
    from .picker import Picked

DETAIL_DELAY = 0.12  # seconds the cursor must rest before the detail pane redraws
SEARCH_DELAY = 0.15


def _year_position(day, first_year: int) -> float:
    """Where a day falls on the year strip, in buckets (2016-07-01 is about 5.5 if the strip starts in 2011)."""
    return day.year - first_year + (day.timetuple().tm_yday - 1) / 366


class MainScreen(MapPane, Screen[None]):
    BINDINGS = bindings(MAIN_KEYS)

    def __init__(self) -> None:
        super().__init__()
        self.filters = q.Filters()
        self.paused: q.Filters | None = None  # filters put aside by ctrl+f
        self.shown_events: list[int] = []
        self.search_text = ""
        self.hits: list[int] = []
        self.prompt_mode = ""  # "search" | "goto" | "dates"
        self.zoom_year: int | None = None
        self._detail_timer: Timer | None = None
        self._search_timer: Timer | None = None
        self._shown_event = -2
        self._before_search: tuple[str, int, int] = ("", -1, 0)
        self.keys_ready = False  # the list is drawn: typed-ahead keys may go (TimelineApp._pump_keys)

    def compose(self) -> ComposeResult:
        yield Static(id="banner")
        yield FilterBar(id="filters")
        yield Histogram(id="histogram")
        with Container(id="body"):
            yield EventList(id="events")
            yield DetailView(id="detail")
        yield Footer()

    @property
    def event_list(self) -> EventList:
        return self.query_one(EventList)

    def on_mount(self) -> None:
        self.query_one("#banner").display = False
        self.event_list.focus()
        if self.app.index is not None:
            self.data_ready()

    def show_progress(self, message: str) -> None:
        """While a big file loads: say what is happening in the list."""
        self.event_list.empty_message = f"Loading {self.app.timeline_path} … {message}"
        self.event_list.refresh()

    def show_banner(self, problems) -> None:
        """--watch found an invalid file: say what is wrong, keep showing the last good version."""
        text = Text()
        text.append(f"The file has {len(problems)} problem{'s' if len(problems) != 1 else ''}; still showing the last good version:\n", style="bold")
        for problem in problems[:3]:
            text.append(str(problem) + "\n")
        if len(problems) > 3:
            text.append(f"… and {len(problems) - 3} more (syria-timeline validate lists them all)")
        banner = self.query_one("#banner", Static)
        banner.update(text)
        banner.display = True

    def timeline_replaced(self, current_id: str | None) -> None:
        """--watch loaded a new version: keep the filters and the cursor's event."""
        self.query_one("#banner").display = False
        timeline = self.app.timeline
        filters = q.filters_from_dict(q.filters_to_dict(self.filters), timeline)
        filters = replace(filters, search=self.filters.search)
        keep = timeline.index_of(current_id) if current_id else None
        self._shown_event = -2
        self.event_list.set_marks(bookmarks=set(self.app.bookmarks))
        self.set_filters(filters, keep=keep if keep is not None else 0)

    # -- data --------------------------------------------------------------------
    def data_ready(self) -> None:
        """The app has a timeline: apply the start-up options and draw."""
        start = self.app.start
        filters = self.filters
        if start:
            filters = start.filters
        self.event_list.set_marks(bookmarks=set(self.app.bookmarks))
        self.set_filters(filters)
        if start and start.goto:
            self._goto(start.goto)
        if start and start.search:
            self.search_text = start.search
            self._run_search(start.search, move=not start.goto)
        if not self.keys_ready:
            self.keys_ready = True
            self.app.keys_may_flow()

    def set_filters(self, filters: q.Filters, keep: int | None = None) -> None:
        """Apply filters: recompute the visible events and redraw list, bar and strip."""
        app = self.app
        if keep is None:
            keep = self.event_list.current_event if self.event_list.rows else None
        self.filters = filters
        self.shown_events = q.apply(app.index, filters)
        self.event_list.empty_message = "No events match these filters (c clears them)" if filters.active else "This timeline has no events"
        self.event_list.set_events(app.timeline, self.shown_events, keep if keep is not None and keep >= 0 else None)
        if self.search_text:
            self._set_hits(q.search(app.index, self.search_text, within=self.shown_events))
        self._update_bar()
        self._update_histogram()
        self.map_follow()
        app.filters_changed(filters)

    def _update_bar(self) -> None:
        extra = ""
        if self.search_text:
            current = self.event_list.current_event
            if self.hits:
                try:
                    at = self.hits.index(current) + 1
                    extra = f"“{self.search_text}”: hit {at} of {len(self.hits)}"
                except ValueError:
                    extra = f"“{self.search_text}”: {len(self.hits)} hit{'s' if len(self.hits) != 1 else ''} (n/N)"
            else:
                extra = f"“{self.search_text}”: no hits"
        self.query_one(FilterBar).show(
            self.filters.describe(self.app.timeline), len(self.shown_events), len(self.app.timeline), extra, paused=self.paused is not None
        )

    def _update_histogram(self) -> None:
        index = self.app.index
        timeline = self.app.timeline
        current = self.event_list.current_event
        cur_event = timeline.events[current] if current >= 0 else None
        if self.zoom_year is not None:
            year = self.zoom_year
            shown = q.month_counts(index, year, self.shown_events)
            total = q.month_counts(index, year)
            names = "Y Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
            buckets = [(names[m], shown.get(m, 0), total.get(m, 0)) for m in range(0, 13)]
            if not total.get(0):
                buckets = buckets[1:]
                offset = 1
            else:
                offset = 0
            at = (cur_event.date.month or 0) - offset if cur_event and cur_event.date.year == year else -1
            caption = f"{year} by month (Z: years)"
        else:
            years = timeline.years()
            if not years:
                self.query_one(Histogram).show([], -1)
                return
            shown = q.year_counts(index, self.shown_events)
            total = q.year_counts(index)
            span = range(years[0], years[-1] + 1)
            buckets = [(str(y), shown.get(y, 0), total.get(y, 0)) for y in span]
            at = cur_event.date.year - years[0] if cur_event else -1
            caption = ""
            spans = [
                (_year_position(era.start.first_day(), years[0]), _year_position(era.end.last_day(), years[0]) if era.end else len(buckets), era.title)
                for era in timeline.eras
            ]
            self.query_one(Histogram).show(buckets, at, caption, spans)
            return
        self.query_one(Histogram).show(buckets, at, caption)

    # -- cursor and detail -------------------------------------------------------------
    def on_event_list_moved(self, message: EventList.Moved) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(max(0.001, self.app.detail_delay), self._show_detail)
        if self.search_text:
            self._update_bar()

    def on_event_list_opened(self, message: EventList.Opened) -> None:
        self.action_open_event()

    def _show_detail(self) -> None:
        current = self.event_list.current_event
        self._update_histogram()
        self.map_follow()
        if current == self._shown_event:
            return
        self._shown_event = current
        body = self.query_one(DetailView)
        if current < 0:
            body.show(Text("No event selected.", style="dim"))
        else:
            body.show(event_text(self.app.timeline, self.app.timeline.events[current]))

    # -- actions -------------------------------------------------------------------------
    def action_open_event(self) -> None:
        current = self.event_list.current_event
        if current >= 0:
            from .event import EventScreen

            self.app.push_screen(EventScreen(self.app.timeline, current))

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_quit(self) -> None:
        self.app.exit()

    def _live_filters(self) -> q.Filters:
        """The filters to edit: the paused ones come back when the reader edits them."""
        if self.paused is not None:
            filters, self.paused = self.paused, None
            return filters
        return self.filters

    def action_pick_actors(self) -> None:
        from .picker import Item, Picker

        timeline, index = self.app.timeline, self.app.index
        counts = q.actor_counts(index)
        items = [
            Item(a.id, a.name, (a.short, a.id, *a.aliases), counts.get(a.id, 0), a.short if a.short != a.name else "")
            for a in sorted(timeline.actors.values(), key=lambda a: (-counts.get(a.id, 0), a.name.casefold()))
        ]
        base = self._live_filters()

        def done(result: Picked | None) -> None:
            if result is not None:
                self.set_filters(replace(base, actors=result.ids, actor_mode=result.mode))
            elif base is not self.filters:
                self.set_filters(base)

        self.app.push_screen(Picker("Filter by actor", items, base.actors, base.actor_mode, with_mode=True), done)

    def action_pick_tags(self) -> None:
        from .picker import Item, Picker

        counts = q.tag_counts(self.app.index)
        items = [Item(t, t, (), n) for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        base = self._live_filters()
        self.app.push_screen(
            Picker("Filter by tag (any of the picked)", items, base.tags),
            lambda r: self.set_filters(replace(base, tags=r.ids)) if r is not None else None,
        )

    def action_pick_places(self) -> None:
        from .picker import Item, Picker

        timeline = self.app.timeline
        counts = q.place_counts(self.app.index)
        items = [
            Item(p.id, p.name, (p.arabic, p.id, p.governorate), counts.get(p.id, 0), p.governorate or p.country)
            for p in sorted(timeline.places.values(), key=lambda p: (-counts.get(p.id, 0), p.name.casefold()))
        ]
        base = self._live_filters()
        self.app.push_screen(
            Picker("Filter by place (any of the picked)", items, base.places),
            lambda r: self.set_filters(replace(base, places=r.ids)) if r is not None else None,
        )

    def action_clear_filters(self) -> None:
        self.paused = None
        self.search_text = ""
        self._set_hits([])
        self.set_filters(q.Filters())
        self.notify("Filters and search cleared", markup=False, timeout=2)

    def action_toggle_filters(self) -> None:
        if self.paused is not None:
            filters, self.paused = self.paused, None
            self.set_filters(filters)
        elif self.filters.active:
            self.paused = self.filters
            self.set_filters(q.Filters())
        else:
            self.notify("No filters to switch off", markup=False, timeout=2)

    # -- prompt: search, go to date, date range ----------------------------------------------
    async def _open_prompt(self, mode: str, placeholder: str, value: str = "") -> None:
        """Open the inline prompt and give it the keys at once: the keys typed behind `/` go to it
        (the app holds them until this returns and the focus is set)."""
        prompts = self.query("#prompt")
        if prompts:
            prompt = prompts.first()
        else:  # made when first needed, not at start-up
            from textual.widgets import Input

            prompt = Input(id="prompt")
            await self.mount(prompt, before=self.query_one(Footer))
        self.prompt_mode = mode
        prompt.placeholder = placeholder
        prompt.value = value
        prompt.display = True
        self.set_focus(prompt)

    def _close_prompt(self) -> None:
        for prompt in self.query("#prompt"):
            prompt.display = False
        self.prompt_mode = ""
        self.set_focus(self.event_list)

    async def action_search(self) -> None:
        self._before_search = (self.search_text, self.event_list.current_event, self.event_list.scroll_offset.y)
        await self._open_prompt("search", "search titles, text, claims, actors, places (Enter keeps, Esc leaves)", self.search_text)

    async def action_goto_date(self) -> None:
        await self._open_prompt("goto", "go to date: 2016-12, Dec 2016, 22 December 2016, 2016")

    async def action_date_range(self) -> None:
        f = self.filters
        current = ""
        if f.date_from or f.date_to:
            current = f.date_from.iso() if f.date_from == f.date_to else f"{f.date_from.iso() if f.date_from else ''}..{f.date_to.iso() if f.date_to else ''}"
        await self._open_prompt("dates", "date range: 2016, 2016-07..2016-12, 2019.., ..2012 (empty clears)", current)

    def on_input_changed(self, event) -> None:
        if self.prompt_mode != "search":
            return
        if self._search_timer is not None:
            self._search_timer.stop()
        value = event.value
        self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self._run_search(value))

    def on_input_submitted(self, event) -> None:
        mode, value = self.prompt_mode, event.value.strip()
        if mode == "search":
            if self._search_timer is not None:
                self._search_timer.stop()
            self._close_prompt()
            self._run_search(value)
        elif mode == "goto":
            if self._goto(value):
                self._close_prompt()
        elif mode == "dates":
            if not value:
                self._close_prompt()
                self.set_filters(replace(self._live_filters(), date_from=None, date_to=None))
                return
            try:
                lo, hi = parse_range(value)
            except DateError as exc:
                self.notify(f"{exc}. Try 2016, 2016-07..2016-12 or 2019..", severity="error", markup=False)
                return
            self._close_prompt()
            self.set_filters(replace(self._live_filters(), date_from=lo, date_to=hi))

    def on_key(self, event) -> None:
        if event.key == "escape" and self.prompt_mode:
            if self._search_timer is not None:
                self._search_timer.stop()
            mode = self.prompt_mode
            self._close_prompt()
            if mode == "search":  # Esc cancels: the search and the cursor from before the prompt come back
                text, event_index, top = self._before_search
                self.search_text = text
                if text:
                    self._run_search(text, move=False)
                else:
                    self._set_hits([])
                if event_index >= 0 and self.event_list.move_to_event(event_index, center=False):
                    self.event_list.scroll_to(y=top, animate=False, immediate=True)
                self._update_bar()
            event.stop()
            event.prevent_default()

    def _goto(self, text: str) -> bool:
        try:
            date = parse_date(text)
        except DateError as exc:
            self.notify(f"{exc}. Try 2016-12, Dec 2016 or 22 December 2016", severity="error", markup=False)
            return False
        position = q.first_on_or_after(self.app.index, self.shown_events, date)
        if position is None:
            self.notify(f"No event on or after {date}; moved to the last one", markup=False, timeout=3)
            self.event_list.action_last()
        else:
            self.event_list.move_to(position, center=True)
        return True

    # -- search -------------------------------------------------------------------------------
    def _run_search(self, text: str, move: bool = True) -> None:
        self.search_text = text.strip()
        if not self.search_text:
            self._set_hits([])
            self._update_bar()
            return
        self._search_worker(self.search_text, list(self.shown_events), move)

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, text: str, visible: list[int], move: bool) -> None:
        hits = q.search(self.app.index, text, within=visible)
        self.app.call_from_thread(self._search_done, text, hits, move)

    def _search_done(self, text: str, hits: list[int], move: bool) -> None:
        if text != self.search_text:
            return
        self._set_hits(hits)
        if move and hits:
            self._jump_hit(+1, include_current=True)
        self._update_bar()

    def _set_hits(self, hits: list[int]) -> None:
        self.hits = hits
        self.event_list.set_marks(hits=set(hits))
        self.map_follow()

    def _jump_hit(self, direction: int, include_current: bool = False) -> None:
        if not self.hits:
            self.notify("No search hits; press / to search", markup=False, timeout=2)
            return
        import bisect

        current = self.event_list.current_event
        if direction > 0:
            pos = bisect.bisect_left(self.hits, current) if include_current else bisect.bisect_right(self.hits, current)
            target = self.hits[pos % len(self.hits)]
        else:
            pos = bisect.bisect_left(self.hits, current) - 1
            target = self.hits[pos % len(self.hits)]
        self.event_list.move_to_event(target)
        self._update_bar()

    def action_next_hit(self) -> None:
        self._jump_hit(+1)

    def action_prev_hit(self) -> None:
        self._jump_hit(-1)

    # -- eras and zoom ----------------------------------------------------------------------------
    def _era_jump(self, direction: int) -> None:
        eras = self.app.timeline.eras
        current = self.event_list.current_event
        if not eras or current < 0:
            return
        date = self.app.timeline.events[current].date.first_day()
        starts = [era.start.first_day() for era in eras]
        if direction > 0:
            targets = [i for i, s in enumerate(starts) if s > date]
            pick = targets[0] if targets else None
        else:
            here = [i for i, s in enumerate(starts) if s <= date]
            # from inside an era, { goes to its start first; from its start, to the one before
            pick = None
            if here:
                i = here[-1]
                first = q.first_on_or_after(self.app.index, self.shown_events, eras[i].start)
                pick = i if first is not None and first < self.event_list.cursor else (i - 1 if i > 0 else None)
        if pick is None:
            self.notify("No more eras that way", markup=False, timeout=2)
            return
        era = eras[pick]
        position = q.first_on_or_after(self.app.index, self.shown_events, era.start)
        if position is not None:
            self.event_list.move_to(position, center=True)
            self.notify(f"Era: {era.title}", markup=False, timeout=2)

    def action_next_era(self) -> None:
        self._era_jump(+1)

    def action_prev_era(self) -> None:
        self._era_jump(-1)

    def action_zoom_in(self) -> None:
        current = self.event_list.current_event
        if current >= 0:
            self.zoom_year = self.app.timeline.events[current].date.year
            self._update_histogram()

    def action_zoom_out(self) -> None:
        self.zoom_year = None
        self._update_histogram()

    # -- bookmarks --------------------------------------------------------------------------------
    def action_bookmark(self) -> None:
        current = self.event_list.current_event
        if current < 0:
            return
        event_id = self.app.timeline.events[current].id
        marks = list(self.app.bookmarks)
        if event_id in marks:
            marks.remove(event_id)
            self.notify("Bookmark removed", markup=False, timeout=2)
        else:
            marks.append(event_id)
            self.notify("Bookmarked (★); ' lists bookmarks", markup=False, timeout=2)
        self.app.set_bookmarks(marks)
        self.event_list.set_marks(bookmarks=set(marks))

    def _bookmark_positions(self) -> list[int]:
        """Shown events that are bookmarked, in order (by id lookup: no event is built)."""
        import bisect

        timeline, shown = self.app.timeline, self.shown_events
        positions = sorted(i for i in map(timeline.index_of, self.app.bookmarks) if i is not None)
        return [i for i in positions if (at := bisect.bisect_left(shown, i)) < len(shown) and shown[at] == i]

    def _jump_bookmark(self, direction: int) -> None:
        import bisect

        marks = self._bookmark_positions()
        if not marks:
            self.notify("No bookmarks among the shown events (m adds one)", markup=False, timeout=2)
            return
        current = self.event_list.current_event
        if direction > 0:
            target = marks[bisect.bisect_right(marks, current) % len(marks)]
        else:
            target = marks[(bisect.bisect_left(marks, current) - 1) % len(marks)]
        self.event_list.move_to_event(target)

    def action_next_bookmark(self) -> None:
        self._jump_bookmark(+1)

    def action_prev_bookmark(self) -> None:
        self._jump_bookmark(-1)

    def action_list_bookmarks(self) -> None:
        from .picker import Item, Picker

        timeline = self.app.timeline
        items = []
        for event_id in self.app.bookmarks:
            index = timeline.index_of(event_id)
            if index is not None:
                event = timeline.events[index]
                items.append(Item(event.id, f"{event.date}  {event.title}", (), 1, ""))
        if not items:
            self.notify("No bookmarks yet: m bookmarks the event under the cursor", markup=False, timeout=3)
            return

        def done(result: Picked | None) -> None:
            if result is not None and result.ids:
                self.goto_event(timeline.index_of(result.ids[-1]))

        self.app.push_screen(Picker("Bookmarks (Enter jumps)", items, single=True), done)

    # -- palette and start-up hooks -------------------------------------------------------------
    def filter_by(self, **changes) -> None:
        """Replace one kind of filter (used by the command palette)."""
        self.set_filters(replace(self._live_filters(), **changes))

    def goto_text(self, text: str) -> None:
        self._goto(text)

    def goto_event(self, index: int | None) -> None:
        """Move to an event; if the filters hide it, say so and offer to clear them."""
        if index is None:
            return
        if not self.event_list.move_to_event(index):
            self.notify("That event is hidden by the filters; c clears them", markup=False, timeout=3)

    def action_copy_citation(self) -> None:
        current = self.event_list.current_event
        if current >= 0:
            self.app.copy_to_clipboard(citation(self.app.timeline, self.app.timeline.events[current]))
            self.notify("Citation copied (OSC 52 clipboard)", markup=False, timeout=2)

