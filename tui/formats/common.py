"""Small helpers the formats share. No Textual here."""

from __future__ import annotations

import datetime as _dt
from typing import Sequence

from ..dates import DAY, MONTH, PartialDate
from ..model import Era, Event, Timeline

PRECISION_NAMES = {DAY: "day", MONTH: "month"}


def precision_name(date: PartialDate) -> str:
    """'day', 'month' or 'year'."""
    return PRECISION_NAMES.get(date.precision, "year")


def last_day_of(event: Event) -> _dt.date:
    """The last day an event covers: its end's last day, or its date's."""
    return (event.end or event.date).last_day()


def newest_day(timeline: Timeline) -> _dt.date | None:
    """The latest day the timeline names (event dates, ends and source dates), for reproducible stamps.

    Partial dates count from their first day, so a source dated "2025" does not stamp 31 Dec 2025.
    """
    days = []
    for event in timeline.events:
        days.append((event.end or event.date).first_day())
        days.extend(source.date.first_day() for source in event.sources if source.date is not None)
    return max(days) if days else None


def joined_actors(timeline: Timeline, event: Event, sep: str = ", ") -> str:
    """The event's actors by their short names of the event's date (no group under a name it did not yet have)."""
    return sep.join(timeline.actor_label_on(actor, event.date) for actor in event.actors)


def joined_places(timeline: Timeline, event: Event, sep: str = ", ") -> str:
    return sep.join(timeline.place_name(place) for place in event.places)


def is_web_url(url: str) -> bool:
    """A plain http(s) URL with no spaces or quotes: safe to turn into a link."""
    return url.startswith(("http://", "https://")) and not any(ch.isspace() or ch in "\"'<>`" for ch in url)


def eras_overlapping(timeline: Timeline, events: Sequence[Event]) -> list[Era]:
    """Eras that overlap the span of `events` (all eras when every event is given)."""
    if not events:
        return []
    lo = min(event.date.first_day() for event in events)
    hi = max(last_day_of(event) for event in events)
    return [
        era for era in timeline.eras
        if era.start.first_day() <= hi and (era.end is None or era.end.last_day() >= lo)
    ]
