"""The map's geography (tui/geo, no Textual): outline data, projection, places by cell, moving
between places, zoom boxes, the composed picture and its fallbacks."""

from __future__ import annotations

import json

import pytest

from tui.geo import glyphs as g
from tui.geo.canvas import Canvas
from tui.geo.outline import DATA, load_outline
from tui.geo.picture import base, draw, fit, width
from tui.geo.places import SYRIA, Spot, count_places, layout, spots, step, weight, zoom_box
from tui.geo.projection import Box, Projection
from tui.model import Place

CITIES = {  # name: (lat, lon), from the timeline
    "Damascus": (33.5131, 36.2919),
    "Aleppo": (36.2021, 37.1343),
    "Latakia": (35.5167, 35.7833),
    "Qamishli": (37.05, 41.2167),
    "Daraa": (32.617, 36.1),
    "Deir ez-Zor": (35.3333, 40.15),
    "Homs": (34.7308, 36.7094),
}


def inside(lon: float, lat: float, ring) -> bool:
    """Even-odd rule, written here independently of the package."""
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


# -- outline data ----------------------------------------------------------------------------------


def test_outline_has_syria_and_its_neighbours_with_attribution():
    outline = load_outline()
    assert outline.problem == ""
    isos = {c.iso for c in outline.countries}
    assert {"SYR", "TUR", "IRQ", "JOR", "LBN", "ISR"} <= isos
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    assert "Natural Earth" in raw["attribution"] and "public domain" in raw["attribution"]
    assert DATA.stat().st_size < 50_000  # small enough to ship
    assert "ISC" in raw["notice"] and "Bostock" in raw["notice"]  # world-atlas's packaging notice travels with it
    syria = outline.home
    assert syria is not None
    # the shipped outline is really Syria's: its cities are inside it (Latakia too, on the coast)
    for name, (lat, lon) in CITIES.items():
        assert any(inside(lon, lat, ring) for ring in syria.rings), name
    assert not any(inside(35.5131, 33.8869, ring) for ring in syria.rings)  # Beirut is not


def _distance_to_segment(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy or 1)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def test_the_euphrates_runs_by_raqqa_and_deir_ez_zor():
    rivers = load_outline().rivers
    assert rivers
    for name in ("Raqqa", "Deir ez-Zor"):
        lat, lon = {"Raqqa": (35.95, 39.0167), "Deir ez-Zor": CITIES["Deir ez-Zor"]}[name]
        nearest = min(_distance_to_segment((lon, lat), a, b) for line in rivers for a, b in zip(line, line[1:]))
        assert nearest < 0.1, (name, nearest)  # within about 10 km: the city is on the river
    # no river crosses the desert around Palmyra
    assert min(_distance_to_segment((38.27, 34.56), a, b) for line in rivers for a, b in zip(line, line[1:])) > 0.5
    picture = draw(outline=load_outline(), glyphs=g.ASCII, cols=60, rows=27, box=SYRIA, found=[])
    assert "~" in picture.text()


def test_a_damaged_outline_says_why_and_draws_places_without_borders(tmp_path):
    bad = tmp_path / "outline.json"
    bad.write_text("{not json", encoding="utf-8")
    outline = load_outline.__wrapped__(bad)
    assert outline.countries == () and "could not be read" in outline.problem
    found = [Spot("damascus", "Damascus", 3, 36.2919, 33.5131)]
    picture = draw(outline=outline, glyphs=g.ASCII, cols=40, rows=16, box=SYRIA, found=found)
    assert "O" in picture.text() or "o" in picture.text() or "." in picture.text()
    assert len(picture.groups) == 1


# -- projection ----------------------------------------------------------------------------------------


def test_projection_on_a_square_box_at_the_equator():
    # 10 degrees square at the equator in 20 columns x 10 rows: 0.5 degree a column, 1 a row
    p = Projection(Box(0, 0, 10, 10), 20, 10)
    assert p.cell_of(2.5, 7.5) == (5, 2)
    assert p.cell_of(0.01, 9.99) == (0, 0)
    assert p.cell_of(9.99, 0.01) == (19, 9)
    assert p.cell_of(10.5, 5) is None and p.cell_of(5, -0.5) is None
    lon, lat = p.to_lonlat(*p.to_cell(3.3, 6.6))
    assert lon == pytest.approx(3.3) and lat == pytest.approx(6.6)


def test_projection_keeps_the_box_in_view_and_centred():
    p = Projection(SYRIA, 36, 16)
    view = p.visible
    assert view.west <= SYRIA.west and view.east >= SYRIA.east and view.south <= SYRIA.south and view.north >= SYRIA.north
    # one side fits exactly, the other has equal margins
    assert (view.west - SYRIA.west) == pytest.approx(SYRIA.east - view.east, abs=1e-9)
    assert (SYRIA.south - view.south) == pytest.approx(view.north - SYRIA.north, abs=1e-9)


@pytest.mark.parametrize("size", [(36, 16), (72, 24), (120, 40)])
def test_known_cities_land_in_the_right_cells(size):
    cols, rows = size
    p = Projection(SYRIA, cols, rows)
    cells = {name: p.cell_of(lon, lat) for name, (lat, lon) in CITIES.items()}
    for name, cell in cells.items():
        assert cell is not None, name
        # the cell's own corners (inverse projection) bound the city
        west, north = p.to_lonlat(cell[0], cell[1])
        east, south = p.to_lonlat(cell[0] + 1, cell[1] + 1)
        lat, lon = CITIES[name]
        assert west <= lon <= east and south <= lat <= north, name
    # and the map reads the right way round
    assert cells["Latakia"][0] < cells["Aleppo"][0] < cells["Deir ez-Zor"][0] < cells["Qamishli"][0]
    assert cells["Qamishli"][1] <= cells["Aleppo"][1] < cells["Homs"][1] < cells["Damascus"][1] < cells["Daraa"][1]


def test_the_drawn_border_passes_through_the_cells_of_its_points():
    outline = load_outline()
    p = Projection(SYRIA, 60, 24)
    grid = base(outline, g.ASCII, p)  # the borders before labels and places go on
    assert len(grid) == 24 and all(len(row) == 60 for row in grid)
    checked = 0
    for lon, lat in outline.home.rings[0][:-1]:
        cell = p.cell_of(lon, lat)
        if cell is not None:
            assert grid[cell[1]][cell[0]] == (":", "home"), (lon, lat, cell)
            checked += 1
    assert checked > 20
    assert grid[p.cell_of(38.5, 34.8)[1]][p.cell_of(38.5, 34.8)[0]] == (" ", "sea")  # the desert inside
    picture = draw(outline=outline, glyphs=g.ASCII, cols=60, rows=27, box=SYRIA, found=[])
    assert picture.map_rows == 24


# -- the dot canvas ---------------------------------------------------------------------------------


def test_canvas_lines_set_the_dots_between_their_ends():
    c = Canvas(4, 2, 2, 4)  # 8 x 8 dots
    c.line((0.0, 0.0), (3.9, 0.0))  # the top row of dots, all the way across
    assert [bits & 0b11 for bits in c.bits[0]] == [0b11] * 4
    assert not any(c.bits[1])
    c.line((0.0, 0.0), (0.0, 1.99))  # down the first column of dots
    assert c.bits[1][0] and not c.bits[1][1]
    c.line((-5.0, -5.0), (-1.0, -1.0))  # wholly off the grid: nothing
    assert g.BRAILLE.dots(0b11) == "⠉" and g.BRAILLE.dots(0xFF) == "⣿" and g.BRAILLE.dots(0) == " "


# -- places --------------------------------------------------------------------------------------------


def test_count_places_counts_only_the_shown_events():
    by_place = {"aleppo": [1, 4, 7, 9], "damascus": [0, 2, 4], "geneva": [5]}
    assert count_places(by_place, None) == {"aleppo": 4, "damascus": 3, "geneva": 1}
    assert count_places(by_place, [4, 7]) == {"aleppo": 2, "damascus": 1}
    assert count_places(by_place, []) == {}


PLACES = {
    "aleppo": Place("aleppo", "Aleppo", governorate="Aleppo", lat=36.2021, lon=37.1343),
    "east-aleppo": Place("east-aleppo", "East Aleppo", governorate="Aleppo", lat=36.2, lon=37.18),
    "citadel": Place("citadel", "Aleppo Citadel", governorate="Aleppo", lat=36.1994, lon=37.1625),
    "kobani": Place("kobani", "Kobani", governorate="Aleppo", lat=36.891, lon=38.3536),
    "idlib": Place("idlib", "Idlib", governorate="Idlib", lat=35.9333, lon=36.6333),
    "saraqib": Place("saraqib", "Saraqib", governorate="Idlib", lat=35.8636, lon=36.8006),
    "damascus": Place("damascus", "Damascus", governorate="Damascus", lat=33.5131, lon=36.2919),
    "homs": Place("homs", "Homs", governorate="Homs", lat=34.7308, lon=36.7094),
    "raqqa": Place("raqqa", "Raqqa", governorate="Raqqa", lat=35.95, lon=39.0167),
    "geneva": Place("geneva", "Geneva", country="Switzerland", lat=46.2044, lon=6.1432),
    "somewhere": Place("somewhere", "Somewhere Unmapped", governorate="Hama"),  # no coordinates
}


def test_a_place_without_coordinates_or_off_the_map_is_listed_not_dropped():
    counts = {"aleppo": 5, "damascus": 2, "geneva": 3, "somewhere": 4, "unknown-id": 1}
    found = spots(PLACES, counts)
    assert [s.id for s in found] == ["aleppo", "somewhere", "geneva", "damascus", "unknown-id"]
    groups, off = layout(found, Projection(SYRIA, 40, 16))
    assert {s.id for grp in groups for s in grp.spots} == {"aleppo", "damascus"}
    assert [s.id for s in off] == ["somewhere", "geneva", "unknown-id"]
    picture = draw(outline=load_outline(), glyphs=g.BRAILLE, cols=60, rows=20, box=SYRIA, found=found)
    last = picture.text().split("\n")[-1]
    assert "off the map: Somewhere Unmapped 4, Geneva 3, unknown-id 1" in last


def test_places_in_one_cell_are_one_group_busiest_first():
    found = spots(PLACES, {"aleppo": 3, "east-aleppo": 9, "citadel": 1, "damascus": 2})
    groups, off = layout(found, Projection(SYRIA, 36, 16))
    assert off == []
    aleppo = next(grp for grp in groups if "aleppo" in grp.ids)
    assert aleppo.ids == ("east-aleppo", "aleppo", "citadel") and aleppo.count == 13
    # a city zoom pulls them apart
    box, caption = zoom_box(2, PLACES, "aleppo")
    groups, off = layout(found, Projection(box, 60, 20))
    assert caption == "Aleppo area"
    assert {grp.lead.id for grp in groups} == {"aleppo", "east-aleppo", "citadel"}
    assert [s.id for s in off] == ["damascus"]


def test_weight_grows_with_count_up_to_the_busiest():
    assert weight(1, 40) == 0 and weight(40, 40) == 2 and weight(1, 1) == 0
    levels = [weight(n, 40) for n in range(1, 41)]
    assert levels == sorted(levels) and set(levels) == {0, 1, 2}


def test_arrows_go_to_the_nearest_place_that_way():
    found = spots(PLACES, {p: 1 for p in ("aleppo", "idlib", "damascus", "homs", "raqqa", "kobani")})
    groups, _ = layout(found, Projection(SYRIA, 72, 24))
    at = {grp.lead.id: i for i, grp in enumerate(groups)}

    def go(start: str, *moves: str) -> str:
        i = at[start]
        for move in moves:
            i = step(groups, i, move)
        return groups[i].lead.id

    assert go("damascus", "up") == "homs"
    assert go("homs", "up") in {"idlib", "aleppo"}
    assert go("homs", "down") == "damascus"
    assert go("idlib", "right") == "aleppo"
    assert go("aleppo", "right") == "raqqa"
    assert go("raqqa", "left") == "aleppo"
    assert go("aleppo", "left") == "idlib"
    assert go("damascus", "down") == "damascus"  # nothing south: stay
    assert go("idlib", "left") == "idlib"
    assert step([], 0, "up") == -1


def test_zoom_boxes_for_a_governorate_and_a_city():
    box, caption = zoom_box(1, PLACES, "saraqib")
    assert caption == "Idlib governorate"
    assert box.contains(36.6333, 35.9333) and box.contains(36.8006, 35.8636)
    assert not box.contains(37.1343, 36.2021 + 0.6) and not box.contains(36.2919, 33.5131)
    box, caption = zoom_box(2, PLACES, "aleppo")
    assert box.contains(37.18, 36.2) and box.contains(37.1625, 36.1994)
    assert not box.contains(36.6333, 35.9333)  # Idlib is outside Aleppo's city area
    assert zoom_box(0, PLACES, "aleppo") == (SYRIA, "Syria")
    assert zoom_box(2, PLACES, "somewhere") == (SYRIA, "Syria")  # no coordinates: stay on Syria
    box, caption = zoom_box(1, PLACES, "geneva")  # no governorate: around the place
    assert caption == "around Geneva" and box.contains(6.1432, 46.2044)


# -- the picture -----------------------------------------------------------------------------------------


def _cell_text(picture, col: int, row: int) -> str:
    line = "".join(t for t, _ in picture.lines[row])
    return line[col]


def test_the_cursors_places_are_marked_with_a_symbol_and_named():
    found = spots(PLACES, {"aleppo": 10, "damascus": 1, "raqqa": 4})
    picture = draw(outline=load_outline(), glyphs=g.BRAILLE, cols=60, rows=24, box=SYRIA, found=found, here={"damascus"})
    p = picture.projection
    assert _cell_text(picture, *p.cell_of(36.2919, 33.5131)) == "◆"
    assert _cell_text(picture, *p.cell_of(37.1343, 36.2021)) == "●"  # the busiest
    assert _cell_text(picture, *p.cell_of(39.0167, 35.95)) in "•●"
    lines = picture.text().split("\n")
    assert lines[picture.map_rows].startswith("◆ Damascus")
    # the cursor's place is also styled apart, but the symbol alone says it
    styles = {style for line in picture.lines for _, style in line}
    assert {"here", "w2", "home", "border"} <= styles


def test_the_picked_place_has_a_marker_and_a_status_line():
    found = spots(PLACES, {"aleppo": 10, "east-aleppo": 2, "damascus": 1})
    picture = draw(outline=load_outline(), glyphs=g.BRAILLE, cols=36, rows=20, box=SYRIA, found=found, picked="east-aleppo", focused=True)
    grp = picture.groups[picture.picked]
    assert grp.ids == ("aleppo", "east-aleppo")
    assert _cell_text(picture, grp.col - 1, grp.row) == "▸"
    status = picture.text().split("\n")[picture.map_rows + 1]
    assert status.startswith("▸ Aleppo +1: 12 events · ⏎ filters")
    assert picture.cells[(grp.col, grp.row)] == picture.picked


def test_labels_do_not_cover_places_or_each_other():
    found = spots(PLACES, {p: 2 for p in PLACES})
    picture = draw(outline=load_outline(), glyphs=g.BRAILLE, cols=72, rows=26, box=SYRIA, found=found, labels=[(s.name, s.lon, s.lat) for s in found if s.located])
    text = picture.text()
    assert "Damascus" in text and "Raqqa" in text
    for grp in picture.groups:
        assert _cell_text(picture, grp.col, grp.row) in "·•●◆"


@pytest.mark.parametrize("cols,rows", [(36, 19), (80, 8), (20, 4), (5, 2), (1, 1)])
def test_ascii_fallback_is_plain_ascii_at_every_size(cols, rows):
    found = spots(PLACES, {"aleppo": 10, "damascus": 1, "geneva": 2, "somewhere": 1})
    picture = draw(outline=load_outline(), glyphs=g.ASCII, cols=cols, rows=rows, box=SYRIA, found=found, here={"aleppo"}, picked="damascus", focused=True)
    text = picture.text()
    assert text.isascii()
    assert all(width("".join(t for t, _ in line)) == cols for line in picture.lines)
    assert len(picture.lines) == rows


def test_glyphs_follow_the_locale_and_terminal():
    assert g.choose({"LANG": "en_GB.UTF-8", "TERM": "xterm-256color"}) is g.BRAILLE
    assert g.choose({"LANG": "C"}) is g.ASCII
    assert g.choose({}) is g.ASCII  # no locale at all is the C locale
    assert g.choose({"LANG": "en_US.ISO-8859-1"}) is g.ASCII
    assert g.choose({"LC_ALL": "POSIX", "LANG": "en_US.UTF-8"}) is g.ASCII  # LC_ALL wins
    assert g.choose({"LC_CTYPE": "en_US.utf8"}) is g.BRAILLE
    # Python's own C-locale coercion (PEP 538) is not taken for a UTF-8 terminal
    assert g.choose({"LANG": "C", "LC_CTYPE": "C.UTF-8"}) is g.ASCII
    assert g.choose({"LC_CTYPE": "C.utf8"}) is g.ASCII
    assert g.choose({"LANG": "en_US.UTF-8", "LC_CTYPE": "C.UTF-8"}) is g.BRAILLE
    assert g.choose({"LANG": "C.UTF-8", "TERM": "linux"}) is g.BLOCKS
    assert g.choose({"LANG": "C", "SYRIA_TIMELINE_MAP": "braille"}) is g.BRAILLE


def test_fit_cuts_by_cells():
    assert fit("Damascus", 20) == "Damascus"
    assert fit("Damascus", 5) == "Dama…"
    assert fit("Damascus", 5, "...") == "Da..."
    assert width("حلب") == 3 and width("東京") == 4
    assert width(fit("東京東京", 5)) <= 5


def test_half_blocks_for_the_linux_console():
    found = spots(PLACES, {"aleppo": 10, "damascus": 1})
    picture = draw(outline=load_outline(), glyphs=g.BLOCKS, cols=40, rows=18, box=SYRIA, found=found, here={"damascus"})
    borders = {t for line in picture.lines[: picture.map_rows] for t, style in line if style in ("home", "border")}
    assert borders and set("".join(borders)) <= set(" ▀▄█")
    assert "◆" in picture.text() and not any("\u2800" <= ch <= "\u28ff" for ch in picture.text())  # no braille


def test_no_places_says_so():
    picture = draw(outline=load_outline(), glyphs=g.BRAILLE, cols=40, rows=16, box=SYRIA, found=[], what="hits")
    lines = picture.text().split("\n")
    assert picture.groups == () and lines[-1].startswith("these hits name no place")
    assert lines[picture.map_rows].startswith("◆ this event names no place")
    found = spots(PLACES, {"damascus": 1})
    picture = draw(outline=load_outline(), glyphs=g.BRAILLE, cols=40, rows=16, box=SYRIA, found=found)
    assert picture.text().split("\n")[-1].startswith("every place is on the map")


def test_one_name_a_cell():
    # at the country's scale Aleppo and its districts share a cell: one label, the city's
    found = spots(PLACES, {"aleppo": 3, "east-aleppo": 9, "citadel": 1})
    labels = [(s.name, s.lon, s.lat) for s in found]
    picture = draw(outline=load_outline(), glyphs=g.BRAILLE, cols=36, rows=19, box=SYRIA, found=found, labels=labels)
    text = picture.text()
    assert "Aleppo" in text and "East Aleppo" not in text and "Aleppo Citadel" not in text
    # in the city view each has its own cell and its own name
    box, _ = zoom_box(2, PLACES, "aleppo")
    picture = draw(outline=load_outline(), glyphs=g.BRAILLE, cols=60, rows=24, box=box, found=found, labels=labels)
    assert "East Aleppo" in picture.text() and "Aleppo Citadel" in picture.text()
