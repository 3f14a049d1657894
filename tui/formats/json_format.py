"""The full model as JSON: stable, documented in docs/commands.md, with a version field.

Every key is always present (empty string, empty list or null when there is no value), keys
keep a fixed order, and dates are written as in the timeline file ("2016-12-22", "2016-12",
"~2013-08") with their precision spelled out beside them. No Textual here.
"""

from __future__ import annotations

import json
from typing import Sequence

from ..dates import PartialDate
from ..model import Actor, Era, Event, Place, Timeline
from ..event_outline import era_of
from .common import precision_name

FORMAT = "syria-timeline"
VERSION = 1


def _date(date: PartialDate | None) -> str | None:
    return date.iso() if date is not None else None


def actor_dict(actor: Actor) -> dict:
    return {
        "id": actor.id,
        "name": actor.name,
        "short": actor.short,
        "aliases": list(actor.aliases),
        "kind": actor.kind,
        "alignment": actor.alignment,
        "description": actor.description,
        "names": [
            {"name": n.name, "short": n.short, "from": _date(n.start), "until": _date(n.until)}
            for n in actor.names
        ],
    }


def place_dict(place: Place) -> dict:
    return {
        "id": place.id,
        "name": place.name,
        "arabic": place.arabic,
        "governorate": place.governorate,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
    }


def era_dict(era: Era) -> dict:
    return {
        "id": era.id,
        "title": era.title,
        "start": era.start.iso(),
        "end": _date(era.end),
        "summary": era.summary,
    }


def event_dict(timeline: Timeline, event: Event) -> dict:
    """One event; the same object as an element of `events` in the full document."""
    era = era_of(timeline, event)
    casualties = event.casualties
    return {
        "id": event.id,
        "date": event.date.iso(),
        "end": _date(event.end),
        "precision": precision_name(event.date),
        "approximate": event.date.approx,
        "first_day": event.date.first_day().isoformat(),
        "last_day": (event.end or event.date).last_day().isoformat(),
        "title": event.title,
        "summary": event.summary,
        "text": event.text,
        "actors": list(event.actors),
        "roles": dict(event.roles),
        "places": list(event.places),
        "tags": list(event.tags),
        "era": era.id if era else None,
        "claims": [{"by": c.by, "says": c.says, "via": c.via} for c in event.claims],
        "casualties": (
            {"low": casualties.low, "high": casualties.high, "note": casualties.note}
            if casualties is not None else None
        ),
        "sources": [
            {"publisher": s.publisher, "title": s.title, "date": _date(s.date), "url": s.url}
            for s in event.sources
        ],
        "related": list(event.related),
    }


def document(timeline: Timeline, events: Sequence[Event]) -> dict:
    """The whole document as plain Python data (registries complete, events as given)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": timeline.title,
        "description": timeline.description,
        "actors": [actor_dict(a) for a in sorted(timeline.actors.values(), key=lambda a: a.id)],
        "places": [place_dict(p) for p in sorted(timeline.places.values(), key=lambda p: p.id)],
        "eras": [era_dict(e) for e in timeline.eras],
        "events": [event_dict(timeline, e) for e in events],
    }


def dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(timeline: Timeline, events: Sequence[Event]) -> str:
    return dumps(document(timeline, events))
