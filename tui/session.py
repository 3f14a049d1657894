"""The reader's session: what is shown and why, and what is kept between runs (no Textual here).

The main screen wires widgets to a `Session`; everything a reader can change lives here as
plain state with plain methods that return event indices or list positions: the filters (with
their undo stack and the ctrl+f pause), the search and its hits, the bookmarks, the overview
strip's buckets, and the moves that need the timeline (a date, an era, the next hit or
bookmark). Saved state goes through a `State` store. Because nothing here draws, the reader's
logic is tested in milliseconds (tests/test_session.py) and the widgets stay thin.

Names used throughout: an *event* is an index into `timeline.events`; `shown` is the sorted
list of events the filters leave; a *position* is an index into `shown` (a row of the list).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from . import query as q
from . import search_query as sq
from .dates import PartialDate
from .model import Era, Timeline

UNDO_DEPTH = 100
MONTHS = "Y Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True)
class Bar:
    """What the filter bar says: the filters in words, the count, the search status."""

    parts: list[str]
    shown: int
    total: int
    search: str = ""
    paused: bool = False
    kinds: list[str] = field(default_factory=list)  # each part's kind of filter (Session.remove_filter takes it)


class Removable(NamedTuple):
    """One filter the reader can take off on its own: `key` for `Session.remove_filter`
    ("tags": every tag; "tags:siege": that tag alone), `label` in words."""

    key: str
    label: str


FILTER_KINDS = ("actors", "tags", "places", "dates", "search")
_SINGULAR = {"actors": "actor", "tags": "tag", "places": "place"}


@dataclass(frozen=True)
class Overview:
    """The overview strip: (label, shown, total) per bucket, the cursor's bucket, a caption, and
    era spans as (start, end, title) in bucket units."""

    buckets: list[tuple[str, int, int]]
    current: int
    caption: str = ""
    spans: list[tuple[float, float, str]] = field(default_factory=list)


def _year_position(day, first_year: int) -> float:
    """Where a day falls on the year strip, in buckets (2016-07-01 is about 5.5 if the strip starts in 2011)."""
    return day.year - first_year + (day.timetuple().tm_yday - 1) / 366


class Session:
    def __init__(self, timeline: Timeline, index: q.Index | None = None, store=None, bookmarks: list[str] | None = None) -> None:
        self.timeline = timeline
        self.index = index if index is not None else q.Index.build(timeline)
        self.store = store  # a tui.state.State, or None: nothing is saved
        self.filters = q.Filters()
        self.paused: q.Filters | None = None  # filters put aside by ctrl+f
        self.shown: list[int] = q.apply(self.index, self.filters)
        self.search_text = ""
        self.hits: list[int] = []
        self.search_error = ""  # why the search text cannot be read (shown in the bar), or ""
        self.bookmarks: list[str] = list(bookmarks or [])
        self._undo: list[tuple[q.Filters, q.Filters | None]] = []
        # the overview strip's counts for (the shown list, the zoomed year), kept until either changes:
        # the strip is redrawn at every cursor rest and counting reads every shown event
        self._counts: tuple[object, object, int | None, dict, dict] | None = None
        self._years: tuple[object, list[int]] | None = None

    # -- filters ---------------------------------------------------------------------------------
    def set_filters(self, filters: q.Filters, *, record: bool = True, save: bool = True) -> None:
        """Apply filters: the shown events follow, and the hits are those among them."""
        if record and (filters, None) != (self.filters, self.paused):
            self._undo.append((self.filters, self.paused))
            del self._undo[:-UNDO_DEPTH]
        self.filters = filters
        try:
            self.shown = sq.apply(self.index, filters)
        except sq.QueryError:  # a kept search that this timeline cannot read (a name it lacks)
            self.filters = filters = replace(filters, search="")
            self.shown = sq.apply(self.index, filters)
        if self.search_text:
            self.set_search(self.search_text)
        if save and self.store is not None and self.timeline.path:
            self.store.set_filters(self.timeline.path, q.filters_to_dict(filters))

    def live_filters(self) -> q.Filters:
        """The filters to edit: paused ones come back when the reader edits them."""
        if self.paused is not None:
            filters, self.paused = self.paused, None
            return filters
        return self.filters

    def change_filters(self, **changes) -> None:
        """Replace one kind of filter, keeping the others (a picker's result, a date range).
        Paused filters come back on, changed; undo puts them back as they were, paused."""
        before = (self.filters, self.paused)
        filters = replace(self.live_filters(), **changes)
        if (filters, None) != before:
            self._undo.append(before)
            del self._undo[:-UNDO_DEPTH]
        self.set_filters(filters, record=False)

    def removable(self) -> list[Removable]:
        """The filters that can come off one by one (x, the palette, a click on the bar): each
        actor, tag and place on its own, a kind with several values also as a whole, the dates,
        and the kept search. Paused filters (ctrl+f) are listed too: removing one brings the
        others back on, as editing them in a picker does."""
        filters = self.paused or self.filters
        timeline = self.timeline
        names: dict[str, Callable[[str], str]] = {"actors": timeline.actor_label, "places": timeline.place_name, "tags": str}
        out: list[Removable] = []
        for kind, words in filters.described(timeline):
            values = getattr(filters, kind) if kind in names else ()
            if len(values) > 1:
                out += [Removable(f"{kind}:{value}", f"{_SINGULAR[kind]}: {names[kind](value)}") for value in values]
                out.append(Removable(kind, f"all {len(values)} {kind} ({words.partition(': ')[2]})"))
            else:
                out.append(Removable(kind, words))
        return out

    def remove_filter(self, key: str) -> bool:
        """Take one filter off (a `Removable.key`), keeping the others; undoable like every
        filter change. False when there is no such filter."""
        kind, _, value = key.partition(":")
        filters = self.paused or self.filters
        if kind in ("actors", "tags", "places"):
            values: tuple[str, ...] = getattr(filters, kind)
            if not values or (value and value not in values):
                return False
            changes: dict = {kind: tuple(v for v in values if v != value) if value else ()}
        elif kind == "dates" and not value and (filters.date_from or filters.date_to):
            changes = {"date_from": None, "date_to": None}
        elif kind == "search" and not value and filters.search:
            changes = {"search": ""}
        else:
            return False
        self.change_filters(**changes)
        return True

    def clear(self) -> None:
        """Every filter and the search off (c); undo brings the filters back."""
        self._undo.append((self.filters, self.paused))
        self.paused = None
        self.search_text = ""
        self.search_error = ""
        self.hits = []
        self.set_filters(q.Filters(), record=False)

    def keep_hits(self) -> str:
        """`&` (as in less): keep only the search's hits, as a filter like the others (undoable,
        saved); pressed again, that filter alone comes off. Says what happened: "kept", "removed",
        or "none" (no search to keep)."""
        live = self.paused or self.filters
        if live.search:
            self.change_filters(search="")
            return "removed"
        if not self.search_text:
            return "none"
        try:
            sq.search(self.index, self.search_text, within=[])  # it can be read, its names exist
        except sq.QueryError:
            return "none"
        self.change_filters(search=self.search_text)
        return "kept"

    def toggle_pause(self) -> bool | None:
        """ctrl+f: put the filters aside, or bring them back. True: now off; False: back on;
        None: there were none."""
        if self.paused is not None:
            filters, self.paused = self.paused, None
            self.set_filters(filters, record=False)
            return False
        if self.filters.active:
            self.paused = self.filters
            self.set_filters(q.Filters(), record=False)
            return True
        return None

    def undo(self) -> bool:
        """The filters before the last change come back; False if there is nothing to undo."""
        if not self._undo:
            return False
        filters, paused = self._undo.pop()
        self.paused = paused
        self.set_filters(filters, record=False)
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    # -- search ----------------------------------------------------------------------------------
    def find(self, text: str) -> list[int]:
        """The hits of `text` (the search language, tui/search_query.py) among the shown events;
        QueryError if it cannot be read. May take a while on a first search: run it off the UI
        thread."""
        return sq.search(self.index, text, within=self.shown) if text.strip() else []

    def set_search(self, text: str, hits: list[int] | None = None, error: str = "") -> None:
        """The search and its hits (found here when not given); a text that cannot be read has no
        hits and its `search_error` says why."""
        self.search_text = text.strip()
        self.search_error = error
        if hits is None and not error:
            try:
                hits = self.find(self.search_text)
            except sq.QueryError as exc:
                self.search_error = str(exc)
        self.hits = hits or []

    def hit_from(self, current: int, direction: int, include_current: bool = False) -> int | None:
        """The next (or previous) hit from event `current`, wrapping; None without hits."""
        if not self.hits:
            return None
        if direction > 0:
            at = bisect.bisect_left(self.hits, current) if include_current else bisect.bisect_right(self.hits, current)
        else:
            at = bisect.bisect_left(self.hits, current) - 1
        return self.hits[at % len(self.hits)]

    def search_status(self, current: int) -> str:
        if not self.search_text:
            return ""
        if self.search_error:
            return f"“{self.search_text}”: {self.search_error}"
        if not self.hits:
            return f"“{self.search_text}”: no hits"
        at = bisect.bisect_left(self.hits, current)
        if at < len(self.hits) and self.hits[at] == current:
            return f"“{self.search_text}”: hit {at + 1} of {len(self.hits)}"
        return f"“{self.search_text}”: {len(self.hits)} hit{'s' if len(self.hits) != 1 else ''} (n/N)"

    def bar(self, current: int) -> Bar:
        described = self.filters.described(self.timeline)
        return Bar([words for _, words in described], len(self.shown), len(self.timeline.events),
                   self.search_status(current), self.paused is not None, [kind for kind, _ in described])

    # -- bookmarks -------------------------------------------------------------------------------
    def toggle_bookmark(self, event: int) -> bool:
        """Bookmark the event, or remove its bookmark; True if it is now bookmarked."""
        event_id = self.timeline.events[event].id
        added = event_id not in self.bookmarks
        if added:
            self.bookmarks.append(event_id)
        else:
            self.bookmarks.remove(event_id)
        if self.store is not None and self.timeline.path:
            self.store.set_bookmarks(self.timeline.path, self.bookmarks)
        return added

    def bookmarked(self) -> set[int]:
        """The events bookmarked (by id lookup: no event is built)."""
        return {i for i in map(self.timeline.index_of, self.bookmarks) if i is not None}

    def bookmarks_shown(self) -> list[int]:
        """Shown events that are bookmarked, in order."""
        shown = self.shown
        return [i for i in sorted(self.bookmarked()) if (at := bisect.bisect_left(shown, i)) < len(shown) and shown[at] == i]

    def bookmark_from(self, current: int, direction: int) -> int | None:
        marks = self.bookmarks_shown()
        if not marks:
            return None
        if direction > 0:
            return marks[bisect.bisect_right(marks, current) % len(marks)]
        return marks[(bisect.bisect_left(marks, current) - 1) % len(marks)]

    # -- moves -----------------------------------------------------------------------------------
    def position_of(self, event: int) -> int | None:
        at = bisect.bisect_left(self.shown, event)
        return at if at < len(self.shown) and self.shown[at] == event else None

    def first_on_or_after(self, date: PartialDate) -> int | None:
        """The position of the first shown event on or after `date`."""
        return q.first_on_or_after(self.index, self.shown, date)

    def era_from(self, current: int, direction: int) -> tuple[int, Era] | None:
        """Where `}`/`{` go from event `current`: (position, era), or None when no era is that way.
        From inside an era `{` goes to its start first; from its start, to the era before."""
        eras = self.timeline.eras
        if not eras or current < 0:
            return None
        date = self.timeline.events[current].date.first_day()
        starts = [era.start.first_day() for era in eras]
        pick: int | None = None
        if direction > 0:
            later = [i for i, s in enumerate(starts) if s > date]
            pick = later[0] if later else None
        else:
            here = [i for i, s in enumerate(starts) if s <= date]
            if here:
                i = here[-1]
                first = self.first_on_or_after(eras[i].start)
                position = self.position_of(current)
                pick = i if first is not None and position is not None and first < position else (i - 1 if i > 0 else None)
        if pick is None:
            return None
        position = self.first_on_or_after(eras[pick].start)
        return None if position is None else (position, eras[pick])

    # -- the overview strip ------------------------------------------------------------------------
    def years(self) -> list[int]:
        """The timeline's years (`Timeline.years`, kept: it reads every event's date)."""
        if self._years is None or self._years[0] is not self.timeline:
            self._years = (self.timeline, self.timeline.years())
        return self._years[1]

    def _bucket_counts(self, zoom_year: int | None) -> tuple[dict, dict]:
        """Shown and total events per year (per month of `zoom_year`), counted once for each
        list of shown events: not again at each cursor rest or search."""
        kept = self._counts
        if kept is not None and kept[0] is self.shown and kept[1] is self.index and kept[2] == zoom_year:
            return kept[3], kept[4]
        index = self.index
        if zoom_year is not None:
            shown, total = q.month_counts(index, zoom_year, self.shown), q.month_counts(index, zoom_year)
        else:
            shown, total = q.year_counts(index, self.shown), q.year_counts(index)
        self._counts = (self.shown, index, zoom_year, shown, total)
        return shown, total

    def overview(self, current: int, zoom_year: int | None = None) -> Overview:
        """Buckets of shown/total events per year, or per month of `zoom_year`."""
        timeline = self.timeline
        event = timeline.events[current] if current >= 0 else None
        if zoom_year is not None:
            shown, total = self._bucket_counts(zoom_year)
            buckets = [(MONTHS[m], shown.get(m, 0), total.get(m, 0)) for m in range(13)]
            offset = 0
            if not total.get(0):  # no events dated by the year alone: no "Y" bucket
                buckets, offset = buckets[1:], 1
            at = (event.date.month or 0) - offset if event and event.date.year == zoom_year else -1
            return Overview(buckets, at, f"{zoom_year} by month (Z: years)")
        years = self.years()
        if not years:
            return Overview([], -1)
        shown, total = self._bucket_counts(None)
        buckets = [(str(y), shown.get(y, 0), total.get(y, 0)) for y in range(years[0], years[-1] + 1)]
        spans = [
            (_year_position(era.start.first_day(), years[0]),
             _year_position(era.end.last_day(), years[0]) if era.end else float(len(buckets)), era.title)
            for era in timeline.eras
        ]
        return Overview(buckets, event.date.year - years[0] if event else -1, "", spans)

    def bucket_date(self, bucket: int, zoom_year: int | None = None) -> str:
        """The date a click on the overview strip's `bucket` goes to (for `:`): a year, or a
        month of `zoom_year` (the "Y" bucket of year-only events: the year)."""
        if zoom_year is not None:
            total = q.month_counts(self.index, zoom_year)
            month = bucket + (0 if total.get(0) else 1)
            return f"{zoom_year}-{month:02d}" if month else str(zoom_year)
        years = self.years()
        return str(years[0] + bucket) if years else ""

    # -- a new version of the file (--watch) ---------------------------------------------------------
    def replace_timeline(self, timeline: Timeline, index: q.Index | None = None) -> None:
        """Keep the filters (re-read against the new registry), the search and the bookmarks."""
        filters = q.filters_from_dict(q.filters_to_dict(self.filters), timeline)
        filters = replace(filters, search=self.filters.search)
        self.timeline = timeline
        self.index = index if index is not None else q.Index.build(timeline)
        self.set_filters(filters, record=False, save=False)
