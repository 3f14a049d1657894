"""Terminal habits: PgDn/Space and PgUp/b page at once, ctrl+d/ctrl+u half a page, ctrl+z suspends."""

from __future__ import annotations

import pytest

from conftest import builtin, make_app, ready
from test_cursor_view import cursor_on_screen


def screen_row(events) -> int:
    return events.event_rows[events.cursor] - events.scroll_offset.y


@pytest.mark.parametrize("down,up,half", [("pagedown", "pageup", False), ("space", "b", False), ("ctrl+d", "ctrl+u", True)])
async def test_paging_moves_view_and_cursor_together(tmp_path, down, up, half):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        events = app.main_screen.event_list
        await pilot.press("j", "j")
        top, row = events.scroll_offset.y, screen_row(events)
        page = events.scrollable_content_region.height - 1
        step = page // 2 if half else page
        await pilot.press(down)
        await pilot.pause()
        assert events.scroll_offset.y == top + step  # the view pages at once
        assert abs(screen_row(events) - row) <= 1  # the cursor keeps its place (±1 for a year header)
        assert cursor_on_screen(app)
        await pilot.press(up)
        await pilot.pause()
        assert events.scroll_offset.y == top
        assert cursor_on_screen(app)


async def test_page_down_at_the_end_reaches_the_last_event(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        events = app.main_screen.event_list
        await pilot.press("G", "k", "k", "pagedown")
        assert events.cursor == len(events.event_rows) - 1
        await pilot.press("g", "j", "b")
        assert events.cursor == 0


async def test_ctrl_z_suspends(tmp_path, monkeypatch):
    app = make_app(tmp_path, builtin())
    calls = []
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        monkeypatch.setattr(app, "action_suspend_process", lambda: calls.append("suspend"))
        await pilot.press("ctrl+z")
        await pilot.pause()
    assert calls == ["suspend"]
