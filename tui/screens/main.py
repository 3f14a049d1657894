"""The main screen: filter bar, overview strip, event list, detail pane, prompt, footer.

It composes the widgets and wires them to the reader's `Session` (tui/session.py), which holds
every piece of state and answers every question; widgets only draw what they are given.
"""

from __future__ import annotations

from dataclasses import replace
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from .. import query as q
from .. import symbols
from ..safetext import clean
from ..dates import DateError, parse_date, parse_range
from ..keys import MAIN_KEYS, bindings
from ..session import Session
from ..widgets.filter_bar import FilterBar
from ..widgets.overview_strip import OverviewStrip
from ..widgets.detail import DetailView
from ..widgets.event_list import EventList
from .map_pane import MapPane

# the event screen, help, the pickers and the prompt are imported when first opened, not at start-up
if TYPE_CHECKING:
    from textual import getters

    from ..app import TimelineApp
    from ..widgets.map import MapView
    from ..widgets.prompt import Prompt
    from .picker import Picked, Picker

# the main screen's keys shown in the footer: while the prompt has the focus they are text (or,
# Enter, the prompt's), so the footer leaves them out and shows the prompt's own
FOOTER_ACTIONS = frozenset(key.action for key in MAIN_KEYS if key.show)
FOOTER_PALETTE_WIDTH = 70  # narrower: the footer leaves out its palette label to keep `q Quit`
SEARCH_DELAY = 0.15  # seconds of no typing before the live search runs


class MainScreen(Screen[None]):
    BINDINGS = bindings(MAIN_KEYS)
    if TYPE_CHECKING:  # self.app is the TimelineApp (at run time: Textual's own property)
        app = getters.app(TimelineApp)

    def __init__(self) -> None:
        super().__init__()
        self.zoom_year: int | None = None
        self._detail_timer: Timer | None = None
        self._search_timer: Timer | None = None
        self._live_search: str | None = None  # what the prompt holds, searched once typing pauses
        self._shown_event = -2
        self._before_search: tuple[str, int, int] = ("", -1, 0)  # search, event, scroll: what Esc restores
        self.keys_ready = False  # the list is drawn: typed-ahead keys may go (TimelineApp._pump_keys)
        self.map_pane = MapPane(self)  # the map beside the list (v), made when first shown
        self._classes_for(self.app.size)

    def _classes_for(self, size) -> None:
        """The breakpoint classes (-narrow/-wide, -short/-tall) of the terminal's size, given before
        the first layout. Textual gives them at the screen's first Resize, which comes after the
        first frames: until then the list was laid out a row high, and it painted some 40 ms later
        than it could."""
        app = self.app
        classes = {name: False for _, name in app.HORIZONTAL_BREAKPOINTS + app.VERTICAL_BREAKPOINTS}
        for dimension, points in ((size.width, app.HORIZONTAL_BREAKPOINTS), (size.height, app.VERTICAL_BREAKPOINTS)):
            classes.update(dict.fromkeys(self._get_breakpoint_classes(dimension, points), True))
        self.update_classes(classes, update=False)

    @property
    def session(self) -> Session:
        session = self.app.session
        assert session is not None, "the main screen is wired once the timeline is loaded"
        return session

    def compose(self) -> ComposeResult:
        yield Static(id="banner")
        yield FilterBar(id="filters")
        yield OverviewStrip(id="overview-strip")
        with Container(id="body"):
            yield EventList(id="events")
            yield DetailView(id="detail")
        yield Footer()

    @property
    def event_list(self) -> EventList:
        return self.query_one(EventList)

    @property
    def prompt(self) -> Prompt | None:
        found = self.query("#prompt")
        return cast("Prompt", found.first()) if found else None  # only the Prompt has this id

    @property
    def prompt_mode(self) -> str:
        prompt = self.prompt
        return prompt.mode if prompt is not None and prompt.display else ""

    @property
    def current(self) -> int:
        """The event under the cursor (an index into the timeline's events), or -1."""
        return self.event_list.current_event

    def on_mount(self) -> None:
        self.query_one("#banner").display = False
        self.set_focus(self.event_list)
        if self.app.session is not None:
            self.data_ready()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in FOOTER_ACTIONS and getattr(self.focused, "id", None) == "prompt":
            return False  # out of the footer; their keys go to the prompt as before (tests/test_typeahead.py)
        return True

    def on_resize(self, event) -> None:
        """Under 70 columns the footer drops its ^p palette label (ctrl+p still works, and `?`
        says so), so that `q Quit` stays in view."""
        footer = self.query_one(Footer)
        footer.show_command_palette = event.size.width >= FOOTER_PALETTE_WIDTH

    def show_progress(self, message: str) -> None:
        """While a big file loads: say what is happening in the list."""
        self.event_list.empty_message = f"Loading {clean(self.app.timeline_path)} {symbols.S.ellipsis} {clean(message)}  (q or ctrl+c quits)"
        self.event_list.refresh()

    def show_unloadable(self, problems) -> None:
        """--watch, and the file did not load at start: what to fix, and that it loads once saved."""
        name = clean(self.app.timeline_path)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        self.show_banner(problems, f"{name} has {count}; fix {'it' if len(problems) == 1 else 'them'} and save, and it loads")
        self.event_list.empty_message = f"Waiting for the file to be fixed {symbols.S.ellipsis} (q quits)"
        self.event_list.refresh()

    def show_banner(self, problems, headline: str = "") -> None:
        """--watch found an invalid file: say what is wrong, keep showing the last good version."""
        text = Text()
        headline = headline or f"The file has {len(problems)} problem{'s' if len(problems) != 1 else ''}; still showing the last good version"
        text.append(f"{headline}:\n", style="bold")
        for problem in problems[:3]:
            text.append(str(problem) + "\n")
        if len(problems) > 3:
            text.append(f"… and {len(problems) - 3} more (syria-timeline validate lists them all)")
        banner = self.query_one("#banner", Static)
        banner.update(text)
        banner.display = True

    def timeline_replaced(self, current_id: str | None) -> None:
        """--watch loaded a new version (the session already holds it): keep the cursor's event."""
        self.query_one("#banner").display = False
        keep = self.session.timeline.index_of(current_id) if current_id else None
        self._shown_event = -2
        self.show_shown(keep=keep if keep is not None else 0)

    # -- data --------------------------------------------------------------------
    def data_ready(self) -> None:
        """The app has a session: apply the start-up options and draw."""
        start = self.app.start
        if start is not None:
            # options given on the command line apply to this run; only the reader's own changes are saved
            self.session.set_filters(start.filters, record=False, save=not start.explicit)
        self.show_shown()
        if start and start.goto:
            self._goto(start.goto)
        if start and start.search:
            self._run_search(start.search, move=not start.goto)
        if not self.keys_ready:
            self.keys_ready = True
            self.app.keys_may_flow()

    def set_filters(self, filters: q.Filters) -> None:
        """Apply filters and redraw (the palette and the map use this too)."""
        self.session.set_filters(filters)
        self.show_shown()

    def show_shown(self, keep: int | None = None) -> None:
        """Draw what the session shows: list, marks, bar, strip, map. The cursor stays on its
        event if still shown, else on the nearest, and is always in view."""
        session = self.session
        if keep is None:
            keep = self.current if self.event_list.rows else None
        self.event_list.empty_message = "No events match these filters (c clears them, backspace undoes)" if session.filters.active else "This timeline has no events"
        self.event_list.set_events(session.timeline, session.shown, keep if keep is not None and keep >= 0 else None)
        self.event_list.set_marks(hits=set(session.hits), bookmarks=set(session.bookmarks))
        self._update_bar()
        self._update_overview()
        self.map_pane.follow()
        self.app.flush_notices()

    def _update_bar(self) -> None:
        bar = self.session.bar(self.current)
        self.query_one(FilterBar).show(bar.parts, bar.shown, bar.total, bar.search, paused=bar.paused, kinds=bar.kinds)

    def _update_overview(self) -> None:
        if self.zoom_year is not None and self.current >= 0:  # the zoomed strip follows the cursor's year
            self.zoom_year = self.session.timeline.events[self.current].date.year
        view = self.session.overview(self.current, self.zoom_year)
        self.query_one(OverviewStrip).show(view.buckets, view.current, view.caption, view.spans)

    # -- cursor and detail -------------------------------------------------------------
    def on_event_list_moved(self, message: EventList.Moved) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(max(0.001, self.app.detail_delay), self._show_detail)
        if self.session.search_text:
            self._update_bar()

    def on_overview_strip_clicked(self, message: OverviewStrip.Clicked) -> None:
        """A click on the strip: a year (a month when zoomed) goes there, an era's name to the era."""
        if message.era is not None:
            eras = self.session.timeline.eras
            if 0 <= message.era < len(eras):
                era = eras[message.era]
                self._goto(era.start.iso())
                self.notify(f"Era: {era.title}", markup=False, timeout=2)
        elif message.bucket is not None:
            target = self.session.bucket_date(message.bucket, self.zoom_year)
            if target:
                self._goto(target)

    def on_event_list_opened(self, message: EventList.Opened) -> None:
        self.action_open_event()

    def _show_detail(self) -> None:
        current = self.current
        self._update_overview()
        self.map_pane.follow()
        if current == self._shown_event:
            return
        if self.has_class("-no-detail"):
            return  # drawn when shown again (i)
        self._shown_event = current
        body = self.query_one(DetailView)
        if current < 0:
            body.show(Text("No event selected.", style="dim"))
        else:
            from ..widgets.event_text import event_text  # the outline's modules: not on the first paint's path

            body.show(event_text(self.session.timeline, self.session.timeline.events[current], **self._why(current)))

    def _why(self, current: int) -> dict:
        """The search's marks, and for a hit the names that brought it in (search_why)."""
        from .. import search_why

        session = self.session
        if not session.search_text or session.search_error:
            return {}
        timeline = session.timeline
        is_hit = session.hit_from(current, +1, include_current=True) == current
        return {"marks": search_why.marks_for(session.search_text),
                "via": search_why.via(timeline, timeline.events[current], session.search_text) if is_hit else ()}

    # -- actions -------------------------------------------------------------------------
    def action_open_event(self) -> None:
        if self.current >= 0:
            from .event import EventScreen

            self.app.push_screen(EventScreen(self.session.timeline, self.current, why=self._why(self.current)))

    def action_toggle_detail(self) -> None:
        """Hide or show the detail pane: the list alone, as lnav or less show it, repaints only its
        two rows a ↓ (a third of the bytes over SSH)."""
        hidden = not self.has_class("-no-detail")
        self.set_class(hidden, "-no-detail")
        if not hidden:
            self._shown_event = -2
            self._show_detail()

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen())

    async def action_toggle_map(self) -> None:
        await self.map_pane.toggle()

    def on_map_view_chosen(self, message: MapView.Chosen) -> None:
        """A place picked on the map filters the list by it."""
        names = ", ".join(self.session.timeline.place_name(p) for p in message.place_ids)
        self.filter_by(places=tuple(message.place_ids))
        self.notify(f"Filtered by place: {names} (c clears, p picks places)", markup=False, timeout=3)

    def on_map_view_left(self, message: MapView.Left) -> None:
        self.set_focus(self.event_list)

    def action_quit(self) -> None:
        self.app.exit()

    def _push_picker(self, picker: Picker, done: Callable[[Picked | None], None]) -> None:
        """Open a picker whose result changes this screen. Textual runs `done` later, from this
        screen's queue: until it has run, keys typed behind the picker's Enter or Esc wait (they
        would otherwise reach the list before the filter they follow, as fast typing over SSH
        does, and not as the same keys typed slowly)."""
        self.keys_ready = False

        def finish(result: Picked | None) -> None:
            try:
                done(result)
            finally:
                self.keys_ready = True
                self.app.keys_may_flow()

        self.app.push_screen(picker, finish)

    def _pick(self, title: str, items, picked: tuple[str, ...], field: str, **options) -> None:
        from .picker import Picker

        base = self.session.live_filters()

        def done(result: Picked | None) -> None:
            if result is not None:
                changes: dict[str, Any] = {field: result.ids}
                if options.get("with_mode"):
                    changes["actor_mode"] = result.mode
                    changes["actor_quoted"] = result.quoted
                self.session.set_filters(replace(base, **changes))
            elif base is not self.session.filters:  # cancelled: the paused filters stay back on
                self.session.set_filters(base)
            self.show_shown()

        self._push_picker(Picker(title, items, picked, **options), done)

    def action_pick_actors(self) -> None:
        from .picker import Item

        session = self.session
        counts = q.actor_counts(session.index)
        items = [
            Item(a.id, a.name, (a.short, a.id, *a.all_names), counts.get(a.id, 0), a.short if a.short != a.name else "")
            for a in sorted(session.timeline.actors.values(), key=lambda a: (-counts.get(a.id, 0), a.name.casefold()))
        ]
        filters = session.paused or session.filters
        self._pick("Filter by actor", items, filters.actors, "actors", mode=filters.actor_mode, with_mode=True, quoted=filters.actor_quoted,
                   placeholder="type to narrow (names, short names, aliases, Arabic)")

    def action_pick_tags(self) -> None:
        from .picker import Item

        counts = q.tag_counts(self.session.index)
        items = [Item(t, t, (), n) for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        self._pick("Filter by tag (any of the picked)", items, (self.session.paused or self.session.filters).tags, "tags",
                   placeholder="type to narrow the tags")

    def action_pick_places(self) -> None:
        from .picker import Item

        session = self.session
        counts = q.place_counts(session.index)
        items = [
            Item(p.id, p.name, (p.arabic, p.id, p.governorate), counts.get(p.id, 0), p.governorate or p.country)
            for p in sorted(session.timeline.places.values(), key=lambda p: (-counts.get(p.id, 0), p.name.casefold()))
        ]
        self._pick("Filter by place (any of the picked)", items, (session.paused or session.filters).places, "places",
                   placeholder="type to narrow (place names, Arabic names, governorates)")

    def action_clear_filters(self) -> None:
        self.session.clear()
        self.show_shown()
        self.notify("Filters and search cleared (backspace undoes)", markup=False, timeout=2)

    def action_undo_filters(self) -> None:
        if self.session.undo():
            self.show_shown()
        else:
            self.notify("Nothing to undo", markup=False, timeout=2)

    def action_remove_filter(self) -> None:
        """x: pick one of the active filters (each actor, tag and place, the dates, the kept
        search) and take it off alone; backspace puts it back."""
        from .picker import Item, Picker

        removable = self.session.removable()
        if not removable:
            self.notify("No filters to remove (a, t, p, d and & add them)", markup=False, timeout=2)
            return
        items = [Item(r.key, r.label, (), 1) for r in removable]

        def done(result: Picked | None) -> None:
            if result is not None and result.ids:
                self.remove_filter(result.ids[-1])

        self._push_picker(Picker("Remove a filter (Enter removes it; backspace undoes)", items, single=True,
                                    placeholder="type to narrow the active filters"), done)

    def remove_filter(self, key: str) -> None:
        """Take one filter off (x, a click in the bar, the palette); backspace undoes it."""
        label = next((r.label for r in self.session.removable() if r.key == key), key)
        if self.session.remove_filter(key):
            self.show_shown()
            self.notify(f"Removed {clean(label)} (backspace undoes)", markup=False, timeout=2)

    def on_filter_bar_remove(self, message: FilterBar.Remove) -> None:
        self.remove_filter(message.kind)

    def action_keep_hits(self) -> None:
        done = self.session.keep_hits()
        if done == "none":
            self.notify("No search to keep; press / to search, then &", markup=False, timeout=2)
            return
        self.show_shown()

    def action_toggle_filters(self) -> None:
        if self.session.toggle_pause() is None:
            self.notify("No filters to switch off", markup=False, timeout=2)
        self.show_shown()

    # -- prompt: search, go to date, date range ----------------------------------------------
    async def _ask(self, mode: str, value: str = "") -> None:
        """Open the prompt and give it the keys at once: the keys typed behind `/` go to it (the
        app holds them until this returns with the focus set)."""
        prompt = self.prompt
        if prompt is None:  # made when first needed, not at start-up
            from ..widgets.prompt import Prompt

            prompt = Prompt()
            await self.mount(prompt, before=self.query_one(Footer))
        prompt.ask(mode, value)
        self._toasts_above_prompt(True)
        self.set_focus(prompt)

    def _close_prompt(self) -> None:
        if self.prompt is not None:
            self.prompt.close()
        self._toasts_above_prompt(False)
        self.set_focus(self.event_list)

    def _toasts_above_prompt(self, above: bool) -> None:
        """Toasts rise above the open prompt (app.tcss). The class goes on the toasts' rack, not on
        the screen: a class on the screen restyles every widget on it (10-15 ms on Enter)."""
        for rack in self.query_children("#textual-toastrack"):
            rack.set_class(above, "-above-prompt")

    async def action_search(self) -> None:
        self._before_search = (self.session.search_text, self.current, self.event_list.scroll_offset.y)
        await self._ask("search", self.session.search_text)

    async def action_goto_date(self) -> None:
        await self._ask("goto")

    async def action_date_range(self) -> None:
        f = self.session.filters
        current = ""
        if f.date_from or f.date_to:
            current = f.date_from.iso() if f.date_from == f.date_to and f.date_from else f"{f.date_from.iso() if f.date_from else ''}..{f.date_to.iso() if f.date_to else ''}"
        await self._ask("dates", current)

    def on_prompt_typed(self, message) -> None:
        if message.mode != "search":
            return
        self._stop_live_search()
        self._live_search = message.value
        self._search_timer = self.set_timer(SEARCH_DELAY, self._run_live_search)

    def _run_live_search(self) -> None:
        value = self._live_search
        self._stop_live_search()
        if value is not None:
            self._run_search(value, from_prompt=True)

    def _stop_live_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._live_search = None

    def on_input_blurred(self, message) -> None:
        """The focus left the open prompt (Tab, a click): the search waiting for a pause in typing
        runs now, so that it moves the cursor before the keys typed after, not behind them."""
        self._run_live_search()

    def on_prompt_asked(self, message) -> None:
        mode, value = message.mode, message.value
        if mode == "search":
            self._stop_live_search()
            self._close_prompt()
            self._run_search(value, from_prompt=True)
        elif mode == "goto":
            if self._goto(value):
                self._close_prompt()
            elif self.prompt is not None:
                self.prompt.try_again()
        elif mode == "dates":
            if not value:
                self._close_prompt()
                self.session.change_filters(date_from=None, date_to=None)
                self.show_shown()
                return
            try:
                lo, hi = parse_range(value)
            except DateError as exc:
                self.notify(f"{exc}. Try 2016, 2016-07..2016-12 or 2019..", severity="error", markup=False)
                if self.prompt is not None:
                    self.prompt.try_again()
                return
            self._close_prompt()
            self.session.change_filters(date_from=lo, date_to=hi)
            self.show_shown()

    def on_prompt_left(self, message) -> None:
        self._stop_live_search()
        self._close_prompt()
        if message.mode == "search":  # Esc cancels: the search and the cursor from before come back
            text = self._before_search[0]
            self.session.set_search(text, [] if not text else None)
            self._mark_search()
            self._back_to_origin()
            self._update_bar()
            self.map_pane.follow()

    def _goto(self, text: str) -> bool:
        try:
            date = parse_date(text)
        except DateError as exc:
            self.notify(f"{exc}. Try 2016-12, Dec 2016 or 22 December 2016", severity="error", markup=False)
            return False
        position = self.session.first_on_or_after(date)
        if position is None:
            self.notify(f"No event on or after {date}; moved to the last one", markup=False, timeout=3)
            self.event_list.action_last()
        else:
            self.event_list.move_to(position, center=True)
        return True

    # -- search -------------------------------------------------------------------------------
    def _run_search(self, text: str, move: bool = True, from_prompt: bool = False) -> None:
        """Search, then move to the first hit. From the prompt, hits are found from where the
        cursor was when `/` opened it, and a search with no hits puts the cursor back there: where
        the cursor ends never depends on how fast the letters came."""
        session = self.session
        session.search_text = text.strip()
        if not session.search_text:
            session.set_search("", [])
            self._mark_search()
            if from_prompt:
                self._back_to_origin()
            self._update_bar()
            self.map_pane.follow()
            return
        if self._answers_at_once(session.search_text):
            from ..search_query import QueryError

            try:
                hits, error = session.find(session.search_text), ""
            except QueryError as exc:  # said in the bar, where the hit count goes
                hits, error = [], str(exc)
            self._search_done(session.search_text, hits, move, from_prompt, error)
            return
        self._search_worker(session.search_text, move, from_prompt)

    def _answers_at_once(self, text: str) -> bool:
        """Can the search be answered here, in milliseconds, instead of in a worker thread (whose
        start and hand-back cost more than the search)? Yes once the search index is built, for a
        query the index alone answers (search_query.Query.quick), or one that cannot be read."""
        from ..search_query import QueryError, parse

        if not self.session.index.words_ready:
            return False
        try:
            return parse(text).quick
        except QueryError:
            return True

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, text: str, move: bool, from_prompt: bool) -> None:
        from ..search_query import QueryError

        try:
            hits, error = self.session.find(text), ""
        except QueryError as exc:  # said in the bar, where the hit count goes
            hits, error = [], str(exc)
        self.app.call_from_thread(self._search_done, text, hits, move, from_prompt, error)

    def _search_done(self, text: str, hits: list[int], move: bool, from_prompt: bool = False, error: str = "") -> None:
        if text != self.session.search_text:
            return
        self.session.set_search(text, hits, error)
        self._mark_search(detail=False)
        if move and from_prompt:
            origin = self._before_search[1]
            target = self.session.hit_from(origin, +1, include_current=True)
            if target is None:
                self._back_to_origin()
            else:
                self.event_list.move_to_event(target)
        elif move and hits:
            self._jump_hit(+1, include_current=True)
        self._update_bar()
        self.map_pane.follow()
        self._redraw_detail(soon=True)

    def _mark_search(self, detail: bool = True) -> None:
        """The hits marked in the list, the search's words underlined in the rows and the detail."""
        from ..search_why import marks_for

        session = self.session
        self.event_list.set_marks(hits=set(session.hits), words=marks_for(session.search_text) if not session.search_error else None)
        if detail:
            self._redraw_detail()

    def _redraw_detail(self, soon: bool = False) -> None:
        """The detail pane again (the search's marks changed), if it shows an event; `soon`: just
        after the next refresh, so that the list and the bar are on screen first."""
        if self._shown_event >= 0:
            self._shown_event = -2
            if soon:
                self.call_after_refresh(self._show_detail)
            else:
                self._show_detail()

    def _back_to_origin(self) -> None:
        """The cursor and scroll from before the prompt opened."""
        _, event, top = self._before_search
        if event >= 0 and self.event_list.move_to_event(event, center=False):
            self.event_list.scroll_to(y=top, animate=False, immediate=True)

    def _jump_hit(self, direction: int, include_current: bool = False) -> None:
        target = self.session.hit_from(self.current, direction, include_current)
        if target is None:
            self.notify("No search hits; press / to search", markup=False, timeout=2)
            return
        self.event_list.move_to_event(target)
        self._update_bar()

    def action_next_hit(self) -> None:
        self._jump_hit(+1)

    def action_prev_hit(self) -> None:
        self._jump_hit(-1)

    # -- eras and zoom ----------------------------------------------------------------------------
    def _era_jump(self, direction: int) -> None:
        found = self.session.era_from(self.current, direction)
        if found is None:
            self.notify("No more eras that way", markup=False, timeout=2)
            return
        position, era = found
        self.event_list.move_to(position, center=True)
        self.notify(f"Era: {era.title}", markup=False, timeout=2)

    def action_next_era(self) -> None:
        self._era_jump(+1)

    def action_prev_era(self) -> None:
        self._era_jump(-1)

    def action_zoom_in(self) -> None:
        if self.current >= 0:
            self.zoom_year = self.session.timeline.events[self.current].date.year
            self._update_overview()

    def action_zoom_out(self) -> None:
        self.zoom_year = None
        self._update_overview()

    # -- bookmarks --------------------------------------------------------------------------------
    def action_bookmark(self) -> None:
        if self.current < 0:
            return
        added = self.session.toggle_bookmark(self.current)
        self.notify(f"Bookmarked ({symbols.S.bookmark}); ' lists bookmarks" if added else "Bookmark removed", markup=False, timeout=2)
        self.event_list.set_marks(bookmarks=set(self.session.bookmarks))
        self.app.flush_notices()

    def _jump_bookmark(self, direction: int) -> None:
        target = self.session.bookmark_from(self.current, direction)
        if target is None:
            self.notify("No bookmarks among the shown events (m adds one)", markup=False, timeout=2)
            return
        self.event_list.move_to_event(target)

    def action_next_bookmark(self) -> None:
        self._jump_bookmark(+1)

    def action_prev_bookmark(self) -> None:
        self._jump_bookmark(-1)

    def action_list_bookmarks(self) -> None:
        from .picker import Item, Picker

        timeline = self.session.timeline
        marked = sorted(self.session.bookmarked())  # by date, as the list is
        items = [Item(timeline.events[i].id, f"{timeline.events[i].date}  {timeline.events[i].title}", (), 1, "") for i in marked]
        if not items:
            self.notify("No bookmarks yet: m bookmarks the event under the cursor", markup=False, timeout=3)
            return

        def done(result: Picked | None) -> None:
            if result is not None and result.ids:
                self.goto_event(timeline.index_of(result.ids[-1]))

        self._push_picker(Picker("Bookmarks (Enter jumps)", items, single=True, placeholder="type to narrow the bookmarks (titles, dates)"), done)

    # -- palette and start-up hooks -------------------------------------------------------------
    def filter_by(self, **changes) -> None:
        """Replace one kind of filter (used by the command palette)."""
        self.session.change_filters(**changes)
        self.show_shown()

    def filter_by_year(self, year: int) -> None:
        """Keep one year (the palette's year filters)."""
        day = parse_date(str(year))
        self.filter_by(date_from=day, date_to=day)

    def goto_text(self, text: str) -> None:
        self._goto(text)

    def goto_event(self, index: int | None) -> None:
        """Move to an event (a bookmark, the palette). If the filters hide it, they are switched
        off as ctrl+f does (ctrl+f puts them back), so the reader gets there, and is told."""
        if index is None:
            return
        if self.event_list.move_to_event(index):
            return
        if self.session.paused is None and self.session.toggle_pause():
            self.show_shown(keep=index)
            self.event_list.move_to_event(index)
            self.notify("The filters hid that event: they are off now (ctrl+f puts them back)", markup=False, timeout=3)

    def action_copy_citation(self) -> None:
        if self.current >= 0:
            from ..widgets.event_text import citation

            self.app.copy_to_clipboard(citation(self.session.timeline, self.session.timeline.events[self.current]))
            self.notify("Citation sent to the terminal's clipboard (OSC 52)", markup=False, timeout=2)
