"""The overview strip: zoomed (z) it follows the cursor's year; a click on a year, a month or an
era's name goes there."""

from __future__ import annotations

from tui.widgets.overview_strip import MARGIN, OverviewStrip

from conftest import builtin, make_app, ready
from test_cursor_view import cursor_on_screen


def year_of_cursor(app) -> int:
    return app.timeline.events[app.main_screen.current].date.year


async def test_zoomed_strip_follows_the_cursor_year(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        main = app.main_screen
        await pilot.press("z")
        assert main.zoom_year == 2011
        await pilot.press("right_square_bracket")
        await pilot.pause(0.1)
        assert main.zoom_year == year_of_cursor(app) == 2012
        strip = main.query_one(OverviewStrip)
        assert "2012 by month" in strip.caption
        await pilot.press("left_square_bracket")
        await pilot.pause(0.1)
        assert main.zoom_year == 2011
        await pilot.press("Z")
        assert main.zoom_year is None


async def test_click_on_a_year_and_on_an_era(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        main = app.main_screen
        strip = main.query_one(OverviewStrip)
        per = strip._per
        labels = [label for label, _, _ in strip.buckets]
        column = MARGIN + labels.index("2016") * per + 1
        await pilot.click(OverviewStrip, offset=(column, 1))
        await pilot.pause(0.1)
        assert year_of_cursor(app) == 2016
        assert cursor_on_screen(app)
        # an era's name: the first column the last era owns
        era = max(strip._era_owner)
        column = MARGIN + strip._era_owner.index(era) + 2
        await pilot.click(OverviewStrip, offset=(column, 2))
        await pilot.pause(0.1)
        target = app.timeline.eras[era]
        event = app.timeline.events[main.current]
        assert event.date.first_day() >= target.start.first_day()
        assert cursor_on_screen(app)
        # zoomed: a click on a month
        await pilot.press("z")
        await pilot.pause(0.1)
        year = main.zoom_year
        labels = [label for label, _, _ in strip.buckets]
        month = next(i for i, (_, shown, _) in enumerate(strip.buckets) if shown and i > 2)
        await pilot.click(OverviewStrip, offset=(MARGIN + month * strip._per, 0))
        await pilot.pause(0.1)
        event = app.timeline.events[main.current]
        assert event.date.year == year and labels[month] in str(event.date)
