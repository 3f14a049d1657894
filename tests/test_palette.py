"""The command palette (ctrl+p): every action of the keymap with its key, every filter value,
events through the search index; none of Textual's system commands."""

from __future__ import annotations

from tui.keys import LIST_KEYS, MAIN_KEYS, label

from conftest import builtin, make_app, ready


async def palette_options(pilot, text: str) -> list[str]:
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await pilot.pause()
    if text:
        await pilot.press(*text)
    await pilot.pause(0.6)
    options = pilot.app.screen.query_one(CommandList)
    found = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    await pilot.press("escape")
    await pilot.pause()
    return found


async def test_palette_holds_every_action_with_its_key(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        from tui.commands_palette import _build

        entries = _build(app.main_screen, app.timeline, app.index)
        actions = {display: help_text for display, _, _, help_text in entries}
        for key in MAIN_KEYS + LIST_KEYS:
            assert actions.get(key.description) == label(key), key
        displays = [display for display, *_ in entries]
        assert any(d.startswith("Filter by tag: ") for d in displays)
        assert any(d.startswith("Filter by era: ") for d in displays)
        assert any(d.startswith("Filter by year: 2016") for d in displays)
        assert any(d.startswith("Filter by place: Aleppo") for d in displays)
        # kept per timeline: the same list when the palette opens again
        await palette_options(pilot, "")
        first = app.palette_entries[2]
        await palette_options(pilot, "zoo")
        assert app.palette_entries[2] is first


async def test_no_system_commands(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        for word, system in (("screenshot", "screenshot"), ("keys", "keys and help panel"), ("theme", "theme"), ("maximize", "maximize")):
            found = await palette_options(pilot, word)
            assert not any(system in option.casefold() for option in found), (word, found)
        assert list(app.get_system_commands(app.screen)) == []


async def test_palette_runs_actions_filters_and_finds_events(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"Filter by tag: chemical", "enter")
        await pilot.pause(0.3)
        assert app.session.filters.tags and "chemical" in app.session.filters.tags[0]
        await pilot.press("ctrl+p", *"Bookmark", "enter")
        await pilot.pause(0.3)
        assert len(app.session.bookmarks) == 1
        await pilot.press("ctrl+p", *"Clear", "enter")
        await pilot.pause(0.3)
        assert not app.session.filters.active
        await pilot.press("ctrl+p", *"saydnaya prison opened", "enter")
        await pilot.pause(0.3)
        main = app.main_screen
        assert app.timeline.events[main.current].id == "saydnaya-prison-opened-2024"
        await pilot.press("ctrl+p", *"Zoom strip to months", "enter")
        await pilot.pause(0.3)
        assert main.zoom_year == 2024


async def test_palette_icon_is_ascii_outside_utf8(tmp_path):
    from textual.command import SearchIcon

    from tui import symbols

    try:
        app = make_app(tmp_path, builtin(), symbols="ascii")
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause(0.2)
            icon = app.screen.query_one(SearchIcon)
            assert str(icon.render()).isascii() and str(icon.render()).strip()
    finally:
        symbols.use("unicode")
