"""Hard terminals: small, large and changing sizes, with no crash and a layout that degrades sensibly.

At every size the footer stays on the last row. Wide terminals (100+ columns) put the detail
pane beside the list; narrow ones stack it below; narrow and short ones (under 18 rows) hide
it (the CSS classes -wide/-narrow/-short come from the app's breakpoints). Pickers and help
stay usable: in short terminals they take the whole screen.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from textual.widgets import Footer

sys.path.insert(0, str(Path(__file__).parent / "hostile"))

from screen_check import assert_no_controls, dump, settle, shows  # noqa: E402

from tui.app import TimelineApp  # noqa: E402
from tui.timeline_file import builtin_path, load  # noqa: E402
from tui.screens.event import EventScreen  # noqa: E402
from tui.screens.help import HelpScreen  # noqa: E402
from tui.screens.picker import Picker  # noqa: E402

from conftest import MINI  # noqa: E402

SIZES = [(40, 12), (60, 20), (80, 24), (250, 70)]
STORM = [(40, 12), (250, 70), (20, 6), (100, 18), (99, 17), (60, 20), (1, 1), (5, 24), (300, 10), (35, 9), (80, 24)]
SMALL_STORM = [(1, 1), (5, 24), (40, 12)]
TIMELINES = {"builtin": builtin_path(), "mini": str(MINI)}
_loaded: dict[str, object] = {}


def timeline(which: str):
    if which not in _loaded:
        _loaded[which] = load(TIMELINES[which])
    return _loaded[which]


def footer_ok(app, width: int, height: int) -> None:
    """The footer is on screen, on the last row, showing key names."""
    footer = app.screen.query_one(Footer)
    region = footer.region
    assert footer.display and region.height == 1 and region.y == height - 1, (region, height)
    text, raw = dump(app)
    assert_no_controls(raw, f"{width}x{height}")
    last = text.splitlines()[-1]
    assert any(word in last for word in ("Open event", "Back", "Pick", "Cancel", "Quit", "palette")), last


async def footer_drawn(pilot, app) -> None:
    """The footer fills in its keys a moment after a screen is pushed (later still on a busy machine)."""
    for _ in range(100):
        last = dump(app)[0].splitlines()[-1]
        if any(word in last for word in ("Open event", "Back", "Pick", "Cancel", "Quit", "palette")):
            return
        await pilot.pause(0.02)


def layout_ok(app, width: int, height: int) -> None:
    """The main screen's layout for this size: detail beside, below, or hidden."""
    screen = app.main_screen
    classes = screen.classes
    assert ("-wide" if width >= 100 else "-narrow") in classes, classes
    assert ("-short" if height < 18 else "-tall") in classes, classes
    events = screen.query_one("#events").region
    detail_widget = screen.query_one("#detail")
    detail = detail_widget.region
    assert screen.query_one("#filters").region.y == 0
    assert events.height >= min(3, height - 3), events
    if width >= 100:
        assert detail.x >= events.right - 1 and detail.y == events.y and detail.width > 10, (events, detail)
    elif height >= 18:
        assert detail.y >= events.bottom and detail.x == events.x and detail.height > 2, (events, detail)
    else:
        assert not detail_widget.display or detail.height == 0, detail
    footer_ok(app, width, height)


async def check_size(which: str, size: tuple[int, int], every_screen: bool = True) -> None:
    """Start at `size`; check the main screen, the event screen, and (every_screen) the actor picker and help."""
    width, height = size
    data = timeline(which)
    app = TimelineApp(data, detail_delay=0.01)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await footer_drawn(pilot, app)
        layout_ok(app, width, height)
        text, _ = dump(app)
        first = data.events[app.main_screen.event_list.current_event]
        assert str(first.date) in text, text  # the list shows events, not just chrome

        await pilot.press("enter")
        assert isinstance(app.screen, EventScreen)
        await footer_drawn(pilot, app)
        footer_ok(app, width, height)
        assert shows(dump(app)[0], first.title[:12]), dump(app)[0]
        await pilot.press("escape")
        if not every_screen:
            return

        await pilot.press("a")
        assert isinstance(app.screen, Picker)
        await pilot.pause()
        await footer_drawn(pilot, app)
        footer_ok(app, width, height)
        assert shows(dump(app)[0], app.screen.shown[0].label[:12]), dump(app)[0]  # at least one actor to pick
        await pilot.press("escape")

        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text, raw = dump(app)
        assert_no_controls(raw)
        assert "Next event" in text and "Open event" in text.splitlines()[-1], text  # keys shown, footer in view
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def storm_main() -> None:
    """Many sizes in a row on the main screen; back at 80x24 it is as it was."""
    data = timeline("builtin")
    app = TimelineApp(data, detail_delay=0.01)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j")
        await pilot.pause(0.05)
        before = dump(app)[0]
        for width, height in STORM:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            if width >= 10 and height >= 4:
                layout_ok(app, width, height)
        await pilot.pause(0.05)
        assert dump(app)[0] == before, dump(app)[0]
        assert app.main_screen.event_list.current_event == 2


async def storm_screens() -> None:
    """Resizing (down to 1x1) while an event with related events, a picker, help or the palette is open."""
    data = timeline("builtin")
    app = TimelineApp(data, detail_delay=0.01)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("j")  # an event with related events (an option list)
        for key, screen_type in (("enter", EventScreen), ("a", Picker), ("question_mark", HelpScreen), ("ctrl+p", None)):
            await pilot.press(key)
            assert screen_type is None or isinstance(app.screen, screen_type), app.screen
            for width, height in SMALL_STORM:
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                assert_no_controls(dump(app)[1])
            await pilot.resize_terminal(80, 24)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.main_screen, app.screen
        assert app.is_running and app.return_code is None


def run(job: str, *args) -> None:
    """Run one check (in a worker process)."""
    asyncio.run(globals()[job](*args))


# the built-in timeline opens every screen at every size; the mini one the main and event screens
JOBS = {f"{which}-{w}x{h}": ("check_size", which, (w, h), which == "builtin") for which in TIMELINES for w, h in SIZES}
JOBS.update({"storm-main": ("storm_main",), "storm-screens": ("storm_screens",)})


@pytest.fixture(scope="module")
def results():
    """All checks start at once on two worker processes; each test waits for its own."""
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        order = ["storm-main", "storm-screens"] + [name for name in JOBS if not name.startswith("storm")]
        yield {name: pool.submit(run, *JOBS[name]) for name in order}


@pytest.mark.parametrize("which", TIMELINES)
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_layout_at_size(size, which, results):
    results[f"{which}-{size[0]}x{size[1]}"].result()


def test_resize_storm(results):
    results["storm-main"].result()


def test_resize_storm_on_every_screen(results):
    results["storm-screens"].result()


@pytest.mark.parametrize("size, classes", [((80, 24), {"-narrow", "-tall"}), ((120, 40), {"-wide", "-tall"}), ((60, 15), {"-narrow", "-short"})])
async def test_the_main_screen_has_its_size_classes_before_the_first_layout(tmp_path, size, classes):
    """Textual gives the breakpoint classes at a screen's first Resize, after its first frames; the
    main screen has them from the start, so the first frame lays the list out at its real height
    (it was one row high, and the list painted some 40 ms after the rest)."""
    from conftest import make_app
    from tui.screens.main import MainScreen

    app = make_app(tmp_path)
    async with app.run_test(size=size):
        fresh = MainScreen()  # not mounted, no Resize yet
        assert {name for name in fresh.classes if name in ("-narrow", "-wide", "-short", "-tall")} == classes
