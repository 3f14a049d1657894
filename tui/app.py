"""The Textual app: loads the timeline (in a worker), owns shared state, shows MainScreen."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import work
from textual.app import App

from . import query as q
from .loader import Problem, TimelineError
from .loading import open_timeline
from .model import Timeline
from .state import State

WARM_SEARCH_AFTER = 0.5  # seconds after the first paint: the search index is built then, off the UI thread


@dataclass
class StartOptions:
    """How to open: filters, a date to go to, a search (from the command line or saved state)."""

    filters: q.Filters = field(default_factory=q.Filters)
    goto: str = ""
    search: str = ""
    explicit: bool = False  # given on the command line: saved filters are not restored


def _timeline_commands():
    from .commands_palette import TimelineCommands

    return TimelineCommands


class TimelineApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "syria-timeline"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {lambda: _timeline_commands()}

    def __init__(
        self,
        source: str | Timeline,
        *,
        ansi: bool = False,
        start: StartOptions | None = None,
        state: State | None = None,
        detail_delay: float = 0.12,
        watch: bool = False,
        watch_interval: float = 1.0,
        warm_search: bool = True,
    ) -> None:
        super().__init__()
        self.source = source
        self.timeline: Timeline | None = source if isinstance(source, Timeline) else None
        self.index: q.Index | None = None
        self.start = start
        self.state = state
        self.detail_delay = detail_delay
        self.load_error: TimelineError | None = None
        self.bookmarks: list[str] = []
        self.use_ansi = ansi
        self.watch_file = watch
        self.watch_interval = watch_interval
        self.warm_search = warm_search
        self._file_stamp: tuple[int, int] | None = None

    @property
    def timeline_path(self) -> str:
        return self.source if isinstance(self.source, str) else (self.timeline.path if self.timeline else "")

    def get_default_screen(self):
        from .screens.main import MainScreen

        return MainScreen()

    def on_mount(self) -> None:
        if self.use_ansi:
            self.theme = "ansi-dark"
        if self.timeline is not None:
            self._timeline_ready(self.timeline)
        else:
            self._load(str(self.source))

    @work(thread=True, exclusive=True, group="load")
    def _load(self, path: str) -> None:
        def progress(message: str) -> None:
            self.call_from_thread(self._progress, message)

        from textual.worker import get_current_worker

        worker = get_current_worker()
        try:
            timeline = open_timeline(path, progress=progress, cancelled=lambda: worker.is_cancelled)
        except TimelineError as exc:
            if not worker.is_cancelled:
                self.call_from_thread(self._failed, exc)
            return
        index = q.Index.build(timeline)  # here, off the UI thread (150 ms for 100,000 events)
        self.call_from_thread(self._timeline_ready, timeline, index)

    def _progress(self, message: str) -> None:
        main = self.main_screen
        if main is not None and main.is_mounted and self.index is None:
            main.show_progress(message)

    def _handle_exception(self, error: Exception) -> None:
        """A parse-cache entry that went bad while in use (its blocks are read when first needed)
        ends the app with a one-line message, as a load error does, not a traceback."""
        from .cache import CacheDamaged

        cause = getattr(error, "error", error)  # a worker's failure wraps the error
        if isinstance(cause, CacheDamaged) and self.load_error is None:
            self.load_error = TimelineError([Problem(self.timeline_path or "timeline", 0, 0,
                "its parse-cache entry was damaged while in use and has been removed; start again to read the file")])
            self.exit(return_code=2)
            return
        super()._handle_exception(error)

    def _failed(self, error: TimelineError) -> None:
        self.load_error = error
        self.exit(return_code=2)

    def _timeline_ready(self, timeline: Timeline, index: q.Index | None = None) -> None:
        self.timeline = timeline
        self.index = index if index is not None else q.Index.build(timeline)
        from .cache import notices as cache_notices  # a cache folder that was refused (tui/paths.py)

        for notice in cache_notices:
            self.notify(notice, severity="warning", markup=False, timeout=6)
        cache_notices.clear()
        if self.state is not None:
            for notice in self.state.notices:
                self.notify(notice, severity="warning", markup=False, timeout=6)
            self.state.notices.clear()
            self.bookmarks = self.state.bookmarks(timeline.path)  # all, also of events not in this version (kept)
            if self.start is None or not self.start.explicit:
                saved = q.filters_from_dict(self.state.filters(timeline.path), timeline)
                self.start = StartOptions(filters=saved, goto=self.start.goto if self.start else "", search=self.start.search if self.start else "")
        self.sub_title = timeline.title
        if self.watch_file and timeline.path and self._file_stamp is None:
            self._file_stamp = self._stamp(timeline.path)
            self.set_interval(self.watch_interval, self._check_file)
        main = self.main_screen
        if main is not None and main.is_mounted:
            main.data_ready()
        if self.warm_search:
            self.set_timer(WARM_SEARCH_AFTER, self._warm_search)

    @work(thread=True, group="warm")
    def _warm_search(self) -> None:
        """Build the search index once the screen is up, so the first search answers at once
        (about 3 s for 100,000 events; keys keep working meanwhile, a little slower)."""
        index = self.index
        if index is not None:
            index.words()

    @property
    def main_screen(self):
        from .screens.main import MainScreen

        stack = self.screen_stack
        return stack[0] if stack and isinstance(stack[0], MainScreen) else None

    # -- --watch: reload when the file changes, keep the last good version on errors -----------------
    @staticmethod
    def _stamp(path: str) -> tuple[int, int] | None:
        import os

        try:
            info = os.stat(path)
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    def _check_file(self) -> None:
        assert self.timeline is not None
        stamp = self._stamp(self.timeline.path)
        if stamp != self._file_stamp:
            self._file_stamp = stamp
            self._reload(self.timeline.path)

    @work(thread=True, exclusive=True, group="reload")
    def _reload(self, path: str) -> None:
        try:
            timeline = open_timeline(path)
        except TimelineError as exc:
            self.call_from_thread(self._reload_failed, exc)
            return
        self.call_from_thread(self._reloaded, timeline)

    def _reload_failed(self, error: TimelineError) -> None:
        main = self.main_screen
        if main is not None:
            main.show_banner(error.problems)

    def _reloaded(self, timeline: Timeline) -> None:
        main = self.main_screen
        old = self.timeline
        current = main.event_list.current_event if main is not None else -1
        current_id = old.events[current].id if old is not None and current >= 0 else None
        self.timeline = timeline
        self.index = q.Index.build(timeline)
        if main is not None:
            main.timeline_replaced(current_id)
        self.notify(f"Reloaded {timeline.path}: {len(timeline.events)} events", markup=False, timeout=3)

    def filters_changed(self, filters: q.Filters) -> None:
        if self.state is not None and self.timeline is not None:
            self.state.set_filters(self.timeline.path, q.filters_to_dict(filters))
            self._flush_notices()

    def set_bookmarks(self, ids: list[str]) -> None:
        self.bookmarks = ids
        if self.state is not None and self.timeline is not None:
            self.state.set_bookmarks(self.timeline.path, ids)
            self._flush_notices()

    def _flush_notices(self) -> None:
        if self.state is not None:
            for notice in self.state.notices:
                self.notify(notice, severity="warning", markup=False, timeout=6)
            self.state.notices.clear()
