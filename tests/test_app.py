"""Pilot tests: the explorer driven by keys, as a reader would."""

from __future__ import annotations

import json

import pytest

from tui import query as q
from tui.app import StartOptions
from tui.dates import parse_date
from tui.timeline_file import load
from tui.screens.event import EventScreen
from tui.screens.help import HelpScreen
from tui.screens.picker import Picker

from conftest import MINI, make_app, ready

SIZE = (80, 24)


def current_id(app) -> str:
    main = app.main_screen
    return app.timeline.events[main.event_list.current_event].id


def bar_text(app) -> str:
    return str(app.main_screen.query_one("#filters").render())


def detail_text(app) -> str:
    return app.main_screen.query_one("#detail").plain_text


async def test_moves_through_events(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert current_id(app) == "year-only-2011"
        await pilot.press("down", "j")
        assert current_id(app) == "rebels-aleppo-2012"
        await pilot.press("k")
        assert current_id(app) == "protests-2011"
        await pilot.press("end")
        assert current_id(app) == "damascus-2024"
        await pilot.press("home")
        assert current_id(app) == "year-only-2011"
        await pilot.press("G")
        assert current_id(app) == "damascus-2024"
        await pilot.press("g", "pagedown")
        after_down = app.main_screen.event_list.cursor
        assert after_down > 3
        await pilot.press("pageup")
        assert 0 < app.main_screen.event_list.cursor < after_down
        await pilot.press("pageup")
        assert current_id(app) == "year-only-2011"


async def test_year_and_era_jumps(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket")
        assert current_id(app) == "rebels-aleppo-2012"
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert current_id(app) == "russia-2015"  # 2014 has no events
        await pilot.press("left_square_bracket")
        assert current_id(app) == "nusra-2013"
        await pilot.press("home", "right_curly_bracket")
        assert current_id(app) == "protests-2011"  # the year-only 2011 event sorts before the first era's start
        await pilot.press("right_curly_bracket")
        assert current_id(app) == "rebels-aleppo-2012"  # Battle for Aleppo era starts 2012-07-19
        await pilot.press("right_curly_bracket")
        assert current_id(app) == "turkey-2018"  # next era starts 2017
        await pilot.press("left_curly_bracket")
        assert current_id(app) == "rebels-aleppo-2012"


async def test_detail_pane_follows_cursor(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("end")
        await pilot.pause(0.1)
        text = detail_text(app)
        assert "Damascus falls" in text and "Sources" in text and "Hayat Tahrir al-Sham" in text


async def test_actor_picker_by_alias_filters_and_counts(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, Picker)
        await pilot.press(*"Jabhat al-Nusra")
        await pilot.press("enter")
        await pilot.pause()
        main = app.main_screen
        assert main.session.filters.actors == ("hts",)
        assert [app.timeline.events[i].id for i in main.session.shown] == [
            "rebels-aleppo-2012", "nusra-2013", "rebels-return-2024", "damascus-2024"
        ]
        assert "4 of 10 events" in bar_text(app)
        assert "HTS" in bar_text(app)
        await pilot.press("c")
        assert len(main.session.shown) == 10
        assert "All 10 events" in bar_text(app)


async def test_actor_picker_several_all_of(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", *"govern", "tab")
        await pilot.press(*("backspace",) * 6, *"russia", "tab", "ctrl+t", "enter")
        await pilot.pause()
        main = app.main_screen
        assert set(main.session.filters.actors) == {"gov", "russia"}
        assert main.session.filters.actor_mode == q.ALL
        assert len(main.session.shown) == 3
        assert "all of" in bar_text(app)
        await pilot.press("a", "escape")  # cancel keeps the filters
        assert len(main.session.shown) == 3


async def test_open_event_follow_related_and_back(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("colon", *"2016-12", "enter")
        assert current_id(app) == "aleppo-falls-2016"
        await pilot.press("enter")
        assert isinstance(app.screen, EventScreen)
        assert app.screen.event.id == "aleppo-falls-2016"
        full = app.screen.query_one("#event-full").plain_text
        assert "The east of the city is evacuated." in full and "Test Wire" in full
        await pilot.press("tab", "down", "enter")  # second related event
        assert app.screen.event.id == "rebels-return-2024"
        assert "About 20 fighters" in app.screen.query_one("#event-full").plain_text
        await pilot.press("tab", "enter")  # its related: back to 2016
        assert app.screen.event.id == "aleppo-falls-2016"
        await pilot.press("escape")
        assert app.screen.event.id == "rebels-return-2024"
        await pilot.press("q")
        assert app.screen.event.id == "aleppo-falls-2016"
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def test_search_marks_hits_and_n_N(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"aleppo")
        await pilot.pause(0.4)
        main = app.main_screen
        ids = [app.timeline.events[i].id for i in main.session.hits]
        assert ids == ["rebels-aleppo-2012", "aleppo-falls-2016", "rebels-return-2024"]
        assert current_id(app) == "rebels-aleppo-2012"
        await pilot.press("enter")
        assert "hit 1 of 3" in bar_text(app)
        assert "no filters" not in bar_text(app)  # the hint gives way so the hit count fits 80 columns
        await pilot.press("n")
        assert current_id(app) == "aleppo-falls-2016"
        assert "hit 2 of 3" in bar_text(app)
        await pilot.press("n", "n")
        assert current_id(app) == "rebels-aleppo-2012"  # wraps
        await pilot.press("N")
        assert current_id(app) == "rebels-return-2024"


async def test_search_ignores_diacritics_and_escape_cancels_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        start = current_id(app)
        await pilot.press("slash", *"Maarat")
        await pilot.pause(0.4)
        assert current_id(app) == "maarat-2020"  # the live search shows the first hit
        await pilot.press("escape")
        await pilot.pause()
        # Esc cancels: the cursor and the search from before the prompt come back
        assert current_id(app) == start
        assert app.session.search_text == "" and app.session.hits == []
        assert not app.main_screen.query_one("#prompt").display
        await pilot.press("slash", *"Maarat", "enter")
        await pilot.pause(0.3)
        assert current_id(app) == "maarat-2020"  # Enter keeps it
        await pilot.press("slash", *"aleppo")
        await pilot.pause(0.4)
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert app.session.search_text == "Maarat" and current_id(app) == "maarat-2020"


@pytest.mark.parametrize(
    "typed, expected",
    [("2016-12", "aleppo-falls-2016"), ("Dec 2016", "aleppo-falls-2016"), ("22 December 2016", "aleppo-falls-2016"),
     ("2016", "aleppo-falls-2016"), ("2014", "russia-2015"), ("March 2011", "protests-2011")],
)
async def test_go_to_date_forms(tmp_path, typed, expected):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("colon", *typed, "enter")
        assert current_id(app) == expected


async def test_go_to_bad_date_keeps_prompt(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("colon", *"Smarch", "enter")
        assert app.main_screen.query_one("#prompt").display
        assert current_id(app) == "year-only-2011"


def footer_keys(app) -> set[tuple[str, str]]:
    """What the footer shows: (key, words) pairs, the command palette's label left out."""
    from textual.widgets import Footer

    footer = app.screen.query_one(Footer)
    return {(key.key, key.description) for key in footer.query("FooterKey") if key.key != "ctrl+p"}


async def test_the_footer_shows_what_the_open_prompt_does(tmp_path):
    """In the `:`, `d` and `/` prompts the main screen's keys are text: the footer shows Enter
    and Esc with what they do there; once the focus leaves the prompt, the list's keys again."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        main_keys = footer_keys(app)
        assert ("slash", "Search") in main_keys and ("q", "Quit") in main_keys and ("enter", "Open event") in main_keys
        for key, enter in (("colon", "Go to the date"), ("d", "Filter by the dates"), ("slash", "Keep the search")):
            await pilot.press(key, "2")
            await pilot.pause()
            assert footer_keys(app) == {("enter", enter), ("escape", "Cancel")}, key
            await pilot.press("escape")
            await pilot.pause()
            assert footer_keys(app) == main_keys
        await pilot.press("colon", *"Smarch", "enter")  # a date that does not parse: the prompt stays
        await pilot.pause()
        assert footer_keys(app) == {("enter", "Go to the date"), ("escape", "Cancel")}
        await pilot.press("escape", "slash", "tab")  # the focus leaves the open prompt for the list
        await pilot.pause()
        assert app.main_screen.query_one("#prompt").display and footer_keys(app) == main_keys


async def test_date_tag_place_filters_combine(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        main = app.main_screen
        await pilot.press("d", *"2012..2020", "enter")
        assert len(main.session.shown) == 6
        await pilot.press("t", *"aleppo", "enter")
        assert [app.timeline.events[i].id for i in main.session.shown] == ["rebels-aleppo-2012", "aleppo-falls-2016"]
        await pilot.press("p", *"حلب", "enter")  # Arabic place name
        assert main.session.filters.places == ("aleppo",)
        assert "2 of 10 events" in bar_text(app)
        assert "tags: aleppo" in bar_text(app) and "places: Aleppo" in bar_text(app)
        await pilot.press("ctrl+f")
        assert len(main.session.shown) == 10 and "Filters OFF" in bar_text(app)
        await pilot.press("ctrl+f")
        assert len(main.session.shown) == 2
        await pilot.press("d", *("backspace",) * 12, "enter")  # empty range clears dates only
        assert main.session.filters.date_from is None and main.session.filters.tags == ("aleppo",)


async def test_overview_strip_reflects_filters_and_zoom(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        strip = app.main_screen.query_one("OverviewStrip")
        before = dict((label, shown) for label, shown, _ in strip.buckets)
        assert before["2011"] == 2 and before["2024"] == 2
        await pilot.press("a", *"turkey", "enter")
        await pilot.pause(0.1)
        after = dict((label, shown) for label, shown, _ in strip.buckets)
        assert after["2011"] == 0 and after["2024"] == 1 and after["2018"] == 1
        assert all(total == before[label] for label, _, total in strip.buckets)
        await pilot.press("z")
        labels = [label for label, _, _ in strip.buckets]
        assert "Sep" in labels and "2018" in strip.caption
        await pilot.press("Z")
        assert "2018" in [label for label, _, _ in strip.buckets]


async def test_bookmarks_persist_across_runs(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "m", "end", "m")
        assert app.session.bookmarks == ["protests-2011", "damascus-2024"]
        await pilot.press("u")
        assert current_id(app) == "protests-2011"
        await pilot.press("u")
        assert current_id(app) == "damascus-2024"
        await pilot.press("U")
        assert current_id(app) == "protests-2011"
    saved = json.loads((tmp_path / "state.json").read_text())
    assert list(saved["timelines"].values())[0]["bookmarks"] == ["protests-2011", "damascus-2024"]

    again = make_app(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert again.session.bookmarks == ["protests-2011", "damascus-2024"]
        await pilot.press("apostrophe")
        assert isinstance(again.screen, Picker)
        await pilot.press("down", "enter")
        assert current_id(again) == "damascus-2024"


async def test_last_filters_restored(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", *"russia", "enter")
        assert len(app.session.shown) == 4
    again = make_app(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert again.session.filters.actors == ("russia",)
        assert "4 of 10 events" in bar_text(again)


async def test_corrupt_state_file_gives_notice_and_app_works(tmp_path):
    (tmp_path / "state.json").write_text("{not json")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert any("corrupt" in n.message for n in app._notifications)
        await pilot.press("m")
        assert app.session.bookmarks == ["year-only-2011"]
    assert list(tmp_path.glob("state.json.corrupt-*"))


async def test_command_palette_filters_and_jumps(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"filter by actor turkey")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert app.session.filters.actors == ("turkey",)
        await pilot.press("c", "ctrl+p", *"Government retakes")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert current_id(app) == "aleppo-falls-2016"


async def test_start_options(tmp_path):
    timeline = load(MINI)
    start = StartOptions(
        filters=q.Filters(actors=("hts",), date_from=parse_date("2012"), date_to=parse_date("2025")),
        goto="2024-11",
        search="Aleppo",
        explicit=True,
    )
    app = make_app(tmp_path, timeline, start=start)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.pause(0.2)
        main = app.main_screen
        assert len(main.session.shown) == 4
        assert current_id(app) == "rebels-return-2024"
        assert [timeline.events[i].id for i in main.session.hits] == ["rebels-aleppo-2012", "rebels-return-2024"]


def test_cli_flags_build_start_filters(mini_path):
    from tui.cli import _app_parser, build_filters

    args = _app_parser().parse_args([mini_path, "--actor", "Jabhat al-Nusra", "--from", "2016", "--to", "Dec 2019", "--place", "Aleppo"])
    filters = build_filters(load(mini_path), args)
    assert filters.actors == ("hts",) and filters.places == ("aleppo",)
    assert filters.date_from.iso() == "2016" and filters.date_to.iso() == "2019-12"
    with pytest.raises(ValueError, match="no actor matches"):
        build_filters(load(mini_path), _app_parser().parse_args(["--actor", "qqqqqq"]))


async def test_copy_citation(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("end", "y")
        assert app.clipboard.startswith("Damascus falls (8 Dec 2024)")
        assert "Source: Test Wire" in app.clipboard


async def test_help_lists_keys_and_closes(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def test_quit(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_loads_from_path_in_worker_and_reports_errors(tmp_path, write_yaml):
    app = make_app(tmp_path, str(MINI))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert len(app.session.shown) == 10
    bad = make_app(tmp_path, write_yaml("version: 1\nevents: [\n"))
    async with bad.run_test(size=SIZE) as pilot:
        for _ in range(50):
            await pilot.pause()
    assert bad.load_error is not None and bad.return_code == 2


async def test_watch_reloads_and_keeps_last_good(tmp_path, write_yaml):
    text = MINI.read_text()
    path = write_yaml(text, "watched.yaml")
    app = make_app(tmp_path, load(path), watch=True, watch_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", *"russia", "enter", "end")
        assert current_id(app) == "maarat-2020"
        with open(path, "w") as handle:
            handle.write(text.replace("title: Russia intervenes", "title: Russia intervenes (edited)"))
        for _ in range(40):
            await pilot.pause(0.05)
            if "edited" in app.timeline.events[4].title:
                break
        assert app.timeline.events[4].title == "Russia intervenes (edited)"
        assert current_id(app) == "maarat-2020" and app.session.filters.actors == ("russia",)
        with open(path, "w") as handle:
            handle.write(text + "  - id: broken\n")
        for _ in range(40):
            await pilot.pause(0.05)
            if app.main_screen.query_one("#banner").display:
                break
        banner = str(app.main_screen.query_one("#banner").render())
        assert "watched.yaml:" in banner and "missing 'date'" in banner
        assert app.timeline.events[4].title == "Russia intervenes (edited)"  # last good version kept


async def test_mouse_click_moves_and_double_click_opens(tmp_path):
    from tui.widgets.event_list import EventList

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        # rows: 0 "── 2011", 1 year-only-2011, 2 protests-2011, 3 "── 2012", 4 rebels-aleppo-2012
        await pilot.click(EventList, offset=(20, 4))
        assert current_id(app) == "rebels-aleppo-2012"
        await pilot.click(EventList, offset=(20, 3))  # a year header selects its first event
        assert current_id(app) == "rebels-aleppo-2012"
        await pilot.click(EventList, offset=(20, 2), times=2)
        await pilot.pause()
        assert isinstance(app.screen, EventScreen) and app.screen.event.id == "protests-2011"


async def test_search_index_is_built_in_the_background_after_the_first_paint(tmp_path):
    from tui.app import WARM_SEARCH_AFTER

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for _ in range(50):
            await pilot.pause(WARM_SEARCH_AFTER / 5)
            if app.index._words is not None:
                break
        assert app.index._words is not None
    quiet = make_app(tmp_path, warm_search=False)
    async with quiet.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.pause(WARM_SEARCH_AFTER * 2)
        assert quiet.index._words is None  # nothing builds it until a search asks


async def test_event_screen_scrolls_by_line_page_and_ends(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(40, 14)) as pilot:  # small, so the text overflows
        await ready(pilot)
        await pilot.press("colon", *"2016-12", "enter", "enter")
        assert isinstance(app.screen, EventScreen)
        await pilot.pause()
        body = app.screen.body
        assert body.has_focus and body.top == 0
        assert app.screen.event.title[:20] in body.render_line(0).text
        assert body.line_count > body.size.height  # it does overflow: ▼ says so
        assert body.render_line(body.size.height - 1).text.rstrip().endswith("▼")
        await pilot.press("j", "down")
        assert body.top == 2
        await pilot.press("k")
        assert body.top == 1
        await pilot.press("pagedown")
        assert body.top == min(1 + body.size.height - 1, body.line_count - body.size.height)
        await pilot.press("end")
        assert body.top == body.line_count - body.size.height
        assert "▼" not in body.render_line(body.size.height - 1).text and body.render_line(0).text.rstrip().endswith("▲")
        await pilot.press("home")
        assert body.top == 0
        await pilot.press("tab", "down")  # in the related list ↓ moves there, not the text
        assert body.top == 0 and app.screen.query_one("#related").highlighted == 1


async def test_picker_marks_what_matched_and_ranks_words_first(tmp_path):
    from tui.timeline_file import builtin_path

    app = make_app(tmp_path, load(builtin_path()))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("t", *"aleppo")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, Picker)
        first = picker.shown[0]
        assert "aleppo" in first.label and picker.matches[first.id].score >= 70  # a word, never letters scattered
        row = picker._prompt(first)
        marked = [row.plain[s.start:s.end] for s in row.spans if "underline" in str(s.style)]
        assert marked == ["aleppo"]
        await pilot.press("escape", "a", *"assad gov")
        await pilot.pause()
        picker = app.screen
        government = next(item for item in picker.shown if item.id == "syrian-government")
        row = picker._prompt(government).plain
        assert "= Assad government" in row  # matched through an alias: the row says which


async def test_actor_picker_switch_includes_events_where_quoted(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", *"SOHR", "enter")
        await pilot.pause()
        assert app.session.filters.actors == ("sohr",) and app.session.shown == []
        await pilot.press("a", "ctrl+o")
        assert "also where quoted" in str(app.screen.query_one("#picker-status").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.filters.actor_quoted is True
        assert [app.timeline.events[i].id for i in app.session.shown] == ["rebels-return-2024"]
        assert "also where quoted" in bar_text(app)


async def test_watch_keeps_the_newest_version(tmp_path, write_yaml):
    """A slow parse of an older version that finishes after a newer one is dropped, and a failed
    older parse does not put up a banner over a newer good version (issue 15 item 5)."""
    text = MINI.read_text()
    path = write_yaml(text, "watched.yaml")
    app = make_app(tmp_path, load(path), watch=True, watch_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        older = load(write_yaml(text.replace("title: Russia intervenes", "title: Russia intervenes (older)"), "older.yaml"))
        newer = load(write_yaml(text.replace("title: Russia intervenes", "title: Russia intervenes (newer)"), "newer.yaml"))
        app._reload_generation = 2  # two changes seen; the newer one's parse finishes first
        app._reloaded(newer, 2)
        await pilot.pause()
        assert app.session.timeline is newer
        app._reloaded(older, 1)  # the older parse, late
        await pilot.pause()
        assert app.session.timeline is newer and app.timeline is newer
        from tui.timeline_file import Problem, TimelineError

        app._reload_failed(TimelineError([Problem("watched.yaml", 1, 1, "old problem")]), 1)
        await pilot.pause()
        assert not app.main_screen.query_one("#banner").display


async def test_search_words_marked_and_hits_through_names_say_so(tmp_path):
    from tui.search_why import own_text
    from tui.timeline_file import builtin_path

    app = make_app(tmp_path, load(builtin_path()))
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"assad", "enter")
        for _ in range(50):
            await pilot.pause(0.02)
            if app.main_screen.session.hits:
                break
        main = app.main_screen
        timeline = app.timeline
        via_hit = next(i for i in main.session.hits if "assad" not in own_text(timeline, timeline.events[i]))
        main.event_list.move_to_event(via_hit)
        await pilot.pause(0.1)
        assert "Search matched via actor: Government of the Syrian Arab Republic, alias 'Assad government'" in detail_text(app)
        own_hit = next(i for i in main.session.hits if "assad" in timeline.events[i].title.lower())
        main.event_list.move_to_event(own_hit)
        await pilot.pause(0.1)
        assert "Search matched via" not in detail_text(app)
        row = main.event_list._render_row(own_hit, 120, False)
        underlined = [seg.text for seg in row if seg.style and seg.style.underline]
        assert [t.lower() for t in underlined] == ["assad"] * len(underlined) and underlined
        await pilot.press("enter")
        await pilot.pause(0.1)
        body = app.screen.query_one("#event-full")
        text = body.text if hasattr(body, "text") else None
        assert text is not None
        assert any("underline" in str(span.style) and text.plain[span.start:span.end].lower() == "assad" for span in text.spans)


async def test_loading_line_cleans_the_file_name(tmp_path, monkeypatch):
    """A file name with a terminal title sequence is shown inert while the file loads (issue 15 item 4)."""
    import threading

    import tui.app as app_module

    release = threading.Event()
    monkeypatch.setattr(app_module, "open_timeline", lambda path, **kw: (release.wait(5), load(MINI))[1])
    app = make_app(tmp_path, str(tmp_path / "evil\x1b]0;pwned\x07.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        app.main_screen.show_progress("reading\x1b[2J")
        message = app.main_screen.event_list.empty_message
        assert "Loading" in message and "\x1b" not in message and "\x07" not in message
        release.set()


async def test_search_with_the_index_ready_is_answered_at_once_without_a_worker(tmp_path, monkeypatch):
    """Enter-to-result: once the search index is built, a query it answers alone is found on
    the screen's own thread (a worker's start and hand-back cost more than the search); a
    phrase, or a search before the index is built, still goes to a worker."""
    from tui.screens.main import MainScreen

    started: list[str] = []
    worker = MainScreen._search_worker

    def counted(self, text, move, from_prompt):
        started.append(text)
        return worker(self, text, move, from_prompt)

    monkeypatch.setattr(MainScreen, "_search_worker", counted)
    app = make_app(tmp_path, warm_search=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"aleppo", "enter")  # the index is not built yet: a worker builds it
        for _ in range(50):
            await pilot.pause(0.02)
            if app.session.hits:
                break
        assert started == ["aleppo"] and app.index.words_ready and len(app.session.hits) == 3
        await pilot.press("c", "slash", *"rebels", "enter")
        assert started == ["aleppo"]  # answered in the handler: the hits are there at once
        assert [app.timeline.events[i].id for i in app.session.hits] == ["rebels-aleppo-2012", "rebels-return-2024"]
        assert "hit 1 of 2" in bar_text(app) and current_id(app) == "rebels-aleppo-2012"
        main = app.main_screen
        assert main.event_list.visible_events == [main.event_list.rows[r] for r in main.event_list.event_rows]
        await pilot.press("c", "slash", *'"rebels enter"', "enter")
        for _ in range(50):
            await pilot.pause(0.02)
            if app.session.hits:
                break
        assert started == ["aleppo", '"rebels enter"']  # a phrase reads the events' text: a worker
        assert [app.timeline.events[i].id for i in app.session.hits] == ["rebels-aleppo-2012"]
