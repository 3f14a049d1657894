"""The map pane in the app: where it sits, what it follows, moving and filtering from it,
zooming, clicks, partial repaints and the ASCII fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.timeline_file import load
from tui.geo.places import SYRIA, zoom_box
from tui.widgets.map import MapView

from conftest import make_app, ready

MAP_YAML = Path(__file__).parent / "data" / "map.yaml"


@pytest.fixture(autouse=True)
def _utf8_locale(monkeypatch):
    """The braille map, whatever locale the tests run in (the ASCII test sets its own)."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LC_ALL", "LC_CTYPE", "SYRIA_TIMELINE_MAP"):
        monkeypatch.delenv(name, raising=False)


def map_app(tmp_path):
    return make_app(tmp_path, load(MAP_YAML))


async def settle(pilot, n: int = 5) -> None:
    for _ in range(n):
        await pilot.pause()
    await pilot.pause(0.05)


def the_map(app) -> MapView:
    return app.main_screen.query_one(MapView)


def shown_ids(app) -> list[str]:
    main = app.main_screen
    return [app.timeline.events[i].id for i in main.session.shown]


def found(view: MapView) -> dict[str, int]:
    return {s.id: s.count for s in view.found}


async def open_map(pilot) -> MapView:
    await ready(pilot)
    await pilot.press("v")
    await settle(pilot)
    return the_map(pilot.app)


async def test_v_puts_the_map_in_place_of_the_detail_pane_at_80x24(tmp_path):
    app = map_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_map(pilot)
        main = app.main_screen
        events, detail = main.event_list.region, main.query_one("#detail")
        assert view.display and not detail.display
        assert view.region.x >= events.right - 1 and view.region.width >= 30 and view.region.height >= 15, (events, view.region)
        assert main.event_list.has_focus  # the list keeps the keys
        await pilot.press("v")
        await settle(pilot)
        assert not view.display and detail.display


async def test_wide_terminals_show_the_map_beside_the_list_above_the_detail(tmp_path):
    app = map_app(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        view = await open_map(pilot)
        main = app.main_screen
        events, detail = main.event_list.region, main.query_one("#detail").region
        assert view.region.x >= events.right - 1 and detail.x >= events.right - 1
        assert detail.y >= view.region.bottom - 1 and detail.height >= 8, (view.region, detail)
        assert view.region.width >= 60 and view.region.height >= 20


async def test_the_map_follows_the_cursor_filters_and_search(tmp_path):
    app = map_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_map(pilot)
        assert view.here == ("damascus",)
        status = view.picture.text().split("\n")[view.picture.map_rows]
        assert status.startswith("◆ Damascus")
        assert found(view) == {"aleppo": 2, "east-aleppo": 2, "aleppo-citadel": 1, "idlib": 1, "saraqib": 1, "damascus": 2,
                               "homs": 1, "raqqa": 1, "geneva": 1, "old-camp": 1}
        await pilot.press("down")
        await settle(pilot)
        assert view.here == ("homs",)
        app.main_screen.filter_by(actors=("hts",))
        await settle(pilot)
        assert found(view) == {"aleppo": 2, "east-aleppo": 1, "idlib": 1, "damascus": 1}
        await pilot.press("c", "slash", *"falls", "enter")
        await settle(pilot, 10)
        assert view.what == "hits"
        assert found(view) == {"east-aleppo": 1, "aleppo-citadel": 1, "saraqib": 1, "damascus": 1}
        assert "Syria: 4 places of 3 hits" in view.picture.text()


async def test_places_without_coordinates_or_far_away_are_listed(tmp_path):
    app = map_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_map(pilot)
        text = view.picture.text()
        assert "off the map: " in text and "Geneva 1" in text and "Old Camp 1" in text
        assert {s.id for s in view.picture.off} == {"geneva", "old-camp"}


async def test_arrows_pick_places_and_enter_filters_by_one(tmp_path):
    app = map_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_map(pilot)
        await pilot.press("tab")
        await settle(pilot)
        assert view.has_focus
        assert view.picked == "damascus"  # starts on the cursor's event's place
        await pilot.press("up")
        await settle(pilot)
        assert view.picked == "homs"
        await pilot.press("down")
        await settle(pilot)
        assert view.picked == "damascus"
        await pilot.press("up", "enter")
        await settle(pilot)
        assert app.session.filters.places == ("homs",)
        assert shown_ids(app) == ["e2"]
        assert "Homs" in str(app.main_screen.query_one("#filters").render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.main_screen.event_list.has_focus


async def test_a_click_on_a_dot_filters_by_its_places(tmp_path):
    app = map_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_map(pilot)
        raqqa = next(g for g in view.picture.groups if "raqqa" in g.ids)
        await pilot.click(MapView, offset=(raqqa.col, raqqa.row))
        await settle(pilot)
        assert app.session.filters.places == ("raqqa",)
        assert shown_ids(app) == ["e7"]
        # at the country's scale Aleppo's districts share a cell: a click takes them all
        app.main_screen.action_clear_filters()
        await settle(pilot)
        aleppo = next(g for g in view.picture.groups if "aleppo" in g.ids)
        assert set(aleppo.ids) == {"aleppo", "east-aleppo", "aleppo-citadel"}
        await pilot.click(MapView, offset=(aleppo.col, aleppo.row))
        await settle(pilot)
        assert set(app.session.filters.places) == {"aleppo", "east-aleppo", "aleppo-citadel"}
        assert shown_ids(app) == ["e3", "e6", "e10"]


async def test_zoom_to_the_governorate_and_the_city_and_back(tmp_path):
    app = map_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_map(pilot)
        await pilot.press("tab")
        await settle(pilot)
        while view.picked not in {"aleppo", "east-aleppo", "aleppo-citadel"}:
            before = view.picked
            await pilot.press("up")
            await settle(pilot, 2)
            assert view.picked != before, "never reached Aleppo going up"
        await pilot.press("z")
        await settle(pilot)
        assert view.zoom == 1
        assert view.picture.projection.box == zoom_box(1, app.timeline.places, view.picked)[0]
        assert {"homs", "damascus"} <= {s.id for s in view.picture.off}  # far from the governorate
        assert {"aleppo", "east-aleppo"} <= {s.id for g in view.picture.groups for s in g.spots}
        await pilot.press("z")
        await settle(pilot)
        assert view.zoom == 2
        leads = {g.lead.id for g in view.picture.groups}
        assert {"aleppo", "east-aleppo", "aleppo-citadel"} <= leads  # the districts pulled apart
        assert "idlib" in {s.id for s in view.picture.off}
        await pilot.press("right")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.session.filters.places) == 1 and app.session.filters.places[0] in {"east-aleppo", "aleppo-citadel"}
        await pilot.press("Z", "Z")
        await settle(pilot)
        assert view.zoom == 0 and view.picture.projection.box == SYRIA


async def test_a_cursor_move_repaints_only_the_rows_that_change(tmp_path):
    app = map_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_map(pilot)
        calls: list[tuple] = []
        original = view.refresh

        def spy(*regions, **kwargs):
            calls.append(regions)
            return original(*regions, **kwargs)

        view.refresh = spy
        projection = view.picture.projection
        damascus = projection.cell_of(36.2919, 33.5131)
        homs = projection.cell_of(36.7094, 34.7308)
        await pilot.press("down")  # Damascus -> Homs
        await settle(pilot)
        assert view.here == ("homs",)
        assert calls and all(regions for regions in calls), calls  # never the whole map
        rows = {region.y for regions in calls for region in regions}
        assert rows == {damascus[1], homs[1], view.picture.map_rows}, rows
        # and within a row only the cells that changed: the two ◆ (one cell each), the status words
        spans = {(region.y, region.x, region.width) for regions in calls for region in regions}
        assert (damascus[1], damascus[0], 1) in spans and (homs[1], homs[0], 1) in spans, spans
        status = next(s for s in spans if s[0] == view.picture.map_rows)
        assert status[1] == 2 and status[2] == len("Damascus"), status  # "◆ " stays; "Damascus" becomes "Homs    "


def test_changed_span_finds_the_cells_that_differ():
    from tui.widgets.map import changed_span

    assert changed_span((("abc", "s"),), (("abc", "s"),)) == (0, 0)
    assert changed_span((("abcdef", "s"),), (("abXdef", "s"),)) == (2, 3)
    assert changed_span((("ab", "s"), ("c", "t")), (("abc", "s"),)) == (2, 3)  # same text, other style
    assert changed_span((("東京x", "s"),), (("東京y", "s"),)) == (4, 5)  # wide characters take two cells
    assert changed_span((("a東", "s"),), (("aX東", "s"),))[0] == 1


async def test_ascii_fallback_outside_a_utf8_locale(tmp_path, monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_CTYPE", raising=False)
    monkeypatch.setenv("LANG", "C")
    app = map_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_map(pilot)
        text = view.picture.text()
        assert view.glyphs.mode == "ascii" and text.isascii()
        assert "X Damascus" in text and ":" in text
        rendered = "".join(view.render_line(y).text for y in range(view.size.height))
        assert rendered.isascii()


@pytest.mark.parametrize("size", [(60, 20), (40, 12)])
async def test_small_terminals_still_draw_the_map(tmp_path, size):
    app = map_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        view = await open_map(pilot)
        assert view.display and view.size.width > 0
        assert len(view.picture.lines) == view.size.height


@pytest.mark.parametrize("how", ["ansi", "no_color"])
async def test_ansi_and_no_color_keep_every_mark_as_a_symbol(tmp_path, monkeypatch, how):
    if how == "no_color":
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path, load(MAP_YAML), ansi=how == "ansi")
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_map(pilot)
        await pilot.press("tab", "up")
        await settle(pilot)
        rendered = [view.render_line(y).text for y in range(view.size.height)]
        text = "\n".join(rendered)
        # the cursor's place, the picked place and the weights read without colour
        assert "◆ Damascus" in text and "▸ Homs" in text
        picked = view.picture.groups[view.picture.picked]
        assert rendered[picked.row][picked.col - 1] == "▸"


async def test_the_palette_toggles_the_map(tmp_path):
    app = map_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await app.main_screen.action_toggle_map()
        await settle(pilot)
        assert the_map(app).display
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"map on", "enter")
        await settle(pilot)
        assert not the_map(app).display
