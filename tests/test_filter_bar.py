"""The filter bar always shows the count and the search status, shortening the filter text
first (with …), at every width down to 40 columns; the footer keeps `q Quit` at 60 columns."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.dates import parse_date
from tui.widgets.filter_bar import bar_text

from conftest import builtin, make_app, ready

PARTS = ["actors (any of): HTS, Russia, Syrian army, Iran", "tags: aleppo, chemical-weapons", "places: Aleppo, Idlib", "dates: 2012 – 2016"]
SEARCH = "“east aleppo siege”: hit 3 of 12"


@pytest.mark.parametrize("width", range(40, 201, 7))
def test_count_and_search_always_fit(width):
    line = str(bar_text(width, PARTS, 12, 293, SEARCH))
    assert cell_len(line) <= width
    assert "12" in line and "293" in line
    assert "hit 3 of 12" in line
    if "Filtered by" not in line or len(line) < 150:
        assert "…" in line  # the filter text was shortened, and says so
    paused = str(bar_text(width, PARTS, 12, 293, "", paused=True))
    assert cell_len(paused) <= width and "OFF" in paused and "12" in paused and "293" in paused


def test_filters_are_shortened_before_the_search():
    line = str(bar_text(80, PARTS, 12, 293, SEARCH))
    assert "“east aleppo siege”: hit 3 of 12" in line
    assert "chemical" not in line
    assert str(bar_text(300, PARTS, 12, 293, SEARCH)).startswith("Filtered by " + " · ".join(PARTS))


def test_no_filters_and_a_search():
    assert str(bar_text(80, [], 293, 293, "")) == "All 293 events  ·  no filters (a actors, t tags, p places, d dates)"
    narrow = str(bar_text(40, [], 293, 293, "“assad”: 111 hits (n/N)"))
    assert "293" in narrow and "111 hits" in narrow


@pytest.mark.parametrize("width", [40, 60, 80, 120])
async def test_the_app_bar_at_width(tmp_path, width):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(width, 24)) as pilot:
        await ready(pilot)
        main = app.main_screen
        main.filter_by(actors=("hts", "russia", "syrian-army", "iran"), tags=("aleppo", "chemical-weapons"), date_from=parse_date("2012"), date_to=parse_date("2016"))
        await pilot.press("slash", *"aleppo", "enter")
        await pilot.pause(0.5)
        shown = len(app.session.shown)
        text = str(main.query_one("#filters").render())
        assert cell_len(text) <= width - 2
        assert f"{shown}" in text and "293" in text.replace(",", "")
        assert "hit" in text


@pytest.mark.parametrize("width", [60, 80])
async def test_footer_keeps_quit_at_60_columns(tmp_path, width):
    from textual.widgets import Footer

    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(width, 20)) as pilot:
        await ready(pilot)
        await pilot.pause(0.2)
        footer = app.main_screen.query_one(Footer)
        keys = {getattr(k, "key_display", "") or getattr(k, "key", ""): k.region for k in footer.children}
        quit_region = next(r for k, r in keys.items() if k == "q")
        assert quit_region.right <= width
        others = [r for k, r in keys.items() if k != "q"]
        assert not any(r.overlaps(quit_region) for r in others)


def test_every_filter_keeps_a_place_when_one_is_long():
    """A long actor name no longer pushes the tag and the dates out of the bar: the room is shared,
    each part cut alike with …, and each still takes its own kind off when clicked."""
    parts = ["actors (any of): Government of the Syrian Arab Republic (Syrian government), Hay'at Tahrir al-Sham (HTS)",
             "tags: aleppo-siege", "dates: Jul 2016 – Dec 2016"]
    kinds = ["actors", "tags", "dates"]
    for width, whole in ((80, ()), (100, ("tags: aleppo-siege",)), (120, ("tags: aleppo-siege", "dates: Jul 2016 – Dec 2016"))):
        text = bar_text(width, parts, 12, 293, kinds=kinds)
        plain = text.plain
        assert len(plain) <= width and plain.endswith("12 of 293 events"), plain
        for start in ("actors", "tags", "date"):
            assert start in plain, (width, plain)
        for part in whole:
            assert part in plain, (width, plain)
        clicked = {span.style.meta.get("filter") for span in text.spans if hasattr(span.style, "meta") and span.style.meta}
        assert clicked == set(kinds), (width, clicked)
    with_search = bar_text(80, parts, 12, 293, extra="“aleppo”: hit 3 of 29", kinds=kinds).plain
    assert "hit 3 of 29" in with_search and "tags" in with_search and "12 of 293" in with_search, with_search
