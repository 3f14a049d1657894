"""The reader's session without a screen (tui/session.py): filters and their undo, the ctrl+f
pause, search and hits, bookmarks, moves by date and era, the overview strip, persistence."""

from __future__ import annotations

import json
from dataclasses import replace

from tui import query as q
from tui.dates import parse_date
from tui.timeline_file import load
from tui.session import Session
from tui.state import State

from conftest import MINI


def make(tmp_path=None, bookmarks=None) -> Session:
    timeline = load(MINI)
    store = State(tmp_path / "state.json") if tmp_path is not None else None
    return Session(timeline, store=store, bookmarks=bookmarks)


def ids(session: Session, events) -> list[str]:
    return [session.timeline.events[i].id for i in events]


def test_no_textual_here():
    import tui.session

    source = open(tui.session.__file__, encoding="utf-8").read()
    assert "import textual" not in source and "from textual" not in source


def test_filters_show_and_undo():
    s = make()
    everything = list(s.shown)
    assert len(everything) == len(s.timeline.events)
    s.set_filters(replace(s.filters, actors=("hts",)))
    assert s.shown and all("hts" in s.timeline.events[i].actors for i in s.shown)
    with_hts = list(s.shown)
    s.change_filters(date_from=parse_date("2016"))
    assert set(s.shown) < set(with_hts)
    assert s.undo() and s.shown == with_hts
    assert s.undo() and s.shown == everything
    assert not s.undo() and not s.can_undo


def test_clear_is_undone_with_its_search_kept_out():
    s = make()
    s.set_filters(replace(s.filters, tags=("aleppo",)))
    tagged = list(s.shown)
    s.set_search("aleppo")
    assert s.hits
    s.clear()
    assert not s.filters.active and s.search_text == "" and s.hits == []
    assert s.undo()
    assert s.shown == tagged


def test_pause_puts_filters_aside_and_editing_brings_them_back():
    s = make()
    assert s.toggle_pause() is None  # nothing to pause
    s.set_filters(replace(s.filters, actors=("russia",)))
    russia = list(s.shown)
    assert s.toggle_pause() is True and s.paused is not None and not s.filters.active
    assert len(s.shown) == len(s.timeline.events)
    assert s.toggle_pause() is False and s.shown == russia
    s.toggle_pause()
    s.change_filters(tags=())  # editing while paused: the paused filters come back first
    assert s.paused is None and s.filters.actors == ("russia",)


def test_hits_follow_the_filters_and_step_with_wrap():
    s = make()
    s.set_search("aleppo")
    assert ids(s, s.hits) == ["rebels-aleppo-2012", "aleppo-falls-2016", "rebels-return-2024"]
    first, second, third = s.hits
    assert s.hit_from(-1, +1) == first
    assert s.hit_from(first, +1) == second
    assert s.hit_from(first, +1, include_current=True) == first
    assert s.hit_from(third, +1) == first  # wraps
    assert s.hit_from(first, -1) == third
    assert s.search_status(second) == "“aleppo”: hit 2 of 3"
    assert "3 hits" in s.search_status(-1)
    s.set_filters(replace(s.filters, date_from=parse_date("2016")))
    assert ids(s, s.hits) == ["aleppo-falls-2016", "rebels-return-2024"]
    s.set_search("no such word at all")
    assert s.hits == [] and s.search_status(0).endswith("no hits")


def test_bookmarks_toggle_step_and_persist(tmp_path):
    s = make(tmp_path)
    assert s.toggle_bookmark(5) is True
    assert s.toggle_bookmark(1) is True
    assert s.bookmark_from(0, +1) == 1 and s.bookmark_from(1, +1) == 5 and s.bookmark_from(5, +1) == 1
    assert s.bookmark_from(1, -1) == 5
    saved = json.loads((tmp_path / "state.json").read_text())
    assert list(saved["timelines"].values())[0]["bookmarks"] == [s.timeline.events[5].id, s.timeline.events[1].id]
    assert s.toggle_bookmark(5) is False
    assert s.bookmarks_shown() == [1]


def test_bookmarks_of_events_not_in_this_version_are_kept(tmp_path):
    s = make(tmp_path, bookmarks=["gone-from-this-version"])
    s.toggle_bookmark(0)
    assert s.bookmarks == ["gone-from-this-version", s.timeline.events[0].id]
    assert s.bookmarked() == {0}
    saved = json.loads((tmp_path / "state.json").read_text())
    assert "gone-from-this-version" in list(saved["timelines"].values())[0]["bookmarks"]


def test_filters_are_saved_only_when_asked(tmp_path):
    s = make(tmp_path)
    s.set_filters(replace(s.filters, actors=("hts",)), save=False)  # a start flag: this run only
    assert not (tmp_path / "state.json").exists()
    s.set_filters(replace(s.filters, actors=("russia",)))
    saved = json.loads((tmp_path / "state.json").read_text())
    assert list(saved["timelines"].values())[0]["filters"]["actors"] == ["russia"]


def test_dates_and_eras():
    s = make()
    position = s.first_on_or_after(parse_date("2016-12"))
    assert ids(s, [s.shown[position]]) == ["aleppo-falls-2016"]
    assert s.first_on_or_after(parse_date("2030")) is None
    start = s.timeline.index_of("protests-2011")
    position, era = s.era_from(start, +1)
    assert era.id == "aleppo-battle" and ids(s, [s.shown[position]]) == ["rebels-aleppo-2012"]
    inside = s.timeline.index_of("russia-2015")
    position, era = s.era_from(inside, -1)  # from inside an era: its start first
    assert era.id == "aleppo-battle"
    assert s.era_from(s.timeline.index_of("protests-2011"), -1) is None  # at the first era's start


def test_overview_years_and_months():
    s = make()
    view = s.overview(s.timeline.index_of("aleppo-falls-2016"))
    labels = [label for label, _, _ in view.buckets]
    assert labels[0] == "2011" and labels[-1] == "2024"
    assert labels[view.current] == "2016"
    assert sum(total for _, _, total in view.buckets) == len(s.timeline.events)
    assert [title for *_, title in view.spans] == [era.title for era in s.timeline.eras]
    s.set_filters(replace(s.filters, actors=("hts",)))
    view = s.overview(-1)
    assert view.current == -1
    assert sum(shown for _, shown, _ in view.buckets) == len(s.shown)
    months = s.overview(s.timeline.index_of("aleppo-falls-2016"), zoom_year=2016)
    assert months.caption.startswith("2016 by month")
    assert months.buckets[months.current][0] == "Dec"


def test_overview_counts_are_kept_until_the_shown_events_change():
    """The strip is redrawn at every cursor rest: its counts are made once per list of shown
    events (and zoom), and made again whenever the filters change it."""
    s = make()
    events = s.timeline.events

    def fresh(zoom=None):
        """The shown counts made from scratch (from a copy of the shown list)."""
        if zoom is None:
            years = q.year_counts(s.index, list(s.shown))
            return [(label, years.get(int(label), 0)) for label, *_ in s.overview(-1).buckets]
        months = q.month_counts(s.index, zoom, list(s.shown))
        return [months.get(m, 0) for m in range(13)]

    first = s.overview(0)
    assert s.overview(5).buckets == first.buckets
    kept = s._counts
    s.overview(len(events) - 1)
    assert s._counts is kept  # a cursor move counts nothing again
    s.set_filters(replace(s.filters, actors=("hts",)))
    after = s.overview(0)
    assert s._counts is not kept and after.buckets != first.buckets
    assert [(label, shown) for label, shown, _ in after.buckets] == fresh()
    s.change_filters(actors=())
    assert [(label, shown) for label, shown, _ in s.overview(0).buckets] == fresh()
    zoomed = s.overview(0, zoom_year=2016)
    assert sum(shown for _, shown, _ in zoomed.buckets) == sum(fresh(2016))
    s.set_filters(replace(s.filters, actors=("hts",)))
    assert sum(shown for _, shown, _ in s.overview(0, zoom_year=2016).buckets) == sum(fresh(2016))


def test_replace_timeline_keeps_filters_search_and_bookmarks(tmp_path):
    s = make(tmp_path, bookmarks=["protests-2011"])
    s.set_filters(replace(s.filters, actors=("hts",)))
    s.set_search("aleppo")
    newer = load(MINI)
    s.replace_timeline(newer)
    assert s.timeline is newer and s.filters.actors == ("hts",)
    assert s.search_text == "aleppo" and s.hits == q.search(s.index, "aleppo", within=s.shown)
    assert s.bookmarks == ["protests-2011"]


def test_search_language_and_its_errors_in_the_bar():
    s = make()
    s.set_search('"enter aleppo"')
    assert ids(s, s.hits) == ["rebels-aleppo-2012"]  # not "enter western Aleppo" (2024)
    assert set(s.hits) < set(q.search(s.index, "enter aleppo"))
    s.set_search("aleppo -actor:hts")
    assert ids(s, s.hits) == ["aleppo-falls-2016"]
    s.set_search('"east aleppo')
    assert s.hits == [] and "unbalanced quote" in s.search_error
    assert "unbalanced quote" in s.search_status(0) and "no hits" not in s.search_status(0)
    s.set_search("actor:nosuchactor")
    assert "no actor matches" in s.search_status(0)
    s.set_search("aleppo")
    assert s.search_error == "" and s.hits


def test_keep_hits_is_a_filter_undone_saved_and_removed_alone(tmp_path):
    s = make(tmp_path)
    assert s.keep_hits() == "none"  # no search yet
    s.change_filters(actors=("gov",))
    s.set_search("aleppo")
    hits = list(s.hits)
    assert s.keep_hits() == "kept"
    assert s.shown == hits and s.filters.search == "aleppo" and s.filters.actors == ("gov",)
    assert "only hits of: aleppo" in s.bar(s.shown[0]).parts
    assert s.store.filters(s.timeline.path)["search"] == "aleppo"  # saved like the others
    assert q.filters_from_dict(s.store.filters(s.timeline.path), s.timeline) == s.filters
    assert s.keep_hits() == "removed"  # off on its own: the actor filter stays
    assert s.filters.search == "" and s.filters.actors == ("gov",) and len(s.shown) > len(hits)
    s.undo()
    assert s.filters.search == "aleppo" and s.shown == hits
    s.set_search('"broken')
    assert s.keep_hits() == "removed"  # the kept search comes off; a broken one is never kept
    assert s.keep_hits() == "none" and s.filters.search == ""


def test_actor_filter_is_by_party_and_can_include_where_quoted(tmp_path):
    """SOHR is a party to no event of the mini timeline, but is quoted in one (issue 13)."""
    s = make(tmp_path)
    s.set_filters(replace(s.filters, actors=("sohr",)))
    assert s.shown == []
    s.set_filters(replace(s.filters, actor_quoted=True))
    assert ids(s, s.shown) == ["rebels-return-2024"]
    assert "also where quoted" in " ".join(s.filters.describe(s.timeline))
    # Russia: a party to three events, and quoted in one of them: no duplicates, in order
    s.set_filters(replace(s.filters, actors=("russia",), actor_quoted=False))
    parties = list(s.shown)
    s.set_filters(replace(s.filters, actor_quoted=True))
    assert s.shown == parties
    # saved and read back
    saved = q.filters_from_dict(q.filters_to_dict(s.filters), s.timeline)
    assert saved.actor_quoted is True and saved.actors == ("russia",)


def test_each_filter_comes_off_on_its_own_and_is_undone():
    s = make()
    full = q.Filters(actors=("hts", "russia"), tags=("aleppo",), date_from=parse_date("2012"), date_to=parse_date("2024"), search="aleppo")
    s.set_filters(full)
    keys = [r.key for r in s.removable()]
    assert keys == ["actors:hts", "actors:russia", "actors", "tags", "dates", "search"]
    labels = {r.key: r.label for r in s.removable()}
    assert labels["actors:russia"] == "actor: Russia" and labels["actors"].startswith("all 2 actors (")
    assert labels["tags"] == "tags: aleppo" and labels["search"] == "only hits of: aleppo"
    assert s.bar(-1).kinds == ["actors", "tags", "dates", "search"]  # beside the bar's parts
    assert len(s.bar(-1).parts) == 4
    shown_before = list(s.shown)
    assert s.remove_filter("actors:russia")
    assert s.filters == replace(full, actors=("hts",))
    from tui import search_query as sq

    assert s.shown == sq.apply(s.index, replace(full, actors=("hts",))) != shown_before
    assert s.remove_filter("tags") and s.filters.tags == () and s.filters.actors == ("hts",)
    assert s.remove_filter("dates") and s.filters.date_from is None and s.filters.date_to is None
    assert s.remove_filter("search") and s.filters.search == ""
    assert [r.key for r in s.removable()] == ["actors"]  # one actor left: one entry
    assert s.remove_filter("actors") and not s.filters.active and s.removable() == []
    for _ in range(5):  # each removal is one step back
        assert s.undo()
    assert s.filters == full and s.shown == shown_before


def test_removing_what_is_not_there_does_nothing():
    s = make()
    s.set_filters(q.Filters(tags=("aleppo",)))
    depth = len(s._undo)
    for key in ("actors", "tags:russia", "places", "dates", "search", "nonsense", "actors:hts"):
        assert not s.remove_filter(key), key
    assert len(s._undo) == depth and s.filters.tags == ("aleppo",)


def test_removing_a_paused_filter_brings_the_others_back_and_undo_pauses_again():
    s = make()
    both = q.Filters(actors=("hts",), tags=("aleppo",))
    s.set_filters(both)
    assert s.toggle_pause() is True and not s.filters.active
    assert [r.key for r in s.removable()] == ["actors", "tags"]  # the paused ones are listed
    assert s.remove_filter("tags")
    assert s.paused is None and s.filters == q.Filters(actors=("hts",))
    assert s.undo()
    assert s.paused == both and not s.filters.active  # back as it was: paused
