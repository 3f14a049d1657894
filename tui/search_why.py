"""Why an event matched a search: where its words are (to highlight) and which names brought it
in when its own text does not have them ("via actor: …, alias '…'"). No Textual here.

Positions are in the text as written: each letter is folded on its own (`name_match.
folded_with_offsets`) and a match in the folded text is mapped back to the letters it came from.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import query as q
from . import search_query as sq
from .model import Event, Timeline
from .name_match import folded_with_offsets
from .search_fold import fold


class Marks(NamedTuple):
    """What to highlight for one search: a pattern per word, phrase or prefix to be found."""

    patterns: tuple[re.Pattern[str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.patterns)


NO_MARKS = Marks()


def marks_for(text: str) -> Marks:
    """The marks of a search text (none if it cannot be read or has nothing to find in text)."""
    try:
        query = sq.parse(text)
    except sq.QueryError:
        return NO_MARKS
    return Marks(tuple(sq.pattern(t) for t in query.text_terms()))


def spans(text: str, marks: Marks) -> list[tuple[int, int]]:
    """Where the marks occur in `text` as written: (start, end) pairs, sorted, not overlapping."""
    if not marks or not text:
        return []
    folded, offsets = folded_with_offsets(text)
    found: list[tuple[int, int]] = []
    for rx in marks.patterns:
        for m in rx.finditer(folded):
            if m.end() > m.start():
                found.append((offsets[m.start()], offsets[m.end() - 1] + 1))
    found.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in found:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def own_text(timeline: Timeline, event: Event) -> str:
    """The event's own words, folded (as the index has them): no actor's or place's names."""
    return fold(q.own_text(timeline, event))


def via(timeline: Timeline, event: Event, text: str) -> list[str]:
    """For each searched word or phrase that the event's own text lacks: the actor or place
    name it matched, as "via actor: Government of the Syrian Arab Republic, alias 'Assad
    government'". Empty when every word is in the event's own text."""
    try:
        query = sq.parse(text)
    except sq.QueryError:
        return []
    own = own_text(timeline, event)
    lines: list[str] = []
    for term in query.text_terms():
        rx = sq.pattern(term)
        if rx.search(own):
            continue
        line = _name_line(timeline, event, rx)
        if line and line not in lines:
            lines.append(line)
    return lines


def _name_line(timeline: Timeline, event: Event, rx: re.Pattern[str]) -> str:
    for actor_id in event.actors:
        actor = timeline.actors.get(actor_id)
        if actor is None:
            continue
        for name in actor.all_names:
            if name and rx.search(fold(name)):
                if name == actor.name:
                    return f"via actor: {actor.name}"
                kind = "short name" if name == actor.short else "alias"
                return f"via actor: {actor.name}, {kind} '{name}'"
    for place_id in event.places:
        place = timeline.places.get(place_id)
        if place is None:
            continue
        for name in (place.name, place.arabic):
            if name and rx.search(fold(name)):
                return f"via place: {place.name}" + (f" ('{name}')" if name != place.name else "")
    return ""
