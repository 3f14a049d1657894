"""The event screen: hanging indents, OSC 8 links never hard-wrapped, the crumb cut with …, a
readable line width, the event id, and `Y` copies one source's URL."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from tui.screens.event import EventScreen
from tui.screens.picker import Picker
from tui.widgets.detail import EventBody, wrap_hanging
from tui.widgets.event_text import event_text

from conftest import builtin, make_app, ready

TIMELINE = builtin()

EVENT = "east-aleppo-falls-2016"


def lines_of(width: int) -> list[Text]:
    event = TIMELINE.events[TIMELINE.index_of(EVENT)]
    return wrap_hanging(event_text(TIMELINE, event, full=True), Console(width=200), width)


def test_claims_and_sources_hang_and_urls_are_links_never_broken():
    lines = lines_of(50)
    plain = [line.plain for line in lines]
    first_claim = next(i for i, p in enumerate(plain) if p.startswith("  • "))
    assert plain[first_claim + 1].startswith("    ") and plain[first_claim + 1][4] != " "  # hangs under the text
    event = TIMELINE.events[TIMELINE.index_of(EVENT)]
    urls = [s.url for s in event.sources if s.url]
    linked = {span.style.link for line in lines for span in line.spans if hasattr(span.style, "link") and span.style.link}
    assert set(urls) <= linked  # every URL is an OSC 8 hyperlink to the whole address
    for line in lines:
        assert cell_len(line.plain) <= 50
        for url in urls:  # a URL is never split over two lines: whole, or cut with …
            if url[:20] in line.plain:
                rest = line.plain[line.plain.index(url[:20]):]
                assert rest.rstrip() == url or rest.rstrip().endswith("…")
    assert any(p.startswith("Id: " + EVENT) for p in plain)


async def test_event_screen_width_crumb_and_id(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(200, 50)) as pilot:
        await ready(pilot)
        app.main_screen.goto_event(TIMELINE.index_of(EVENT))
        await pilot.pause(0.1)
        await pilot.press("enter")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, EventScreen)
        body = screen.query_one(EventBody)
        assert body.size.width <= 104
        assert EVENT in body.plain_text
        await pilot.press("tab", "enter")  # follow a related event: the path crumb shows
        await pilot.pause(0.2)
        trail = str(app.screen.query_one("#event-trail").render())
        assert "Path: " in trail
        title = TIMELINE.events[TIMELINE.index_of(EVENT)].title
        assert len(title) > 30 and "…" in trail and title not in trail


async def test_Y_copies_one_source_url(tmp_path):
    app = make_app(tmp_path, builtin())
    copied = []
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.copy_to_clipboard = copied.append
        app.main_screen.goto_event(TIMELINE.index_of(EVENT))
        await pilot.pause(0.1)
        await pilot.press("enter")
        await pilot.pause(0.2)
        await pilot.press("Y")
        await pilot.pause(0.2)
        assert isinstance(app.screen, Picker)
        await pilot.press("down", "enter")
        await pilot.pause(0.2)
        event = TIMELINE.events[TIMELINE.index_of(EVENT)]
        assert copied == [[s.url for s in event.sources if s.url][1]]
        assert isinstance(app.screen, EventScreen)


async def _related_rows(tmp_path, monkeypatch, *, no_color: bool = False, table: str = "unicode"):
    """The event screen's related list as drawn, before and after Tab gives it the focus:
    [(text, reversed)] per line."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path, builtin(), symbols=table)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            app.main_screen.goto_event(TIMELINE.index_of(EVENT))
            await pilot.pause(0.1)
            await pilot.press("enter")
            await pilot.pause(0.2)
            related = app.screen.query_one("#related")

            def rows():
                lines = [related.render_line(y) for y in range(related.size.height)]
                return [(line.text, any(s.style is not None and s.style.reverse for s in line)) for line in lines]

            before = rows()
            await pilot.press("tab")
            await pilot.pause(0.1)
            assert app.focused is related
            focused = rows()
            await pilot.press("down")
            await pilot.pause(0.1)
            return before, focused, rows()
    finally:
        from tui import symbols

        symbols.use("unicode")


async def test_related_event_under_the_cursor_is_marked_by_a_symbol(tmp_path, monkeypatch):
    before, focused, moved = await _related_rows(tmp_path, monkeypatch)
    assert not any(text.startswith("▶") for text, _ in before)  # the text has the focus: no marker
    assert focused[0][0].startswith("▶ → ")
    assert all(not text.startswith("▶") for text, _ in focused[1:])
    marked = [n for n, (text, _) in enumerate(moved) if text.startswith("▶")]
    assert len(marked) == 1 and marked[0] > 0  # ↓ moves the marker to the next related event
    assert moved[marked[0]][0][2:].startswith("→ ")


async def test_related_marker_is_ascii_outside_utf8(tmp_path, monkeypatch):
    _, focused, _ = await _related_rows(tmp_path, monkeypatch, table="ascii")
    assert focused[0][0].startswith("> -> ")
    assert all(text.isascii() or not text.startswith(">") for text, _ in focused)


async def test_related_marker_with_no_color_is_reverse_video_too(tmp_path, monkeypatch):
    before, focused, moved = await _related_rows(tmp_path, monkeypatch, no_color=True)
    assert not any(rev for _, rev in before)  # not focused: nothing reversed
    assert focused[0] == (focused[0][0], True) and focused[0][0].startswith("▶ ")
    assert not any(rev for _, rev in focused[1:] if not _.startswith("  "))  # only the highlighted option's lines
    assert sum(1 for text, rev in moved if rev and text.startswith("▶")) == 1


async def test_y_on_the_event_screen_says_where_the_citation_went(tmp_path):
    """The app cannot know that the terminal took the OSC 52 copy: it says it sent it."""
    app = make_app(tmp_path, builtin())
    copied = []
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.copy_to_clipboard = copied.append
        await pilot.press("enter")
        await pilot.pause(0.2)
        await pilot.press("y")
        await pilot.pause(0.1)
        assert copied and isinstance(app.screen, EventScreen)
        said = [str(n.message) for n in app._notifications]
        assert any("sent to the terminal's clipboard" in m for m in said) and not any("copied" in m.casefold() for m in said)
