"""One event as an outline: its sections in order, every label decided once. No Textual here.

Every renderer of a whole event (the event screen and the detail pane, `show`, Markdown, the
iCalendar description, TimelineJS slides, the JSON `era`) decorates `outline(timeline, event)`
and decides nothing about wording or labels of its own:

    title · date line (when, precision) · era (and the other eras it falls in) · actors (with
    roles) · places · tags · summary · text paragraphs · claims (one heading) · casualties ·
    sources · related · id

Labelling rules, written once here:

- An actor is "Name (SHORT)", or "Name" when it has no distinct short name. When the actor
  was known by another name on the event's date (Actor.names), that name is shown, with the
  current short name: "Jabhat al-Nusra (later HTS)" (as model.actor_name_on). A role other than a plain party joins the brackets:
  "Russia (guarantor)", "Hayat Tahrir al-Sham (HTS; target)".
- A place is "Name (Arabic)", or "Name".
- Paragraphs: a blank line separates paragraphs; single newlines inside one are spaces
  (`paragraphs`).

This module imports only the data layer, so the export formats (which sit below the query
layer) and the widgets can both use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .dates import DAY, MONTH, PartialDate
from .model import DEFAULT_ROLE, Casualties, Era, Event, Source, Timeline

CLAIMS_HEADING = "Claims"
CLAIMS_NOTE = "attributed to whoever made them; not asserted by this timeline"
SOURCES_HEADING = "Sources"
RELATED_HEADING = "Related"
PARTY = DEFAULT_ROLE

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text: a blank line separates them; a single newline is a space."""
    if "\n" not in text and "\r" not in text:  # one line (most claims, summaries, short texts)
        text = text.strip()
        return [text] if text else []
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    out = []
    for block in _BLANK_LINE.split(text):
        joined = " ".join(line.strip() for line in block.split("\n") if line.strip())
        if joined:
            out.append(joined)
    return out


def one_line(text: str) -> str:
    """A one-line form of a text (paragraphs joined by a space)."""
    if "\n" not in text and "\r" not in text:
        return text.strip()
    return " ".join(paragraphs(text))


def claim_items(timeline: Timeline, event: Event) -> tuple[ClaimItem, ...]:
    """The event's claims, labelled (the outline's `claims`, without the rest of the outline)."""
    return tuple(ClaimItem(actor_label(timeline, c.by, event.date), one_line(c.says), one_line(c.via)) for c in event.claims)


# --------------------------------------------------------------------------- labels


def era_of(timeline: Timeline, event: Event) -> Era | None:
    """The event's primary era (the model's rule: Timeline.era_of)."""
    return timeline.era_of(event)


def eras_of(timeline: Timeline, event: Event) -> list[Era]:
    """Every era whose span contains the event's date (Timeline.eras_of), earliest start first."""
    return list(timeline.eras_of(event))


def name_on(timeline: Timeline, actor_id: str, date: PartialDate | None = None) -> tuple[str, str]:
    """(name, bracket) of an actor as shown for an event on `date`: the bracket holds the short
    name ("HTS"), or "later HTS" when the actor had another name then (Actor.name_on), or nothing."""
    actor = timeline.actors.get(actor_id)
    if actor is None:
        return actor_id, ""
    earlier = actor.name_on(date) if date is not None else None
    if earlier is not None and earlier.name != actor.name:
        return earlier.name, f"later {actor.label}"
    return actor.name, (actor.short if actor.short and actor.short != actor.name else "")


def actor_label(timeline: Timeline, actor_id: str, date: PartialDate | None = None, role: str = "") -> str:
    """The one label of an actor in an event: "Name (SHORT)", "Old name (later SHORT)", with a role."""
    name, bracket = name_on(timeline, actor_id, date)
    inside = [part for part in (bracket, role if role and role != PARTY else "") if part]
    return f"{name} ({'; '.join(inside)})" if inside else name


def place_label(timeline: Timeline, place_id: str) -> str:
    place = timeline.places.get(place_id)
    if place is None:
        return place_id
    return f"{place.name} ({place.arabic})" if place.arabic and place.arabic != place.name else place.name


def precision_words(date: PartialDate) -> str:
    """'day precision', 'month precision, approximate', ..."""
    name = "day" if date.precision == DAY else "month" if date.precision == MONTH else "year"
    return f"{name} precision" + (", approximate" if date.approx else "")


# --------------------------------------------------------------------------- the outline


@dataclass(frozen=True, slots=True)
class ActorItem:
    id: str
    label: str  # with its role, as shown
    role: str = PARTY


@dataclass(frozen=True, slots=True)
class ClaimItem:
    by: str  # the label of whoever makes the claim
    says: str  # one paragraph (the claim's lines joined)
    via: str = ""

    @property
    def line(self) -> str:
        return f"{self.by} says: {self.says}" + (f" (via {self.via})" if self.via else "")


@dataclass(frozen=True, slots=True)
class RelatedItem:
    id: str
    when: str  # "" when the related event is not in this timeline
    title: str  # the id again when it is not


@dataclass(frozen=True, slots=True)
class Outline:
    id: str
    title: str
    when: str
    precision: str
    era: Era | None
    other_eras: tuple[Era, ...]
    actors: tuple[ActorItem, ...]
    places: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str  # "" when it only repeats the text
    paragraphs: tuple[str, ...]
    claims: tuple[ClaimItem, ...]
    casualties: Casualties | None
    sources: tuple[Source, ...]
    related: tuple[RelatedItem, ...]

    @property
    def actor_line(self) -> str:
        return ", ".join(item.label for item in self.actors)

    @property
    def place_line(self) -> str:
        return ", ".join(self.places)

    @property
    def claims_heading(self) -> str:
        return f"{CLAIMS_HEADING} ({CLAIMS_NOTE})"

    @property
    def casualty_line(self) -> str:
        return "" if self.casualties is None else str(self.casualties)

    def citations(self) -> list[str]:
        return [source.citation() for source in self.sources]


def outline(timeline: Timeline, event: Event) -> Outline:
    """The sections of `event`, in order, labelled by the rules above."""
    def role(actor_id: str) -> str:
        return event.role_of(actor_id) or PARTY

    era = era_of(timeline, event)
    summary = one_line(event.summary)
    text_paragraphs = tuple(paragraphs(event.text))
    if summary and summary == " ".join(text_paragraphs):
        summary = ""
    related = []
    for related_id in event.related:
        position = timeline.index_of(related_id)
        if position is None:
            related.append(RelatedItem(related_id, "", related_id))
        else:
            other = timeline.events[position]
            related.append(RelatedItem(other.id, other.when, other.title))
    return Outline(
        id=event.id,
        title=event.title,
        when=event.when,
        precision=precision_words(event.date),
        era=era,
        other_eras=tuple(e for e in eras_of(timeline, event) if e is not era),
        actors=tuple(ActorItem(a, actor_label(timeline, a, event.date, role(a)), role(a)) for a in event.actors),
        places=tuple(place_label(timeline, p) for p in event.places),
        tags=tuple(event.tags),
        summary=summary,
        paragraphs=text_paragraphs,
        claims=claim_items(timeline, event),
        casualties=event.casualties,
        sources=tuple(event.sources),
        related=tuple(related),
    )


def outlines(timeline: Timeline, events: Sequence[Event]) -> list[Outline]:
    return [outline(timeline, event) for event in events]
