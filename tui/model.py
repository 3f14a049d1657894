"""The timeline model: frozen dataclasses, built by `loader`, read by everything else.

No Textual here. Events are kept sorted by date (file order among equal dates).

`Timeline.events` is a sequence of `Event`: a tuple when the file was parsed, and a
`ColumnarEvents` (the parse cache's lazy events) when the timeline came from the cache, which
builds each event on first use (it compares equal to the tuple of the same events). Code that
needs one field of every event (dates for the year strip, ids, actors for the index) asks
`Timeline.column` (or `event_values`), which reads stored columns without building any event.
"""

from __future__ import annotations

import datetime as _dt
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field

from .dates import PartialDate

ROLES = ("party", "signatory", "guarantor", "mediator", "observer", "target")  # an actor's part in an event
DEFAULT_ROLE = "party"


@dataclass(frozen=True, slots=True)
class ActorName:
    """A name an actor had before its current one, from `start` (None: from the beginning, or
    the end of the name before) until the day before `until`."""

    name: str
    until: PartialDate
    short: str = ""
    start: PartialDate | None = None

    def covers(self, day: _dt.date) -> bool:
        return (self.start is None or self.start.first_day() <= day) and day < self.until.first_day()


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str  # the current (latest) name
    short: str = ""
    aliases: tuple[str, ...] = ()
    kind: str = ""
    alignment: str = ""
    description: str = ""
    names: tuple[ActorName, ...] = ()  # earlier names, oldest first

    @property
    def label(self) -> str:
        """The short name for narrow places (falls back to the name)."""
        return self.short or self.name

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name and short name it ever had, and its aliases (for search and pickers)."""
        out: list[str] = []
        for name in (self.name, self.short, *(n for earlier in self.names for n in (earlier.name, earlier.short)), *self.aliases):
            if name and name not in out:
                out.append(name)
        return tuple(out)

    def name_on(self, date: PartialDate | None) -> ActorName | None:
        """The earlier name in use on `date` (its first day), or None when the current name is."""
        if date is None or not self.names:
            return None
        day = date.first_day()
        for earlier in self.names:
            if earlier.covers(day):
                return earlier
        return None


def actor_name_on(actor: Actor, date: PartialDate | None, *, short: bool = False) -> str:
    """How to show `actor` for an event on `date`: the name it had then, and, when that is not
    its current name, the current short name: "Jabhat al-Nusra (later HTS)". `short` uses the
    short names ("Nusra Front (later HTS)")."""
    earlier = actor.name_on(date)
    if earlier is None:
        return actor.label if short else actor.name
    then = _short(earlier) if short else earlier.name
    return f"{then} (later {actor.label})"


def actor_label_on(actor: Actor, date: PartialDate | None) -> str:
    """The actor's short label as it was on `date`, for a list row: "Nusra Front" on a 2015
    event, where `label` gives today's "HTS"."""
    earlier = actor.name_on(date)
    return _short(earlier) if earlier is not None else actor.label


def _short(name: ActorName) -> str:
    return name.short or name.name


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    arabic: str = ""
    governorate: str = ""
    country: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Era:
    id: str
    title: str
    start: PartialDate
    end: PartialDate | None = None
    summary: str = ""

    def contains(self, day: _dt.date) -> bool:
        return self.start.first_day() <= day and (self.end is None or day <= self.end.last_day())


@dataclass(frozen=True, slots=True)
class Claim:
    by: str
    says: str
    via: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    publisher: str
    title: str = ""
    date: PartialDate | None = None
    url: str = ""

    def citation(self) -> str:
        parts = [self.publisher]
        if self.title:
            parts.append(f"“{self.title}”")
        if self.date:
            parts.append(str(self.date))
        if self.url:
            parts.append(self.url)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Casualties:
    low: int | None = None
    high: int | None = None
    note: str = ""

    def __str__(self) -> str:
        if self.low is not None and self.high is not None and self.low != self.high:
            figure = f"{self.low:,}–{self.high:,}"
        elif self.low is not None:
            figure = f"at least {self.low:,}" if self.high is None else f"{self.low:,}"
        elif self.high is not None:
            figure = f"up to {self.high:,}"
        else:
            figure = "unknown"
        return f"{figure} ({self.note})" if self.note else figure


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    date: PartialDate
    title: str
    actors: tuple[str, ...]
    text: str
    sources: tuple[Source, ...]
    end: PartialDate | None = None
    places: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = ""
    claims: tuple[Claim, ...] = ()
    casualties: Casualties | None = None
    related: tuple[str, ...] = ()
    line: int = 0
    roles: tuple[tuple[str, str], ...] = ()  # (actor id, role) for actors that are not plain parties
    era: str = ""  # the primary era's id when the file names it (else Timeline.era_of decides)

    def role_of(self, actor_id: str) -> str:
        """The actor's part in the event: party (the default), signatory, guarantor, mediator, observer, target."""
        for actor, role in self.roles:
            if actor == actor_id:
                return role
        return DEFAULT_ROLE

    @property
    def when(self) -> str:
        """The date as written, with the end of a span when there is one."""
        if self.end is not None and self.end != self.date:
            return f"{self.date} – {self.end}"
        return str(self.date)


@dataclass(frozen=True, slots=True)
class Timeline:
    title: str
    events: Sequence[Event]  # a tuple, or ColumnarEvents (see the module docstring)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    eras: tuple[Era, ...] = ()
    path: str = ""
    version: int = 1
    description: str = ""  # the top-level description: shown where the title is (exports)

    def __len__(self) -> int:
        return len(self.events)

    def index_of(self, event_id: str) -> int | None:
        """Position of an event by id (built once, lazily)."""
        ids = _ID_INDEX.get(id(self))
        if ids is None or ids[0] is not self:
            ids = (self, dict(zip(event_values(self.events, "id"), range(len(self.events)))))
            _ID_INDEX.clear()
            _ID_INDEX[id(self)] = ids
        return ids[1].get(event_id)

    def years(self) -> list[int]:
        return sorted({date.year for date in event_values(self.events, "date")})

    def column(self, name: str) -> Sequence:
        """Field `name` of every event, in order (see `event_values`; do not change it)."""
        return event_values(self.events, name)

    def positions(self, name: str) -> dict[str, list[int]]:
        """Each id of a tuple field (actors, tags, places) with its events' positions (see `event_positions`)."""
        return event_positions(self.events, name)

    def actor_label(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id)
        return actor.label if actor else actor_id

    def actor_label_on(self, actor_id: str, date: PartialDate | None) -> str:
        """The actor's short label on `date` (see model.actor_label_on); the id itself if it is unknown."""
        actor = self.actors.get(actor_id)
        return actor_label_on(actor, date) if actor else actor_id

    def actor_name_on(self, actor_id: str, date: PartialDate | None, *, short: bool = False) -> str:
        """The actor's name on `date` (see model.actor_name_on); the id itself if it is unknown."""
        actor = self.actors.get(actor_id)
        return actor_name_on(actor, date, short=short) if actor else actor_id

    def eras_of(self, event: Event) -> tuple[Era, ...]:
        """Every era whose span contains the event's date (eras may overlap), earliest start first."""
        day = event.date.first_day()
        return tuple(era for era in self.eras if era.contains(day))

    def era_of(self, event: Event) -> Era | None:
        """The event's primary era: the one it names (`era:`), else, among the eras that contain
        its date, the one that starts latest (on a tie, the one listed first); None if none does."""
        if event.era:
            for era in self.eras:
                if era.id == event.era:
                    return era
        found = None
        for era in self.eras_of(event):  # sorted by start, stable: equal starts keep file order
            if found is None or era.start.key > found.start.key:
                found = era
        return found

    def place_name(self, place_id: str) -> str:
        place = self.places.get(place_id)
        return place.name if place else place_id


_ID_INDEX: dict[int, tuple[Timeline, dict[str, int]]] = {}


class ColumnarEvents(Sequence[Event]):
    """Events that keep some fields of every event in columns (the parse cache's lazy events):
    reading a column or the positions builds no event."""

    @abstractmethod
    def column(self, name: str) -> Sequence:
        """Field `name` of every event, in order (built from the events when not stored)."""

    @abstractmethod
    def positions(self, name: str) -> dict[str, list[int]] | None:
        """The stored positions of a tuple field (see event_positions), or None when not stored."""


def event_values(events: Sequence[Event], name: str) -> Sequence:
    """Field `name` of every event, in order, as `[getattr(e, name) for e in events]` gives it,
    but read from the columns, building no event, when the events are ColumnarEvents.
    The result may be shared: do not change it."""
    if isinstance(events, ColumnarEvents):
        return events.column(name)
    return [getattr(event, name) for event in events]


def event_positions(events: Sequence[Event], name: str) -> dict[str, list[int]]:
    """For a field holding a tuple of ids (actors, tags, places): each id, in order of first
    appearance, with the positions of the events that list it (ascending; once per listing).
    Stored in the parse cache, so free for cached events. The result may be shared: do not change it."""
    if isinstance(events, ColumnarEvents):
        stored = events.positions(name)
        if stored is not None:
            return stored
    out: dict[str, list[int]] = {}
    for i, values in enumerate(event_values(events, name)):
        for value in values:
            found = out.get(value)
            if found is None:
                out[value] = [i]
            else:
                found.append(i)
    return out
