"""iCalendar (RFC 5545), written by hand: one all-day VEVENT per timeline event.

Partial dates are handled honestly: a day-precision event covers that day, a month-precision
one the whole month and a year-precision one the whole year, and the DESCRIPTION says so
(DTEND is exclusive, as the RFC says). UIDs are `<event-id>@syria-timeline`, stable across
exports. DTSTAMP is the newest day the timeline mentions, not the clock, so the same
timeline always gives the same file. TEXT values are escaped (backslash, semicolon, comma,
newline) and content lines are folded at 75 octets without splitting a UTF-8 sequence.
No Textual here.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Sequence

from ..dates import DAY, MONTH, PartialDate
from ..model import Event, Timeline
from .common import is_web_url, joined_actors, joined_places, newest_day

PRODID = "-//syria-timeline//syria-timeline timeline export//EN"
UID_DOMAIN = "syria-timeline"
CRLF = "\r\n"
LIMIT = 75  # octets per line, CRLF excluded
_TOKENS = re.compile(r"\\.|.", re.DOTALL)  # an escape pair, or one character


def escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold one content line at 75 octets (section 3.1).

    Never splits a UTF-8 sequence, nor an escape such as `\\n` (allowed, but some readers trip).
    """
    if len(line.encode("utf-8")) <= LIMIT:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = LIMIT
    for token in _TOKENS.findall(line):
        width = len(token.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size = [], 0
            limit = LIMIT - 1  # continuation lines start with one space
        current.append(token)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def _day(day: _dt.date) -> str:
    return day.strftime("%Y%m%d")


def describe_date(date: PartialDate) -> str:
    """How honest the dates are, in words, for the DESCRIPTION."""
    approx = "approximate " if date.approx else ""
    if date.precision == DAY:
        return f"Date: {date} ({approx}day)." if date.approx else f"Date: {date}."
    if date.precision == MONTH:
        return f"Date: {date} ({approx}month precision: the day is not known, so the entry spans the whole month)."
    return f"Date: {date} ({approx}year precision: the month and day are not known, so the entry spans the whole year)."


def description(timeline: Timeline, event: Event) -> str:
    lines = [describe_date(event.date)]
    if event.end is not None and event.end != event.date:
        lines.append(f"Until: {event.end}" + (" (approximate)" if event.end.approx else "") + ".")
    if event.actors:
        lines.append("Actors: " + joined_actors(timeline, event))
    era = timeline.era_of(event)
    if era is not None:
        lines.append(f"Era: {era.title}")
    lines.append("")
    lines.append(event.text.strip())
    if event.claims:
        lines.append("")
        lines.append("Claims (attributed; not asserted by the timeline):")
        for claim in event.claims:
            via = f" (via {claim.via})" if claim.via else ""
            lines.append(f"- {timeline.actor_label(claim.by)} says: {claim.says}{via}")
    if event.casualties is not None:
        lines.append("")
        lines.append(f"Casualties: {event.casualties}")
    lines.append("")
    lines.append("Sources:")
    lines.extend(f"- {source.citation()}" for source in event.sources)
    return "\n".join(lines)


def vevent(timeline: Timeline, event: Event, stamp: str) -> list[str]:
    start = event.date.first_day()
    end = (event.end or event.date).last_day() + _dt.timedelta(days=1)  # exclusive
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape(event.id)}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(start)}",
        f"DTEND;VALUE=DATE:{_day(end)}",
        f"SUMMARY:{escape(('~' if event.date.approx else '') + event.title)}",
        f"DESCRIPTION:{escape(description(timeline, event))}",
    ]
    if event.places:
        lines.append("LOCATION:" + escape(joined_places(timeline, event)))
        first = timeline.places.get(event.places[0])
        if first is not None and first.lat is not None and first.lon is not None:
            lines.append(f"GEO:{first.lat:.6f};{first.lon:.6f}")
    if event.tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in event.tags))
    url = next((s.url for s in event.sources if s.url and is_web_url(s.url)), "")
    if url:
        lines.append(f"URL:{url}")
    lines.append("TRANSP:TRANSPARENT")
    lines.append("END:VEVENT")
    return lines


def render(timeline: Timeline, events: Sequence[Event]) -> str:
    newest = newest_day(timeline) or _dt.date(1970, 1, 1)
    stamp = newest.strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if timeline.title:
        lines.append(f"X-WR-CALNAME:{escape(timeline.title)}")
    for event in events:
        lines.extend(vevent(timeline, event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
