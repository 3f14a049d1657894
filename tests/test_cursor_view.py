"""The cursor is always on screen: after start flags, jumps, filter changes, resizes and the wheel."""

from __future__ import annotations

from textual.events import MouseScrollDown, MouseScrollUp

from tui.app import StartOptions
from tui.dates import parse_date

from conftest import builtin, make_app, ready


def cursor_on_screen(app) -> bool:
    events = app.main_screen.event_list
    row = events.event_rows[events.cursor]
    top = events.scroll_offset.y
    return top <= row < top + events.scrollable_content_region.height


async def test_goto_flag_shows_the_month(tmp_path):
    app = make_app(tmp_path, builtin(), start=StartOptions(goto="2016-12", explicit=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        events = app.main_screen.event_list
        event = app.timeline.events[events.current_event]
        assert (event.date.year, event.date.month) == (2016, 12)
        assert cursor_on_screen(app)
        assert events.scroll_offset.y > 0


async def test_cursor_visible_after_clear_and_pause_from_a_short_list(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        main = app.main_screen
        main.filter_by(date_from=parse_date("2019-10"), date_to=parse_date("2019-10"))
        await pilot.pause()
        assert len(main.event_list.event_rows) <= main.event_list.scrollable_content_region.height
        await pilot.press("c")
        await pilot.pause()
        assert app.timeline.events[main.current].date.year == 2019
        assert cursor_on_screen(app)
        await pilot.press("backspace")
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.timeline.events[main.current].date.year == 2019
        assert cursor_on_screen(app)
        await pilot.press("j")
        assert app.timeline.events[main.current].date.year in (2019, 2020)
        assert cursor_on_screen(app)


async def test_cursor_visible_after_resize(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        for _ in range(35):
            await pilot.press("j")
        await pilot.pause()
        assert cursor_on_screen(app)
        await pilot.resize_terminal(60, 20)
        await pilot.pause(0.1)
        assert cursor_on_screen(app)


async def test_wheel_moves_the_cursor_with_the_view(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        events = app.main_screen.event_list
        start = events.cursor
        for _ in range(10):
            events.post_message(MouseScrollDown(events, 10, 8, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert events.scroll_offset.y > 0
        assert events.cursor > start, (events.scroll_offset.y, events.event_rows[events.cursor])
        assert cursor_on_screen(app), (events.scroll_offset.y, events.event_rows[events.cursor], events.scrollable_content_region)
        assert cursor_on_screen(app)
        moved = events.cursor
        for _ in range(4):
            events.post_message(MouseScrollUp(events, 10, 8, 0, -1, 0, False, False, False))
        await pilot.pause()
        assert events.cursor < moved
        assert cursor_on_screen(app)


async def test_a_bookmark_hidden_by_the_filters_is_reached_with_them_off(tmp_path):
    """Picking a bookmark the filters hide does not only say so: the filters go off (as ctrl+f),
    the cursor is on the bookmark, in view, and ctrl+f brings the filters back."""
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        main = app.main_screen
        await pilot.press("end", "m", "home")
        marked = app.session.bookmarked().pop()
        main.filter_by(date_from=parse_date("2012"), date_to=parse_date("2012"))
        await pilot.pause()
        assert marked not in app.session.shown
        await pilot.press("apostrophe")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.screen is main and main.current == marked and cursor_on_screen(app)
        assert app.session.paused is not None and app.session.paused.date_from is not None
        assert any("ctrl+f puts them back" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.session.filters.date_from is not None and marked not in app.session.shown
