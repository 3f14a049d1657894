"""Questions asked of a timeline: filters, search, counts. No Textual here.

`Index` is built once per timeline (inverted lists per actor, tag and place, sorted
date keys, and a folded word index for search built on first use) so that filtering and
searching 100,000 events take milliseconds. Every function returns event indices
(positions in `timeline.events`), in timeline order.
"""

from __future__ import annotations

import bisect
import datetime
import operator
import threading
from array import array
from collections import Counter, deque
from dataclasses import dataclass, field
from itertools import compress, islice, repeat
from operator import contains, setitem
from typing import Sequence

from .dates import PartialDate
from .model import Event, Timeline, event_positions, event_values
from .safetext import fold

ANY, ALL = "any", "all"


@dataclass(frozen=True)
class Filters:
    """What the reader asked for. Kinds combine with AND; actors with any-of or all-of."""

    actors: tuple[str, ...] = ()
    actor_mode: str = ANY
    tags: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    date_from: PartialDate | None = None
    date_to: PartialDate | None = None
    search: str = ""  # filters in `list`/`export`; in the app search marks hits instead

    @property
    def active(self) -> bool:
        return bool(self.actors or self.tags or self.places or self.date_from or self.date_to or self.search)

    def describe(self, timeline: Timeline) -> list[str]:
        """Human words for each active filter, e.g. ['actors any: HTS, Russia', 'dates: 2016–2019']."""
        parts = []
        if self.actors:
            names = ", ".join(timeline.actor_label(a) for a in self.actors)
            parts.append(f"actor{'s' if len(self.actors) > 1 else ''}{f' ({self.actor_mode} of)' if len(self.actors) > 1 else ''}: {names}")
        if self.tags:
            parts.append("tags: " + ", ".join(self.tags))
        if self.places:
            parts.append("places: " + ", ".join(timeline.place_name(p) for p in self.places))
        if self.date_from or self.date_to:
            if self.date_from == self.date_to:
                parts.append(f"dates: {self.date_from}")
            else:
                parts.append(f"dates: {self.date_from or '…'} – {self.date_to or '…'}")
        if self.search:
            parts.append(f"search: {self.search}")
        return parts


@dataclass
class Index:
    timeline: Timeline
    by_actor: dict[str, list[int]] = field(default_factory=dict)
    by_tag: dict[str, list[int]] = field(default_factory=dict)
    by_place: dict[str, list[int]] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)  # first-day ordinals, sorted (events are sorted)
    spans: list[int] = field(default_factory=list)  # events that have an end
    _words: Words | None = None  # the search index, built on first use
    _words_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def build(cls, timeline: Timeline) -> Index:
        """From the events' columns (model.event_values): builds no event read from the cache.
        The by_* lists may be shared with the timeline: nothing may change them."""
        events = timeline.events
        ordinals: dict[int, int] = {}  # per date object: events share their dates
        index = cls(
            timeline,
            by_actor=dict(event_positions(events, "actors")),
            by_tag=dict(event_positions(events, "tags")),
            by_place=dict(event_positions(events, "places")),
            starts=[ordinals.get(id(d)) or ordinals.setdefault(id(d), d.first_day().toordinal()) for d in event_values(events, "date")],
            spans=[i for i, end in enumerate(event_values(events, "end")) if end is not None],
        )
        return index

    def __len__(self) -> int:
        return len(self.timeline.events)

    # -- search ----------------------------------------------------------------
    def words(self) -> Words:
        """The folded word index that `search` reads (built once, on first use; the app also
        builds it in the background after the first paint). Thread-safe: a search that comes
        while it is being built waits for it instead of building it again."""
        if self._words is None:
            with self._words_lock:
                if self._words is None:
                    self._words = Words.build(self)
        return self._words


_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_FROM_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


def _mask(flags: bytearray) -> int:
    """Flags (one 0/1 byte per event) as an int whose bit i is event i."""
    return int(flags.translate(_TO_DIGITS)[::-1], 2) if flags else 0


def _flags(mask: int, n: int) -> bytearray:
    """The inverse of `_mask`: one 0/1 byte per event."""
    if not mask:
        return bytearray(n)
    return bytearray(bin(mask)[:1:-1].ljust(n, "0").encode("ascii").translate(_FROM_DIGITS))


def _set(flags: bytearray, indices) -> None:
    """flags[i] = 1 for every i in indices (a C-level loop)."""
    deque(map(setitem, repeat(flags), indices, repeat(1)), 0)


class _Numbering(dict):
    """Raw word -> the number of its folded form, folding each distinct raw word once; each
    number has an array for the events that use it."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers: dict[str, int] = {}  # folded word -> its number
        self.lists: list[array] = []
        self.appends: list = []  # the lists' bound append methods

    def __missing__(self, raw: str) -> int:
        folded = fold(raw)
        number = self.numbers.get(folded)
        if number is None:
            number = self.numbers[folded] = len(self.lists)
            self.lists.append(array("i"))
            self.appends.append(self.lists[-1].append)
        self[raw] = number
        return number


@dataclass
class Words:
    """What `search` reads: the distinct folded words of the events' own text, with the
    events that use each, and the folded names of the actors and places.

    A query word never holds whitespace, so it occurs in an event's folded text exactly
    when it occurs inside one of the text's whitespace-free words; and no step of `fold`
    reaches across whitespace, so each distinct raw word is folded once, not once per event. A word used by
    more than 1 in 32 events keeps its events as a bitmask (an int, bit i = event i, n/8
    bytes), a rarer one as an array of event indices (4 bytes each), whichever is smaller.
    An event's actors and places are not copied into its text: their names are matched
    once each and their events come from `Index.by_actor` / `Index.by_place` (kept the
    same way: a bitmask if more than 1 in 32 events have them, else the index's own list).
    """

    size: int  # number of events
    words: list[str]  # distinct folded words (a folded raw word may hold a space: "al nusra")
    events: list[int | Sequence[int]]  # per word: a bitmask of events, or their sorted indices
    names: list[str]  # folded names of each actor (name, short name, aliases) and place (name, Arabic)
    named: list[int | Sequence[int]]  # per name: the events that have that actor or place

    @classmethod
    def build(cls, index: Index) -> Words:
        timeline = index.timeline
        events = timeline.events
        size = len(events)
        numbering = _Numbering()
        number_of, appends = numbering.__getitem__, numbering.appends
        for i, event in enumerate(events):
            for number in set(map(number_of, _own_text(timeline, event).split())):
                appends[number](i)
        names, named = [], []
        for actor in timeline.actors.values():
            names.append(fold("\n".join(actor.all_names)))
            named.append(index.by_actor.get(actor.id, ()))
        for place in timeline.places.values():
            names.append(fold("\n".join(filter(None, (place.name, place.arabic)))))
            named.append(index.by_place.get(place.id, ()))

        def compact(found: Sequence[int]) -> int | Sequence[int]:
            if len(found) * 32 <= size:
                return found
            flags = bytearray(size)
            _set(flags, found)
            return _mask(flags)

        return cls(size, list(numbering.numbers), list(map(compact, numbering.lists)), names, list(map(compact, named)))

    def flags(self, word: str) -> bytearray | None:
        """One 0/1 byte per event: does its searchable text contain `word`? None if no event does."""
        mask = 0
        lists: list[Sequence[int]] = []
        for texts, events in ((self.words, self.events), (self.names, self.named)):
            for number in compress(range(len(texts)), map(contains, texts, repeat(word))):
                found = events[number]
                if type(found) is int:
                    mask |= found
                elif found:
                    lists.append(found)
        if not mask and not lists:
            return None
        flags = _flags(mask, self.size)
        for found in lists:
            _set(flags, found)
        return flags


def _own_text(timeline: Timeline, event: Event) -> str:
    """The event's own words: title, summary, text, claims (with who made them) and tags."""
    parts = [event.title, event.summary, event.text, *event.tags]
    for claim in event.claims:
        parts.append(claim.says)
        parts.append(claim.via)
        by = timeline.actors.get(claim.by)
        if by:
            parts.append(by.name)
    return "\n".join(p for p in parts if p)


# --------------------------------------------------------------------------- filtering


def apply(index: Index, filters: Filters) -> list[int]:
    """Indices of the events that pass every active filter, in timeline order."""
    total = len(index)
    lo, hi = 0, total
    if filters.date_to is not None:
        hi = bisect.bisect_right(index.starts, filters.date_to.last_day().toordinal())
    if filters.date_from is not None:
        lo = bisect.bisect_left(index.starts, filters.date_from.first_day().toordinal())
    sets: list[set[int] | list[int]] = []
    if filters.actors:
        lists = [index.by_actor.get(a, []) for a in filters.actors]
        if filters.actor_mode == ALL:
            sets.append(set.intersection(*(set(x) for x in lists)))
        else:
            sets.append(set().union(*lists))
    if filters.tags:
        sets.append(set().union(*(index.by_tag.get(t, []) for t in filters.tags)))
    if filters.places:
        sets.append(set().union(*(index.by_place.get(p, []) for p in filters.places)))
    if filters.search:
        sets.append(set(search(index, filters.search)))
    in_range: list[int] = list(range(lo, hi))
    if filters.date_from is not None and index.spans:
        start = filters.date_from.first_day()
        ends = event_values(index.timeline.events, "end")
        early = [i for i in index.spans if i < lo and ends[i].last_day() >= start]  # type: ignore[union-attr]
        in_range = early + in_range
    if not sets:
        return in_range
    sets.sort(key=len)
    keep = set(sets[0])
    for other in sets[1:]:
        keep.intersection_update(other)
    if len(keep) < len(in_range):
        lo_hi = set(in_range) if len(in_range) < total else None
        return sorted(i for i in keep if lo_hi is None or i in lo_hi)
    return [i for i in in_range if i in keep]


def search(index: Index, query: str, within: list[int] | None = None) -> list[int]:
    """Indices whose searchable text contains every word of `query` (folded), in order.

    The searchable text is the event's own text (see `_own_text`) and the names, short
    names and aliases of its actors and the names of its places, all folded. With
    `within`, only those indices are returned, in `within`'s order.
    """
    words = [w for w in fold(query).split() if w]
    if not words:
        return []
    table = index.words()
    size = table.size
    hits: bytes | bytearray | None = None
    for word in dict.fromkeys(words):
        flags = table.flags(word)
        if flags is None:
            return []
        if hits is None:
            hits = flags
        else:
            hits = (int.from_bytes(hits, "little") & int.from_bytes(flags, "little")).to_bytes(size, "little")
            if 1 not in hits:
                return []
    assert hits is not None
    if within is None:
        return list(compress(range(size), hits))
    if within and (min(within) < 0 or max(within) >= size):
        return [i for i in within if 0 <= i < size and hits[i]]
    return list(compress(within, map(hits.__getitem__, within)))


# --------------------------------------------------------------------------- counts and lookups


def actor_counts(index: Index, within: list[int] | None = None) -> Counter[str]:
    """Events per actor (within a subset of events when given)."""
    if within is None:
        return Counter({actor: len(ids) for actor, ids in index.by_actor.items()})
    actors = event_values(index.timeline.events, "actors")
    return Counter(actor for i in within for actor in actors[i])


def tag_counts(index: Index) -> Counter[str]:
    return Counter({tag: len(ids) for tag, ids in index.by_tag.items()})


def place_counts(index: Index) -> Counter[str]:
    return Counter({place: len(ids) for place, ids in index.by_place.items()})


def year_counts(index: Index, within: list[int] | None = None) -> Counter[int]:
    """Events per year (within a subset of events when given), found by bisecting the sorted
    start days once per year with events: the strip is redrawn at every cursor rest."""
    if within is not None and any(map(operator.ge, within, islice(within, 1, None))):
        dates = event_values(index.timeline.events, "date")  # not in timeline order: one by one
        return Counter(dates[i].year for i in within)
    starts = index.starts
    counts: Counter[int] = Counter()
    lo = 0
    while lo < len(starts) and (within is None or within):
        year = datetime.date.fromordinal(starts[lo]).year
        hi = bisect.bisect_left(starts, datetime.date(year + 1, 1, 1).toordinal()) if year < 9999 else len(starts)
        count = hi - lo if within is None else bisect.bisect_left(within, hi) - bisect.bisect_left(within, lo)
        if count:
            counts[year] = count
        lo = hi
    return counts


def month_counts(index: Index, year: int, within: list[int] | None = None) -> Counter[int]:
    """Events per month (1-12) of one year; 0 counts events dated only to the year."""
    dates = event_values(index.timeline.events, "date")
    chosen = dates if within is None else map(dates.__getitem__, within)
    return Counter(date.month or 0 for date in chosen if date.year == year)


def resolve_actor(timeline: Timeline, text: str) -> list[str]:
    """Actor ids whose id, name, short name or an alias equals `text` (folded)."""
    want = fold(text.strip())
    return [actor.id for actor in timeline.actors.values() if want in actor_names(actor)]


def actor_names(actor) -> set[str]:
    return {fold(name) for name in (actor.id, *actor.all_names) if name}


def match_score(query: str, candidates: list[str]) -> int:
    """How well a typed query matches any of the names: 0 no match; higher is better.

    Prefix of a name beats a word prefix beats a substring beats letters in order.
    """
    q = fold(query).strip()
    if not q:
        return 1
    best = 0
    for name in candidates:
        n = fold(name)
        if n == q:
            return 100
        if n.startswith(q):
            best = max(best, 80)
        elif f" {q}" in f" {n}":
            best = max(best, 60)
        elif q in n:
            best = max(best, 40)
        elif _in_order(q.replace(" ", ""), n):
            best = max(best, 10)
    return best


def _in_order(needle: str, hay: str) -> bool:
    """The needle's letters appear in order within a short stretch of hay ("hts" in "hayat tahrir al-sham" no; "hzb" in "hezbollah" yes)."""
    if not needle:
        return True
    limit = 2 * len(needle) + 2
    start = hay.find(needle[0])
    while start != -1:
        at = start
        for ch in needle[1:]:
            at = hay.find(ch, at + 1)
            if at == -1 or at - start >= limit:
                break
        else:
            return True
        start = hay.find(needle[0], start + 1)
    return False


def fuzzy_actors(timeline: Timeline, query: str) -> list[str]:
    """Actor ids matching `query` by name, short name, id or alias, best first."""
    scored = []
    for actor in timeline.actors.values():
        score = match_score(query, [actor.id, *actor.all_names])
        if score:
            scored.append((-score, actor.name.casefold(), actor.id))
    return [actor_id for _, _, actor_id in sorted(scored)]


def first_on_or_after(index: Index, visible: list[int], date: PartialDate) -> int | None:
    """Position in `visible` of the first event on or after `date` (None if there is none)."""
    target = date.first_day().toordinal()
    keys = [index.starts[i] for i in visible] if len(visible) != len(index) else index.starts
    pos = bisect.bisect_left(keys, target)
    return pos if pos < len(visible) else None


def eras_of(timeline: Timeline, event: Event) -> list:
    """Every era whose span contains the event's date (see Timeline.eras_of; its primary era: Timeline.era_of)."""
    return list(timeline.eras_of(event))


# --------------------------------------------------------------------------- persistence


def filters_to_dict(filters: Filters) -> dict:
    """A JSON-friendly form of the filters (for the state file)."""
    out: dict = {}
    if filters.actors:
        out["actors"] = list(filters.actors)
        out["actor_mode"] = filters.actor_mode
    if filters.tags:
        out["tags"] = list(filters.tags)
    if filters.places:
        out["places"] = list(filters.places)
    if filters.date_from:
        out["from"] = filters.date_from.iso()
    if filters.date_to:
        out["to"] = filters.date_to.iso()
    return out


def filters_from_dict(data: dict, timeline: Timeline) -> Filters:
    """Rebuild filters from the state file, dropping anything this timeline does not have."""
    from .dates import DateError, parse_date

    def strings(key: str, known) -> tuple[str, ...]:
        value = data.get(key, [])
        return tuple(v for v in value if isinstance(v, str) and v in known) if isinstance(value, list) else ()

    def date(key: str) -> PartialDate | None:
        try:
            return parse_date(data[key]) if isinstance(data.get(key), str) else None
        except DateError:
            return None

    tags = {tag for tags in event_values(timeline.events, "tags") for tag in tags} if data.get("tags") else ()
    mode = data.get("actor_mode") if data.get("actor_mode") in (ANY, ALL) else ANY
    return Filters(
        actors=strings("actors", timeline.actors),
        actor_mode=mode,
        tags=strings("tags", tags),
        places=strings("places", timeline.places),
        date_from=date("from"),
        date_to=date("to"),
    )
