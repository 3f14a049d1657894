"""The Textual app: loads the timeline (in a worker), owns shared state, shows MainScreen."""

from __future__ import annotations

import gc
import re
import sys
import time
from functools import partial
from collections import deque
from typing import TYPE_CHECKING, NamedTuple

from textual import events, work
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.scrollbar import ScrollBarRender

from . import query as q
from .keyflow import REPLY_HOLD, ReplyFilter, escape_delay_ms
from .keys import INLINE_ACTIONS, LIST_KEYS, MAIN_KEYS
from .timeline_file import Problem, TimelineError
from .opening import open_timeline
from .model import Timeline
from .safetext import clean
from .state import State

if TYPE_CHECKING:
    from textual.widget import Widget

    from .commands_palette import Entry as PaletteEntry
    from .screens.main import MainScreen
    from .session import Session

WARM_SEARCH_AFTER = 0.5  # seconds after the first paint: the search index is built then, off the UI thread
MAX_SIZE = (500, 200)  # the most columns and rows laid out, whatever a terminal announces (an SSH client can say anything)
KEY_SETTLE_LIMIT = 2.0  # seconds a held key waits for the screen to settle before it goes anyway (a search: until it is done)
WHILE_LOADING = ("q", "question_mark")  # keys that need no timeline: answered even while it loads
# keys that move within the main list and never change where the next key goes: they flow without waiting
INLINE_KEYS = frozenset(k for key in LIST_KEYS + MAIN_KEYS if key.action in INLINE_ACTIONS for k in key.keys.split(","))


def _collect_again() -> None:
    """The garbage collector back on after the first paint, if the command line turned it off for
    the start (tui/cli/__init__.py `entry`), with what start-up made set aside for good."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _unmeta(event: events.Key | events.Paste) -> list:
    """alt+letter is Esc and then the letter: the app binds no alt keys, and a terminal sends
    alt+letter as Esc and the letter (the Linux and web drivers read those bytes as two keys
    already, tui/terminal_input.py); this catches the drivers that parse keys in their own way
    (Windows), so the keys do there what they do here."""
    if isinstance(event, events.Key) and event.key.startswith("alt+"):
        char = event.character
        if char is not None and len(char) == 1 and char.isprintable():
            from textual.keys import _character_to_key

            return [events.Key("escape", "\x1b"), events.Key(_character_to_key(char), char)]
    return [event]


_NO_FILTERS = q.Filters()


class StartOptions(NamedTuple):
    """How to open: filters, a date to go to, a search (from the command line or saved state)."""

    filters: q.Filters = _NO_FILTERS
    goto: str = ""
    search: str = ""
    explicit: bool = False  # given on the command line: saved filters are not restored


def toast_kind(message: str) -> str:
    """What a toast is about: its words before the first ':', '(' or ';' ("Era: …" is one kind,
    "No more eras that way" another)."""
    return re.split(r"[:(;]", str(message), maxsplit=1)[0].strip().casefold()


def _timeline_commands():
    from .commands_palette import TimelineCommands

    return TimelineCommands


class TimelineApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "syria-timeline"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]
    ENABLE_COMMAND_PALETTE = True
    # only the timeline's own commands: Textual's system commands (Screenshot, Keys, Theme,
    # Maximize) do not apply here, and Quit is in the keymap's list
    COMMANDS = {lambda: _timeline_commands()}

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
        bidi: bool = False,
        symbols: str = "unicode",
    ) -> None:
        super().__init__()
        from . import symbols as symbol_tables

        self.symbols = symbol_tables.use(symbols)  # one table for the run: ASCII outside a UTF-8 locale
        self.set_class(self.symbols.name == "ascii", "-ascii", update=False)  # before the first styling
        from textual.scrollbar import ScrollBar

        # Textual draws a scrollbar's ends with eighth blocks (▁▂▃); in ASCII the thumb is only reversed cells
        ScrollBar.renderer = AsciiScrollBarRender if self.symbols.name == "ascii" else ScrollBarRender
        import os

        from textual import constants

        # how long a lone ESC waits for the rest of a key's bytes: longer over SSH (tui/keyflow.py)
        setattr(constants, "ESCAPE_DELAY", escape_delay_ms(os.environ) / 1000)  # read by the key parser at each ESC
        self.source = source
        self.timeline: Timeline | None = source if isinstance(source, Timeline) else None
        self.index: q.Index | None = None
        self.start = start
        self.state = state
        self.detail_delay = detail_delay
        self.load_error: TimelineError | None = None
        self.session: Session | None = None  # the reader's state, once the timeline is loaded
        # the command palette's entries, built once per timeline and main screen (tui/commands_palette.py)
        self.palette_entries: tuple[Timeline, MainScreen, list[PaletteEntry]] | None = None
        self._reload_generation = 0  # --watch: the newest change seen, and the one on screen
        self._shown_generation = 0
        self.use_ansi = ansi
        self.bidi = bidi  # draw right-to-left runs shaped and in visual order (display only; tui/bidi.py)
        self.watch_file = watch
        self.watch_interval = watch_interval
        self.warm_search = warm_search
        self._file_stamp: tuple[int, int] | None = None
        # type-ahead (tui/keyflow.py): keys wait here while a key that changes their route settles
        self._keys: deque[events.Key | events.Paste | events.Resize] = deque()
        self._replies: ReplyFilter[events.Key] = ReplyFilter()
        self._key_serial = 0  # the barrier in flight, or 0
        self._flowed_to: Widget | None = None  # where keys flowed on (without a barrier) since the last barrier
        self._key_since = 0.0
        self.crash_reports = False  # cli turns this on: an unexpected error writes a report, not a traceback
        self.crash_report: str | None = None
        self.crash_error: BaseException | None = None
        self._focus_reported = False  # see on_app_blur
        if self.no_color:
            # NO_COLOR means no colour codes at all: Textual's default turns colours into 256-colour
            # greys (Monochrome); take every colour out instead (bold, reverse, underline stay)
            from textual.filter import Monochrome, NoColor

            self._filters = [NoColor() if isinstance(f, Monochrome) else f for f in self._filters]
            if not any(isinstance(f, NoColor) for f in self._filters):
                self._filters.append(NoColor())

    def _display(self, screen, renderable) -> None:
        """Every update goes out through the tight renderer (tui/widgets/pen.py): the same
        screen in fewer bytes, which over SSH is latency."""
        from .widgets.pen import Shadow, terminal_erases_in_colour, tighten

        erase = getattr(self, "_erases", None)
        if erase is None:
            import os

            erase = self._erases = not self.is_web and terminal_erases_in_colour(os.environ.get("TERM"))
            # what the terminal shows, so that only changed cells are written; forgotten when the
            # app is suspended (ctrl+z, or a program run in its place) or the size changes
            self._shadow = None if self.is_web or os.environ.get("SYRIA_TIMELINE_NO_SHADOW") else Shadow()
            if self._shadow is not None:
                self.app_suspend_signal.subscribe(self, lambda _app: self._forget_screen())
                # back from a stop (even one the app did not ask for): the terminal shows what the
                # shell left, so forget the cells and draw them all again
                self.app_resume_signal.subscribe(self, lambda _app: self._draw_all_again())
        shadow = self._shadow
        if shadow is not None and not isinstance(renderable, (CompositorUpdate, type(None))):
            self._forget_screen()  # drawn by Rich, not by the pen
        if shadow is not None and self._driver is not None and not self._driver.is_inline:
            shadow.fit(*self.size)
        else:
            shadow = None
        super()._display(screen, tighten(renderable, erase, shadow))

    def _forget_screen(self) -> None:
        """Something other than the pen draws next (a suspend, Rich): reset the style, forget the cells."""
        shadow = getattr(self, "_shadow", None)
        if shadow is None:
            return
        shadow.clear()
        if shadow.state != (0, "", "") and self._driver is not None:
            self._driver.write("\x1b[0m")
        shadow.state = (0, "", "")

    def _draw_all_again(self) -> None:
        self._forget_screen()
        self.refresh()

    def on_app_focus(self) -> None:
        self._focus_reported = True

    def on_app_blur(self, event) -> None:
        """In a browser (`serve`), Textual's web driver reports the page blurred as it starts,
        before the browser has said anything; the footer fills in only while the app has focus,
        so it stayed blank until the first click. That first report is not the browser's: ignore it
        (the browser reports its real focus changes itself)."""
        if self.is_web and not self._focus_reported:
            event.prevent_default()
            self._focus_reported = True

    @property
    def timeline_path(self) -> str:
        return self.source if isinstance(self.source, str) else (self.timeline.path if self.timeline else "")

    # -- type-ahead: every key goes where the user meant, however the bytes arrive ---------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._key_arrived(event)
            await self._pump_keys()
            return
        if isinstance(event, events.Resize) and not event.is_forwarded:
            event = _clamped(event)
            main = self.main_screen
            if main is not None and main.keys_ready and (self._keys or self._key_serial or self._flowed_to is not None):
                # in its place among the keys: those typed before it act at the old size, those after at the new
                self._keys.append(event)
                await self._pump_keys()
                return
        await super().on_event(event)

    @property
    def size(self):
        """The terminal's size, bounded (MAX_SIZE): memory and work stay bounded whatever it says."""
        from textual.geometry import Size

        size = super().size
        return Size(min(size.width, MAX_SIZE[0]), min(size.height, MAX_SIZE[1]))

    def _key_arrived(self, event: events.Key | events.Paste) -> None:
        if self._exit:
            return  # quitting is final: nothing after q is handled
        if isinstance(event, events.Paste):
            self._keys.append(event)
            return
        if event.key in ("ctrl+c", "ctrl+q"):  # always quit at once, even while keys wait
            self._keys.clear()
            self.action_quit_now()
            return
        if event.key == "ctrl+j":
            # Enter typed before the terminal left line mode reaches us as a newline (ICRNL)
            event = events.Key("enter", "\r")
        for key in _unmeta(event):
            ready = self._replies.feed(key, key.character, key.key == "escape", time.monotonic())
            if self._replies.holding:
                self.set_timer(REPLY_HOLD, self._flush_replies)
            self._keys.extend(ready)

    async def _flush_replies(self) -> None:
        self._keys.extend(self._replies.flush(time.monotonic()))
        await self._pump_keys()

    @property
    def keys_waiting(self) -> int:
        """Keys held (for tests): 0 once every key typed so far has gone where it belongs."""
        return len(self._keys) + (1 if self._key_serial else 0) + (1 if self._replies.holding else 0)

    def _accepting_keys(self) -> bool:
        """Keys go once the list is drawn. While a big file still loads, the first key typed may
        still be q (quit) or ? (help, and every key while it is open); any other key waits for the
        list, and so does everything typed behind it (`/quneitra` keeps its q)."""
        main = self.main_screen
        if main is None:
            return False
        if main.keys_ready or self.screen is not main:
            return True
        head = self._keys[0] if self._keys else None
        return isinstance(head, events.Key) and head.key in WHILE_LOADING

    def _flows_inline(self, event: events.Key | events.Paste | events.Resize) -> bool:
        """A key that cannot change where the next key goes: a move on the main list, or a letter
        typed into a prompt or picker."""
        if not isinstance(event, events.Key):
            return False
        focused = self.focused
        if focused is None:
            return False
        inputs = sys.modules.get("textual.widgets._input")  # imported once a prompt or picker opened
        if inputs is not None and isinstance(focused, inputs.Input):  # printable keys stay in it
            return event.is_printable and event.key not in ("tab", "enter", "escape")
        main = self.main_screen
        return (
            main is not None and self.screen is main and main.prompt_mode == ""
            and focused is main.event_list and event.key in INLINE_KEYS
        )

    async def _pump_keys(self) -> None:
        while self._keys and not self._key_serial and not self._exit and self._accepting_keys():
            event = self._keys[0]
            inline = self._flows_inline(event)
            flowed = self._flowed_to
            if not inline and flowed is not None:
                # the keys that flowed on are dealt with before this one goes (the letters typed
                # into a picker have narrowed its list before its Tab picks from it)
                self._flowed_to = None
                self._hold_keys_behind(flowed)
                continue
            self._keys.popleft()
            target = self.focused or self.screen
            await super().on_event(event)  # priority bindings, or on to the focused widget
            if self._exit:
                continue
            if inline:
                self._flowed_to = target
            else:
                # a resize is laid out in several steps (the screen, then the new breakpoint
                # classes' layout, then each widget's Resize): more passes behind them
                self._hold_keys_behind(target, passes=6 if isinstance(event, events.Resize) else 3)

    def _hold_keys_behind(self, target, passes: int = 3) -> None:
        self._key_serial += 1
        self._key_since = time.monotonic()
        self._send_barrier(self._key_serial, target, target, passes)

    # A barrier goes behind a held key along the key's own route (the focused widget, its
    # parents, the screen, the app), queued at each behind what that node has to handle. When it
    # reaches the app, the key has been dealt with; the later passes follow what its handling
    # posted (Enter in the prompt: Submitted, then the prompt's own Asked), and then the next held
    # key may go. It steps from node to node itself: a message that bubbles into a node that is
    # closing (a picker being dismissed by the key) is dropped by Textual, and the keys held behind
    # it waited for ever (q typed after a picker's Enter did not quit, under load).
    def _send_barrier(self, serial: int, target, node, passes: int) -> None:
        while node is not self:
            if node.call_later(self._barrier_step, serial, target, node, passes):
                return
            node = self._next_on_route(node)  # closing or closed: past it at once
        self.call_later(self._barrier_reached, serial, target, passes)

    def _next_on_route(self, node):
        parent = node._parent
        if parent is self or (parent is not None and parent.is_attached):
            return parent
        screen = self.screen  # taken out of the DOM: the screen now shown, then the app
        return screen if node is not screen and screen.is_attached else self

    def _barrier_step(self, serial: int, target, node, passes: int) -> None:
        if serial == self._key_serial:
            self._send_barrier(serial, target, self._next_on_route(node), passes)

    async def _barrier_reached(self, serial: int, target, passes: int) -> None:
        if serial != self._key_serial:
            return
        if passes > 1:  # a second pass, behind whatever the key's handling posted
            self._send_barrier(serial, target, target, passes - 1)
            return
        if self._searching() or (not self._keys_settled() and time.monotonic() - self._key_since < KEY_SETTLE_LIMIT):
            self.set_timer(0.005, lambda: self._send_barrier(serial, target, target, 1))
            return
        self._key_serial = 0
        await self._pump_keys()

    def _keys_settled(self) -> bool:
        """The screen the last key led to is mounted and has its focus where keys should go."""
        screen = self.screen
        if not screen.is_mounted or getattr(screen, "keys_ready", True) is False:
            return False
        if screen.focused is None and screen.focus_chain:
            return False
        # a resize is laid out (Textual hands it to the screen after a short timer)
        focused = screen.focused
        return getattr(self, "_resize_event", None) is None and not any(
            getattr(node, "_layout_required", False) for node in (screen, focused) if node is not None)

    def _searching(self) -> bool:
        """A search the key asked for is part of its effect, however long it takes on a big file
        or a loaded machine: `n` typed behind Enter steps through its hits. (A search always ends.)"""
        return any(worker.group == "search" and not worker.is_finished for worker in self.workers)

    def _quit_on_signals(self) -> None:
        """SIGTERM (kill) and SIGHUP (the SSH link dropped) quit as q does: the terminal is put back
        (alternate screen, mouse tracking) and nothing the reader chose is lost (it is saved as it changes)."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(number, partial(self.exit, return_code=128 + number))
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no such signal
                pass

    def keys_may_flow(self) -> None:
        """The main list is drawn: deliver the keys typed while the app was starting."""
        self.call_later(self._pump_keys)

    def _on_notify(self, event) -> None:
        """A toast replaces the one of its kind (a held `}` shows one era, not a stack of them)
        and any passing hint (information) before it, so toasts stay small enough to fit beside
        the detail pane. Textual's own handler, which runs after this one, adds it.
        Every toast is cleaned here (tui/safetext.py): a notice names folders from the environment
        ($XDG_CACHE_HOME, $XDG_STATE_HOME) and an error quotes what was typed or pasted, and Rich
        passes ESC through, so `evil\x1b]0;title` in a folder's name set the window title."""
        notification = event.notification
        notification.message = clean(notification.message, multiline=True)
        notification.title = clean(notification.title)
        kind = toast_kind(notification.message)
        for earlier in list(self._notifications):
            if toast_kind(earlier.message) == kind or earlier.severity == "information":
                self._unnotify(earlier, refresh=False)

    def get_key_display(self, binding) -> str:
        if binding.key == "enter" and not binding.key_display:
            return self.symbols.enter
        return super().get_key_display(binding)

    def get_system_commands(self, screen):
        """None of Textual's own (see COMMANDS)."""
        return iter(())

    def action_quit_now(self) -> None:
        self.exit()

    def action_command_palette(self) -> None:
        """The palette; outside a UTF-8 locale its search icon (🔎) is ASCII too, once it is composed
        (after a refresh of the app it may not be yet: the palette's own queue runs after its compose)."""
        super().action_command_palette()
        if self.symbols.name == "ascii":
            from textual.command import CommandPalette, SearchIcon

            palette = self.screen_stack[-1]
            if isinstance(palette, CommandPalette):
                def ascii_icon() -> None:
                    for icon in palette.query(SearchIcon):
                        icon.icon = ">"

                palette.call_later(ascii_icon)

    def get_driver_class(self):
        """Textual's driver for this terminal (or the browser), reading keys so that an Esc typed
        before another key stays the Esc key however the bytes arrive (tui/terminal_input.py)."""
        from .terminal_input import type_ahead_driver

        return type_ahead_driver(super().get_driver_class())

    def get_default_screen(self):
        from .screens.main import MainScreen

        return MainScreen()

    def on_mount(self) -> None:
        if not self.is_headless:
            self._quit_on_signals()
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
        stamp = self._stamp(path)  # --watch waits for a change from the version read here
        try:
            timeline = open_timeline(path, progress=progress, cancelled=lambda: worker.is_cancelled)
        except TimelineError as exc:
            if not worker.is_cancelled:
                self.call_from_thread(self._failed, exc, stamp)
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
        if self.crash_reports and self.crash_error is None:
            # no traceback on the user's terminal: the report goes to a file, cli prints one line;
            # bookmarks and filters were saved when they changed, so nothing the user had is lost
            from .crash import write_report

            self.crash_error = cause
            self.crash_report = write_report(cause)
            self._return_code = 1
            self._close_messages_no_wait()
            return
        super()._handle_exception(error)

    def _failed(self, error: TimelineError, stamp: tuple[int, int] | None = None) -> None:
        self.load_error = error  # printed when the app ends (with --watch: if it still stands)
        if self.watch_file and self.timeline is None:
            self._wait_for_fix(error, stamp)
            return
        self.exit(return_code=2)

    def _wait_for_fix(self, error: TimelineError, stamp: tuple[int, int] | None) -> None:
        """--watch, and the file does not load at start: the curator is editing it. Say what to
        fix (path:line:col) and load it again when it changes (q quits, printing what stands)."""
        path = str(self.source)
        main = self.main_screen
        if main is None or not main.is_mounted:  # failed before the screen was up: show it once it is
            self.set_timer(0.05, partial(self._wait_for_fix, error, stamp))
            return
        main.show_unloadable(error.problems)

        def check() -> None:
            if self._stamp(path) != stamp:
                timer.stop()
                main.show_progress("reading it again")
                self._load(path)

        timer = self.set_interval(self.watch_interval, check)

    def _timeline_ready(self, timeline: Timeline, index: q.Index | None = None) -> None:
        from .session import Session

        self.timeline = timeline
        self.index = index if index is not None else q.Index.build(timeline)
        from .cache import notices as cache_notices  # a cache folder that was refused (tui/paths.py)

        for notice in cache_notices:
            self.notify(notice, severity="warning", markup=False, timeout=6)
        cache_notices.clear()
        bookmarks: list[str] = []
        if self.state is not None:
            # every bookmark is kept, also of events this version of the file does not have
            bookmarks = self.state.bookmarks(timeline.path)
            if self.start is None or not self.start.explicit:
                saved = q.filters_from_dict(self.state.filters(timeline.path), timeline)
                self.start = StartOptions(filters=saved, goto=self.start.goto if self.start else "", search=self.start.search if self.start else "")
        self.session = Session(timeline, self.index, self.state, bookmarks)
        self.flush_notices()
        self.sub_title = timeline.title
        if self.watch_file and timeline.path and self._file_stamp is None:
            self._file_stamp = self._stamp(timeline.path)
            self.set_interval(self.watch_interval, self._check_file)
        main = self.main_screen
        if self.load_error is not None:  # --watch: the file that did not load at start is fixed
            self.load_error = None
            if main is not None and main.is_mounted:
                main.query_one("#banner").display = False
        if main is not None and main.is_mounted:
            main.data_ready()
        self.call_after_refresh(_collect_again)  # after the first paint (see cli.entry)
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
    def main_screen(self) -> MainScreen | None:
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
            self._reload_generation += 1
            self._reload(self.timeline.path, self._reload_generation)

    @work(thread=True, exclusive=True, group="reload")
    def _reload(self, path: str, generation: int) -> None:
        """Parse the changed file; a newer change cancels this parse (exclusive, and the parse
        checks `cancelled`), and a result older than what is shown is dropped."""
        from textual.worker import get_current_worker

        worker = get_current_worker()
        try:
            timeline = open_timeline(path, cancelled=lambda: worker.is_cancelled)
        except TimelineError as exc:
            if not worker.is_cancelled:
                self.call_from_thread(self._reload_failed, exc, generation)
            return
        if not worker.is_cancelled:
            self.call_from_thread(self._reloaded, timeline, generation)

    def _reload_failed(self, error: TimelineError, generation: int) -> None:
        main = self.main_screen
        if main is not None and generation == self._reload_generation:
            main.show_banner(error.problems)

    def _reloaded(self, timeline: Timeline, generation: int) -> None:
        if generation <= self._shown_generation:
            return  # an older version than the one on screen
        self._shown_generation = generation
        main = self.main_screen
        session = self.session
        current = main.current if main is not None else -1
        current_id = session.timeline.events[current].id if session is not None and current >= 0 else None
        self.timeline = timeline
        self.index = q.Index.build(timeline)
        if session is not None:
            session.replace_timeline(timeline, self.index)
        if main is not None:
            main.timeline_replaced(current_id)
        self.notify(f"Reloaded {clean(timeline.path)}: {len(timeline.events)} events", markup=False, timeout=3)

    def flush_notices(self) -> None:
        """Show what the state store had to say (a file set aside, a folder not ours, ...)."""
        if self.state is not None:
            for notice in self.state.notices:
                self.notify(notice, severity="warning", markup=False, timeout=6)
            self.state.notices.clear()


class AsciiScrollBarRender(ScrollBarRender):
    VERTICAL_BARS = [" "]
    HORIZONTAL_BARS = [" "]


def _clamped(event: events.Resize) -> events.Resize:
    from textual.geometry import Size

    width, height = event.size
    if width <= MAX_SIZE[0] and height <= MAX_SIZE[1]:
        return event
    size = Size(min(width, MAX_SIZE[0]), min(height, MAX_SIZE[1]))
    return events.Resize(size, size, pixel_size=event.pixel_size)
