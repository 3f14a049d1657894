"""Each filter comes off on its own (issue 14): `x` picks one of the active filters, a click on a
filter in the bar (or its ×) takes it off, the palette has "Remove filter: …"; backspace undoes."""

from __future__ import annotations

from textual.widgets import OptionList

from tui.dates import parse_date
from tui.screens.picker import Picker
from tui.widgets.filter_bar import FilterBar, bar_text

from conftest import builtin, make_app, ready


def bar_line(app) -> str:
    return str(app.main_screen.query_one(FilterBar).render())


async def _filtered(pilot):
    await ready(pilot)
    main = pilot.app.main_screen
    main.filter_by(actors=("hts",), tags=("siege",), date_from=parse_date("2016"), date_to=parse_date("2020"))
    await pilot.pause(0.1)
    return main


def test_the_bar_has_a_cross_after_each_filter_where_it_fits():
    parts, kinds = ["actor: HTS", "tags: siege"], ["actors", "tags"]
    wide = bar_text(120, parts, 4, 293, kinds=kinds)
    assert "actor: HTS × · tags: siege ×" in wide.plain
    owners = {}
    for n, ch in enumerate(wide.plain):
        meta = wide.get_style_at_offset(_console(), n).meta
        owners.setdefault(meta.get("filter"), "")
        owners[meta.get("filter")] += ch
    assert owners["actors"] == "actor: HTS ×" and owners["tags"] == "tags: siege ×"
    narrow = bar_text(50, parts, 4, 293, kinds=kinds).plain
    assert "×" not in narrow and "4 of 293" in narrow  # no room: the crosses go before the count does
    assert "×" not in bar_text(120, parts, 4, 293).plain  # without kinds nothing can be clicked off


def test_the_bar_keeps_each_letter_with_its_filter_when_bidi_reorders():
    parts, kinds = ["actor: HTS", "places: حلب, Idlib"], ["actors", "places"]
    text = bar_text(120, parts, 4, 293, kinds=kinds, rtl=True)
    arabic = [n for n, ch in enumerate(text.plain) if "\u0600" <= ch <= "\u06ff" or "\ufe70" <= ch <= "\ufeff"]
    assert arabic and all(text.get_style_at_offset(_console(), n).meta.get("filter") == "places" for n in arabic)


def _console():
    from rich.console import Console

    return Console(width=200)


async def test_x_picks_a_filter_to_remove_and_backspace_undoes(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(100, 30)) as pilot:
        main = await _filtered(pilot)
        before = list(app.session.shown)
        await pilot.press("x")
        await pilot.pause(0.2)
        picker = app.screen
        assert isinstance(picker, Picker)
        options = picker.query_one("#picker-list", OptionList)
        rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert rows[0] == "actor: HTS" and rows[1] == "tags: siege" and rows[2].startswith("dates: 2016")
        await pilot.press(*"tag", "enter")
        await pilot.pause(0.2)
        assert app.screen is main
        assert app.session.filters.tags == () and app.session.filters.actors == ("hts",)
        assert "siege" not in bar_line(app) and len(app.session.shown) > len(before)
        await pilot.press("backspace")
        await pilot.pause(0.1)
        assert app.session.filters.tags == ("siege",) and app.session.shown == before


async def test_x_without_filters_says_so(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("x")
        await pilot.pause(0.2)
        assert app.screen is app.main_screen
        assert any("No filters to remove" in str(n.message) for n in app._notifications)


async def test_a_click_on_a_filter_in_the_bar_removes_it(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(160, 30)) as pilot:
        main = await _filtered(pilot)
        bar = main.query_one(FilterBar)
        line = bar_line(app)
        assert "siege ×" in line
        column = line.index("siege ×") + len("siege ")  # the × after the tag
        await pilot.click(FilterBar, offset=(bar.content_region.x - bar.region.x + column, 0))
        await pilot.pause(0.2)
        assert app.session.filters.tags == () and app.session.filters.actors == ("hts",)
        assert app.session.filters.date_from is not None
        line = bar_line(app)
        await pilot.click(FilterBar, offset=(bar.content_region.x - bar.region.x + line.index("HTS"), 0))  # the words too
        await pilot.pause(0.2)
        assert app.session.filters.actors == ()
        await pilot.click(FilterBar, offset=(bar.content_region.x - bar.region.x + 2, 0))  # "Filtered by": nothing
        await pilot.pause(0.2)
        assert app.session.filters.date_from is not None
        await pilot.press("backspace", "backspace")
        await pilot.pause(0.1)
        assert app.session.filters.tags == ("siege",) and app.session.filters.actors == ("hts",)


async def test_palette_offers_remove_filter_entries(tmp_path):
    from test_palette import palette_options

    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(120, 40)) as pilot:
        await _filtered(pilot)
        found = await palette_options(pilot, "Remove filter")
        assert any(option.startswith("Remove filter: actor: HTS") for option in found)
        assert any(option.startswith("Remove filter: tags: siege") for option in found)
        await pilot.press("ctrl+p", *"Remove filter: tags", "enter")
        await pilot.pause(0.3)
        assert app.session.filters.tags == () and app.session.filters.actors == ("hts",)
        found = await palette_options(pilot, "Remove filter")
        assert not any("siege" in option for option in found)  # entries follow the filters, never cached
