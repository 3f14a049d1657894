"""An event as Rich Text, for the detail pane and the event screen.

Everything from the file is appended as plain text (never parsed as markup), and
long lists are bounded so a hostile file cannot make one event unreadable.
"""

from __future__ import annotations

from rich.text import Text

from ..model import Event, Timeline
from ..query import eras_of

MAX_NAMES = 40
MAX_ITEMS = 200  # claims and sources shown in full; the rest are counted


def _more(out: Text, count: int, what: str) -> None:
    if count > MAX_ITEMS:
        out.append(f"  … and {count - MAX_ITEMS} more {what} (syria-timeline show ID lists them all)\n", style="dim")


def _names(labels: list[str]) -> str:
    shown = labels[:MAX_NAMES]
    more = len(labels) - len(shown)
    return ", ".join(shown) + (f" … and {more} more" if more > 0 else "")


def event_text(timeline: Timeline, event: Event, *, full: bool = False) -> Text:
    """The event's title, date, actors, places, text, claims, casualties and sources."""
    out = Text()
    out.append(event.title, style="bold")
    out.append("\n")
    out.append(event.when, style="bold")
    eras = eras_of(timeline, event)
    if eras:
        out.append("  ·  " + " / ".join(era.title for era in eras), style="dim")
    out.append("\n")
    _field(out, "Actors", _names([_actor_name(timeline, a, full) for a in event.actors]))
    if event.places:
        _field(out, "Places", _names([_place_name(timeline, p, full) for p in event.places]))
    if event.tags:
        _field(out, "Tags", _names(list(event.tags)))
    if event.summary and event.summary.strip() != event.text.strip():
        out.append("\n")
        out.append(event.summary, style="italic")
        out.append("\n")
    out.append("\n")
    out.append(event.text.strip())
    out.append("\n")
    if event.claims:
        out.append("\nClaims (attributed, not asserted by us)\n", style="bold underline")
        for claim in event.claims[:MAX_ITEMS]:
            out.append("  • ")
            out.append(_actor_name(timeline, claim.by, True), style="bold")
            out.append(" says: ")
            out.append(claim.says.strip())
            if claim.via:
                out.append(f" (via {claim.via})", style="dim")
            out.append("\n")
        _more(out, len(event.claims), "claims")
    if event.casualties:
        _field(out, "Casualties", str(event.casualties), newline_before=True)
    out.append("\nSources\n", style="bold underline")
    for n, source in enumerate(event.sources[:MAX_ITEMS], 1):
        out.append(f"  {n}. ")
        out.append(source.citation())
        out.append("\n")
    _more(out, len(event.sources), "sources")
    if event.related and not full:
        out.append("\nRelated\n", style="bold underline")
        for related_id in event.related[:MAX_NAMES]:
            index = timeline.index_of(related_id)
            if index is not None:
                other = timeline.events[index]
                out.append(f"  → {other.date}  ")
                out.append(other.title)
                out.append("\n")
    return out


def _field(out: Text, name: str, value: str, newline_before: bool = False) -> None:
    if newline_before:
        out.append("\n")
    out.append(f"{name}: ", style="bold")
    out.append(value)
    out.append("\n")


def _actor_name(timeline: Timeline, actor_id: str, full: bool) -> str:
    actor = timeline.actors.get(actor_id)
    if actor is None:
        return actor_id
    if full and actor.short and actor.short != actor.name:
        return f"{actor.name} ({actor.short})"
    return actor.name


def _place_name(timeline: Timeline, place_id: str, full: bool) -> str:
    place = timeline.places.get(place_id)
    if place is None:
        return place_id
    if full and place.arabic:
        return f"{place.name} ({place.arabic})"
    return place.name


def citation(timeline: Timeline, event: Event) -> str:
    """A plain-text citation of the event for the clipboard."""
    lines = [f"{event.title} ({event.when})"]
    if timeline.title:
        lines[0] += f" — {timeline.title}"
    for source in event.sources:
        lines.append(f"Source: {source.citation()}")
    return "\n".join(lines)
