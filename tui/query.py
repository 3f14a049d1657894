"""Questions asked of a timeline: filters, search, counts. No Textual here.

`Index` is built once per timeline (inverted lists per actor, tag and place, sorted
date keys, and a folded word index for search built on first use) so that filtering and
searching 100,000 events take milliseconds. Every function returns event indices
(positions in `timeline.events`), in timeline order.
"""

from __future__ import annotations

import bisect
import datetime
import gc
import marshal
import operator
import os
import sys
import threading
import weakref
from array import array
from collections import Counter, defaultdict, deque
from functools import reduce
from dataclasses import dataclass, field
from itertools import chain, compress, islice, repeat
from operator import contains, setitem
from typing import Any, Iterable, Sequence

from .dates import PartialDate
from .model import Event, Timeline, event_positions, event_values
from . import name_match
from .search_fold import fold

ANY, ALL = "any", "all"


def _call_here(function: Any, *args: Any) -> Any:
    return function(*args)


_call: Any = getattr(operator, "call", _call_here)  # calls in `map` run in C from Python 3.11


@dataclass(frozen=True)
class Filters:
    """What the reader asked for. Kinds combine with AND; actors with any-of or all-of."""

    actors: tuple[str, ...] = ()
    actor_mode: str = ANY
    actor_quoted: bool = False  # also events where the actors are only quoted (claims' `by`), not parties
    tags: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    date_from: PartialDate | None = None
    date_to: PartialDate | None = None
    search: str = ""  # keep only what this search finds (search_query.apply): `list --search`, `&` in the app

    @property
    def active(self) -> bool:
        return bool(self.actors or self.tags or self.places or self.date_from or self.date_to or self.search)

    def describe(self, timeline: Timeline) -> list[str]:
        """Human words for each active filter, e.g. ['actors any: HTS, Russia', 'dates: 2016–2019']."""
        return [words for _, words in self.described(timeline)]

    def described(self, timeline: Timeline) -> list[tuple[str, str]]:
        """Each active kind of filter ("actors", "tags", "places", "dates", "search") with its
        words, in the order the filter bar shows them."""
        parts = []
        if self.actors:
            names = ", ".join(timeline.actor_label(a) for a in self.actors)
            quoted = " (also where quoted)" if self.actor_quoted else ""
            parts.append(("actors", f"actor{'s' if len(self.actors) > 1 else ''}{f' ({self.actor_mode} of)' if len(self.actors) > 1 else ''}: {names}{quoted}"))
        if self.tags:
            parts.append(("tags", "tags: " + ", ".join(self.tags)))
        if self.places:
            parts.append(("places", "places: " + ", ".join(timeline.place_name(p) for p in self.places)))
        if self.date_from or self.date_to:
            if self.date_from == self.date_to:
                parts.append(("dates", f"dates: {self.date_from}"))
            else:
                parts.append(("dates", f"dates: {self.date_from or '…'} – {self.date_to or '…'}"))
        if self.search:
            parts.append(("search", f"only hits of: {self.search}"))
        return parts


@dataclass
class Index:
    timeline: Timeline
    by_actor: dict[str, list[int]] = field(default_factory=dict)
    by_tag: dict[str, list[int]] = field(default_factory=dict)
    by_place: dict[str, list[int]] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)  # first-day ordinals, sorted (events are sorted)
    spans: list[int] = field(default_factory=list)  # events that have an end
    _quoted: dict[str, list[int]] | None = None  # actor -> events whose claims it made (on first use)
    _words: Words | None = None  # the search index, built on first use
    _words_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _everything: weakref.ref[_Positions] | None = field(default=None, repr=False, compare=False)

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

    def everything(self) -> list[int]:
        """Every event index, 0 to n - 1: what `apply` returns when nothing is filtered. One list,
        the same while anyone holds it (the session's shown events): `search` makes its results
        from that list's int objects instead of new ones (no allocation: a 100,000-hit answer in
        under a millisecond), and recognises it as `within` without reading it. Nobody may change it.
        It is not kept by the index: once nobody holds it (a filter is on), its memory is freed."""
        numbers = self._everything() if self._everything is not None else None
        if numbers is None or len(numbers) != len(self):
            numbers = _Positions(range(len(self)))
            self._everything = weakref.ref(numbers)
        return numbers

    def _numbers(self) -> Sequence[int]:
        """`everything` if anyone holds it, else a range (whose ints are made as they are read)."""
        numbers = self._everything() if self._everything is not None else None
        return numbers if numbers is not None and len(numbers) == len(self) else range(len(self))

    def quoted(self) -> dict[str, list[int]]:
        """Each actor with the events where it is quoted (a claim's `by`): built when first asked,
        since it reads every event's claims."""
        if self._quoted is None:
            out: dict[str, list[int]] = {}
            for i, claims in enumerate(event_values(self.timeline.events, "claims")):
                for by in dict.fromkeys(claim.by for claim in claims):
                    out.setdefault(by, []).append(i)
            self._quoted = out
        return self._quoted

    # -- search ----------------------------------------------------------------
    @property
    def words_ready(self) -> bool:
        """Is the search index built (a search answers in milliseconds, without waiting)?"""
        return self._words is not None

    def words(self) -> Words:
        """The folded word index that `search` reads (built once, on first use; the app also
        builds it in the background after the first paint). Thread-safe: a search that comes
        while it is being built waits for it instead of building it again."""
        if self._words is None:
            with self._words_lock:
                if self._words is None:
                    self._words = Words.build(self)
        return self._words


class _Positions(list):
    """`Index.everything`: a list that a weak reference can point to."""

    __slots__ = ("__weakref__",)


_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_FROM_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


def _mask(flags: bytearray) -> int:
    """Flags (one 0/1 byte per event) as an int whose bit i is event i."""
    return int(flags.translate(_TO_DIGITS)[::-1], 2) if flags else 0


def flags_of(mask: int, n: int) -> bytearray:
    """The inverse of `_mask`: one 0/1 byte per event (n of them) for a bitmask of events."""
    if not mask:
        return bytearray(n)
    return bytearray(bin(mask)[:1:-1].ljust(n, "0").encode("ascii").translate(_FROM_DIGITS))


def _set(flags: bytearray, indices: Iterable[int]) -> None:
    """flags[i] = 1 for every i in indices (a C-level loop)."""
    deque(map(setitem, repeat(flags), indices, repeat(1)), 0)


def _and_flags(sets: list[bytearray]) -> bytearray:
    """The events in every one of these flags (one 0/1 byte per event, all of one length). Read as
    big integers, 0/1 bytes AND bytewise: two conversions in C, no loop over the events."""
    if len(sets) == 1:
        return sets[0]
    both = reduce(operator.and_, (int.from_bytes(f, "little") for f in sets))
    return bytearray(both.to_bytes(len(sets[0]), "little"))


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


DENSE = 32  # a set of events is kept as a bitmask when more than 1 in DENSE events are in it
SHORT = 2  # every piece of a word up to this many letters has its events ready (`Words.unions`)
BUSY_TRIGRAM = 0.3  # ... and so has a three-letter piece whose words list more events than this share of all


def _compact(found: Sequence[int], size: int) -> Found:
    """Ascending event indices as `Words` keeps them: a bitmask if more than 1 event in DENSE is in them."""
    if len(found) * DENSE <= size:
        return found
    return _mask_of(found, size)


def _mask_of(found: Iterable[int], size: int) -> int:
    """The bitmask of these event indices."""
    flags = bytearray(size)
    _set(flags, found)
    return _mask(flags)


Found = int | Sequence[int]  # a set of events as `Words` keeps it: a bitmask, or ascending indices


def _gather(size: int, sets: Iterable[Found]) -> Sequence[int] | bytearray:
    """The union of sets of events (bitmasks or ascending indices) in the form that is cheapest to
    read next: ascending indices when they are few (none of the sets a bitmask, fewer than 1
    event in DENSE in all), else flags (one 0/1 byte per event). The bitmasks are ORed as ints,
    the indices set in the flags in C; nothing goes back to a bitmask."""
    mask = 0
    lists: list[Sequence[int]] = []
    total = 0
    for found in sets:
        if isinstance(found, int):
            mask |= found
        elif found:
            lists.append(found)
            total += len(found)
    if not mask:
        if not lists:
            return array("i")
        if len(lists) == 1:
            return lists[0]
        if total * DENSE <= size:
            return array("i", sorted(set(chain.from_iterable(lists))))
    flags = flags_of(mask, size)
    _set(flags, chain.from_iterable(lists))  # one loop in C for all of them
    return flags


def union(size: int, sets: Iterable[Found]) -> Found:
    """The union of sets of events (bitmasks or ascending indices), compacted as `Words` keeps them:
    a bitmask if more than 1 event in DENSE is in it, else ascending indices."""
    sets = list(sets)
    if all(isinstance(found, int) for found in sets):
        return reduce(operator.or_, sets, 0) or array("i")  # type: ignore[arg-type]
    found = _gather(size, sets)
    if not isinstance(found, bytearray):
        return found
    if found.count(1) * DENSE <= size:
        return array("i", compress(range(size), found))
    return _mask(found)


class _WordEvents(Sequence):
    """`Words.events`: per word, a bitmask of its events or an array of their indices (a slice
    of the packed postings, made when asked)."""

    def __init__(self, words: Words) -> None:
        self._masks, self._postings, self._starts = words.masks, words.postings, words.starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, number):  # type: ignore[override]
        if isinstance(number, slice):
            return [self[i] for i in range(*number.indices(len(self)))]
        mask = self._masks.get(number)
        if mask is not None:
            return mask
        return self._postings[self._starts[number] : self._starts[number + 1]]


CHILD_EVENTS = 20_000  # from this many events the index is built in a forked child (see `Words.build`)


@dataclass
class Words:
    """What `search` reads: the distinct folded words of the events' own text, with the
    events that use each, and the folded names of the actors and places.

    A query word never holds whitespace, so it occurs in an event's folded text exactly
    when it occurs inside one of the text's whitespace-separated words, folded
    (`search_fold`): each distinct raw word is folded once, not once per event. A set of events
    used by more than 1 in 32 events is kept as a bitmask (an int, bit i = event i, n/8 bytes),
    a rarer one as ascending event indices (4 bytes each), whichever is smaller; the indices of
    all the words are packed in one array (`postings`, word i's from `starts[i]` to
    `starts[i + 1]`). An event's actors and places are not copied into its text: their names are
    matched once each and their events come from `Index.by_actor` / `Index.by_place`.

    Finding the words that contain a query word does not scan the vocabulary: a query of one or
    two letters (and a three-letter one used in very many events) has its events ready in
    `unions`, computed once; a longer one takes the words listed under the rarest of its
    three-letter pieces (`trigrams`) and keeps those that contain it. So a query costs what its
    answer costs, whatever the size of the vocabulary.
    """

    size: int  # number of events
    words: list[str]  # distinct folded words, sorted (a folded raw word may hold a space: "al nusra")
    postings: array  # the events of every word that is not in `masks`, ascending, word after word
    starts: array  # where each word's events start in `postings` (one more entry than words)
    masks: dict[int, int]  # word number -> bitmask of events, for the words in more than 1 in 32 events
    names: list[str]  # folded names of each actor (name, short name, aliases) and place (name, Arabic)
    named: list[int | Sequence[int]]  # per name: the events that have that actor or place
    trigrams: dict[str, Sequence[int]] = field(default_factory=dict)  # piece -> numbers of the words with it
    unions: dict[str, int | Sequence[int]] = field(default_factory=dict)  # short piece -> events of the words with it

    @property
    def events(self) -> _WordEvents:
        """Per word (in the order of `words`): a bitmask of its events, or their ascending indices."""
        return _WordEvents(self)

    @classmethod
    def build(cls, index: Index) -> Words:
        """The index of `index`'s timeline. From CHILD_EVENTS events on it is built in a forked
        child process and sent back whole: the child's passing memory (the raw words, every event's
        text, the lists being sorted) is returned to the system when it ends, and the screen keeps
        answering meanwhile. Built here if the child cannot be had."""
        if len(index) >= CHILD_EVENTS:
            built = _stored(index) or _build_in_child(index)
            if built is not None:
                return built
        return cls.build_here(index)

    @classmethod
    def build_here(cls, index: Index) -> Words:
        """The index, built in this process (the garbage collector paused meanwhile: it would walk
        every object of the timeline again and again while millions of entries are made)."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            return cls._build_here(index)
        finally:
            if enabled:
                gc.enable()

    @classmethod
    def _build_here(cls, index: Index) -> Words:
        timeline = index.timeline
        numbering = _Numbering()
        number_of, appends = numbering.__getitem__, numbering.appends
        pick = appends.__getitem__
        for i, text in enumerate(_own_texts(timeline)):  # appends[number](i) for each distinct word, in C
            deque(map(_call, map(pick, set(map(number_of, text.split()))), repeat(i)), 0)
        names, named = _names(index)
        words, lists = list(numbering.numbers), numbering.lists
        del numbering
        return cls.from_words(len(timeline.events), words, lists, names, named)

    @classmethod
    def from_words(cls, size: int, words: list[str], events: Sequence[Sequence[int]], names: list[str],
                   named: Sequence[Sequence[int]]) -> Words:
        """From each distinct folded word with its events (ascending), and the names with theirs."""

        def compact(found: Sequence[int]) -> Found:
            return _compact(found, size)

        order = sorted(range(len(words)), key=words.__getitem__)
        # positions in the postings fit 4 bytes: about 60 a event, far under 2**31 for any timeline loaded
        postings, starts, masks = array("i"), array("i", (0,)), {}
        freed = isinstance(events, list)
        for number, old in enumerate(order):
            found = events[old]
            if len(found) * DENSE > size:
                masks[number] = _mask_of(found, size)
            else:
                postings.extend(found if isinstance(found, array) else array("i", found))
            starts.append(len(postings))
            if freed:
                events[old] = ()  # type: ignore[index]  # freed as it goes
        table = cls(size, list(map(words.__getitem__, order)), postings, starts, masks, names, list(map(compact, named)))
        table._index_pieces()
        return table

    # -- sent from the child as plain values (marshal) -------------------------------------------
    def to_plain(self) -> tuple:
        def plain(found: Found) -> int | bytes:
            return found if isinstance(found, int) else array("i", found).tobytes()

        return (self.size, self.words, self.postings.tobytes(), self.starts.tobytes(), self.masks, self.names,
                list(map(plain, self.named)), {k: plain(v) for k, v in self.trigrams.items()},
                {k: plain(v) for k, v in self.unions.items()})

    @classmethod
    def from_plain(cls, value: tuple) -> Words:
        def sequence(data, kind: str = "i"):
            if type(data) is int:
                return data
            found = array(kind)
            found.frombytes(data)
            return found

        size, words, postings, starts, masks, names, named, trigrams, unions = value
        table = cls(size, words, sequence(postings), sequence(starts), masks, names, list(map(sequence, named)),
                    {k: sequence(v) for k, v in trigrams.items()}, {k: sequence(v) for k, v in unions.items()})
        if len(table.starts) != len(words) + 1 or table.starts[-1] != len(table.postings) or len(named) != len(names):
            raise ValueError("inconsistent search index")
        return table

    def _index_pieces(self) -> None:
        """Fill `trigrams` and `unions` from the words."""
        words, size = self.words, self.size
        events = self.events[:]  # each word's events, once (passing: slices of the postings)
        # gram -> the bound `append` of an array of word numbers (arrays, not lists: no int object
        # per entry); every append below runs in C
        trigrams: defaultdict[str, Any] = defaultdict(lambda: array("i").append)
        pairs: defaultdict[str, Any] = defaultdict(lambda: array("i").append)
        singles: defaultdict[str, Any] = defaultdict(lambda: array("i").append)  # words of one letter
        get_trigram, get_pair = trigrams.__getitem__, pairs.__getitem__
        for number, word in enumerate(words):
            threes: set[str] = set()
            twos: set[str] = set()
            for piece in word.split() if " " in word else (word,):
                length = len(piece)
                if length >= 3:
                    threes.update(map(piece.__getitem__, map(slice, range(length - 2), range(3, length + 1))))
                if length >= 2:
                    twos.update(map(piece.__getitem__, map(slice, range(length - 1), range(2, length + 1))))
                else:
                    singles[piece](number)
            deque(map(_call, map(get_trigram, threes), repeat(number)), 0)
            deque(map(_call, map(get_pair, twos), repeat(number)), 0)
        trigrams = {gram: append.__self__ for gram, append in trigrams.items()}  # type: ignore[assignment]
        pairs = {gram: append.__self__ for gram, append in pairs.items()}  # type: ignore[assignment]
        singles = {gram: append.__self__ for gram, append in singles.items()}  # type: ignore[assignment]
        pick = events.__getitem__
        unions: dict[str, int | Sequence[int]] = {gram: union(size, list(map(pick, found))) for gram, found in pairs.items()}
        # a letter: the words of that one letter, and every pair of letters that holds it
        with_letter: dict[str, list] = {letter: list(map(pick, found)) for letter, found in singles.items()}
        for gram, found in unions.items():
            for letter in set(gram):
                with_letter.setdefault(letter, []).append(found)
        for letter, sets in with_letter.items():
            unions[letter] = union(size, sets)
        costs = [64 if type(e) is int else len(e) for e in events]  # an OR costs about 64 scattered indices
        cost = costs.__getitem__
        for gram, found in trigrams.items():
            if sum(map(cost, found)) > BUSY_TRIGRAM * size:
                unions[gram] = union(size, list(map(pick, found)))
        self.trigrams = trigrams
        self.unions = unions

    def matching(self, word: str) -> list[int]:
        """Numbers of the words that contain `word` (a folded query word, no whitespace)."""
        words = self.words
        if len(word) < 3:
            return [number for number, text in enumerate(words) if word in text]  # only for tests and tools
        pieces = {word[i : i + 3] for i in range(len(word) - 2)}
        lists = [self.trigrams.get(piece, ()) for piece in pieces]
        if not all(lists):
            return []
        fewest = min(lists, key=len)
        return list(compress(fewest, map(contains, map(words.__getitem__, fewest), repeat(word))))

    def own_sets(self, word: str) -> list[Found]:
        """The sets of events whose union is `found(word)`: the ready union of a short or busy
        piece, or the events of each word of the vocabulary that contains `word`."""
        ready = self.unions.get(word)
        if ready is not None:
            return [ready]
        if len(word) < 3:
            return []  # no word has it: every piece of one or two letters is in `unions`
        numbers = self.matching(word)
        masks, starts = self.masks, self.starts
        sparse = [n for n in numbers if n not in masks]
        # each sparse word's slice of the postings, cut in C (a common piece has thousands of words)
        cut = map(slice, map(starts.__getitem__, sparse), map(starts.__getitem__, map((1).__add__, sparse)))
        return [masks[n] for n in numbers if n in masks] + list(map(self.postings.__getitem__, cut))

    def sets(self, word: str) -> list[Found]:
        """The sets of events whose union is `found_all(word)`: `own_sets`, and the events of each
        actor or place with a name that contains `word`."""
        return self.own_sets(word) + list(compress(self.named, map(contains, self.names, repeat(word))))

    def found(self, word: str) -> Found:
        """The events whose own text contains `word` (a folded query word): a bitmask or indices."""
        sets = self.own_sets(word)
        return sets[0] if len(sets) == 1 else union(self.size, sets)

    def found_all(self, word: str) -> Found:
        """The events whose searchable text contains `word`: their own text, or the name of one of
        their actors or places. A bitmask or ascending indices (empty: none)."""
        sets = self.sets(word)
        return sets[0] if len(sets) == 1 else union(self.size, sets)

    def gathered(self, word: str) -> Sequence[int] | bytearray:
        """`found_all(word)` as `search` reads it: ascending indices when they are few, else
        flags (one 0/1 byte per event), never made into a bitmask on the way."""
        return _gather(self.size, self.sets(word))

    def flags(self, word: str) -> bytearray | None:
        """One 0/1 byte per event: does its searchable text contain `word`? None if no event does."""
        found = self.gathered(word)
        if isinstance(found, bytearray):
            return found if 1 in found else None
        if not found:
            return None
        flags = bytearray(self.size)
        _set(flags, found)
        return flags


def _names(index: Index) -> tuple[list[str], list[Sequence[int]]]:
    """The folded names of each actor (every name it had, and aliases) and place (name, Arabic),
    with the events that have that actor or place."""
    timeline = index.timeline
    names: list[str] = []
    named: list[Sequence[int]] = []
    for actor in timeline.actors.values():
        names.append(fold("\n".join(actor.all_names)))
        named.append(index.by_actor.get(actor.id, ()))
    for place in timeline.places.values():
        names.append(fold("\n".join(filter(None, (place.name, place.arabic)))))
        named.append(index.by_place.get(place.id, ()))
    return names, named


def _stored(index: Index) -> Words | None:
    """The index kept beside the parse-cache entry by an earlier start (search_store), or None.
    Its names are matched anew (they are not stored)."""
    from . import search_store

    data = search_store.load(index.timeline)
    if data is None:
        return None
    try:
        table = Words.from_plain(marshal.loads(data))
    except (ValueError, EOFError, TypeError, KeyError):
        return None
    finally:
        del data
        _give_back_freed_memory()  # the file's bytes and marshal's passing buffers (~40 MB at 100k events)
    if table.size != len(index):
        return None
    names, named = _names(index)
    table.names = names
    table.named = [_compact(found, table.size) for found in named]
    return table


def _build_in_child(index: Index) -> Words | None:
    """`Words.build_here` in a forked child, sent back through a pipe; None if that failed (no
    fork here, or the child did not finish: the caller builds it itself, and meets the error)."""
    if not hasattr(os, "fork"):
        return None
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: this thread only; it builds, writes and ends without cleaning up
        code = 1
        try:
            gc.freeze()  # the collector never walks the parent's objects here (each walk would copy their pages)
            os.close(read_end)
            after_fork = getattr(index.timeline.events, "after_fork", None)
            if after_fork is not None:
                after_fork()  # a lock another thread of the parent held is free here
            data = marshal.dumps(Words.build_here(index).to_plain())
            view = memoryview(data)
            while view:
                view = view[os.write(write_end, view) :]
            os.close(write_end)  # the parent has it all: now keep it for the next start
            code = 0
            from . import search_store

            search_store.save(index.timeline, data)
        finally:
            os._exit(code)
    os.close(write_end)
    with open(read_end, "rb") as pipe:
        data = pipe.read()
    try:
        return Words.from_plain(marshal.loads(data))
    except (ValueError, EOFError, TypeError):
        return None  # the child failed (its error, if any, is met again here)
    finally:
        del data
        _give_back_freed_memory()
        threading.Thread(target=os.waitpid, args=(pid, 0), daemon=True).start()  # reaped when it has saved


def _give_back_freed_memory() -> None:
    """Return the C heap's free memory to the system (glibc's malloc_trim): unpacking the index
    frees ~40 MB of passing buffers (100,000 events) that would otherwise stay in the process's
    resident memory. Nothing happens where there is no glibc."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _own_texts(timeline: Timeline):
    """Each event's own text (see `own_text`), in order. From the stored text when the events
    came from the parse cache (`CachedEvents.search_fields`), which builds no event."""
    fields = getattr(timeline.events, "search_fields", None)
    if fields is None:
        for event in timeline.events:
            yield own_text(timeline, event)
        return
    actors = timeline.actors
    for title, summary, text, tags, claims in fields():
        parts = [title, summary, text, *tags]
        for by, says, via in claims:
            parts.append(says)
            parts.append(via)
            actor = actors.get(by)
            if actor:
                parts.append(actor.name)
        yield "\n".join(p for p in parts if p)


def own_text(timeline: Timeline, event: Event) -> str:
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
    """Indices of the events that pass every active filter, in timeline order. With no filter
    this is `index.everything()`, shared: never change the list returned."""
    total = len(index)
    lo, hi = 0, total
    if filters.date_to is not None:
        hi = bisect.bisect_right(index.starts, filters.date_to.last_day().toordinal())
    if filters.date_from is not None:
        lo = bisect.bisect_left(index.starts, filters.date_from.first_day().toordinal())
    sets: list[set[int] | list[int]] = []
    if filters.actors:
        lists = [index.by_actor.get(a, []) for a in filters.actors]
        if filters.actor_quoted:
            quoted = index.quoted()
            lists = [sorted(set(found) | set(quoted.get(a, []))) for a, found in zip(filters.actors, lists)]
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
    if not sets and lo == 0 and hi == total and filters.date_from is None:
        return index.everything()
    in_range: list[int] = list(index._numbers()[lo:hi])  # the shared ints, when they are held
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


def search(index: Index, query: str, within: Sequence[int] | None = None) -> list[int]:
    """Indices whose searchable text contains every word of `query` (folded), in order.

    The searchable text is the event's own text (see `own_text`) and the names, short
    names and aliases of its actors and the names of its places, all folded. With
    `within`, only those indices are returned, in `within`'s order.

    A word used by many events is read as flags (one byte per event, made in C from the
    bitmasks), several such words are ANDed as big integers, and the answer is picked from
    `Index.everything` (its int objects, not new ones) by `itertools.compress`: no Python loop
    runs per event, and a word in every event costs about a millisecond at 100,000 events.
    """
    words = [w for w in fold(query).split() if w]
    if not words:
        return []
    table = index.words()
    size = table.size
    dense: list[bytearray] = []
    lists: list[Sequence[int]] = []
    for word in dict.fromkeys(words):
        found = table.gathered(word)
        if not found:
            return []
        if isinstance(found, bytearray):
            dense.append(found)
        else:
            lists.append(found)
    numbers = index._numbers()
    if within is not None and within is numbers:
        within = None  # every event, in order: the list's own ints are the answer's
    if lists:  # the rarest word's events, kept if every other word has them too
        lists.sort(key=len)
        hits: Sequence[int] = lists[0]
        for other in lists[1:]:
            hits = list(compress(hits, map(set(other).__contains__, hits)))
        if dense:
            flags = _and_flags(dense)
            hits = list(compress(hits, map(flags.__getitem__, hits)))
        if within is None:
            return list(hits)
        keep = set(hits)
        return list(compress(within, map(keep.__contains__, within)))
    flags = _and_flags(dense)
    if within is None:
        return list(compress(numbers, flags))
    if within and (min(within) < 0 or max(within) >= size):
        return [i for i in within if 0 <= i < size and flags[i]]
    return list(compress(within, map(flags.__getitem__, within)))


# --------------------------------------------------------------------------- counts and lookups


def actor_counts(index: Index, within: list[int] | None = None) -> Counter[str]:
    """Events per actor (within a subset of events when given)."""
    if within is None or within is index._numbers():
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
    if within is not None and within is index._numbers():
        within = None  # every event (`Index.everything`)
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
    chosen = dates if within is None or within is index._numbers() else map(dates.__getitem__, within)
    return Counter(date.month or 0 for date in chosen if date.year == year)


def resolve_actor(timeline: Timeline, text: str) -> list[str]:
    """Actor ids whose id, name, short name or an alias equals `text` (folded)."""
    want = fold(text.strip())
    return [actor.id for actor in timeline.actors.values() if want in actor_names(actor)]


def actor_names(actor) -> set[str]:
    return {fold(name) for name in (actor.id, *actor.all_names) if name}


def match_score(query: str, candidates: list[str]) -> int:
    """How well a typed query matches any of the names: 0 no match; higher is better (whole
    name, whole word, name start, word start, inside a word, letters in order: `name_match`)."""
    return name_match.best(query, candidates).score


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
        if filters.actor_quoted:
            out["actor_quoted"] = True
    if filters.tags:
        out["tags"] = list(filters.tags)
    if filters.places:
        out["places"] = list(filters.places)
    if filters.date_from:
        out["from"] = filters.date_from.iso()
    if filters.date_to:
        out["to"] = filters.date_to.iso()
    if filters.search:
        out["search"] = filters.search
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
    mode = ALL if data.get("actor_mode") == ALL else ANY
    return Filters(
        actors=strings("actors", timeline.actors),
        actor_mode=mode,
        actor_quoted=data.get("actor_quoted") is True,
        tags=strings("tags", tags),
        places=strings("places", timeline.places),
        date_from=date("from"),
        date_to=date("to"),
        search=data["search"] if isinstance(data.get("search"), str) else "",
    )
