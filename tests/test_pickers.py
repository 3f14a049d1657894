"""Pickers: rows never wrap (cut with …), each picker has its own words; the list's actor
column lines up at wide sizes and is cut with …."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import Input, OptionList

from tui.screens.picker import Picker

from conftest import builtin, make_app, ready


def rows(picker) -> list[str]:
    options = picker.query_one("#picker-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@pytest.mark.parametrize("key,words,not_words", [
    ("a", "aliases", ()),
    ("t", "tags", ("actor", "aliases")),
    ("p", "Arabic", ("actor", "aliases")),
])
async def test_pickers_rows_fit_and_words(tmp_path, key, words, not_words):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press(key)
        await pilot.pause(0.2)
        picker = app.screen
        assert isinstance(picker, Picker)
        placeholder = picker.query_one(Input).placeholder
        assert words in placeholder
        for word in not_words:
            assert word not in placeholder.casefold()
        width = picker.query_one(OptionList).scrollable_content_region.width
        shown = rows(picker)
        assert shown
        assert all(cell_len(row) <= width for row in shown), (width, [(cell_len(r), r) for r in shown if cell_len(r) > width])
        assert all("\n" not in row for row in shown)
        assert all(row.rstrip().split("·")[-1].strip().split()[0].replace(",", "").isdigit() for row in shown)  # the count always stays
        if key == "a":
            assert any("…" in row for row in shown)  # long names are cut, and say so
        await pilot.press("escape")


async def test_bookmark_picker_words(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("m", "apostrophe")
        await pilot.pause(0.2)
        placeholder = app.screen.query_one(Input).placeholder
        assert "bookmarks" in placeholder and "actor" not in placeholder and "aliases" not in placeholder


async def test_actor_column_lines_up_at_200_columns(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(200, 50)) as pilot:
        await ready(pilot)
        events = app.main_screen.event_list
        width = events.scrollable_content_region.width
        column = max(12, width // 5)
        start = width - column - 1  # the column starts here on every row (one blank column at the right)
        cut = False
        for value in events.rows[:60]:
            if value < 0:
                continue
            line = "".join(segment.text for segment in events._render_row(value, width, False))
            assert cell_len(line) == width
            assert line[start - 1] == " "  # a space before the column, on every row
            actors = line[start:]
            event = app.timeline.events[value]
            if event.actors:
                assert actors.startswith(app.timeline.actor_label_on(event.actors[0], event.date)[:8])  # named as on its date
            cut = cut or actors.rstrip().endswith("…")
        assert cut  # a long actor list says it is cut


@pytest.mark.parametrize("sizes", [((40, 12), (80, 24)), ((120, 40), (60, 20))], ids=["wider", "narrower"])
async def test_rows_fit_again_after_a_resize(tmp_path, sizes):
    """The picker's rows are cut to the list's new width once it has it (on the screen's own
    resize the list still had the old one: a row wrapped over two lines)."""
    first, then = sizes
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=first) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause(0.2)
        await pilot.resize_terminal(*then)
        await pilot.pause(0.3)
        picker = app.screen
        width = picker.query_one(OptionList).scrollable_content_region.width
        shown = rows(picker)
        assert shown and all(cell_len(row) <= width for row in shown), (width, [(cell_len(r), r) for r in shown if cell_len(r) > width])


async def test_picker_highlight_is_reverse_video_with_no_color(tmp_path, monkeypatch):
    """With NO_COLOR the highlighted row is not told by colour: it is drawn in reverse video,
    though the input, not the list, has the focus."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("t")
        await pilot.pause(0.2)
        options = app.screen.query_one("#picker-list", OptionList)
        assert not options.has_focus

        def reversed_rows() -> list[int]:
            return [y for y in range(options.size.height) if any(s.style is not None and s.style.reverse for s in options.render_line(y))]

        assert reversed_rows() == [0]
        await pilot.press("down", "down")
        await pilot.pause(0.1)
        assert reversed_rows() == [2]


@pytest.mark.parametrize("keys,shown,hidden", [
    (("a",), {"Pick/unpick", "Cancel", "Any/All"}, set()),
    (("t",), {"Pick/unpick", "Cancel"}, {"Any/All"}),
    (("m", "'"), {"Cancel"}, {"Any/All"}),
])
async def test_picker_footer_offers_only_what_applies(tmp_path, keys, shown, hidden):
    from textual.widgets import Footer

    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press(*keys)
        await pilot.pause(0.3)
        assert isinstance(app.screen, Picker)
        footer = app.screen.query_one(Footer)
        words = {getattr(k, "description", "") for k in footer.query("FooterKey")}
        assert shown <= words and not (hidden & words), words
        if hidden:
            before = app.screen.match_mode
            await pilot.press("ctrl+t")
            assert app.screen.match_mode == before
