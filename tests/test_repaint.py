"""Partial repaints: the widgets ask Textual to redraw only what changed (bytes over SSH).

Each test records the regions a widget marks dirty and checks they are the changed lines,
not the whole widget (a full refresh is a call with no region).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult

from tui.widgets.overview_strip import OverviewStrip
from tui.widgets.detail import DetailView

from conftest import make_app, ready
from test_app import SIZE


class Holder(App):
    CSS = "DetailView { height: 6; width: 40; } OverviewStrip { width: 40; }"

    def compose(self) -> ComposeResult:
        yield DetailView(id="detail")
        yield OverviewStrip()


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


async def test_overview_strip_repaints_only_changed_rows():
    app = Holder()
    async with app.run_test(size=(60, 20)) as pilot:
        strip = app.query_one(OverviewStrip)
        buckets = [("2011", 3, 3), ("2012", 5, 5), ("2013", 1, 1)]
        spans = [(0.0, 2.0, "First era"), (2.0, 3.0, "Second")]
        strip.show(buckets, 0, "", spans)
        await pilot.pause()
        calls = spy(strip)
        strip.show(buckets, 1, "", spans)  # only the cursor's year moves
        await pilot.pause()
        assert calls and all(regions for regions in calls), calls
        rows = sorted(region.y for regions in calls for region in regions)
        assert rows == [0, 1], rows  # bars and labels; the era strip stays
        assert "First era" in strip.render_line(2).text


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


async def test_detail_repaints_only_the_cells_that_change():
    """Within a changed line, only the changed run of cells is dirty (a wide character whole)."""
    app = Holder()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(DetailView)
        view.show(Text("Title one\nsame\nدمشق 中文 tail"))
        await pilot.pause()
        calls = spy(view)
        view.show(Text("Title two\nsame\nدمشق 中字 tail"))
        await pilot.pause()
        regions = sorted((region.y, region.x, region.width) for regions in calls for region in regions)
        # margin 1 + "Title " = 7; "中文" starts at 1 + 5 = 6, "文"/"字" at cells 8-9
        assert regions == [(0, 7, 3), (2, 8, 2)], regions


def test_changed_spans_join_close_runs_and_keep_wide_characters_whole():
    from rich.style import Style
    from textual.strip import Strip

    from tui.widgets.strips import changed_spans

    plain = Strip([Segment("abcdefghijklmnopqrstuvwxyz", None)])
    assert changed_spans(plain, plain) == []
    two = Strip([Segment("aXcdefghijklmnopqrstuvwxYz", None)])
    assert changed_spans(plain, two) == [(1, 2), (24, 25)]
    close = Strip([Segment("aXcdeXghijklmnopqrstuvwxyz", None)])
    assert changed_spans(plain, close) == [(1, 6)]  # 3 unchanged cells between: one run
    styled = Strip([Segment("abc", None), Segment("def", Style(bold=True)), Segment("ghijklmnopqrstuvwxyz", None)])
    assert changed_spans(plain, styled) == [(3, 6)]  # a style change is a change
    wide = Strip([Segment("ab中cd", None)])
    narrow = Strip([Segment("ab中xd", None)])
    assert changed_spans(wide, narrow) == [(4, 5)]
    halves = Strip([Segment("abc中d", None)])  # 中 moved one cell: both versions whole
    assert changed_spans(wide, halves) == [(2, 5)]
    shorter = Strip([Segment("abc", None)])
    assert changed_spans(plain, shorter) == [(3, 26)]


def _screen_after(data: str, before: str):
    import pyte

    screen = pyte.Screen(30, 4)
    stream = pyte.Stream(screen)
    stream.feed(before)
    stream.feed(data)
    return [[(c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.reverse, c.strikethrough) for c in
             (screen.buffer[y][x] for x in range(30))] for y in range(4)]


def test_the_tight_renderer_draws_what_textual_draws_in_fewer_bytes():
    """tui/widgets/pen.py: the same cells, styles included, as Textual's own output, from a
    screen full of other text; fewer bytes."""
    from rich.console import Console
    from rich.style import Style
    from textual._compositor import ChopsUpdate, LayoutUpdate
    from textual.strip import Strip

    from tui.widgets.pen import TightChops, TightLayout

    console = Console(color_system="256", force_terminal=True)
    bold_red = Style(bold=True, color="red", bgcolor="blue")
    dim = Style(dim=True, color="color(246)", bgcolor="blue")
    styles = [bold_red, dim, Style(italic=True, underline=True), None, Style(bold=True, dim=True), Style(reverse=True),
              Style(color="color(253)", bgcolor="color(234)"), Style(bgcolor="color(234)"), Style(strike=True, color="#ff8800")]
    lines = []
    for y in range(4):
        left = Strip([Segment("ab中", styles[y]), Segment("cdefg", styles[y + 1]), Segment("h", styles[y + 2])], 10)
        right = Strip([Segment("  x中文y ", styles[y + 3]), Segment("zz", styles[y + 4]), Segment(" tail end", styles[y + 5])], 20)
        lines.append((left, right))
    chops = [{0: left, 10: right} for left, right in lines]
    ends = [[10, 30]] * 4
    before = "\x1b[H" + "\r\n".join("#" * 30 for _ in range(4))
    from textual.geometry import Region

    full = [list(pair) for pair in lines]
    everything = _screen_after(LayoutUpdate(full, Region(0, 0, 30, 4)).render_segments(console), before)
    untouched = _screen_after("", before)
    # spans to repaint, and the cells that must change (a wide character cut by a span is drawn whole)
    cases = (
        ([(0, 0, 30)], [(0, 0, 30)]),
        ([(0, 3, 8), (1, 4, 14), (2, 11, 12), (2, 20, 25), (3, 9, 11)], [(0, 2, 8), (1, 4, 15), (2, 11, 12), (2, 20, 25), (3, 9, 11)]),
        ([(1, 14, 30), (3, 0, 10)], [(1, 13, 30), (3, 0, 10)]),
    )
    for spans, cells in cases:
        theirs = ChopsUpdate(chops, spans, ends).render_segments(console)
        ours = TightChops(chops, spans, ends).render_segments(console)
        dirty = {(y, x) for y, x1, x2 in cells for x in range(x1, x2)}
        want = [[everything[y][x] if (y, x) in dirty else untouched[y][x] for x in range(30)] for y in range(4)]
        assert _screen_after(ours, before) == want, spans
        assert len(ours) < len(theirs), (spans, ours, theirs)
    theirs = LayoutUpdate(full, Region(0, 0, 30, 4)).render_segments(console)
    ours = TightLayout(full, Region(0, 0, 30, 4)).render_segments(console)
    assert _screen_after(ours, before) == everything
    assert len(ours) < len(theirs), (len(ours), len(theirs))


async def test_i_hides_and_shows_the_detail_pane(tmp_path):
    """With the pane hidden a ↓ repaints the two list rows and nothing of the pane; shown again,
    the pane holds the cursor's event."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = app.main_screen
        detail = screen.query_one(DetailView)
        listing = screen.event_list
        height = listing.size.height
        await pilot.press("i")
        await pilot.pause()
        assert not detail.display or detail.region.height == 0, detail.region
        assert listing.size.height > height
        calls = spy(detail)
        await pilot.press("down")
        await pilot.pause(0.1)
        assert calls == [], calls
        await pilot.press("i")
        await pilot.pause(0.1)
        assert detail.region.height > 0
        current = app.timeline.events[listing.current_event]
        assert current.title.split()[0] in detail.plain_text, detail.plain_text
        assert app.timeline.events[listing.current_event].title[:20] in detail.plain_text.replace("\n", " ")


def test_blanks_at_the_end_of_a_line_go_out_as_one_erase():
    """With a terminal that erases in the current background (terminfo bce), a line's trailing
    blanks are one `ESC[K`, in their background; never for a style whose blanks would show
    (reverse, underline): the screen is the same as Textual's own output."""
    from rich.console import Console
    from rich.style import Style
    from textual._compositor import ChopsUpdate, LayoutUpdate
    from textual.geometry import Region
    from textual.strip import Strip

    from tui.widgets.pen import tighten

    console = Console(color_system="256", force_terminal=True)
    surface = Style(color="color(253)", bgcolor="color(234)")
    lines = [
        [Strip([Segment("text", surface), Segment(" " * 26, surface)], 30)],
        [Strip([Segment("under", Style(underline=True)), Segment(" " * 25, Style(underline=True))], 30)],
        [Strip([Segment("a", None), Segment(" " * 29, None)], 30)],
        [Strip([Segment("x" * 27, surface), Segment("   ", surface)], 30)],  # 3 blanks: not worth an erase
    ]
    before = "\x1b[H" + "\r\n".join("#" * 30 for _ in range(4))
    theirs = LayoutUpdate(lines, Region(0, 0, 30, 4)).render_segments(console)
    ours = tighten(LayoutUpdate(lines, Region(0, 0, 30, 4)), erase=True).render_segments(console)
    assert _screen_after(ours, before) == _screen_after(theirs, before)
    assert ours.count("\x1b[K") == 2 and len(ours) < 0.6 * len(theirs), ours
    chops = [{0: line[0]} for line in lines]
    spans = [(0, 0, 30), (2, 0, 30)]
    theirs = ChopsUpdate(chops, spans, [[30]] * 4).render_segments(console)
    ours = tighten(ChopsUpdate(chops, spans, [[30]] * 4), erase=True).render_segments(console)
    assert _screen_after(ours, before) == _screen_after(theirs, before)
    assert ours.count("\x1b[K") == 2, ours
    plain = tighten(LayoutUpdate(lines, Region(0, 0, 30, 4))).render_segments(console)
    assert "\x1b[K" not in plain  # without bce: spaces


def test_the_shadow_writes_only_cells_that_change():
    """A second, identical full update writes no cells; one changed word writes about that word;
    a cleared shadow (after a suspend) writes everything again. Same screen as Textual's output."""
    from rich.console import Console
    from rich.style import Style
    from textual._compositor import LayoutUpdate
    from textual.geometry import Region
    from textual.strip import Strip

    from tui.widgets.pen import Shadow, tighten

    console = Console(color_system="256", force_terminal=True)
    surface = Style(color="color(253)", bgcolor="color(234)")

    def layout(word: str):
        return LayoutUpdate([[Strip([Segment("Title ", surface), Segment(word, surface.__add__(Style(bold=True))),
                                     Segment(" 中文 end" + " " * (30 - 6 - len(word) - 10), surface)], 30)] for _ in range(3)],
                            Region(0, 0, 30, 3))

    shadow = Shadow()
    shadow.fit(30, 3)
    first = tighten(layout("one"), shadow=shadow).render_segments(console)
    again = tighten(layout("one"), shadow=shadow).render_segments(console)
    assert again == "", again
    changed = tighten(layout("two"), shadow=shadow).render_segments(console)
    assert changed.count("two") == 3 and "Title" not in changed and "end" not in changed, changed
    before = "\x1b[H" + "\r\n".join("#" * 30 for _ in range(3))
    import pyte

    screen = pyte.Screen(30, 3)
    stream = pyte.Stream(screen)
    stream.feed(before + first + changed)
    expected = pyte.Screen(30, 3)
    pyte.Stream(expected).feed(before + layout("two").render_segments(console))
    assert screen.display == expected.display
    assert [[screen.buffer[y][x] for x in range(30)] for y in range(3)] == [[expected.buffer[y][x] for x in range(30)] for y in range(3)]
    shadow.clear()
    assert tighten(layout("two"), shadow=shadow).render_segments(console).count("Title") == 3


def test_whole_lines_that_moved_up_or_down_are_scrolled_by_the_terminal():
    """A list scrolled by a line: its lines go up in the terminal (margins and IND, or RI the
    other way) and only the new line and what else changed are written; same screen."""
    import pyte
    from rich.console import Console
    from rich.style import Style
    from textual._compositor import ChopsUpdate
    from textual.strip import Strip

    from tui.widgets.pen import Shadow, tighten

    console = Console(color_system="256", force_terminal=True)
    style = Style(color="color(253)", bgcolor="color(234)")
    rows = [f"{n:>3} " + "".join(chr(97 + (n * 7 + i * 3) % 26) for i in range(26)) for n in range(40)]

    def update(first: int):
        chops = [{0: Strip([Segment("header".ljust(30), None)], 30)}] + [
            {0: Strip([Segment(rows[first + y], style)], 30)} for y in range(8)]
        spans = [(y, 0, 30) for y in range(1, 9)]
        return ChopsUpdate(chops, spans, [[30]] * 9)

    screen = pyte.Screen(30, 9)
    stream = pyte.Stream(screen)
    shadow = Shadow()
    shadow.fit(30, 9)
    stream.feed(tighten(update(0), shadow=shadow).render_segments(console))
    for first, direction in ((1, "\x1bD"), (2, "\x1bD"), (1, "\x1bM")):
        out = tighten(update(first), shadow=shadow).render_segments(console)
        assert direction in out and len(out) < 120, out
        stream.feed(out)
        assert screen.display[1:] == rows[first:first + 8], screen.display
        assert all(screen.buffer[y][x].bg == "1c1c1c" for y in range(1, 9) for x in range(30))


def test_letters_with_combining_marks_take_one_cell_in_the_shadow():
    """Arabic harakat (عمّان with --bidi off), a decomposed é, Thai vowel and tone marks: a mark
    sits on its letter's cell. The shadow counted it as a cell of its own, so a line with marks
    stopped early and the rest of it kept the screen before (the main screen's filter bar showed
    through an event title of 39 decomposed é). Same screen as Textual's own output, also for an
    update of a few cells, a span cut beside a mark and a mark split from its letter by a style."""
    import pyte
    from rich.console import Console
    from rich.style import Style
    from textual._compositor import ChopsUpdate, LayoutUpdate
    from textual.geometry import Region
    from textual.strip import Strip

    from tui.widgets.pen import Shadow, tighten

    console = Console(color_system="256", force_terminal=True)
    bold = Style(bold=True)
    texts = [
        [("Amman (عمّان) ", None), ("e\u0301" * 8, bold), (" end", None)],
        [("ไทย น้ำ ", None), ("ก\u0e34\u0e4a", bold), (" end", None)],
        [("Zalgo Z" + "\u0301" * 40, None), (" then ", None), ("a", bold), ("\u0651 mark split", None)],
    ]

    def lines(tail: str):
        out = []
        for parts in texts:
            segments = [Segment(text, style) for text, style in parts] + [Segment(tail, None)]
            width = Strip(segments).cell_length
            out.append(Strip(segments + [Segment(" " * (30 - width), None)], 30))
        return out

    def screen_of(*writes: str) -> pyte.Screen:
        screen = pyte.Screen(30, 3)
        stream = pyte.Stream(screen)
        stream.feed("\x1b[H" + "\r\n".join("#" * 30 for _ in range(3)))
        for data in writes:
            stream.feed(data)
        return screen

    def cells(screen: pyte.Screen):
        return [[screen.buffer[y][x] for x in range(30)] for y in range(3)]

    def layout(tail: str):
        return LayoutUpdate([[strip] for strip in lines(tail)], Region(0, 0, 30, 3))

    shadow = Shadow()
    shadow.fit(30, 3)
    first = tighten(layout(" 1"), shadow=shadow).render_segments(console)
    theirs = screen_of(layout(" 1").render_segments(console))
    ours = screen_of(first)
    assert ours.display == theirs.display and "#" not in "".join(ours.display), ours.display
    assert cells(ours) == cells(theirs)
    again = tighten(layout(" 1"), shadow=shadow).render_segments(console)
    assert "end" not in again and "Amman" not in again, again  # nothing but what is not known
    second = tighten(layout(" 2"), shadow=shadow).render_segments(console)
    assert "2" in second and "Amman" not in second and "end" not in second, second
    ours = screen_of(first, again, second)
    assert cells(ours) == cells(screen_of(layout(" 2").render_segments(console)))
    # spans that start or end beside a mark
    chops = [{0: strip} for strip in lines(" 3")]
    for spans in ([(0, 8, 12), (1, 3, 9), (2, 6, 9)], [(0, 0, 30), (1, 0, 30), (2, 0, 30)]):
        shadow = Shadow()
        shadow.fit(30, 3)
        base = tighten(layout(" 3"), shadow=shadow).render_segments(console)
        update = tighten(ChopsUpdate(chops, spans, [[30]] * 3), shadow=shadow).render_segments(console)
        assert cells(screen_of(base, update)) == cells(screen_of(layout(" 3").render_segments(console))), spans


def _curses_bce(term: str) -> bool:
    """What curses says of `term`'s `bce` (in a child: curses reads one terminal per process)."""
    import subprocess
    import sys

    code = "import curses, sys\ntry:\n    curses.setupterm(sys.argv[1], 1)\n    print(curses.tigetflag('bce') == 1)\nexcept Exception:\n    print(False)"
    return subprocess.run([sys.executable, "-c", code, term], capture_output=True, text=True).stdout.strip() == "True"


def test_bce_is_read_from_terminfo_as_curses_reads_it(tmp_path):
    """The start no longer loads curses to learn whether the terminal erases in colour: the
    compiled terminfo entry is read directly, and gives curses' answer for every terminal this
    machine has an entry for (and for names it has none for)."""
    import os

    from tui.widgets.pen import terminal_erases_in_colour

    names = {"xterm-256color", "xterm", "screen", "tmux-256color", "linux", "vt100", "dumb", "rxvt-unicode", "no-such-terminal"}
    for folder in ("/usr/share/terminfo", "/lib/terminfo", "/etc/terminfo"):
        if os.path.isdir(folder):
            names.update(name for sub in os.listdir(folder) if os.path.isdir(os.path.join(folder, sub)) for name in os.listdir(os.path.join(folder, sub)))
    names = sorted(names)[:60]
    answers = {name: terminal_erases_in_colour(name, {}) for name in names}
    assert answers == {name: _curses_bce(name) for name in names}
    assert any(answers.values()) and not all(answers.values())  # both kinds were compared


def test_a_terminfo_entry_that_is_not_a_file_is_no_entry(tmp_path):
    import os
    import struct

    from tui.widgets.pen import terminal_erases_in_colour

    own = tmp_path / "terminfo"
    (own / "z").mkdir(parents=True)
    names = b"zz|made up\x00"
    booleans = bytes(29)[:-1] + b"\x01"  # bce, the 29th boolean, on
    entry = struct.pack("<6h", 0o432, len(names), len(booleans), 0, 0, 0) + names + booleans
    (own / "z" / "zz").write_bytes(entry)
    assert terminal_erases_in_colour("zz", {"TERMINFO": str(own)})
    (own / "z" / "zz").write_bytes(entry[:-1] + b"\x00")
    assert not terminal_erases_in_colour("zz", {"TERMINFO": str(own)})
    (own / "z" / "zz").unlink()
    os.mkfifo(own / "z" / "zz")  # a FIFO planted there neither hangs the start nor counts
    assert not terminal_erases_in_colour("zz", {"TERMINFO": str(own)})
    assert not terminal_erases_in_colour("../z/zz", {"TERMINFO": str(own)})  # no paths in $TERM
