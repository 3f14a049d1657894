"""Partial repaints: the widgets ask Textual to redraw only what changed (bytes over SSH).

Each test records the regions a widget marks dirty and checks they are the changed lines,
not the whole widget (a full refresh is a call with no region).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from tui.widgets.bars import Histogram
from tui.widgets.detail import DetailView

from test_app import SIZE, make_app, ready


class Holder(App):
    CSS = "DetailView { height: 6; width: 40; } Histogram { width: 40; }"

    def compose(self) -> ComposeResult:
        yield DetailView(id="detail")
        yield Histogram()


def spy(widget) -> list[tuple]:
    calls: list[tuple] = []
    original = widget.refresh

    def refresh(*regions, **kwargs):
        calls.append(regions)
        return original(*regions, **kwargs)

    widget.refresh = refresh
    return calls


def lines(view: DetailView) -> list[str]:
    return [view.render_line(y).text for y in range(view.size.height)]


async def test_detail_repaints_only_the_lines_that_change():
    app = Holder()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(DetailView)
        view.show(Text("Title one\nsame line\nfirst body\nsame tail"))
        await pilot.pause()
        calls = spy(view)
        view.show(Text("Title two\nsame line\nother body\nsame tail"))
        await pilot.pause()
        assert calls and all(regions for regions in calls), calls  # never the whole widget (nor its border)
        rows = sorted(region.y for regions in calls for region in regions)
        assert rows == [0, 2], rows
        assert lines(view)[:4] == [" Title two".ljust(40), " same line".ljust(40), " other body".ljust(40), " same tail".ljust(40)]


async def test_detail_marks_more_text_and_scrolls_with_the_wheel():
    app = Holder()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(DetailView)
        view.show(Text("\n".join(f"line {n}" for n in range(10))))
        await pilot.pause()
        shown = lines(view)
        assert shown[-1].rstrip().endswith("▼") and "▲" not in shown[0], shown
        view.scroll_lines(3)
        shown = lines(view)
        assert shown[0].startswith(" line 3") and shown[0].rstrip().endswith("▲"), shown
        view.scroll_lines(100)  # bounded: the last line sits at the bottom, no ▼ any more
        shown = lines(view)
        assert shown[-1].startswith(" line 9") and "▼" not in shown[-1], shown
        view.show(Text("short"))  # a new event starts at its top
        assert view.top == 0 and lines(view)[0].startswith(" short")


async def test_detail_margins_join_the_text_run():
    app = Holder()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(DetailView)
        view.show(Text("plain words"))
        await pilot.pause()
        assert len(list(view.render_line(0))) == 1  # margin, text and padding: one styled run
        view.show(Text.assemble(("Heading", "bold underline"), " rest"))
        await pilot.pause()
        first = list(view.render_line(0))
        assert first[0].text == " " and not first[0].style.underline  # no underlined margin


async def test_histogram_repaints_only_changed_rows():
    app = Holder()
    async with app.run_test(size=(60, 20)) as pilot:
        histogram = app.query_one(Histogram)
        buckets = [("2011", 3, 3), ("2012", 5, 5), ("2013", 1, 1)]
        spans = [(0.0, 2.0, "First era"), (2.0, 3.0, "Second")]
        histogram.show(buckets, 0, "", spans)
        await pilot.pause()
        calls = spy(histogram)
        histogram.show(buckets, 1, "", spans)  # only the cursor's year moves
        await pilot.pause()
        assert calls and all(regions for regions in calls), calls
        rows = sorted(region.y for regions in calls for region in regions)
        assert rows == [0, 1], rows  # bars and labels; the era strip stays
        assert "First era" in histogram.render_line(2).text


async def test_list_cursor_move_leaves_the_scrollbar_alone(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        listing = app.main_screen.event_list
        calls = spy(listing)
        await pilot.press("down")
        assert len(calls) == 2 and all(len(regions) == 1 for regions in calls), calls
        width = listing.scrollable_content_region.width
        assert width < listing.size.width or not listing.show_vertical_scrollbar
        assert all(regions[0].width == width and regions[0].height == 1 for regions in calls), calls
